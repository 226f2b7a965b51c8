"""Fixtures of the portal tests: one `fazhi serve` with fuyi_portal installed (tests/rpc's
``RpcServer``), agencies to apply against, and an anonymous ``PortalVisitor`` per test.

Every visitor comes from 127.0.0.1, so the per-address limits are raised for the session
(``generous_limits``); the flood tests lower one limit at a time with ``portal_limit``.
"""
import os
import re
import sys

import pytest

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(_HERE), "rpc"))
sys.path.insert(0, os.path.join(os.path.dirname(_HERE), "web"))
sys.path.insert(0, os.path.join(os.path.dirname(_HERE), "web", "browser"))
sys.path.insert(0, _HERE)

from rpc_support import INSTALL, RpcServer  # noqa: E402
from portal_support import PortalVisitor  # noqa: E402

#: per-address limits high enough that the session's tests do not trip each other
GENEROUS = {
    "fuyi_portal.sms_per_address_hour": 10000,
    "fuyi_portal.submit_per_address_hour": 10000,
    "fuyi_portal.submit_per_address_day": 10000,
    "fuyi_portal.track_per_address_hour": 10000,
    "fuyi_portal.open_failures_per_address_hour": 10000,
}

_state = {}


class PortalServer(RpcServer):
    """The product addons plus fuyi_portal; the admin reviews publications too (a lead)."""

    def setup_database(self):
        self.cli("db", "create", self.dbname, "--install", INSTALL + ",fuyi_portal")
        self.cli("shell", "-d", self.dbname, stdin=(
            "admin = env.ref('base.user_admin')\n"
            "admin.write({'groups_id': [(4, env.ref('fuyi_case.fuyi_case_group_lead').id),"
            " (4, env.ref('test_orm_a.group_a_manager').id)]})\n"))

    def set_params(self, values):
        admin = self.odoo()
        params = admin.env["ir.config_parameter"]
        for key, value in values.items():
            params.set_param(key, str(value))

    def sms_bodies(self, mobile):
        """Texts queued for ``mobile``, newest first (no gateway is configured: they wait in sms.sms)."""
        admin = self.odoo()
        Sms = admin.env["sms.sms"]
        ids = Sms.search([("number", "=", mobile)], order="id desc")
        return [row["body"] for row in Sms.read(ids, ["body"])] if ids else []

    def last_code(self, mobile):
        for body in self.sms_bodies(mobile):
            match = re.search(r"(?<!\d)(\d{6})(?!\d)", body)
            if match:
                return match.group(1)
        raise AssertionError("no SMS code was sent to %s" % mobile)


@pytest.fixture(scope="session")
def portal_server():
    server = _state.get("server")
    if server is None:
        server = PortalServer("portal")
        try:
            server.start()
            server.set_params(GENEROUS)
        except BaseException:
            server.stop()
            raise
        _state["server"] = server
    elif not server.alive():
        pytest.fail("portal server died:\n%s" % server.log_tail())
    yield server


@pytest.fixture(scope="session", autouse=True)
def _stop_portal_server():
    yield
    server = _state.pop("server", None)
    if server is not None:
        server.stop()


@pytest.fixture(scope="session")
def agencies(portal_server):
    """Two respondent agencies of the county, as fuyi_case models them."""
    admin = portal_server.odoo()
    Partner = admin.env["res.partner"]
    return {
        "market": Partner.create({"name": "县市场监督管理局（门户测试）", "party_kind": "agency"}),
        "land": Partner.create({"name": "县自然资源局（门户测试）", "party_kind": "agency"}),
    }


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium driven by Playwright (tests/web/browser's settings); per module,
    because Playwright's sync API allows one instance at a time and tests/web/browser keeps its
    own for the rest of the session."""
    from browser_support import CHROMIUM, CHROMIUM_ARGS
    if not os.path.exists(CHROMIUM):
        pytest.skip("%s is missing (scripts/test installs the Debian chromium package)" % CHROMIUM)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def visitor(portal_server):
    return PortalVisitor(portal_server)


@pytest.fixture
def portal_limit(portal_server):
    """``portal_limit(key, value)`` sets one limit for this test; the generous value comes back after."""
    changed = []

    def set_limit(key, value):
        changed.append(key)
        portal_server.set_params({key: value})

    yield set_limit
    portal_server.set_params({key: GENEROUS.get(key, 10000) for key in changed})
