from flectra import api, fields, models

ANNOUNCEMENT_STATES = [("announced", "Announced"), ("pending", "Not yet announced"), ("withdrawn", "Withdrawn")]


class ResPartner(models.Model):
    """An agency as enforcement body (执法主体): its public announcement and its officers."""

    _inherit = "res.partner"

    is_enforcement_body = fields.Boolean(string="Enforcement body", index=True)
    enforcement_announcement = fields.Selection(
        ANNOUNCEMENT_STATES, string="Announcement status", default="pending",
        help="Enforcement bodies are made public before they act (3S-2018 ex-ante publicity)")
    enforcement_announcement_date = fields.Date(string="Announced on")
    enforcement_categories = fields.Char(string="Enforcement categories",
                                         help="Comma-separated categories this body enforces, e.g. market, environment")
    enforcement_officer_ids = fields.One2many("jiandu.enforcement.officer", "agency_id", string="Enforcement officers")
    enforcement_officer_count = fields.Integer(compute="_compute_enforcement_officer_count", string="Officers")

    @api.depends("enforcement_officer_ids")
    def _compute_enforcement_officer_count(self):
        for partner in self:
            partner.enforcement_officer_count = len(partner.enforcement_officer_ids)

    @api.model
    def _jiandu_agencies_of_user(self, user):
        """Agencies ``user`` belongs to (as liaison, set by an administrator, never by the user)."""
        return self.sudo().search([("party_kind", "=", "agency"), ("agency_liaison_user_ids", "in", user.ids)])
