"""Enforcement supervision end to end through odoorpc (issue 15 "Done when"): import files, draw a
reproducible sample, cross-review, score with a veto, issue and close a rectification, read the
campaign indicators and the report."""
import base64
import io

import docx
import odoorpc
import pytest

from rpc_support import make_user_on, unique_name

HEADER = "平台编号,决定书文号,执法主体,执法类别,案由,当事人,当事人统一社会信用代码,立案日期,决定日期,公示日期,罚款金额,全过程记录\n"


def csv_rows(market, environment, tag):
    rows = []
    for n in range(1, 7):
        agency = market if n % 2 else environment
        rows.append("%s-%d,罚〔2026〕%d号,%s,行政处罚,案由%d,,,2026-01-05,2026-02-%02d,2026-02-%02d,1000,是"
                    % (tag, n, n, agency, n, 2 + n, 4 + n))
    return rows


def b64(text):
    return base64.b64encode(text.encode("utf-8")).decode()


def test_enforcement_supervision_end_to_end(rpc_server):
    admin = rpc_server.odoo()
    tag = unique_name("E2E")
    Partner = admin.env["res.partner"]
    market_name, environment_name = unique_name("县市场监督管理局"), unique_name("县生态环境局")
    market = Partner.create({"name": market_name, "party_kind": "agency", "is_enforcement_body": True})
    environment = Partner.create({"name": environment_name, "party_kind": "agency", "is_enforcement_body": True})
    supervisor = make_user_on(rpc_server, groups=("jiandu.jiandu_group_manager",), login=unique_name("sup"))
    reviewer = make_user_on(rpc_server, groups=("jiandu.jiandu_group_reviewer",), login=unique_name("rev"))
    agency_user = make_user_on(rpc_server, groups=("jiandu.jiandu_group_agency",), login=unique_name("agy"))
    # membership is set by the administrator: the reviewer belongs to the market agency
    Partner.write([market], {"agency_liaison_user_ids": [(4, reviewer["uid"])]})
    Partner.write([environment], {"agency_liaison_user_ids": [(4, agency_user["uid"])]})
    as_supervisor = rpc_server.odoo(login=supervisor["login"], password=supervisor["password"])
    as_reviewer = rpc_server.odoo(login=reviewer["login"], password=reviewer["password"])
    as_agency = rpc_server.odoo(login=agency_user["login"], password=agency_user["password"])

    # 1. import: a bad row (invalid credit code, unknown agency) imports nothing and is reported
    Files = as_supervisor.env["jiandu.case.file"]
    good = csv_rows(market_name, environment_name, tag)
    bad = ["%s-x,,%s,行政处罚,x,某公司,911101080000000008,2026-01-05,2026-02-02,,0,是" % (tag, market_name),
           "%s-y,,不存在的局,行政处罚,y,,,2026-01-05,2026-02-02,,0,是" % tag]
    report = Files.import_file(b64(HEADER + "\n".join(good + bad) + "\n"), "export.csv")
    assert (report["imported"], report["errors"]) == (0, 2)
    assert Files.search_count([("external_ref", "=like", tag + "-%")]) == 0
    report = Files.import_file(b64(HEADER + "\n".join(good) + "\n"), "export.csv")
    assert report["imported"] == 6

    # 2. a reproducible sample: the same seed draws the same files, on a second campaign too
    Campaigns = as_supervisor.env["jiandu.review.campaign"]
    rubric_id = as_supervisor.env.ref("jiandu.rubric_default").id
    plan = {"rubric_id": rubric_id, "date_from": "2026-02-01", "date_to": "2026-02-28", "seed": "4242",
            "sample_rate": 0.5, "agency_ids": [(6, 0, [market, environment])], "reviewer_ids": [(6, 0, [reviewer["uid"]])]}
    campaign_id = Campaigns.create(dict(plan, name=tag))
    twin_id = Campaigns.create(dict(plan, name=tag + "-twin"))
    sample = Campaigns.browse(campaign_id).action_draw_sample()
    assert len(sample) == 4   # 3 files per agency, half rounded up
    assert Campaigns.browse(twin_id).action_draw_sample() == sample
    assert Campaigns.browse(campaign_id).verify_sample() is True

    # 3. cross review: the reviewer (market) cannot be given market files, so only environment
    #    files can be assigned; with a market file in the sample the assignment is refused
    with pytest.raises(odoorpc.error.RPCError) as refused:
        Campaigns.browse(campaign_id).action_assign_reviewers()
    assert "cross_review" in str(refused.value)
    Partner.write([market], {"agency_liaison_user_ids": [(3, reviewer["uid"])]})
    Campaigns.browse(campaign_id).action_assign_reviewers()

    # 4. the reviewer scores item by item: a veto without a reason is refused; with one, unqualified
    Reviews = as_reviewer.env["jiandu.review"]
    review_ids = Reviews.search([("campaign_id", "=", campaign_id)])
    assert len(review_ids) == 4
    review_id = review_ids[0]
    Lines = as_reviewer.env["jiandu.review.line"]
    lines = {row["item_id"][1]: row["id"] for row in Lines.search_read([("review_id", "=", review_id)], ["item_id"])}
    with pytest.raises(odoorpc.error.RPCError) as no_reason:
        Lines.write([lines["执法人员少于两人"]], {"veto_failed": True})
    assert no_reason.value.info["data"]["name"] == "flectra.exceptions.ValidationError"
    Lines.write([lines["未编页码（每页）"]], {"defect_count": 2, "evidence": "第3、5页"})
    Lines.write([lines["执法人员少于两人"]], {"veto_failed": True, "reason": "检查笔录仅一名执法人员签名"})
    score = Reviews.read([review_id], ["total", "grade_id", "vetoed"])[0]
    assert (score["total"], score["grade_id"][1], score["vetoed"]) == (98, "不合格", True)
    Reviews.write([review_id], {"total": 100})   # computed, never typed: the value is ignored
    assert Reviews.read([review_id], ["total"])[0]["total"] == 98
    for other in review_ids:
        Reviews.browse(other).action_submit()

    # 5. rectification: issued by the supervisor, reported by the agency, verified and closed
    file_id = Reviews.read([review_id], ["file_id"])[0]["file_id"][0]
    rectification_id = as_supervisor.env["jiandu.review"].browse(review_id).action_create_rectification()
    Rectifications = as_supervisor.env["jiandu.rectification"]
    Rectifications.browse(rectification_id).action_issue("2026-04-01")
    issued = Rectifications.read([rectification_id], ["state", "due_date", "notice_number", "agency_id"])[0]
    assert issued["state"] == "issued" and issued["due_date"] == "2026-05-06"
    assert issued["notice_number"].startswith("县司执改〔2026〕")
    own = as_agency.env["jiandu.rectification"]
    assert own.search([("id", "=", rectification_id)]) == [rectification_id]
    own.browse(rectification_id).action_reply("已组织整改", "2026-04-20")
    Rectifications.browse(rectification_id).action_verify(True, "整改到位")
    assert Rectifications.read([rectification_id], ["state"])[0]["state"] == "closed"
    assert as_agency.env["jiandu.case.file"].search([("id", "=", file_id)]) == [file_id]

    # 6. indicators and the report
    figures = Campaigns.browse(campaign_id).get_indicators()
    assert (figures["reviewed"], figures["qualified"]) == (4, 3)
    assert figures["qualified_rate"] == 75.0
    assert figures["common_defects"][0]["item"] in ("未编页码（每页）", "执法人员少于两人")
    Campaigns.browse(campaign_id).action_report()
    attachment_id = Campaigns.read([campaign_id], ["report_attachment_id"])[0]["report_attachment_id"][0]
    data = as_supervisor.env["ir.attachment"].read([attachment_id], ["datas"])[0]["datas"]
    document = docx.Document(io.BytesIO(base64.b64decode(data)))
    assert "评查合格率75.0%" in "\n".join(p.text for p in document.paragraphs)
    assert len(document.inline_shapes) == 1
