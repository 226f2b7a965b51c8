"""Credentials and RPC surface (issue 11 items 6, 7, 9 and 10), through a served instance:

- API keys are for RPC only: ``/web/session/authenticate`` and the login form refuse them, RPC
  takes them until they are deleted or expire (AUTH-7);
- with ``--no-database-manager`` the login page names no database and ``?db=`` tells nothing (CFG-1);
- ``sudo``, ``with_user``, ``exists`` and other recordset plumbing are refused over RPC (API-1);
- wrong master passwords are throttled per client address;
- a call refused for a wrong password, with a real uid, changes nothing.
"""
import datetime
import xmlrpc.client

import odoorpc
import pytest

from rpc_support import make_user_on, unique_name


def _api_key(server, uid, password, name="script", expiration=None):
    """A key made the way a user makes one (re-authenticated), through the CLI shell."""
    proc = server.cli("shell", "-d", server.dbname, stdin=(
        "user = env['res.users'].browse(%d)\n"
        "print('KEY=' + env['res.users.apikeys'].with_user(user)._generate(%r, %r, %r))\n"
        % (uid, name, password, expiration)))
    return [line[4:] for line in proc.stdout.splitlines() if line.startswith("KEY=")][0]


def _uid_by_key(server, login, key):
    return server.jsonrpc("common", "login", server.dbname, login, key).get("result")


# ---------------------------------------------------------------- item 6: API keys
@pytest.fixture(scope="module")
def keyed_user(rpc_server):
    user = make_user_on(rpc_server, groups=("base.group_user",), login=unique_name("script"))
    user["key"] = _api_key(rpc_server, user["uid"], user["password"])
    return user


def test_api_key_opens_no_web_session(rpc_server, keyed_user):
    res = rpc_server.post_json("/web/session/authenticate", {
        "db": rpc_server.dbname, "login": keyed_user["login"], "password": keyed_user["key"]})
    assert res.json["error"]["data"]["name"] == "flectra.exceptions.AccessDenied"
    assert not [c for c in res.header_all("Set-Cookie") if c.startswith("session_id=") and "Max-Age=0" not in c
                and not c.startswith("session_id=;")]
    # the password still opens one
    res = rpc_server.post_json("/web/session/authenticate", {
        "db": rpc_server.dbname, "login": keyed_user["login"], "password": keyed_user["password"]})
    assert res.json["result"]["uid"] == keyed_user["uid"]


def test_api_key_is_refused_by_the_login_form(rpc_server, keyed_user):
    import os
    import sys
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "web"))
    from web_support import WebClient
    client = WebClient(rpc_server)
    res = client.login(keyed_user["login"], keyed_user["key"])
    assert res.status == 200 and "fz-login-error" in res.text       # the form again, with the error
    assert client.get("/web").status == 303                            # not logged in


def test_api_key_works_over_rpc_until_deleted(rpc_server):
    user = make_user_on(rpc_server, groups=("base.group_user",), login=unique_name("script"))
    key = _api_key(rpc_server, user["uid"], user["password"])
    assert _uid_by_key(rpc_server, user["login"], key) == user["uid"]
    models = rpc_server.xmlrpc("object")
    assert models.execute_kw(rpc_server.dbname, user["uid"], key, "res.users", "read",
                             [[user["uid"]], ["login"]])[0]["login"] == user["login"]
    admin = rpc_server.odoo()
    admin.env["res.users.apikeys"].unlink(admin.env["res.users.apikeys"].search([("user_id", "=", user["uid"])]))
    assert _uid_by_key(rpc_server, user["login"], key) is False
    with pytest.raises(xmlrpc.client.Fault) as info:
        models.execute_kw(rpc_server.dbname, user["uid"], key, "res.users", "read", [[user["uid"]], ["login"]])
    assert info.value.faultCode == 3


def test_expired_api_key_is_refused_over_rpc(rpc_server):
    user = make_user_on(rpc_server, groups=("base.group_user",), login=unique_name("script"))
    soon = (datetime.datetime.utcnow() + datetime.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S")
    key = _api_key(rpc_server, user["uid"], user["password"], expiration=soon)
    assert _uid_by_key(rpc_server, user["login"], key) == user["uid"]
    rpc_server.set_clock(2 * 3600)          # the server's clock two hours on
    try:
        assert _uid_by_key(rpc_server, user["login"], key) is False
    finally:
        rpc_server.set_clock(0)


# ---------------------------------------------------------------- item 7: database names
@pytest.fixture(scope="module")
def locked_server(server_factory):
    return server_factory("nodbm", database_manager=False)


def test_login_page_names_no_database_with_the_manager_off(locked_server):
    other = unique_name("no_such_db")
    plain = locked_server.request("GET", "/web/login")
    asked_missing = locked_server.request("GET", "/web/login?db=" + other)
    asked_existing = locked_server.request("GET", "/web/login?db=" + locked_server.dbname)
    for res in (plain, asked_missing, asked_existing):
        assert res.status == 200
        assert "<select" not in res.text and other not in res.text
    # the same page whether the database asked for exists or not (only the CSRF token differs)
    import re

    def shape(text):
        return re.sub(r'value="[0-9a-f]+o\d+"', "", text)
    assert shape(asked_missing.text) == shape(asked_existing.text) == shape(plain.text)


# ---------------------------------------------------------------- item 9: RPC surface, master password
@pytest.mark.parametrize("method", ["sudo", "with_user", "exists", "with_context", "with_env", "browse", "mapped"])
def test_recordset_plumbing_is_not_callable_over_rpc(rpc_server, method):
    user = make_user_on(rpc_server, groups=("base.group_user",))
    client = rpc_server.odoo(login=user["login"], password=user["password"])
    with pytest.raises(odoorpc.error.RPCError) as info:
        client.execute_kw("res.partner", method, [[1], 2] if method == "with_user" else [[1]])
    assert info.value.info["data"]["name"] == "flectra.exceptions.AccessError"
    assert "cannot be called remotely" in info.value.info["data"]["message"]
    with pytest.raises(xmlrpc.client.Fault) as fault:
        rpc_server.xmlrpc("object").execute_kw(rpc_server.dbname, user["uid"], user["password"], "res.partner",
                                               method, [[1]])
    assert fault.value.faultCode == 4


def test_master_password_attempts_are_throttled(rpc_server, server_clock):
    from rpc_support import MASTER_PASSWORD
    db = rpc_server.xmlrpc("db")
    missing = unique_name("nodb")
    for _attempt in range(20):
        with pytest.raises(xmlrpc.client.Fault):
            db.drop("Wr0ng-Master!%d" % _attempt, missing)
    # the window is full: even the right password is refused now, without a check
    with pytest.raises(xmlrpc.client.Fault) as info:
        db.drop(MASTER_PASSWORD, missing)
    assert info.value.faultCode == 3
    server_clock(16 * 60)                   # the window has passed: the right password works again
    assert db.drop(MASTER_PASSWORD, missing) is False      # no such database, but accepted
    server_clock(0)
    assert db.drop(MASTER_PASSWORD, missing) is False      # a success cleared the count


# ---------------------------------------------------------------- item 10: a refused call does nothing
def test_wrong_password_with_a_real_uid_leaves_no_side_effect(rpc_server):
    user = make_user_on(rpc_server, groups=("base.group_user",))
    admin = rpc_server.odoo()
    name = unique_name("never")
    before = admin.env["res.partner"].search_count([])
    calls = [("res.partner", "create", [{"name": name}]),
             ("res.users", "write", [[user["uid"]], {"name": name}]),
             ("res.partner", "unlink", [[admin.env.user.partner_id.id]])]
    for model, method, args in calls:
        with pytest.raises(xmlrpc.client.Fault) as info:
            rpc_server.xmlrpc("object").execute_kw(rpc_server.dbname, user["uid"], "Wrong-Pass-9!", model, method,
                                                   args)
        assert info.value.faultCode == 3
        res = rpc_server.execute_kw(user["uid"], model, method, args, password="Wrong-Pass-9!")
        assert res["error"]["data"]["name"] == "flectra.exceptions.AccessDenied"
    assert admin.env["res.partner"].search_count([("name", "=", name)]) == 0
    assert admin.env["res.partner"].search_count([]) == before
    assert admin.execute_kw("res.users", "read", [[user["uid"]], ["name"]])[0]["name"] != name
    assert admin.env["res.partner"].search_count([("id", "=", admin.env.user.partner_id.id)]) == 1
