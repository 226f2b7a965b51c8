"""The web client's server side: login/logout pages, the client shell, static files, files,
export, and the JSON routes the client calls besides ``call_kw``.

Pages are rendered from ``fazhi/addons/web/templates/*.html`` with ``markupsafe``
(``Markup.format`` escapes every value), carry no inline script or style, and get the strict
CSP of the web client contract. Form (http) POSTs need a CSRF token bound to the session
(fazhi.http.csrf); JSON routes keep the protection of ``Application._read_json``.
"""
import datetime
import json
import logging
import mimetypes
import os
import re
import secrets
import time
import urllib.parse

from markupsafe import Markup
from werkzeug.security import safe_join
from werkzeug.utils import send_file
from werkzeug.wrappers import Response

from .. import exceptions
from ..config import config
from ..orm.translate import load_module_translations, translate_module
from ..tools import clock
from . import csrf

_logger = logging.getLogger(__name__)

WEB_ADDON = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "addons", "web")
TEMPLATES = os.path.join(WEB_ADDON, "templates")
DEFAULT_LANG = "zh_CN"
STATIC_MAX_AGE = 3600
INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"}
DOWNLOAD_CSP = "default-src 'none'; img-src 'self'; style-src 'none'; sandbox"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_MAX_ROWS = 100000
UPLOAD_MAX_FILES = 20
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LOCK_WINDOW_MINUTES = 30
_LOCK_THRESHOLD = 5
LOGIN_NONCE_COOKIE = "fz_login"   #: an anonymous login form's CSRF binding (no session file)

_templates = {}
_installed_cache = {}   # db -> (time, {addon names})


def _(source, **kwargs):
    """Server pages are in the default language (the user is not known before login), in the
    web addon's words."""
    return translate_module("web", source, DEFAULT_LANG, **kwargs)


def render(name, **values):
    template = _templates.get(name)
    if template is None:
        with open(os.path.join(TEMPLATES, name + ".html"), encoding="utf-8") as fp:
            template = _templates[name] = Markup(fp.read())
    return str(template.format(**values))


def html_response(body, status=200):
    response = Response(body, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


def safe_redirect(target, default="/web"):
    """``target`` when it is a path on this site, else ``default`` (no open redirect, WEB-5)."""
    if not isinstance(target, str) or not target or len(target) > 2000:
        return default
    if _CONTROL.search(target) or "\\" in target or not target.startswith("/") or target.startswith("//"):
        return default
    parts = urllib.parse.urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def content_disposition(name, inline=False):
    """``attachment; filename="ascii"; filename*=UTF-8''…`` (RFC 6266) for any file name."""
    ascii_name = re.sub(r"[^A-Za-z0-9 ._()-]", "_", name)   # the fallback: no markup, quotes or separators
    if not re.search(r"[A-Za-z0-9]", ascii_name):
        ascii_name = "download" + os.path.splitext(ascii_name)[1]
    return "%s; filename=\"%s\"; filename*=UTF-8''%s" % (
        "inline" if inline else "attachment", ascii_name, urllib.parse.quote(name, safe=""))


def clean_file_name(name):
    name = os.path.basename((name or "").replace("\\", "/"))
    name = _CONTROL.sub("", name).strip()
    return name[:255] or "file"


class WebRoutes:
    """Routes of the web client; ``app`` is the ``fazhi.http.wsgi.Application``."""

    def __init__(self, app):
        self.app = app
        load_module_translations(WEB_ADDON)

    def json_routes(self):
        return {
            "/web/session/change_password": self.change_password,
            "/web/webclient/load_menus": self.load_menus,
            "/web/action/load": self.action_load,
        }

    def dispatch(self, request, path):
        """The response of a web (non-JSON) route, or None when ``path`` is not one."""
        if path == "/web/login":
            return self.login(request)
        if path == "/web/session/logout":
            return self.logout(request)
        if path == "/web":
            return self.shell(request)
        if path == "/web/binary/upload_attachment":
            return self.upload_attachment(request)
        if path == "/web/export/xlsx":
            return self.export_xlsx(request)
        if path.startswith("/web/content/"):
            return self.content(request, path[len("/web/content/"):])
        parts = path.split("/", 3)
        if len(parts) == 4 and parts[0] == "" and parts[2] == "static" and parts[1]:
            return self.static(request, parts[1], parts[3])
        return None

    def server_error(self, exc):
        """The page of an unexpected error; the traceback goes to the log under a reference."""
        from . import errors
        reference = errors.log_reference(exc, "web page")
        body = render("message", back_url="/web/login", title=_("Server error"),
                      message=_("The request could not be completed (error reference %(reference)s, "
                                "in the server log).", reference=reference),
                      back=_("Back to the login page"))
        return html_response(body, status=500)

    # --- helpers ---
    @property
    def backend(self):
        return self.app.backend

    def _session(self, request, create=False):
        session = self.app._load_session(request)
        if session is None and create:
            session = self.app.sessions.new()
        return session

    def _login_session(self, request):
        """The session the login form's CSRF token is bound to: the visitor's own, or for an
        anonymous visitor a stand-in that is never stored. Its id is a random nonce kept in a
        cookie (SameSite=Lax: not sent with a cross-site POST), so the token still proves the
        form came from this site, and a crawler's GETs write no session file (issue 13)."""
        session = self.app._load_session(request)
        if session is not None:
            return session
        nonce = request.cookies.get(LOGIN_NONCE_COOKIE) or ""
        if not (20 <= len(nonce) <= 100 and all(c.isalnum() or c in "-_" for c in nonce)):
            nonce = secrets.token_urlsafe(32)
        # "." never occurs in a stored session's id: the two kinds of token cannot be swapped
        return {"sid": "anon." + nonce, "anonymous": nonce, "uid": None}

    def _user_session(self, request):
        session = self.app._load_session(request)
        return session if session and session.get("uid") else None

    def _run(self, session, func):
        from ..service import transaction
        context = dict(session.get("context") or {})
        context.setdefault("lang", DEFAULT_LANG)
        return transaction.run(self.backend, session["db"], func, uid=session["uid"], context=context)

    def _csrf_ok(self, request, session):
        return csrf.check_token(session, request.form.get("csrf_token"))

    def _bad_request(self, message):
        body = render("message", back_url="/web/login", title=_("Request refused"), message=message, back=_("Back to the login page"))
        return html_response(body, status=400)

    def _login_databases(self, request):
        """Candidate databases for the login form: the one asked for, or the served one.

        With the database manager off (``--no-database-manager``) only the served database is
        offered, whatever ``?db=`` names: the page is the same for a database that exists and
        one that does not, so it tells nobody which databases there are (CFG-1).
        """
        if not config.get("list_db", True):
            served = config.get("db_name")
            return [served] if served and self.backend.exists(served) else []
        asked = request.values.get("db")
        if asked:
            return [asked] if self.backend.exists(asked) else []
        if config.get("db_name") and self.backend.exists(config["db_name"]):
            return [config["db_name"]]
        try:
            return sorted(self.backend.list())
        except Exception:  # the database server is down: the form says so on submit
            _logger.warning("could not list databases", exc_info=True)
            return []

    # --- login / logout / shell ---
    def _login_page(self, request, session, error="", login="", redirect="/web", status=200):
        databases = self._login_databases(request)
        if len(databases) > 1:
            options = Markup("").join(Markup('<option value="{0}">{0}</option>').format(name) for name in databases)
            database = Markup('<div class="fz-login-field"><label for="fz-login-db">{label}</label>'
                              '<select id="fz-login-db" name="db">{options}</select></div>\n').format(
                label=_("Database"), options=options)
        elif databases:
            database = Markup('<input type="hidden" name="db" value="{0}">\n').format(databases[0])
        else:
            database = ""
        error_html = Markup('<p class="fz-login-error" role="alert">{0}</p>\n').format(error) if error else ""
        body = render("login", title=_("Log in - fazhi"), heading=_("fazhi case management"),
                      subtitle=_("County judicial bureau"), csrf_token=csrf.make_token(session),
                      redirect=safe_redirect(redirect), error=error_html, database=database,
                      login_label=_("Login"), password_label=_("Password"), submit=_("Log in"), login=login)
        response = html_response(body, status=status)
        if session.get("anonymous"):
            response.set_cookie(LOGIN_NONCE_COOKIE, session["anonymous"], httponly=True, samesite="Lax",
                                secure=request.scheme == "https", max_age=csrf.TOKEN_SECONDS, path="/web/login")
        else:
            self.app.sessions.save(session)
            self.app._set_cookie(request, response, session)
        return response

    def login(self, request):
        if request.method not in ("GET", "HEAD", "POST"):
            return Response("Method not allowed", status=405, mimetype="text/plain")
        session = self._login_session(request)
        if request.method != "POST":
            if session.get("uid"):
                return self._redirect(safe_redirect(request.args.get("redirect")))
            return self._login_page(request, session, redirect=request.args.get("redirect") or "/web")
        if not self._csrf_ok(request, session):
            return self._bad_request(_("The form has expired or did not come from this site. "
                                       "Please reload the login page and try again."))
        login = (request.form.get("login") or "").strip()[:200]
        password = request.form.get("password") or ""
        redirect = safe_redirect(request.form.get("redirect"))
        databases = self._login_databases(request)
        db = request.form.get("db") if request.form.get("db") in databases else (
            databases[0] if len(databases) == 1 else None)
        if not db:
            return self._login_page(request, session, _("Please choose a database."), login, redirect)
        from ..service import security
        try:
            uid = security.login(self.backend, db, login, password, self.app._request_info(request, "web"),
                                 interactive=True)
        except exceptions.AccessDenied:
            message = _("Wrong login or password.")
            if self._login_locked(db, login):
                message = _("Too many failed logins: this account is locked for %(minutes)s minutes. "
                            "Try again later or ask an administrator to unlock it.", minutes=_LOCK_WINDOW_MINUTES)
            return self._login_page(request, session, message, login, redirect)
        # now there is something to keep: a stored session (a new id, also for a visitor's own)
        session = self.app.sessions.new() if session.get("anonymous") else self.app.sessions.rotate(session)
        session.update({"db": db, "uid": uid, "login": login,
                        "token": security.session_token(self.backend, db, uid)})
        info = self.app.session_info(session)
        session["context"] = info["user_context"]
        self.app.sessions.save(session)
        response = self._redirect(redirect)
        self.app._set_cookie(request, response, session)
        response.delete_cookie(LOGIN_NONCE_COOKIE, path="/web/login")
        return response

    def _login_locked(self, db, login):
        """Whether ``login`` had too many failures lately, known user or not (no enumeration)."""
        from ..service import transaction
        since = (clock.now() - datetime.timedelta(minutes=_LOCK_WINDOW_MINUTES)).strftime("%Y-%m-%d %H:%M:%S")

        def run(env):
            env.cr.execute("SELECT outcome FROM res_users_log WHERE login = %s AND create_date >= %s "
                           "ORDER BY id DESC LIMIT 50", [login, since])
            failures = 0
            for (outcome,) in env.cr.fetchall():
                if outcome in ("success", "unlock"):
                    break
                if outcome == "locked":
                    return True
                failures += 1
            return failures >= _LOCK_THRESHOLD
        try:
            return transaction.run(self.backend, db, run)
        except Exception:
            _logger.warning("could not read the login log", exc_info=True)
            return False

    def _redirect(self, location):
        response = Response("", status=303)
        response.headers["Location"] = location
        return response

    def logout(self, request):
        """End the session: POST with the session's CSRF token only, so that no other site can
        log the user out with a link or an image (a GET changes nothing)."""
        if request.method != "POST":
            response = Response("Method not allowed", status=405, mimetype="text/plain")
            response.headers["Allow"] = "POST"
            return response
        session = self.app._load_session(request)
        if session and not self._csrf_ok(request, session):
            return self._bad_request(_("The form has expired or did not come from this site. "
                                       "Please reload the page and try again."))
        if session:
            self.app.sessions.delete(session["sid"])
        response = self._redirect("/web/login")
        response.delete_cookie("session_id", path="/")
        return response

    def shell(self, request):
        if request.method not in ("GET", "HEAD"):
            return Response("Method not allowed", status=405, mimetype="text/plain")
        session = self._user_session(request)
        if session is None:
            return self._redirect("/web/login?redirect=/web")
        self.app.sessions.save(session)
        body = render("shell", title=_("fazhi"), csrf_token=csrf.make_token(session), db=session["db"],
                      noscript=_("The web client needs JavaScript."))
        return html_response(body)

    # --- static files ---
    def _installed(self, db):
        cached = _installed_cache.get(db)
        if cached and time.monotonic() - cached[0] < 60:
            return cached[1]
        from ..modules.loading import installed_modules
        cr = self.backend.cursor(db)
        try:
            names = set(installed_modules(cr))
        finally:
            cr.rollback()
            cr.close()
        _installed_cache[db] = (time.monotonic(), names)
        return names

    def _addon_dir(self, addon):
        if addon == "web":
            return WEB_ADDON
        for root in config.all_addons_paths():
            path = os.path.join(root, addon)
            if os.path.isfile(os.path.join(path, "__manifest__.py")):
                return path
        return None

    def static(self, request, addon, rest):
        if request.method not in ("GET", "HEAD"):
            return Response("Method not allowed", status=405, mimetype="text/plain")
        not_found = Response("Not Found", status=404, mimetype="text/plain")
        if not re.match(r"^[a-z0-9_]+$", addon):
            return not_found
        if addon != "web":
            # the installed addons of the request's database, also for an anonymous visitor
            # (a public page's CSS and JS): the database as for controller routes
            from .controllers import resolve_db
            try:
                db = resolve_db(self.app, request, self.app._load_session(request))
                if db is None or addon not in self._installed(db):
                    return not_found
            except Exception:
                return not_found
        addon_dir = self._addon_dir(addon)
        if addon_dir is None:
            return not_found
        path = safe_join(os.path.join(addon_dir, "static"), rest)
        if path is None or not os.path.isfile(path):
            return not_found
        mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"
        if path.endswith((".js", ".mjs")):
            mimetype = "text/javascript"
        if mimetype in ("application/json", "image/svg+xml"):
            mimetype += "; charset=utf-8"     # werkzeug adds it to text/* itself
        response = send_file(path, request.environ, mimetype=mimetype, max_age=STATIC_MAX_AGE,
                             conditional=True, etag=True)
        response.headers["Cache-Control"] = "public, max-age=%d" % STATIC_MAX_AGE
        return response

    # --- files ---
    def _json(self, data, status=200):
        return Response(json.dumps(data, ensure_ascii=False), status=status, mimetype="application/json")

    def upload_attachment(self, request):
        if request.method != "POST":
            return Response("Method not allowed", status=405, mimetype="text/plain")
        session = self._user_session(request)
        if session is None or not self._csrf_ok(request, session):
            return self._json({"error": _("Invalid or expired CSRF token; reload the page.")}, status=400)
        model = request.form.get("model") or ""
        try:
            res_id = int(request.form.get("id") or 0)
        except ValueError:
            res_id = 0
        files = request.files.getlist("ufile")
        if not files or len(files) > UPLOAD_MAX_FILES:
            return self._json({"error": _("No file to upload.")})
        uploads = [(clean_file_name(f.filename), f.read()) for f in files]

        def run(env):
            if model not in env or not res_id:
                raise exceptions.UserError(env._("The record to attach the file to does not exist."))
            record = env[model].browse(res_id).exists()
            if not record:
                raise exceptions.UserError(env._("The record to attach the file to does not exist."))
            record.check_access_rights("write")
            record.check_access_rule("write")
            result = []
            for name, data in uploads:
                att = env["ir.attachment"].create({"name": name, "raw": data, "res_model": model, "res_id": res_id})
                result.append({"id": att.id, "name": att.name, "mimetype": att.mimetype, "file_size": att.file_size})
            return result
        try:
            return self._json(self._run(session, run))
        except Exception as exc:
            from . import errors
            return self._json({"error": errors.message_of(exc)})

    def content(self, request, rest):
        if request.method not in ("GET", "HEAD"):
            return Response("Method not allowed", status=405, mimetype="text/plain")
        session = self._user_session(request)
        if session is None:
            return self._redirect("/web/login?redirect=" + urllib.parse.quote(request.full_path.rstrip("?")))
        try:
            att_id = int(rest.split("/", 1)[0])
        except ValueError:
            att_id = 0
        if not 0 < att_id < 2 ** 31:   # beyond the id column's range: no such record
            return Response("Not Found", status=404, mimetype="text/plain")

        def run(env):
            att = env["ir.attachment"].browse(att_id)
            values = att.read(["name", "mimetype", "type", "url"])[0]
            values["raw"] = att.raw if values["type"] == "binary" else b""
            return values
        try:
            values = self._run(session, run)
        except (exceptions.AccessError, exceptions.MissingError, IndexError):
            return Response("Not Found", status=404, mimetype="text/plain")
        except exceptions.UserError as exc:   # the stored file is missing or damaged (logged)
            from . import errors
            return html_response(render("message", back_url="/web/login", title=_("Request refused"), message=errors.message_of(exc),
                                        back=_("Back to the login page")), status=404)
        raw = values["raw"] or b""
        if isinstance(raw, str):
            raw = raw.encode()
        mimetype = values["mimetype"] or "application/octet-stream"
        inline = mimetype in INLINE_TYPES and request.args.get("download") not in ("true", "1")
        response = Response(raw, status=200, mimetype=mimetype if inline else (
            mimetype if mimetype.split(";")[0] not in ("text/html", "image/svg+xml", "application/xhtml+xml")
            else "application/octet-stream"))
        response.headers["Content-Disposition"] = content_disposition(values["name"] or "file", inline=inline)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "private, no-store"
        if not inline or mimetype != "application/pdf":
            response.headers["Content-Security-Policy"] = DOWNLOAD_CSP
        return response

    # --- export ---
    def export_xlsx(self, request):
        if request.method != "POST":
            return Response("Method not allowed", status=405, mimetype="text/plain")
        session = self._user_session(request)
        if session is None or not self._csrf_ok(request, session):
            return self._bad_request(_("Invalid or expired CSRF token; reload the page."))
        try:
            data = json.loads(request.form.get("data") or "")
            if not isinstance(data, dict) or not isinstance(data.get("model"), str):
                raise ValueError("data")
            columns = [c for c in data.get("fields") or [] if isinstance(c, dict) and isinstance(c.get("name"), str)]
        except ValueError:
            return self._bad_request(_("Invalid export request."))
        from .export import export_rows, xlsx_bytes
        try:
            title, header, rows = self._run(session, lambda env: export_rows(env, data, columns, EXPORT_MAX_ROWS))
        except (exceptions.UserError, exceptions.AccessError, ValueError, TypeError) as exc:
            from . import errors
            return self._bad_request(errors.message_of(exc))
        response = Response(xlsx_bytes(title, header, rows), mimetype=XLSX_TYPE)
        response.headers["Content-Disposition"] = content_disposition("%s.xlsx" % title)
        response.headers["Cache-Control"] = "no-store"
        return response

    # --- JSON routes ---
    def change_password(self, request, params, session, response):
        session = self.app._require_session(session)
        old, new, confirm = (params.get("old_password"), params.get("new_password"), params.get("confirm_password"))

        def run(env):
            if not old or not new or not confirm:
                raise exceptions.UserError(env._("The old password, the new password and its confirmation "
                                                 "are all required."))
            if new != confirm:
                raise exceptions.UserError(env._("The new password and its confirmation do not match."))
            try:
                env["res.users"].change_password(old, new)
            except exceptions.AccessDenied:
                raise exceptions.UserError(env._("The old password is not correct.")) from None
            return True
        result = self._run(session, run)
        # other sessions of the user end (their token changed); this one carries on
        from ..service import security
        session["token"] = security.session_token(self.backend, session["db"], session["uid"])
        self.app.sessions.save(session)
        return result

    def load_menus(self, request, params, session, response):
        session = self.app._require_session(session)
        self.app.sessions.save(session)
        debug = bool(params.get("debug"))

        def run(env):
            tree = env["ir.ui.menu"].load_menus(debug)
            result = {"root": {"id": "root", "children": [node["id"] for node in tree["children"]]}}

            def walk(node, parent):
                result[node["id"]] = {
                    "id": node["id"], "name": node["name"], "children": [c["id"] for c in node["children"]],
                    "parent_id": [parent["id"], parent["name"]] if parent else False,
                    "action": node["action"], "sequence": node["sequence"], "xmlid": node["xmlid"],
                    "web_icon": node["web_icon"]}
                for child in node["children"]:
                    walk(child, node)
            for node in tree["children"]:
                walk(node, None)
            return result
        return self._run(session, run)

    def action_load(self, request, params, session, response):
        session = self.app._require_session(session)
        self.app.sessions.save(session)
        action_id = params.get("action_id")
        return self._run(session, lambda env: env["ir.actions.actions"]._fz_load_action(action_id))
