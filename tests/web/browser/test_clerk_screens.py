"""Issue 13: what a new clerk tripped over on the screens (deadline badge on the form, create from
a many2one, the 当事人 menu, buttons only where they do something, Chinese everywhere)."""
from playwright.sync_api import expect

from rpc_support import unique_name  # noqa: F401  (used by later tests of this file)


def open_case(page, web_server, case_id):
    page.goto(web_server.url + "/web#model=fuyi.reconsideration&id=%d&view_type=form" % case_id)
    page.wait_for_selector(".fz-form-view[data-model='fuyi.reconsideration'] .fz-sheet")


def test_clicking_the_deadline_badge_on_the_form_shows_why_this_date(page, web_server, seed):
    overdue = seed["overdue"]
    open_case(page, web_server, overdue["id"])
    badge = page.locator(".fz-form-view .fz-deadline-badge").first
    tip = page.locator(".fz-form-view .fz-popover").first
    badge.click()
    expect(tip).to_be_visible()
    assert tip.locator(".fz-popover-body").inner_text().strip() == overdue["deadline_explanation"].strip()
    page.mouse.move(5, 5)                  # pinned by the click: moving away keeps it open
    expect(tip).to_be_visible()
    badge.click()                          # a second click closes it
    expect(tip).to_be_hidden()
