from flectra import api, fields, models, _
from flectra.exceptions import ValidationError


class LibraryBook(models.Model):
    _name = "library.book"
    _description = "Book"
    _order = "name"

    name = fields.Char(required=True)
    reference = fields.Char(readonly=True, copy=False)
    isbn = fields.Char()
    pages = fields.Integer()
    state = fields.Selection([("public", "Public"), ("reserved", "Reserved")], default="public")
    active = fields.Boolean(default=True)
    author_id = fields.Many2one("res.partner", ondelete="restrict")
    author_email = fields.Char(related="author_id.email")
    copy_ids = fields.One2many("library.copy", "book_id")
    copy_count = fields.Integer(compute="_compute_copy_count", store=True)

    _sql_constraints = [
        ("isbn_unique", "unique(isbn)", "ISBN must be unique."),
        ("pages_positive", "check(pages >= 0)", "Pages cannot be negative."),
    ]

    @api.depends("copy_ids")
    def _compute_copy_count(self):
        for book in self:
            book.copy_count = len(book.copy_ids)

    @api.constrains("name")
    def _check_name(self):
        for book in self:
            if book.name.isdigit():
                raise ValidationError(_("A book title cannot be only digits."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.setdefault("reference", self.env["ir.sequence"].sudo().next_by_code("library.book"))
        return super().create(vals_list)


class LibraryCopy(models.Model):
    _name = "library.copy"
    _description = "Book copy"

    book_id = fields.Many2one("library.book", required=True, ondelete="cascade")
    available = fields.Boolean(default=True)
