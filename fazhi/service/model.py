"""The ``object`` service: ``execute`` / ``execute_kw`` of model methods, one transaction each."""
from .. import exceptions
from ..orm import api
from ..orm.translate import DEFAULT_LANG, set_request_lang, translate
from . import security, transaction


#: recordset plumbing that is public in Python but no RPC call (Flectra refuses them): ``sudo`` and
#: ``with_user`` would hand the caller another user's rights, the rest only leak or waste work
NOT_RPC_CALLABLE = frozenset({
    "init", "sudo", "with_user", "with_env", "with_context", "with_company", "with_prefetch", "exists",
    "browse", "ensure_one", "mapped", "filtered", "filtered_domain", "sorted", "grouped", "concat", "union",
    "search_fetch", "search_fetch_ids_in", "flush", "flush_model", "flush_recordset",
    "invalidate_cache", "invalidate_model", "invalidate_recordset", "modified", "pool", "ids", "env",
})


def _check_method_name(model_name, method):
    if not isinstance(method, str) or method.startswith("_") or method in NOT_RPC_CALLABLE:
        raise exceptions.AccessError("Private methods (such as %s.%s) cannot be called remotely." % (model_name, method))


INT64_MAX = 2 ** 63 - 1     #: ids, offsets and limits are 64-bit integers in both databases


def _out_of_range(value, depth=0):
    """The first integer in ``value`` no database column holds (|n| ≥ 2**63), or None."""
    if isinstance(value, bool) or depth > 100:
        return None
    if isinstance(value, int):
        return value if not -INT64_MAX - 1 <= value <= INT64_MAX else None
    items = value if isinstance(value, (list, tuple)) else value.values() if isinstance(value, dict) else ()
    for item in items:
        found = _out_of_range(item, depth + 1)
        if found is not None:
            return found
    return None


def call(env, model_name, method, args, kwargs):
    """``api.call_kw`` as the RPC layer does it: checks, context, downgraded result."""
    if not isinstance(model_name, str) or model_name not in env:
        raise exceptions.UserError(env._("Object %s doesn't exist", model_name))
    _check_method_name(model_name, method)
    if not isinstance(args, (list, tuple)):
        raise TypeError("args must be a list")
    kwargs = dict(kwargs or {})
    context = kwargs.pop("context", None) or {}
    if not isinstance(context, dict):
        raise TypeError("context must be a dictionary")
    model = env[model_name].with_context(context)
    func = getattr(type(model), method, None)
    if func is None or not callable(func) or getattr(func, "_api_private", False):
        raise AttributeError("The method '%s.%s' does not exist" % (model_name, method))
    set_request_lang(context.get("lang"))
    number = _out_of_range([args, kwargs])
    if number is not None:
        # said clearly here, before SQLite's OverflowError or PostgreSQL's out-of-range error
        raise exceptions.ValidationError(translate(
            "The number %(number)s is too large: ids, offsets, limits and other integers must lie "
            "between -2^63 and 2^63-1.", context.get("lang") or env.user.lang or DEFAULT_LANG, number=number))
    return api.call_kw(model, method, list(args), kwargs)


def execute_kw(backend, db, uid, password, model_name, method, args, kwargs=None, request_info=None):
    uid = security.check_uid(uid)
    context = (kwargs or {}).get("context") if isinstance(kwargs, dict) else None
    denied = []

    def run(env):
        # the credential check and the call share one transaction (one connection and snapshot
        # per call); a refused check commits its failure count and audit row and calls nothing
        try:
            security.check_in(env, uid, password, request_info)
        except exceptions.AccessDenied as exc:
            denied.append(exc)
            return None
        return call(env, model_name, method, args, kwargs)
    result = transaction.run(backend, db, run, uid=uid,
                             context={"lang": context.get("lang")} if isinstance(context, dict) else None)
    if denied:
        raise denied[-1]
    return result


def dispatch(backend, method, params, request_info):
    if method not in ("execute", "execute_kw"):
        raise exceptions.UserError("Method not available: object.%s" % method)
    if len(params) < 5:
        raise TypeError("object.%s takes db, uid, password, model, method" % method)
    db, uid, password, model_name, name = params[:5]
    if not backend.exists(db):
        raise exceptions.AccessError("Database not found.")
    if method == "execute":
        return execute_kw(backend, db, uid, password, model_name, name, list(params[5:]), {}, request_info)
    args = params[5] if len(params) > 5 else []
    kwargs = params[6] if len(params) > 6 else {}
    if not isinstance(kwargs, dict):
        raise TypeError("execute_kw: kwargs must be a dictionary")
    return execute_kw(backend, db, uid, password, model_name, name, args, kwargs, request_info)
