"""Shared helpers of the browser tests (constants, login, the page watch)."""
from rpc_support import ADMIN_PASSWORD

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


def login(page, base_url, login="admin", password=ADMIN_PASSWORD):
    page.goto(base_url + "/web/login")
    page.fill("#fz-login-login", login)
    page.fill("#fz-login-password", password)
    page.click(".fz-login-submit")
    page.wait_for_selector("#fz-app[data-ready='1']")
