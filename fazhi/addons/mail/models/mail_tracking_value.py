import datetime

from flectra import api, fields, models


def _source_selection(field, env):
    """A selection field's (key, label) pairs in the source language: what tracking stores."""
    return field.get_description(env(context=dict(env.context, lang=None)))["selection"]


class MailTrackingValue(models.Model):
    """One tracked field change (old and new value, typed) inside a tracking message."""

    _name = "mail.tracking.value"
    _inherit = ["mail.document.access"]
    _description = "Mail Tracking Value"
    _rec_name = "field"
    _order = "id"  #: created in tracking order, read back in the same order

    field_id = fields.Many2one("ir.model.fields", string="Field", index=True, ondelete="set null")
    field = fields.Char(related="field_id.name", string="Field Name")
    field_desc = fields.Char(string="Field Description", help="Label of the field when it changed.")
    # Labels are stored in the source language and translated when read, so a change made by a
    # script or a cron (no language) still reads in Chinese to the clerk who opens the chatter.
    field_label = fields.Char(compute="_compute_labels", string="Field")
    old_value_label = fields.Char(compute="_compute_labels", string="Old Value")
    new_value_label = fields.Char(compute="_compute_labels", string="New Value")
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

    # --- access: a tracking value is read with its message (mail.document.access) ----------------
    @api.model
    def _document_read_condition(self, alias):
        sub_sql, sub_params = self.env["mail.message"]._where_calc_query([]).subselect()
        sql, params = '"%s"."mail_message_id" IN (%s)' % (alias, sub_sql), list(sub_params)
        hidden = self._hidden_field_ids()
        if hidden:
            # a change of a field the reader may not see (``groups``) stays hidden, as the field does
            sql += ' AND ("%s"."field_id" IS NULL OR "%s"."field_id" NOT IN (%s))' % (
                alias, alias, ", ".join(["%s"] * len(hidden)))
            params += hidden
        return sql, params

    @api.model
    def _hidden_field_ids(self):
        """ir.model.fields ids of the tracked fields whose ``groups`` the user is not in."""
        tracked = self.env.registry.__dict__.get("_fz_tracked_with_groups")
        if tracked is None:
            tracked = [(name, fname, field.groups) for name in self.env.registry
                       for fname, field in self.env[name]._fields.items()
                       if getattr(field, "tracking", False) and field.groups]
            self.env.registry.__dict__["_fz_tracked_with_groups"] = tracked
        hidden = [(model, fname) for model, fname, groups in tracked if not self.user_has_groups(groups)]
        if not hidden:
            return []
        Fields = self.env["ir.model.fields"].sudo()
        return Fields.search(["|"] * (len(hidden) - 1) + [
            term for model, fname in hidden for term in ("&", ("model", "=", model), ("name", "=", fname))]).ids

    def _check_document_rows(self, operation):
        """Changing a tracking value (the audit trail) needs write access to its message's document."""
        self.sudo().mail_message_id.with_env(self.env)._check_document_rows("unlink")

    @api.model
    def _prepare_tracking_vals(self, record, fname, old, new):
        """Values of a ``mail.tracking.value`` for ``record.fname`` going from ``old`` to ``new``."""
        field = record._fields[fname]
        ftype = field.type
        Fields = self.env["ir.model.fields"].sudo()
        field_rec = Fields.search([("model", "=", record._name), ("name", "=", fname)], limit=1)
        vals = {"field_id": field_rec.id, "field_desc": field.string or fname, "field_type": ftype,
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
            labels = dict(_source_selection(field, record.env))
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

    @api.depends_context("lang", "tz")
    def _compute_labels(self):
        for tracking in self:
            field, description = tracking._tracked_field()
            tracking.field_label = description["string"] if description else self.env._(tracking.field_desc or "")
            tracking.old_value_label = tracking._display_value(field, description, new=False)
            tracking.new_value_label = tracking._display_value(field, description, new=True)

    def _tracked_field(self):
        """The tracked field and its description in the reader's language, if it still exists."""
        model_name = self.mail_message_id.model
        fname = self.field_id.name
        if not (model_name and fname and model_name in self.env.registry):
            return None, None
        field = self.env[model_name]._fields.get(fname)
        if field is None:
            return None, None
        return field, field.get_description(self.env)

    def _display_value(self, field, description, new=True):
        """The value as the reader should see it, in the reader's language and time zone."""
        value = self._value(new=new)
        ftype = self.field_type
        if ftype == "boolean":
            return self.env._("Yes") if value else self.env._("No")
        if value is False or value is None or value == "":
            return ""
        if ftype == "selection":
            if description:
                # stored as the source label: back to the key, then to the reader's label
                key = {label: key for key, label in _source_selection(field, self.env)}.get(value)
                return dict(description["selection"]).get(key, value)
            return self.env._(value)
        if ftype == "date":
            return fields.Date.to_string(value)
        if ftype == "datetime":
            return fields.Datetime.context_timestamp(self, value).strftime("%Y-%m-%d %H:%M")
        if ftype in ("float", "monetary"):
            return "%.2f" % value
        return str(value)

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
