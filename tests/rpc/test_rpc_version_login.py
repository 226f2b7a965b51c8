"""Version probe and login (rpc-protocol.md §4, §5 common, §8; checklist §10.1)."""
import xmlrpc.client

import odoorpc
import pytest
from odoorpc.error import RPCError
from odoorpc.tools import v

from rpc_support import session_cookie, unique_name


def _check_version_dict(result):
    assert isinstance(result["server_version"], str) and result["server_version"]
    info = result["server_version_info"]
    assert isinstance(info, list) and len(info) == 6
    assert info[0] == v(result["server_version"])[0]
    assert result["server_serie"]
    assert result["protocol_version"] == 1


# ---------------------------------------------------------------- probe
def test_version_info_answers_without_session_and_echoes_the_request_id(rpc_server):
    res = rpc_server.post_json("/web/webclient/version_info", {}, request_id=517268934)
    assert res.status == 200
    assert "application/json" in (res.header("Content-Type") or "")
    body = res.json
    assert body["jsonrpc"] == "2.0"
    assert body["id"] == 517268934
    assert "error" not in body
    _check_version_dict(body["result"])


def test_default_reported_version_is_a_flectra_series_below_10(rpc_server):
    client = rpc_server.client()
    assert client.version
    assert v(client.version)[0] < 10


def test_version_info_ignores_unknown_params_and_never_errors(rpc_server):
    res = rpc_server.post_json("/web/webclient/version_info", {"foo": 1, "bar": [1, 2]})
    assert res.status == 200
    assert "result" in res.json and "error" not in res.json


def test_configured_version_17_is_reported_and_selects_the_modern_flow(dev_server):
    client = dev_server.client()
    assert client.version == "17.0"
    client.login(dev_server.dbname, "admin", dev_server.admin_password)
    assert client.env.uid
    assert client.env.context["uid"] == client.env.uid
    # modern logout sends nothing and returns True
    assert client.logout() is True


# ---------------------------------------------------------------- legacy flow
def test_legacy_login_uses_the_session_and_returns_the_user_context(rpc_server, admin_uid):
    client = rpc_server.client()
    client.login(rpc_server.dbname, "admin", rpc_server.admin_password)
    assert client.env.uid == admin_uid
    ctx = client.env.context
    assert ctx["uid"] == admin_uid
    assert "lang" in ctx and "tz" in ctx
    assert client.env.db == rpc_server.dbname


def test_session_authenticate_answers_session_info(rpc_server, admin_uid):
    res = rpc_server.post_json("/web/session/authenticate", {
        "db": rpc_server.dbname, "login": "admin", "password": rpc_server.admin_password})
    assert res.status == 200
    result = res.json["result"]
    assert result["uid"] == admin_uid
    assert result["db"] == rpc_server.dbname
    assert result["user_context"]["uid"] == admin_uid
    assert {"lang", "tz"} <= set(result["user_context"])
    assert result["username"] == "admin"
    assert result["is_system"] is True and result["is_admin"] is True
    assert result["server_version"] == rpc_server.client().version
    assert isinstance(result["server_version_info"], list)
    assert result["name"] and isinstance(result["partner_id"], int) and isinstance(result["company_id"], int)


def test_legacy_login_with_bad_password_raises_access_denied(rpc_server, make_user):
    user = make_user()
    client = rpc_server.client()
    with pytest.raises(RPCError) as info:
        client.login(rpc_server.dbname, user["login"], "Wr0ng-Passw0rd!")
    assert str(info.value) == "Access Denied"
    assert info.value.info["data"]["name"] == "flectra.exceptions.AccessDenied"


def test_legacy_logout_returns_true(rpc_server):
    client = rpc_server.odoo()
    assert client.logout() is True
    # logged out on the client side as well
    with pytest.raises(odoorpc.error.InternalError):
        client.env


def test_session_destroy_answers_without_result_key(rpc_server):
    login = rpc_server.post_json("/web/session/authenticate", {
        "db": rpc_server.dbname, "login": "admin", "password": rpc_server.admin_password})
    sid = session_cookie(login)
    assert sid
    res = rpc_server.post_json("/web/session/destroy", {}, cookie=sid)
    assert res.status == 200
    body = res.json
    assert "error" not in body, body
    assert "result" not in body or body["result"] is None


# ---------------------------------------------------------------- modern flow
def test_modern_login_uses_common_login_and_context_get(rpc_server, admin_uid):
    client = rpc_server.odoo(version="17.0")
    assert client.version == "17.0"
    assert client.env.uid == admin_uid
    assert client.env.context["uid"] == admin_uid
    assert "lang" in client.env.context and "tz" in client.env.context
    assert client.logout() is True


def test_modern_login_with_bad_password_raises_wrong_login(rpc_server, make_user):
    user = make_user()
    client = rpc_server.client(version="17.0")
    with pytest.raises(RPCError) as info:
        client.login(rpc_server.dbname, user["login"], "Wr0ng-Passw0rd!")
    assert str(info.value) == "Wrong login ID or password"


# ---------------------------------------------------------------- common service
def test_jsonrpc_common_version(rpc_server):
    res = rpc_server.jsonrpc("common", "version")
    _check_version_dict(res["result"])


def test_jsonrpc_common_login_and_authenticate(rpc_server, admin_uid, make_user):
    db, pw = rpc_server.dbname, rpc_server.admin_password
    assert rpc_server.jsonrpc("common", "login", db, "admin", pw)["result"] == admin_uid
    assert rpc_server.jsonrpc("common", "authenticate", db, "admin", pw, {})["result"] == admin_uid
    user = make_user()
    res = rpc_server.jsonrpc("common", "login", db, user["login"], "Wr0ng-Passw0rd!")
    assert "error" not in res
    assert res["result"] is False
    res = rpc_server.jsonrpc("common", "authenticate", db, user["login"], "Wr0ng-Passw0rd!", {})
    assert res["result"] is False


def test_xmlrpc_common_version_login_authenticate(rpc_server, xml_common, admin_uid, make_user):
    version = xml_common.version()
    _check_version_dict(version)
    db, pw = rpc_server.dbname, rpc_server.admin_password
    assert xml_common.login(db, "admin", pw) == admin_uid
    assert xml_common.authenticate(db, "admin", pw, {}) == admin_uid
    user = make_user()
    assert xml_common.authenticate(db, user["login"], "Wr0ng-Passw0rd!", {}) is False


def test_legacy_xmlrpc_common_version(rpc_server):
    version = rpc_server.xmlrpc("common", legacy=True).version()
    _check_version_dict(version)


def test_unknown_login_and_wrong_password_look_the_same(rpc_server, make_user):
    user = make_user()
    wrong = rpc_server.post_json("/web/session/authenticate", {
        "db": rpc_server.dbname, "login": user["login"], "password": "Wr0ng-Passw0rd!"})
    unknown = rpc_server.post_json("/web/session/authenticate", {
        "db": rpc_server.dbname, "login": unique_name("nobody"), "password": "Wr0ng-Passw0rd!"})
    assert wrong.status == unknown.status == 200
    w, u = wrong.json["error"], unknown.json["error"]
    assert w["data"]["name"] == u["data"]["name"] == "flectra.exceptions.AccessDenied"
    assert w["data"]["message"] == u["data"]["message"] == "Access Denied"
    assert w["code"] == u["code"]


# ---------------------------------------------------------------- unknown database
def _cli_databases(server):
    return server.cli("db", "list").stdout.split()


def test_unknown_database_is_an_error_in_every_flow_and_creates_nothing(rpc_server):
    missing = unique_name("nodb")
    pw = rpc_server.admin_password
    # legacy flow
    with pytest.raises(RPCError):
        rpc_server.client().login(missing, "admin", pw)
    # modern flow: common.login on a missing database is a server error, not false
    res = rpc_server.jsonrpc("common", "login", missing, "admin", pw)
    assert res.get("error"), res
    assert res["error"]["data"]["message"]
    with pytest.raises(RPCError):
        rpc_server.client(version="17.0").login(missing, "admin", pw)
    # XML-RPC
    with pytest.raises(xmlrpc.client.Fault):
        rpc_server.xmlrpc("common").login(missing, "admin", pw)
    res = rpc_server.jsonrpc("object", "execute_kw", missing, 2, pw, "res.partner", "search", [[]], {})
    assert res.get("error"), res
    assert missing not in _cli_databases(rpc_server)
    assert rpc_server.healthy()


def test_common_about(rpc_server):
    text = rpc_server.jsonrpc("common", "about")["result"]
    assert isinstance(text, str) and text
    extended = rpc_server.jsonrpc("common", "about", True)["result"]
    assert extended[0] == text
    assert extended[1] == rpc_server.jsonrpc("common", "version")["result"]["server_version"]


def test_object_casts_uid_to_int(rpc_server, admin_uid):
    res = rpc_server.execute_kw(str(admin_uid), "res.partner", "search_count", [[]])
    assert isinstance(res.get("result"), int), res


def test_object_with_a_wrong_uid_password_pair_is_access_denied(rpc_server, admin_uid, plain_user):
    # the admin's password does not open the plain user's uid
    res = rpc_server.execute_kw(plain_user["uid"], "res.partner", "search_count", [[]])
    assert res["error"]["data"]["name"] == "flectra.exceptions.AccessDenied"
    # an unknown uid likewise
    res = rpc_server.execute_kw(987654, "res.partner", "search_count", [[]])
    assert res["error"]["data"]["name"] == "flectra.exceptions.AccessDenied"
    assert res["error"]["data"]["message"] == "Access Denied"
