"""One reconsideration case end to end through odoorpc, as a clerk and a lead would drive it.

Application received Fri 2025-09-26 → correction notice → corrections → acceptance (ordinary)
→ copy to the respondent and its reply period → hearing → committee → decision → redacted
publication; each deadline is checked against reconsideration.md's worked examples, and the
statistics at the end.
"""
import odoorpc
import pytest

from rpc_support import make_user_on, unique_name


@pytest.fixture(scope="module")
def clerk(rpc_server):
    return make_user_on(rpc_server, groups=("fuyi_case.fuyi_case_group_clerk",), login=unique_name("clerk"))


@pytest.fixture(scope="module")
def lead(rpc_server):
    return make_user_on(rpc_server, groups=("fuyi_case.fuyi_case_group_lead",), login=unique_name("lead"))


def due(client, case_id, kind):
    Deadline = client.env["fuyi.deadline"]
    rows = Deadline.search_read([("case_id.name", "!=", False), ("kind", "=", kind), ("state", "in", ["open", "paused"]),
                                 ("case_id", "=", case_id)], ["due_date"])
    assert len(rows) == 1, rows
    return rows[0]["due_date"]


def issued_document_text(client, case, doc_type, date):
    """Create, generate and issue a document over RPC; return the text of the issued .docx."""
    import base64
    import io

    import docx
    Documents = client.env["fuyi.document"]
    document = Documents.browse(case.action_create_document(doc_type))
    document.action_generate()
    document.action_issue(date)
    number = Documents.read([document.id], ["number"])[0]["number"]
    assert number and "〔2025〕" in number and number.endswith("号")
    attachment_id = Documents.read([document.id], ["attachment_id"])[0]["attachment_id"][0]
    data = client.env["ir.attachment"].read([attachment_id], ["datas"])[0]["datas"]
    parsed = docx.Document(io.BytesIO(base64.b64decode(data)))
    return "\n".join(p.text for p in parsed.paragraphs) + number


def test_reconsideration_case_end_to_end(rpc_server, clerk, lead):
    admin = rpc_server.odoo()
    as_clerk = rpc_server.odoo(login=clerk["login"], password=clerk["password"])
    as_lead = rpc_server.odoo(login=lead["login"], password=lead["password"])
    Partner = as_clerk.env["res.partner"]
    agency_id = Partner.create({"name": unique_name("县市场监督管理局"), "party_kind": "agency"})
    applicant_id = Partner.create({"name": "周某某", "party_kind": "person", "id_number": "440304200002290006",
                                   "phone": "13912345678"})
    # a bad identifier is refused with its reason, in the clerk's language
    with pytest.raises(odoorpc.error.RPCError) as bad:
        Partner.create({"name": "错号", "party_kind": "person", "id_number": "110101197001010009"})
    assert bad.value.info["data"]["name"] == "flectra.exceptions.ValidationError"

    Cases = as_clerk.env["fuyi.reconsideration"]
    case_id = Cases.create({
        "date_received": "2025-09-26", "agency_id": agency_id, "title": "不服罚款决定", "act_amount": 5000,
        "request": "撤销罚款决定", "act_known_date": "2025-09-20", "act_description": "县市场监督管理局作出的罚款决定",
        "party_ids": [(0, 0, {"partner_id": applicant_id, "role": "applicant", "is_primary": True}),
                      (0, 0, {"partner_id": agency_id, "role": "respondent"})]})
    case = Cases.browse(case_id)
    fuyi_case_id = case.case_id.id
    assert case.name.startswith("县府复〔2025〕") and case.name.endswith("号")
    assert due(as_clerk, fuyi_case_id, "acceptance_review") == "2025-10-10"        # R1

    case.action_request_correction("1. 身份证明复印件；2. 罚款决定书复印件", "2025-10-10")
    assert due(as_clerk, fuyi_case_id, "correction_period") == "2025-10-23"       # R3
    text = issued_document_text(as_clerk, case, "correction_notice", "2025-10-10")
    assert "身份证明复印件" in text and "2025年10月23日" in text and "第三十一条" in text
    assert "440304200002290006" not in text
    case.action_receive_corrections("2025-10-20")
    assert due(as_clerk, fuyi_case_id, "acceptance_review") == "2025-10-27"       # R4

    case.action_accept("2025-10-24")
    text = issued_document_text(as_clerk, case, "acceptance_notice", "2025-10-24")
    assert "受理" in text and "2025年12月23日" in text
    assert Cases.read([case_id], ["state", "procedure", "routing_rule"])[0] == {
        "id": case_id, "state": "accepted", "procedure": "ordinary", "routing_rule": "default"}
    assert due(as_clerk, fuyi_case_id, "decision") == "2025-12-23"               # 60 cd (Art. 62)

    service_id = case.action_send_copy_to_respondent("2025-10-27")
    as_clerk.env["fuyi.service"].browse(service_id).action_mark_served("2025-10-28")
    assert due(as_clerk, fuyi_case_id, "respondent_reply") == "2025-11-11"       # 10 wd (Art. 48)

    officers = [make_user_on(rpc_server, groups=("fuyi_case.fuyi_case_group_clerk",))["uid"] for _ in range(3)]
    hearing_id = as_clerk.env["fuyi.hearing"].create({
        "reconsideration_id": case_id, "hearing_date": "2025-11-20 01:00:00", "place": "听证室",
        "presiding_id": as_clerk.env.uid, "officer_ids": [(6, 0, officers[:2])], "recorder_id": officers[2]})
    hearing = as_clerk.env["fuyi.hearing"].browse(hearing_id)
    assert hearing.latest_notice_date.isoformat() == "2025-11-13"
    hearing.action_send_notice("2025-11-10")
    hearing.action_hold("听证笔录：双方陈述意见……", True)

    case.action_decide("revoke", "2025-12-01", "申请人周某某（电话13912345678）不服罚款决定，本机关决定撤销该决定。", 30)
    assert Cases.read([case_id], ["state", "decision_article", "decided_on_time"])[0] == {
        "id": case_id, "state": "decided", "decision_article": "ARL Art. 64", "decided_on_time": True}
    text = issued_document_text(as_clerk, case, "decision_document", "2025-12-01")
    assert "第六十四条" in text and "30日内重新作出行政行为" in text and "440304200002290006" not in text

    case.action_prepare_publication()
    with pytest.raises(odoorpc.error.RPCError):
        case.action_approve_publication()             # the clerk may not review their own redaction
    as_lead.env["fuyi.reconsideration"].browse(case_id).action_approve_publication()
    case.action_publish("2025-12-05")
    published = [row for row in admin.env["fuyi.reconsideration"].get_published() if row["number"] == case.name]
    assert published and "周某某" not in published[0]["text"] and "13912345678" not in published[0]["text"]

    figures = admin.env["fuyi.reconsideration"].get_statistics("2025-09-26", "2025-09-26", agency_id)
    assert (figures["received"], figures["accepted"], figures["closed"]) == (1, 1, 1)
    assert figures["correction_rate"] == 1.0 and figures["on_time_rate"] == 1.0
    assert figures["case_ids"] == [case_id]


def test_liaison_sees_own_agency_cases_only_over_rpc(rpc_server):
    admin = rpc_server.odoo()
    liaison = make_user_on(rpc_server, groups=("fuyi_case.fuyi_case_group_liaison",))
    Partner = admin.env["res.partner"]
    mine = Partner.create({"name": unique_name("县公安局"), "party_kind": "agency",
                           "agency_liaison_user_ids": [(6, 0, [liaison["uid"]])]})
    other = Partner.create({"name": unique_name("县自然资源局"), "party_kind": "agency"})
    Cases = admin.env["fuyi.reconsideration"]
    mine_id = Cases.create({"date_received": "2025-10-09", "agency_id": mine})
    Cases.create({"date_received": "2025-10-09", "agency_id": other})
    as_liaison = rpc_server.odoo(login=liaison["login"], password=liaison["password"])
    assert as_liaison.env["fuyi.reconsideration"].search([]) == [mine_id]
    with pytest.raises(odoorpc.error.RPCError):
        as_liaison.env["fuyi.reconsideration"].browse(mine_id).write({"title": "x"})

