import uuid

from flectra import _, api, fields, models
from flectra.exceptions import AccessError
from fazhi.tools import clock


class MailMessage(models.Model):
    """A message in a record's chatter: notes, comments, tracking notifications and e-mails."""

    _name = "mail.message"
    _inherit = ["mail.document.access"]
    _description = "Message"
    _order = "id desc"  #: newest message first, as the chatter shows them
    _rec_name = "record_name"

    @api.model
    def _default_email_from(self):
        return self.env.user.partner_id._mail_formatted_address()

    @api.model
    def _default_message_id(self):
        return "<%s.%d-fazhi@localhost>" % (uuid.uuid4().hex, int(clock.now().timestamp()))

    subject = fields.Char()
    date = fields.Datetime(default=fields.Datetime.now)
    body = fields.Html(string="Contents", default="")
    attachment_ids = fields.Many2many("ir.attachment", "message_attachment_rel", "message_id", "attachment_id",
                                      string="Attachments")
    parent_id = fields.Many2one("mail.message", string="Parent Message", index=True, ondelete="set null")
    child_ids = fields.One2many("mail.message", "parent_id", string="Child Messages")
    model = fields.Char(string="Related Document Model", index=True)
    res_id = fields.Many2oneReference(string="Related Document ID", model_field="model", index=True)
    record_name = fields.Char(string="Message Record Name")
    message_type = fields.Selection([("email", "Email"), ("comment", "Comment"),
                                     ("notification", "System notification"),
                                     ("user_notification", "User Specific Notification")],
                                    string="Type", required=True, default="comment")
    subtype_id = fields.Many2one("mail.message.subtype", string="Subtype", ondelete="set null", index=True)
    mail_activity_type_id = fields.Many2one("mail.activity.type", string="Mail Activity Type",
                                            index=True, ondelete="set null")
    author_id = fields.Many2one("res.partner", string="Author", index=True, ondelete="set null",
                                default=lambda self: self.env.user.partner_id.id)
    email_from = fields.Char(string="From", default=_default_email_from)
    reply_to = fields.Char(string="Reply-To")
    message_id = fields.Char(string="Message-Id", index=True, copy=False, default=_default_message_id)
    partner_ids = fields.Many2many("res.partner", "mail_message_res_partner_rel", "mail_message_id",
                                   "res_partner_id", string="Recipients")
    tracking_value_ids = fields.One2many("mail.tracking.value", "mail_message_id", string="Tracking values")

    def _record(self):
        """The document this message belongs to (empty when it has none)."""
        self.ensure_one()
        if not self.model or self.model not in self.env or not self.res_id:
            return None
        return self.env[self.model].browse(self.res_id)

    # --- access: the document's (mail.document.access), plus the author's and recipients' own ---
    def _extra_read_condition(self, alias):
        """Its author and its recipients read a message whatever its document (as in Flectra)."""
        partner_id = self.env.user.partner_id.id
        return ('("%s"."author_id" = %%s OR "%s"."id" IN (SELECT "mail_message_id" FROM '
                '"mail_message_res_partner_rel" WHERE "res_partner_id" = %%s))' % (alias, alias),
                [partner_id, partner_id])

    def _check_document_rows(self, operation):
        """create: post access to the document (its ``_mail_post_access``, write by default);
        write: the author or a recipient, else write access; unlink: write access."""
        partner = self.env.user.partner_id
        modes = {}
        for message in self.sudo():
            if operation == "create":
                model = self.env[message.model] if message.model in self.env else None
                modes[message] = getattr(model, "_mail_post_access", "write") if model is not None else "write"
            elif operation == "write" and (message.author_id == partner or partner in message.partner_ids):
                modes[message] = None
            else:
                modes[message] = "write"
        self._check_documents(modes, operation)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # the author is the caller: nobody writes in another's name (a sudo caller may)
            partner = self.env.user.partner_id
            vals_list = [dict(vals, author_id=partner.id, email_from=partner._mail_formatted_address())
                         for vals in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and "author_id" in vals and vals["author_id"] != self.env.user.partner_id.id:
            raise AccessError(_("A message's author cannot be changed."))
        result = super().write(vals)
        if not self.env.su and ({"model", "res_id"} & set(vals)):
            self._check_document_rows("create")     # moved: as if posted on the new document
        return result
