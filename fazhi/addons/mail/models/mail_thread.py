from flectra import api, fields, models


class MailMessage(models.Model):
    """A message in a record's chatter: notes, comments and tracking notifications."""

    _name = "mail.message"
    _description = "Message"
    _order = "id desc"
    _rec_name = "record_name"

    subject = fields.Char()
    body = fields.Html(default="")
    model = fields.Char(string="Related Document Model", index=True)
    res_id = fields.Integer(string="Related Document ID", index=True)
    record_name = fields.Char()
    message_type = fields.Selection([("email", "Email"), ("comment", "Comment"), ("notification", "System notification"),
                                     ("user_notification", "User Specific Notification")],
                                    default="comment", required=True)
    author_id = fields.Many2one("res.partner", string="Author", index=True, ondelete="set null",
                                default=lambda self: self.env.user.partner_id.id)
    partner_ids = fields.Many2many("res.partner", "mail_message_res_partner_rel", "mail_message_id",
                                   "res_partner_id", string="Recipients")
    date = fields.Datetime(default=fields.Datetime.now)


class MailThread(models.AbstractModel):
    """Chatter for a model: ``message_post`` and the ``message_ids`` of each record."""

    _name = "mail.thread"
    _description = "Email Thread"

    message_ids = fields.One2many("mail.message", "res_id", string="Messages",
                                  domain=lambda self: [("model", "=", self._name)])

    def message_post(self, *, body="", subject=None, message_type="notification", subtype_xmlid=None,
                     partner_ids=None, author_id=None, **kwargs):
        self.ensure_one()
        values = {"body": body, "subject": subject, "message_type": message_type, "model": self._name,
                  "res_id": self.id, "record_name": self.display_name,
                  "partner_ids": [(6, 0, list(partner_ids or []))]}
        if author_id:
            values["author_id"] = author_id
        return self.env["mail.message"].sudo().create(values)


class MailActivityMixin(models.AbstractModel):
    _name = "mail.activity.mixin"
    _description = "Activity Mixin"
