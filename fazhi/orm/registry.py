"""The registry of one database: its model classes, their fields and the triggers between them.

    registry = Registry.for_cursor(cr)      # built once per process and database
    Partner = registry['res.partner']        # the stacked class; instances are recordsets
"""
import logging
import random
import threading
from collections import defaultdict

from . import fields as fields_mod
from .models import MetaModel

_logger = logging.getLogger(__name__)


class Registry:
    """Model classes of one database, built from the installed addons' definitions."""

    registries = {}
    _lock = threading.RLock()

    def __init__(self, backend, dbname):
        self.backend = backend
        self.db_name = dbname
        self.models = {}
        self.model_modules = {}
        self.loaded_modules = []
        self.triggers = {}
        self.constraint_methods = {}
        self.m2m_by_relation = defaultdict(list)
        self.inverse_o2m = defaultdict(list)
        self.unique_columns = {}
        self._compute_groups = {}
        self.ready = False
        self.loader = threading.get_ident()   # the thread building it; others wait until ready
        self.signal_version = 0    # registry version of the database this was built from
        self._security_caches = {}   # cache token -> {key: value}, see security_cache()

    # mapping interface
    def __getitem__(self, name):
        return self.models[name]

    def __contains__(self, name):
        return name in self.models

    def __iter__(self):
        return iter(self.models)

    def __len__(self):
        return len(self.models)

    def get(self, name, default=None):
        return self.models.get(name, default)

    @classmethod
    def key(cls, backend, dbname):
        return (id(backend), dbname)

    @classmethod
    def for_cursor(cls, cr):
        """The registry of the cursor's database; loaded from the installed addons if needed."""
        key = cls.key(cr.backend, cr.dbname)
        registry = cls.registries.get(key)
        if registry is not None and not registry.ready and registry.loader != threading.get_ident():
            # another thread is still building it: wait until it is complete
            with cls._lock:
                registry = cls.registries.get(key)
        if registry is not None and registry.ready and registry.signal_version != read_signal(cr):
            # another process installed or upgraded addons: rebuild from the database
            cls.registries.pop(key, None)
            registry = None
        if registry is None:
            with cls._lock:
                registry = cls.registries.get(key)
                if registry is None:
                    from ..modules.loading import load_registry
                    registry = load_registry(cr.backend, cr.dbname)
        return registry

    @classmethod
    def delete(cls, backend, dbname):
        cls.registries.pop(cls.key(backend, dbname), None)
        _SIGNALLING.discard((id(backend), dbname))   # a database created again under this name

    def security_cache(self, cr):
        """A dict shared by the transactions that see the database's current cache token.

        For data derived from security records (record rules) that is costly to recompute in
        every transaction. Whoever changes those records calls :func:`bump_cache_signal`: the
        token changes, in this process and (once committed) in every other one, and the values
        computed before are no longer found. Keys must hold everything else the value depends on.
        """
        if cr.cache.get(_DIRTY_MEMO):
            # this transaction changed the token and may still roll back (or back to a savepoint)
            # what it changed: values computed from its own uncommitted data are not shared
            return {}
        token = read_cache_signal(cr)
        caches = self._security_caches
        cache = caches.get(token)
        if cache is None:
            while len(caches) >= 4:   # transactions still on older snapshots keep theirs a while
                caches.pop(next(iter(caches)), None)
            cache = caches.setdefault(token, {})
        return cache

    # --- building ---
    def load(self, module):
        """Build the classes that ``module`` defines or extends; returns their model names."""
        names = []
        for cls in MetaModel.module_to_models.get(module, []):
            model_class = cls._build_model(self)
            if model_class._name not in names:
                names.append(model_class._name)
        if module not in self.loaded_modules:
            self.loaded_modules.append(module)
        return names

    def setup_models(self):
        """(Re)build every model's fields, delegation, relations, triggers and constraints."""
        done = set()
        for name in list(self.models):
            self._setup_model(name, done, set())
        self._setup_related()
        for model_class in self.models.values():
            for field in model_class._fields.values():
                if field.type == "many2many" and field.store:
                    comodel = self.models.get(field.comodel_name)
                    if comodel is None:
                        raise TypeError("Field %s: unknown comodel %r" % (field, field.comodel_name))
                    field.setup_relation(model_class, comodel)
                elif field.relational and field.comodel_name not in self.models:
                    raise TypeError("Field %s refers to unknown model %r" % (field, field.comodel_name))
                elif field.type == "one2many":
                    comodel = self.models[field.comodel_name]
                    if field.inverse_name not in comodel._fields:
                        raise TypeError("Field %s: inverse field %s.%s does not exist"
                                        % (field, field.comodel_name, field.inverse_name))
        self._setup_compute_groups()
        self._setup_triggers()
        self._setup_constraints()
        self.inverse_o2m = defaultdict(list)
        for model_class in self.models.values():
            for field in model_class._fields.values():
                if field.type == "one2many" and not field.inherited:
                    self.inverse_o2m[(field.comodel_name, field.inverse_name)].append(field)
        self.m2m_by_relation = defaultdict(list)
        for model_class in self.models.values():
            for field in model_class._fields.values():
                if field.type == "many2many" and field.store and not field.inherited:
                    self.m2m_by_relation[field.relation].append(field)
        from ..sql.schema import parse_unique
        self.unique_columns = {}
        self.constraint_messages = {}
        for model_class in self.models.values():
            for cname, definition, _msg in model_class._sql_constraints:
                self.constraint_messages[("%s_%s" % (model_class._table, cname))[:63]] = _msg
                cols = parse_unique(definition)
                if cols:
                    self.unique_columns[(model_class._table, cname)] = cols

    def _setup_model(self, name, done, stack):
        if name in done:
            return
        if name in stack:
            raise TypeError("Models delegate to each other in a loop: %s" % " -> ".join(stack))
        stack.add(name)
        cls = self.models[name]
        cls._build_model_attributes()
        # delegation parents first: their fields are copied onto this model
        for base in cls.__mro__:
            for attr, value in base.__dict__.items():
                if isinstance(value, fields_mod.Many2one) and value.args.get("delegate") \
                        and not getattr(value, "_registry_field", False):
                    cls._inherits = dict(cls._inherits, **{value.args.get("comodel_name"): attr})
        for parent in cls._inherits:
            if parent not in self.models:
                raise TypeError("Model %r delegates to unknown model %r" % (name, parent))
            self._setup_model(parent, done, stack)
        self._setup_fields(cls)
        done.add(name)
        stack.discard(name)

    def _setup_fields(self, cls):
        # drop the fields of a previous setup
        for attr in list(cls.__dict__):
            if isinstance(cls.__dict__[attr], fields_mod.Field):
                delattr(cls, attr)
        new_fields = {}
        for name, defs in cls._field_definitions().items():
            final_type = type(defs[-1])
            args = {}
            selection_add = []
            label_module = getattr(defs[0], "_owner_module", None)
            for definition in defs:
                if type(definition) is not final_type and not issubclass(final_type, type(definition)):
                    args = {}
                    selection_add = []
                dargs = dict(definition.args)
                if dargs.get("string"):   # the label is translated by the addon that wrote it
                    label_module = getattr(definition, "_owner_module", None) or label_module
                if "selection_add" in dargs:
                    selection_add.append(dargs.pop("selection_add"))
                if "selection" in dargs and dargs["selection"] is not None:
                    selection_add = []
                args.update(dargs)
            field = final_type(**args)
            field._module = getattr(defs[0], "_owner_module", None)
            field._label_module = label_module
            if selection_add:
                field.args["selection"] = _merge_selection(args.get("selection"), selection_add)
            field._registry_field = True
            new_fields[name] = field
        # automatic fields
        new_fields["id"] = _registry_field(fields_mod.Id(string="ID", readonly=True))
        if cls._log_access:
            for fname, ftype, label in (("create_uid", "m2o", "Created by"), ("create_date", "dt", "Created on"),
                                        ("write_uid", "m2o", "Last Updated by"), ("write_date", "dt", "Last Updated on")):
                if fname in new_fields:
                    continue
                if ftype == "m2o":
                    new_fields[fname] = _registry_field(fields_mod.Many2one("res.users", string=label, readonly=True,
                                                                            ondelete="set null"))
                else:
                    new_fields[fname] = _registry_field(fields_mod.Datetime(string=label, readonly=True))
        if "display_name" not in new_fields:
            new_fields["display_name"] = _registry_field(fields_mod.Char(
                string="Display Name", compute="_compute_display_name", store=False))
        # delegated fields: readable and writable here, stored on the parent
        for parent, parent_field in cls._inherits.items():
            parent_cls = self.models[parent]
            for fname, pfield in parent_cls._fields.items():
                if fname in new_fields or fname in ("id", "display_name") or fname in (
                        "create_uid", "create_date", "write_uid", "write_date"):
                    continue
                args = dict(pfield.args)
                for key in ("compute", "inverse", "search", "related", "store", "depends", "default"):
                    args.pop(key, None)
                inherited = type(pfield)(**args)
                inherited._registry_field = True
                inherited._label_module = pfield._label_module
                new_fields[fname] = inherited
                inherited._inherit_info = (parent, parent_field, pfield)
        for name, field in new_fields.items():
            if field.model_name is None or True:
                field.setup_attrs(cls, name)
            info = getattr(field, "_inherit_info", None)
            if info:
                parent, parent_field, pfield = info
                field.inherited = True
                field.inherited_model = parent
                field.inherited_field = pfield
                field.related = (parent_field, name)
                field.store = pfield.store
                field.column_type = None
                field.compute = None
                field.copy = False
                field.compute_sudo = True
                field.readonly = pfield.readonly
                field.required = pfield.required
                if field.type == "many2many":
                    field.relation, field.column1, field.column2 = pfield.relation, pfield.column1, pfield.column2
            setattr(cls, name, field)
        cls._fields = new_fields
        if cls._active_name is None or cls._active_name not in new_fields:
            cls._active_name = "active" if "active" in new_fields else ("x_active" if "x_active" in new_fields else None)

    def _setup_related(self):
        """Related fields take what they do not say from their target (comodel, selection…)."""
        for cls in self.models.values():
            for field in cls._fields.values():
                if not field.related or field.inherited:
                    continue
                model = cls
                target = None
                for name in field.related:
                    target = model._fields.get(name)
                    if target is None:
                        raise TypeError("Field %s: related path %s is invalid at %r"
                                        % (field, ".".join(field.related), name))
                    if target.relational:
                        model = self.models[target.comodel_name]
                if type(target).type != type(field).type and target.type != field.type:
                    raise TypeError("Field %s: type %s differs from its related field %s (%s)"
                                    % (field, field.type, target, target.type))
                for attr in ("comodel_name", "selection", "digits", "currency_field", "inverse_name",
                             "relation", "column1", "column2", "size"):
                    if getattr(field, attr, None) is None and getattr(target, attr, None) is not None:
                        setattr(field, attr, getattr(target, attr))
                if "string" not in field.args:
                    field.string = target.string
                if field.help is None:
                    field.help = target.help
                if field.store and field.type == "many2one" and field.ondelete is None:
                    field.ondelete = "set null"

    def _setup_compute_groups(self):
        for cls in self.models.values():
            for field in cls._fields.values():
                if field.compute and not field.store and not field.depends_context:
                    method = getattr(cls, field.compute, None)
                    keys = getattr(method, "_depends_context", None)
                    if keys:
                        field.depends_context = tuple(keys)
        self._compute_groups = {}
        for cls in self.models.values():
            by_method = defaultdict(list)
            for field in cls._fields.values():
                if field.compute and not field.inherited:
                    by_method[field.compute].append(field)
            for group in by_method.values():
                for field in group:
                    self._compute_groups[field] = group

    def compute_group(self, field):
        return self._compute_groups.get(field, [field])

    def field_depends(self, cls, field):
        """Dependency paths of a computed/related field, as lists of names."""
        if field.related:
            return [list(field.related)]
        depends = list(field.depends or ())
        if field.compute:
            # overrides add to the dependencies of the methods they override, as in Flectra
            for klass in cls.__mro__:
                method = klass.__dict__.get(field.compute)
                deps = getattr(method, "_depends", ()) if method is not None else ()
                if callable(deps):
                    deps = deps(cls)
                depends.extend(d for d in deps if d not in depends)
        return [d.split(".") for d in depends if d]

    def _setup_triggers(self):
        triggers = defaultdict(list)
        for cls in self.models.values():
            if cls._abstract:
                continue
            for field in cls._fields.values():
                if not field.store or field.inherited or not (field.compute or field.related):
                    continue
                for path in self.field_depends(cls, field):
                    self._add_path_triggers(triggers, cls, field, path)
        self.triggers = {k: list(dict.fromkeys(v)) for k, v in triggers.items()}

    def _add_path_triggers(self, triggers, cls, target, path):
        model = cls
        prefix = []
        expanded = []
        for name in path:
            field = model._fields.get(name)
            if field is None:
                _logger.warning("Field %s depends on unknown field %s.%s", target, model._name, name)
                return
            if field.inherited:
                parent_field = model._inherits[field.inherited_model]
                expanded.append((model, model._fields[parent_field]))
                model = self.models[field.inherited_model]
                field = model._fields[name]
            expanded.append((model, field))
            if field.relational:
                model = self.models[field.comodel_name]
        for i, (model, field) in enumerate(expanded):
            is_last = i == len(expanded) - 1
            triggers[(model._name, field.name)].append((target, tuple(prefix), is_last and not field.relational))
            if field.type == "one2many" and not is_last or field.type == "one2many":
                comodel = self.models[field.comodel_name]
                triggers[(comodel._name, field.inverse_name)].append((target, tuple(prefix + [field.name]), False))
            prefix.append(field.name)

    def _setup_constraints(self):
        self.constraint_methods = {}
        for name, cls in self.models.items():
            methods = []
            seen = set()
            for klass in cls.__mro__:
                for attr, func in klass.__dict__.items():
                    if attr in seen or not callable(func):
                        continue
                    seen.add(attr)
                    resolved = getattr(cls, attr, None)
                    names = getattr(resolved, "_constrains", None)
                    if names:
                        if callable(names):
                            names = names(cls)
                        methods.append((resolved, {n for n in names if "." not in n}))
            self.constraint_methods[name] = methods


SIGNAL_TABLE = "fazhi_registry_signal"


CACHE_SIGNAL_ID = 2    #: row of SIGNAL_TABLE holding the cache token (row 1: registry version)
_SIGNALS_MEMO = "fazhi.signals"   #: cr.cache key: (registry version, cache token) of this transaction
_DIRTY_MEMO = "fazhi.signals.dirty"   #: cr.cache key: this transaction gave the database a new cache token
_SIGNALLING = set()   #: (backend id, database name) known to have the signal table


def read_signals(cr):
    """(registry version, cache token) of the database, read once per transaction (0 when unknown).

    The snapshot of a transaction does not change, so the first reading holds until the commit
    or rollback (which clear ``cr.cache``).
    """
    signals = cr.cache.get(_SIGNALS_MEMO)
    if signals is None:
        query = "SELECT id, version FROM %s WHERE id IN (1, %d)" % (SIGNAL_TABLE, CACHE_SIGNAL_ID)
        key = (id(cr.backend), cr.dbname)
        if key in _SIGNALLING:   # the table exists (it is never dropped): no savepoint needed
            cr.execute(query)
            rows = dict(cr.fetchall())
        else:
            try:
                with cr.savepoint():
                    cr.execute(query)
                    rows = dict(cr.fetchall())
                _SIGNALLING.add(key)
            except Exception:  # a database from before signalling: treat as version 0
                rows = {}
        signals = cr.cache[_SIGNALS_MEMO] = (rows.get(1, 0), rows.get(CACHE_SIGNAL_ID, 0))
    return signals


def read_signal(cr):
    """The database's registry version, bumped by every install or upgrade (0 when unknown)."""
    return read_signals(cr)[0]


def read_cache_signal(cr):
    """The database's cache token, changed with every change to data of Registry.security_cache."""
    return read_signals(cr)[1]


def bump_signal(cr):
    cr.cache.pop(_SIGNALS_MEMO, None)
    cr.execute("CREATE TABLE IF NOT EXISTS %s (id INTEGER PRIMARY KEY, version INTEGER NOT NULL)" % SIGNAL_TABLE)
    cr.execute("SELECT version FROM %s WHERE id = 1" % SIGNAL_TABLE)
    row = cr.fetchone()
    if row:
        cr.execute("UPDATE %s SET version = version + 1 WHERE id = 1" % SIGNAL_TABLE)
    else:
        cr.execute("INSERT INTO %s (id, version) VALUES (1, 1)" % SIGNAL_TABLE)
    cr.execute("SELECT version FROM %s WHERE id = 1" % SIGNAL_TABLE)
    return cr.fetchone()[0]


def bump_cache_signal(cr):
    """Give the database a new cache token (in this transaction; in others once committed).

    A random token rather than a counter: a transaction that rolls back must not leave values
    cached under a token that a later transaction would reach with other data.
    """
    token = random.randint(1, 2 ** 31 - 1)
    cr.execute("CREATE TABLE IF NOT EXISTS %s (id INTEGER PRIMARY KEY, version INTEGER NOT NULL)" % SIGNAL_TABLE)
    cr.execute("UPDATE %s SET version = %%s WHERE id = %d" % (SIGNAL_TABLE, CACHE_SIGNAL_ID), [token])
    if not cr.rowcount:
        cr.execute("INSERT INTO %s (id, version) VALUES (%d, %%s)" % (SIGNAL_TABLE, CACHE_SIGNAL_ID), [token])
    registry_version = read_signals(cr)[0]
    cr.cache[_SIGNALS_MEMO] = (registry_version, token)
    cr.cache[_DIRTY_MEMO] = True
    return token


def _registry_field(field):
    field._registry_field = True
    return field


def _merge_selection(base, additions):
    """Merge ``selection_add`` lists into ``base`` keeping the relative order of every list.

    ``[('review', 'Review'), ('confirmed',)]`` puts 'review' just before 'confirmed', as Flectra's
    ``merge_sequences`` does (a topological merge of the key sequences).
    """
    labels = dict(base or [])
    before = {}
    for sequence in [[k for k, _l in (base or [])]] + [[item[0] for item in add] for add in additions]:
        prev = None
        for key in sequence:
            before.setdefault(key, [])
            if prev is not None:
                before[key].append(prev)
            prev = key
    for add in additions:
        for item in add:
            if len(item) > 1:
                labels[item[0]] = item[1]
    result, seen = [], set()

    def visit(key):
        if key in seen:
            return
        seen.add(key)
        for dep in before[key]:
            visit(dep)
        result.append(key)

    for key in before:
        visit(key)
    return [(key, labels.get(key, key)) for key in result]
