"""flectra.http controllers of addons (fazhi/surface/http.py, fazhi/http/controllers.py).

A database of its own with base, web and the test addon tests/data/http_addons/fz_http_test
(never in the shared test database, whose addons do not include it), served in-process by a
fresh ``Application`` with its own session directory and ``db_name`` pointing at it.
"""
import json
import os
import re
import types
import uuid
import xmlrpc.client

import pytest
from werkzeug.test import Client

from fazhi.config import config
from fazhi.http import controllers
from fazhi.http.session import SessionStore
from fazhi.http.wsgi import Application
from fazhi.modules import importer
from fazhi.modules.loading import install_modules
from fazhi.orm.registry import Registry
from fazhi.service import transaction
from fazhi.sql import backend_for
from fazhi.surface import http as flectra_http
from fazhi.tools import clock

ADDONS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "http_addons")
PASSWORD = "Us3r-Pw-Kx8!tr2m"
CSRF_INPUT = re.compile(r"<form>([^<]+)</form>")


@pytest.fixture(scope="module")
def http_db():
    from fazhi.testing.common import get_test_database
    get_test_database()     # made first: it installs every addon on the path, which must not include ours
    saved = list(config["addons_path"])
    config["addons_path"] = saved + [ADDONS]
    importer.set_addons_paths(config.all_addons_paths())
    backend = backend_for(config)
    dbname = "fz_http_%s" % uuid.uuid4().hex[:10]
    backend.create(dbname)
    try:
        install_modules(backend, dbname, ["base", "web", "fz_http_test"])

        def make_user(env):
            group = env.ref("base.group_user")
            user = env["res.users"].create({"name": "HTTP clerk", "login": "http_clerk",
                                            "groups_id": [(6, 0, [group.id])]})
            user.password = PASSWORD
            return {"clerk": user.id, "public": env.ref("base.public_user").id}
        ids = transaction.run(backend, dbname, make_user)
        yield {"backend": backend, "db": dbname, **ids}
    finally:
        config["addons_path"] = saved
        importer.set_addons_paths(config.all_addons_paths())
        Registry.delete(backend, dbname)
        backend.close_all(dbname)
        try:
            backend.drop(dbname)
        except Exception as exc:  # a failed drop must not hide the results
            print("could not drop %s: %s" % (dbname, exc))


@pytest.fixture
def app(http_db, tmp_path, monkeypatch):
    monkeypatch.setitem(config, "db_name", http_db["db"])
    application = Application()
    application.sessions = SessionStore(str(tmp_path / "sessions"))
    yield application
    clock.reset()


@pytest.fixture
def client(app):
    return Client(app)


def _run(http_db, func):
    return transaction.run(http_db["backend"], http_db["db"], func)


def _param(http_db, key):
    return _run(http_db, lambda env: env["ir.config_parameter"].sudo().get_param(key))


def _session_files(app):
    path = app.sessions.path
    return [n for n in os.listdir(path) if n.endswith(".json")] if os.path.isdir(path) else []


def _token(client):
    res = client.get("/fz_http_test/form")
    assert res.status_code == 200
    return CSRF_INPUT.search(res.get_data(as_text=True)).group(1)


def _login(client, login="http_clerk", password=PASSWORD, db=None):
    return client.post("/web/session/authenticate", json={
        "jsonrpc": "2.0", "id": 1, "params": {"db": db, "login": login, "password": password}}).get_json()


def _jsonrpc(client, path, params, **kw):
    return client.post(path, json={"jsonrpc": "2.0", "id": 7, "params": params}, **kw)


# --- routing ---
def test_route_params_converters_and_query_args(client):
    res = client.get("/fz_http_test/hello/42/abc?q=x&extra=1")
    assert res.status_code == 200
    assert res.get_data(as_text=True) == "hello 42 abc q=x other=['extra']"
    assert res.mimetype == "text/html"
    assert client.get("/fz_http_test/hello/notanumber/abc").status_code == 404


def test_path_converter_several_routes_and_inherited_route(client):
    # ExtendedController overrides path() without a decorator: the route stays, its body is used
    assert client.get("/fz_http_test/path/a/b/c.txt").get_data(as_text=True) == "extended path=a/b/c.txt"
    assert client.get("/fz_http_test/alias/x").get_data(as_text=True) == "extended path=x"


def test_methods_restrict_the_route(client):
    res = client.post("/fz_http_test/hello/1/a")
    assert res.status_code == 405


def test_security_headers_and_no_store_on_controller_pages(client):
    res = client.get("/fz_http_test/hello/1/a")
    assert res.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors" in res.headers["Content-Security-Policy"]
    assert res.headers["X-Content-Type-Options"] == "nosniff"


def test_routes_of_a_module_not_installed_are_404(client, env, monkeypatch):
    # the same addon's routes on a database where it is not installed (the shared test database)
    monkeypatch.setitem(config, "db_name", env.cr.dbname)
    assert client.get("/fz_http_test/hello/1/a").status_code == 404
    monkeypatch.setitem(config, "db_name", None)


def test_controller_of_an_uninstalled_addon_is_not_routed(client):
    module = types.ModuleType("flectra.addons.fz_http_absent.controllers")

    def absent(self):
        return "absent"
    try:
        cls = type("Absent", (flectra_http.Controller,), {
            "__module__": module.__name__,
            "absent": flectra_http.route("/fz_http_absent/page", auth="public")(absent)})
        assert cls._module == "fz_http_absent"
        assert client.get("/fz_http_absent/page").status_code == 404
    finally:
        flectra_http.controllers_per_module.pop("fz_http_absent", None)
        flectra_http.generation[0] += 1


def test_route_map_is_built_once_per_registry(client, monkeypatch, http_db):
    client.get("/fz_http_test/hello/1/a")
    builds = []
    real = controllers.build_map
    monkeypatch.setattr(controllers, "build_map", lambda modules: builds.append(1) or real(modules))
    for _i in range(3):
        assert client.get("/fz_http_test/hello/1/a").status_code == 200
    assert builds == []


def test_unknown_path_is_404_without_a_database(client, monkeypatch):
    monkeypatch.setitem(config, "db_name", "fz_http_no_such_db_%s" % uuid.uuid4().hex[:6])
    assert client.get("/fz_http_test/hello/1/a").status_code == 404


def test_database_of_an_anonymous_request():
    class Backend:
        names = ["one"]

        def exists(self, name):
            return name in self.names

        def list(self):
            return list(self.names)
    app = types.SimpleNamespace(backend=Backend())
    saved = config.get("db_name")
    try:
        config["db_name"] = None
        controllers._db_list_cache.clear()
        assert controllers.resolve_db(app, None, None) == "one"              # the only database
        assert controllers.resolve_db(app, None, {"db": "one", "uid": None}) == "one"   # the session's
        assert controllers.resolve_db(app, None, {"db": "mine", "uid": 2}) == "mine"  # checked at load
        assert controllers.resolve_db(app, None, {"db": "gone", "uid": None}) is None  # dropped since
        Backend.names = ["one", "two"]
        controllers._db_list_cache.clear()
        assert controllers.resolve_db(app, None, None) is None                # ambiguous: none
        config["db_name"] = "two"
        assert controllers.resolve_db(app, None, None) == "two"              # the served one
        config["db_name"] = "three"
        assert controllers.resolve_db(app, None, None) is None
    finally:
        config["db_name"] = saved
        controllers._db_list_cache.clear()


# --- the public user ---
def test_public_route_runs_as_the_public_user(client, app, http_db):
    res = client.get("/fz_http_test/whoami", environ_base={"REMOTE_ADDR": "198.51.100.7"})
    data = res.get_json()
    assert data["uid"] == http_db["public"] and data["public"] is True and data["login"] == "public"
    assert data["session_uid"] is None and data["db"] == http_db["db"] and data["lang"] == "zh_CN"
    assert data["remote_addr"] == "198.51.100.7"


def test_public_user_has_no_access_to_partners(client):
    res = client.get("/fz_http_test/partners")
    assert res.status_code == 403
    text = res.get_data(as_text=True)
    assert "无权访问" in text and "Traceback" not in text


def test_public_user_is_inactive_passwordless_and_only_public(http_db):
    def read(env):
        env.cr.execute("SELECT active, COALESCE(password, '') FROM res_users WHERE id = %s", [http_db["public"]])
        active, password = env.cr.fetchone()
        user = env["res.users"].browse(http_db["public"])
        groups = {"%s.%s" % (x.module, x.name) for x in env["ir.model.data"].search(
            [("model", "=", "res.groups"), ("res_id", "in", user.groups_id.ids)])}
        clerk = env["res.users"].browse(http_db["clerk"])
        return active, password, groups, user._is_public(), clerk._is_public(), user.share
    active, password, groups, is_public, clerk_public, share = _run(http_db, read)
    assert not active and password == "" and groups == {"base.group_public"}
    assert is_public and not clerk_public and share


def test_logged_in_user_on_a_public_route_is_themselves(client, http_db):
    assert _login(client, db=http_db["db"])["result"]["uid"] == http_db["clerk"]
    data = client.get("/fz_http_test/whoami").get_json()
    assert data["uid"] == http_db["clerk"] and data["public"] is False and data["session_uid"] == http_db["clerk"]


def test_remote_addr_follows_the_trusted_proxy_only(app, monkeypatch):
    from fazhi.http import server, wsgi
    monkeypatch.setattr(wsgi, "application", app)
    forged, peer = {"X-Forwarded-For": "203.0.113.5"}, {"REMOTE_ADDR": "198.51.100.7"}
    direct = Client(server._app(False)).get("/fz_http_test/whoami", headers=forged, environ_base=peer)
    assert direct.get_json()["remote_addr"] == "198.51.100.7"    # no proxy mode: the header is ignored
    proxied = Client(server._app(True)).get("/fz_http_test/whoami", headers=forged, environ_base=peer)
    assert proxied.get_json()["remote_addr"] == "203.0.113.5"    # the proxy's word for the client


# --- auth='user' / 'none' ---
def test_user_route_redirects_an_anonymous_visitor_to_the_login(client, http_db):
    res = client.get("/fz_http_test/user?x=1")
    assert res.status_code == 303
    assert res.headers["Location"] == "/web/login?redirect=/fz_http_test/user?x=1"
    _login(client, db=http_db["db"])
    res = client.get("/fz_http_test/user")
    assert res.status_code == 200 and res.get_data(as_text=True) == "user http_clerk"


def test_none_route_has_no_user(client):
    assert client.get("/fz_http_test/none").get_data(as_text=True) == "uid=None"


# --- transactions ---
def test_commit_on_return_and_rollback_on_raise(client, http_db):
    token = _token(client)
    value = uuid.uuid4().hex[:8]
    res = client.post("/fz_http_test/set_param", data={"csrf_token": token, "value": value})
    assert res.status_code == 200 and res.get_data(as_text=True) == "stored %s" % value
    assert _param(http_db, "fz_http_test.value") == value
    res = client.post("/fz_http_test/set_param", data={"csrf_token": token, "value": "rolled", "fail": "1"})
    assert res.status_code == 400 and "失败：rolled" in res.get_data(as_text=True)
    assert _param(http_db, "fz_http_test.value") == value      # rolled back
    res = client.post("/fz_http_test/set_param", data={"csrf_token": token, "value": "own page", "page": "1"})
    assert res.status_code == 422
    assert _param(http_db, "fz_http_test.value") == "own page"  # its own error page: committed


# --- CSRF (WEB-1) ---
def test_web_1_csrf_missing_token_refused_without_state_change(client, http_db):
    before = _param(http_db, "fz_http_test.value")
    res = client.post("/fz_http_test/set_param", data={"value": "no-token-%s" % uuid.uuid4().hex[:6]})
    assert res.status_code == 400
    assert "页面已过期，请刷新后重试" in res.get_data(as_text=True)
    assert _param(http_db, "fz_http_test.value") == before


def test_web_1_csrf_token_of_another_visitor_refused(app, http_db):
    other = Client(app)
    token = _token(other)
    client = Client(app)
    client.get("/fz_http_test/form")          # this visitor's own nonce cookie, another token
    before = _param(http_db, "fz_http_test.value")
    res = client.post("/fz_http_test/set_param", data={"csrf_token": token, "value": "stolen"})
    assert res.status_code == 400 and _param(http_db, "fz_http_test.value") == before
    # and a logged-in session's token is not valid for another session either
    _login(other, db=http_db["db"])
    token = _token(other)
    _login(client, db=http_db["db"])
    res = client.post("/fz_http_test/set_param", data={"csrf_token": token, "value": "stolen"})
    assert res.status_code == 400 and _param(http_db, "fz_http_test.value") == before


def test_web_1_csrf_expired_token_refused(client, http_db):
    token = _token(client)
    clock.advance(2 * 3600)
    before = _param(http_db, "fz_http_test.value")
    res = client.post("/fz_http_test/set_param", data={"csrf_token": token, "value": "late"})
    assert res.status_code == 400 and _param(http_db, "fz_http_test.value") == before


def test_csrf_false_route_and_json_routes_need_no_token(client, http_db):
    value = uuid.uuid4().hex[:8]
    assert client.post("/fz_http_test/nocsrf", data={"value": value}).status_code == 200
    assert _param(http_db, "fz_http_test.nocsrf") == value


# --- sessions ---
def test_anonymous_visits_create_no_session_file(client, app):
    client.get("/fz_http_test/whoami")
    token = _token(client)
    assert client.post("/fz_http_test/set_param", data={"csrf_token": token, "value": "x"}).status_code == 200
    assert client.get("/fz_http_test/user").status_code == 303
    assert _session_files(app) == []
    assert client.get_cookie("session_id") is None
    assert client.get_cookie(controllers.ANON_CSRF_COOKIE) is not None


def test_session_write_persists_with_a_cookie(client, app, http_db):
    token = _token(client)
    res = client.post("/fz_http_test/session/write", data={"csrf_token": token, "value": "kept"})
    assert res.status_code == 200
    cookie = client.get_cookie("session_id")
    assert cookie is not None and cookie.http_only
    assert _session_files(app) == [cookie.value + ".json"]
    stored = app.sessions.get(cookie.value)
    assert stored["fz_value"] == "kept" and stored["uid"] is None and stored["db"] == http_db["db"]
    assert client.get("/fz_http_test/session/read").get_data(as_text=True) == "value=kept"
    assert Client(app).get("/fz_http_test/session/read").get_data(as_text=True) == "value=None"
    # the token made before the session existed still works
    res = client.post("/fz_http_test/set_param", data={"csrf_token": token, "value": "after"})
    assert res.status_code == 200


def test_session_rotates_when_a_handler_asks(client, app):
    """A visitor given more access (an application opened) gets a new session id: one planted on
    them before is worth nothing afterwards (session fixation)."""
    token = _token(client)
    client.post("/fz_http_test/session/write", data={"csrf_token": token, "value": "kept"})
    planted = client.get_cookie("session_id").value
    assert client.post("/fz_http_test/session/elevate", data={"csrf_token": token}).status_code == 200
    fresh = client.get_cookie("session_id").value
    assert fresh != planted and not should_rotate_leaked(app, fresh)
    assert app.sessions.get(planted) is None
    assert client.get("/fz_http_test/session/read").get_data(as_text=True) == "value=elevated"
    other = Client(app)
    other.set_cookie("session_id", planted)
    assert other.get("/fz_http_test/session/read").get_data(as_text=True) == "value=None"


def should_rotate_leaked(app, sid):
    """The rotation flag is no session key (it is not stored)."""
    return "should_rotate" in (app.sessions.get(sid) or {})


def test_controllers_cannot_set_the_login_keys_of_a_session(client, app):
    token = _token(client)
    res = client.post("/fz_http_test/session/protected", data={"csrf_token": token})
    assert res.status_code == 500 and "Traceback" not in res.get_data(as_text=True)
    assert _session_files(app) == []


# --- uploads ---
def test_multipart_upload_reaches_the_handler(client):
    token = _token(client)
    from io import BytesIO
    res = client.post("/fz_http_test/upload", data={
        "csrf_token": token, "note": "说明",
        "attachment": [(BytesIO(b"%PDF-1.4 one"), "一.pdf"), (BytesIO(b"\x89PNG two!"), "two.png")]},
        content_type="multipart/form-data")
    assert res.status_code == 200
    data = res.get_json()
    assert data == {"names": ["一.pdf", "two.png"], "sizes": [12, 9], "first_param": "FileStorage", "note": "说明"}


# --- JSON routes ---
def test_json_route_params_and_result(client, http_db):
    res = _jsonrpc(client, "/fz_http_test/json", {"a": 1, "b": 2})
    body = res.get_json()
    assert body["id"] == 7 and body["result"] == {"a": 1, "uid": http_db["public"], "kw": ["b"]}


def test_json_route_protections(client):
    body = json.dumps({"jsonrpc": "2.0", "params": {}})
    assert client.post("/fz_http_test/json", data=body, content_type="text/plain").status_code == 415
    assert client.post("/fz_http_test/json", data={"a": "1"}).status_code == 415
    res = _jsonrpc(client, "/fz_http_test/json", {}, headers={"Origin": "https://evil.example"})
    assert res.status_code == 403


def test_json_route_errors(client):
    body = _jsonrpc(client, "/fz_http_test/json_fail", {}).get_json()
    assert body["error"]["data"]["message"] == "JSON 失败"
    assert "Traceback" not in json.dumps(body)
    body = _jsonrpc(client, "/fz_http_test/json_user", {}).get_json()
    assert body["error"]["code"] == 100


# --- errors ---
@pytest.mark.parametrize("kind, status, words", [
    ("access", 403, "无权访问"),
    ("missing", 404, "记录不存在"),
    ("user", 400, "输入有误&lt;b&gt;"),
    ("werkzeug", 403, "Forbidden"),
    ("notfound", 404, "页面不存在"),
    ("crash", 500, "错误编号"),
])
def test_error_pages(client, kind, status, words):
    res = client.get("/fz_http_test/error/" + kind)
    text = res.get_data(as_text=True)
    assert res.status_code == status and words in text
    assert "Traceback" not in text and "secret-detail" not in text


def test_redirect_is_local_only(client):
    res = client.get("/fz_http_test/error/redirect")
    assert res.status_code == 303 and res.headers["Location"] == "/"


# --- static files ---
def test_static_of_installed_addon_served_anonymously(client, app):
    res = client.get("/fz_http_test/static/src/test.css")
    assert res.status_code == 200 and b"#123456" in res.get_data()
    assert client.get("/fz_http_test/static/../__manifest__.py").status_code == 404
    assert client.get("/fz_http_test/static/%2e%2e/__manifest__.py").status_code == 404
    # an addon that exists but is not installed in this database
    assert client.get("/fuyi_case/static/description/icon.png").status_code == 404
    assert _session_files(app) == []


# --- no RPC for the public user ---
def test_public_user_cannot_log_in_even_if_given_a_password(client, http_db):
    def arm(env):   # an administrator's mistake: the public user activated with a password
        env.cr.execute("UPDATE res_users SET active = %s WHERE id = %s", [True, http_db["public"]])
        env["res.users"].browse(http_db["public"])._store_password(PASSWORD)
    _run(http_db, arm)
    try:
        body = _login(client, login="public", password=PASSWORD, db=http_db["db"])
        assert "error" in body and "result" not in body
        res = client.post("/xmlrpc/2/common", data=xmlrpc.client.dumps(
            (http_db["db"], "public", PASSWORD, {}), "authenticate"), content_type="text/xml")
        assert xmlrpc.client.loads(res.get_data())[0][0] is False
        res = client.post("/xmlrpc/2/object", data=xmlrpc.client.dumps(
            (http_db["db"], http_db["public"], PASSWORD, "res.partner", "search", [[]]), "execute_kw"),
            content_type="text/xml")
        with pytest.raises(xmlrpc.client.Fault):
            xmlrpc.client.loads(res.get_data())
    finally:
        def disarm(env):
            env.cr.execute("UPDATE res_users SET active = %s, password = NULL WHERE id = %s",
                           [False, http_db["public"]])
        _run(http_db, disarm)


def test_visitor_session_has_no_rpc_access(client, http_db):
    token = _token(client)
    client.post("/fz_http_test/session/write", data={"csrf_token": token, "value": "v"})
    assert client.get_cookie("session_id") is not None
    body = _jsonrpc(client, "/web/dataset/call_kw", {
        "model": "res.partner", "method": "search", "args": [[]], "kwargs": {}}).get_json()
    assert body["error"]["code"] == 100
    body = _jsonrpc(client, "/jsonrpc", {"service": "object", "method": "execute_kw", "args": [
        http_db["db"], http_db["public"], "", "res.partner", "search", [[]]]}).get_json()
    assert "error" in body and "result" not in body


def test_csrf_nonce_cookie_is_renewed_with_every_new_token(client):
    client.get("/fz_http_test/form")
    nonce = client.get_cookie(controllers.ANON_CSRF_COOKIE).value
    res = client.get("/fz_http_test/form")
    cookies = [v for v in res.headers.getlist("Set-Cookie") if v.startswith(controllers.ANON_CSRF_COOKIE + "=")]
    assert len(cookies) == 1 and nonce in cookies[0] and "Max-Age=3600" in cookies[0]
    assert "HttpOnly" in cookies[0] and "SameSite=Lax" in cookies[0]
    assert not [v for v in client.get("/fz_http_test/whoami").headers.getlist("Set-Cookie")]


def test_visitor_session_of_a_dropped_database_is_404(client, app):
    data = app.sessions.new()
    data["db"] = "fz_http_gone_%s" % uuid.uuid4().hex[:6]
    app.sessions.save(data)
    client.set_cookie("session_id", data["sid"])
    assert client.get("/fz_http_test/hello/1/a").status_code == 404
