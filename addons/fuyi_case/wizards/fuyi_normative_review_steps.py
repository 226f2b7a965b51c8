"""Dialogs of the review of a normative document within a case (ARL Arts. 13, 56–60)."""
from flectra import api, fields, models, _
from flectra.exceptions import UserError

from ..models.fuyi_normative_review import HANDLING, ORIGINS, RESULTS


class FuyiReconsiderationRequestNormativeReview(models.TransientModel):
    _name = "fuyi.reconsideration.request.normative.review"
    _inherit = "fuyi.reconsideration.step"
    _description = "Review a normative document"

    document_name = fields.Char(string="Normative document", required=True)
    clause = fields.Char(string="Clauses concerned")
    drafting_body_id = fields.Many2one("res.partner", string="Drafting body",
                                       help="The body that made the document (制定机关)")
    origin = fields.Selection(ORIGINS, string="Origin", required=True, default="applicant")
    handling = fields.Selection(HANDLING, string="Handling", required=True, default="self")
    request_date = fields.Date(string="Requested on", required=True, default=fields.Date.context_today)

    def action_confirm(self):
        self.ensure_one()
        case = self.reconsideration_id
        name = (self.document_name or "").strip()
        if not name:
            raise UserError(_("Name the normative document to be reviewed (ARL Art. 13)."))
        if case.state not in ("accepted", "suspended"):
            raise UserError(_("A normative document is reviewed within an accepted case (ARL Arts. 13, 56); case "
                              "%(case)s is not pending.", case=case.name))
        self._check_past(self.request_date, _("The date of the request"))
        self._check_not_before(self.request_date, case.acceptance_date, _("The date of the request"),
                               _("the acceptance date"))
        review_id = case.action_request_normative_review(
            name, handling=self.handling, origin=self.origin, date=self.request_date,
            clause=(self.clause or "").strip(), drafting_body_id=self.drafting_body_id.id or False)
        return self.env["fuyi.normative.review"].browse(review_id)._open_form()


class FuyiNormativeReviewDialog(models.AbstractModel):
    """What the dialogs acting on one normative-document review share."""

    _name = "fuyi.normative.review.dialog"
    _description = "Normative document review dialog"

    @api.model
    def _default_review_id(self):
        context = self.env.context
        if context.get("active_model") == "fuyi.normative.review" and context.get("active_id"):
            return context["active_id"]
        return False

    review_id = fields.Many2one("fuyi.normative.review", string="Normative document review", required=True,
                                ondelete="cascade", default=_default_review_id)
    review_state = fields.Selection(related="review_id.state", string="Status")

    def _check_date(self, date, label, earlier=None, earlier_label=None):
        step = self.env["fuyi.reconsideration.step"]
        step._check_past(date, label)
        step._check_not_before(date, earlier or self.review_id.request_date, label,
                               earlier_label or _("the date of the request"))


class FuyiNormativeReviewNotify(models.TransientModel):
    _name = "fuyi.normative.review.notify"
    _inherit = "fuyi.normative.review.dialog"
    _description = "Notify the drafting body"

    drafting_body_id = fields.Many2one("res.partner", string="Drafting body", required=True)
    notice_date = fields.Date(string="Notice sent on", required=True, default=fields.Date.context_today)
    received_date = fields.Date(string="Notice received on",
                                help="Starts the drafting body's 10 working days to reply (ARL Art. 58); "
                                     "the day it was sent if empty")

    def action_confirm(self):
        self.ensure_one()
        review = self.review_id
        if review.handling != "self" or review.state != "open":
            raise UserError(_("The drafting body is asked by the body that handles the document itself "
                              "(ARL Art. 58)."))
        if review.drafting_notice_date:
            raise UserError(_("The drafting body was already notified on %(date)s.", date=review.drafting_notice_date))
        self._check_date(self.notice_date, _("The date of the notice"))
        if self.received_date:
            self._check_date(self.received_date, _("The date the notice was received"), self.notice_date,
                             _("the date of the notice"))
        if review.drafting_body_id != self.drafting_body_id:
            review.drafting_body_id = self.drafting_body_id
        review.action_notify_drafting_body(date=self.notice_date, received_date=self.received_date or None)
        return {"type": "ir.actions.act_window_close"}


class FuyiNormativeReviewReply(models.TransientModel):
    _name = "fuyi.normative.review.reply"
    _inherit = "fuyi.normative.review.dialog"
    _description = "Record the drafting body's reply"

    reply_text = fields.Text(string="Drafting body's reply", required=True)
    reply_date = fields.Date(string="Replied on", required=True, default=fields.Date.context_today)
    drafting_notice_date = fields.Date(related="review_id.drafting_notice_date", string="Drafting body notified on")

    def action_confirm(self):
        self.ensure_one()
        review = self.review_id
        if not review.drafting_notice_date:
            raise UserError(_("The drafting body has not been notified yet (ARL Art. 58)."))
        if review.drafting_reply_date:
            raise UserError(_("The reply of the drafting body was already recorded on %(date)s.",
                              date=review.drafting_reply_date))
        if not (self.reply_text or "").strip():
            raise UserError(_("Record what the drafting body answered."))
        self._check_date(self.reply_date, _("The date of the reply"), review.drafting_notice_date,
                         _("the date of the notice"))
        review.action_record_drafting_reply(self.reply_text.strip(), date=self.reply_date)
        return {"type": "ir.actions.act_window_close"}


class FuyiNormativeReviewTransfer(models.TransientModel):
    _name = "fuyi.normative.review.transfer"
    _inherit = "fuyi.normative.review.dialog"
    _description = "Transfer the normative document"

    transferee_id = fields.Many2one("res.partner", string="Transferred to", required=True,
                                    help="The organ competent to handle the document (ARL Art. 56)")
    transfer_date = fields.Date(string="Transferred on", required=True, default=fields.Date.context_today)
    received_date = fields.Date(string="Transfer received on",
                                help="Starts the 60 days of the competent organ (ARL Art. 60); the day it was sent "
                                     "if empty")

    def action_confirm(self):
        self.ensure_one()
        review = self.review_id
        if review.handling != "transfer" or review.state != "open":
            raise UserError(_("Only a document this body may not handle is transferred (ARL Art. 56)."))
        self._check_date(self.transfer_date, _("The transfer date"))
        if self.received_date:
            self._check_date(self.received_date, _("The date the transfer was received"), self.transfer_date,
                             _("the transfer date"))
        review.action_transfer(self.transferee_id.id, date=self.transfer_date, received_date=self.received_date or None)
        return {"type": "ir.actions.act_window_close"}


class FuyiNormativeReviewConclude(models.TransientModel):
    _name = "fuyi.normative.review.conclude"
    _inherit = "fuyi.normative.review.dialog"
    _description = "Conclude the normative document review"

    handling = fields.Selection(related="review_id.handling", string="Handling")
    result = fields.Selection(RESULTS, string="Result", required=True)
    result_text = fields.Text(string="Handling opinion", required=True,
                              help="Unlawful: the document stops being applied and the drafting body is ordered to "
                                   "correct it (ARL Art. 59); for a transfer, the competent organ's answer (Art. 60)")
    result_date = fields.Date(string="Concluded on", required=True, default=fields.Date.context_today)

    def action_confirm(self):
        self.ensure_one()
        review = self.review_id
        if review.state == "concluded":
            raise UserError(_("The review of %(name)s is already concluded.", name=review.document_name))
        if review.handling == "transfer" and review.state != "transferred":
            raise UserError(_("Transfer the document to the competent organ first (ARL Art. 56)."))
        if not (self.result_text or "").strip():
            raise UserError(_("Record the handling opinion (ARL Arts. 59, 60)."))
        earlier, earlier_label = review.request_date, _("the date of the request")
        if review.transfer_date:
            earlier, earlier_label = review.transfer_date, _("the transfer date")
        self._check_date(self.result_date, _("The date of the conclusion"), earlier, earlier_label)
        review.action_conclude(self.result, self.result_text.strip(), date=self.result_date)
        return {"type": "ir.actions.act_window_close"}


class FuyiNormativeReview(models.Model):
    _inherit = "fuyi.normative.review"

    def _open_form(self):
        """The review in its own form, where its next steps are buttons."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("fuyi_case.fuyi_normative_review_action")
        title = action["name"]
        action.update({"name": _(title), "res_id": self.id, "view_mode": "form", "target": "current", "context": {},
                       "views": [[self.env.ref("fuyi_case.fuyi_normative_review_view_form").id, "form"]]})
        return action

    def _open_review_dialog(self, xmlid):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("fuyi_case.%s" % xmlid)
        title = action["name"]
        action.update({"name": _(title), "target": "new", "context": {
            "active_model": self._name, "active_id": self.id, "active_ids": [self.id], "default_review_id": self.id}})
        return action

    def action_open_notify_drafting_body(self):
        action = self._open_review_dialog("fuyi_normative_review_notify_action")
        if self.drafting_body_id:
            action["context"]["default_drafting_body_id"] = self.drafting_body_id.id
        return action

    def action_open_record_drafting_reply(self):
        return self._open_review_dialog("fuyi_normative_review_reply_action")

    def action_open_transfer(self):
        return self._open_review_dialog("fuyi_normative_review_transfer_action")

    def action_open_conclude(self):
        return self._open_review_dialog("fuyi_normative_review_conclude_action")


class FuyiReconsideration(models.Model):
    _inherit = "fuyi.reconsideration"

    def action_open_request_normative_review(self):
        return self._open_dialog("fuyi_reconsideration_request_normative_review_action")
