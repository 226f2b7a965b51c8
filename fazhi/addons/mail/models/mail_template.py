import datetime

from markupsafe import escape

from flectra import _, api, fields, models
from flectra.exceptions import UserError

from ..tools.mail_render import TemplateError, render

#: fields rendered as HTML (values escaped); the others are plain text
HTML_FIELDS = ("body_html",)
RENDERED_FIELDS = ("subject", "body_html", "email_from", "email_to", "email_cc", "reply_to", "partner_to", "lang")


class MailTemplate(models.Model):
    """An e-mail model whose texts hold ``{{ object.field.path }}`` placeholders."""

    _name = "mail.template"
    _description = "Email Templates"
    _order = "name"

    name = fields.Char(translate=True)
    model_id = fields.Many2one("ir.model", string="Applies to", ondelete="cascade",
                               help="The type of document this template can be used with.")
    model = fields.Char(string="Related Document Model", related="model_id.model", store=True, index=True)
    subject = fields.Char(translate=True, help="Subject (placeholders may be used here)")
    email_from = fields.Char(string="From", help="Sender address (placeholders may be used here).")
    email_to = fields.Char(string="To (Emails)", help="Comma-separated recipient addresses.")
    partner_to = fields.Char(string="To (Partners)", help="Comma-separated ids of recipient partners.")
    email_cc = fields.Char(string="Cc")
    reply_to = fields.Char(string="Reply To")
    body_html = fields.Html(string="Body", translate=True)
    lang = fields.Char(string="Language", help="Language of the e-mail, e.g. {{ object.partner_id.lang }}.")
    auto_delete = fields.Boolean(default=True, help="Delete the e-mails once sent.")
    mail_server_id = fields.Many2one("ir.mail_server", string="Outgoing Mail Server")

    # --- rendering ----------------------------------------------------------------------------
    def _render_field(self, field, res_ids):
        """``{res_id: text}``: the template's ``field`` rendered for each record of ``res_ids``.

        Raises:
            UserError: a placeholder is not a plain field path of the records.
        """
        self.ensure_one()
        if field not in RENDERED_FIELDS:
            raise ValueError("Field %r of mail.template is not renderable" % field)
        source = self[field] or ""
        records = self.env[self.model].browse(res_ids)
        escape_value = escape if field in HTML_FIELDS else str
        results = {}
        for record in records:
            try:
                results[record.id] = render(str(source), lambda path: self._resolve(record, path), escape_value)
            except TemplateError as exc:
                raise UserError(_("Template %(template)s cannot be rendered: %(reason)s",
                                  template=self.name, reason=exc)) from exc
        return results

    @api.model
    def _resolve(self, record, path):
        """Display text of ``record.<path>``, following fields only."""
        value = record
        for name in path:
            if not isinstance(value, models.BaseModel):
                raise TemplateError("%r is not a field of a record" % name)
            if name not in value._fields:
                raise TemplateError("%s has no field %r" % (value._name, name))
            value = value.mapped(name) if len(value) > 1 else value[name]
        return self._format_value(value)

    @api.model
    def _format_value(self, value):
        if isinstance(value, models.BaseModel):
            return ", ".join(name for name in value.mapped("display_name") if name)
        if value is False or value is None:
            return ""
        if isinstance(value, datetime.datetime):
            return fields.Datetime.to_string(value)
        if isinstance(value, datetime.date):
            return fields.Date.to_string(value)
        if isinstance(value, list):
            return ", ".join(self._format_value(v) for v in value)
        return str(value)

    # --- sending ------------------------------------------------------------------------------
    def _prepare_mail_values(self, res_id):
        self.ensure_one()
        rendered = {field: self._render_field(field, [res_id])[res_id] for field in RENDERED_FIELDS}
        partner_ids = [int(pid) for pid in rendered.pop("partner_to").replace(";", ",").split(",")
                       if pid.strip().isdigit()]
        record = self.env[self.model].browse(res_id)
        return {
            "subject": rendered["subject"] or False, "body_html": rendered["body_html"] or False,
            "body": rendered["body_html"] or "", "email_from": rendered["email_from"] or False,
            "email_to": rendered["email_to"] or False, "email_cc": rendered["email_cc"] or False,
            "reply_to": rendered["reply_to"] or False, "recipient_ids": [(6, 0, partner_ids)],
            "model": self.model, "res_id": res_id, "record_name": record.display_name,
            "auto_delete": self.auto_delete, "mail_server_id": self.mail_server_id.id or False,
        }

    def send_mail(self, res_id, force_send=False, raise_exception=False, email_values=None):
        """Render the template for record ``res_id`` into a queued ``mail.mail``; returns its id.

        ``force_send`` sends it at once instead of waiting for the mail queue.
        """
        self.ensure_one()
        if not self.model:
            raise UserError(_("Template %(template)s is not linked to a model.", template=self.name))
        self.env[self.model].browse(res_id).check_access_rule("read")
        lang = self._render_field("lang", [res_id])[res_id]
        template = self.with_context(lang=lang) if lang else self
        values = template._prepare_mail_values(res_id)
        values.update(email_values or {})
        mail = self.env["mail.mail"].sudo().create(values)
        if force_send:
            mail.send(raise_exception=raise_exception)
        return mail.id
