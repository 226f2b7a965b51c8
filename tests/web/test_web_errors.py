"""An unexpected error on a page route: a page with a reference, the traceback only in the log."""
import logging

from werkzeug.test import Client

from fazhi.http.wsgi import Application


def test_unexpected_error_gives_a_reference_page(monkeypatch, caplog):
    app = Application()

    def broken(request, path):
        raise RuntimeError("disk on fire")
    monkeypatch.setattr(app.web, "dispatch", broken)
    with caplog.at_level(logging.ERROR, logger="fazhi.http.errors"):
        res = Client(app).get("/web/content/1")
    body = res.get_data(as_text=True)
    assert res.status_code == 500
    assert "服务器错误" in body and "disk on fire" not in body and "Traceback" not in body
    assert res.headers["Content-Security-Policy"] and res.headers["Cache-Control"] == "no-store"
    logged = [r for r in caplog.records if r.exc_info and "disk on fire" in str(r.exc_info[1])]
    assert len(logged) == 1
    reference = logged[0].getMessage().split()[-1]
    assert len(reference) == 12 and reference in body


def _session_app(tmp_path, monkeypatch, failure):
    """An application with one logged-in session whose token check raises ``failure``."""
    from fazhi.http.session import SessionStore
    from fazhi.service import security
    app = Application()
    app.sessions = SessionStore(str(tmp_path / "sessions"))
    session = app.sessions.new()
    session.update(uid=2, db="county", token="t")
    app.sessions.save(session)

    def token(backend, dbname, uid):
        raise failure
    monkeypatch.setattr(security, "session_token", token)
    client = Client(app)
    client.set_cookie("session_id", session["sid"], domain="localhost")
    return app, client, session["sid"]


def _session_info(client):
    res = client.post("/web/session/get_session_info", json={"jsonrpc": "2.0", "method": "call", "params": {}})
    assert res.status_code == 200
    return res.get_json()


def test_database_server_unreachable_keeps_the_session(tmp_path, monkeypatch):
    from fazhi.sql.backends import BackendError
    app, client, sid = _session_app(tmp_path, monkeypatch, BackendError("Cannot reach PostgreSQL"))
    body = _session_info(client)
    assert body["error"]["data"]["name"] != "flectra.http.SessionExpiredException"
    assert app.sessions.get(sid) is not None          # logged in still, for the retry


def test_database_gone_ends_the_session(tmp_path, monkeypatch):
    from fazhi.sql.backends import DatabaseMissing
    app, client, sid = _session_app(tmp_path, monkeypatch, DatabaseMissing("Database 'county' does not exist."))
    body = _session_info(client)
    assert body["error"]["code"] == 100                 # session expired: log in again
    assert app.sessions.get(sid) is None
