"""The JSON and file routes of the web client on a served instance: menus, actions, views,
onchange, the stale-edit check (DB-4), uploads/downloads (WEB-4) and the xlsx export (PII-2)."""
import io
import json
import time

import openpyxl
import pytest

from web_support import WebClient

XSS_NAME = "<img src=x onerror=alert(1)>.html"


def _client(server, user):
    client = WebClient(server)
    res = client.login(user["login"], user["password"])
    assert res.status == 303, res
    return client


@pytest.fixture(scope="module")
def clerk(web_server, web_users):
    return web_users["clerk"]


# --- menus and actions ---

def _menus(client):
    data = client.json("/web/webclient/load_menus", {})
    assert "result" in data, data
    return data["result"]


def test_load_menus_shape_and_translation(admin_client):
    menus = _menus(admin_client)
    root = menus["root"]
    assert root["id"] == "root" and root["children"]
    by_xmlid = {m["xmlid"]: m for key, m in menus.items() if key != "root"}
    top = by_xmlid["fuyi_case.fuyi_case_menu_root"]
    assert top["parent_id"] is False and str(top["id"]) in menus
    cases = by_xmlid["fuyi_case.fuyi_reconsideration_menu"]
    assert cases["name"] == "案件"
    assert cases["parent_id"][0] == top["id"]
    assert cases["action"].startswith("ir.actions.act_window,")
    assert cases["id"] in top["children"]
    sequences = [menus[str(i)]["sequence"] for i in top["children"]]
    assert sequences == sorted(sequences)


def test_menus_are_filtered_by_group(web_server, web_users, admin_client):
    admin_xmlids = {m["xmlid"] for k, m in _menus(admin_client).items() if k != "root"}
    assert "fuyi_case.fuyi_case_config_menu" in admin_xmlids
    clerk_xmlids = {m["xmlid"] for k, m in _menus(_client(web_server, web_users["clerk"])).items() if k != "root"}
    assert "fuyi_case.fuyi_reconsideration_menu" in clerk_xmlids
    assert "fuyi_case.fuyi_case_config_menu" not in clerk_xmlids
    internal = {m["xmlid"] for k, m in _menus(_client(web_server, web_users["internal"])).items() if k != "root"}
    assert not any(x.startswith("fuyi_case.") for x in internal)


def test_action_load_by_xmlid_and_id(admin_client):
    by_xmlid = admin_client.json("/web/action/load", {"action_id": "fuyi_case.fuyi_reconsideration_action"})["result"]
    assert by_xmlid["type"] == "ir.actions.act_window" and by_xmlid["res_model"] == "fuyi.reconsideration"
    assert by_xmlid["name"] == "行政复议案件"
    modes = [mode for _vid, mode in by_xmlid["views"]]
    assert modes[0] == "list" and "form" in modes and "tree" not in modes      # tree is reported as list
    assert by_xmlid["view_mode"] == ",".join(modes) and by_xmlid["target"] == "current"
    assert isinstance(by_xmlid["context"], str) and "search_default_open" in by_xmlid["context"]
    assert by_xmlid["search_view_id"] is False or len(by_xmlid["search_view_id"]) == 2
    assert by_xmlid["xml_id"] == "fuyi_case.fuyi_reconsideration_action"
    by_id = admin_client.json("/web/action/load", {"action_id": by_xmlid["id"]})["result"]
    assert by_id["res_model"] == "fuyi.reconsideration" and by_id["id"] == by_xmlid["id"]
    by_ref = admin_client.json("/web/action/load", {"action_id": "ir.actions.act_window,%d" % by_xmlid["id"]})
    assert by_ref["result"]["id"] == by_xmlid["id"]
    missing = admin_client.json("/web/action/load", {"action_id": 999999})
    assert missing["error"]["data"]["name"] == "flectra.exceptions.UserError"
    assert "不存在" in missing["error"]["data"]["message"]


def test_json_routes_need_a_session(web_client):
    data = web_client.json("/web/webclient/load_menus", {})
    assert data["error"]["code"] == 100


# --- views over RPC ---

def test_get_views_as_a_clerk_and_as_a_plain_user(web_server, web_users):
    for who, sees_full_id in (("clerk", True), ("user", False)):
        client = _client(web_server, web_users[who])
        ctx = {"lang": "zh_CN"}
        res = client.call_kw("res.partner", "get_views", [],
                             {"views": [[False, "list"], [False, "form"], [False, "search"]],
                              "options": {"toolbar": True, "load_filters": False}, "context": ctx})
        assert set(res["views"]) == {"list", "form", "search"}
        form = res["views"]["form"]["arch"]
        assert ('name="id_number"' in form) is sees_full_id
        assert ('id_number' in res["models"]["res.partner"]) is sees_full_id
        assert set(res["views"]["form"]["toolbar"]) == {"action", "print"}


def test_get_views_translated_for_the_user(admin_client):
    res = admin_client.call_kw("fuyi.reconsideration", "get_views", [],
                               {"views": [[False, "form"]], "context": {"lang": "zh_CN"}})
    arch = res["views"]["form"]["arch"]
    assert 'string="受理"' in arch and 'string="Accept"' not in arch
    assert "fz-modifiers" in arch


def test_onchange_over_rpc(admin_client):
    partner_id = admin_client.call_kw("res.partner", "create",
                                      [{"name": "RPC onchange", "email": "rpc.oc@example.com"}])
    res = admin_client.call_kw("test.orm.order", "onchange",
                               [[], {"name": "x", "partner_id": partner_id, "note": False}, "partner_id",
                                {"name": "1", "partner_id": "1", "note": ""}])
    assert res["value"]["note"] == "Contact: rpc.oc@example.com"


# --- stale edit (DB-4) ---

def test_stale_write_is_refused(web_server, web_users, admin_client):
    partner_id = admin_client.call_kw("res.partner", "create", [{"name": "Stale edit"}])
    first = _client(web_server, web_users["clerk"])
    second = _client(web_server, web_users["clerk"])
    stamp = first.call_kw("res.partner", "read", [[partner_id], ["write_date"]])[0]["write_date"]
    second_stamp = second.call_kw("res.partner", "read", [[partner_id], ["write_date"]])[0]["write_date"]
    assert stamp == second_stamp
    time.sleep(1.1)    # write_date has second precision
    assert first.call_kw("res.partner", "write", [[partner_id], {"name": "First save"}],
                         {"context": {"fz_check_write_date": stamp}}) is True
    data = second.call_kw_raw("res.partner", "write", [[partner_id], {"name": "Second save"}],
                              {"context": {"fz_check_write_date": second_stamp}})
    assert data["error"]["data"]["name"] == "flectra.exceptions.UserError"
    assert "他人" in data["error"]["data"]["message"]
    assert admin_client.call_kw("res.partner", "read", [[partner_id], ["name"]])[0]["name"] == "First save"
    # without the check, a write behaves as Flectra's (last one wins)
    assert second.call_kw("res.partner", "write", [[partner_id], {"name": "Forced"}]) is True


# --- files (WEB-4) ---

def test_upload_and_download_an_xss_file_name(admin_client):
    partner_id = admin_client.call_kw("res.partner", "create", [{"name": "Upload target"}])
    token = admin_client.csrf_token()
    payload = b"<html><script>alert(1)</script></html>"
    res = admin_client.post_multipart("/web/binary/upload_attachment",
                                      {"csrf_token": token, "model": "res.partner", "id": partner_id},
                                      [("ufile", XSS_NAME, payload, "text/html"),
                                       ("ufile", "扫描件.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, "image/png")])
    assert res.status == 200 and res.header("Content-Type").startswith("application/json")
    files = res.json
    assert [f["name"] for f in files] == [XSS_NAME, "扫描件.png"]
    assert files[0]["file_size"] == len(payload)
    stored = admin_client.call_kw("ir.attachment", "search_read",
                                  [[("res_model", "=", "res.partner"), ("res_id", "=", partner_id)], ["name"]])
    assert sorted(a["name"] for a in stored) == sorted([XSS_NAME, "扫描件.png"])

    download = admin_client.get("/web/content/%d" % files[0]["id"])
    assert download.status == 200 and download.body == payload
    disposition = download.header("Content-Disposition")
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E.html" in disposition
    assert "<" not in disposition
    assert download.header("X-Content-Type-Options") == "nosniff"
    assert not download.header("Content-Type").startswith("text/html")
    assert "sandbox" in download.header("Content-Security-Policy")

    image = admin_client.get("/web/content/%d" % files[1]["id"])
    assert image.header("Content-Type") == "image/png"
    assert image.header("Content-Disposition").startswith("inline;")
    assert "filename*=UTF-8''%E6%89%AB%E6%8F%8F%E4%BB%B6.png" in image.header("Content-Disposition")
    forced = admin_client.get("/web/content/%d?download=true" % files[1]["id"])
    assert forced.header("Content-Disposition").startswith("attachment;")


def test_download_needs_access(web_server, web_users, admin_client):
    order_id = admin_client.call_kw("test.orm.order", "create", [{"name": "Private file"}])
    att_id = admin_client.call_kw("ir.attachment", "create", [{"name": "secret.txt", "datas": "c2VjcmV0",
                                                               "res_model": "test.orm.order", "res_id": order_id}])
    assert admin_client.get("/web/content/%d" % att_id).body == b"secret"
    anonymous = WebClient(web_server)
    res = anonymous.get("/web/content/%d" % att_id)
    assert res.status == 303 and res.header("Location").startswith("/web/login?redirect=")
    internal = _client(web_server, web_users["internal"])
    res = internal.get("/web/content/%d" % att_id)
    assert res.status == 404 and b"secret" not in res.body


def test_download_of_a_missing_file_says_so(web_server, admin_client):
    import os
    order_id = admin_client.call_kw("test.orm.order", "create", [{"name": "Lost file"}])
    att_id = admin_client.call_kw("ir.attachment", "create", [{"name": "lost.txt", "raw": "lost %s" % order_id,
                                                               "res_model": "test.orm.order", "res_id": order_id}])
    fname = admin_client.call_kw("ir.attachment", "read", [[att_id], ["store_fname"]])[0]["store_fname"]
    # the filestore is keyed by the database's identity, not its name (issue 18 item 6)
    ident = admin_client.call_kw("ir.config_parameter", "get_param", ["database.uuid"])
    os.unlink(os.path.join(web_server.data_dir, "filestore", ident, fname))
    res = admin_client.get("/web/content/%d?download=true" % att_id)
    assert res.status == 404
    text = res.body.decode()
    assert "在文件存储中缺失" in text and fname in text and "Traceback" not in text
    assert "is missing from the filestore" in web_server.log_tail()   # the operator is told too
    assert admin_client.get("/web/content/99999999999").status == 404   # beyond the id column's range


def test_upload_to_a_record_the_user_cannot_write(web_server, web_users, admin_client):
    view_id = admin_client.call_kw("ir.ui.view", "search", [[("model", "=", "res.partner")]], {"limit": 1})[0]
    client = _client(web_server, web_users["internal"])
    res = client.post_multipart("/web/binary/upload_attachment",
                                {"csrf_token": client.csrf_token(), "model": "ir.ui.view", "id": view_id},
                                [("ufile", "x.txt", b"x", "text/plain")])
    assert res.status == 200 and "error" in res.json


# --- export (PII-2) ---

ID_NUMBER = "11010519491231002X"


def _export(client, model, fields, ids=False, domain=None):
    data = {"model": model, "fields": fields, "ids": ids, "domain": domain or [], "context": {"lang": "zh_CN"}}
    res = client.post_form("/web/export/xlsx", {"csrf_token": client.csrf_token(), "data": json.dumps(data)})
    assert res.status == 200, res
    assert res.header("Content-Type") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert res.header("Content-Disposition").startswith("attachment;")
    sheet = openpyxl.load_workbook(io.BytesIO(res.body)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_export_formats_values_and_keeps_ids_masked(web_server, web_users, admin_client):
    clerk = _client(web_server, web_users["clerk"])
    partner_id = clerk.call_kw("res.partner", "create", [{"name": "导出测试人", "party_kind": "person",
                                                          "id_number": ID_NUMBER, "phone": "=1+2"}])
    columns = [{"name": "name", "label": "名称"}, {"name": "party_kind", "label": "类型"},
               {"name": "id_number", "label": "身份证号"},
               {"name": "id_number_masked", "label": "身份证号（脱敏）"},
               {"name": "phone", "label": "电话"}, {"name": "active", "label": "有效"}]
    rows = _export(clerk, "res.partner", columns, ids=[partner_id])
    assert rows[0] == ["名称", "类型", "身份证号", "身份证号（脱敏）", "电话", "有效"]
    name, kind, full, masked, phone, active = rows[1]
    assert name == "导出测试人" and full == ID_NUMBER and masked != ID_NUMBER and masked
    assert kind not in ("person", "", None)           # the selection label, not the key
    assert phone == "=1+2" and active == "是"          # text stays text, never a formula
    user = _client(web_server, web_users["user"])
    rows = _export(user, "res.partner", columns, ids=[partner_id])
    assert "身份证号" not in rows[0] and "身份证号（脱敏）" in rows[0]
    flat = [str(v) for row in rows for v in row]
    assert ID_NUMBER not in flat and masked in flat


def test_export_by_domain_with_many2one_names(admin_client):
    rows = _export(admin_client, "res.users", [{"name": "login", "label": "登录"},
                                               {"name": "partner_id", "label": "联系人"}],
                   domain=[("login", "=", "admin")])
    assert rows[1][0] == "admin" and isinstance(rows[1][1], str) and rows[1][1]
