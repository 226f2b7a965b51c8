from flectra import api, fields, models


class MailFollowers(models.Model):
    """A partner following a record, told about messages of the chosen subtypes."""

    _name = "mail.followers"
    _inherit = ["mail.document.access"]
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

    _document_model_field = "res_model"

    def _check_document_rows(self, operation):
        """Following oneself needs read access to the document, adding or changing another
        partner's subscription write access (as message_subscribe checks)."""
        partner = self.env.user.partner_id
        self._check_documents({follower: "read" if follower.partner_id == partner else "write"
                               for follower in self.sudo()}, operation)

    def write(self, vals):
        result = super().write(vals)
        if not self.env.su and {"res_model", "res_id", "partner_id"} & set(vals):
            self.check_access_rule("write")     # moved: the new document (or partner) counts too
        return result

    @api.model_create_multi
    def create(self, vals_list):
        """New followers with their subtypes given as ``[(6, 0, ids)]`` (message_subscribe): the
        subtype rows of all of them in one INSERT, rather than a read and an insert per follower."""
        field = self._fields["subtype_ids"]
        plain = all(isinstance(vals.get("subtype_ids"), (list, tuple)) and len(vals["subtype_ids"]) == 1
                    and tuple(vals["subtype_ids"][0][:2]) == (6, 0) for vals in vals_list)
        if not plain or self.env.registry.triggers.get((self._name, "subtype_ids")) or any(
                "subtype_ids" in names for _m, names in self.env.registry.constraint_methods.get(self._name, ())):
            return super().create(vals_list)
        subtype_ids = [list(dict.fromkeys(vals["subtype_ids"][0][2] or ())) for vals in vals_list]
        followers = super().create([{k: v for k, v in vals.items() if k != "subtype_ids"} for vals in vals_list])
        rows = [(follower_id, subtype_id) for follower_id, ids in zip(followers.ids, subtype_ids) for subtype_id in ids]
        if rows:
            self.env.cr.execute(
                'INSERT INTO "%s" ("%s", "%s") VALUES %s' % (field.relation, field.column1, field.column2,
                                                             ", ".join(["(%s, %s)"] * len(rows))),
                [value for row in rows for value in row])
            self.env.cache.invalidate(field, followers.ids)
        return followers
