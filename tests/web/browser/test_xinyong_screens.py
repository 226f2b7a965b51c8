"""Issue 16 in the browser: a credit-office manager approves a proposed default in the dialog, the record
shows the determination, the notice and the publication dates, and the exchange console lists the version
waiting for the platform."""
from playwright.sync_api import expect

from browser_support import login
from rpc_support import make_user_on, unique_name

from flectra.addons.fuyi_case.tools import identifiers


def uscc(first17):
    return first17 + identifiers.uscc_check_char(first17)


def test_manager_approves_a_default_and_sees_it_queued(browser, web_server, admin_rpc):
    env = admin_rpc.env
    manager = make_user_on(web_server, groups=("xinyong.xinyong_group_manager",), login=unique_name("credit"))
    partners = env["res.partner"]
    body = partners.create({"name": unique_name("县住房和城乡建设局"), "party_kind": "agency",
                            "uscc": uscc("11410421MB1234567")})
    department = partners.create({"name": unique_name("县发展和改革委员会"), "party_kind": "agency",
                                  "uscc": uscc("11410421MB0000001")})
    records = env["xinyong.default.record"]
    title = unique_name("拖欠工程款")
    record_id = records.create({"date_received": "2026-04-01", "agency_id": body, "title": title,
                                "determining_department_id": department, "amount": 800000.0})
    record = records.browse(record_id)
    record.action_forward_for_verification("2026-04-02")
    record.action_verify(True, "属实", "2026-04-08", "2026-04-03")
    record.action_refuse_rectification("personnel_change", "前任领导签的合同")

    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    login(page, web_server.url, manager["login"], manager["password"])
    page.goto(web_server.url + "/web#model=xinyong.default.record&id=%d&view_type=form" % record_id)
    current = page.locator(".fz-statusbar .fz-status-current")
    expect(current).to_contain_text("已提请认定")
    page.locator("button[data-name='action_open_approve']").first.click()
    dialog = page.locator(".fz-dialog")
    dialog.wait_for()
    dialog.locator(".fz-field[data-name='number'] input").fill("县发改信〔2026〕7号")
    dialog.locator(".fz-field[data-name='date'] input").fill("2026-04-10")
    dialog.locator(".fz-dialog-footer .fz-btn-primary").click()
    expect(current).to_contain_text("已认定失信")
    expect(page.locator(".fz-field[data-name='publication_end']")).to_contain_text("2027")
    expect(page.locator(".fz-field[data-name='notice_document_id']")).to_contain_text("政务失信认定告知书")

    page.goto(web_server.url + "/web#action=xinyong.xinyong_outbox_action")
    page.wait_for_selector(".fz-list-view")
    number = records.read([record_id], ["name"])[0]["name"]
    row = page.locator("tr.fz-row").filter(has_text=number)
    expect(row).to_contain_text("待发送")
    context.close()
