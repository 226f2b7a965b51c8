import pytz

from flectra import api, fields, models


def _tz_get(self):
    return [(tz, tz) for tz in sorted(pytz.all_timezones, key=lambda tz: tz if not tz.startswith("Etc/") else "_")]


class ResPartner(models.Model):
    """Contacts: people, organisations and, in fazhi's addons, administrative agencies."""

    _name = "res.partner"
    _description = "Contact"
    _order = "name, id"

    def _lang_get(self):
        return self.env["res.lang"].get_installed()

    name = fields.Char(index=True)
    ref = fields.Char(string="Reference", index=True)
    parent_id = fields.Many2one("res.partner", string="Related Company", index=True)
    child_ids = fields.One2many("res.partner", "parent_id", string="Contact",
                                domain=[("active", "=", True)])
    company_id = fields.Many2one("res.company", string="Company", index=True)
    user_ids = fields.One2many("res.users", "partner_id", string="Users")
    lang = fields.Selection(_lang_get, string="Language", default=lambda self: self.env.lang or "zh_CN")
    tz = fields.Selection(_tz_get, string="Timezone", default=lambda self: self._context.get("tz") or "Asia/Shanghai")
    vat = fields.Char(string="Tax ID", index=True)
    website = fields.Char()
    comment = fields.Text(string="Notes")
    active = fields.Boolean(default=True)
    is_company = fields.Boolean(string="Is a Company", default=False)
    type = fields.Selection([("contact", "Contact"), ("invoice", "Invoice Address"), ("delivery", "Delivery Address"),
                             ("other", "Other Address"), ("private", "Private Address")], default="contact")
    function = fields.Char(string="Job Position")
    email = fields.Char()
    phone = fields.Char()
    mobile = fields.Char()
    street = fields.Char()
    street2 = fields.Char()
    zip = fields.Char()
    city = fields.Char()
    color = fields.Integer(string="Color Index")
    commercial_partner_id = fields.Many2one("res.partner", compute="_compute_commercial_partner",
                                            string="Commercial Entity", store=True, index=True, recursive=True)

    @api.depends("is_company", "parent_id.commercial_partner_id")
    def _compute_commercial_partner(self):
        for partner in self:
            if partner.is_company or not partner.parent_id:
                partner.commercial_partner_id = partner
            else:
                partner.commercial_partner_id = partner.parent_id.commercial_partner_id

    @api.constrains("parent_id")
    def _check_parent_id(self):
        from flectra.exceptions import ValidationError
        for partner in self:
            seen = set()
            current = partner
            while current:
                if current.id in seen:
                    raise ValidationError(self.env._("You cannot create recursive Partner hierarchies."))
                seen.add(current.id)
                current = current.parent_id
