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
