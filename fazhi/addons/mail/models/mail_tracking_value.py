import datetime

from flectra import api, fields, models


class MailTrackingValue(models.Model):
    """One tracked field change (old and new value, typed) inside a tracking message."""

    _name = "mail.tracking.value"
    _description = "Mail Tracking Value"
    _rec_name = "field"
    _order = "id"  #: created in tracking order, read back in the same order

    field_id = fields.Many2one("ir.model.fields", string="Field", index=True, ondelete="set null")
    field = fields.Char(related="field_id.name", string="Field Name")
    field_desc = fields.Char(string="Field Description", help="Label of the field when it changed.")
    field_type = fields.Char(string="Field Type")
    tracking_sequence = fields.Integer(default=100)

    old_value_integer = fields.Integer()
    old_value_float = fields.Float()
    old_value_char = fields.Char()
    old_value_text = fields.Text()
    old_value_datetime = fields.Datetime()
    new_value_integer = fields.Integer()
    new_value_float = fields.Float()
    new_value_char = fields.Char()
    new_value_text = fields.Text()
    new_value_datetime = fields.Datetime()

    mail_message_id = fields.Many2one("mail.message", string="Message", required=True, index=True,
                                      ondelete="cascade")

    @api.model
    def _prepare_tracking_vals(self, record, fname, old, new):
        """Values of a ``mail.tracking.value`` for ``record.fname`` going from ``old`` to ``new``."""
        field = record._fields[fname]
        ftype = field.type
        Fields = self.env["ir.model.fields"].sudo()
        field_rec = Fields.search([("model", "=", record._name), ("name", "=", fname)], limit=1)
        vals = {"field_id": field_rec.id, "field_desc": self.env._(field.string), "field_type": ftype,
                "tracking_sequence": record._track_sequence(field)}
        if ftype in ("integer", "float", "char", "text", "datetime"):
            vals.update({"old_value_%s" % ftype: old, "new_value_%s" % ftype: new})
        elif ftype == "html":
            vals.update({"old_value_text": old and str(old), "new_value_text": new and str(new)})
        elif ftype == "monetary":
            vals.update({"old_value_float": old, "new_value_float": new})
        elif ftype == "date":
            vals.update({"old_value_datetime": old and datetime.datetime.combine(old, datetime.time.min),
                         "new_value_datetime": new and datetime.datetime.combine(new, datetime.time.min)})
        elif ftype == "boolean":
            vals.update({"old_value_integer": int(bool(old)), "new_value_integer": int(bool(new))})
        elif ftype == "selection":
            labels = dict(field.get_description(record.env)["selection"])
            vals.update({"old_value_char": old and labels.get(old, old) or "",
                         "new_value_char": new and labels.get(new, new) or ""})
        elif ftype == "many2one":
            vals.update({"old_value_integer": old.id or 0, "new_value_integer": new.id or 0,
                         "old_value_char": old.display_name or "", "new_value_char": new.display_name or ""})
        elif ftype in ("one2many", "many2many"):
            vals.update({"old_value_char": ", ".join(old.mapped("display_name")),
                         "new_value_char": ", ".join(new.mapped("display_name"))})
        else:
            raise NotImplementedError("Tracking of %s fields (%s.%s) is not supported" % (ftype, record._name, fname))
        return vals

    def _value(self, new=True):
        """The old or new value as stored, read from the column matching the field type."""
        self.ensure_one()
        prefix = "new_value_" if new else "old_value_"
        column = {"integer": "integer", "boolean": "integer", "float": "float", "monetary": "float",
                  "text": "text", "html": "text", "datetime": "datetime",
                  "date": "datetime"}.get(self.field_type, "char")
        value = self[prefix + column]
        if self.field_type == "date" and value:
            return value.date()
        if self.field_type == "boolean":
            return bool(value)
        return value
