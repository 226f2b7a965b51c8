from flectra import api, fields, models, _
from flectra.exceptions import UserError, ValidationError

#: who sees where an application came from (agency liaisons do not)
STAFF = "fuyi_case.fuyi_case_group_clerk,fuyi_case.fuyi_case_group_auditor"
#: the correction notice's official name, as on the served document
CORRECTION_NOTICE_TITLE = "行政复议申请补正通知书"


class FuyiReconsideration(models.Model):
    """Online cases in the back office: the portal tab, and the applicant told of each step by SMS."""

    _inherit = "fuyi.reconsideration"

    portal_application_ids = fields.One2many("fuyi.portal.application", "reconsideration_id",
                                             string="Online application", groups=STAFF)
    portal_submitted_on = fields.Datetime(string="Submitted online on", compute="_compute_portal_summary",
                                          groups=STAFF)
    portal_client_ip = fields.Char(string="Submitted from (address)", compute="_compute_portal_summary",
                                   groups=STAFF)
    portal_consent_electronic = fields.Boolean(string="Consents to electronic service",
                                               compute="_compute_portal_summary", groups=STAFF)

    @api.depends("portal_application_ids")
    def _compute_portal_summary(self):
        for case in self:
            application = case.sudo().portal_application_ids[:1]
            case.portal_submitted_on = application.submitted_on
            case.portal_client_ip = application.client_ip
            case.portal_consent_electronic = application.consent_electronic

    def _portal_application(self):
        self.ensure_one()
        return self.env["fuyi.portal.application"].sudo().search([("reconsideration_id", "=", self.id)], limit=1)

    # --- back-office steps the applicant hears of ---
    def action_request_correction(self, items, served_date=None, late_reason=None):
        result = super().action_request_correction(items, served_date=served_date, late_reason=late_reason)
        application = self._portal_application()
        if application:
            if application.consent_electronic:
                self._portal_serve_correction_notice(application)
            else:
                self._portal_sms(application, "correction")
        return result

    def action_accept(self, date=None, procedure=None, deemed=False):
        result = super().action_accept(date=date, procedure=procedure, deemed=deemed)
        self._portal_notify_step("accepted")
        return result

    def action_reject(self, reason, explanation="", competent_body_id=False, date=None):
        result = super().action_reject(reason, explanation=explanation, competent_body_id=competent_body_id,
                                       date=date)
        self._portal_notify_step("rejected")
        return result

    def write(self, vals):
        decided_before = {case.id for case in self if case.state == "decided"} if "state" in vals else set()
        result = super().write(vals)
        if vals.get("state") == "decided":
            for case in self.filtered(lambda c: c.id not in decided_before):
                case._portal_notify_step("decided")
        return result

    def _portal_notify_step(self, step):
        for case in self:
            application = case._portal_application()
            if application:
                case._portal_sms(application, step)

    def _portal_sms(self, application, step):
        """A short SMS without personal data: what happened, and where to read it."""
        self = self.with_context(lang="zh_CN")
        texts = {
            "correction": _("Your reconsideration application needs corrections: please log in to the online "
                            "application page to read the correction notice."),
            "accepted": _("Your reconsideration application has been accepted: please log in to the online "
                          "application page for details."),
            "rejected": _("A decision not to accept your reconsideration application has been made: please log "
                          "in to the online application page for details."),
            "decided": _("A decision has been made on your reconsideration case: please log in to the online "
                         "application page for details."),
        }
        return application._send_sms(application.sudo().mobile, texts[step], application)

    def _portal_serve_correction_notice(self, application):
        """With consent, the notice is served electronically: a service record the applicant reads online.

        The service record's own notification sends the SMS (fuyi_case's notification of served documents)."""
        self.ensure_one()
        Document = self.env["fuyi.document"].sudo()
        notices = Document.search([("case_id", "=", self.case_id.id), ("doc_type", "=", "correction_notice"),
                                   ("state", "!=", "cancelled")], order="id desc")
        document = notices.filtered(lambda d: d.state == "issued" and d.attachment_id)[:1]
        if not document:
            # what is served is the issued, numbered notice, never a draft
            try:
                with self.env.cr.savepoint():
                    document = notices.filtered(lambda d: d.state == "draft")[:1] or Document.browse(
                        self.sudo().action_create_document("correction_notice"))
                    document.action_issue(date=self.correction_notice_served)
            except (UserError, ValidationError) as exc:
                self.message_post(body=_("The correction notice could not be issued for electronic service "
                                         "(%(error)s): serve it another way.", error=exc.args[0] if exc.args else exc))
                return self._portal_sms(application, "correction")
        service = self.env["fuyi.service"].sudo().create({
            "case_id": self.case_id.id, "kind": "correction_notice", "channel": "electronic",
            "recipient_id": application.applicant_id.id, "document_id": document.id,
            "document_name": CORRECTION_NOTICE_TITLE, "sent_date": self.correction_notice_served
            or fields.Date.context_today(self)})
        return service


class FuyiCase(models.Model):
    _inherit = "fuyi.case"

    def _portal_post(self, body):
        """A note on the reconsideration of this case, for the clerk."""
        for case in self.env["fuyi.reconsideration"].sudo().search([("case_id", "in", self.ids)]):
            case.message_post(body=body)
        return True
