"""The web client's calls (/web/dataset/call_kw) check the session's password token in the
call's own transaction (bench W6, issue 7): a password change or a deactivation still ends the
session at the next call, before the call runs, and a session on a usable database keeps working."""
from rpc_support import session_cookie


def authenticate(server, login, password):
    return server.post_json("/web/session/authenticate",
                            {"db": server.dbname, "login": login, "password": password})


def call_kw(server, sid, model, method, args, kwargs=None):
    return server.post_json("/web/dataset/call_kw", {"model": model, "method": method, "args": args,
                                                     "kwargs": kwargs or {}}, cookie=sid).json


def expired(body):
    return bool(body.get("error")) and body["error"]["code"] == 100


def test_password_change_ends_the_session_at_the_next_call_kw(rpc_server, odoo, make_user):
    user = make_user()
    sid = session_cookie(authenticate(rpc_server, user["login"], user["password"]))
    body = call_kw(rpc_server, sid, "res.users", "read", [[user["uid"]], ["login"]])
    assert body["result"][0]["login"] == user["login"], body
    odoo.execute_kw("res.users", "write", [[user["uid"]], {"password": "An0ther-Passw0rd!k"}])
    # the call is refused before it runs: the user's name is not changed
    body = call_kw(rpc_server, sid, "res.users", "write", [[user["uid"]], {"name": "after the change"}])
    assert expired(body), body
    assert odoo.execute_kw("res.users", "read", [[user["uid"]], ["name"]])[0]["name"] != "after the change"
    # and the session stays ended
    assert expired(call_kw(rpc_server, sid, "res.users", "read", [[user["uid"]], ["login"]]))


def test_deactivation_ends_the_session_at_the_next_call_kw(rpc_server, odoo, make_user):
    user = make_user()
    sid = session_cookie(authenticate(rpc_server, user["login"], user["password"]))
    assert "result" in call_kw(rpc_server, sid, "res.users", "read", [[user["uid"]], ["login"]])
    odoo.execute_kw("res.users", "write", [[user["uid"]], {"active": False}])
    assert expired(call_kw(rpc_server, sid, "res.users", "read", [[user["uid"]], ["login"]]))


def test_an_error_in_the_call_keeps_the_session(rpc_server, make_user):
    user = make_user()
    sid = session_cookie(authenticate(rpc_server, user["login"], user["password"]))
    body = call_kw(rpc_server, sid, "res.users", "read", [[user["uid"]], ["no_such_field"]])
    assert body.get("error") and not expired(body), body
    assert "result" in call_kw(rpc_server, sid, "res.users", "read", [[user["uid"]], ["login"]])
