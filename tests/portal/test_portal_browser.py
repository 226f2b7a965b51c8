"""Issue 17 "done when": at a phone viewport an applicant applies, gets the receipt, reads the 补正
notice, uploads the corrections and sees the acceptance; the clerk sees the same case in the back
office. Screenshots of each portal page go to ``FAZHI_SCREENSHOTS_DIR`` when it is set
(``FAZHI_SCREENSHOTS_DIR=docs/screenshots``), else to the test's temporary directory.
"""
import datetime
import os
import re
import secrets

import pytest
from playwright.sync_api import expect

from browser_support import TIMEOUT_MS, PageWatch, login
from portal_support import PDF, PNG, id_number, known_date, mobile

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def shots(tmp_path):
    out = os.environ.get("FAZHI_SCREENSHOTS_DIR") or str(tmp_path)
    os.makedirs(out, exist_ok=True)

    def shot(page, name):
        page.screenshot(path=os.path.join(out, "portal-%s.png" % name), full_page=True)
    return shot


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    watch = PageWatch(page)
    yield page
    context.close()
    watch.check()


@pytest.fixture
def published(portal_server, agencies):
    """One published decision (redacted, reviewed, published) to show on the decisions pages."""
    admin = portal_server.odoo()
    applicant = admin.env["res.partner"].create({"name": "李某某", "party_kind": "person"})
    Case = admin.env["fuyi.reconsideration"]
    case_id = Case.create({
        "date_received": "2025-09-26", "agency_id": agencies["market"], "title": "罚款决定",
        "request": "撤销罚款决定", "act_known_date": "2025-09-20",
        "party_ids": [(0, 0, {"partner_id": applicant, "role": "applicant", "is_primary": True}),
                      (0, 0, {"partner_id": agencies["market"], "role": "respondent"})]})
    case = Case.browse(case_id)
    case.action_accept("2025-10-10")
    case.action_decide("revoke", "2025-11-20",
                       "申请人李某某不服被申请人作出的罚款决定，向本机关申请行政复议。\n"
                       "本机关认为，被申请人作出的罚款决定认定事实不清，证据不足。\n"
                       "根据《中华人民共和国行政复议法》第六十四条的规定，本机关决定：撤销被申请人作出的罚款决定。", 30)
    case.action_prepare_publication()
    case.action_approve_publication()
    case.action_publish()
    return case_id


def test_apply_correct_and_follow_on_a_phone(phone, browser, portal_server, agencies, published, shots):
    page, url = phone, portal_server.url
    number, person = mobile(), id_number()
    applicant_name = "王小%s" % secrets.choice("一二三四五六七八九")

    page.goto(url + "/fuyi")
    expect(page.locator("h1")).to_have_text("行政复议网上服务")
    shots(page, "home")

    # --- apply ---
    page.get_by_role("link", name=re.compile("申请行政复议")).click()
    page.wait_for_url("**/fuyi/apply")
    page.fill("#fp-applicant-name", applicant_name)
    page.fill("#fp-applicant-id", person[:-1] + ("0" if person[-1] != "0" else "1"))
    expect(page.locator('[data-fp-feedback="fp-applicant-id"]')).to_contain_text("校验码不符")
    page.fill("#fp-applicant-id", person)
    expect(page.locator('[data-fp-feedback="fp-applicant-id"]')).to_have_text("公民身份号码校验通过")
    expect(page.locator("#fp-applicant-uscc")).to_be_hidden()          # a person has no USCC
    page.fill("#fp-address", "县城关镇人民路1号")
    page.fill("#fp-mobile", number)
    page.click("#fp-send-code")
    expect(page.locator("#fp-code-status")).to_contain_text("验证码已发送")
    expect(page.locator("#fp-send-code")).to_be_disabled()              # the countdown
    page.select_option("#fp-respondent", str(agencies["market"]))
    page.fill("#fp-act", "县市场监督管理局作出的罚款决定（县市监罚〔%d〕8号）" % datetime.date.today().year)
    page.fill("#fp-known-date", known_date())
    page.fill("#fp-request", "请求撤销该罚款决定")
    page.fill("#fp-facts", "该决定认定事实不清，证据不足，适用法律错误。")
    page.set_input_files("#fp-file-act", files=[{"name": "处罚决定书.pdf", "mimeType": "application/pdf",
                                                 "buffer": PDF}])
    page.set_input_files("#fp-file-evidence", files=[{"name": "现场照片.png", "mimeType": "image/png",
                                                      "buffer": PNG}])
    page.check('input[name="consent_electronic"]')
    page.fill("#fp-sms-code", portal_server.last_code(number))
    shots(page, "apply")
    page.click("#fp-apply-form button[type=submit]:not(#fp-send-code)")

    # --- the receipt ---
    code_box = page.locator("#fp-tracking-code")
    expect(code_box).to_be_visible()
    tracking_code = code_box.inner_text().strip()
    assert re.fullmatch(r"FY(-[2-9A-Z]{4}){5}", tracking_code), tracking_code
    expect(page.locator(".fp-code-note")).to_contain_text("请妥善保存")
    expect(page.locator(".fp-why")).not_to_be_empty()
    shots(page, "receipt")

    # --- the clerk asks for corrections (back office, over RPC) ---
    admin = portal_server.odoo()
    app = admin.env["fuyi.portal.application"].search_read([("mobile", "=", number)], ["reconsideration_id"])
    assert len(app) == 1
    case_id = app[0]["reconsideration_id"][0]
    case = admin.env["fuyi.reconsideration"].browse(case_id)
    values = case.read(["state", "channel"])[0]
    assert (values["state"], values["channel"]) == ("review", "online")
    case.action_request_correction("1. 请补充提交申请人身份证明复印件。\n2. 请提交处罚决定书的送达回证。")
    assert any("补正" in body for body in portal_server.sms_bodies(number))

    # --- the applicant follows the case ---
    page.goto(url + "/fuyi/track")
    page.fill("#fp-tracking", tracking_code)
    page.get_by_role("button", name="发送短信验证码").click()
    expect(page.locator("#fp-track-sms")).to_be_visible()
    page.fill("#fp-track-sms", portal_server.last_code(number))
    page.get_by_role("button", name="查看案件").click()
    page.wait_for_url("**/fuyi/status")
    expect(page.locator("#fp-correction")).to_be_visible()
    expect(page.locator("#fp-correction")).to_contain_text("请补充提交申请人身份证明复印件")
    expect(page.locator("#fp-state")).to_have_text("待补正")
    assert applicant_name not in page.content()                       # masked
    shots(page, "status-correction")

    # reading the served notice downloads it (never inline) and is the proof of electronic service
    with page.expect_download() as download:
        page.get_by_role("link", name="行政复议申请补正通知书").click()
    assert download.value.suggested_filename.endswith((".docx", ".pdf")), download.value.suggested_filename
    page.reload()
    expect(page.locator(".fp-list li", has_text="行政复议申请补正通知书")).to_contain_text("已查阅")

    page.set_input_files("#fp-corr-files", files=[{"name": "身份证明.pdf", "mimeType": "application/pdf",
                                                   "buffer": PDF}])
    page.fill("#fp-corr-note", "已补充身份证明和送达回证。")
    page.get_by_role("button", name="提交补正材料").click()
    page.wait_for_url("**/fuyi/status")
    expect(page.locator(".fp-alert-info")).to_be_visible()
    expect(page.locator("#fp-state")).to_have_text("受理审查")
    expect(page.locator("#fp-correction")).to_have_count(0)

    # --- the clerk accepts; the applicant sees it ---
    case.action_accept()
    page.reload()
    expect(page.locator("#fp-state")).to_have_text("已受理")
    shots(page, "status-accepted")

    # --- published decisions ---
    page.goto(url + "/fuyi/decisions")
    link = page.locator('a[href="/fuyi/decisions/%d"]' % published)
    expect(link).to_be_visible()
    shots(page, "decisions")
    link.click()
    expect(page.locator(".fp-decision-text")).to_contain_text("撤销被申请人作出的罚款决定")
    assert "李某某" not in page.locator(".fp-decision").inner_text()
    shots(page, "decision")

    # --- the clerk's side of the same case, at desktop size ---
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    context.set_default_timeout(TIMEOUT_MS)
    desk = context.new_page()
    watch = PageWatch(desk)
    try:
        login(desk, url)
        desk.goto(url + "/web#model=fuyi.reconsideration&id=%d&view_type=form" % case_id)
        form = desk.locator(".fz-form-view[data-model='fuyi.reconsideration'] .fz-sheet")
        expect(form).to_be_visible()
        case_name = case.read(["name"])[0]["name"]
        expect(form).to_contain_text(case_name)
        expect(form).to_contain_text(applicant_name)                   # the clerk sees the real name
        expect(form).to_contain_text("县市场监督管理局（门户测试）")
        expect(form).to_contain_text("网上")                            # channel online
        # the act, the evidence and the corrections, under server-made names starting with the case number
        uploaded = desk.locator(".fz-attachment-name", has_text=case_name.replace("/", "-"))
        expect(uploaded.first).to_be_visible()
        names = uploaded.all_inner_texts()
        assert len(names) == 3 and sum(name.endswith(".pdf") for name in names) == 2, names
        desk.locator(".fz-tab", has_text="网上申请").first.click()
        panel = desk.locator(".fz-tab-panel:visible")
        expect(panel).to_contain_text("127.0.0.1")
        expect(panel).to_contain_text("行政复议申请补正通知书")
        shots(desk, "backoffice-case")
        watch.check()
    finally:
        context.close()


def test_the_form_adapts_to_the_applicant_on_a_phone(phone, portal_server):
    """An organisation gives its USCC (checked as typed) and legal representative; an agent's
    fields appear only when an agent is named. The server checks everything again."""
    page = phone
    page.goto(portal_server.url + "/fuyi/apply")
    expect(page.locator("[data-fp-agent]")).to_be_hidden()
    expect(page.locator("#fp-legal-rep")).to_be_hidden()
    page.get_by_label("法人或者其他组织").check()
    expect(page.locator("#fp-applicant-id")).to_be_hidden()
    expect(page.locator("#fp-legal-rep")).to_be_visible()
    feedback = page.locator('[data-fp-feedback="fp-applicant-uscc"]')
    page.fill("#fp-applicant-uscc", "91330106MA2H0000")
    expect(feedback).to_have_text("还需输入 2 位")
    page.fill("#fp-applicant-uscc", "91330106MA2H00000C")
    expect(feedback).to_contain_text("校验码不符")
    page.fill("#fp-applicant-uscc", "９１３３０１０６ma2h00000b")         # full-width and lower case typed
    expect(feedback).to_have_text("统一社会信用代码校验通过")
    page.check("#fp-has-agent")
    expect(page.locator("#fp-agent-name")).to_be_visible()
    expect(page.locator("#fp-file-poa")).to_be_visible()
    # without the SMS code and the other elements the server refuses and keeps what was typed
    page.fill("#fp-applicant-name", "某某科技有限公司")
    page.click("#fp-apply-form button[type=submit]:not(#fp-send-code)")
    expect(page.locator(".fp-field-error").first).to_be_visible()
    expect(page.locator("#fp-applicant-name")).to_have_value("某某科技有限公司")
    expect(page.get_by_label("法人或者其他组织")).to_be_checked()
    expect(page.locator("#fp-legal-rep")).to_be_visible()
