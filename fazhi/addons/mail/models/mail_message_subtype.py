from flectra import fields, models


class MailMessageSubtype(models.Model):
    """Kinds of chatter messages; followers choose the subtypes they are told about."""

    _name = "mail.message.subtype"
    _description = "Message subtypes"
    _order = "sequence, id"

    name = fields.Char(string="Message Type", required=True, translate=True)
    description = fields.Text(translate=True, help="Text shown in the message when it has no body.")
    internal = fields.Boolean(string="Internal Only",
                              help="Messages of an internal subtype are seen by internal users only.")
    res_model = fields.Char(string="Model", help="Restrict the subtype to this model; empty for every model.")
    default = fields.Boolean(string="Default", default=True,
                             help="New followers are subscribed to this subtype.")
    sequence = fields.Integer(default=1)
    hidden = fields.Boolean(help="Hide the subtype in the follower options.")

    def _default_subtypes(self, model_name):
        """Subtypes a new follower of ``model_name`` gets when none are given."""
        return self.sudo().search([("default", "=", True), "|", ("res_model", "=", model_name),
                                   ("res_model", "=", False)])
