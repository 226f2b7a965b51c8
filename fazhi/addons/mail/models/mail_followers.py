from flectra import fields, models


class MailFollowers(models.Model):
    """A partner following a record, told about messages of the chosen subtypes."""

    _name = "mail.followers"
    _description = "Document Followers"
    _rec_name = "partner_id"
    _log_access = False

    res_model = fields.Char(string="Related Document Model Name", required=True, index=True)
    res_id = fields.Many2oneReference(string="Related Document ID", index=True, model_field="res_model")
    partner_id = fields.Many2one("res.partner", string="Related Partner", required=True, index=True,
                                 ondelete="cascade")
    subtype_ids = fields.Many2many("mail.message.subtype", "mail_followers_mail_message_subtype_rel",
                                   "mail_followers_id", "mail_message_subtype_id", string="Subtype")
    name = fields.Char(related="partner_id.name", string="Name")
    email = fields.Char(related="partner_id.email", string="Email")

    _sql_constraints = [
        ("mail_followers_res_partner_res_model_id_uniq", "unique(res_model, res_id, partner_id)",
         "A partner cannot follow the same record twice."),
    ]
