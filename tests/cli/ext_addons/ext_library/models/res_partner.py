from flectra import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    book_ids = fields.One2many("library.book", "author_id")
    book_count = fields.Integer(compute="_compute_book_count", store=True)

    @api.depends("book_ids")
    def _compute_book_count(self):
        for partner in self:
            partner.book_count = len(partner.book_ids)
