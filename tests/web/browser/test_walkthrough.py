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
    # 1. register the application from the list's 新建
    page.goto(web_server.url + CASES)
    page.wait_for_selector(".fz-list-view")
    page.click(".fz-btn-create")
    page.wait_for_selector(".fz-form-view .fz-btn-save")
    page.fill(".fz-field[data-name='title'] input", title)
    pick(page, "agency_id", seed["agency_name"])
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

    # 2. accept
    click_button(page, "action_accept")
    wait_status(page, "已受理")

    # 3. route: the Art. 53 table decides and the rule is recorded
    click_button(page, "action_route")
    routed = None
    for _ in range(50):
        routed = admin_rpc.execute_kw("fuyi.reconsideration", "read", [[case_id], ["routing_rule", "procedure"]])[0]
        if routed["routing_rule"]:
            break
        page.wait_for_timeout(100)
    assert routed["routing_rule"] and routed["procedure"] in ("simple", "ordinary")

    # 4. decide in the dialog, with the decision document prepared
    click_button(page, "action_open_decide")
    dialog = page.locator(".fz-dialog")
    dialog.locator(".fz-field[data-name='decision_type'] select").select_option("uphold")
    dialog.locator(".fz-field[data-name='decision_summary'] textarea").fill("事实清楚，证据确凿，适用依据正确，程序合法，内容适当。")
    click_button(page, "action_confirm", dialog.locator(".fz-dialog-footer"))
    page.wait_for_selector(".fz-form-view[data-model='fuyi.document'] .fz-sheet")
    wait_status(page, "草稿")

    # 5. issue it: the document number is drawn, then download the .docx
    click_button(page, "action_open_issue")
    dialog = page.locator(".fz-dialog")
    click_button(page, "action_confirm", dialog.locator(".fz-dialog-footer"))
    wait_status(page, "已签发")
    assert page.locator(".fz-dialog").count() == 0
    crumbs = [c.strip() for c in page.locator(".fz-breadcrumb").all_inner_texts()]
    assert len(crumbs) == len(set(crumbs)), crumbs   # the issued document once (issue 13 item 4)
    with page.expect_download() as info:
        click_button(page, "action_download")
    document = docx.Document(info.value.path())
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "行政复议决定书" in text
    assert title in text
    assert re.search(r"〔\d{4}〕\d+号", text)
    decided = admin_rpc.execute_kw("fuyi.reconsideration", "read", [[case_id], ["state", "decision_type"]])[0]
    assert (decided["state"], decided["decision_type"]) == ("decided", "uphold")
