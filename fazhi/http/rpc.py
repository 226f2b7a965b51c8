"""``dispatch_rpc``: the three services (common, object, db) behind /jsonrpc and /xmlrpc."""
from .. import exceptions


def dispatch_rpc(backend, service, method, params, request_info):
    from ..service import common, db, model
    if not isinstance(method, str):
        raise exceptions.UserError("Missing method name")
    if service == "common":
        return common.dispatch(backend, method, params, request_info)
    if service == "object":
        return model.dispatch(backend, method, params, request_info)
    if service == "db":
        return db.dispatch(backend, method, params, request_info)
    raise exceptions.UserError("Unknown service %r" % (service,))
