"""Issue 5's "done when", as a clerk does it in the browser with no code: register an application,
accept it, route it (繁简分流), decide it and issue the decision document, then download it."""
import re

import pytest
from playwright.sync_api import expect

from rpc_support import unique_name

CASES = "/web#action=fuyi_case.fuyi_reconsideration_action"


def click_button(page, name, scope=None):
    (scope or page).locator("button[data-name='%s']" % name).first.click()


def pick(scope, field, text):
    """Type into a many2one and take the suggestion naming ``text``."""
    box = scope.locator(".fz-field[data-name='%s'] input" % field)
    box.click()
    box.type(text, delay=20)
    scope.locator(".fz-autocomplete-option").filter(has_text=text).first.click()


def status(page):
    return page.locator(".fz-statusbar .fz-status-current").inner_text().strip()


def wait_status(page, label):
    page.locator(".fz-statusbar .fz-status-current").filter(has_text=label).wait_for()


def test_register_accept_route_decide_and_issue_the_decision(page, web_server, seed, admin_rpc):
    docx = pytest.importorskip("docx")
    title = unique_name("不服罚款决定")
    act = "罚款2000元的行政处罚决定" + unique_name("")
    # 1. register the application from the list's 新建: the respondent follows from the agency
    page.goto(web_server.url + CASES)
    page.wait_for_selector(".fz-list-view")
    page.click(".fz-btn-create")
    page.wait_for_selector(".fz-form-view .fz-btn-save")
    page.fill(".fz-field[data-name='title'] input", title)
    pick(page, "agency_id", seed["agency_name"])
    page.fill(".fz-field[data-name='act_description'] input", act)
    page.click(".fz-tab[data-page='parties']")
    parties = page.locator(".fz-field[data-name='party_ids']")
    parties.locator(".fz-x2many-addline").click()
    dialog = page.locator(".fz-dialog")
    pick(dialog, "partner_id", "张三")
    dialog.locator(".fz-field[data-name='role'] select").select_option("applicant")
    dialog.locator(".fz-dialog-footer .fz-btn-primary").click()
    expect(parties.locator("tbody tr.fz-row")).to_have_count(1)
    page.click(".fz-btn-save")
    page.wait_for_selector(".fz-btn-edit")
    case_id = int(re.search(r"[&#]id=(\d+)", page.url).group(1))
    case = admin_rpc.execute_kw("fuyi.reconsideration", "read", [[case_id], ["name", "state", "deadline_state"]])[0]
    assert case["state"] == "review" and re.match(r"^.+〔\d{4}〕\d+号$", case["name"]), case
    assert status(page) == "受理审查"
    page.locator(".fz-breadcrumb-current").filter(has_text=case["name"]).wait_for()
    # the acceptance-review deadline shows as a badge with its explanation
    assert page.locator(".fz-deadline-badge").first.is_visible()
    # the agency concerned is the respondent: a party line of its own, entered once
    page.click(".fz-tab[data-page='parties']")
    expect(parties.locator("tbody tr.fz-row")).to_have_count(2)
    expect(parties.locator("tbody tr.fz-row").filter(has_text=seed["agency_name"])).to_have_count(1)
    # a clerk's buttons do something: no separate 繁简分流 (acceptance routes)
    assert page.locator("button[data-name='action_route']").count() == 0

    # 2. 受理: the dialog checks the date (ARL Art. 30) and shows the procedure the table gives (Art. 53)
    click_button(page, "action_open_accept")
    dialog = page.locator(".fz-dialog")
    rule = dialog.locator(".fz-field[data-name='routing_text']")
    expect(rule).to_contain_text("《行政复议法》第五十三条")
    click_button(page, "action_confirm", dialog.locator(".fz-dialog-footer"))
    wait_status(page, "已受理")

    # 3. routed on acceptance: the rule and the article are recorded
    routed = admin_rpc.execute_kw("fuyi.reconsideration", "read", [[case_id], ["routing_rule", "procedure"]])[0]
    assert routed["routing_rule"] and routed["procedure"] in ("simple", "ordinary")

    # 4. decide in the dialog, with the decision document prepared
    click_button(page, "action_open_decide")
    dialog = page.locator(".fz-dialog")
    dialog.locator(".fz-field[data-name='decision_type'] select").select_option("uphold")
    dialog.locator(".fz-field[data-name='decision_summary'] textarea").fill("事实清楚，证据确凿，适用依据正确，程序合法，内容适当。")
    click_button(page, "action_confirm", dialog.locator(".fz-dialog-footer"))
    page.wait_for_selector(".fz-form-view[data-model='fuyi.document'] .fz-sheet")
    wait_status(page, "草稿")

    # 5. 签发: the dialog shows the draft's text first; issuing draws the number, then download the .docx
    click_button(page, "action_open_issue")
    dialog = page.locator(".fz-dialog")
    preview = dialog.locator(".fz-field[data-name='preview_text']")
    expect(preview).to_contain_text("被申请人：%s" % seed["agency_name"])
    expect(preview).to_contain_text(act)
    click_button(page, "action_confirm", dialog.locator(".fz-dialog-footer"))
    wait_status(page, "已签发")
    assert page.locator(".fz-dialog").count() == 0
    crumbs = [c.strip() for c in page.locator(".fz-breadcrumb").all_inner_texts()]
    assert len(crumbs) == len(set(crumbs)), crumbs   # the issued document once (issue 13 item 4)
    with page.expect_download() as info:
        click_button(page, "action_download")
    number = admin_rpc.execute_kw("fuyi.document", "search_read", [[("case_id.name", "=", case["name"]),
                                                                    ("doc_type", "=", "decision_document")]],
                                  {"fields": ["number"]})[0]["number"]
    assert info.value.suggested_filename == "行政复议决定书-%s.docx" % number
    document = docx.Document(info.value.path())
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "行政复议决定书" in text
    assert "被申请人：%s" % seed["agency_name"] in text
    assert act in text
    assert re.search(r"〔\d{4}〕\d+号", text)
    decided = admin_rpc.execute_kw("fuyi.reconsideration", "read", [[case_id], ["state", "decision_type"]])[0]
    assert (decided["state"], decided["decision_type"]) == ("decided", "uphold")


def test_issuing_without_the_act_lists_what_to_fill_in(page, web_server, seed, admin_rpc):
    """Issue 13 item 2: the 签发 dialog says what the case lacks, and issuing is refused with that list."""
    made = seed["make"](0, unique_name("缺行政行为"))
    cases = admin_rpc.env["fuyi.reconsideration"]
    admin_rpc.execute_kw("fuyi.reconsideration", "action_accept", [[made["id"]]], {"procedure": "ordinary"})
    admin_rpc.execute_kw("fuyi.reconsideration", "write", [[made["id"]], {"act_description": False}])
    admin_rpc.execute_kw("fuyi.reconsideration", "action_decide", [[made["id"]], "uphold"], {"summary": "事实清楚。"})
    doc_id = admin_rpc.execute_kw("fuyi.reconsideration", "action_create_document", [[made["id"]], "decision_document"])
    assert cases
    page.goto(web_server.url + "/web#model=fuyi.document&id=%d&view_type=form" % doc_id)
    page.wait_for_selector(".fz-form-view[data-model='fuyi.document'] .fz-sheet")
    click_button(page, "action_open_issue")
    dialog = page.locator(".fz-dialog")
    expect(dialog.locator(".fz-field[data-name='issue_missing']")).to_contain_text("行政行为")
    click_button(page, "action_confirm", dialog.locator(".fz-dialog-footer"))
    error = page.locator(".fz-notification-danger").last
    error.wait_for()
    assert "行政行为" in error.inner_text() and "暂不能签发" in error.inner_text()
    assert admin_rpc.execute_kw("fuyi.document", "read", [[doc_id], ["state", "number"]])[0]["state"] == "draft"
