"""Notifying the recipient of a served document by e-mail and SMS (delivery status on the service record).

Creating a service record (送达) of a notified kind queues one e-mail (``mail.mail``, the document
attached when the record names one) and one text message (``sms.sms``) to the recipient, each with
a delivery line ``fuyi.service.delivery``. The mail and SMS queues deliver them with retries and
backoff; each line mirrors the state of its message, and ``fuyi.service.delivery_state`` sums the
lines up. The messages live in the database until delivered or failed, so an unreachable broker,
a refusing SMTP server or a failing gateway delays a notification but never loses it; one line per
service and channel (a unique key) means notifying twice sends nothing new.

Text messages never carry an ID number: the texts name the case number and what to do by when,
and any full ID number is masked before the message is queued.
"""
import html
import logging
import re

import pytz

from flectra import api, fields, models, _
from flectra.exceptions import UserError

from ..tools import identifiers

_logger = logging.getLogger(__name__)

NOTIFIED_KINDS = ("correction_notice", "acceptance_notice", "rejection_decision", "hearing_notice", "decision")
CORRECTION_WORKING_DAYS = 10   #: ARL Art. 31 para 2: corrections within 10 days of receiving the notice
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")

#: document titles in the notifications (official Chinese names)
DOCUMENT_TITLES = {
    "correction_notice": "行政复议申请补正通知书", "acceptance_notice": "行政复议申请受理通知书",
    "rejection_decision": "不予受理行政复议申请决定书", "hearing_notice": "行政复议听证通知书",
    "decision": "行政复议决定书",
}
DELIVERY_STATES = [("queued", "Queued"), ("sent", "Sent"), ("failed", "Failed")]
MAIL_STATES = {"outgoing": "queued", "sent": "sent", "exception": "failed", "cancel": "failed"}
SMS_STATES = {"outgoing": "queued", "sent": "sent", "error": "failed", "cancel": "failed"}


def mask_id_numbers(text):
    """``text`` with every full ID number masked (first 6 and last 4 characters kept)."""
    return _ID_NUMBER.sub(lambda m: identifiers.mask_id_number(m.group(0)), text or "")


class FuyiServiceDelivery(models.Model):
    """One notification of a service record through one channel; mirrors its message's state."""

    _name = "fuyi.service.delivery"
    _description = "Notification delivery"
    _order = "service_id, channel"

    service_id = fields.Many2one("fuyi.service", string="Service record", required=True, ondelete="cascade",
                                 index=True)
    case_id = fields.Many2one("fuyi.case", string="Case", required=True, ondelete="cascade", index=True)
    channel = fields.Selection([("email", "E-mail"), ("sms", "SMS")], string="Notification channel",
                               required=True)
    mail_id = fields.Many2one("mail.mail", string="E-mail", ondelete="set null", readonly=True)
    sms_id = fields.Many2one("sms.sms", string="Text message", ondelete="set null", readonly=True)
    state = fields.Selection(DELIVERY_STATES, string="Delivery status", compute="_compute_state", store=True,
                             index=True)
    last_error = fields.Text(string="Last error", compute="_compute_state", store=True)
    attempts = fields.Integer(string="Failed attempts", compute="_compute_state", store=True)

    _sql_constraints = [("delivery_unique", "unique(service_id, channel)",
                         "A service record is notified once per channel.")]

    @api.depends("mail_id.state", "mail_id.failure_reason", "mail_id.attempt",
                 "sms_id.state", "sms_id.error_message", "sms_id.attempts")
    def _compute_state(self):
        for delivery in self:
            mail, sms = delivery.sudo().mail_id, delivery.sudo().sms_id
            if delivery.channel == "email" and mail:
                delivery.state = MAIL_STATES.get(mail.state, "queued")
                delivery.last_error = mail.failure_reason or False
                delivery.attempts = mail.attempt
            elif delivery.channel == "sms" and sms:
                delivery.state = SMS_STATES.get(sms.state, "queued")
                delivery.last_error = sms.error_message or False
                delivery.attempts = sms.attempts
            else:   # the message was deleted: keep what was last known
                delivery.state = delivery.state or "failed"
                delivery.last_error = delivery.last_error or False
                delivery.attempts = delivery.attempts or 0


class FuyiServiceNotification(models.Model):
    _inherit = "fuyi.service"

    document_id = fields.Many2one("fuyi.document", string="Case document", ondelete="set null",
                                  help="The document served; attached to the e-mail notification")
    hearing_id = fields.Many2one("fuyi.hearing", string="Hearing", ondelete="set null", index=True)
    delivery_ids = fields.One2many("fuyi.service.delivery", "service_id", string="Notifications")
    delivery_state = fields.Selection([("none", "Not notified"), ("pending", "Pending"), ("sent", "All sent"),
                                       ("failed", "Some failed")], string="Notification status",
                                      compute="_compute_delivery_state", store=True, index=True)

    @api.depends("delivery_ids.state")
    def _compute_delivery_state(self):
        for service in self:
            states = set(service.delivery_ids.mapped("state"))
            if not states:
                service.delivery_state = "none"
            elif "failed" in states:
                service.delivery_state = "failed"
            elif states == {"sent"}:
                service.delivery_state = "sent"
            else:
                service.delivery_state = "pending"

    @api.model_create_multi
    def create(self, vals_list):
        services = super().create(vals_list)
        services.filtered(lambda s: s.kind in NOTIFIED_KINDS)._notify_recipient()
        return services

    def action_notify(self):
        """Notify the recipients by e-mail and SMS; channels already notified are left alone."""
        refused = self.filtered(lambda s: s.kind not in NOTIFIED_KINDS)
        if refused:
            raise UserError(_("Only correction and acceptance notices, non-acceptance decisions, hearing notices "
                              "and decisions are notified by e-mail and SMS."))
        self._notify_recipient()
        return True

    def _notify_recipient(self):
        for service in self:
            for channel in ("email", "sms"):
                service._notify_channel(channel)
        return True

    def _notify_channel(self, channel):
        """The delivery line of ``channel``: the existing one, a new one, or None (no address)."""
        self.ensure_one()
        Delivery = self.env["fuyi.service.delivery"].sudo()
        existing = Delivery.search([("service_id", "=", self.id), ("channel", "=", channel)], limit=1)
        if existing:
            return existing
        recipient = self.recipient_id.sudo()
        if channel == "email" and not recipient.email:
            return None
        number = self.env["sms.sms"]._normalize_number(recipient.mobile or recipient.phone) if channel == "sms" \
            else False
        if channel == "sms" and not number:
            return None
        try:
            with self.env.cr.savepoint():
                if channel == "email":
                    delivery = Delivery.create({"service_id": self.id, "case_id": self.case_id.id, "channel": "email",
                                                "mail_id": self._notification_mail().id})
                else:
                    delivery = Delivery.create({"service_id": self.id, "case_id": self.case_id.id, "channel": "sms",
                                                "sms_id": self._notification_sms(number).id})
                self.env.flush_all()
        except Exception:
            claimed = Delivery.search([("service_id", "=", self.id), ("channel", "=", channel)], limit=1)
            if not claimed:
                raise
            # another transaction claimed this service and channel first (unique key): it notifies
            _logger.info("notification of service %s by %s already claimed", self.id, channel)
            return claimed
        return delivery

    # --- the messages ---
    def _notification_title(self):
        return self.document_name or DOCUMENT_TITLES.get(self.kind) or self.kind

    def _hearing_when_where(self):
        hearing = self.hearing_id
        if not hearing or not hearing.hearing_date:
            return None, None
        tz = pytz.timezone(self.env.user.tz or "Asia/Shanghai")
        local = pytz.utc.localize(hearing.hearing_date).astimezone(tz)
        when = "%d年%d月%d日%02d:%02d" % (local.year, local.month, local.day, local.hour, local.minute)
        return when, hearing.place or None

    def _notification_text(self):
        """The short Chinese text of the SMS: case number, what happened, what to do by when."""
        self.ensure_one()
        case = self.case_id.name or ""
        title = self._notification_title()
        if self.kind == "correction_notice":
            period = self.case_id.sudo()._deadline("correction_period")[:1]
            # "最迟于X": the last allowed day itself is unambiguous (not "于X前")
            by_when = ("请最迟于%s" % period.due_date.strftime("%Y年%m月%d日") if period and period.due_date
                       else "请自收到补正通知书之日起%d个工作日内" % CORRECTION_WORKING_DAYS)
            text = ("您的行政复议申请（%s）材料需要补正，%s按《%s》所列事项提交补正材料（《行政复议法》第三十一条第二款）；"
                    "无正当理由逾期不补正的，视为放弃行政复议申请。" % (case, by_when, title))
        elif self.kind == "acceptance_notice":
            text = "您的行政复议申请（%s）已受理，详见《%s》。" % (case, title)
        elif self.kind == "rejection_decision":
            text = "您的行政复议申请（%s）不予受理，理由及救济途径详见《%s》。" % (case, title)
        elif self.kind == "hearing_notice":
            when, where = self._hearing_when_where()
            if when:
                text = "行政复议案件（%s）定于%s在%s举行听证，请准时参加，详见《%s》。" % (
                    case, when, where or "复议机关指定地点", title)
            else:
                text = "行政复议案件（%s）将举行听证，时间地点详见《%s》。" % (case, title)
        else:
            text = "行政复议案件（%s）已作出决定，请查收《%s》。" % (case, title)
        return mask_id_numbers(text)

    def _notification_mail(self):
        self.ensure_one()
        recipient = self.recipient_id.sudo()
        title = self._notification_title()
        text = self._notification_text()
        document = self.document_id.sudo()
        attachment = document.attachment_id if document else self.env["ir.attachment"]
        lines = ["<p>%s：</p>" % html.escape(recipient.name or ""), "<p>%s</p>" % html.escape(text)]
        if document and document.number:
            lines.append("<p>文书编号：%s</p>" % html.escape(document.number))
        if attachment:
            lines.append("<p>%s见附件。</p>" % html.escape(title))
        company = self.env.company.sudo()
        vals = {
            "subject": "%s（%s）" % (title, self.case_id.name or ""),
            "body_html": "\n".join(lines),
            "recipient_ids": [(6, 0, recipient.ids)],
            "model": "fuyi.service", "res_id": self.id,
            "attachment_ids": [(6, 0, attachment.ids)],
        }
        if company.email:
            vals["email_from"] = company.email
        return self.env["mail.mail"].sudo().create(vals)

    def _notification_sms(self, number):
        self.ensure_one()
        return self.env["sms.sms"].sudo().create({
            "number": number, "body": self._notification_text(), "partner_id": self.recipient_id.id,
            "res_model": "fuyi.service", "res_id": self.id,
        })


class FuyiCaseNotification(models.Model):
    _inherit = "fuyi.case"

    delivery_ids = fields.One2many("fuyi.service.delivery", "case_id", string="Notification deliveries")
    delivery_failed_count = fields.Integer(string="Failed notifications", compute="_compute_delivery_failed_count")

    def _compute_delivery_failed_count(self):
        for case in self:
            case.delivery_failed_count = len(case.delivery_ids.filtered(lambda d: d.state == "failed"))


class FuyiReconsiderationNotification(models.Model):
    _inherit = "fuyi.reconsideration"

    def action_notify_hearing(self, hearing_id, date=None, channel="electronic"):
        """Serve the hearing notice on the applicants and respondents (one service record each,
        notified by e-mail and SMS); recipients already served this hearing's notice are skipped.
        Returns the ids of the service records created."""
        self.ensure_one()
        hearing = self.env["fuyi.hearing"].browse(int(hearing_id)).exists()
        if not hearing or hearing.reconsideration_id != self:
            raise UserError(_("The hearing does not belong to case %(case)s.", case=self.name))
        if hearing.state in ("cancelled", "waived"):
            raise UserError(_("The hearing was cancelled or waived: no notice is served."))
        recipients = self.party_ids.filtered(lambda p: p.role in ("applicant", "respondent")).mapped("partner_id")
        if not recipients:
            raise UserError(_("Case %(case)s has no applicant or respondent to notify.", case=self.name))
        Service = self.env["fuyi.service"]
        already = Service.search([("case_id", "=", self.case_id.id), ("kind", "=", "hearing_notice"),
                                  ("hearing_id", "=", hearing.id)]).mapped("recipient_id")
        sent = fields.Date.to_date(date) if date else fields.Date.context_today(self)
        created = Service
        for partner in recipients - already:
            created |= Service.create({
                "case_id": self.case_id.id, "kind": "hearing_notice", "recipient_id": partner.id,
                "channel": channel, "sent_date": sent, "hearing_id": hearing.id,
                "document_name": DOCUMENT_TITLES["hearing_notice"]})
        return created.ids
