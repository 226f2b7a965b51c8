"""Sessions and account lock-out (rpc-protocol.md §4.1, §9; security-reliability SES-1, SES-4, AUTH-3,
AUTH-5)."""
import pytest

from rpc_support import cookie_attributes, session_cookie


def authenticate(server, login, password, cookie=None, db=None):
    return server.post_json("/web/session/authenticate",
                            {"db": db or server.dbname, "login": login, "password": password}, cookie=cookie)


def login_admin(server):
    res = authenticate(server, "admin", server.admin_password)
    assert res.status == 200 and res.json.get("result"), res
    sid = session_cookie(res)
    assert sid, res.headers
    return sid, res


def session_info(server, sid):
    return server.post_json("/web/session/get_session_info", {}, cookie=sid)


def is_session_expired(body):
    return bool(body.get("error")) and body["error"]["code"] == 100


# ---------------------------------------------------------------- cookie
def test_authenticate_sets_an_httponly_samesite_lax_cookie_without_secure(rpc_server):
    _sid, res = login_admin(rpc_server)
    attrs = cookie_attributes(res)
    assert "httponly" in attrs
    assert attrs.get("samesite", "").lower() == "lax"
    assert "secure" not in attrs          # plain http on loopback: odoorpc must keep working
    assert attrs.get("path") == "/"


def test_session_id_is_long_and_random(rpc_server):
    a, _ = login_admin(rpc_server)
    b, _ = login_admin(rpc_server)
    assert a != b
    assert len(a) >= 22 and len(b) >= 22          # ≥ 128 random bits in any usual encoding


def test_session_id_is_rotated_at_login(rpc_server):
    old, _ = login_admin(rpc_server)
    res = authenticate(rpc_server, "admin", rpc_server.admin_password, cookie=old)
    new = session_cookie(res)
    assert new and new != old
    # the pre-login id is no longer a logged session
    assert is_session_expired(session_info(rpc_server, old).json)
    assert session_info(rpc_server, new).json["result"]["uid"]


def test_forged_session_id_is_not_adopted(rpc_server):
    forged = "f" * 40
    res = authenticate(rpc_server, "admin", rpc_server.admin_password, cookie=forged)
    sid = session_cookie(res)
    assert sid and sid != forged
    assert is_session_expired(session_info(rpc_server, forged).json)


def test_no_session_id_in_the_answer_body(rpc_server):
    sid, res = login_admin(rpc_server)
    assert sid not in res.text


# ---------------------------------------------------------------- session routes
def test_get_session_info_without_session_is_code_100(rpc_server):
    res = rpc_server.post_json("/web/session/get_session_info", {})
    assert res.status == 200
    body = res.json
    assert is_session_expired(body), body
    assert body["error"]["message"] == "Flectra Session Expired"
    # data = serialize_exception(SessionExpiredException): its class and str(exc) (Flectra: "Session expired";
    # odoorpc shows data.message as the error text)
    assert "SessionExpired" in body["error"]["data"]["name"], body
    assert body["error"]["data"]["message"] == "Session expired", body


def test_get_session_info_with_session(rpc_server, admin_uid):
    sid, _ = login_admin(rpc_server)
    body = session_info(rpc_server, sid).json
    result = body["result"]
    assert result["uid"] == admin_uid
    assert result["db"] == rpc_server.dbname
    assert result["user_context"]["uid"] == admin_uid


def test_call_kw_with_the_session(rpc_server):
    sid, _ = login_admin(rpc_server)
    params = {"model": "res.partner", "method": "search_read", "args": [[]],
              "kwargs": {"fields": ["name"], "limit": 1}}
    body = rpc_server.post_json("/web/dataset/call_kw", params, cookie=sid).json
    assert isinstance(body["result"], list) and len(body["result"]) == 1
    body = rpc_server.post_json("/web/dataset/call_kw/res.partner/search_read", params, cookie=sid).json
    assert len(body["result"]) == 1
    # with a kwargs context
    params = {"model": "res.partner", "method": "fields_get", "args": [["name"]],
              "kwargs": {"context": {"lang": "zh_CN"}}}
    body = rpc_server.post_json("/web/dataset/call_kw", params, cookie=sid).json
    assert body["result"]["name"]["string"] == "名称"


def test_call_kw_without_session_is_code_100(rpc_server):
    params = {"model": "res.partner", "method": "search", "args": [[]], "kwargs": {}}
    body = rpc_server.post_json("/web/dataset/call_kw", params).json
    assert is_session_expired(body), body


def test_call_kw_refuses_private_methods(rpc_server):
    sid, _ = login_admin(rpc_server)
    params = {"model": "res.users", "method": "_is_superuser", "args": [[2]], "kwargs": {}}
    body = rpc_server.post_json("/web/dataset/call_kw", params, cookie=sid).json
    assert body["error"]["data"]["name"] == "flectra.exceptions.AccessError"


def test_destroy_logs_out(rpc_server):
    sid, _ = login_admin(rpc_server)
    res = rpc_server.post_json("/web/session/destroy", {}, cookie=sid)
    assert res.status == 200 and "error" not in res.json
    assert is_session_expired(session_info(rpc_server, sid).json)
    params = {"model": "res.partner", "method": "search", "args": [[]], "kwargs": {}}
    assert is_session_expired(rpc_server.post_json("/web/dataset/call_kw", params, cookie=sid).json)


def test_destroy_without_session_is_code_100(rpc_server):
    body = rpc_server.post_json("/web/session/destroy", {}).json
    assert is_session_expired(body), body


def test_odoorpc_legacy_login_and_logout_use_the_cookie_jar(rpc_server):
    client = rpc_server.odoo()
    jar = None
    for handler in client._connector.proxy_json._opener.handlers:
        if hasattr(handler, "cookiejar"):
            jar = handler.cookiejar
    assert jar is not None and any(c.name == "session_id" for c in jar)
    assert client.logout() is True


# ---------------------------------------------------------------- account lock-out
@pytest.fixture
def victim(make_user):
    return make_user()


def _error_signature(res):
    body = res.json
    err = body.get("error") or {}
    return res.status, err.get("code"), (err.get("data") or {}).get("name"), (err.get("data") or {}).get("message")


def test_account_locks_after_five_bad_passwords(rpc_server, victim, server_clock):
    login, good = victim["login"], victim["password"]
    wrong = [authenticate(rpc_server, login, "Wr0ng-Pass-%d!x" % i) for i in range(5)]
    signatures = {_error_signature(r) for r in wrong}
    assert len(signatures) == 1
    signature = signatures.pop()
    assert signature[2] == "flectra.exceptions.AccessDenied" and signature[3] == "Access Denied"
    # 6th attempt, right password: refused with exactly the error of a wrong password
    locked = authenticate(rpc_server, login, good)
    assert _error_signature(locked) == signature
    assert session_cookie(locked) is None or is_session_expired(session_info(rpc_server, session_cookie(locked)).json)
    # the lock holds on the stateless paths too
    assert rpc_server.jsonrpc("common", "login", rpc_server.dbname, login, good)["result"] is False
    assert rpc_server.xmlrpc("common").authenticate(rpc_server.dbname, login, good, {}) is False
    res = rpc_server.execute_kw(victim["uid"], "res.partner", "search_count", [[]], password=good)
    assert res["error"]["data"]["name"] == "flectra.exceptions.AccessDenied"
    # still locked after 29 minutes
    server_clock(29 * 60)
    assert authenticate(rpc_server, login, good).json.get("error")
    # lifts after 30 minutes (clock +31 min)
    server_clock(31 * 60)
    ok = authenticate(rpc_server, login, good)
    assert ok.json.get("result", {}).get("uid") == victim["uid"], ok


def test_admin_can_unlock(rpc_server, odoo, victim):
    login, good = victim["login"], victim["password"]
    for i in range(5):
        assert rpc_server.jsonrpc("common", "login", rpc_server.dbname, login, "Wr0ng-%d!Pass" % i)["result"] is False
    assert rpc_server.jsonrpc("common", "login", rpc_server.dbname, login, good)["result"] is False
    assert odoo.execute_kw("res.users", "action_unlock", [[victim["uid"]]]) is True
    assert rpc_server.jsonrpc("common", "login", rpc_server.dbname, login, good)["result"] == victim["uid"]


@pytest.mark.parametrize("path", ["jsonrpc-object", "xmlrpc-object", "xmlrpc-common"])
def test_lock_counts_failures_on_the_stateless_paths_too(rpc_server, victim, path):
    """AUTH-3: 5 bad passwords on one path, then the right one is refused on every path."""
    login, good, uid = victim["login"], victim["password"], victim["uid"]
    db = rpc_server.dbname

    def attempt(password):
        if path == "jsonrpc-object":
            res = rpc_server.execute_kw(uid, "res.partner", "search_count", [[]], password=password)
            if res.get("error"):
                assert res["error"]["data"]["name"] == "flectra.exceptions.AccessDenied"
                assert res["error"]["data"]["message"] == "Access Denied"
                return False
            return True
        if path == "xmlrpc-object":
            import xmlrpc.client
            try:
                rpc_server.xmlrpc("object").execute_kw(db, uid, password, "res.partner", "search_count", [[]])
            except xmlrpc.client.Fault as fault:
                assert (fault.faultCode, fault.faultString) == (3, "Access Denied")
                return False
            return True
        return bool(rpc_server.xmlrpc("common").authenticate(db, login, password, {}))

    assert attempt(good)
    for i in range(5):
        assert not attempt("Wr0ng-Pass-%d!s" % i)
    assert not attempt(good)
    assert rpc_server.jsonrpc("common", "login", db, login, good)["result"] is False
    assert authenticate(rpc_server, login, good).json.get("error")


# ---------------------------------------------------------------- session lifetime
def test_session_expires_after_30_minutes_idle(rpc_server, server_clock):
    sid, _ = login_admin(rpc_server)
    server_clock(29 * 60)
    assert session_info(rpc_server, sid).json.get("result"), "29 minutes idle: still valid"
    server_clock(29 * 60 + 31 * 60)
    assert is_session_expired(session_info(rpc_server, sid).json), "31 minutes idle: expired"


def test_session_ends_after_12_hours_even_when_busy(rpc_server, server_clock):
    sid, _ = login_admin(rpc_server)
    for minutes in range(25, 12 * 60 - 10, 25):          # active every 25 minutes, up to 11 h 40
        server_clock(minutes * 60)
        assert session_info(rpc_server, sid).json.get("result"), minutes
    server_clock(12 * 3600 + 120)
    assert is_session_expired(session_info(rpc_server, sid).json)


def test_password_change_ends_the_users_sessions(rpc_server, odoo, make_user):
    user = make_user()
    res = authenticate(rpc_server, user["login"], user["password"])
    sid = session_cookie(res)
    assert session_info(rpc_server, sid).json["result"]["uid"] == user["uid"]
    odoo.execute_kw("res.users", "write", [[user["uid"]], {"password": "An0ther-Passw0rd!k"}])
    assert is_session_expired(session_info(rpc_server, sid).json)
