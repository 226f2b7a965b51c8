"""XML-RPC with xmlrpc.client (rpc-protocol.md §8; checklist §10.4, §10.8)."""
import base64
import xmlrpc.client

import pytest

from rpc_support import has_traceback, unique_name

BINARY = bytes(range(256)) * 3 + b"\x00\xff end"


@pytest.fixture(scope="module")
def ctx(rpc_server):
    common = rpc_server.xmlrpc("common")
    uid = common.authenticate(rpc_server.dbname, "admin", rpc_server.admin_password, {})
    assert isinstance(uid, int) and uid
    models = rpc_server.xmlrpc("object")

    def call(model, method, args, kwargs=None):
        return models.execute_kw(rpc_server.dbname, uid, rpc_server.admin_password, model, method, args,
                                 kwargs or {})
    return {"uid": uid, "models": models, "call": call, "db": rpc_server.dbname,
            "pw": rpc_server.admin_password}


def test_search_read_round_trip(ctx):
    call = ctx["call"]
    rows = call("test.orm.order", "search_read", [[["state", "in", ["draft", "review"]]]],
                {"fields": ["name"], "limit": 1})
    assert isinstance(rows, list) and len(rows) == 1
    assert set(rows[0]) == {"id", "name"}
    assert isinstance(rows[0]["id"], int) and isinstance(rows[0]["name"], str)


def test_execute_positional(ctx, rpc_server):
    n = ctx["models"].execute(ctx["db"], ctx["uid"], ctx["pw"], "test.orm.tag", "search_count", [])
    assert isinstance(n, int) and n >= 2


def test_dates_datetimes_binaries_round_trip(ctx):
    call = ctx["call"]
    encoded = base64.b64encode(BINARY).decode("ascii")
    sid = call("test.orm.scalar", "create", [{
        "date_field": "2026-03-04",
        "datetime_field": "2026-03-04 05:06:07",
        "binary_field": encoded,
        "binary_attachment": encoded,
        "char_field": "汉字 and ascii",
        "float_field": 12.5,
        "bool_field": True,
        "selection_field": "b",
    }])
    assert isinstance(sid, int)
    row = call("test.orm.scalar", "read", [[sid], ["date_field", "datetime_field", "binary_field",
                                                   "binary_attachment", "char_field", "float_field",
                                                   "bool_field", "selection_field", "int_field", "tag_id"]])[0]
    # dates and datetimes travel as strings, never as <dateTime.iso8601>
    assert row["date_field"] == "2026-03-04"
    assert row["datetime_field"] == "2026-03-04 05:06:07"
    # binaries: base64 text in a <string>, not an xmlrpc Binary
    assert isinstance(row["binary_field"], str), type(row["binary_field"])
    assert base64.b64decode(row["binary_field"]) == BINARY
    assert isinstance(row["binary_attachment"], str)
    assert base64.b64decode(row["binary_attachment"]) == BINARY
    assert row["char_field"] == "汉字 and ascii"
    assert row["float_field"] == 12.5 and row["bool_field"] is True
    assert row["selection_field"] == "b"
    assert row["int_field"] == 0 and row["tag_id"] is False
    # search on them
    assert call("test.orm.scalar", "search", [[["datetime_field", "=", "2026-03-04 05:06:07"],
                                               ["id", "=", sid]]]) == [sid]
    assert call("test.orm.scalar", "search", [[["date_field", ">=", "2026-03-04"], ["id", "=", sid]]]) == [sid]


def test_nested_x2many_commands(ctx):
    call = ctx["call"]
    red = call("ir.model.data", "check_object_reference", ["test_orm_a", "tag_red"])[1]
    blue = call("ir.model.data", "check_object_reference", ["test_orm_a", "tag_blue"])[1]
    name = unique_name("nested")
    oid = call("test.orm.order", "create", [{
        "name": name,
        "tag_ids": [[6, 0, [red, blue]]],
        "line_ids": [[0, 0, {"label": "l1", "amount": 10.0}],
                     [0, 0, {"label": "l2", "amount": 20.0}],
                     [0, 0, {"label": "l3", "amount": 30.0}]],
    }])
    order = call("test.orm.order", "read", [[oid], ["line_ids", "tag_ids", "total"]])[0]
    assert sorted(order["tag_ids"]) == sorted([red, blue])
    assert order["total"] == 60.0
    lines = {r["label"]: r["id"] for r in call("test.orm.line", "read", [order["line_ids"], ["label"]])}
    assert set(lines) == {"l1", "l2", "l3"}
    assert call("test.orm.order", "write", [[oid], {
        "line_ids": [[1, lines["l1"], {"amount": 15.0}],
                     [2, lines["l2"], 0],
                     [0, 0, {"label": "l4", "amount": 1.0}]],
        "tag_ids": [[3, red]],
    }]) is True
    order = call("test.orm.order", "read", [[oid], ["line_ids", "tag_ids", "total"]])[0]
    assert order["tag_ids"] == [blue]
    labels = sorted(r["label"] for r in call("test.orm.line", "read", [order["line_ids"], ["label"]]))
    assert labels == ["l1", "l3", "l4"]
    assert order["total"] == 46.0
    assert call("test.orm.line", "search_count", [[["id", "=", lines["l2"]]]]) == 0


def test_none_result_is_fault_1(ctx):
    call = ctx["call"]
    some = call("test.orm.order", "search", [[]], {"limit": 1})
    with pytest.raises(xmlrpc.client.Fault) as info:
        call("test.orm.order", "check_access_rule", [some, "read"])
    assert info.value.faultCode == 1
    assert not has_traceback(info.value.faultString)


def test_control_characters_are_removed_from_strings(ctx, rpc_server):
    call = ctx["call"]
    name = unique_name("ctl")
    tid = rpc_server.execute_kw(ctx["uid"], "test.orm.tag", "create", [{"name": name + "\x01\x02\tA\nB\x1fC"}])
    assert "result" in tid, tid
    row = call("test.orm.tag", "read", [[tid["result"]], ["name"]])[0]
    assert row["name"] == name + "\tA\nBC"


def test_faults_are_http_200_text_xml(rpc_server, ctx):
    body = xmlrpc.client.dumps((ctx["db"], ctx["uid"], ctx["pw"], "x.no.such.model", "search", [[]], {}),
                               methodname="execute_kw")
    res = rpc_server.post("/xmlrpc/2/object", body, content_type="text/xml")
    assert res.status == 200
    assert "xml" in (res.header("Content-Type") or "")
    with pytest.raises(xmlrpc.client.Fault) as info:
        xmlrpc.client.loads(res.body)
    assert info.value.faultCode == 2


def test_result_response_is_a_method_response(rpc_server, ctx):
    body = xmlrpc.client.dumps((), methodname="version")
    res = rpc_server.post("/xmlrpc/2/common", body, content_type="text/xml")
    assert res.status == 200
    (result,), method = xmlrpc.client.loads(res.body)
    assert method is None
    assert result["protocol_version"] == 1


def test_legacy_object_endpoint_round_trip_and_string_faults(rpc_server, ctx):
    legacy = rpc_server.xmlrpc("object", legacy=True)
    n = legacy.execute_kw(ctx["db"], ctx["uid"], ctx["pw"], "test.orm.tag", "search_count", [[]])
    assert isinstance(n, int) and n >= 2
    with pytest.raises(xmlrpc.client.Fault) as info:
        legacy.execute_kw(ctx["db"], ctx["uid"], ctx["pw"], "x.no.such.model", "search", [[]])
    assert info.value.faultCode == "warning -- UserError\n\nObject x.no.such.model doesn't exist"
    assert info.value.faultString == ""


def test_unknown_xmlrpc_service_is_refused(rpc_server):
    proxy = xmlrpc.client.ServerProxy(rpc_server.url + "/xmlrpc/2/nosuchservice")
    with pytest.raises((xmlrpc.client.Fault, xmlrpc.client.ProtocolError)) as info:
        proxy.version()
    if isinstance(info.value, xmlrpc.client.ProtocolError):
        assert 400 <= info.value.errcode < 500
    else:
        assert not has_traceback(info.value.faultString)
