from flectra import api, fields, models


class LibraryBook(models.Model):
    _inherit = "library.book"

    state = fields.Selection(selection_add=[("lost", "Lost")], ondelete={"lost": "set default"})
    available_count = fields.Integer(compute="_compute_available_count", store=True)

    @api.depends("copy_ids.available")
    def _compute_available_count(self):
        for book in self:
            book.available_count = len(book.copy_ids.filtered("available"))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("isbn"):
                vals["isbn"] = vals["isbn"].upper()
        return super().create(vals_list)
