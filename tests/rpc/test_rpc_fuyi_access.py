"""Authorization of the reconsideration addon over RPC (issue 11 items 1, 3, 4, 5, 9), as the roles
that broke it: an agency liaison of agency A (not B), a clerk, a plain "User" and a second clerk.

Agency A's and B's cases are registered by the admin; every attempt goes through odoorpc (JSON-RPC)
and, for the writes, XML-RPC too; each refusal leaves the data as it was.
"""
import io
import json
import os
import sys
import xmlrpc.client

import odoorpc
import pytest

from rpc_support import USER_PASSWORD, make_reconsideration, make_user_on, unique_name

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "web"))
from web_support import WebClient  # noqa: E402

MODEL = "fuyi.reconsideration"


@pytest.fixture(scope="module")
def world(rpc_server):
    admin = rpc_server.odoo()
    Partner = admin.env["res.partner"]
    users = {role: make_user_on(rpc_server, groups=(group,), login=unique_name(role)) for role, group in (
        ("liaison", "fuyi_case.fuyi_case_group_liaison"), ("clerk", "fuyi_case.fuyi_case_group_clerk"),
        ("clerk2", "fuyi_case.fuyi_case_group_clerk"), ("plain", "fuyi_case.fuyi_case_group_user"))}
    agency_a = Partner.create({"name": unique_name("甲局"), "party_kind": "agency",
                               "agency_liaison_user_ids": [(4, users["liaison"]["uid"])]})
    agency_b = Partner.create({"name": unique_name("乙局"), "party_kind": "agency"})
    applicant_a = Partner.create({"name": "申请人甲", "party_kind": "person"})
    applicant_b = Partner.create({"name": "申请人乙", "party_kind": "person", "street": "乙县幸福路1号"})
    # the county's users work in Chinese: refusals must say why in their language
    admin.env["res.users"].write([user["uid"] for user in users.values()], {"lang": "zh_CN"})
    case_a = make_reconsideration(admin, agency_a, applicant_a, "甲局案件")
    case_b = make_reconsideration(admin, agency_b, applicant_b, "乙局案件")
    clients = {role: rpc_server.odoo(login=user["login"], password=user["password"]) for role, user in users.items()}
    return dict(clients, admin=admin, users=users, agency_a=agency_a, agency_b=agency_b, applicant_b=applicant_b,
                a=case_a, b=case_b)


ZH = {"context": {"lang": "zh_CN"}}


def _refused(call, model, method, args):
    """``call`` is a client's execute_kw; the refusal comes in Chinese, the users' language."""
    with pytest.raises(odoorpc.error.RPCError) as info:
        call(model, method, args, ZH)
    return info.value


def _xml_refused(rpc_server, user, model, method, args):
    models = rpc_server.xmlrpc("object")
    with pytest.raises(xmlrpc.client.Fault) as info:
        models.execute_kw(rpc_server.dbname, user["uid"], user["password"], model, method, args, ZH)
    return info.value


def _liaison_case_ids(world):
    return world["liaison"].env[MODEL].search([])


# --- item 1: the liaison's scope rests on data the liaison cannot change ---------------------------
def test_liaison_cannot_widen_their_own_scope(world, rpc_server):
    liaison, uid = world["liaison"], world["users"]["liaison"]["uid"]
    assert world["a"] in _liaison_case_ids(world) and world["b"] not in _liaison_case_ids(world)
    error = _refused(liaison.execute_kw, "res.partner", "write",
                     [[world["agency_b"]], {"agency_liaison_user_ids": [(4, uid)]}])
    assert "联络员" in error.info["data"]["message"]
    _xml_refused(rpc_server, world["users"]["liaison"], "res.partner", "write",
                 [[world["agency_b"]], {"agency_liaison_user_ids": [(4, uid)]}])
    # nor by creating an agency of their own, nor through their user record
    _refused(liaison.execute_kw, "res.partner", "create",
             [{"name": "冒充局", "party_kind": "agency", "agency_liaison_user_ids": [(4, uid)]}])
    _refused(liaison.execute_kw, "res.users", "write", [[uid], {"groups_id": [(4, world["admin"].env.ref(
        "fuyi_case.fuyi_case_group_clerk").id)]}])
    rows = world["admin"].execute_kw("res.partner", "read", [[world["agency_b"]], ["agency_liaison_user_ids"]])
    assert rows[0]["agency_liaison_user_ids"] == []
    assert world["b"] not in _liaison_case_ids(world)


def test_liaison_cannot_change_a_party_of_another_agencys_case(world, rpc_server):
    error = _refused(world["liaison"].execute_kw, "res.partner", "write",
                     [[world["applicant_b"]], {"street": "伪造地址"}])
    assert "当事人" in error.info["data"]["message"]
    _xml_refused(rpc_server, world["users"]["liaison"], "res.partner", "write",
                 [[world["applicant_b"]], {"street": "伪造地址"}])
    _refused(world["liaison"].execute_kw, "res.partner", "unlink", [[world["applicant_b"]]])
    row = world["admin"].execute_kw("res.partner", "read", [[world["applicant_b"]], ["street"]])[0]
    assert row["street"] == "乙县幸福路1号"


# --- item 4: workflow fields change only through their actions -------------------------------------
@pytest.mark.parametrize("vals", [{"state": "decided"}, {"decision_type": "revoke"}, {"name": "县府复〔2025〕9999号"},
                                  {"procedure": "simple"}, {"publication_state": "approved"}])
def test_clerk_cannot_write_workflow_fields(world, rpc_server, vals):
    before = world["admin"].execute_kw(MODEL, "read", [[world["a"]], list(vals)])[0]
    error = _refused(world["clerk"].execute_kw, MODEL, "write", [[world["a"]], vals])
    assert error.info["data"]["name"] == "flectra.exceptions.AccessError"
    assert "不能直接修改" in error.info["data"]["message"]
    fault = _xml_refused(rpc_server, world["users"]["clerk"], MODEL, "write", [[world["a"]], vals])
    assert "不能直接修改" in fault.faultString
    assert world["admin"].execute_kw(MODEL, "read", [[world["a"]], list(vals)])[0] == before


def test_clerk_cannot_register_a_case_in_a_later_state(world):
    count = world["admin"].env[MODEL].search_count([])
    for vals in ({"state": "accepted"}, {"name": "县府复〔2025〕9998号"}, {"decision_type": "revoke"}):
        _refused(world["clerk"].execute_kw, MODEL, "create",
                 [dict(vals, date_received="2025-09-26", agency_id=world["agency_a"])])
    _refused(world["clerk"].execute_kw, "fuyi.case", "create",
             [{"case_type": "reconsideration", "name": "X-1", "date_received": "2025-09-26"}])
    assert world["admin"].env[MODEL].search_count([]) == count


def test_the_actions_still_work_for_the_clerk_and_check_the_role(world):
    clerk = world["clerk"]
    case_id = make_reconsideration(clerk, world["agency_a"], clerk.env["res.partner"].create(
        {"name": "申请人丙", "party_kind": "person"}), "书记员登记")
    clerk.execute_kw(MODEL, "action_accept", [[case_id], "2025-10-09", "ordinary"])
    assert clerk.execute_kw(MODEL, "read", [[case_id], ["state"]])[0]["state"] == "accepted"
    # the routing override is a lead's action: refused for a clerk, whatever the arguments
    error = _refused(clerk.execute_kw, MODEL, "action_override_routing", [[case_id], "simple", "简单"])
    assert error.info["data"]["name"].endswith("UserError")
    assert clerk.execute_kw(MODEL, "read", [[case_id], ["procedure"]])[0]["procedure"] == "ordinary"


# --- item 5: only issuing draws a number -------------------------------------------------------------
def test_clerk_cannot_number_a_draft_nor_burn_a_sequence_number(world, rpc_server):
    admin, clerk = world["admin"], world["clerk"]
    draft = clerk.execute_kw("fuyi.document", "create", [{"case_id": clerk.execute_kw(
        MODEL, "read", [[world["a"]], ["case_id"]])[0]["case_id"][0], "doc_type": "correction_notice"}])
    for vals in ({"number": "县府复补〔2025〕1号"}, {"state": "issued"}, {"number": "X", "state": "issued"}):
        _refused(clerk.execute_kw, "fuyi.document", "write", [[draft], vals])
        _xml_refused(rpc_server, world["users"]["clerk"], "fuyi.document", "write", [[draft], vals])
    row = admin.execute_kw("fuyi.document", "read", [[draft], ["number", "state"]])[0]
    assert (row["number"], row["state"]) == (False, "draft")

    code = "fuyi.document.correction_notice"
    seq_id = admin.env["ir.sequence"].search([("code", "=", code)], limit=1)[0]

    def counters():
        seq = admin.execute_kw("ir.sequence", "read", [[seq_id], ["number_next_actual"]])[0]
        ranges = admin.env["ir.sequence.date_range"].search_read([("sequence_id", "=", seq_id)],
                                                                 ["number_next_actual"])
        return seq["number_next_actual"], sorted((r["id"], r["number_next_actual"]) for r in ranges)
    before = counters()
    for role in ("clerk", "liaison", "plain"):
        _refused(world[role].execute_kw, "ir.sequence", "next_by_code", [code])
        _refused(world[role].execute_kw, "ir.sequence", "next_by_id", [[seq_id]])
        _xml_refused(rpc_server, world["users"][role], "ir.sequence", "next_by_code", [code])
    assert counters() == before


# --- items 3 and 9: models without liaison rules; the plain User role --------------------------------
def test_plain_user_role_sees_no_case_data(world):
    plain = world["plain"]
    for model in ("fuyi.case", MODEL, "fuyi.deadline", "fuyi.case.party", "fuyi.service", "fuyi.document",
                  "fuyi.deadline.reminder", "fuyi.service.delivery"):
        assert world["admin"].env[model].search_count([]) >= (2 if model in ("fuyi.case", MODEL) else 0)
        assert plain.env[model].search_count([]) == 0, model
        assert plain.execute_kw(model, "read_group", [[], ["id"], []], {"lazy": False})[0]["__count"] == 0, model


def test_liaison_sees_deadlines_reminders_and_deliveries_of_own_agency_only(world):
    admin, liaison = world["admin"], world["liaison"]
    fuyi_case = {key: admin.execute_kw(MODEL, "read", [[world[key]], ["case_id"]])[0]["case_id"][0]
                 for key in ("a", "b")}
    for key in ("a", "b"):
        service = admin.env["fuyi.service"].create({"case_id": fuyi_case[key], "kind": "other",
                                                    "recipient_id": world["agency_" + key],
                                                    "sent_date": "2025-10-13", "document_name": "通知书"})
        admin.env["fuyi.service.delivery"].create({"service_id": service, "case_id": fuyi_case[key],
                                                   "channel": "sms"})
        deadline = admin.env["fuyi.deadline"].search([("case_id", "=", fuyi_case[key])], limit=1)[0]
        admin.env["fuyi.deadline.reminder"].create({"deadline_id": deadline, "user_id": world["users"]["liaison"]["uid"],
                                                    "channel": "activity", "stage": 3, "sent_date": "2025-10-01"})
    for model, path in (("fuyi.deadline", "case_id"), ("fuyi.service.delivery", "case_id"),
                        ("fuyi.deadline.reminder", "deadline_id.case_id")):
        seen = liaison.env[model].search_read([], ["id"])
        cases = {row["id"] for row in admin.env[model].search_read([("id", "in", [r["id"] for r in seen])], ["id"])}
        assert cases and len(cases) == len(seen)
        assert admin.env[model].search_count([("id", "in", list(cases)), (path, "=", fuyi_case["b"])]) == 0, model
        assert admin.env[model].search_count([("id", "in", list(cases)), (path, "=", fuyi_case["a"])]) >= 1, model
        assert admin.env[model].search_count([(path, "=", fuyi_case["b"])]) >= 1, model


def test_statistics_lines_are_their_authors_only(world):
    clerk, clerk2 = world["clerk"], world["clerk2"]
    report = clerk.env["fuyi.statistics.report"].create({"date_from": "2025-01-01", "date_to": "2025-12-31"})
    lines = clerk.env["fuyi.statistics.report.line"].search([("report_id", "=", report)])
    assert lines, "the report has figures"
    assert clerk2.env["fuyi.statistics.report.line"].search_count([("id", "in", lines)]) == 0
    assert clerk2.env["fuyi.statistics.report"].search_count([("id", "=", report)]) == 0
    _refused(clerk2.execute_kw, "fuyi.statistics.report.line", "read", [lines[:1], ["report_id"]])


def test_liaison_export_names_no_draft_of_their_case(world, rpc_server):
    admin = world["admin"]
    fuyi_case = admin.execute_kw(MODEL, "read", [[world["a"]], ["case_id"]])[0]["case_id"][0]
    admin.env["fuyi.document"].create({"case_id": fuyi_case, "doc_type": "correction_notice"})
    draft_names = [row["name"] for row in admin.env["fuyi.document"].search_read(
        [("case_id", "=", fuyi_case), ("state", "=", "draft")], ["name"])]
    assert draft_names
    client = WebClient(rpc_server)
    user = world["users"]["liaison"]
    assert client.login(user["login"], USER_PASSWORD).status == 303
    payload = {"model": "fuyi.case", "ids": [fuyi_case], "fields": [{"name": "name"}, {"name": "document_ids"}]}
    res = client.post_form("/web/export/xlsx", {"data": json.dumps(payload), "csrf_token": client.csrf_token()})
    assert res.status == 200, res
    import openpyxl
    sheet = openpyxl.load_workbook(io.BytesIO(res.body)).active
    cells = " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell)
    assert not any(name in cells for name in draft_names), cells
    read = world["liaison"].execute_kw("fuyi.case", "read", [[fuyi_case], ["document_ids"]])[0]["document_ids"]
    assert read == []


# --- item 9: document_ids names no draft the reader cannot read, on the case and the reconsideration ---
@pytest.fixture(scope="module")
def documents(world):
    """A case of agency A with an issued acceptance notice and a draft correction notice."""
    admin = world["admin"]
    case_id = make_reconsideration(admin, world["agency_a"], admin.env["res.partner"].create(
        {"name": "申请人丁", "party_kind": "person"}), "甲局文书案件")
    fuyi_case = admin.execute_kw(MODEL, "read", [[case_id], ["case_id"]])[0]["case_id"][0]
    draft = admin.env["fuyi.document"].create({"case_id": fuyi_case, "doc_type": "correction_notice"})
    issued = admin.env["fuyi.document"].create({"case_id": fuyi_case, "doc_type": "acceptance_notice"})
    admin.execute_kw(MODEL, "action_accept", [[case_id], "2025-10-09", "ordinary"])
    admin.execute_kw("fuyi.document", "action_issue", [[issued]], {"date": "2025-10-09"})
    names = {row["id"]: row["name"] for row in admin.env["fuyi.document"].search_read(
        [("id", "in", [draft, issued])], ["name", "state"])}
    assert admin.execute_kw("fuyi.document", "read", [[issued, draft], ["state"]]) == [
        {"id": issued, "state": "issued"}, {"id": draft, "state": "draft"}]
    return dict(reconsideration=case_id, case=fuyi_case, draft=draft, issued=issued,
                draft_name=names[draft], issued_name=names[issued])


@pytest.mark.parametrize("model", ["fuyi.case", MODEL])
def test_liaison_reads_document_ids_without_drafts(world, documents, rpc_server, model):
    """read, search_read (JSON-RPC) and read (XML-RPC); the reconsideration's document_ids is its
    case's, delegated (_inherits): read as the liaison too, not as the superuser."""
    record = documents["case" if model == "fuyi.case" else "reconsideration"]
    liaison, user = world["liaison"], world["users"]["liaison"]
    assert liaison.execute_kw(model, "read", [[record], ["document_ids"]])[0]["document_ids"] == [documents["issued"]]
    rows = liaison.execute_kw(model, "search_read", [[("id", "=", record)], ["name", "document_ids"]])
    assert [row["document_ids"] for row in rows] == [[documents["issued"]]]
    models = rpc_server.xmlrpc("object")
    [row] = models.execute_kw(rpc_server.dbname, user["uid"], user["password"], model, "read",
                              [[record], ["document_ids"]])
    assert row["document_ids"] == [documents["issued"]]
    # staff read the draft too; so does the admin: the filter is the reader's rules, not a fixed one
    for role in ("clerk", "admin"):
        ids = world[role].execute_kw(model, "read", [[record], ["document_ids"]])[0]["document_ids"]
        assert sorted(ids) == sorted([documents["draft"], documents["issued"]]), role


@pytest.mark.parametrize("model", ["fuyi.case", MODEL])
def test_liaison_export_data_names_no_draft(world, documents, rpc_server, model):
    """export_data over JSON-RPC and XML-RPC: the names in one cell, and the documents' own
    columns (one row per document)."""
    record = documents["case" if model == "fuyi.case" else "reconsideration"]
    liaison, user = world["liaison"], world["users"]["liaison"]
    datas = liaison.execute_kw(model, "export_data", [[record], ["name", "document_ids"]])["datas"]
    assert len(datas) == 1 and datas[0][1] == documents["issued_name"]
    datas = liaison.execute_kw(model, "export_data", [[record], ["document_ids/name", "document_ids/.id"]])["datas"]
    assert datas == [[documents["issued_name"], documents["issued"]]]
    models = rpc_server.xmlrpc("object")
    result = models.execute_kw(rpc_server.dbname, user["uid"], user["password"], model, "export_data",
                               [[record], ["document_ids/name"]])
    assert result["datas"] == [[documents["issued_name"]]]
    # a clerk's export has both documents, on two rows
    datas = world["clerk"].execute_kw(model, "export_data", [[record], ["document_ids/.id"]])["datas"]
    assert sorted(row[0] for row in datas) == sorted([documents["draft"], documents["issued"]])
    # and another agency's case is refused, not exported
    _refused(liaison.execute_kw, model, "export_data", [[world["b"] if model == MODEL else admin_case_of(world, "b")],
                                                        ["name"]])


def admin_case_of(world, key):
    return world["admin"].execute_kw(MODEL, "read", [[world[key]], ["case_id"]])[0]["case_id"][0]


@pytest.mark.parametrize("model", ["fuyi.case", MODEL])
def test_liaison_export_of_document_ids_names_the_issued_document_only(world, documents, rpc_server, model):
    import openpyxl
    record = documents["case" if model == "fuyi.case" else "reconsideration"]

    def cells(role):
        client = WebClient(rpc_server)
        user = world["users"][role]
        assert client.login(user["login"], USER_PASSWORD).status == 303
        payload = {"model": model, "ids": [record], "fields": [{"name": "name"}, {"name": "document_ids"}]}
        res = client.post_form("/web/export/xlsx", {"data": json.dumps(payload), "csrf_token": client.csrf_token()})
        assert res.status == 200, res
        sheet = openpyxl.load_workbook(io.BytesIO(res.body)).active
        return " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell)
    liaison_cells = cells("liaison")
    assert documents["issued_name"] in liaison_cells and documents["draft_name"] not in liaison_cells
    clerk_cells = cells("clerk")
    assert documents["issued_name"] in clerk_cells and documents["draft_name"] in clerk_cells
