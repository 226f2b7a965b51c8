"""Fixtures of the browser tests: headless Chromium from Debian driven by Playwright.

One browser for the session; each test gets a fresh context (its own cookies) with hooks that
record JavaScript dialogs (an XSS payload that ran would open one), page errors and CSP
violations, and fail the test if any occurred. The server is tests/web/conftest.py's
``web_server`` (a real `fazhi serve` with fuyi_case installed); ``seed`` adds a few cases
with XSS payloads in their texts through RPC.
"""
import datetime
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from browser_support import (  # noqa: E402
    CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, XSS_PARTNER, XSS_TITLE, PageWatch, ServerLogWatch, login,
)
from rpc_support import unique_name  # noqa: E402

@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("%s is missing (scripts/test installs the Debian chromium package)" % CHROMIUM)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def admin_state(browser, web_server):
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    login(page, web_server.url)
    state = context.storage_state()
    context.close()
    return state


def _new_page(browser, state=None):
    context = browser.new_context(storage_state=state, viewport={"width": 1366, "height": 900},
                                  accept_downloads=True, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    watch = PageWatch(page)
    page.fz_watch = watch
    return context, page, watch


@pytest.fixture(autouse=True)
def server_log_clean(request):
    """Fails a browser test when the server logged an ERROR (or worse) while it ran: a failed call
    the user may not have noticed is still a bug. ``server_log_clean.allow(pattern)`` accepts the
    errors a test provokes on purpose."""
    if "web_server" not in request.fixturenames:
        yield None
        return
    server = request.getfixturevalue("web_server")
    watch = ServerLogWatch(server.log_path)
    yield watch
    watch.check()


@pytest.fixture
def anon_page(browser):
    context, page, watch = _new_page(browser)
    yield page
    context.close()
    watch.check()


@pytest.fixture
def page(browser, admin_state):
    """A page of a logged-in admin; fails the test on dialogs, page errors or CSP violations."""
    context, page, watch = _new_page(browser, admin_state)
    yield page
    context.close()
    watch.check()


@pytest.fixture(scope="session")
def admin_rpc(web_server):
    return web_server.odoo()


@pytest.fixture(scope="session")
def seed(admin_rpc):
    """An agency, an applicant with an XSS name, a fresh case (XSS title) and an overdue case;
    ``seed["make"](days_ago, title)`` makes more cases for tests that change them."""
    env = admin_rpc.env
    today = datetime.date.today()
    partners = env["res.partner"]
    agency_name = unique_name("县测试局")
    agency = partners.create({"name": agency_name, "party_kind": "agency"})
    applicant = partners.create({"name": XSS_PARTNER, "party_kind": "person"})
    cases = env["fuyi.reconsideration"]

    def make(days_ago=0, title="不服罚款决定"):
        received = (today - datetime.timedelta(days=days_ago)).isoformat()
        case_id = cases.create({
            "date_received": received, "act_known_date": received, "agency_id": agency, "title": title,
            "request": "撤销罚款决定",
            "party_ids": [(0, 0, {"partner_id": applicant, "role": "applicant", "is_primary": True}),
                          (0, 0, {"partner_id": agency, "role": "respondent"})]})
        return cases.read([case_id], ["name", "state", "deadline_state", "deadline_explanation", "title"])[0]
    fresh = make(0, XSS_TITLE)
    overdue = make(30, "逾期案件" + unique_name("t"))
    assert overdue["deadline_state"] == "red", overdue
    return {"agency": agency, "applicant": applicant, "fresh": fresh, "overdue": overdue,
            "agency_name": agency_name, "make": make}
