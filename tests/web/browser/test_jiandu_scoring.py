"""Issue 15's "done when" in the browser: a reviewer scores a file item by item, with a veto, and
sees the running total and the grade."""
import re

from playwright.sync_api import expect

from browser_support import login
from rpc_support import make_user_on, unique_name

REVIEWS = "/web#action=jiandu.jiandu_review_action"


def open_line(page, item):
    page.locator(".fz-field[data-name='line_ids'] tbody tr.fz-row").filter(has_text=item).first.click()
    dialog = page.locator(".fz-dialog")
    dialog.wait_for()
    return dialog


def test_reviewer_scores_item_by_item_with_a_veto_and_sees_the_grade(browser, web_server, admin_rpc):
    env = admin_rpc.env
    partners = env["res.partner"]
    home = partners.create({"name": unique_name("县交通运输局"), "party_kind": "agency"})
    reviewed = partners.create({"name": unique_name("县市场监督管理局"), "party_kind": "agency"})
    reviewer = make_user_on(web_server, groups=("jiandu.jiandu_group_reviewer",), login=unique_name("reviewer"))
    partners.write([home], {"agency_liaison_user_ids": [(4, reviewer["uid"])]})
    title = unique_name("未按规定明码标价")
    file_id = env["jiandu.case.file"].create({
        "agency_id": reviewed, "title": title, "act_kind": "penalty", "date_received": "2026-01-05",
        "decision_date": "2026-02-02", "published_date": "2026-02-03", "full_record": True})
    campaigns = env["jiandu.review.campaign"]
    campaign_id = campaigns.create({
        "name": unique_name("评查"), "rubric_id": env.ref("jiandu.rubric_default").id, "date_from": "2026-02-02",
        "date_to": "2026-02-02", "agency_ids": [(6, 0, [reviewed])], "sample_rate": 1.0, "seed": "7",
        "reviewer_ids": [(6, 0, [reviewer["uid"]])]})
    campaigns.browse(campaign_id).action_draw_sample()
    campaigns.browse(campaign_id).action_assign_reviewers()
    review_id = env["jiandu.review"].search([("campaign_id", "=", campaign_id)])[0]

    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    login(page, web_server.url, reviewer["login"], reviewer["password"])
    page.goto(web_server.url + REVIEWS)
    page.wait_for_selector(".fz-list-view")
    page.locator("tr.fz-row").first.click()   # the reviewer's only review
    page.click(".fz-btn-edit")
    page.wait_for_selector(".fz-btn-save")
    total = page.locator(".fz-field[data-name='total']")
    expect(total).to_contain_text("100")

    # two unpaginated pages: −2, still excellent
    dialog = open_line(page, "未编页码")
    dialog.locator(".fz-field[data-name='defect_count'] input").fill("2")
    dialog.locator(".fz-field[data-name='evidence'] input").fill("第3、5页")
    dialog.locator(".fz-dialog-footer .fz-btn-primary").click()
    expect(total).to_contain_text("98")
    expect(page.locator(".fz-field[data-name='grade_id']")).to_contain_text("优秀")

    # the veto: one officer signed the inspection record (APL Art. 42) → unqualified
    dialog = open_line(page, "执法人员少于两人")
    dialog.locator(".fz-field[data-name='veto_failed'] input[type='checkbox']").check()
    dialog.locator(".fz-field[data-name='reason'] textarea").fill("检查笔录仅一名执法人员签名")
    dialog.locator(".fz-dialog-footer .fz-btn-primary").click()
    expect(page.locator(".fz-field[data-name='grade_id']")).to_contain_text("不合格")
    expect(total).to_contain_text("98")
    page.click(".fz-btn-save")
    page.wait_for_selector(".fz-btn-edit")
    page.locator("button[data-name='action_submit']").first.click()
    page.locator(".fz-statusbar .fz-status-current").filter(has_text="已提交").wait_for()
    expect(page.locator(".fz-field[data-name='grade_id']")).to_contain_text("不合格")

    review = env["jiandu.review"].read([review_id], ["state", "total", "grade_id", "vetoed"])[0]
    assert (review["state"], review["total"], review["vetoed"]) == ("submitted", 98, True)
    assert re.search("不合格", review["grade_id"][1])
    record = env["jiandu.case.file"].read([file_id], ["qualified", "review_state"])[0]
    assert record == {"id": file_id, "qualified": False, "review_state": "reviewed"}
    context.close()
