"""Dialogs of the acceptance review: corrections (ARL Art. 31) and refusal (Art. 30 para 2)."""
from flectra import fields, models, _
from flectra.exceptions import UserError

from ..models.fuyi_reconsideration import REJECT_REASONS


class FuyiReconsiderationRequestCorrection(models.TransientModel):
    _name = "fuyi.reconsideration.request.correction"
    _inherit = "fuyi.reconsideration.step"
    _description = "Request corrections"

    items = fields.Text(string="Items to correct", required=True,
                        help="One item per line; the notice lists every item at once (ARL Art. 31 para 1)")
    served_date = fields.Date(string="Notice served on", required=True, default=fields.Date.context_today)
    late_reason = fields.Text(string="Reason for a late notice",
                              help="Only after the five working days of acceptance review, and only by a lead: why "
                                   "the notice is still sent although the application is deemed accepted "
                                   "(ARL Art. 30 para 3). The reason stays on the case.")
    create_document = fields.Boolean(string="Prepare the correction notice", default=True)

    def action_confirm(self):
        self.ensure_one()
        items = [line for line in (self.items or "").splitlines() if line.strip()]
        if not items:
            raise UserError(_("List the items to correct, all at once and one per line (ARL Art. 31 para 1)."))
        self._check_past(self.served_date, _("The service date of the correction notice"))
        self._check_not_before(self.served_date, self.reconsideration_id.date_received,
                               _("The service date of the correction notice"),
                               _("the date the application was received"))
        self.reconsideration_id.action_request_correction("\n".join(items), served_date=self.served_date,
                                                          late_reason=self.late_reason)
        return self._create_document("correction_notice") if self.create_document else self._close()


class FuyiReconsiderationReceiveCorrections(models.TransientModel):
    _name = "fuyi.reconsideration.receive.corrections"
    _inherit = "fuyi.reconsideration.step"
    _description = "Receive corrections"

    received_date = fields.Date(string="Corrections received on", required=True, default=fields.Date.context_today)
    posted_date = fields.Date(string="Posted on (postmark)",
                              help="For corrections sent by post: posted before the period ended, they are in time "
                                   "(CPL Art. 85 para 4, applied by ARL Art. 88)")
    correction_items = fields.Text(related="reconsideration_id.correction_items", string="Items to correct")

    def action_confirm(self):
        self.ensure_one()
        case = self.reconsideration_id
        self._check_past(self.received_date, _("The date the corrections were received"))
        self._check_not_before(self.received_date, case.correction_notice_served,
                               _("The date the corrections were received"),
                               _("the service date of the correction notice"))
        case.action_receive_corrections(date=self.received_date, posted_date=self.posted_date)
        return self._close()


class FuyiReconsiderationReject(models.TransientModel):
    _name = "fuyi.reconsideration.reject"
    _inherit = "fuyi.reconsideration.step"
    _description = "Refuse to accept"

    reject_reason = fields.Selection(REJECT_REASONS, string="Reason", required=True)
    reject_explanation = fields.Text(string="Explanation", help="The facts that show the condition is not met")
    competent_body_id = fields.Many2one("res.partner", string="Competent body",
                                        help="Named in the decision when jurisdiction is the problem "
                                             "(ARL Art. 30 para 2)")
    decision_date = fields.Date(string="Decided on", required=True, default=fields.Date.context_today)
    create_document = fields.Boolean(string="Prepare the non-acceptance decision", default=True)

    def action_confirm(self):
        self.ensure_one()
        if self.reject_reason == "jurisdiction" and not self.competent_body_id:
            raise UserError(_("A refusal for lack of jurisdiction must name the competent body (ARL Art. 30 para 2)."))
        if self.reject_reason != "jurisdiction" and not (self.reject_explanation or "").strip():
            raise UserError(_("Explain why the application does not meet the condition: the decision states its "
                              "reasons (ARL Art. 30 para 2)."))
        self._check_past(self.decision_date, _("The date of the decision not to accept"))
        self.reconsideration_id.action_reject(self.reject_reason, explanation=self.reject_explanation or "",
                                              competent_body_id=self.competent_body_id.id or False,
                                              date=self.decision_date)
        return self._create_document("rejection_decision") if self.create_document else self._close()


class FuyiReconsiderationForward(models.TransientModel):
    _name = "fuyi.reconsideration.forward"
    _inherit = "fuyi.reconsideration.step"
    _description = "Forward the application"

    forwarded_to_id = fields.Many2one("res.partner", string="Forwarded to", required=True,
                                      help="The reconsideration institution competent for the case")
    forwarded_on = fields.Date(string="Forwarded on", required=True, default=fields.Date.context_today)
    note = fields.Text(string="Forwarding note")

    def action_confirm(self):
        self.ensure_one()
        self._check_past(self.forwarded_on, _("The forwarding date"))
        self.reconsideration_id.action_forward(self.forwarded_to_id.id, date=self.forwarded_on, note=self.note or "")
        return self._close()


class FuyiReconsiderationRecordReply(models.TransientModel):
    _name = "fuyi.reconsideration.record.reply"
    _inherit = "fuyi.reconsideration.step"
    _description = "Record the respondent's reply"

    reply_date = fields.Date(string="Reply received on", required=True, default=fields.Date.context_today)
    reply_summary = fields.Text(string="Summary of the reply")
    posted_date = fields.Date(string="Posted on (postmark)",
                              help="For a reply sent by post: posted before the period ended, it is in time "
                                   "(CPL Art. 85 para 4, applied by ARL Art. 88)")
    attachment_ids = fields.Many2many("ir.attachment", "fuyi_reconsideration_record_reply_attachment_rel", "wizard_id",
                                      "attachment_id", string="Reply and evidence files")

    def action_confirm(self):
        self.ensure_one()
        self._check_past(self.reply_date, _("The date the reply was received"))
        self.reconsideration_id.action_record_reply(date=self.reply_date, attachment_ids=self.attachment_ids.ids,
                                                    summary=(self.reply_summary or "").strip(),
                                                    posted_date=self.posted_date)
        return self._close()
