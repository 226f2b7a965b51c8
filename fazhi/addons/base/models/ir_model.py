import logging

from flectra import api, fields, models, _
from flectra.exceptions import AccessError

_logger = logging.getLogger(__name__)

_MODE_LABELS = {"read": "access", "write": "modify", "create": "create", "unlink": "delete"}


class IrModel(models.Model):
    _name = "ir.model"
    _description = "Models"
    _order = "model"
    _rec_name = "name"

    name = fields.Char(string="Model Description", required=True)
    model = fields.Char(required=True, index=True)
    info = fields.Text(string="Information")
    field_id = fields.One2many("ir.model.fields", "model_id", string="Fields")
    access_ids = fields.One2many("ir.model.access", "model_id", string="Access")
    rule_ids = fields.One2many("ir.rule", "model_id", string="Record Rules")
    state = fields.Selection([("manual", "Custom Object"), ("base", "Base Object")], default="manual")
    transient = fields.Boolean()
    modules = fields.Char(string="In Apps")
    order = fields.Char(default="id")

    _sql_constraints = [("obj_name_uniq", "unique (model)", "Each model must have a unique name.")]

    @api.model
    def _get(self, name):
        """The ir.model record of a model name (empty when unknown)."""
        return self.sudo().search([("model", "=", name)], limit=1)

    @api.model
    def _get_id(self, model_name):
        self.env.cr.execute("SELECT id FROM ir_model WHERE model = %s", [model_name])
        row = self.env.cr.fetchone()
        return row and row[0]

    @api.model
    def _reflect_module(self, module):
        """Rows (and xml ids) in ir.model / ir.model.fields for what ``module`` defines."""
        registry = self.env.registry
        IMD = self.env["ir.model.data"]
        Fields = self.env["ir.model.fields"].sudo()
        for name, cls in registry.models.items():
            modules = registry.model_modules.get(name, [])
            if module not in modules:
                continue
            vals = {"model": name, "name": cls._description or name, "info": cls.__doc__ or False,
                    "state": "base", "transient": bool(cls._transient), "modules": ", ".join(modules),
                    "order": cls._order}
            model = self.sudo().search([("model", "=", name)])
            if model:
                model.write(vals)
            else:
                model = self.sudo().create(vals)
            if modules[0] == module:
                IMD._register_xmlid("%s.model_%s" % (module, name.replace(".", "_")), "ir.model", model.id, False)
            existing = {f.name: f for f in Fields.search([("model_id", "=", model.id)])}
            for fname, field in cls._fields.items():
                fvals = Fields._reflect_values(field, model)
                record = existing.get(fname)
                if record is None:
                    record = Fields.create(fvals)
                elif any(record[k] != v for k, v in fvals.items() if k != "model_id"):
                    record.write(fvals)
                owner = getattr(field, "_module", None) or modules[0]
                if owner == module:
                    IMD._register_xmlid("%s.field_%s__%s" % (module, name.replace(".", "_"), fname),
                                        "ir.model.fields", record.id, False)


class IrModelFields(models.Model):
    _name = "ir.model.fields"
    _description = "Fields"
    _order = "model, name"
    _rec_name = "field_description"

    name = fields.Char(string="Field Name", required=True, index=True)
    model = fields.Char(string="Model Name", required=True, index=True)
    model_id = fields.Many2one("ir.model", string="Model", required=True, ondelete="cascade", index=True)
    field_description = fields.Char(string="Field Label")
    help = fields.Text()
    ttype = fields.Char(string="Field Type", required=True)
    relation = fields.Char(string="Related Model")
    relation_field = fields.Char()
    relation_table = fields.Char()
    column1 = fields.Char()
    column2 = fields.Char()
    required = fields.Boolean()
    readonly = fields.Boolean()
    index = fields.Boolean()
    store = fields.Boolean(default=True)
    copied = fields.Boolean()
    related = fields.Char()
    selection = fields.Text()
    groups = fields.Char()
    tracking = fields.Integer()
    on_delete = fields.Char()
    state = fields.Selection([("manual", "Custom Field"), ("base", "Base Field")], default="base")

    _sql_constraints = [("name_unique", "UNIQUE(model, name)", "Field names must be unique per model.")]

    @api.model
    def _get(self, model_name, name):
        """The ir.model.fields record of ``model_name.name`` (empty when unknown)."""
        return self.sudo().search([("model", "=", model_name), ("name", "=", name)], limit=1)

    @api.model
    def _reflect_values(self, field, model):
        selection = False
        if field.type == "selection" and isinstance(field.selection, list):
            selection = repr([tuple(s) for s in field.selection])
        return {
            "name": field.name, "model": model.model, "model_id": model.id,
            "field_description": field.string or field.name, "help": field.help or False,
            "ttype": field.type, "relation": field.comodel_name or False,
            "relation_field": field.inverse_name if field.type == "one2many" else False,
            "relation_table": field.relation if field.type == "many2many" else False,
            "column1": field.column1 if field.type == "many2many" else False,
            "column2": field.column2 if field.type == "many2many" else False,
            "required": bool(field.required), "readonly": bool(field.readonly), "index": bool(field.index),
            "store": bool(field.store), "copied": bool(field.copy),
            "related": ".".join(field.related) if field.related else False, "selection": selection,
            "groups": field.groups or False, "tracking": int(field.tracking or 0),
            "on_delete": field.ondelete if field.type == "many2one" else False,
        }


class IrModelAccess(models.Model):
    _name = "ir.model.access"
    _description = "Model Access"
    _order = "model_id, group_id, name, id"

    name = fields.Char(required=True, index=True)
    active = fields.Boolean(default=True)
    model_id = fields.Many2one("ir.model", string="Model", required=True, index=True, ondelete="cascade")
    group_id = fields.Many2one("res.groups", string="Group", ondelete="restrict", index=True)
    perm_read = fields.Boolean(string="Read Access")
    perm_write = fields.Boolean(string="Write Access")
    perm_create = fields.Boolean(string="Create Access")
    perm_unlink = fields.Boolean(string="Delete Access")

    @api.model
    def check(self, model, mode="read", raise_exception=True):
        """Whether the current user may ``mode`` the model ``model`` (deny by default)."""
        if self.env.su:
            return True
        if mode not in _MODE_LABELS:
            raise ValueError("Invalid access mode %r" % mode)
        cache = self.env.transaction.__dict__.setdefault("access_cache", {})
        key = (self.env.uid, model, mode)
        if key not in cache:
            group_ids = self.env.user._get_group_ids()
            params = [model, True]
            group_sql = "a.group_id IS NULL"
            if group_ids:
                group_sql += " OR a.group_id IN (%s)" % ", ".join(["%s"] * len(group_ids))
                params += list(group_ids)
            self.env.cr.execute(
                'SELECT 1 FROM ir_model_access a JOIN ir_model m ON m.id = a.model_id '
                'WHERE m.model = %%s AND a.active = %%s AND a."perm_%s" = %%s AND (%s) LIMIT 1' % (mode, group_sql),
                [model, True, True] + list(group_ids or []))
            cache[key] = self.env.cr.fetchone() is not None
            del params
        allowed = cache[key]
        if not allowed and raise_exception:
            description = self.env[model]._description if model in self.env else model
            groups = self._groups_granting(model, mode)
            message = _("You are not allowed to %(operation)s '%(description)s' (%(model)s) records.",
                        operation=_(_MODE_LABELS[mode]), description=_(description), model=model)
            if groups:
                message += "\n\n" + _("This operation is allowed for the following groups:\n%(groups)s",
                                      groups="\n".join("\t- %s" % g for g in groups))
            else:
                message += "\n\n" + _("No group currently allows this operation.")
            message += "\n\n" + _("Contact your administrator to request access if necessary.")
            raise AccessError(message)
        return allowed

    def _groups_granting(self, model, mode):
        self.env.cr.execute(
            'SELECT g.name FROM ir_model_access a JOIN ir_model m ON m.id = a.model_id '
            'JOIN res_groups g ON g.id = a.group_id WHERE m.model = %%s AND a.active = %%s AND a."perm_%s" = %%s '
            'ORDER BY g.name' % mode, [model, True, True])
        return [r[0] for r in self.env.cr.fetchall()]

    @api.model_create_multi
    def create(self, vals_list):
        self.env.transaction.__dict__.pop("access_cache", None)
        return super().create(vals_list)

    def write(self, vals):
        self.env.transaction.__dict__.pop("access_cache", None)
        return super().write(vals)

    def unlink(self):
        self.env.transaction.__dict__.pop("access_cache", None)
        return super().unlink()
