"""``flectra.http``: HTTP controllers of addons (Flectra FN semantics, fazhi's own code).

    from flectra import http
    from flectra.http import request

    class Portal(http.Controller):
        @http.route('/apply/<int:step>', type='http', auth='public', methods=['GET', 'POST'])
        def apply(self, step, **kw):
            return request.make_response("...")

A controller class registers itself under the addon its module belongs to; it is routed only
in databases where that addon is installed (fazhi/http/controllers.py dispatches). ``request``
is valid during a controller call only.
"""
import threading
from collections import defaultdict

from werkzeug.wrappers import Response  # noqa: F401  (flectra.http.Response)

#: addon name -> controller classes defined in it, in definition order
controllers_per_module = defaultdict(list)
#: bumped at every new controller class, so the dispatcher knows its route maps are stale
generation = [0]

ROUTE_DEFAULTS = {"type": "http", "auth": "user", "methods": None}


def _module_of(cls):
    parts = cls.__module__.split(".")
    if len(parts) > 2 and parts[0] in ("flectra", "odoo") and parts[1] == "addons":
        return parts[2]
    return ""


class Controller:
    """Base class of addon controllers; subclasses register themselves per addon."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls._module = _module_of(cls)
        controllers_per_module[cls._module].append(cls)
        generation[0] += 1


def route(route=None, **routing):
    """Mark a controller method as the handler of ``route`` (a path or a list of paths).

    ``type`` 'http' (default) or 'json' (JSON-RPC 2.0), ``auth`` 'user' (default), 'public' or
    'none', ``methods`` (None = any), ``csrf`` (default True for 'http'). Other Flectra keys
    (website, sitemap, cors, save_session, ...) are accepted and ignored.
    """
    if route is not None:
        routing["routes"] = [route] if isinstance(route, str) else list(route)
    if routing.get("type", "http") not in ("http", "json"):
        raise ValueError("route type must be 'http' or 'json', not %r" % routing.get("type"))
    if routing.get("auth", "user") not in ("user", "public", "none"):
        raise ValueError("route auth must be 'user', 'public' or 'none', not %r" % routing.get("auth"))

    def decorator(func):
        func.routing = dict(routing)
        func.original_routing = dict(routing)
        return func
    return decorator


_current = threading.local()


def _push(req):
    stack = getattr(_current, "stack", None)
    if stack is None:
        stack = _current.stack = []
    stack.append(req)


def _pop():
    _current.stack.pop()


def _top():
    stack = getattr(_current, "stack", None)
    return stack[-1] if stack else None


class _RequestProxy:
    """The request being served by this thread (falsy outside a controller call)."""

    def __bool__(self):
        return _top() is not None

    def __getattr__(self, name):
        req = _top()
        if req is None:
            raise RuntimeError("flectra.http.request used outside of a request")
        return getattr(req, name)

    def __setattr__(self, name, value):
        req = _top()
        if req is None:
            raise RuntimeError("flectra.http.request used outside of a request")
        setattr(req, name, value)

    def __repr__(self):
        return "<request proxy %r>" % (_top(),)


request = _RequestProxy()
