"""Dispatch of addon HTTP controllers (``flectra.http``, fazhi/surface/http.py).

A request no built-in route answers is matched against the routes of the controllers of the
addons installed in the request's database: the session's database, else the served one
(``fazhi serve -d``, config ``db_name``), else the only one. The route map is built once per
registry (an install or upgrade loads a new registry, so a new map).

One request = one transaction (fazhi.service.transaction): committed when the handler returns,
also when it returns an error page of its own; rolled back when it raises. The session is
stored only when the handler changed it, so an anonymous visit writes no session file
(issue 13). Form posts of ``type='http'`` routes need a CSRF token (WEB-1): bound to the stored
session, or for an anonymous visitor to a random nonce cookie, like the login form's.

``auth='none'`` routes get ``request.env`` with no user (uid None) on the resolved database:
they may use ``.sudo()`` and nothing else; a database is still needed to find the route.
"""
import inspect
import json
import logging
import secrets
import time

from markupsafe import Markup
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Response

from .. import exceptions
from ..config import config
from ..surface import http as api
from . import csrf, errors, marshal

_logger = logging.getLogger(__name__)

ANON_CSRF_COOKIE = "fz_csrf"     #: an anonymous visitor's CSRF binding (no session file)
CSRF_FREE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
#: keys of a session only the server sets (login state): a controller cannot log anybody in
PROTECTED_SESSION_KEYS = frozenset(["sid", "uid", "token", "login", "db", "created", "last_seen"])
_DB_LIST_SECONDS = 10
_db_list_cache = {}   # "list" -> (time, [names])
_NO_MATCH = object()


# --- database of a request ---
def resolve_db(app, request, session):
    """The database of a request: the session's, else the served one, else the only one."""
    backend = app.backend
    if session and session.get("db"):
        if session.get("uid") or backend.exists(session["db"]):   # a user's: _load_session checked it
            return session["db"]
        return None
    served = config.get("db_name")
    if served:
        return served if backend.exists(served) else None
    cached = _db_list_cache.get("list")
    if cached and time.monotonic() - cached[0] < _DB_LIST_SECONDS:
        names = cached[1]
    else:
        try:
            names = sorted(backend.list())
        except Exception:  # the database server is down: no database, a 404 page
            _logger.warning("could not list databases", exc_info=True)
            return None
        _db_list_cache["list"] = (time.monotonic(), names)
    return names[0] if len(names) == 1 else None


# --- the route map of a registry ---
class Endpoint:
    """A routed controller method: the instance, the method name and its merged routing."""

    def __init__(self, controller, name, routing):
        self.controller, self.name, self.routing = controller, name, routing
        self.method = getattr(controller, name)
        try:
            params = inspect.signature(self.method).parameters.values()
        except (TypeError, ValueError):
            params = ()
        self.var_kw = any(p.kind is p.VAR_KEYWORD for p in params)
        self.names = {p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}

    def __call__(self, params):
        if not self.var_kw:
            ignored = set(params) - self.names
            if ignored:
                _logger.debug("%s called ignoring args %s", self.name, sorted(ignored))
            params = {k: v for k, v in params.items() if k in self.names}
        return self.method(**params)

    def __repr__(self):
        return "<Endpoint %s.%s>" % (type(self.controller).__name__, self.name)


def _method_routing(cls, name):
    """The routing of ``cls.name``: the decorations along the MRO merged, base first, so an
    undecorated override keeps its parent's route (Flectra)."""
    routing, found = {}, False
    for klass in reversed(cls.__mro__):
        func = klass.__dict__.get(name)
        if func is not None and hasattr(func, "original_routing"):
            routing.update(func.original_routing)
            found = True
    return routing if found else None


def build_map(modules):
    """The werkzeug Map of the controllers of ``modules`` (in load order)."""
    classes = [cls for module in modules for cls in api.controllers_per_module.get(module, ())]
    # the most derived classes only: an extension replaces the class it extends
    leaves = [cls for cls in classes if not any(other is not cls and issubclass(other, cls) for other in classes)]
    rules = []
    for cls in reversed(leaves):     # the later addon first: its rule wins on an equal path
        controller = cls()
        for name in dir(cls):
            if name.startswith("__"):
                continue
            routing = _method_routing(cls, name)
            if routing is None:
                continue
            routing = dict(api.ROUTE_DEFAULTS, **routing)
            if routing["type"] == "http":
                routing.setdefault("csrf", True)
            if not routing.get("routes"):
                _logger.warning("%s.%s has a route decorator without a path: not routed", cls.__name__, name)
                continue
            endpoint = Endpoint(controller, name, routing)
            methods = [m.upper() for m in routing["methods"]] if routing["methods"] else None
            for path in routing["routes"]:
                rules.append(Rule(path, endpoint=endpoint, methods=methods))
    return Map(rules, strict_slashes=False, redirect_defaults=False)


def routing_map(registry):
    """The registry's route map, built on first use (and again when new controller classes
    were defined since: addons imported after this registry, as in tests)."""
    cached = getattr(registry, "_fz_http_map", None)
    if cached is not None and cached[0] == api.generation[0]:
        return cached[1]
    built = build_map(list(registry.loaded_modules))
    registry._fz_http_map = (api.generation[0], built)
    return built


# --- the session as controllers see it ---
class Session(dict):
    """``request.session``: dict-like with attribute access; remembers whether it changed."""

    def __init__(self, data, stored):
        super().__init__(data or {})
        object.__setattr__(self, "stored", stored)
        object.__setattr__(self, "modified", False)
        #: set by a handler that raises the visitor's privileges (Flectra's ``session.should_rotate``):
        #: the session gets a new id, so an id planted on the visitor before is worth nothing
        object.__setattr__(self, "should_rotate", False)

    def _touch(self, key=None):
        if key in PROTECTED_SESSION_KEYS:
            raise KeyError("session key %r is set by the server only" % key)
        object.__setattr__(self, "modified", True)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return self.get(name)

    def __setattr__(self, name, value):
        if name == "should_rotate":
            object.__setattr__(self, name, bool(value))
            return
        self[name] = value

    def __delattr__(self, name):
        del self[name]

    def __setitem__(self, key, value):
        self._touch(key)
        super().__setitem__(key, value)

    def __delitem__(self, key):
        self._touch(key)
        super().__delitem__(key)

    def update(self, *args, **kwargs):
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def pop(self, key, *default):
        if key in self:
            self._touch(key)
        return super().pop(key, *default)

    def popitem(self):
        raise TypeError("session.popitem() is not supported")

    def clear(self):
        for key in [k for k in self if k not in PROTECTED_SESSION_KEYS]:
            del self[key]

    @property
    def uid(self):
        return self.get("uid")


# --- the request ---
class HttpRequest:
    """``flectra.http.request`` during a controller call (see fazhi/surface/http.py)."""

    def __init__(self, app, httprequest, session, db):
        self.app = app
        self.httprequest = httprequest
        self.session = Session(session, stored=session is not None)
        self.db = db
        self.env = None
        self.params = {}
        self.routing = None
        self.lang = (self.session.get("context") or {}).get("lang") or "zh_CN" if self.session.uid else "zh_CN"
        self._nonce = None
        self._nonce_used = False
        self._json = None

    # CSRF (WEB-1): tokens of csrf.py, bound to the stored session or to the nonce cookie
    def _anon_nonce(self, create=True):
        if self._nonce is None:
            nonce = self.httprequest.cookies.get(ANON_CSRF_COOKIE) or ""
            if 20 <= len(nonce) <= 100 and all(c.isalnum() or c in "-_" for c in nonce):
                self._nonce = (nonce, False)
            elif create:
                self._nonce = (secrets.token_urlsafe(32), True)
            else:
                return None
        return self._nonce[0]

    def csrf_token(self, time_limit=None):
        """A token for the forms of this page; valid one hour at most (WEB-1), whatever
        ``time_limit`` asks for."""
        if self.session.stored and self.session.uid:
            return csrf.make_token(self.session)
        # "." never occurs in a stored session's id, so the two kinds cannot be swapped
        token = csrf.make_token({"sid": "anon." + self._anon_nonce()})
        self._nonce_used = True     # the cookie is (re)sent: it lives as long as the new token
        return token

    def validate_csrf(self, token):
        if self.session.stored and csrf.check_token(self.session, token):
            return True
        nonce = self._anon_nonce(create=False)
        return bool(nonce) and csrf.check_token({"sid": "anon." + nonce}, token)

    # responses
    def make_response(self, data, headers=None, cookies=None, status=200):
        response = Response(data, status=status, headers=headers)
        if not headers or not any(k.lower() == "content-type" for k, _v in dict(headers).items()):
            response.mimetype = "text/html"
        for key, value in (cookies or {}).items():
            response.set_cookie(key, value, httponly=True, samesite="Lax",
                                secure=self.httprequest.scheme == "https")
        return response

    def make_json_response(self, data, headers=None, cookies=None, status=200):
        body = json.dumps(data, ensure_ascii=False, default=marshal.json_default)
        response = self.make_response(body, headers=headers, cookies=cookies, status=status)
        response.mimetype = "application/json"
        return response

    def redirect(self, location, code=303, local=True):
        from .web import safe_redirect
        if local:
            location = safe_redirect(location, default="/")
        response = Response("", status=code)
        response.headers["Location"] = location
        return response

    def not_found(self, description=None):
        return PageNotFound(description)

    def get_json_data(self):
        return self._json

    def get_http_params(self):
        req = self.httprequest
        params = {**req.args.to_dict(), **req.form.to_dict(), **req.files.to_dict()}
        params.pop("session_id", None)
        return params


# --- pages ---
def _(source, **kwargs):
    from .web import _ as web_translate
    return web_translate(source, **kwargs)


def page(title, message, status):
    from .web import html_response, render
    body = render("message", title=title, message=message, back_url="/", back=_("Back to the home page"))
    return html_response(body, status=status)


class PageNotFound(NotFound):
    """werkzeug's NotFound with the page in the user's language."""

    def get_response(self, environ=None, scope=None):
        return page(_("Page not found"), self.description if self.description != NotFound.description
                    else _("The page you asked for does not exist."), 404)


def _error_page(exc):
    """The page of an exception raised by a type='http' handler (after the rollback)."""
    if isinstance(exc, HTTPException):
        return exc.get_response()
    if isinstance(exc, exceptions.MissingError):
        return page(_("Page not found"), errors.message_of(exc), 404)
    if isinstance(exc, (exceptions.AccessError, exceptions.AccessDenied)):
        return page(_("Access denied"), _("You are not allowed to see this page."), 403)
    if isinstance(exc, exceptions.UserError):
        return page(_("Request refused"), errors.message_of(exc), 400)
    return None


def _json_body(request_id, result=None, error=None):
    body = {"jsonrpc": "2.0", "id": request_id}
    if error is not None:
        body["error"] = error
    elif result is not None:
        body["result"] = result
    try:
        data = json.dumps(body, default=marshal.json_default, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        data = json.dumps({"jsonrpc": "2.0", "id": request_id, "error": errors.json_error(exc)})
    return Response(data, mimetype="application/json")


def _to_response(result):
    if isinstance(result, Response):
        return result
    if isinstance(result, HTTPException):
        return result.get_response()
    if result is None:
        return Response("", status=204)
    if isinstance(result, (str, bytes)):
        return Response(result, mimetype="text/html")
    raise TypeError("a type='http' controller must return a response or a string, not %s" % type(result).__name__)


# --- dispatch ---
def dispatch(app, httprequest):
    """The response of a controller route, or None when no installed addon routes the path."""
    from ..orm.api import Environment
    from ..service import transaction
    from .wsgi import SessionExpired
    session = app._load_session(httprequest)
    db = resolve_db(app, httprequest, session)
    if db is None:
        return None
    state = {}

    def run(env):
        state.clear()
        try:
            endpoint, args = routing_map(env.registry).bind("localhost").match(
                httprequest.path, method=httprequest.method)
        except NotFound:
            return _NO_MATCH
        except MethodNotAllowed as exc:
            return exc.get_response()
        routing = endpoint.routing
        req = HttpRequest(app, httprequest, session, db)
        req.routing = routing
        state["request"], state["type"] = req, routing["type"]
        if routing["type"] == "json":
            if "json" not in state_json:
                state_json["json"] = app._read_json(httprequest)   # once: a retry cannot read it again
            state["id"], params = state_json["json"]
            req._json = params
            req.params = dict(params, **args)
        else:
            req.params = dict(req.get_http_params(), **args)
        uid = req.session.uid
        if routing["auth"] == "user":
            if not uid:
                if routing["type"] == "json":
                    raise SessionExpired("Session expired")
                from urllib.parse import quote
                target = httprequest.full_path.rstrip("?")
                return req.redirect("/web/login?redirect=" + quote(target, safe="/?=&"), code=303)
        elif routing["auth"] == "public":
            if not uid:
                uid = env["ir.model.data"]._xmlid_to_res_id("base.public_user")
                if not uid:
                    raise exceptions.UserError("The public user (base.public_user) is missing.")
        else:
            uid = None
        req.env = Environment(env.cr, uid, {"lang": req.lang})
        if routing["type"] == "http" and routing.get("csrf", True) and httprequest.method not in CSRF_FREE_METHODS:
            if not req.validate_csrf(req.params.pop("csrf_token", None)):
                _logger.info("CSRF token refused on %s", httprequest.path)
                state["csrf_refused"] = True
                return page(_("Request refused"), _("The page has expired; please reload it and try again."), 400)
        api._push(req)
        try:
            result = endpoint(req.params)
        finally:
            api._pop()
        state["handled"] = True
        if routing["type"] == "json":
            return _json_body(state.get("id"), result=result)
        return _to_response(result)

    state_json = {}
    context = {"lang": "zh_CN"}
    try:
        response = transaction.run(app.backend, db, run, context=context)
    except Exception as exc:
        from .wsgi import RpcRequestError
        if isinstance(exc, RpcRequestError) or "request" not in state:
            raise
        if state["type"] == "json":
            if isinstance(exc, SessionExpired):
                error = errors.json_error(exc, code=100, message="Flectra Session Expired")
            else:
                error = errors.json_error(exc)
            return _json_body(state.get("id"), error=error)
        response = _error_page(exc)
        if response is None:
            raise      # the application's server error page, with a log reference
        return response
    if response is _NO_MATCH:
        return None
    req = state.get("request")
    if req is not None:
        _finish_session(app, req, response)
    return response


def _finish_session(app, req, response):
    """Store the session when the handler changed it (or keep a stored one alive), and set the
    anonymous CSRF nonce cookie when a token was made with a new one."""
    secure = req.httprequest.scheme == "https"
    if req._nonce_used:
        response.set_cookie(ANON_CSRF_COOKIE, req._nonce[0], httponly=True, samesite="Lax",
                            secure=secure, max_age=csrf.TOKEN_SECONDS, path="/")
    if req.routing and req.routing.get("save_session") is False:
        return
    session = req.session
    if session.stored:
        data = dict(session)
        if session.should_rotate:
            app.sessions.rotate(data)
            app._set_cookie(req.httprequest, response, data)
        app.sessions.save(data)
    elif session.modified:
        data = app.sessions.new()
        data["db"] = req.db
        data.update({k: v for k, v in session.items() if k not in PROTECTED_SESSION_KEYS})
        app.sessions.save(data)
        app._set_cookie(req.httprequest, response, data)
