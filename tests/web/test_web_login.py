"""The web client's pages on a served instance: login (ok, failure, lock-out), CSRF, open
redirects, logout, the shell, static files, security headers (security-reliability.md WEB-1,
WEB-3, WEB-5) and password change."""
import hashlib
import hmac
import os
import time

import pytest

from rpc_support import make_user_on
from web_support import WebClient

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
       "object-src 'none'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'")


def _assert_page_headers(res):
    assert res.header("Content-Security-Policy") == CSP
    assert res.header("X-Content-Type-Options") == "nosniff"
    assert res.header("Referrer-Policy") == "same-origin"
    assert res.header("Cache-Control") == "no-store"
    assert res.header("Content-Type") == "text/html; charset=utf-8"


def test_login_page_is_chinese_with_a_csrf_form_and_no_inline_script(web_client):
    res, token = web_client.login_page()
    _assert_page_headers(res)
    text = res.text
    assert text.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in text
    assert 'class="fz-login"' in text and 'class="fz-login-form"' in text
    assert "登录名" in text and "密码" in text and "登录" in text
    # an anonymous visitor gets no session (nothing to keep): the token is bound to a cookie
    assert token and web_client.sid is None and web_client.cookies.get("fz_login")
    assert "<script" not in text and "style=" not in text
    assert '<link rel="stylesheet" href="/web/static/src/css/web.css">' in text


def test_login_success_redirects_to_the_shell(web_client, web_users):
    user = web_users["clerk"]
    anonymous_sid = web_client.login_page()[0] and web_client.sid
    res = web_client.login(user["login"], user["password"])
    assert res.status == 303 and res.header("Location") == "/web"
    assert web_client.sid and web_client.sid != anonymous_sid   # a new session id at login
    shell = web_client.get("/web")
    assert shell.status == 200
    _assert_page_headers(shell)
    text = shell.text
    assert text.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in text
    assert '<link rel="stylesheet" href="/web/static/src/css/web.css">' in text
    assert '<script type="module" src="/web/static/src/js/main.js"></script>' in text
    assert 'id="fz-app"' in text and 'data-csrf-token="' in text
    assert 'data-db="%s"' % web_client.server.dbname in text
    info = web_client.json("/web/session/get_session_info", {})["result"]
    assert info["uid"] == user["uid"] and info["username"] == user["login"]
    assert info["user_context"]["lang"] == "zh_CN" and info["csrf_token"]
    assert info["db"] == web_client.server.dbname and info["server_version_info"]


def test_login_failure_shows_the_page_again_in_chinese(web_client, web_users):
    res = web_client.login(web_users["clerk"]["login"], "wrong password")
    assert res.status == 200
    _assert_page_headers(res)
    assert 'class="fz-login-error"' in res.text and "登录名或密码错误" in res.text
    assert web_client.get("/web").status == 303


def test_unknown_login_gets_the_same_message(web_client):
    res = web_client.login("nobody-%d" % time.time_ns(), "whatever")
    assert res.status == 200 and "登录名或密码错误" in res.text


def test_lock_out_after_five_failures_refuses_even_the_right_password(web_server):
    user = make_user_on(web_server, groups=("base.group_user",))
    client = WebClient(web_server)
    for _attempt in range(5):
        res = client.login(user["login"], "wrong password")
        assert res.status == 200
    assert "锁定" in res.text
    res = client.login(user["login"], user["password"])
    assert res.status == 200 and "锁定" in res.text and "30" in res.text
    assert client.get("/web").status == 303


def test_login_echoes_the_login_escaped(web_client):
    res = web_client.login('<script>alert(1)</script>', "x")
    assert "<script>alert(1)</script>" not in res.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in res.text


# --- CSRF (WEB-1): 400 and no state change ---

def _refused_without_login(client, fields, user):
    res = client.post_form("/web/login", dict(fields, login=user["login"], password=user["password"]))
    assert res.status == 400, res
    assert "<script" not in res.text
    _assert_page_headers(res)
    assert client.get("/web").status == 303     # not logged in


def test_login_without_csrf_token_is_refused(web_client, web_users):
    web_client.login_page()
    _refused_without_login(web_client, {}, web_users["clerk"])


def test_login_with_a_wrong_csrf_token_is_refused(web_client, web_users):
    _page, token = web_client.login_page()
    forged = ("0" if token[0] != "0" else "1") + token[1:]
    _refused_without_login(web_client, {"csrf_token": forged}, web_users["clerk"])


def test_login_with_another_sessions_token_is_refused(web_server, web_users):
    other = WebClient(web_server)
    _page, token = other.login_page()
    client = WebClient(web_server)
    client.login_page()
    _refused_without_login(client, {"csrf_token": token}, web_users["clerk"])


def _session_files(server):
    path = os.path.join(server.data_dir, "sessions")
    return set(os.listdir(path)) if os.path.isdir(path) else set()


def test_anonymous_login_pages_write_no_session_file(web_server, web_users):
    before = _session_files(web_server)
    for _visit in range(5):   # a crawler: new visitors, no cookies kept
        res, token = WebClient(web_server).login_page()
        assert res.status == 200 and token
        assert "session_id=" not in " ".join(res.header_all("Set-Cookie"))
    client = WebClient(web_server)
    client.login("nobody-%d" % time.time_ns(), "wrong")    # a failed login keeps nothing either
    assert client.sid is None
    assert _session_files(web_server) == before
    user = web_users["clerk"]
    res = client.login(user["login"], user["password"])   # something to keep: one session
    assert res.status == 303 and client.sid
    assert _session_files(web_server) - before == {client.sid + ".json"}
    assert "fz_login" not in client.cookies                # the form's binding is spent


def test_anonymous_token_needs_its_own_cookie(web_server, web_users):
    client = WebClient(web_server)
    _page, token = client.login_page()
    client.cookies.clear()          # the token alone (e.g. posted from another site) is refused
    _refused_without_login(client, {"csrf_token": token}, web_users["clerk"])


def _token(server, sid, stamp):
    with open(os.path.join(server.data_dir, "csrf_secret"), "rb") as fp:
        key = fp.read()
    return "%so%d" % (hmac.new(key, ("%s:%s" % (sid, stamp)).encode(), hashlib.sha256).hexdigest(), stamp)


def test_expired_csrf_token_is_refused_and_a_fresh_one_works(web_server, web_users):
    client = WebClient(web_server)
    client.login_page()
    subject = "anon." + client.cookies["fz_login"]   # the anonymous form's stand-in session id
    old = _token(web_server, subject, int(time.time()) - 3700)
    _refused_without_login(client, {"csrf_token": old}, web_users["clerk"])
    fresh = _token(web_server, subject, int(time.time()) - 60)
    user = web_users["clerk"]
    res = client.post_form("/web/login", {"login": user["login"], "password": user["password"], "csrf_token": fresh})
    assert res.status == 303


def test_upload_and_export_without_csrf_are_refused(admin_client, web_server):
    partner_id = admin_client.call_kw("res.partner", "create", [{"name": "CSRF upload target"}])
    res = admin_client.post_multipart("/web/binary/upload_attachment", {"model": "res.partner", "id": partner_id},
                                      [("ufile", "a.txt", b"hello", "text/plain")])
    assert res.status == 400 and "error" in res.json
    assert admin_client.call_kw("ir.attachment", "search_count",
                                [[("res_model", "=", "res.partner"), ("res_id", "=", partner_id)]]) == 0
    res = admin_client.post_form("/web/export/xlsx", {"data": '{"model": "res.partner", "fields": [], "ids": false}',
                                                      "csrf_token": "bogus"})
    assert res.status == 400


def test_json_routes_refuse_form_posts_and_foreign_origins(admin_client):
    res = admin_client.post_form("/web/dataset/call_kw/res.partner/create", {"args": "[]"})
    assert res.status == 415
    res = admin_client.request("POST", "/web/dataset/call_kw/res.partner/search_count",
                               body=b'{"params": {"model": "res.partner", "method": "search_count", "args": [[]]}}',
                               headers={"Content-Type": "application/json", "Origin": "https://evil.example"})
    assert res.status == 403
    assert res.header("Access-Control-Allow-Origin") is None


# --- open redirect (WEB-5) ---

@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "javascript:alert(1)",
                                    "/\\evil.example", "http:/evil.example", " //evil.example"])
def test_login_redirect_refuses_other_sites(web_server, web_users, target):
    client = WebClient(web_server)
    user = web_users["clerk"]
    res = client.login(user["login"], user["password"], redirect=target)
    assert res.status == 303 and res.header("Location") == "/web"


def test_login_redirect_keeps_same_site_paths(web_server, web_users):
    client = WebClient(web_server)
    user = web_users["clerk"]
    res = client.login(user["login"], user["password"], redirect="/web#action=3&view_type=list")
    assert res.status == 303 and res.header("Location") == "/web#action=3&view_type=list"


def test_login_page_carries_a_safe_redirect_only(web_client):
    res = web_client.get("/web/login?redirect=//evil.example")
    assert 'name="redirect" value="/web"' in res.text
    res = web_client.get("/web/login?redirect=/web%23action%3D1")
    assert 'name="redirect" value="/web#action=1"' in res.text


# --- shell, logout, static ---

def test_server_address_opens_the_web_client(web_client):
    res = web_client.get("/")
    assert res.status == 303 and res.header("Location") == "/web"


def test_shell_without_session_redirects_to_login(web_client):
    res = web_client.get("/web")
    assert res.status == 303 and res.header("Location") == "/web/login?redirect=/web"


def test_logout_ends_the_session(web_server, web_users):
    client = WebClient(web_server)
    user = web_users["clerk"]
    client.login(user["login"], user["password"])
    sid = client.sid
    res = client.post_form("/web/session/logout", {"csrf_token": client.csrf_token()})
    assert res.status == 303 and res.header("Location") == "/web/login"
    client.sid = sid   # the old cookie no longer works
    assert client.get("/web").status == 303
    data = client.json("/web/session/get_session_info", {})
    assert data["error"]["code"] == 100


def test_static_files_of_web_with_type_and_caching(web_client):
    res = web_client.get("/web/static/../../http/web.py")
    assert res.status == 404
    res = web_client.get("/web/static/%2e%2e/__manifest__.py")
    assert res.status == 404
    res = web_client.get("/fuyi_case/static/description/icon.png")
    assert res.status == 404     # no such file (installed addons' static files are public: tests/http/test_controllers.py)


@pytest.mark.parametrize("path, content_type", [
    ("src/js/main.js", "text/javascript; charset=utf-8"),
    ("src/css/web.css", "text/css; charset=utf-8"),
    ("src/img/favicon.svg", "image/svg+xml; charset=utf-8"),
])
def test_static_file_served_with_type_and_caching(web_client, path, content_type):
    res = web_client.get("/web/static/" + path)
    assert res.status == 200
    assert res.header("Content-Type") == content_type
    assert "max-age=" in res.header("Cache-Control") and res.header("ETag")
    assert res.header("X-Content-Type-Options") == "nosniff"


def test_pages_name_their_icon(web_client):
    """Every page links the icon, so browsers do not ask for a missing /favicon.ico."""
    text = web_client.get("/web/login").text
    assert '<link rel="icon" type="image/svg+xml" href="/web/static/src/img/favicon.svg">' in text


def test_trace_is_refused(web_client):
    assert web_client.request("TRACE", "/web/login").status == 405


# --- password change ---

def test_change_password(web_server):
    user = make_user_on(web_server, groups=("base.group_user",))
    client = WebClient(web_server)
    client.login(user["login"], user["password"])
    other = WebClient(web_server)
    other.login(user["login"], user["password"])
    res = client.json("/web/session/change_password", {"old_password": "wrong", "new_password": "N3w-Pw-Qx7!mz",
                                                       "confirm_password": "N3w-Pw-Qx7!mz"})
    assert res["error"]["data"]["message"] == "原密码不正确。"
    res = client.json("/web/session/change_password", {"old_password": user["password"],
                                                       "new_password": "N3w-Pw-Qx7!mz", "confirm_password": "other"})
    assert res["error"]["data"]["message"] == "新密码与确认密码不一致。"
    res = client.json("/web/session/change_password", {"old_password": user["password"],
                                                       "new_password": "N3w-Pw-Qx7!mz",
                                                       "confirm_password": "N3w-Pw-Qx7!mz"})
    assert res == {"jsonrpc": "2.0", "id": res["id"], "result": True}
    assert client.get("/web").status == 200            # this session carries on
    assert other.get("/web").status == 303             # the other one ended
    fresh = WebClient(web_server)
    assert fresh.login(user["login"], "N3w-Pw-Qx7!mz").status == 303


def test_security_headers_on_every_route(admin_client, web_client):
    responses = [
        web_client.get("/web/login"), web_client.get("/web"), web_client.get("/web/session/logout"),
        web_client.get("/no/such/page"), web_client.post_form("/web/login", {}),
        admin_client.get("/web"), admin_client.get("/web/content/999999"),
        admin_client.request("POST", "/web/webclient/load_menus", body=b'{"params": {}}',
                             headers={"Content-Type": "application/json"}),
    ]
    for res in responses:
        assert res.header("Content-Security-Policy"), res
        assert "frame-ancestors 'self'" in res.header("Content-Security-Policy")
        assert res.header("X-Content-Type-Options") == "nosniff"
        assert res.header("Referrer-Policy") == "same-origin"
        assert res.header("Cache-Control"), res
        if (res.header("Content-Type") or "").startswith("text/html"):
            assert res.header("Content-Type") == "text/html; charset=utf-8"
            assert res.header("Cache-Control") == "no-store"
