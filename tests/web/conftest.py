"""Fixtures of the web client tests (server side; the browser tests live in tests/web/browser).

``web_server`` is one `fazhi serve` subprocess for the session (tests/rpc/rpc_support.py's
``RpcServer``: own data dir and database with the four product addons), with a clerk and a
plain case user made once. ``web_client`` is a fresh, logged-out ``WebClient`` on it.
"""
import os
import sys

import pytest

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(_HERE), "rpc"))
sys.path.insert(0, _HERE)

from rpc_support import ADMIN_PASSWORD, USER_PASSWORD, RpcServer, make_user_on  # noqa: E402
from web_support import WebClient  # noqa: E402

_state = {}


@pytest.fixture(scope="session")
def web_server():
    server = _state.get("server")
    if server is None:
        server = RpcServer("web")
        try:
            server.start()
        except BaseException:
            server.stop()
            raise
        _state["server"] = server
    elif not server.alive():
        pytest.fail("web server died:\n%s" % server.log_tail())
    yield server


@pytest.fixture(scope="session", autouse=True)
def _stop_web_server():
    yield
    server = _state.pop("server", None)
    if server is not None:
        server.stop()


@pytest.fixture(scope="session")
def web_users(web_server):
    """``{"clerk": {...}, "user": {...}}``: a reconsideration clerk and a plain case user."""
    return {
        "clerk": make_user_on(web_server, groups=("fuyi_case.fuyi_case_group_clerk",)),
        "user": make_user_on(web_server, groups=("fuyi_case.fuyi_case_group_user",)),
        "internal": make_user_on(web_server, groups=("base.group_user",)),
    }


@pytest.fixture
def web_client(web_server):
    return WebClient(web_server)


@pytest.fixture
def admin_client(web_server):
    client = WebClient(web_server)
    res = client.login("admin", ADMIN_PASSWORD)
    assert res.status == 303, res
    return client


@pytest.fixture
def user_password():
    return USER_PASSWORD
