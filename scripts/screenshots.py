#!/usr/bin/env python3
"""Screenshots of the web client's main screens, for the docs.

Serves a throw-away demo instance (SQLite in a temporary data dir, fuyi_case with its demo
county), drives Debian's headless Chromium with Playwright and writes PNGs to
docs/screenshots/: login, case list, case kanban, case form, chatter, case analysis (graph and
pivot). Nothing is downloaded.

    python3 scripts/screenshots.py [--out docs/screenshots]
"""
import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ADDONS = "fuyi_case,yingsu,jiandu,xinyong"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class DemoServer:
    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="fazhi-screenshots-")
        self.data_dir = os.path.join(self.root, "data")
        self.password = "Shot-" + secrets.token_urlsafe(12) + "!9a"
        self.port = free_port()
        self.proc = None

    def env(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("FAZHI_")}
        env.update({"FAZHI_DATA_DIR": self.data_dir, "FAZHI_ADMIN_PASSWORD": self.password,
                    "FAZHI_PASSWORD_ROUNDS": "1000", "PYTHONUNBUFFERED": "1"})
        return env

    def cli(self, *args):
        return [sys.executable, "-m", "fazhi.cli", "--data-dir", self.data_dir, *args]

    def start(self):
        subprocess.run(self.cli("db", "create", "demo", "--install", ADDONS, "--demo", "--lang", "zh_CN"),
                       env=self.env(), cwd=REPO, check=True, capture_output=True)
        log = open(os.path.join(self.root, "server.log"), "wb")
        self.proc = subprocess.Popen(self.cli("serve", "--host", "127.0.0.1", "--port", str(self.port), "-d", "demo"),
                                     env=self.env(), cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("the server exited: see %s/server.log" % self.root)
            try:
                urllib.request.urlopen(self.url + "/web/health", timeout=2).read()
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("the server did not start in time")

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        shutil.rmtree(self.root, ignore_errors=True)


def shoot(server, out):
    from playwright.sync_api import sync_playwright
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN",
                                      timezone_id="Asia/Shanghai", device_scale_factor=1)
        page = context.new_page()
        page.set_default_timeout(30000)

        page.goto(server.url + "/web/login")
        page.fill("#fz-login-login", "admin")
        page.screenshot(path=str(out / "login.png"))
        page.fill("#fz-login-password", server.password)
        page.click(".fz-login-submit")
        page.wait_for_selector("#fz-app[data-ready='1']")

        page.goto(server.url + "/web#action=fuyi_case.fuyi_reconsideration_action")
        page.wait_for_selector(".fz-list-view .fz-row")
        page.locator(".fz-search-input").click()
        page.mouse.move(0, 0)
        page.screenshot(path=str(out / "case-list.png"))

        page.click(".fz-view-switcher button[data-view-type='kanban']")
        page.wait_for_selector(".fz-kanban-card")
        page.screenshot(path=str(out / "case-kanban.png"))
        page.click(".fz-view-switcher button[data-view-type='list']")
        page.wait_for_selector(".fz-list-view .fz-row")

        # an open case with a deadline badge, its "why this date" explanation shown
        row = page.locator(".fz-row").filter(has=page.locator(".fz-badge-amber, .fz-badge-red")).first
        if not row.count():
            row = page.locator(".fz-row").first
        row.locator("td").nth(1).click()
        page.wait_for_selector(".fz-form-view .fz-sheet")
        page.wait_for_selector(".fz-chatter .fz-thread")
        badge = page.locator(".fz-form-view .fz-deadline-badge")
        if badge.count():
            badge.first.focus()
        page.screenshot(path=str(out / "case-form.png"))

        page.locator(".fz-chatter").scroll_into_view_if_needed()
        page.click(".fz-chatter-note")
        page.fill(".fz-composer-input", "已电话联系申请人，补正材料将于三日内提交。")
        page.click(".fz-composer-send")
        page.locator(".fz-message-body").filter(has_text="补正材料").wait_for()
        page.locator(".fz-chatter").screenshot(path=str(out / "chatter.png"))

        # statistics analysis: cases by month and state (graph), by agency × decision type (pivot)
        page.goto(server.url + "/web#action=fuyi_case.fuyi_reconsideration_analysis_action")
        page.wait_for_selector(".fz-graph-view:not([data-loading]) .fz-graph-svg")
        page.evaluate("() => window.scrollTo(0, 0)")
        page.mouse.move(0, 0)
        page.screenshot(path=str(out / "case-graph.png"))
        page.click(".fz-view-switcher button[data-view-type='pivot']")
        page.wait_for_selector(".fz-pivot-view:not([data-loading]) .fz-pivot-table")
        page.screenshot(path=str(out / "case-pivot.png"))
        browser.close()
    return sorted(p.name for p in out.glob("*.png"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    args = parser.parse_args()
    if not os.path.exists(CHROMIUM):
        sys.exit("%s is missing: install the Debian chromium package (scripts/test does)" % CHROMIUM)
    server = DemoServer()
    try:
        server.start()
        names = shoot(server, Path(args.out))
    finally:
        server.stop()
    print("wrote %s to %s" % (", ".join(names), args.out))


if __name__ == "__main__":
    main()
