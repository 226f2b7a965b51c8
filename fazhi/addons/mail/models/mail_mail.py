import datetime
import logging
import smtplib

from flectra import _, api, fields, models
from flectra.exceptions import AccessError, UserError

from fazhi.queue import delivery

from ..tools.mail_delivery import MailDeliveryError, classify_failure, gives_up, retry_delay

_logger = logging.getLogger(__name__)

QUEUE_BATCH = 1000  #: mails sent per run of the queue
_NO_SERVER_WARNED = set()   #: databases whose missing mail server this process has logged


def _log_no_server(dbname, count):
    """One warning per database and process while no server is configured, not one per mail
    per run of the queue (a demo without a mail server logged 109 lines in an hour)."""
    if dbname in _NO_SERVER_WARNED:
        _logger.debug("No outgoing mail server configured: %s mails stay queued in %s", count, dbname)
        return
    _NO_SERVER_WARNED.add(dbname)
    _logger.warning("No outgoing mail server is configured: %s mails stay queued in database %s (the "
                    "administrator sees them under Settings > Outgoing mail; add a server there or set "
                    "FAZHI_SMTP_HOST). Logged once until a server is configured.", count, dbname)


class MailMail(models.Model):
    """An outgoing e-mail, queued until the mail queue (``process_email_queue``) sends it.

    The message part (subject, body, author, document) lives on the delegated ``mail.message``.
    Transient failures are retried with a growing delay; permanent ones end in ``exception``.

    Run by the queue (a cron or a job), each mail is claimed (``sending``) in a committed
    transaction before it goes to SMTP and marked in another right after (``fazhi.queue.delivery``),
    so no crash or lost race sends it twice. One still ``sending`` after ``delivery.claim_timeout()`` was
    interrupted between the two: it becomes ``unknown`` and waits for the administrator to
    confirm it was sent (``action_confirm_sent``) or to send it again (``action_retry``).
    """

    _name = "mail.mail"
    _description = "Outgoing Mails"
    _inherits = {"mail.message": "mail_message_id"}
    _order = "id desc"
    _rec_name = "subject"

    mail_message_id = fields.Many2one("mail.message", string="Message", required=True, ondelete="cascade",
                                      index=True, auto_join=True)
    body_html = fields.Text(string="Rich-text Contents")
    email_to = fields.Text(string="To", help="Comma-separated addresses, on top of the recipients.")
    email_cc = fields.Char(string="Cc")
    recipient_ids = fields.Many2many("res.partner", "mail_mail_res_partner_rel", "mail_mail_id", "partner_id",
                                     string="To (Partners)")
    references = fields.Text(help="Message-Ids this mail answers (References header).")
    state = fields.Selection([("outgoing", "Outgoing"), ("sending", "Sending"), ("sent", "Sent"),
                              ("unknown", "Delivery unknown: to confirm"), ("exception", "Delivery Failed"),
                              ("cancel", "Cancelled")], string="Status", default="outgoing", required=True,
                             index=True, copy=False, readonly=True)
    failure_reason = fields.Text(readonly=True, copy=False)
    attempt = fields.Integer(string="Attempts", default=0, copy=False, readonly=True,
                             help="Failed sending attempts so far.")
    scheduled_date = fields.Datetime(string="Scheduled Send Date", index=True,
                                     help="Not sent before this time (retries are pushed back).")
    auto_delete = fields.Boolean(help="Delete the mail once it is sent (the chatter message stays).")
    is_notification = fields.Boolean(help="The mail notifies an existing chatter message.")
    mail_server_id = fields.Many2one("ir.mail_server", string="Outgoing mail server", ondelete="set null")
    sending_date = fields.Datetime(string="Handed to SMTP on", readonly=True, copy=False,
                                   help="When the queue claimed the mail to hand it to the SMTP server.")

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]
        for vals in vals_list:
            if vals.get("mail_message_id"):
                vals.setdefault("is_notification", True)
            else:
                vals.setdefault("message_type", "email")
        return super().create(vals_list)

    def unlink(self):
        """A standalone mail takes its message along; a notification leaves the chatter message."""
        own_messages = self.mapped(lambda mail: mail.mail_message_id if not mail.is_notification
                                   else self.env["mail.message"])
        result = super().unlink()
        if own_messages:
            own_messages.unlink()
        return result

    def action_retry(self):
        """Queue failed, cancelled or unconfirmed mails again (an unconfirmed one may arrive twice)."""
        self._check_queue_access()
        self.filtered(lambda m: m.state in ("exception", "cancel", "unknown")).write(
            {"state": "outgoing", "attempt": 0, "failure_reason": False, "scheduled_date": False,
             "sending_date": False})
        return True

    def action_confirm_sent(self):
        """The administrator confirms that unconfirmed mails did arrive: mark them sent."""
        self._check_queue_access()
        self.filtered(lambda m: m.state == "unknown").write({"state": "sent", "failure_reason": False})
        return True

    def cancel(self):
        self.write({"state": "cancel"})
        return True

    def _check_queue_access(self):
        """Sending (and re-sending) is the system's business: the queue, or an administrator."""
        if not (self.env.su or self.env.user._is_system()):
            raise AccessError(_("Only the administrator may send or re-send queued mail."))

    # --- queue --------------------------------------------------------------------------------
    @api.model
    def _due_domain(self):
        now = fields.Datetime.now()
        return [("state", "=", "outgoing"), "|", ("scheduled_date", "=", False), ("scheduled_date", "<=", now)]

    @api.model
    def process_email_queue(self, ids=None):
        """Send the outgoing mails that are due (among ``ids`` if given); returns True."""
        self._check_queue_access()
        self._flag_interrupted()
        domain = self._due_domain()
        if ids:
            domain = [("id", "in", list(ids))] + domain
        mails = self.sudo().search(domain, limit=QUEUE_BATCH, order="id asc")
        if mails:
            mails.send(raise_exception=False, auto_commit=delivery.auto_commit(self.env))
        return True

    @api.model
    def _flag_interrupted(self):
        """Mails claimed longer than ``CLAIM_TIMEOUT`` ago and never marked: maybe sent, maybe not."""
        cut = fields.Datetime.now() - datetime.timedelta(seconds=delivery.claim_timeout())
        stuck = self.sudo().search([("state", "=", "sending"), ("sending_date", "<", cut)])
        if stuck:
            _logger.warning("Mails %s were interrupted while being handed to SMTP: the administrator must "
                            "confirm them (sent) or send them again", stuck.ids)
            stuck.write({"state": "unknown", "failure_reason": _(
                "Sending was interrupted after the mail was handed to the SMTP server: it may have "
                "arrived. Confirm it was sent, or send it again.")})

    def send(self, raise_exception=False, auto_commit=False):
        """Send these outgoing mails now; failures are recorded on each mail (or raised).

        With ``auto_commit`` (the queue running in a transaction of its own), each mail is claimed
        and its outcome recorded in transactions of their own (see the class doc); the caller's
        pending work is committed first.
        """
        self._check_queue_access()
        if auto_commit:
            self.env.cr.commit()
        unserved = 0
        for mail in self.sudo():
            if mail.state != "outgoing":
                continue
            server = mail.mail_server_id or self.env["ir.mail_server"]._find_mail_server(mail.email_from)
            if not server and server._smtp_settings() is None:
                unserved += 1
                if raise_exception:
                    _log_no_server(self.env.cr.dbname, unserved)
                    raise UserError(_("No outgoing mail server is configured: add one under Settings, "
                                      "or set FAZHI_SMTP_HOST."))
                continue
            _NO_SERVER_WARNED.discard(self.env.cr.dbname)   # a server again: warn anew if it goes
            if auto_commit:
                if not delivery.claim(self.env, self._table, mail.id, "scheduled_date", fields.Datetime.now()):
                    continue
                mail.invalidate_recordset(["state", "sending_date"])
            try:
                message = mail._build_email(server)
                server.send_email(message)
            except (MailDeliveryError, OSError, smtplib.SMTPException) as exc:
                mail._record(lambda mail=mail, exc=exc: mail._record_failure(exc), auto_commit)
                if raise_exception:
                    raise
                continue
            mail._record(mail._record_success, auto_commit)
        if unserved:
            _log_no_server(self.env.cr.dbname, unserved)
        return True

    def _record(self, func, auto_commit):
        if not auto_commit:
            func()
            return
        delivery.record_outcome(self.env, self, func, "Mail %s" % self.id)

    def _record_success(self):
        self.write({"state": "sent", "failure_reason": False})
        _logger.info("Mail %s sent to %s", self.id, self._recipient_addresses())
        if self.auto_delete:
            self.unlink()

    def _record_failure(self, exc):
        """Transient failures retry later with a growing delay; permanent ones (or too many) give up."""
        kind, reason = classify_failure(exc)
        attempt = self.attempt + 1
        if gives_up(kind, attempt):
            _logger.warning("Mail %s failed (%s, attempt %s): %s", self.id, kind, attempt, reason)
            self.write({"state": "exception", "attempt": attempt, "failure_reason": reason})
        else:
            _logger.info("Mail %s will be retried (attempt %s): %s", self.id, attempt, reason)
            self.write({"state": "outgoing", "attempt": attempt, "failure_reason": reason,
                        "scheduled_date": fields.Datetime.now() + retry_delay(attempt)})

    # --- building -----------------------------------------------------------------------------
    def _recipient_addresses(self):
        """Formatted To addresses: the recipient partners, then ``email_to``."""
        self.ensure_one()
        addresses = [p._mail_formatted_address() for p in self.recipient_ids if p.email]
        addresses += [a.strip() for a in (self.email_to or "").replace(";", ",").split(",") if a.strip()]
        return addresses

    def _default_from(self):
        """Sender when the mail has none: system parameter ``mail.default.from`` (an address)."""
        return self.env["ir.config_parameter"].sudo().get_param("mail.default.from") or False

    def _build_email(self, server):
        self.ensure_one()
        email_from = self.email_from or self._default_from()
        if not email_from:
            raise MailDeliveryError(_("Unable to send the mail: it has no sender address. Set the author's "
                                      "e-mail or the system parameter mail.default.from."))
        cc = [a.strip() for a in (self.email_cc or "").split(",") if a.strip()]
        references = self.references or (self.parent_id.message_id or False)
        return server.build_email(
            email_from=email_from, email_to=self._recipient_addresses(), subject=self.subject or self.record_name,
            body=self.body_html or self.body or "", email_cc=cc, reply_to=self.reply_to,
            message_id=self.message_id, references=references,
            attachments=[(att.name, att.sudo().raw, att.mimetype) for att in self.attachment_ids if att.sudo().raw])
