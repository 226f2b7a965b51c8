"""A small browser-less web client for the served-instance tests: one cookie, the CSRF token
of the pages, form posts, multipart uploads and JSON-RPC calls (plain http.client)."""
import html
import json
import re
import time
import uuid

from rpc_support import session_cookie

_CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')
_CSRF_DATA = re.compile(r'data-csrf-token="([^"]+)"')


class WebClient:
    """Talks to one ``RpcServer`` like a browser does (same-origin, session cookie)."""

    def __init__(self, server):
        self.server = server
        self.sid = None
        self.cookies = {}   # other cookies than session_id (the anonymous login form's fz_login)

    # --- raw ---
    def request(self, method, path, body=b"", headers=None):
        hdrs = dict(headers or {})
        cookies = ["%s=%s" % item for item in self.cookies.items()]
        if self.sid:
            cookies.insert(0, "session_id=%s" % self.sid)
        if cookies:
            hdrs["Cookie"] = "; ".join(cookies)
        result = self.server.request(method, path, body=body, headers=hdrs)
        sid = session_cookie(result)
        if sid is not None:
            self.sid = sid or None
        for value in result.header_all("Set-Cookie"):
            if value.startswith("session_id=;") or "Max-Age=0" in value and value.startswith("session_id="):
                self.sid = None
            name, _eq, rest = value.partition("=")
            if name != "session_id":
                cookie = rest.split(";", 1)[0]
                if cookie and "Max-Age=0" not in value:
                    self.cookies[name] = cookie
                else:
                    self.cookies.pop(name, None)
        return result

    def get(self, path):
        return self.request("GET", path)

    def post_form(self, path, fields):
        from urllib.parse import urlencode
        return self.request("POST", path, body=urlencode(fields).encode(),
                            headers={"Content-Type": "application/x-www-form-urlencoded"})

    def post_multipart(self, path, fields, files):
        """``files``: list of (field name, file name, bytes, content type)."""
        boundary = "fzboundary%s" % uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
                          % (boundary, name, value)).encode())
        for name, filename, data, ctype in files:
            quoted = filename.replace('"', "%22")
            parts.append(('--%s\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\n'
                          'Content-Type: %s\r\n\r\n' % (boundary, name, quoted, ctype)).encode() + data + b"\r\n")
        parts.append(("--%s--\r\n" % boundary).encode())
        return self.request("POST", path, body=b"".join(parts),
                            headers={"Content-Type": "multipart/form-data; boundary=%s" % boundary})

    def json(self, path, params):
        payload = {"jsonrpc": "2.0", "method": "call", "params": params, "id": int(time.time() * 1000) % 100000}
        res = self.request("POST", path, body=json.dumps(payload).encode(),
                           headers={"Content-Type": "application/json"})
        assert res.status == 200, res
        return res.json

    # --- web client flows ---
    def login_page(self, path="/web/login"):
        res = self.get(path)
        assert res.status == 200, res
        return res, html.unescape(_CSRF_INPUT.search(res.text).group(1))

    def login(self, login, password, redirect=None):
        _page, token = self.login_page()
        fields = {"login": login, "password": password, "csrf_token": token}
        if redirect is not None:
            fields["redirect"] = redirect
        return self.post_form("/web/login", fields)

    def csrf_token(self):
        res = self.get("/web")
        assert res.status == 200, res
        return html.unescape(_CSRF_DATA.search(res.text).group(1))

    def call_kw(self, model, method, args, kwargs=None):
        """The ``result`` of a call_kw; AssertionError with the error otherwise."""
        data = self.json("/web/dataset/call_kw/%s/%s" % (model, method),
                         {"model": model, "method": method, "args": args, "kwargs": kwargs or {}})
        assert "result" in data or "error" not in data, data.get("error")
        return data.get("result")

    def call_kw_raw(self, model, method, args, kwargs=None):
        return self.json("/web/dataset/call_kw/%s/%s" % (model, method),
                         {"model": model, "method": method, "args": args, "kwargs": kwargs or {}})
