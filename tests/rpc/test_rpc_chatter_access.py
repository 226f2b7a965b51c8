"""Chatter is checked against its document (issue 11 item 2), over odoorpc as the roles that broke
it: an agency liaison (sees agency A's cases, not agency B's), a read-only auditor and a clerk.

Messages, tracking values, activities and followers of agency B's case are invisible to A's
liaison by every path (search_read, read, read_group, search_count, export) and cannot be written,
injected or followed; posting needs write access to the case; the author is always the caller.
"""
import json
import os
import sys

import odoorpc
import pytest

from rpc_support import make_reconsideration, make_user_on, unique_name

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "web"))
from web_support import WebClient  # noqa: E402

MODEL = "fuyi.reconsideration"


@pytest.fixture(scope="module")
def world(rpc_server):
    admin = rpc_server.odoo()
    Partner = admin.env["res.partner"]
    liaison = make_user_on(rpc_server, groups=("fuyi_case.fuyi_case_group_liaison",), login=unique_name("liaison"))
    auditor = make_user_on(rpc_server, groups=("fuyi_case.fuyi_case_group_auditor",), login=unique_name("auditor"))
    clerk = make_user_on(rpc_server, groups=("fuyi_case.fuyi_case_group_clerk",), login=unique_name("clerk"))
    agency_a = Partner.create({"name": unique_name("甲局"), "party_kind": "agency",
                               "agency_liaison_user_ids": [(4, liaison["uid"])]})
    agency_b = Partner.create({"name": unique_name("乙局"), "party_kind": "agency"})
    applicant = Partner.create({"name": "申请人甲", "party_kind": "person"})
    case_a = make_reconsideration(admin, agency_a, applicant, "甲局案件")
    case_b = make_reconsideration(admin, agency_b, applicant, "乙局案件")
    for case_id in (case_a, case_b):
        admin.env[MODEL].browse(case_id).message_post(body="内部意见 %s" % case_id, message_type="comment")
        admin.env[MODEL].write([case_id], {"correction_items": "补正事项 %s" % case_id})   # a tracked change
        admin.env["mail.activity"].create({"res_model": MODEL, "res_id": case_id, "user_id": admin.env.uid,
                                           "summary": "核对材料 %s" % case_id})
    messages = {case_id: admin.env["mail.message"].search([("model", "=", MODEL), ("res_id", "=", case_id)])
                for case_id in (case_a, case_b)}
    return {"admin": admin, "a": case_a, "b": case_b, "messages": messages,
            "liaison": rpc_server.odoo(login=liaison["login"], password=liaison["password"]),
            "auditor": rpc_server.odoo(login=auditor["login"], password=auditor["password"]),
            "clerk": rpc_server.odoo(login=clerk["login"], password=clerk["password"]),
            "clerk_uid": clerk["uid"], "liaison_login": liaison}


def _refused(call, *args, **kwargs):
    with pytest.raises(odoorpc.error.RPCError) as info:
        call(*args, **kwargs)
    assert info.value.info["data"]["name"] == "flectra.exceptions.AccessError", info.value.info
    return info.value.info["data"]["message"]


def test_liaison_reads_no_chatter_of_another_agency(world):
    liaison, a, b = world["liaison"], world["a"], world["b"]
    Message = liaison.env["mail.message"]
    assert world["messages"][a] and world["messages"][b]        # both cases have chatter (as admin)
    assert Message.search([("model", "=", MODEL), ("res_id", "=", b)]) == []
    assert sorted(Message.search([("model", "=", MODEL), ("res_id", "=", a)])) == sorted(world["messages"][a])
    seen = {row["res_id"] for row in Message.search_read([("model", "=", MODEL)], ["res_id"])}
    assert b not in seen and a in seen
    assert Message.search_count([("model", "=", MODEL), ("res_id", "in", [a, b])]) == len(world["messages"][a])
    groups = liaison.execute_kw("mail.message", "read_group", [[("model", "=", MODEL)], ["res_id"], ["res_id"]])
    assert b not in {group["res_id"] for group in groups}
    foreign = world["messages"][b][0]
    _refused(liaison.execute_kw, "mail.message", "read", [[foreign], ["body"]])
    names = liaison.execute_kw("mail.message", "name_search", ["乙局"])
    assert foreign not in [pair[0] for pair in names]


def test_liaison_cannot_rewrite_or_inject_chatter(world):
    liaison, admin, b = world["liaison"], world["admin"], world["b"]
    foreign = world["messages"][b][0]
    before = admin.execute_kw("mail.message", "read", [[foreign], ["body"]])[0]["body"]
    _refused(liaison.execute_kw, "mail.message", "write", [[foreign], {"body": "<p>改写</p>"}])
    assert admin.execute_kw("mail.message", "read", [[foreign], ["body"]])[0]["body"] == before
    _refused(liaison.execute_kw, "mail.message", "create",
             [{"model": MODEL, "res_id": b, "body": "<p>伪造</p>", "message_type": "comment"}])
    assert sorted(admin.env["mail.message"].search([("model", "=", MODEL), ("res_id", "=", b)])) == \
        sorted(world["messages"][b])


def test_liaison_sees_no_tracking_or_activity_of_another_agency(world):
    liaison, admin, a, b = world["liaison"], world["admin"], world["a"], world["b"]
    foreign_tracking = admin.env["mail.tracking.value"].search([("mail_message_id", "in", world["messages"][b])])
    own_tracking = admin.env["mail.tracking.value"].search([("mail_message_id", "in", world["messages"][a])])
    assert foreign_tracking and own_tracking
    Tracking = liaison.env["mail.tracking.value"]
    assert Tracking.search([("id", "in", foreign_tracking)]) == []
    assert sorted(Tracking.search([("id", "in", own_tracking)])) == sorted(own_tracking)
    _refused(liaison.execute_kw, "mail.tracking.value", "read", [foreign_tracking, ["new_value_text"]])
    Activity = liaison.env["mail.activity"]
    assert Activity.search_read([("res_model", "=", MODEL), ("res_id", "=", b)], ["summary"]) == []
    assert [row["res_id"] for row in Activity.search_read([("res_model", "=", MODEL), ("res_id", "in", [a, b])],
                                                         ["res_id"])] == [a]


def test_liaison_cannot_follow_another_agencys_case(world, rpc_server):
    liaison, admin, b = world["liaison"], world["admin"], world["b"]
    partner_id = liaison.env.user.partner_id.id
    _refused(liaison.execute_kw, "mail.followers", "create",
             [{"res_model": MODEL, "res_id": b, "partner_id": partner_id}])
    assert admin.env["mail.followers"].search([("res_model", "=", MODEL), ("res_id", "=", b),
                                               ("partner_id", "=", partner_id)]) == []
    assert liaison.env["mail.followers"].search([("res_model", "=", MODEL), ("res_id", "=", b)]) == []


def test_posting_needs_write_access(world):
    auditor, admin, a = world["auditor"], world["admin"], world["a"]
    count = len(admin.env["mail.message"].search([("model", "=", MODEL), ("res_id", "=", a)]))
    _refused(auditor.execute_kw, MODEL, "message_post", [[a]], {"body": "审计员留言"})
    _refused(auditor.execute_kw, "mail.message", "create",
             [{"model": MODEL, "res_id": a, "body": "<p>审计员</p>", "message_type": "comment"}])
    assert len(admin.env["mail.message"].search([("model", "=", MODEL), ("res_id", "=", a)])) == count


def test_author_is_always_the_caller(world):
    clerk, admin, a = world["clerk"], world["admin"], world["a"]
    admin_partner = admin.env.user.partner_id.id
    clerk_partner = clerk.env.user.partner_id.id
    posted = clerk.execute_kw(MODEL, "message_post", [[a]], {"body": "书记员留言", "author_id": admin_partner})
    created = clerk.execute_kw("mail.message", "create", [{"model": MODEL, "res_id": a, "body": "<p>直接</p>",
                                                            "author_id": admin_partner}])
    for message_id in (posted, created):
        row = admin.execute_kw("mail.message", "read", [[message_id], ["author_id"]])[0]
        assert row["author_id"][0] == clerk_partner
    _refused(clerk.execute_kw, "mail.message", "write", [[created], {"author_id": admin_partner}])


def test_liaison_exports_no_chatter_of_another_agency(world, rpc_server):
    """The web client's .xlsx export, by ids and by domain."""
    client = WebClient(rpc_server)
    assert client.login(world["liaison_login"]["login"], world["liaison_login"]["password"]).status == 303
    token = client.csrf_token()
    foreign = world["messages"][world["b"]][0]

    def export(**data):
        payload = dict(data, model="mail.message", fields=[{"name": "res_id"}, {"name": "body"}])
        return client.post_form("/web/export/xlsx", {"data": json.dumps(payload), "csrf_token": token})
    assert export(ids=[foreign]).status == 400
    res = export(domain=[["model", "=", MODEL], ["res_id", "in", [world["a"], world["b"]]]])
    assert res.status == 200
    import io
    import openpyxl
    sheet = openpyxl.load_workbook(io.BytesIO(res.body)).active
    res_ids = {str(row[0]) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert res_ids == {str(world["a"])}
