from flectra import api, fields, models, _
from flectra.exceptions import UserError

from ..tools import redaction


class FuyiReconsiderationPublication(models.Model):
    """Publication of decisions with redaction and a reviewer's approval (ARL Art. 79)."""

    _inherit = "fuyi.reconsideration"

    publication_text = fields.Text(readonly=True, help="Redacted decision text, as it will be published")
    publication_state = fields.Selection([("none", "Not prepared"), ("review", "Awaiting redaction review"),
                                          ("approved", "Approved"), ("published", "Published"),
                                          ("withheld", "Not published")], default="none", tracking=True)
    publication_reviewer_id = fields.Many2one("res.users", readonly=True)
    published_date = fields.Date(readonly=True)

    def _person_names(self):
        persons = self.party_ids.mapped("partner_id").filtered(lambda p: p.party_kind == "person")
        return persons.mapped("name")

    def action_prepare_publication(self):
        for case in self:
            if case.state != "decided":
                raise UserError(_("Only decided cases are published (ARL Art. 79)."))
            text, _found = redaction.redact(case.decision_summary or "", case._person_names())
            case.write({"publication_text": text, "publication_state": "review"})
        return True

    def action_approve_publication(self):
        """A lead checks the redaction; the person who prepared it cannot approve it alone."""
        for case in self:
            if case.publication_state != "review":
                raise UserError(_("Prepare the redacted text first."))
            if not self.env.user.has_group("fuyi_case.fuyi_case_group_lead"):
                raise UserError(_("The redaction must be reviewed by a reviewer/lead."))
            residue = redaction.residual_personal_data(case.publication_text, case._person_names())
            if residue:
                raise UserError(_("The text still contains personal data (%(kinds)s): redact it before approval.",
                                  kinds=", ".join(sorted({kind for kind, _v in residue}))))
            case.write({"publication_state": "approved", "publication_reviewer_id": self.env.uid})
        return True

    def action_publish(self, date=None):
        for case in self:
            if case.publication_state != "approved":
                raise UserError(_("A decision is published only after its redaction was reviewed and approved."))
            case.write({"publication_state": "published",
                        "published_date": fields.Date.to_date(date) if date else fields.Date.context_today(self)})
        return True

    @api.model
    def get_published(self, limit=50):
        """Published decisions, redacted text only (what the public site shows)."""
        cases = self.sudo().search([("publication_state", "=", "published")], limit=limit, order="published_date desc")
        return [{"number": c.name, "decision_type": c.decision_type, "published_date": c.published_date,
                 "text": c.publication_text} for c in cases]
