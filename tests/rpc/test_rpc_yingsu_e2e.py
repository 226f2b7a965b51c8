"""One lawsuit end to end through odoorpc (issue 14, "Done when"): a reconsideration decision that upheld
the act is sued, the lawsuit inherits the case (parties, act, evidence; the county government as
co-defendant, ALL Art. 26), the court's appearance notice yields the head's notice document and activity,
the head designates and appears, the judgment is recorded, takes effect and is performed, and the
appearance and on-time reply rates come out right. Dates are those of litigation.md's worked examples."""
import base64
import io

import docx
import odoorpc
import pytest

from rpc_support import make_user_on, unique_name


@pytest.fixture(scope="module")
def clerk(rpc_server):
    return make_user_on(rpc_server, groups=("fuyi_case.fuyi_case_group_clerk", "yingsu.yingsu_group_user"),
                        login=unique_name("ys_clerk"))


@pytest.fixture(scope="module")
def head(rpc_server):
    return make_user_on(rpc_server, groups=("yingsu.yingsu_group_agency",), login=unique_name("ys_head"))


def docx_text(client, document_id):
    Documents = client.env["fuyi.document"]
    attachment_id = Documents.read([document_id], ["attachment_id"])[0]["attachment_id"][0]
    data = client.env["ir.attachment"].read([attachment_id], ["datas"])[0]["datas"]
    return "\n".join(p.text for p in docx.Document(io.BytesIO(base64.b64decode(data))).paragraphs)


def test_lawsuit_end_to_end(rpc_server, clerk, head):
    admin = rpc_server.odoo()
    as_clerk = rpc_server.odoo(login=clerk["login"], password=clerk["password"])
    as_head = rpc_server.odoo(login=head["login"], password=head["password"])
    head_partner = admin.env["res.users"].read([head["uid"]], ["partner_id"])[0]["partner_id"][0]
    Partner = admin.env["res.partner"]
    agency_name = unique_name("县市场监督管理局")
    agency_id = Partner.create({"name": agency_name, "party_kind": "agency", "agency_head_id": head_partner})
    other_agency = Partner.create({"name": unique_name("县自然资源局"), "party_kind": "agency"})
    plaintiff_id = as_clerk.env["res.partner"].create({"name": "周某某", "party_kind": "person"})
    court_id = as_clerk.env["res.partner"].create({"name": "县人民法院", "party_kind": "organisation"})

    # a reconsideration decision that upheld the act
    Cases = as_clerk.env["fuyi.reconsideration"]
    case = Cases.browse(Cases.create({
        "date_received": "2025-09-01", "agency_id": agency_id, "title": "不服罚款决定",
        "act_description": "罚款5000元", "act_date": "2025-08-20",
        "party_ids": [(0, 0, {"partner_id": plaintiff_id, "role": "applicant", "is_primary": True}),
                      (0, 0, {"partner_id": agency_id, "role": "respondent"})]}))
    case.action_accept("2025-09-03")
    case.action_decide("uphold", "2025-09-15", "维持")
    as_clerk.env["fuyi.evidence"].create({"reconsideration_id": case.id, "name": "现场检查笔录",
                                          "submitted_by": "respondent", "submitted_date": "2025-09-10"})

    # sued: the lawsuit inherits the case
    Lawsuits = as_clerk.env["yingsu.lawsuit"]
    lawsuit_id = case.action_create_lawsuit({"date_received": "2025-09-26", "court_id": court_id,
                                             "court_case_number": "(2025)豫0421行初12号"})
    lawsuit = Lawsuits.browse(lawsuit_id)
    assert lawsuit.court_case_number == "（2025）豫0421行初12号"
    assert lawsuit.name.startswith("县应诉〔2025〕")
    assert lawsuit.act_description == "罚款5000元"
    parties = as_clerk.env["fuyi.case.party"].search_read([("case_id", "=", lawsuit.case_id.id)],
                                                          ["partner_id", "role"])
    roles = {(p["partner_id"][1], p["role"]) for p in parties}
    assert ("周某某", "plaintiff") in roles and (agency_name, "defendant") in roles
    assert any(role == "co_defendant" for _name, role in roles), roles
    assert as_clerk.env["yingsu.lawsuit.evidence"].search_read([("lawsuit_id", "=", lawsuit_id)], ["name"])[0][
        "name"] == "现场检查笔录"
    # a bad court case number is refused with the rule, nothing written
    with pytest.raises(odoorpc.error.RPCError) as bad:
        Lawsuits.create({"date_received": "2025-09-26", "agency_id": agency_id, "court_case_number": "2025行初1号"})
    assert bad.value.info["data"]["name"] == "flectra.exceptions.ValidationError"

    # answer and evidence: L1
    lawsuit.action_receive_complaint("2025-09-29")
    assert Lawsuits.read([lawsuit_id], ["answer_due_date"])[0]["answer_due_date"] == "2025-10-14"
    lawsuit.action_submit_defence("2025-10-13")

    # the court's appearance notice → the head's notice document, activity and e-mail
    Appearances = as_clerk.env["yingsu.appearance"]
    with pytest.raises(odoorpc.error.RPCError):      # a notice received after the hearing is refused
        Appearances.create({"lawsuit_id": lawsuit_id, "hearing_datetime": "2026-03-10 01:30:00",
                            "notice_received": "2026-03-11"})
    appearance_id = Appearances.create({"lawsuit_id": lawsuit_id, "hearing_datetime": "2026-03-10 01:30:00",
                                        "notice_received": "2026-03-02", "hearing_place": "第一审判庭"})
    appearance = Appearances.browse(appearance_id)
    document_id = appearance.action_notify_head()
    text = docx_text(as_clerk, document_id)
    assert "行政机关负责人出庭应诉通知书" in text and "（2025）豫0421行初12号" in text
    activities = admin.env["mail.activity"].search_read([("res_model", "=", "yingsu.appearance"),
                                                        ("res_id", "=", appearance_id)], ["user_id"])
    assert [a["user_id"][0] for a in activities] == [head["uid"]]

    # the head sees their own agency's notice only, and designates themself
    head_appearances = as_head.env["yingsu.appearance"]
    assert head_appearances.search([]) == [appearance_id]
    with pytest.raises(odoorpc.error.RPCError) as not_head:
        head_appearances.browse(appearance_id).action_designate(other_agency, "head")
    message = not_head.value.info["data"]["message"]
    assert "HEAD-2020 Art. 2" in message or "《负责人出庭规定》第二条" in message, message
    head_appearances.browse(appearance_id).action_designate(head_partner, "head", "局长")
    assert as_head.env["yingsu.lawsuit"].search([]) == [lawsuit_id]

    # the clerk records the appearance and the judgment; it takes effect and is performed late (L3, L14)
    appearance.action_record("head", False, "同意协调化解，重新核定罚款数额")
    Judgments = as_clerk.env["yingsu.judgment"]
    judgment = Judgments.browse(Judgments.create({"lawsuit_id": lawsuit_id, "kind": "judgment", "outcome": "revoke",
                                                  "date": "2026-01-15", "obligation": "退还罚款5000元",
                                                  "performance_due": "2026-03-31"}))
    judgment.action_serve("2026-01-20")
    assert Judgments.read([judgment.id], ["appeal_due_date"])[0]["appeal_due_date"] == "2026-02-04"
    with pytest.raises(odoorpc.error.RPCError):      # an appeal after the period is refused
        judgment.action_appeal("2026-02-05")
    judgment.action_mark_effective()
    judgment.action_record_performance("2026-04-10")
    row = Judgments.read([judgment.id], ["effective_date", "fine_days", "fine_min", "fine_max", "lost"])[0]
    assert (row["effective_date"], row["fine_days"], row["fine_min"], row["fine_max"], row["lost"]) == \
        ("2026-02-05", 10, 500, 1000, True)

    # a judicial suggestion answered on time (L5), another one late
    Suggestions = as_clerk.env["yingsu.suggestion"]
    with_reply = Suggestions.browse(Suggestions.create({
        "name": unique_name("法建"), "issuer_id": court_id, "agency_id": agency_id, "lawsuit_id": lawsuit_id,
        "sub_kind": "normative_document", "received_date": "2025-12-01"}))
    with pytest.raises(odoorpc.error.RPCError):      # an empty reply is refused
        with_reply.action_reply("  ", "2026-01-10")
    with_reply.action_reply("已修改规范性文件第三条", "2026-01-30")
    late = Suggestions.browse(Suggestions.create({
        "name": unique_name("法建"), "issuer_id": court_id, "agency_id": agency_id,
        "sub_kind": "normative_document", "received_date": "2025-12-01"}))
    late.action_reply("已废止", "2026-02-02")
    domain = [("agency_id", "=", agency_id)]
    assert Suggestions.on_time_reply_rate(domain) == 50.0
    assert Appearances.appearance_rate(domain) == 100.0
    assert Judgments.loss_rate([("lawsuit_id", "=", lawsuit_id)]) == 100.0
