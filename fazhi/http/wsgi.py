"""The WSGI application: routes, request limits, sessions and response headers.

Routes and payloads follow Flectra's (design/rpc-protocol.md), so odoorpc and xmlrpc.client
work unmodified. Each RPC call runs in its own transaction (fazhi.service.transaction).
"""
import json
import logging
import xmlrpc.client

from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.wrappers import Request, Response

from .. import exceptions
from ..config import config
from ..sql import backend_for
from . import csrf, errors, marshal
from .session import SessionStore
from .web import WebRoutes

_logger = logging.getLogger(__name__)

MAX_BODY = 48 * 1024 * 1024   #: bigger requests are refused before being read (API-5)
JSON_TYPES = ("application/json", "application/json-rpc")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; "
                                "img-src 'self' data: blob:; object-src 'none'; frame-ancestors 'self'; "
                                "base-uri 'self'; form-action 'self'"),
    "X-Frame-Options": "SAMEORIGIN",
}


class RpcRequestError(Exception):
    """A request that is not an RPC call at all (bad JSON, wrong content type)."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


class Application:
    """The fazhi WSGI callable."""

    def __init__(self):
        self.sessions = SessionStore()
        self.routes = {
            "/jsonrpc": self.jsonrpc,
            "/web/webclient/version_info": self.version_info,
            "/web/session/authenticate": self.session_authenticate,
            "/web/session/get_session_info": self.session_info_route,
            "/web/session/destroy": self.session_destroy,
            "/web/database/list": self.database_list,
            "/web/health": self.health,
            "/": self.index,
        }
        self.web = WebRoutes(self)
        self.routes.update(self.web.json_routes())

    @property
    def backend(self):
        return backend_for(config)

    # --- WSGI ---
    def __call__(self, environ, start_response):
        request = Request(environ)
        request.max_content_length = MAX_BODY
        try:
            response = self.dispatch(request)
        except RequestEntityTooLarge:
            response = Response("Request too large", status=413, mimetype="text/plain")
        except HTTPException as exc:
            response = exc.get_response(environ)
        except RpcRequestError as exc:
            response = Response(str(exc), status=exc.status, mimetype="text/plain")
        except Exception as exc:  # a page route failed: a page with a reference, never a traceback
            response = self.web.server_error(exc)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        response.headers.setdefault("Cache-Control", "no-store")
        if request.scheme == "https":
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response(environ, start_response)

    def dispatch(self, request):
        path = request.path.rstrip("/") or "/"
        if request.method == "TRACE":
            return Response("Method not allowed", status=405, mimetype="text/plain")
        if path.startswith("/xmlrpc/"):
            return self.xmlrpc(request, path)
        if path.startswith("/web/dataset/call_kw"):
            # the session's password token is checked in the call's own transaction (call_kw)
            return self.json_route(request, self.call_kw, check_token=False)
        response = self.web.dispatch(request, path)
        if response is not None:
            return response
        handler = self.routes.get(path)
        if handler is None:
            from .controllers import dispatch as controller_dispatch   # addons' flectra.http routes
            response = controller_dispatch(self, request)
            if response is not None:
                return response
            return Response("Not Found", status=404, mimetype="text/plain")
        if handler in (self.index, self.health):
            return handler(request)
        return self.json_route(request, handler)

    # --- JSON plumbing ---
    def _read_json(self, request):
        if request.method != "POST":
            raise RpcRequestError(405, "JSON routes accept POST only")
        if request.mimetype not in JSON_TYPES:
            raise RpcRequestError(415, "JSON routes accept application/json only")
        origin = request.headers.get("Origin")
        if origin and origin.split("://", 1)[-1].rstrip("/") != request.host:
            raise RpcRequestError(403, "Cross-origin requests are refused")
        if request.content_length and request.content_length > MAX_BODY:
            raise RequestEntityTooLarge()
        try:
            data = json.loads(request.get_data(cache=False, as_text=True))
        except (ValueError, RecursionError):
            raise RpcRequestError(400, "Invalid JSON data") from None
        if not isinstance(data, dict):
            raise RpcRequestError(400, "Invalid JSON-RPC request: expected an object")
        params = data.get("params", {})
        if not isinstance(params, dict):
            raise RpcRequestError(400, "Invalid JSON-RPC request: params must be an object")
        return data.get("id"), params

    def json_route(self, request, handler, check_token=True):
        request_id, params = self._read_json(request)
        response = Response(mimetype="application/json")
        try:
            session = self._load_session(request, check_token)
            result = handler(request, params, session, response)
            body = {"jsonrpc": "2.0", "id": request_id}
            if result is not None:
                body["result"] = result
        except SessionExpired as exc:
            body = {"jsonrpc": "2.0", "id": request_id,
                    "error": errors.json_error(exc, code=100, message="Flectra Session Expired")}
        except Exception as exc:  # every error becomes a structured JSON-RPC error
            body = {"jsonrpc": "2.0", "id": request_id, "error": errors.json_error(exc)}
        try:
            response.set_data(json.dumps(body, default=marshal.json_default, ensure_ascii=False))
        except (TypeError, ValueError) as exc:
            response.set_data(json.dumps({"jsonrpc": "2.0", "id": request_id, "error": errors.json_error(exc)}))
        return response

    def _request_info(self, request, channel):
        return {"REMOTE_ADDR": request.remote_addr, "channel": channel,
                "HTTP_USER_AGENT": request.headers.get("User-Agent", "")[:200]}

    # --- sessions ---
    def _load_session(self, request, check_token=True):
        sid = request.cookies.get("session_id")
        session = self.sessions.get(sid) if sid else None
        if session and session.get("uid") and check_token:
            from ..service import security
            from ..queue.jobs import is_transient
            from ..sql.backends import DatabaseMissing
            try:
                token = security.session_token(self.backend, session["db"], session["uid"])
            except Exception as exc:
                if is_transient(exc) and not isinstance(exc, DatabaseMissing) and "no such table" not in str(exc):
                    # the database server is unreachable or busy: this request fails, the user
                    # stays logged in (and keeps the form they are filling in) for the retry
                    raise
                _logger.info("session %s dropped: its database is not usable", sid[:6], exc_info=True)
                token = None
            if token != session.get("token"):
                self.sessions.delete(sid)
                session = None
        return session

    def _set_cookie(self, request, response, session):
        secure = request.scheme == "https"
        response.set_cookie("session_id", session["sid"], httponly=True, samesite="Lax", secure=secure,
                            max_age=12 * 3600, path="/")

    def _require_session(self, session):
        if not session or not session.get("uid"):
            raise SessionExpired("Session expired")
        return session

    def session_info(self, session):
        from ..service import transaction, common

        def read(env):
            user = env.user
            return {
                "uid": user.id, "is_system": user._is_system(), "is_admin": user._is_admin(),
                "user_context": env["res.users"].context_get(), "db": session["db"],
                "server_version": common.server_version(),
                "server_version_info": common.version_info()["server_version_info"],
                "name": user.name, "username": user.login, "partner_display_name": user.partner_id.display_name,
                "partner_id": user.partner_id.id, "company_id": user.company_id.id,
                "web.base.url": env["ir.config_parameter"].sudo().get_param("web.base.url", ""),
                "notices": list(env["res.users"]._login_notices()),
            }
        return transaction.run(self.backend, session["db"], read, uid=session["uid"])

    # --- routes ---
    def index(self, request):
        # a person opening the server's address gets the web client (its login page when needed)
        return Response(status=303, headers={"Location": "/web"})

    def health(self, request):
        return Response('{"status": "pass"}', mimetype="application/json")

    def version_info(self, request, params, session, response):
        from ..service import common
        return common.version_info()

    def jsonrpc(self, request, params, session, response):
        from ..http.rpc import dispatch_rpc
        service, method, args = params.get("service"), params.get("method"), params.get("args", [])
        if not isinstance(args, list):
            raise TypeError("args must be a list")
        return dispatch_rpc(self.backend, service, method, args, self._request_info(request, "jsonrpc"))

    def session_authenticate(self, request, params, session, response):
        from ..service import security
        db, login, password = params.get("db"), params.get("login"), params.get("password")
        if not db or not self.backend.exists(db):
            raise exceptions.AccessError("Database not found.")
        uid = security.login(self.backend, db, login, password, self._request_info(request, "web"), interactive=True)
        session = self.sessions.rotate(session) if session else self.sessions.new()
        session.update({"db": db, "uid": uid, "login": login,
                        "token": security.session_token(self.backend, db, uid)})
        info = self.session_info(session)
        session["context"] = info["user_context"]
        self.sessions.save(session)
        self._set_cookie(request, response, session)
        info["csrf_token"] = csrf.make_token(session)
        return info

    def session_info_route(self, request, params, session, response):
        session = self._require_session(session)
        self.sessions.save(session)
        info = self.session_info(session)
        info["csrf_token"] = csrf.make_token(session)
        return info

    def session_destroy(self, request, params, session, response):
        session = self._require_session(session)
        self.sessions.delete(session["sid"])
        return None

    def database_list(self, request, params, session, response):
        from ..service import db
        return db.dispatch(self.backend, "list", [])

    def call_kw(self, request, params, session, response):
        from ..service import model as model_service, security, transaction
        session = self._require_session(session)
        model_name, method = params.get("model"), params.get("method")
        args, kwargs = params.get("args", []), params.get("kwargs", {}) or {}
        if not isinstance(kwargs, dict):
            raise TypeError("kwargs must be an object")
        stamp = None
        if method == "write" and isinstance(kwargs.get("context"), dict) and "fz_check_write_date" in kwargs["context"]:
            # stale-edit check (DB-4) of the records the client saves, not of what write() touches next
            kwargs = dict(kwargs, context=dict(kwargs["context"]))
            stamp = kwargs["context"].pop("fz_check_write_date")

        def run(env):
            # the session's proof (_load_session's token) in the call's transaction: a password
            # change or deactivation ends the session before anything runs
            if security.session_token_in(env, session["uid"]) != session.get("token"):
                raise SessionExpired("Session expired")
            checked.append(True)
            if stamp and isinstance(model_name, str) and model_name in env and args and isinstance(args[0], list):
                env[model_name].with_context(lang=kwargs["context"].get("lang")).browse(
                    [i for i in args[0] if isinstance(i, int)])._fz_check_write_date(stamp)
            return model_service.call(env, model_name, method, args, kwargs)
        checked = []
        try:
            result = transaction.run(self.backend, session["db"], run, uid=session["uid"])
        except SessionExpired:
            self.sessions.delete(session["sid"])
            raise
        except Exception:
            if not checked:
                # the database is gone or unusable: so is the session (as _load_session does)
                _logger.info("session %s dropped: its database is not usable", session["sid"][:6], exc_info=True)
                self.sessions.delete(session["sid"])
                raise SessionExpired("Session expired") from None
            self.sessions.save(session)
            raise
        self.sessions.save(session)
        return result

    # --- XML-RPC ---
    def xmlrpc(self, request, path):
        from ..http.rpc import dispatch_rpc
        parts = path.split("/")
        legacy = len(parts) == 3                 # /xmlrpc/<service>
        service = parts[-1]
        if request.method != "POST":
            return Response("XML-RPC accepts POST only", status=405, mimetype="text/plain")
        body = request.get_data(cache=False)
        if b"<!DOCTYPE" in body or b"<!ENTITY" in body:
            return Response("XML-RPC requests may not declare a DTD or entities", status=400, mimetype="text/plain")
        try:
            params, method = xmlrpc.client.loads(body, use_builtin_types=False)
        except (Exception, RecursionError):  # any parse failure of the body is the client's
            return Response("Invalid XML-RPC request", status=400, mimetype="text/plain")
        try:
            params = [_unwrap_xmlrpc(p) for p in params]
        except ValueError as exc:
            return Response(str(exc), status=400, mimetype="text/plain")
        try:
            result = dispatch_rpc(self.backend, service, method, params, self._request_info(request, "xmlrpc"))
            data = marshal.dumps_response(result)
        except Exception as exc:  # every error becomes a fault
            code, message = (errors.xmlrpc_fault_legacy if legacy else errors.xmlrpc_fault)(exc)
            data = marshal.dumps_fault(code, message)
        return Response(data, mimetype="text/xml")


MAX_NESTING = 100


def _unwrap_xmlrpc(value, depth=0):
    if depth > MAX_NESTING:
        raise ValueError("XML-RPC request nested deeper than %d levels" % MAX_NESTING)
    if isinstance(value, xmlrpc.client.Binary):
        import base64
        return base64.b64encode(value.data).decode()
    if isinstance(value, xmlrpc.client.DateTime):
        return str(value)
    if isinstance(value, list):
        return [_unwrap_xmlrpc(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {k: _unwrap_xmlrpc(v, depth + 1) for k, v in value.items()}
    return value


class SessionExpired(Exception):
    """A session route was called without a live session (JSON-RPC error code 100)."""

    rpc_name = "flectra.http.SessionExpiredException"


application = Application()
