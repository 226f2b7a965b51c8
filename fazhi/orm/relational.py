"""Relational fields: Many2one, One2many, Many2many (+ Reference), and x2many commands."""
import enum
import logging

from .fields import Field, _NOARG

_logger = logging.getLogger(__name__)


class Command(enum.IntEnum):
    """The x2many write commands as named helpers (FN API); addons may write the tuples."""

    CREATE = 0
    UPDATE = 1
    DELETE = 2
    UNLINK = 3
    LINK = 4
    CLEAR = 5
    SET = 6

    @classmethod
    def create(cls, values):
        return (cls.CREATE, 0, values)

    @classmethod
    def update(cls, id, values):
        return (cls.UPDATE, id, values)

    @classmethod
    def delete(cls, id):
        return (cls.DELETE, id, 0)

    @classmethod
    def unlink(cls, id):
        return (cls.UNLINK, id, 0)

    @classmethod
    def link(cls, id):
        return (cls.LINK, id, 0)

    @classmethod
    def clear(cls):
        return (cls.CLEAR, 0, 0)

    @classmethod
    def set(cls, ids):
        return (cls.SET, 0, ids)


class _Relational(Field):
    relational = True

    def get_description(self, env):
        desc = super().get_description(env)
        desc["relation"] = self.comodel_name
        desc["domain"] = self.domain if isinstance(self.domain, (list, str)) else []
        desc["context"] = self.context or {}
        return desc

    def get_domain_list(self, model):
        domain = self.domain
        if callable(domain):
            domain = domain(model)
        if isinstance(domain, str):
            return []  # a client-side expression; not applied server-side
        return list(domain or [])


def _record_id(value):
    from .models import BaseModel, NewId
    if isinstance(value, NewId):
        return value
    if isinstance(value, BaseModel):
        if len(value) > 1:
            raise ValueError("Wrong value: expected a single record, got %s" % value)
        return value._ids[0] if value._ids else None
    if isinstance(value, (tuple, list)) and value:
        return int(value[0])
    if isinstance(value, dict):
        return int(value["id"]) if value.get("id") else None
    if isinstance(value, str):
        return int(value) if value.isdigit() else _bad(value)
    return int(value)


def _bad(value):
    raise ValueError("Wrong value for a relational field: %r" % (value,))


class Many2one(_Relational):
    type = "many2one"
    column_type = "int4"

    def __init__(self, comodel_name=_NOARG, string=_NOARG, **kwargs):
        if comodel_name is not _NOARG:
            kwargs["comodel_name"] = comodel_name
        super().__init__(string=string, **kwargs)

    def setup_attrs(self, model_class, name):
        super().setup_attrs(model_class, name)
        if self.ondelete is None:
            self.ondelete = "restrict" if self.required else "set null"
        if self.ondelete == "set null" and self.required:
            raise ValueError("The m2o field %s of model %s is required but declares its ondelete "
                             "policy as being 'set null'. Only 'restrict' and 'cascade' make sense."
                             % (name, model_class._name))
        if self.delegate:
            self.auto_join = True

    def convert_to_cache(self, value, record, validate=True):
        if value is None or value is False:
            return None
        try:
            return _record_id(value)
        except (TypeError, ValueError):
            raise ValueError(self._wrong_value(record, value)) from None

    def convert_to_record(self, value, record):
        comodel = record.env[self.comodel_name]
        if not value:
            return comodel
        return comodel._browse(record.env, (value,), _PrefetchMany2one(record, self))

    def convert_to_read(self, value, record, use_name_get=True):
        if not value:
            return False
        if not use_name_get:
            return value
        comodel = record.env[self.comodel_name].sudo()
        # prefetch the targets of the sibling records: their names are fetched together
        target = comodel._browse(comodel.env, (value,), _PrefetchMany2one(record, self))
        try:
            return (value, target.display_name)
        except Exception as exc:  # a dangling or hidden target still shows its id
            from ..exceptions import MissingError
            if isinstance(exc, MissingError):
                return (value, "%s,%s" % (self.comodel_name, value))
            raise

    def convert_to_write(self, value, record):
        return value.id if hasattr(value, "_ids") else value

    def convert_to_export(self, value, record):
        return value.display_name if value else ""


class _PrefetchMany2one:
    """Lazy prefetch ids for a many2one: the targets of the same field on sibling records."""

    __slots__ = ("record", "field")

    def __init__(self, record, field):
        self.record = record
        self.field = field

    def __iter__(self):
        field_cache = self.record.env.cache.data.get(self.field, {})
        seen = set()
        for rid in self.record._prefetch_ids:
            value = field_cache.get(rid)
            if value and value not in seen:
                seen.add(value)
                yield value


class _RelationalMulti(_Relational):
    column_type = None

    def setup_attrs(self, model_class, name):
        self.args.setdefault("copy", self.type == "many2many")
        super().setup_attrs(model_class, name)

    def null(self, record):
        return ()

    def convert_to_cache(self, value, record, validate=True):
        from .models import BaseModel
        if value is None or value is False:
            return ()
        if isinstance(value, BaseModel):
            return tuple(value.ids)
        if isinstance(value, (list, tuple)) and all(isinstance(v, int) for v in value):
            return tuple(value)
        raise ValueError(self._wrong_value(record, value))

    def convert_to_record(self, value, record):
        comodel = record.env[self.comodel_name]
        ids = tuple(value or ())
        return comodel._browse(record.env, ids, ids)

    def convert_to_read(self, value, record, use_name_get=True):
        return list(value or ())

    def convert_to_write(self, value, record):
        return [(6, 0, value.ids)]

    def convert_to_export(self, value, record):
        return ",".join(value.mapped("display_name")) if value else ""


def normalize_commands(field, value):
    """Whatever code or a client wrote to an x2many -> a list of command tuples.

    Accepts command tuples (also the short forms odoorpc sends), a recordset, or a list of ids.
    """
    from .models import BaseModel
    if value is None or value is False:
        return [(5, 0, 0)]
    if isinstance(value, BaseModel):
        return [(6, 0, value.ids)]
    if not isinstance(value, (list, tuple)):
        raise ValueError("Wrong value for %s: %r" % (field, value))
    if all(isinstance(v, int) for v in value):
        return [(6, 0, list(value))]
    commands = []
    for cmd in value:
        if isinstance(cmd, BaseModel):
            commands.extend((4, rid, 0) for rid in cmd.ids)
            continue
        if isinstance(cmd, int):
            commands.append((4, cmd, 0))
            continue
        if not isinstance(cmd, (list, tuple)) or not cmd:
            raise ValueError("Wrong value for %s: %r is not an x2many command" % (field, cmd))
        op = int(cmd[0])
        if op in (0,):
            commands.append((0, 0, cmd[2] if len(cmd) > 2 else cmd[1]))
        elif op == 1:
            commands.append((1, int(cmd[1]), cmd[2]))
        elif op in (2, 3, 4):
            commands.append((op, int(cmd[1]), 0))
        elif op == 5:
            commands.append((5, 0, 0))
        elif op == 6:
            ids = cmd[2] if len(cmd) > 2 else cmd[1]
            commands.append((6, 0, [int(i) for i in (ids or [])]))
        else:
            raise ValueError("Wrong value for %s: unknown x2many command %r" % (field, cmd))
    return commands


class One2many(_RelationalMulti):
    type = "one2many"

    def __init__(self, comodel_name=_NOARG, inverse_name=_NOARG, string=_NOARG, **kwargs):
        if comodel_name is not _NOARG:
            kwargs["comodel_name"] = comodel_name
        if inverse_name is not _NOARG:
            kwargs["inverse_name"] = inverse_name
        super().__init__(string=string, **kwargs)

    def get_description(self, env):
        desc = super().get_description(env)
        desc["relation_field"] = self.inverse_name
        return desc


class Many2many(_RelationalMulti):
    type = "many2many"

    def __init__(self, comodel_name=_NOARG, relation=_NOARG, column1=_NOARG, column2=_NOARG,
                 string=_NOARG, **kwargs):
        for key, val in (("comodel_name", comodel_name), ("relation", relation),
                         ("column1", column1), ("column2", column2)):
            if val is not _NOARG:
                kwargs[key] = val
        super().__init__(string=string, **kwargs)

    def setup_relation(self, model_class, comodel_class):
        if self.store and not self.relation:
            tables = sorted([model_class._table, comodel_class._table])
            if tables[0] == tables[1]:
                raise ValueError("Many2many %s on a model to itself needs explicit relation and columns" % self)
            self.relation = "%s_%s_rel" % tuple(tables)
        if not self.column1:
            self.column1 = "%s_id" % model_class._table
        if not self.column2:
            self.column2 = "%s_id" % comodel_class._table


class Reference(Field):
    """``'model,id'`` stored as text; reads as a record (or False)."""

    type = "reference"
    column_type = "varchar"

    def __init__(self, selection=_NOARG, string=_NOARG, **kwargs):
        if selection is not _NOARG:
            kwargs["selection"] = selection
        super().__init__(string=string, **kwargs)

    def convert_to_cache(self, value, record, validate=True):
        from .models import BaseModel
        if not value:
            return None
        if isinstance(value, BaseModel):
            value.ensure_one()
            return "%s,%s" % (value._name, value.id)
        if isinstance(value, str) and "," in value:
            model, rid = value.split(",", 1)
            if rid.strip().isdigit():
                return "%s,%s" % (model.strip(), int(rid))
        raise ValueError(self._wrong_value(record, value, "model,id"))

    def convert_to_record(self, value, record):
        if not value:
            return False
        model, rid = value.split(",")
        if model not in record.env:
            return False
        return record.env[model].browse(int(rid))

    def convert_to_read(self, value, record, use_name_get=True):
        return value or False

    def convert_to_write(self, value, record):
        return "%s,%s" % (value._name, value.id) if value else False

    def get_description(self, env):
        desc = super().get_description(env)
        sel = self.selection
        if isinstance(sel, str):
            sel = getattr(env[self.model_name], sel)()
        elif callable(sel):
            sel = sel(env[self.model_name])
        desc["selection"] = sel or []
        return desc


class Many2oneReference(Field):
    type = "many2one_reference"
    column_type = "int4"

    def convert_to_cache(self, value, record, validate=True):
        if not value:
            return None
        return int(value.id if hasattr(value, "_ids") else value)

    def convert_to_record(self, value, record):
        return value or 0

    def convert_to_read(self, value, record, use_name_get=True):
        return value or 0
