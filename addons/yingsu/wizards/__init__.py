from . import yingsu_appearance_reply
