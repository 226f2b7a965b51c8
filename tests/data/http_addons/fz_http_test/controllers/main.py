"""Routes exercising flectra.http for tests/http/test_controllers.py."""
from markupsafe import escape

from flectra import http
from flectra.exceptions import AccessError, MissingError, UserError, ValidationError
from flectra.http import request
from werkzeug.exceptions import Forbidden


class TestController(http.Controller):

    @http.route("/fz_http_test/hello/<int:number>/<string:word>", type="http", auth="public", methods=["GET"])
    def hello(self, number, word, q=None, **kw):
        return request.make_response("hello %d %s q=%s other=%s" % (number, escape(word), escape(q), sorted(kw)))

    @http.route(["/fz_http_test/path/<path:rest>", "/fz_http_test/alias/<path:rest>"], auth="public")
    def path(self, rest):
        return "path=%s" % escape(rest)

    @http.route("/fz_http_test/whoami", auth="public")
    def whoami(self):
        user = request.env.user
        return request.make_json_response({
            "uid": request.env.uid, "login": user.sudo().login, "public": user.sudo()._is_public(),
            "session_uid": request.session.uid, "db": request.db, "lang": request.lang,
            "remote_addr": request.httprequest.remote_addr})

    @http.route("/fz_http_test/partners", auth="public")
    def partners(self):
        return str(request.env["res.partner"].search_count([]))

    @http.route("/fz_http_test/form", auth="public", methods=["GET"])
    def form(self):
        return "<form>%s</form>" % request.csrf_token()

    @http.route("/fz_http_test/set_param", auth="public", methods=["POST"])
    def set_param(self, value, fail=None, page=None):
        request.env["ir.config_parameter"].sudo().set_param("fz_http_test.value", value)
        if fail:
            raise ValidationError("失败：%s" % value)
        if page:
            return request.make_response("own error page", status=422)
        return "stored %s" % escape(value)

    @http.route("/fz_http_test/nocsrf", auth="public", methods=["POST"], csrf=False)
    def nocsrf(self, value):
        request.env["ir.config_parameter"].sudo().set_param("fz_http_test.nocsrf", value)
        return "ok"

    @http.route("/fz_http_test/upload", auth="public", methods=["POST"])
    def upload(self, **kw):
        files = request.httprequest.files.getlist("attachment")
        return request.make_json_response({
            "names": [f.filename for f in files], "sizes": [len(f.read()) for f in files],
            "first_param": type(kw.get("attachment")).__name__, "note": kw.get("note")})

    @http.route("/fz_http_test/session/write", auth="public", methods=["POST"])
    def session_write(self, value):
        request.session["fz_value"] = value
        return "written"

    @http.route("/fz_http_test/session/elevate", auth="public", methods=["POST"])
    def session_elevate(self):
        request.session["fz_value"] = "elevated"
        request.session.should_rotate = True
        return "ok"

    @http.route("/fz_http_test/session/read", auth="public")
    def session_read(self):
        return "value=%s" % escape(request.session.get("fz_value"))

    @http.route("/fz_http_test/session/protected", auth="public", methods=["POST"])
    def session_protected(self):
        request.session["uid"] = 2
        return "should not get here"

    @http.route("/fz_http_test/user", auth="user")
    def user_only(self):
        return "user %s" % request.env.user.login

    @http.route("/fz_http_test/none", auth="none")
    def none(self):
        return "uid=%s" % request.env.uid

    @http.route("/fz_http_test/json", type="json", auth="public")
    def json_echo(self, a=None, **kw):
        return {"a": a, "uid": request.env.uid, "kw": sorted(kw)}

    @http.route("/fz_http_test/json_user", type="json", auth="user")
    def json_user(self):
        return {"login": request.env.user.login}

    @http.route("/fz_http_test/json_fail", type="json", auth="public")
    def json_fail(self):
        raise UserError("JSON 失败")

    @http.route("/fz_http_test/error/<string:kind>", auth="public")
    def error(self, kind):
        if kind == "access":
            raise AccessError("no access secret-detail")
        if kind == "missing":
            raise MissingError("记录不存在")
        if kind == "user":
            raise UserError("输入有误<b>")
        if kind == "werkzeug":
            raise Forbidden()
        if kind == "notfound":
            return request.not_found()
        if kind == "redirect":
            return request.redirect("https://evil.example/steal")
        raise RuntimeError("boom secret-detail")


class ExtendedController(TestController):
    """An override without a decorator keeps the route (Flectra)."""

    def path(self, rest):
        return "extended path=%s" % escape(rest)
