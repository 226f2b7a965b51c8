"""Shared helpers of the browser tests (constants, login, the page and server-log watches, throw-away views)."""
import os
import re

from rpc_support import ADMIN_PASSWORD, unique_name

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 20000

XSS_TITLE = '<script>alert("title")</script><img src=x onerror=alert("title")>不服罚款'
XSS_PARTNER = '<img src=x onerror=alert("partner")>张三'


class PageWatch:
    """What a page did that it must not: dialogs, uncaught errors, CSP violations."""

    def __init__(self, page):
        self.dialogs, self.errors, self.csp = [], [], []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("console", self._console)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, msg):
        text = msg.text
        if "Content Security Policy" in text or "Refused to" in text:
            self.csp.append(text)
        elif msg.type == "error" and "Failed to load resource" not in text:
            self.errors.append(text)

    #: set by a test that feeds raw payloads to the client's HTML sanitizer: Chromium reports
    #: (and blocks) inline handlers/styles while DOMParser parses them, though they never run
    allow_blocked_csp_reports = False

    def check(self):
        assert not self.dialogs, "a JavaScript dialog was opened: %r" % self.dialogs
        if self.allow_blocked_csp_reports:
            assert all("violates" in text for text in self.csp), self.csp
        else:
            assert not self.csp, "CSP violations: %r" % self.csp
        assert not self.errors, "page errors: %r" % self.errors


class ServerLogWatch:
    """The server log's ERROR and CRITICAL records written from now on (``check`` asserts none)."""

    LEVELS = re.compile(r"^\S+ \S+ (ERROR|CRITICAL) ", re.M)

    def __init__(self, path):
        self.path = path
        self.start = os.path.getsize(path) if os.path.exists(path) else 0
        self.allowed = []

    def allow(self, pattern):
        self.allowed.append(re.compile(pattern))

    def errors(self):
        with open(self.path, "rb") as log:
            log.seek(self.start)
            text = log.read().decode("utf-8", "replace")
        records = [m.start() for m in self.LEVELS.finditer(text)]
        found = []
        for i, at in enumerate(records):
            # a record runs to the next line that starts a log record (its traceback included)
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            chunk = text[at:end]
            tail = text[end:records[i + 1]] if i + 1 < len(records) else text[end:end + 3000]
            if not any(p.search(chunk + tail) for p in self.allowed):
                found.append(chunk + tail[:3000])
        return found

    def check(self):
        errors = self.errors()
        assert not errors, "the server logged errors during the test:\n%s" % "\n".join(errors)


def login(page, base_url, login="admin", password=ADMIN_PASSWORD):
    page.goto(base_url + "/web/login")
    page.fill("#fz-login-login", login)
    page.fill("#fz-login-password", password)
    page.click(".fz-login-submit")
    page.wait_for_selector("#fz-app[data-ready='1']")


def order_view_action(admin_rpc, view_type, arch, label):
    """A generator for a fixture: a ``view_type`` view of test_orm_a's order with ``arch`` and a
    window action opening it; yields the action id and removes both afterwards."""
    view_id = admin_rpc.execute_kw("ir.ui.view", "create", [{
        "name": unique_name("browser.order.%s" % label), "model": "test.orm.order", "type": view_type,
        "arch": arch, "priority": 99}])
    action_id = admin_rpc.execute_kw("ir.actions.act_window", "create", [{
        "name": "Orders", "res_model": "test.orm.order", "view_mode": view_type, "view_id": view_id}])
    yield action_id
    admin_rpc.execute_kw("ir.actions.act_window", "unlink", [[action_id]])
    admin_rpc.execute_kw("ir.ui.view", "unlink", [[view_id]])
