"""Issue 14's browser "done when": the clerk registers the court's appearance notice and notifies the head;
the head opens the notice from the e-mail link on a phone-sized screen (after login) and designates who
appears; the clerk records the appearance."""
import re
import urllib.parse

from playwright.sync_api import TimeoutError as PlaywrightTimeout, expect

from browser_support import TIMEOUT_MS, PageWatch, login
from rpc_support import make_user_on, unique_name

PHONE = {"width": 390, "height": 844}


def new_page(browser, viewport, **extra):
    context = browser.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai", **extra)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    return context, page, PageWatch(page)


def pick(scope, field, text):
    box = scope.locator(".fz-field[data-name='%s'] input" % field)
    box.click()
    box.type(text, delay=20)
    scope.locator(".fz-autocomplete-option").filter(has_text=text).first.click()


def click_button(scope, name):
    scope.locator("button[data-name='%s']" % name).first.click()


def open_new_form(page):
    """新建 on the list; a click that lands while the list is still re-rendering is lost, so try again."""
    page.wait_for_load_state("networkidle")
    for _attempt in range(3):
        page.click(".fz-btn-create")
        try:
            page.wait_for_selector(".fz-form-view .fz-btn-save", timeout=TIMEOUT_MS // 3)
            return
        except PlaywrightTimeout:   # the list took the click before it settled
            continue
    page.wait_for_selector(".fz-form-view .fz-btn-save")


def wait_status(page, label):
    page.locator(".fz-statusbar .fz-status-current").filter(has_text=label).wait_for()


def test_notice_designation_on_a_phone_and_the_recorded_appearance(browser, web_server, admin_rpc):
    clerk = make_user_on(web_server, groups=("yingsu.yingsu_group_user", "fuyi_case.fuyi_case_group_clerk"),
                         login=unique_name("ys_clerk"))
    head = make_user_on(web_server, groups=("yingsu.yingsu_group_agency",), login=unique_name("ys_head"))
    env = admin_rpc.env
    head_partner_id, head_name = env["res.users"].read([head["uid"]], ["partner_id"])[0]["partner_id"]
    env["res.partner"].write([head_partner_id], {"email": "head@example.com"})
    agency_name = unique_name("县市场监督管理局")
    agency_id = env["res.partner"].create({"name": agency_name, "party_kind": "agency",
                                           "agency_head_id": head_partner_id})
    plaintiff_id = env["res.partner"].create({"name": "周某某", "party_kind": "person"})
    title = unique_name("罚款决定")
    lawsuit_id = env["yingsu.lawsuit"].create({
        "date_received": "2026-01-10", "agency_id": agency_id, "title": title,
        "party_ids": [(0, 0, {"partner_id": plaintiff_id, "role": "plaintiff"}),
                      (0, 0, {"partner_id": agency_id, "role": "defendant"})]})
    lawsuit_name = env["yingsu.lawsuit"].read([lawsuit_id], ["name"])[0]["name"]

    # 1. the clerk registers the court's notice and notifies the head
    context, page, watch = new_page(browser, {"width": 1366, "height": 900})
    login(page, web_server.url, clerk["login"], clerk["password"])
    page.goto(web_server.url + "/web#action=yingsu.yingsu_appearance_action")
    page.wait_for_selector(".fz-list-view")
    open_new_form(page)
    pick(page, "lawsuit_id", lawsuit_name)
    pick(page, "agency_id", agency_name)
    page.fill(".fz-field[data-name='hearing_datetime'] input", "2026-03-10T09:30")
    page.fill(".fz-field[data-name='notice_received'] input", "2026-03-02")
    page.click(".fz-btn-save")
    page.wait_for_selector(".fz-btn-edit")
    appearance_id = int(re.search(r"[&#]id=(\d+)", page.url).group(1))
    click_button(page, "action_notify_head")
    wait_status(page, "已通知负责人")
    context.close()
    watch.check()

    mail = env["mail.mail"].search_read([("model", "=", "yingsu.appearance"), ("res_id", "=", appearance_id)],
                                        ["body_html"])
    assert len(mail) == 1
    link = re.search(r'href="([^"]+)"', mail[0]["body_html"]).group(1).replace("&amp;", "&")
    assert urllib.parse.unquote(link).endswith("id=%d&view_type=form" % appearance_id), link
    path = link[link.index("/web"):]

    # 2. the head opens the link on a phone: login first, then the notice itself
    context, page, watch = new_page(browser, PHONE, is_mobile=True, has_touch=True)
    page.goto(web_server.url + path)
    page.wait_for_selector("#fz-login-login")
    page.fill("#fz-login-login", head["login"])
    page.fill("#fz-login-password", head["password"])
    page.click(".fz-login-submit")
    page.wait_for_selector(".fz-form-view")
    expect(page.locator(".fz-form-view")).to_contain_text(lawsuit_name)
    expect(page.locator(".fz-form-view")).to_contain_text("负责人出庭应诉通知书")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), \
        "the notice is wider than the phone's screen"
    click_button(page, "action_open_designate")
    dialog = page.locator(".fz-dialog")
    pick(dialog, "designee_id", head_name)
    dialog.locator(".fz-field[data-name='position'] input").fill("局长")
    click_button(dialog.locator(".fz-dialog-footer"), "action_confirm")
    wait_status(page, "已确定出庭人员")
    context.close()
    watch.check()
    row = env["yingsu.appearance"].read([appearance_id], ["designee_id", "designee_kind", "state"])[0]
    assert (row["designee_id"][0], row["designee_kind"], row["state"]) == (head_partner_id, "head", "designated")

    # 3. the clerk records the appearance with what the head said
    context, page, watch = new_page(browser, {"width": 1366, "height": 900})
    login(page, web_server.url, clerk["login"], clerk["password"])
    page.goto(web_server.url + "/web#action=yingsu.yingsu_appearance_action&id=%d&view_type=form" % appearance_id)
    page.wait_for_selector(".fz-form-view")
    click_button(page, "action_open_record")
    dialog = page.locator(".fz-dialog")
    dialog.locator(".fz-field[data-name='statement'] textarea").fill("同意在法院主持下协调化解")
    click_button(dialog.locator(".fz-dialog-footer"), "action_confirm")
    wait_status(page, "已记录出庭情况")
    context.close()
    watch.check()
    row = env["yingsu.appearance"].read([appearance_id], ["result", "head_appeared", "compliant"])[0]
    assert (row["result"], row["head_appeared"], row["compliant"]) == ("head", True, True)
