import logging
import os
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, getaddresses

from flectra import _, api, fields, models
from flectra.exceptions import UserError
from fazhi.tools import clock
from fazhi.tools.html import html2plaintext

from ..tools.mail_delivery import MailDeliveryError

_logger = logging.getLogger(__name__)

SMTP_TIMEOUT = 30  #: seconds; a hanging server counts as a transient failure


class IrMailServer(models.Model):
    """An outgoing SMTP server. Without any, ``FAZHI_SMTP_HOST``/``FAZHI_SMTP_PORT`` are used."""

    _name = "ir.mail_server"
    _description = "Mail Server"
    _order = "sequence, id"

    name = fields.Char(string="Name", required=True, index=True)
    from_filter = fields.Char(string="FROM Filtering",
                              help="Use this server only for senders of this domain or address.")
    smtp_host = fields.Char(string="SMTP Server", required=True)
    smtp_port = fields.Integer(string="SMTP Port", required=True, default=25)
    smtp_encryption = fields.Selection([("none", "None"), ("starttls", "TLS (STARTTLS)"), ("ssl", "SSL/TLS")],
                                       string="Connection Encryption", required=True, default="none")
    smtp_user = fields.Char(string="Username", groups="base.group_system")
    smtp_pass = fields.Char(string="Password", groups="base.group_system")
    sequence = fields.Integer(string="Priority", default=10,
                              help="The server with the lowest priority number is used first.")
    active = fields.Boolean(default=True)

    # --- choosing a server --------------------------------------------------------------------
    @api.model
    def _find_mail_server(self, email_from=False):
        """The server for a sender: one whose ``from_filter`` matches, else one without filter."""
        servers = self.sudo().search([])
        address = (getaddresses([email_from])[0][1] if email_from else "").lower()
        domain = address.rpartition("@")[2]
        for server in servers:
            wanted = (server.from_filter or "").lower().strip()
            if wanted and address and wanted in (address, domain):
                return server
        return servers.filtered(lambda s: not s.from_filter)[:1] or servers[:1]

    def _smtp_settings(self):
        """Connection settings of this server, or of the environment when ``self`` is empty.

        Returns None when nothing is configured (mails then stay queued).
        """
        if self:
            server = self.sudo()
            return {"host": server.smtp_host, "port": server.smtp_port or 25, "encryption": server.smtp_encryption,
                    "user": server.smtp_user or None, "password": server.smtp_pass or None}
        host = os.environ.get("FAZHI_SMTP_HOST")
        if not host:
            return None
        return {"host": host, "port": int(os.environ.get("FAZHI_SMTP_PORT") or 25), "encryption": "none",
                "user": os.environ.get("FAZHI_SMTP_USER") or None,
                "password": os.environ.get("FAZHI_SMTP_PASSWORD") or None}

    def connect(self, timeout=SMTP_TIMEOUT):
        """An open ``smtplib.SMTP`` session on this server (or the environment's); the caller quits it.

        Raises:
            UserError: no server is configured at all.
            OSError, smtplib.SMTPException: the server cannot be reached or refuses the login.
        """
        settings = self._smtp_settings()
        if settings is None:
            raise UserError(_("No outgoing mail server is configured: add one under Settings, "
                              "or set FAZHI_SMTP_HOST."))
        if settings["encryption"] == "ssl":
            session = smtplib.SMTP_SSL(settings["host"], settings["port"], timeout=timeout,
                                       context=ssl.create_default_context())
        else:
            session = smtplib.SMTP(settings["host"], settings["port"], timeout=timeout)
        try:
            session.ehlo_or_helo_if_needed()
            if settings["encryption"] == "starttls":
                session.starttls(context=ssl.create_default_context())
                session.ehlo()
            if settings["user"]:
                session.login(settings["user"], settings["password"] or "")
        except (OSError, smtplib.SMTPException):
            session.close()
            raise
        return session

    def test_smtp_connection(self):
        """Button: open and close a session; raises UserError with the reason when it fails."""
        self.ensure_one()
        try:
            self.connect().quit()
        except (OSError, smtplib.SMTPException) as exc:
            raise UserError(_("Connection to %(server)s failed: %(reason)s", server=self.name, reason=exc)) from exc
        return True

    # --- building and sending -----------------------------------------------------------------
    @api.model
    def build_email(self, email_from, email_to, subject, body, email_cc=None, reply_to=False,
                    message_id=None, references=None, subtype="html", headers=None, attachments=None):
        """An ``EmailMessage`` (UTF-8) with a plain-text part and, for HTML bodies, an HTML one."""
        message = EmailMessage()
        message["From"] = email_from
        message["To"] = ", ".join(email_to or [])
        if email_cc:
            message["Cc"] = ", ".join(email_cc)
        if reply_to:
            message["Reply-To"] = reply_to
        message["Subject"] = subject or ""
        message["Date"] = formatdate(clock.now().timestamp(), usegmt=True)
        message["Message-Id"] = message_id or self.env["mail.message"]._default_message_id()
        if references:
            message["References"] = references
            message["In-Reply-To"] = references.split()[-1]
        for name, value in (headers or {}).items():
            message[name] = value
        body = body or ""
        if subtype == "html":
            message.set_content(html2plaintext(body) or " ", charset="utf-8")
            message.add_alternative(str(body), subtype="html", charset="utf-8")
        else:
            message.set_content(str(body), charset="utf-8")
        for filename, content, mimetype in attachments or ():
            maintype, _sep, subtype_ = (mimetype or "application/octet-stream").partition("/")
            message.add_attachment(content, maintype=maintype, subtype=subtype_ or "octet-stream", filename=filename)
        return message

    @api.model
    def send_email(self, message, mail_server_id=None, smtp_session=None):
        """Send an ``EmailMessage`` to everybody in To/Cc/Bcc; returns its Message-Id.

        The server is ``smtp_session`` if given, else ``mail_server_id``, else ``self`` when it is
        a record, else the best match for the sender, else the environment's.

        Raises:
            MailDeliveryError: no sender or no valid recipient (permanent).
            UserError: no server is configured.
            OSError, smtplib.SMTPException: as raised by the server (see tools.mail_delivery).
        """
        sender = getaddresses([message.get("From", "")])[0][1]
        if "@" not in sender:
            raise MailDeliveryError(_("The mail has no valid sender address (%(sender)s).",
                                      sender=message.get("From") or ""))
        recipients = [address for _name, address in getaddresses(
            [message.get(h, "") for h in ("To", "Cc", "Bcc")]) if address]
        invalid = [address for address in recipients if "@" not in address]
        if invalid or not recipients:
            raise MailDeliveryError(_("Invalid or missing recipient address: %(addresses)s",
                                      addresses=", ".join(invalid) or "-"))
        del message["Bcc"]
        session = smtp_session
        if session is None:
            server = self.browse(mail_server_id) if mail_server_id else (self[:1] or self._find_mail_server(sender))
            session = server.connect()
        try:
            refused = session.send_message(message, sender, recipients)
        finally:
            if smtp_session is None:
                try:
                    session.quit()
                except (OSError, smtplib.SMTPException):
                    _logger.debug("SMTP QUIT failed after sending; the mail was accepted already")
        if refused:
            # accepted for the others already: retrying would send them a second copy
            raise MailDeliveryError(_("Some recipients were refused: %(refused)s", refused="; ".join(
                "%s %s" % (address, code) for address, (code, _msg) in refused.items())))
        return message["Message-Id"]
