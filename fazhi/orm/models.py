"""Models and recordsets: class definitions become one registry class per database.

    class Hearing(models.Model):
        _name = 'fuyi.hearing'
        _description = 'Hearing'
        case_id = fields.Many2one('fuyi.case', required=True, ondelete='cascade')

A model class defined in an addon is only a *definition*; the registry of each database stacks
all definitions of a model name (``_inherit``) into one class whose instances are recordsets.
"""
import logging
import re
from collections import defaultdict

from ..exceptions import MissingError
from . import api, fields
from .model_crud import CrudMixin
from .model_read import reader_filtered
from .model_new import NewId, NewRecordMixin  # noqa: F401 (NewId is public API)
from .model_search import SearchMixin
from .model_views import ViewsMixin
from .recompute import RecomputeMixin
from .security_mixin import SecurityMixin

_logger = logging.getLogger(__name__)

regex_model_name = re.compile(r"^[a-z0-9_.]+$")
LOG_ACCESS_COLUMNS = ["create_uid", "create_date", "write_uid", "write_date"]
MAGIC_COLUMNS = ["id"] + LOG_ACCESS_COLUMNS
PREFETCH_MAX = 1000
_X2MANY = ("one2many", "many2many")


class MetaModel(type):
    """Remembers every model definition by the addon that defines it."""

    module_to_models = defaultdict(list)

    def __init__(cls, name, bases, attrs):
        super().__init__(name, bases, attrs)
        if not attrs.get("_register", True):
            cls._register = True  # subclasses register unless they say otherwise
            return
        module = attrs.get("__module__") or ""
        parts = module.split(".")
        if len(parts) < 3 or parts[0] not in ("flectra", "odoo") or parts[1] != "addons":
            raise TypeError("Model %s must be defined inside an addon package "
                            "(flectra.addons.<addon>), not in %r" % (name, module))
        cls._module = parts[2]
        if not getattr(cls, "_name", None) and not attrs.get("_inherit"):
            raise TypeError("Model class %s in %s has neither _name nor _inherit" % (name, module))
        MetaModel.module_to_models[cls._module].append(cls)


class BaseModel(CrudMixin, SearchMixin, RecomputeMixin, SecurityMixin, NewRecordMixin, ViewsMixin, metaclass=MetaModel):
    """The root of every model: recordset behaviour plus the CRUD API."""

    _register = False
    _auto = False
    _abstract = True
    _transient = False
    _name = None
    _description = None
    _inherit = ()
    _inherits = {}
    _table = None
    _order = "id"
    _rec_name = None
    _rec_names_search = None
    _parent_name = "parent_id"
    _parent_store = False
    _active_name = None
    _date_name = "date"
    _fold_name = "fold"
    _log_access = None
    _sql_constraints = []
    _check_company_auto = False
    _translate = True
    _module = None
    _transient_max_count = 0
    _transient_max_hours = 1.0
    pool = None

    # --- building registry classes ------------------------------------------------------

    @classmethod
    def _build_model(cls, registry):
        """Stack this definition onto the registry class of its model name; return that class."""
        parents = cls._inherit
        parents = [parents] if isinstance(parents, str) else list(parents or [])
        name = cls._name or (parents[0] if len(parents) == 1 else None)
        if not name:
            raise TypeError("Model %s: _name is required with several _inherit parents" % cls)
        if not regex_model_name.match(name):
            raise TypeError("Invalid model name %r in %s" % (name, cls))
        for parent in parents:
            if parent not in registry and parent != name:
                raise TypeError("Model %r inherits from non-existing model %r." % (name, parent))
        if name in registry:
            ModelClass = registry[name]
            if cls._abstract != ModelClass._abstract and name in parents:
                raise TypeError("Model %r: cannot turn %s model into %s through _inherit" % (
                    name, "an abstract" if ModelClass._abstract else "a concrete",
                    "an abstract one" if cls._abstract else "a concrete one"))
            if cls._transient != ModelClass._transient and name in parents:
                raise TypeError("Model %r: cannot change the transient flag through _inherit" % name)
        else:
            if name in parents:
                raise TypeError("Model %r does not exist in registry." % name)
            ModelClass = type(name, (cls,), {
                "_name": name, "_register": False, "_original_module": cls._module,
                "_inherit_children": set(), "pool": registry, "__module__": cls.__module__,
                "_abstract": cls._abstract, "_transient": cls._transient, "_auto": cls._auto,
            })
            registry.models[name] = ModelClass
        bases = [cls]
        for parent in parents:
            if parent == name:
                for base in ModelClass.__bases__:
                    if base not in bases:
                        bases.append(base)
            else:
                parent_class = registry[parent]
                if parent_class not in bases:
                    bases.append(parent_class)
                parent_class._inherit_children.add(name)
        if name != "base" and "base" in registry and registry["base"] not in bases:
            bases.append(registry["base"])
        ModelClass.__bases__ = tuple(bases)
        ModelClass._name = name
        registry.model_modules.setdefault(name, [])
        if cls._module not in registry.model_modules[name]:
            registry.model_modules[name].append(cls._module)
        return ModelClass

    @classmethod
    def _build_model_attributes(cls):
        """Merge the class-level settings over the stacked definitions."""
        own = [b for b in cls.__bases__ if "pool" not in b.__dict__]

        def own_attr(name):
            for definition in own:
                if definition.__dict__.get(name) is not None:
                    return definition.__dict__[name]
            return None

        cls._description = own_attr("_description") or cls._description or cls._name
        cls._table = own_attr("_table") or cls._name.replace(".", "_")
        log_access = own_attr("_log_access")
        cls._log_access = cls._auto if log_access is None else log_access
        inherits = {}
        constraints = {}
        for base in reversed(cls.__mro__):
            if not isinstance(base, MetaModel) or base is BaseModel:
                continue
            inherits.update(base.__dict__.get("_inherits") or {})
            for cons in base.__dict__.get("_sql_constraints") or []:
                constraints[cons[0]] = cons
        cls._inherits = inherits
        cls._sql_constraints = list(constraints.values())

    @classmethod
    def _field_definitions(cls):
        """Field definitions per name, oldest first, over the class hierarchy."""
        defs = defaultdict(list)
        for base in reversed(cls.__mro__):
            if not isinstance(base, MetaModel):
                continue
            for attr, value in base.__dict__.items():
                if isinstance(value, fields.Field) and not getattr(value, "_registry_field", False):
                    if value not in defs[attr]:
                        if "_owner_module" not in value.__dict__:
                            value._owner_module = base.__dict__.get("_module") or getattr(base, "_module", None)
                        defs[attr].append(value)
        return defs

    # --- recordset basics -----------------------------------------------------------------

    def __init__(self, env, ids, prefetch_ids):
        self.env = env
        self._ids = ids
        self._prefetch_ids = prefetch_ids

    @classmethod
    def _browse(cls, env, ids, prefetch_ids):
        records = object.__new__(cls)
        records.env = env
        records._ids = ids
        records._prefetch_ids = prefetch_ids
        return records

    def browse(self, ids=None):
        """Records of this model with these ids; no existence check."""
        if not ids:
            ids = ()
        elif isinstance(ids, int):
            ids = (ids,)
        elif isinstance(ids, (list, tuple, set)) or hasattr(ids, "__iter__") and not isinstance(ids, str):
            ids = tuple(ids)
        else:
            try:
                ids = (int(ids),)
            except (TypeError, ValueError):
                raise ValueError("Invalid ids %r for %s.browse()" % (ids, self._name))
        for rid in ids:
            if not isinstance(rid, int) or isinstance(rid, bool):
                raise ValueError("Invalid id %r for %s.browse()" % (rid, self._name))
        return self._browse(self.env, ids, ids)

    @property
    def ids(self):
        return list(self._ids)

    @property
    def _cr(self):
        return self.env.cr

    @property
    def _uid(self):
        return self.env.uid

    @property
    def _context(self):
        return self.env.context

    def __bool__(self):
        return bool(self._ids)

    __nonzero__ = __bool__

    def __len__(self):
        return len(self._ids)

    def __iter__(self):
        if len(self._ids) > PREFETCH_MAX and self._prefetch_ids is self._ids:
            for sub in self._split_for_prefetch():
                for rid in sub._ids:
                    yield self._browse(self.env, (rid,), sub._ids)
            return
        for rid in self._ids:
            yield self._browse(self.env, (rid,), self._prefetch_ids)

    def _split_for_prefetch(self):
        for i in range(0, len(self._ids), PREFETCH_MAX):
            ids = self._ids[i:i + PREFETCH_MAX]
            yield self._browse(self.env, ids, ids)

    def __reversed__(self):
        for rid in reversed(self._ids):
            yield self._browse(self.env, (rid,), self._prefetch_ids)

    def __contains__(self, item):
        if isinstance(item, BaseModel) and self._name == item._name:
            return len(item) == 1 and item.id in self._ids
        if isinstance(item, str):
            return item in self._fields
        if isinstance(item, BaseModel):
            raise TypeError("inconsistent models in: %s in %s" % (item, self))
        raise TypeError("unsupported operand types in: %r in %s" % (item, self))

    def _check_same_model(self, other, op):
        if not isinstance(other, BaseModel) or self._name != other._name:
            raise TypeError("inconsistent models in: %s %s %s" % (self, op, other))

    def __add__(self, other):
        return self.concat(other)

    def concat(self, *args):
        ids = list(self._ids)
        for arg in args:
            self._check_same_model(arg, "+")
            ids.extend(arg._ids)
        return self.browse(ids)

    def __sub__(self, other):
        self._check_same_model(other, "-")
        other_ids = set(other._ids)
        return self.browse([rid for rid in self._ids if rid not in other_ids])

    def __and__(self, other):
        self._check_same_model(other, "&")
        other_ids = set(other._ids)
        return self.browse([rid for rid in dict.fromkeys(self._ids) if rid in other_ids])

    def __or__(self, other):
        return self.union(other)

    def union(self, *args):
        ids = list(self._ids)
        for arg in args:
            self._check_same_model(arg, "|")
            ids.extend(arg._ids)
        return self.browse(list(dict.fromkeys(ids)))

    def __eq__(self, other):
        if not isinstance(other, BaseModel):
            if other:
                _logger.debug("unsupported operand == between %s and %r", self, other)
            return False
        return self._name == other._name and set(self._ids) == set(other._ids)

    def __ne__(self, other):
        return not self == other

    def __lt__(self, other):
        self._check_same_model(other, "<")
        return set(self._ids) < set(other._ids)

    def __le__(self, other):
        self._check_same_model(other, "<=")
        return not self or set(self._ids) <= set(other._ids)

    def __gt__(self, other):
        self._check_same_model(other, ">")
        return set(self._ids) > set(other._ids)

    def __ge__(self, other):
        self._check_same_model(other, ">=")
        return set(self._ids) >= set(other._ids)

    def __hash__(self):
        return hash((self._name, frozenset(self._ids)))

    def __getitem__(self, key):
        if isinstance(key, str):
            return self._fields[key].__get__(self, type(self))
        if isinstance(key, slice):   # _browse: new records (NewId, in a form's onchange) slice too
            return self._browse(self.env, self._ids[key], self._prefetch_ids)
        return self._browse(self.env, (self._ids[key],), self._prefetch_ids)

    def __setitem__(self, key, value):
        return self._fields[key].__set__(self, value)

    def __repr__(self):
        return "%s%r" % (self._name, tuple(self._ids))

    def __int__(self):
        return self.id or 0

    def ensure_one(self):
        """Return self when it holds exactly one record, else raise ValueError."""
        if len(self._ids) == 1:
            return self
        raise ValueError("Expected singleton: %s" % self)

    @api.returns("self")
    def exists(self):
        """The subset of these records that still exist in the database."""
        ids = [rid for rid in self._ids if isinstance(rid, int)]
        if not ids:
            return self.browse()
        existing = set()
        for i in range(0, len(ids), 900):
            chunk = ids[i:i + 900]
            self.env.cr.execute('SELECT id FROM "%s" WHERE id IN (%s)' % (self._table, ", ".join(["%s"] * len(chunk))), chunk)
            existing.update(r[0] for r in self.env.cr.fetchall())
        return self.browse([rid for rid in self._ids if rid in existing])

    # --- environment switches ---
    def with_env(self, env):
        return self._browse(env, self._ids, self._prefetch_ids)

    def with_context(self, *args, **kwargs):
        if args and len(args) > 1:
            raise TypeError("with_context() takes at most one positional dict")
        context = dict(args[0] if args else self.env.context, **kwargs)
        if args and "allowed_company_ids" in self.env.context and "allowed_company_ids" not in args[0]:
            context["allowed_company_ids"] = self.env.context["allowed_company_ids"]
        return self.with_env(self.env(context=context))

    def sudo(self, flag=True):
        if not isinstance(flag, bool):
            raise ValueError("sudo() expects a boolean")
        return self.with_env(self.env(su=flag))

    def with_user(self, user):
        if not user:
            return self
        return self.with_env(self.env(user=int(user.id if isinstance(user, BaseModel) else user), su=False))

    def with_company(self, company):
        if not company:
            return self
        company_id = int(company.id if isinstance(company, BaseModel) else company)
        allowed = list(self.env.context.get("allowed_company_ids") or [])
        if allowed and allowed[0] == company_id:
            return self
        if company_id in allowed:
            allowed.remove(company_id)
        allowed.insert(0, company_id)
        return self.with_context(allowed_company_ids=allowed)

    def with_prefetch(self, prefetch_ids=None):
        return self._browse(self.env, self._ids, self._ids if prefetch_ids is None else tuple(prefetch_ids))

    # --- functional helpers ---
    def mapped(self, func):
        """Apply ``func`` (callable or dotted field path) and return a list or a recordset."""
        if not func:
            return self
        if isinstance(func, str):
            recs = self
            for name in func.split("."):
                recs = recs._mapped_field(name)
            return recs
        values = [func(rec) for rec in self]
        if values and isinstance(values[0], BaseModel):
            return values[0].union(*values[1:])
        return values

    def _mapped_field(self, name):
        field = self._fields.get(name)
        if field is None:
            raise KeyError("Invalid field %r on model %r" % (name, self._name))
        if field.relational:
            comodel = self.env[field.comodel_name]
            ids = []
            for rec in self:
                ids.extend(rec[name]._ids)
            return comodel.browse(list(dict.fromkeys(ids)))
        return [rec[name] for rec in self]

    def filtered(self, func):
        if isinstance(func, str):
            name = func
            func = lambda rec: any(rec.mapped(name))  # noqa: E731
        # _browse, not browse: new records (NewId, in a form's onchange) are kept, not refused
        return self._browse(self.env, tuple(rec.id for rec in self if func(rec)), self._prefetch_ids)

    def filtered_domain(self, domain):
        """Records matching ``domain``, evaluated in memory where possible, else in SQL."""
        if not domain or not self:
            return self
        matching = self.search_fetch_ids_in(domain)
        return self.browse([rid for rid in self._ids if rid in matching])

    def search_fetch_ids_in(self, domain):
        found = self.with_context(active_test=False).sudo().search([("id", "in", list(self._ids))] + list(domain))
        return set(found._ids)

    def sorted(self, key=None, reverse=False):
        if key is None:
            if not self:
                return self
            ordered = self.with_context(active_test=False).sudo().search([("id", "in", list(self._ids))])
            ids = list(ordered._ids)
            return self.browse(list(reversed(ids)) if reverse else ids)
        if isinstance(key, str):
            names = key.split(",")
            def keyfunc(rec):
                return tuple(_sort_key(rec[n.strip()]) for n in names)
            key = keyfunc
        return self.browse([rec.id for rec in sorted(self, key=key, reverse=reverse)])

    def grouped(self, key):
        groups = defaultdict(list)
        getter = (lambda r: r[key]) if isinstance(key, str) else key
        for rec in self:
            groups[getter(rec)].append(rec.id)
        return {k: self.browse(v) for k, v in groups.items()}

    # --- display name ---
    @property
    def display_name(self):
        if not self._ids:
            return False
        self.ensure_one()
        return self._fields["display_name"].__get__(self, type(self))

    def _compute_display_name(self):
        for record in self:
            record.display_name = record._default_display_name()

    def _default_display_name(self):
        rec_name = self._rec_name_field()
        if rec_name:
            field = self._fields[rec_name]
            value = self[rec_name]
            if field.type == "many2one":
                return value.display_name or ""
            return field.convert_to_export(value, self) if field.type in ("selection",) else (value or "")
        return "%s,%s" % (self._name, self.id)

    @classmethod
    def _rec_name_field(cls):
        if cls._rec_name and cls._rec_name in cls._fields:
            return cls._rec_name
        if "name" in cls._fields:
            return "name"
        if "x_name" in cls._fields:
            return "x_name"
        return None

    def name_get(self):
        return [(rec.id, rec.display_name) for rec in self]

    def get_metadata(self):
        result = []
        for rec in self:
            data = self.env["ir.model.data"].sudo().search([("model", "=", self._name), ("res_id", "=", rec.id)], limit=1)
            result.append({
                "id": rec.id,
                "create_uid": rec._fields.get("create_uid") and rec.create_uid and (rec.create_uid.id, rec.create_uid.display_name) or False,
                "create_date": rec._fields.get("create_date") and fields.Datetime.to_string(rec.create_date) or False,
                "write_uid": rec._fields.get("write_uid") and rec.write_uid and (rec.write_uid.id, rec.write_uid.display_name) or False,
                "write_date": rec._fields.get("write_date") and fields.Datetime.to_string(rec.write_date) or False,
                "xmlid": data and "%s.%s" % (data.module, data.name) or False,
                "noupdate": data and data.noupdate or False,
            })
        return result

    # --- user helpers ---
    def user_has_groups(self, groups):
        from .security_mixin import user_has_groups
        return user_has_groups(self.env, groups)

    def _valid_field_parameter(self, field, name):
        return False

    # --- cache plumbing (used by fields) ---
    def _get_cache_value(self, field):
        if field.type in _X2MANY and not self.env.su and isinstance(self._ids[0], int) and reader_filtered(field):
            # only the related records this user may read (None: their rules hide none)
            value = self._x2many_for_reader(field)
            if value is not None:
                return value
        return self._get_shared_cache_value(field)

    def _get_shared_cache_value(self, field):
        """The value every environment shares (for an x2many: the superuser's)."""
        cache = self.env.cache
        rid = self._ids[0]
        fc = cache.data.get(field)
        if fc is not None and rid in fc:
            if not field.depends_context:
                return fc[rid]
            # values that depend on the context (or the clock) are recomputed on every access
            fc.pop(rid, None)
        if not isinstance(rid, int):
            return self._get_new_value(field)
        if field.inherited or (field.compute or field.related) and not field.store:
            self._compute_volatile(field)
        else:
            self._fetch_field(field)
        fc = cache.data.get(field)
        if fc is None or rid not in fc:
            if field.compute and field.store:
                # a stored compute never filled (new column on old rows): compute it now
                self._recompute_now(field, self)
                fc = cache.data.get(field)
                if fc is not None and rid in fc:
                    return fc[rid]
            raise MissingError(self.env._("Record does not exist or has been deleted.\n"
                                          "(Record: %(record)s, User: %(uid)s)",
                                          record=self, uid=self.env.uid))
        return fc[rid]

    def _set_field_value(self, field, value):
        """``record.field = value``: inside a compute, set the cache; otherwise write."""
        if any(not isinstance(rid, int) for rid in self._ids):
            self.update({field.name: value})
            return
        protected = self.env.transaction.protected.get(field)
        if protected is not None and all(rid in protected for rid in self._ids):
            for rid in self._ids:
                self.env.cache.set(field, rid, field.convert_to_cache(value, self, validate=False))
            return
        self.write({field.name: value})


def _sort_key(value):
    if isinstance(value, BaseModel):
        return value.ids
    if value is False or value is None:
        return (0,)
    return (1, value)


class AbstractModel(BaseModel):
    """A model without a table (mixins)."""

    _auto = False
    _register = False
    _abstract = True
    _transient = False


class Model(AbstractModel):
    """A model stored in its own table."""

    _auto = True
    _register = False
    _abstract = False
    _transient = False


class TransientModel(Model):
    """A model whose rows are temporary (wizards); vacuumed after a while."""

    _register = False
    _transient = True

    @api.autovacuum
    def _transient_vacuum(self):
        from ..tools import clock
        import datetime
        if self._transient_max_hours:
            limit = clock.now() - datetime.timedelta(hours=self._transient_max_hours)
            self.sudo().search([("write_date", "<", limit)]).unlink()


__all__ = ["BaseModel", "AbstractModel", "Model", "TransientModel", "MetaModel"]
