"""Decorators for model methods, and the Environment that binds cursor, user and context.

    env = Environment(cr, SUPERUSER_ID, {})
    partners = env['res.partner'].search([('is_company', '=', True)])

All environments of one cursor share one Transaction: the registry, the record cache and the
bookkeeping for recomputation.
"""
import functools
import logging
from collections.abc import Mapping

from ..exceptions import AccessError, UserError

_logger = logging.getLogger(__name__)

SUPERUSER_ID = 1


# --- decorators ---------------------------------------------------------------------------

def model(method):
    """The method works on the model, not on records; over RPC it receives no ids."""
    if method.__name__ == "create":
        return _model_create_single(method)
    method._api = "model"
    return method


def _model_create_single(create):
    """Let a legacy ``create(self, vals)`` override accept a list like every other create."""
    @functools.wraps(create)
    def create_wrapper(self, vals_list):
        if isinstance(vals_list, Mapping):
            return create(self, vals_list)
        records = self.browse()
        for vals in vals_list:
            records |= create(self, vals)
        return records
    create_wrapper._api = "model_create"
    return create_wrapper


def model_create_multi(method):
    """``create(self, vals_list)``: callers may still pass a single dict."""
    @functools.wraps(method)
    def create_wrapper(self, vals_list):
        if isinstance(vals_list, Mapping):
            vals_list = [vals_list]
        return method(self, list(vals_list))
    create_wrapper._api = "model_create"
    return create_wrapper


def depends(*args):
    """Declare what a compute method reads (dotted paths allowed)."""
    if len(args) == 1 and callable(args[0]) and not isinstance(args[0], str):
        args = args[0]
    elif any(a == "id" or a.startswith("id.") for a in args):
        raise NotImplementedError("Compute method cannot depend on field 'id'")

    def decorator(method):
        method._depends = args
        return method
    return decorator


def depends_context(*args):
    def decorator(method):
        method._depends_context = args
        return method
    return decorator


def constrains(*args):
    """Run the method after create/write of one of these fields; it raises ValidationError."""
    if len(args) == 1 and callable(args[0]) and not isinstance(args[0], str):
        args = args[0]

    def decorator(method):
        method._constrains = args
        return method
    return decorator


def onchange(*args):
    """Run in the form when one of these fields changes; never from create/write."""
    def decorator(method):
        method._onchange = args
        return method
    return decorator


def ondelete(*, at_uninstall):
    """Run before unlink; raise to block the deletion (FN API)."""
    def decorator(method):
        method._ondelete = at_uninstall
        return method
    return decorator


def returns(model_name, downgrade=None, upgrade=None):
    def decorator(method):
        method._returns = (model_name, downgrade, upgrade)
        return method
    return decorator


def autovacuum(method):
    assert method.__name__.startswith("_"), "%s: autovacuum methods must be private" % method.__name__
    method._autovacuum = True
    return method


def private(method):
    method._api_private = True
    return method


def readonly(method):
    method._readonly = True
    return method


# --- environment --------------------------------------------------------------------------

class frozendict(dict):
    """An immutable dict, used for contexts."""

    def _immutable(self, *args, **kwargs):
        raise NotImplementedError("'frozendict' object is immutable")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _immutable

    def __hash__(self):
        return hash(frozenset((k, _freeze(v)) for k, v in self.items()))


def _freeze(value):
    if isinstance(value, dict):
        return frozenset((k, _freeze(v)) for k, v in value.items())
    if isinstance(value, (list, tuple, set)):
        return tuple(_freeze(v) for v in value)
    return value


class Environment(Mapping):
    """The models of one database seen by one user with one context, in one transaction."""

    def __new__(cls, cr, uid, context, su=False):
        assert isinstance(cr.transaction, Transaction) if cr.transaction is not None else True
        if uid == SUPERUSER_ID:
            su = True
        tx = cr.transaction
        if tx is None:
            from .registry import Registry
            tx = Transaction(Registry.for_cursor(cr), cr)
        context = frozendict(context or {})
        key = (uid, _freeze(context), su)
        env = tx.envs.get(key)
        if env is None:
            env = object.__new__(cls)
            env.cr, env.uid, env.context, env.su = cr, uid, context, su
            env.transaction = tx
            env.registry = tx.registry
            env.cache = tx.cache
            tx.envs[key] = env
        return env

    def __init__(self, *args, **kwargs):
        pass  # everything happens in __new__ (environments are shared)

    # Mapping protocol over model names
    def __getitem__(self, model_name):
        cls = self.registry[model_name]
        return cls(self, (), ())

    def __contains__(self, model_name):
        return model_name in self.registry

    def __iter__(self):
        return iter(self.registry)

    def __len__(self):
        return len(self.registry)

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    def __hash__(self):
        return object.__hash__(self)

    def __repr__(self):
        return "<Environment %s uid=%s su=%s>" % (self.cr.dbname, self.uid, self.su)

    def __call__(self, cr=None, user=None, context=None, su=None):
        cr = self.cr if cr is None else cr
        uid = self.uid if user is None else int(user)
        if context is None:
            context = self.context
        if su is None:
            su = (user is None and self.su) or uid == SUPERUSER_ID
        return Environment(cr, uid, context, su)

    def ref(self, xml_id, raise_if_not_found=True):
        """The record with this external id; ValueError (or None) when it does not exist."""
        res_model, res_id = self["ir.model.data"]._xmlid_to_res_model_res_id(
            xml_id, raise_if_not_found=raise_if_not_found)
        if res_model and res_id:
            record = self[res_model].browse(res_id)
            if record.exists():
                return record
            if raise_if_not_found:
                raise ValueError("No record found for unique ID %s. It may have been deleted." % xml_id)
        return None

    def is_superuser(self):
        return self.su

    def is_admin(self):
        return self.su or self.user._is_admin()

    def is_system(self):
        return self.su or self.user._is_system()

    @property
    def user(self):
        return self(su=True)["res.users"].browse(self.uid)

    @property
    def company(self):
        company_ids = self.context.get("allowed_company_ids") or []
        if company_ids:
            if not self.su:
                allowed = self.user.company_ids.ids
                if any(cid not in allowed for cid in company_ids):
                    raise AccessError("Access to unauthorized or invalid companies.")
            return self["res.company"].browse(company_ids[0])
        return self.user.company_id.with_env(self)

    @property
    def companies(self):
        company_ids = self.context.get("allowed_company_ids") or []
        if company_ids:
            return self["res.company"].browse(company_ids)
        return self.user.company_ids.with_env(self)

    @property
    def lang(self):
        return self.context.get("lang")

    # cache control, both Flectra spellings
    def flush_all(self):
        self.transaction.flush()

    def invalidate_all(self, flush=True):
        self.transaction.invalidate()

    def clear(self):
        self.transaction.invalidate()

    def _(self, source, *args, **kwargs):
        import sys
        from .translate import module_of, translate_module
        # the catalogue of the calling code's addon, as ``_()``
        module = module_of(sys._getframe(1).f_globals.get("__name__"))
        return translate_module(module, source, self.lang, *args, **kwargs)


class Transaction:
    """Per-cursor state shared by all environments: registry, cache, recompute bookkeeping."""

    def __init__(self, registry, cr):
        self.registry = registry
        self.cr = cr
        cr.transaction = self
        self.envs = {}
        self.cache = Cache()
        self.protected = {}   # field -> set of ids being computed (assignments go to the cache)
        self.tracking = {}    # used by mail.thread: model -> {id: initial values}

    def flush(self):
        """Writes go to the database at once; nothing is pending."""

    def invalidate(self):
        self.cache.clear()

    def savepoint_enter(self):
        return None

    def savepoint_release(self, marker):
        pass

    def savepoint_rollback(self, marker):
        # the database went back in time: forget everything read since
        self.cache.clear()
        self.cr.cache.clear()

    def reset(self):
        self.cache.clear()
        self.cr.cache.clear()
        self.protected.clear()
        self.tracking.clear()

    def reset_after_commit(self):
        self.cache.clear_volatile()


class Cache:
    """Field values per record id: ``data[field][id] = value`` in cache format.

    An x2many's value in ``data`` is what the superuser sees (every related record). A user under
    record rules on the comodel gets only the records they may read (as Flectra's x2many read
    searches the comodel as that user): that value lives in ``by_reader[field][reader][id]``,
    never in ``data``, so no environment is handed another's value. It depends on the comodel's
    data the rules look at, so it is dropped on any modification, like the volatile fields.
    """

    def __init__(self):
        self.data = {}
        self.volatile = set()   # non-stored computed fields; dropped on any modification
        self.by_reader = {}     # x2many field -> {reader key: {id: ids the reader may read}}

    def reader_cache(self, field, reader):
        """The per-reader values of ``field`` (see the class doc)."""
        readers = self.by_reader.get(field)
        if readers is None:
            readers = self.by_reader[field] = {}
        values = readers.get(reader)
        if values is None:
            values = readers[reader] = {}
        return values

    def get(self, field, rid, default=None):
        return self.data.get(field, {}).get(rid, default)

    def contains(self, field, rid):
        return rid in self.data.get(field, ())

    def field_cache(self, field):
        return self.data.setdefault(field, {})

    def set(self, field, rid, value):
        self.data.setdefault(field, {})[rid] = value
        if not field.store or field.inherited:
            self.volatile.add(field)
        if self.by_reader:
            readers = self.by_reader.get(field)
            if readers:   # a readers' value filtered the old one
                for values in readers.values():
                    values.pop(rid, None)

    def invalidate(self, field, ids=None):
        readers = self.by_reader.get(field) if self.by_reader else None
        if readers:
            if ids is None:
                readers.clear()
            else:
                for values in readers.values():
                    for rid in ids:
                        values.pop(rid, None)
        fc = self.data.get(field)
        if fc is None:
            return
        if ids is None:
            fc.clear()
        else:
            for rid in ids:
                fc.pop(rid, None)

    def drop_ids(self, ids):
        ids = set(ids)
        for fc in self.data.values():
            for rid in ids:
                fc.pop(rid, None)
        self.by_reader.clear()

    def clear_volatile(self):
        for field in self.volatile:
            fc = self.data.get(field)
            if fc:
                fc.clear()
        # what a reader may see of an x2many depends on the comodel's data (a draft issued)
        self.by_reader.clear()

    def clear(self):
        self.data.clear()
        self.volatile.clear()
        self.by_reader.clear()


def call_kw(model, name, args, kwargs):
    """Call a public model method as RPC does: ids first for record methods, results downgraded."""
    method = getattr(type(model), name, None)
    if method is None or not callable(method):
        raise AttributeError("The method '%s' does not exist on the model '%s'" % (name, model._name))
    api_kind = getattr(method, "_api", None)
    if api_kind in ("model", "model_create"):
        recs = model
        result = getattr(recs, name)(*args, **kwargs)
        if api_kind == "model_create":
            vals = args[0] if args else kwargs.get("vals_list")
            return result.id if isinstance(vals, Mapping) else result.ids
    else:
        ids, args = (args[0] if args else []), args[1:]
        recs = model.browse(ids)
        result = getattr(recs, name)(*args, **kwargs)
    return downgrade(method, result)


def downgrade(method, value):
    """Turn records into what travels over RPC: ids, or what ``@api.returns`` says."""
    from .models import BaseModel
    if isinstance(value, BaseModel):
        spec = getattr(method, "_returns", None)
        if spec and spec[1]:
            return spec[1](value)
        if spec:
            return value.ids
        return str(value)   # an undecorated method's records travel as their repr, as on Flectra
    return value


__all__ = [
    "SUPERUSER_ID", "Environment", "model", "model_create_multi", "depends", "depends_context",
    "constrains", "onchange", "ondelete", "returns", "autovacuum", "private", "call_kw", "UserError",
]
