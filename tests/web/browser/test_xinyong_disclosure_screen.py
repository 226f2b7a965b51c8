"""Issue 16 points 3 and 7 in the browser: the credit office shows a year's overdue SME payments per body,
generates the publication (SME-PAY Art. 18 para 1) and finds it on record; the exchange console lists the
stored reconciliation runs."""
from playwright.sync_api import expect

from browser_support import login
from rpc_support import make_user_on, unique_name

from flectra.addons.fuyi_case.tools import identifiers


def test_credit_office_generates_the_annual_disclosure(browser, web_server, admin_rpc):
    env = admin_rpc.env
    office = make_user_on(web_server, groups=("xinyong.xinyong_group_user",), login=unique_name("credit"))
    body_name = unique_name("县水利局")
    body = env["res.partner"].create({"name": body_name, "party_kind": "agency"})
    sme = env["res.partner"].create({"name": unique_name("某水利工程公司"), "party_kind": "organisation",
                                     "uscc": "91410421MA7654321" + identifiers.uscc_check_char("91410421MA7654321")})
    promise = env["xinyong.promise"].create({"name": "水利工程合同", "body_id": body, "counterpart_id": sme,
                                             "counterpart_sme": True, "signed_date": "2025-06-01"})
    env["xinyong.obligation"].create({"promise_id": promise, "name": "进度款", "kind": "payment",
                                      "delivery_date": "2025-06-02", "amount": 43210.5})

    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    login(page, web_server.url, office["login"], office["password"])
    page.goto(web_server.url + "/web#action=xinyong.xinyong_disclosure_generate_action")
    year = page.locator(".fz-field[data-name='year'] input")
    year.fill("2025")
    expect(page.locator(".fz-field[data-name='publish_by']")).to_contain_text("2026")
    page.locator("button[data-name='action_compute']").first.click()
    row = page.locator(".fz-field[data-name='line_ids'] tr.fz-row").filter(has_text=body_name)
    expect(row).to_contain_text("43,210.5")
    page.locator("button[data-name='action_generate']").first.click()
    expect(page.locator(".fz-statusbar .fz-status-current")).to_contain_text("已生成")
    expect(page.locator(".fz-field[data-name='line_ids']")).to_contain_text(body_name)
    expect(page.locator(".fz-field[data-name='attachment_id']")).to_contain_text(".docx")
    context.close()


def test_exchange_console_lists_reconciliation_runs(browser, web_server, admin_rpc):
    manager = make_user_on(web_server, groups=("xinyong.xinyong_group_manager",), login=unique_name("credit"))
    stranger = unique_name("STRANGER")
    admin_rpc.env["xinyong.outbox"].exchange_reconcile([stranger])
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    login(page, web_server.url, manager["login"], manager["password"])
    page.goto(web_server.url + "/web#action=xinyong.xinyong_reconciliation_action")
    page.wait_for_selector(".fz-list-view")
    page.locator("tr.fz-row").first.click()
    lines = page.locator(".fz-field[data-name='line_ids']")
    expect(lines).to_contain_text(stranger)
    expect(lines).to_contain_text("本方无此记录")
    context.close()
