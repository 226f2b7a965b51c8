"""Bad input never yields a 500 with a traceback (rpc-protocol.md §2; security-reliability API-2, API-5,
WEB-2): malformed JSON, wrong arguments, huge and deeply nested bodies, hostile XML, CSRF-style posts."""
import json
import select
import socket
import time
import xmlrpc.client

import pytest

from rpc_support import has_traceback, session_cookie, unique_name

HUGE = 60 * 1024 * 1024


def assert_clean_refusal(res, allow_structured=True):
    """HTTP 4xx, or (when allowed) HTTP 200 with a JSON-RPC error carrying data.message; no traceback."""
    assert res.status < 500, res
    assert not has_traceback(res.text), res.text[:2000]
    if res.status == 200:
        assert allow_structured, res
        body = res.json
        assert body.get("error"), body
        assert body["error"]["data"]["message"]
        assert "result" not in body
    else:
        assert 400 <= res.status < 500, res


def assert_error_answer(body):
    assert body.get("error"), body
    assert body["error"]["data"]["message"]
    assert not has_traceback(body["error"]["data"].get("debug"))


# ---------------------------------------------------------------- malformed JSON
@pytest.mark.parametrize("path", ["/jsonrpc", "/web/webclient/version_info", "/web/session/authenticate",
                                  "/web/dataset/call_kw"])
@pytest.mark.parametrize("body", [b"{not json", b"", b"\xff\xfe\x00garbage", b'{"jsonrpc": "2.0", "params": ',
                                  b"null", b"[1, 2, 3]", b'"just a string"'],
                         ids=["broken", "empty", "binary", "truncated", "null", "array", "string"])
def test_malformed_json_is_400_or_structured_error(rpc_server, path, body):
    res = rpc_server.post(path, body)
    if path == "/web/webclient/version_info" and res.status == 200 and "result" in res.json:
        return      # the probe needs no params; answering it is fine
    assert_clean_refusal(res)


def test_not_json_is_http_400(rpc_server):
    res = rpc_server.post("/jsonrpc", b"{not json")
    assert res.status == 400
    assert not has_traceback(res.text)


@pytest.mark.parametrize("params", [[1, 2], "text", 42, None], ids=["list", "str", "int", "null"])
def test_params_not_an_object(rpc_server, params):
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params, "id": 1})
    assert_clean_refusal(rpc_server.post("/jsonrpc", body))


def test_application_json_rpc_content_type_is_accepted(rpc_server):
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": {"service": "common", "method": "version",
                                                                      "args": []}, "id": 7})
    res = rpc_server.post("/jsonrpc", body, content_type="application/json-rpc")
    assert res.status == 200
    assert res.json["id"] == 7 and res.json["result"]["protocol_version"] == 1


def test_envelope_method_is_ignored(rpc_server):
    body = json.dumps({"jsonrpc": "2.0", "method": "anything", "id": 9,
                       "params": {"service": "common", "method": "version", "args": []}})
    res = rpc_server.post("/jsonrpc", body)
    assert res.status == 200 and res.json["result"]["protocol_version"] == 1


def test_missing_id_is_echoed_as_null(rpc_server):
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": {"service": "common", "method": "version",
                                                                      "args": []}})
    res = rpc_server.post("/jsonrpc", body)
    assert res.status == 200
    assert res.json["id"] is None and "result" in res.json


# ---------------------------------------------------------------- wrong arguments
@pytest.fixture(scope="module")
def uid(rpc_server):
    return rpc_server.jsonrpc("common", "login", rpc_server.dbname, "admin", rpc_server.admin_password)["result"]


BAD_CALLS = {
    "no-args-key": {"service": "object", "method": "execute_kw"},
    "args-not-list": {"service": "object", "method": "execute_kw", "args": "oops"},
    "too-few": {"service": "object", "method": "execute_kw", "args": ["DB"]},
    "uid-not-int": {"service": "object", "method": "execute_kw",
                    "args": ["DB", "abc", "PW", "res.partner", "search", [[]]]},
    "uid-list": {"service": "object", "method": "execute_kw",
                 "args": ["DB", [1, 2], "PW", "res.partner", "search", [[]]]},
    "model-not-str": {"service": "object", "method": "execute_kw", "args": ["DB", "UID", "PW", 12, "search", [[]]]},
    "method-not-str": {"service": "object", "method": "execute_kw",
                       "args": ["DB", "UID", "PW", "res.partner", ["search"], [[]]]},
    "args-dict": {"service": "object", "method": "execute_kw",
                  "args": ["DB", "UID", "PW", "res.partner", "search", {"a": 1}]},
    "kwargs-list": {"service": "object", "method": "execute_kw",
                    "args": ["DB", "UID", "PW", "res.partner", "search", [[]], [1, 2]]},
    "domain-str": {"service": "object", "method": "execute_kw",
                   "args": ["DB", "UID", "PW", "res.partner", "search", ["garbage"]]},
    "domain-bad-leaf": {"service": "object", "method": "execute_kw",
                        "args": ["DB", "UID", "PW", "res.partner", "search", [[["name", "bogus-op", 1]]]]},
    "create-str": {"service": "object", "method": "execute_kw",
                   "args": ["DB", "UID", "PW", "res.partner", "create", ["not a dict"]]},
    "too-many": {"service": "object", "method": "execute_kw",
                 "args": ["DB", "UID", "PW", "res.partner", "search", [[], 0, 1, "id", False, "x", "y", "z"]]},
    "bad-kwarg": {"service": "object", "method": "execute_kw",
                  "args": ["DB", "UID", "PW", "res.partner", "search", [[]], {"no_such_kwarg": 1}]},
    "bad-order": {"service": "object", "method": "execute_kw",
                  "args": ["DB", "UID", "PW", "res.partner", "search", [[]], {"order": "name; DROP TABLE x"}]},
    "unknown-service": {"service": "nosuch", "method": "list", "args": []},
    "unknown-common-method": {"service": "common", "method": "nosuch", "args": []},
    "service-not-str": {"service": ["object"], "method": "execute", "args": []},
    "execute-short": {"service": "object", "method": "execute", "args": ["DB", "UID", "PW", "res.partner"]},
}


def _fill(value, rpc_server, uid):
    if isinstance(value, list):
        return [_fill(v, rpc_server, uid) for v in value]
    return {"DB": rpc_server.dbname, "UID": uid, "PW": rpc_server.admin_password}.get(value, value) \
        if isinstance(value, str) else value


@pytest.mark.parametrize("case", sorted(BAD_CALLS))
def test_wrong_arguments_give_a_structured_error(rpc_server, uid, case):
    params = dict(BAD_CALLS[case])
    if "args" in params:
        params["args"] = _fill(params["args"], rpc_server, uid)
    res = rpc_server.post_json("/jsonrpc", params)
    assert res.status == 200, res
    assert_error_answer(res.json)
    assert rpc_server.healthy()


def test_wrong_arguments_over_xmlrpc_give_a_fault(rpc_server, uid):
    proxy = rpc_server.xmlrpc("object")
    for args in [(rpc_server.dbname,),
                 (rpc_server.dbname, uid, rpc_server.admin_password, "res.partner", "search", "oops"),
                 (rpc_server.dbname, uid, rpc_server.admin_password, "res.partner", "create", ["x"])]:
        with pytest.raises(xmlrpc.client.Fault) as info:
            proxy.execute_kw(*args)
        assert not has_traceback(info.value.faultString)


def test_table_survives_an_order_injection_attempt(rpc_server, uid):
    res = rpc_server.execute_kw(uid, "test.orm.tag", "search", [[]], {"order": "name; DELETE FROM test_orm_tag"})
    assert res.get("error")
    assert rpc_server.execute_kw(uid, "test.orm.tag", "search_count", [[["name", "=", "Red"]]])["result"] == 1


# ---------------------------------------------------------------- huge bodies
def _post_huge(server, path, content_type, size=HUGE, chunk=1 << 20, filler=b" "):
    """Announce ``size`` bytes and send them while the server reads; stop as soon as it answers.

    Returns (HTTP status or None, the raw answer head, seconds).
    """
    start = time.monotonic()
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    try:
        head = ("POST %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nContent-Type: %s\r\nContent-Length: %d\r\n"
                "Connection: close\r\n\r\n" % (path, server.port, content_type, size)).encode()
        sock.sendall(head)
        # a server that checks Content-Length answers before any body byte arrives
        readable, _w, _x = select.select([sock], [], [], 1.0)
        if not readable:
            block = filler * chunk
            sent = 0
            try:
                while sent < size:
                    n = min(chunk, size - sent)
                    sock.sendall(block[:n])
                    sent += n
                    readable, _w, _x = select.select([sock], [], [], 0)
                    if readable:
                        break
            except (BrokenPipeError, ConnectionResetError):
                pass
        data = b""
        try:
            while b"\r\n\r\n" not in data:
                part = sock.recv(65536)
                if not part:
                    break
                data += part
        except (ConnectionResetError, socket.timeout):
            pass
        status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else None
        return status, data, time.monotonic() - start
    finally:
        sock.close()


def _post_huge_chunked(server, path, content_type, size=HUGE, chunk=1 << 20):
    """Send ``size`` bytes with Transfer-Encoding: chunked (no Content-Length to check up front)."""
    start = time.monotonic()
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    try:
        head = ("POST %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nContent-Type: %s\r\n"
                "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" % (path, server.port, content_type)).encode()
        sock.sendall(head)
        piece = b"%x\r\n" % chunk + b" " * chunk + b"\r\n"
        sent = 0
        try:
            while sent < size:
                readable, _w, _x = select.select([sock], [], [], 0)
                if readable:
                    break
                sock.sendall(piece)
                sent += chunk
            else:
                sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        data = b""
        try:
            while b"\r\n\r\n" not in data:
                part = sock.recv(65536)
                if not part:
                    break
                data += part
        except (ConnectionResetError, socket.timeout):
            pass
        status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else None
        return status, data, time.monotonic() - start
    finally:
        sock.close()


@pytest.mark.parametrize("path,content_type", [("/jsonrpc", "application/json"),
                                               ("/xmlrpc/2/object", "text/xml")])
def test_huge_chunked_body_is_refused_with_4xx(rpc_server, path, content_type):
    status, data, elapsed = _post_huge_chunked(rpc_server, path, content_type)
    assert status is not None, "connection dropped without an HTTP status"
    assert 400 <= status < 500, data[:500]
    assert elapsed < 10.0, elapsed
    assert rpc_server.healthy()


@pytest.mark.parametrize("path,content_type", [("/jsonrpc", "application/json"),
                                               ("/web/dataset/call_kw", "application/json"),
                                               ("/xmlrpc/2/object", "text/xml")])
def test_huge_body_is_refused_quickly_with_4xx(rpc_server, path, content_type):
    status, data, elapsed = _post_huge(rpc_server, path, content_type)
    assert status is not None, "connection dropped without an HTTP status"
    assert 400 <= status < 500, data[:500]
    assert elapsed < 5.0, elapsed
    assert not has_traceback(data.decode("latin-1"))
    assert rpc_server.healthy()


# ---------------------------------------------------------------- deep nesting
@pytest.mark.parametrize("depth", [1000, 100000])
def test_deeply_nested_json(rpc_server, uid, depth):
    nested = "[" * depth + "]" * depth
    body = ('{"jsonrpc": "2.0", "method": "call", "id": 1, "params": {"service": "object", '
            '"method": "execute_kw", "args": ["%s", %d, "%s", "res.partner", "search", %s]}}'
            % (rpc_server.dbname, uid, rpc_server.admin_password, nested))
    start = time.monotonic()
    res = rpc_server.post("/jsonrpc", body)
    assert time.monotonic() - start < 10
    assert_clean_refusal(res)
    assert rpc_server.healthy()


@pytest.mark.parametrize("depth", [500, 50000])
def test_deeply_nested_xmlrpc(rpc_server, uid, depth):
    nested = "<value><array><data>" * depth + "</data></array></value>" * depth
    body = ("<?xml version='1.0'?><methodCall><methodName>execute_kw</methodName><params>"
            "<param><value><string>%s</string></value></param>"
            "<param><value><int>%d</int></value></param>"
            "<param><value><string>%s</string></value></param>"
            "<param><value><string>res.partner</string></value></param>"
            "<param><value><string>search</string></value></param>"
            "<param>%s</param></params></methodCall>"
            % (rpc_server.dbname, uid, rpc_server.admin_password, nested))
    start = time.monotonic()
    res = rpc_server.post("/xmlrpc/2/object", body, content_type="text/xml")
    assert time.monotonic() - start < 10
    assert res.status < 500, res
    assert not has_traceback(res.text)
    if res.status == 200:
        with pytest.raises(xmlrpc.client.Fault):
            xmlrpc.client.loads(res.body)
    assert rpc_server.healthy()


# ---------------------------------------------------------------- hostile XML
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<methodCall><methodName>login</methodName><params>
<param><value><string>&lol9;</string></value></param>
<param><value><string>admin</string></value></param>
<param><value><string>x</string></value></param>
</params></methodCall>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE x [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<methodCall><methodName>login</methodName><params>
<param><value><string>&xxe;</string></value></param>
<param><value><string>admin</string></value></param>
<param><value><string>x</string></value></param>
</params></methodCall>"""

PARAMETER_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE x [ <!ENTITY % ext SYSTEM "file:///etc/passwd"> %ext; ]>
<methodCall><methodName>version</methodName><params></params></methodCall>"""


def _refused_xml(res):
    assert res.status < 500, res
    assert not has_traceback(res.text)
    if res.status == 200:
        with pytest.raises(xmlrpc.client.Fault):
            xmlrpc.client.loads(res.body)
    else:
        assert 400 <= res.status < 500


def test_billion_laughs_is_refused_without_expansion(rpc_server):
    start = time.monotonic()
    res = rpc_server.post("/xmlrpc/2/common", BILLION_LAUGHS, content_type="text/xml")
    assert time.monotonic() - start < 5
    _refused_xml(res)
    assert "lollollol" not in res.text
    assert rpc_server.healthy()
    assert rpc_server.xmlrpc("common").version()["protocol_version"] == 1


def test_external_entity_is_refused_without_reading_files(rpc_server):
    res = rpc_server.post("/xmlrpc/2/common", EXTERNAL_ENTITY, content_type="text/xml")
    _refused_xml(res)
    assert "root:" not in res.text
    assert rpc_server.healthy()


def test_external_parameter_entity_is_not_fetched(rpc_server):
    res = rpc_server.post("/xmlrpc/2/common", PARAMETER_ENTITY, content_type="text/xml")
    assert res.status < 500, res
    assert "root:" not in res.text
    assert not has_traceback(res.text)
    assert rpc_server.healthy()


# ---------------------------------------------------------------- CSRF-style posts
def _session(rpc_server):
    res = rpc_server.post_json("/web/session/authenticate", {
        "db": rpc_server.dbname, "login": "admin", "password": rpc_server.admin_password})
    sid = session_cookie(res)
    assert sid, res
    return sid


def _count(rpc_server, uid, name):
    return rpc_server.execute_kw(uid, "res.partner", "search_count", [[["name", "=", name]]])["result"]


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "text/plain",
                                          "multipart/form-data; boundary=xyz"])
def test_non_json_posts_to_call_kw_are_not_executed(rpc_server, uid, content_type):
    sid = _session(rpc_server)
    name = unique_name("csrf")
    payload = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
        "model": "res.partner", "method": "create", "args": [{"name": name}], "kwargs": {}}})
    res = rpc_server.post("/web/dataset/call_kw", payload, content_type=content_type,
                          headers={"Cookie": "session_id=%s" % sid, "Origin": "http://evil.example"})
    assert 400 <= res.status < 500, res
    assert not has_traceback(res.text)
    assert (res.header("Access-Control-Allow-Origin") or "") not in ("*", "http://evil.example")
    assert _count(rpc_server, uid, name) == 0


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "text/plain"])
def test_non_json_posts_to_jsonrpc_are_not_executed(rpc_server, uid, content_type):
    name = unique_name("csrf")
    payload = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
        "service": "object", "method": "execute_kw",
        "args": [rpc_server.dbname, uid, rpc_server.admin_password, "res.partner", "create", [{"name": name}]]}})
    res = rpc_server.post("/jsonrpc", payload, content_type=content_type)
    assert 400 <= res.status < 500, res
    assert _count(rpc_server, uid, name) == 0


def test_form_encoded_jsonrpc_fields_are_not_executed(rpc_server, uid):
    from urllib.parse import urlencode
    name = unique_name("csrf")
    body = urlencode({"params": json.dumps({"service": "object", "method": "execute_kw", "args": [
        rpc_server.dbname, uid, rpc_server.admin_password, "res.partner", "create", [{"name": name}]]})})
    res = rpc_server.post("/jsonrpc", body, content_type="application/x-www-form-urlencoded")
    assert 400 <= res.status < 500, res
    assert _count(rpc_server, uid, name) == 0


def test_get_on_json_routes_is_refused(rpc_server):
    for path in ("/jsonrpc", "/web/dataset/call_kw", "/xmlrpc/2/object"):
        res = rpc_server.request("GET", path)
        assert 400 <= res.status < 500, (path, res)
        assert not has_traceback(res.text)
