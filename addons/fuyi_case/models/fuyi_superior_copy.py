"""Copies (抄告) of effective decisions and opinion letters to the respondent's next-higher competent
department (ARL Art. 79 para 2).

The law says "at the same time" (同时) and sets no period in days, so no statutory deadline is opened;
what is recorded is when, to whom, how and which document went, and a case shows a copy as missing
once its decision has taken effect (on service, Art. 75) or its opinion letter has been sent.
"""
from flectra import api, fields, models, _
from flectra.exceptions import UserError, ValidationError

from .fuyi_service import CHANNELS


class ResPartnerSuperior(models.Model):
    _inherit = "res.partner"

    superior_department_id = fields.Many2one(
        "res.partner", string="Next-higher competent department", domain=[("party_kind", "=", "agency")],
        help="Receives copies of decisions and opinion letters in cases against this agency (ARL Art. 79 para 2)")


class FuyiSuperiorCopy(models.Model):
    """One copy of a decision or opinion letter sent to the respondent's superior department."""

    _name = "fuyi.superior.copy"
    _description = "Copy to the superior department"
    _order = "sent_date desc, id desc"
    _rec_name = "superior_id"

    reconsideration_id = fields.Many2one("fuyi.reconsideration", string="Case", required=True, ondelete="cascade",
                                         index=True)
    kind = fields.Selection([("decision", "Decision"), ("opinion_letter", "Opinion letter")], string="What was copied",
                            required=True, default="decision")
    document_id = fields.Many2one("fuyi.document", string="Document copied", ondelete="restrict")
    opinion_letter_id = fields.Many2one("fuyi.opinion.letter", string="Opinion letter", ondelete="restrict")
    superior_id = fields.Many2one("res.partner", string="Superior department", required=True, ondelete="restrict",
                                  domain=[("party_kind", "=", "agency")])
    sent_date = fields.Date(string="Copied on", required=True, default=fields.Date.context_today)
    channel = fields.Selection(CHANNELS, string="Channel", required=True, default="direct")
    user_id = fields.Many2one("res.users", string="Sent by", default=lambda self: self.env.user)
    note = fields.Text(string="Note")

    @api.constrains("kind", "document_id", "opinion_letter_id", "sent_date", "reconsideration_id")
    def _check_copy(self):
        for copy in self:
            case = copy.reconsideration_id
            if copy.kind == "decision":
                effective = case.decision_effective_date
                if not effective:
                    raise ValidationError(_("Only an effective decision is copied (ARL Art. 79 para 2); the decision "
                                            "of case %(case)s takes effect when it is served (Art. 75).",
                                            case=case.name))
                if copy.sent_date < effective:
                    raise ValidationError(_("The decision took effect on %(date)s: it cannot have been copied "
                                            "before.", date=effective))
                if copy.document_id and (copy.document_id.case_id != case.case_id
                                         or copy.document_id.doc_type != "decision_document"):
                    raise ValidationError(_("The document copied must be the decision of this case."))
            else:
                letter = copy.opinion_letter_id
                if not letter or letter.reconsideration_id != case:
                    raise ValidationError(_("Name the opinion letter of this case that was copied."))
                if not letter.issued_date or copy.sent_date < letter.issued_date:
                    raise ValidationError(_("An opinion letter is copied once it has been issued."))

    @api.model_create_multi
    def create(self, vals_list):
        copies = super().create(vals_list)
        for copy in copies:
            if copy.opinion_letter_id:
                copy.opinion_letter_id.copied_to_superior = True
            copy.reconsideration_id.message_post(body=_("%(what)s copied to %(superior)s on %(date)s "
                                                        "(ARL Art. 79 para 2).",
                                                        what=_(dict(copy._fields["kind"].selection)[copy.kind]),
                                                        superior=copy.superior_id.name, date=copy.sent_date))
        return copies


class FuyiOpinionLetterCopies(models.Model):
    _inherit = "fuyi.opinion.letter"

    superior_copy_ids = fields.One2many("fuyi.superior.copy", "opinion_letter_id", string="Copies to the superior")


class FuyiReconsiderationSuperiorCopy(models.Model):
    _inherit = "fuyi.reconsideration"

    superior_copy_ids = fields.One2many("fuyi.superior.copy", "reconsideration_id",
                                        string="Copies to the superior department")
    decision_effective_date = fields.Date(
        string="Decision effective on", compute="_compute_decision_effective",
        help="The day the decision was served on the last recipient (ARL Art. 75)")
    superior_copy_missing = fields.Boolean(
        string="Copy to the superior missing", compute="_compute_superior_copy_missing",
        help="The respondent is a government department: its next-higher competent department gets the effective "
             "decision and any opinion letter (ARL Art. 79 para 2)")

    def _compute_decision_effective(self):
        Service = self.env["fuyi.service"].sudo()
        Document = self.env["fuyi.document"].sudo()
        for case in self:
            dates = []
            if case.state == "decided" and case.case_id:
                services = Service.search([("case_id", "=", case.case_id.id), ("kind", "=", "decision")])
                if services and all(s.state == "served" for s in services):
                    dates = services.mapped("served_date")
                documents = Document.search([("case_id", "=", case.case_id.id), ("doc_type", "=", "decision_document"),
                                             ("state", "=", "issued"), ("served_date", "!=", False)])
                dates += documents.mapped("served_date")
            case.decision_effective_date = max(dates) if dates else False

    def _superior_of_respondent(self):
        respondent = self.party_ids.filtered(lambda p: p.role == "respondent")[:1].partner_id or self.agency_id
        return respondent.superior_department_id if respondent.parent_agency_id else respondent.browse()

    def _compute_superior_copy_missing(self):
        for case in self:
            respondent = case.party_ids.filtered(lambda p: p.role == "respondent")[:1].partner_id or case.agency_id
            missing = False
            if respondent.parent_agency_id:
                copies = case.superior_copy_ids
                if case.decision_effective_date and not copies.filtered(lambda c: c.kind == "decision"):
                    missing = True
                # a record in a form (onchange) has a NewId: search by the record it edits, if any
                case_id = case.id or getattr(case.id, "origin", False)
                sent = self.env["fuyi.opinion.letter"].search(
                    [("reconsideration_id", "=", case_id), ("kind", "=", "opinion"),
                     ("issued_date", "!=", False)]) if case_id else self.env["fuyi.opinion.letter"]
                if sent - copies.mapped("opinion_letter_id"):
                    missing = True
            case.superior_copy_missing = missing

    def action_copy_to_superior(self, superior_id=False, date=None, channel="direct", opinion_letter_id=False,
                                note=""):
        """Record the copy of the effective decision (or of an opinion letter) to the respondent's next-higher
        competent department (ARL Art. 79 para 2); returns the copy id."""
        self.ensure_one()
        superior = superior_id or self._superior_of_respondent().id
        if not superior:
            raise UserError(_("Name the respondent's next-higher competent department (ARL Art. 79 para 2)."))
        document = self.env["fuyi.document"].search([("case_id", "=", self.case_id.id),
                                                     ("doc_type", "=", "decision_document"),
                                                     ("state", "=", "issued")], limit=1)
        vals = {"reconsideration_id": self.id, "superior_id": superior, "channel": channel, "note": note,
                "sent_date": fields.Date.to_date(date) if date else fields.Date.context_today(self)}
        if opinion_letter_id:
            vals.update(kind="opinion_letter", opinion_letter_id=opinion_letter_id)
        else:
            vals.update(kind="decision", document_id=document.id or False)
        return self.env["fuyi.superior.copy"].create(vals).id
