from . import book, res_partner
