"""End-to-end RPC conformance: `fazhi serve` in a subprocess, driven by odoorpc 0.10.1 and
xmlrpc.client (spec: /work/shared/design/rpc-protocol.md, checklist §10).

One session-wide server (`rpc_server`) serves most tests: production mode, database manager
on, the default reported version (a Flectra series < 10, so odoorpc takes the legacy login
flow), a database with the four product addons plus ``test_orm_a``/``test_orm_b``, and an admin
who is also ``test_orm_a.group_a_manager`` (set up with the CLI shell, not over RPC).
Servers with other settings come from ``server_factory`` and are started once per session.

Every server has its own temporary data dir and database (a unique name, so that several
runs can share one PostgreSQL cluster). Servers are stopped by pid; the PostgreSQL databases
they created (and those tests registered with ``server.track_db``) are dropped at the end.
"""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from rpc_support import (  # noqa: E402
    ADMIN_PASSWORD, MASTER_PASSWORD, USER_PASSWORD, RpcServer, make_user_on,
)

_servers = {}


def _get_server(key, **kwargs):
    server = _servers.get(key)
    if server is None:
        server = RpcServer(key, **kwargs)
        _servers[key] = server
        try:
            server.start()
        except BaseException:
            _servers.pop(key, None)
            server.stop()
            raise
    elif not server.alive():
        pytest.fail("server %s died:\n%s" % (key, server.log_tail()))
    return server


@pytest.fixture(scope="session")
def rpc_server():
    """The shared server: production mode, default version (legacy odoorpc flow), db manager on."""
    return _get_server("main")


@pytest.fixture(scope="session")
def server_factory():
    """``server_factory(label, **settings)``: a server with other settings, one per label."""
    def make(label, **kwargs):
        return _get_server(label, **kwargs)
    return make


@pytest.fixture(scope="session", autouse=True)
def _stop_servers():
    yield
    for key in list(_servers):
        _servers.pop(key).stop()


@pytest.fixture(scope="session")
def dev_server(server_factory):
    """Reports version 17.0 (odoorpc takes the modern flow) and runs in dev mode (tracebacks)."""
    return server_factory("dev17", version="17.0", dev_mode=True)


@pytest.fixture(scope="session")
def admin_password():
    return ADMIN_PASSWORD


@pytest.fixture(scope="session")
def master_password():
    return MASTER_PASSWORD


@pytest.fixture
def odoo(rpc_server):
    """odoorpc logged in as admin through the legacy flow (the probe reports a version < 10)."""
    client = rpc_server.odoo()
    yield client


@pytest.fixture
def odoo_modern(rpc_server):
    """odoorpc logged in as admin through the modern flow (version='17.0' skips the probe)."""
    return rpc_server.odoo(version="17.0")


@pytest.fixture(scope="session")
def admin_uid(rpc_server):
    res = rpc_server.jsonrpc("common", "login", rpc_server.dbname, "admin", ADMIN_PASSWORD)
    assert isinstance(res.get("result"), int) and res["result"], res
    return res["result"]


@pytest.fixture(scope="session")
def xml_common(rpc_server):
    return rpc_server.xmlrpc("common")


@pytest.fixture(scope="session")
def xml_object(rpc_server):
    return rpc_server.xmlrpc("object")


@pytest.fixture
def make_user(rpc_server):
    def make(groups=("base.group_user",), password=USER_PASSWORD, login=None):
        return make_user_on(rpc_server, groups=groups, password=password, login=login)
    return make


@pytest.fixture(scope="session")
def plain_user(rpc_server):
    """An internal user with base.group_user only (no access to the test models)."""
    return make_user_on(rpc_server, groups=("base.group_user",))


@pytest.fixture
def server_clock(rpc_server):
    """Shift the shared server's clock; reset to 0 afterwards."""
    yield rpc_server.set_clock
    rpc_server.set_clock(0)

