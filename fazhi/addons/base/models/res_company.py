from flectra import api, fields, models


class ResCompany(models.Model):
    _name = "res.company"
    _description = "Companies"
    _order = "sequence, name"

    name = fields.Char(string="Company Name", required=True)
    partner_id = fields.Many2one("res.partner", string="Partner", required=True)
    parent_id = fields.Many2one("res.company", string="Parent Company", index=True)
    child_ids = fields.One2many("res.company", "parent_id", string="Branches")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    email = fields.Char(related="partner_id.email", readonly=False)
    phone = fields.Char(related="partner_id.phone", readonly=False)
    street = fields.Char(related="partner_id.street", readonly=False)
    city = fields.Char(related="partner_id.city", readonly=False)
    vat = fields.Char(related="partner_id.vat", readonly=False, string="Tax ID")
    user_ids = fields.Many2many("res.users", "res_company_users_rel", "cid", "user_id", string="Accepted Users")

    _sql_constraints = [("name_uniq", "unique (name)", "The company name must be unique!")]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("partner_id") and vals.get("name"):
                partner = self.env["res.partner"].create({"name": vals["name"], "is_company": True})
                vals["partner_id"] = partner.id
        companies = super().create(vals_list)
        for company in companies:
            company.partner_id.write({"company_id": company.id})
        return companies

    def write(self, vals):
        result = super().write(vals)
        if vals.get("name"):
            self.mapped("partner_id").write({"name": vals["name"]})
        return result
