from flectra import api, fields, models, _
from flectra.exceptions import ValidationError

ROLES = [
    ("applicant", "Applicant"), ("respondent", "Respondent"), ("third_party", "Third party"),
    ("agent", "Agent"), ("representative", "Representative"),
]


class FuyiCaseParty(models.Model):
    """A party in a case, with its role (ARL Arts. 14–19)."""

    _name = "fuyi.case.party"
    _description = "Case party"
    _order = "case_id, sequence, id"
    _rec_name = "partner_id"

    case_id = fields.Many2one("fuyi.case", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one("res.partner", string="Party", required=True, ondelete="restrict", index=True)
    role = fields.Selection(ROLES, required=True, index=True)
    is_primary = fields.Boolean(string="Primary")
    represented_id = fields.Many2one("res.partner", string="Acting for",
                                     help="For agents and representatives: the party they act for")
    sequence = fields.Integer(default=10)

    _sql_constraints = [("party_role_unique", "unique(case_id, partner_id, role)",
                         "The same person cannot hold the same role twice in a case.")]

    @api.constrains("role", "partner_id")
    def _check_respondent_is_agency(self):
        """An administrative agency, or an organisation authorised by law, regulation or rule (ARL Art. 19)."""
        for party in self:
            partner = party.partner_id
            authorised = partner.party_kind == "organisation" and partner.authorized_organization
            if party.role == "respondent" and partner.party_kind != "agency" and not authorised:
                raise ValidationError(_("The respondent must be an administrative agency or an organisation authorised "
                                        "by law, regulation or rule (ARL Art. 19): %(name)s is neither.",
                                        name=partner.display_name))

    @api.constrains("role", "case_id")
    def _check_agent_count(self):
        for party in self.filtered(lambda p: p.role == "agent" and p.represented_id):
            agents = party.case_id.party_ids.filtered(
                lambda p: p.role == "agent" and p.represented_id == party.represented_id)
            if len(agents) > 2:
                raise ValidationError(_("A party may appoint one or two agents (ARL Art. 17)."))
