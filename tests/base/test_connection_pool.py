"""Issue 18 item 8: a pooled PostgreSQL connection whose server side ended (a live restore, a
server restart) is dropped and replaced, never handed to a request."""
import pytest

from fazhi.testing.common import get_test_database


@pytest.fixture
def pg():
    backend, dbname = get_test_database()
    if backend.dialect.name != "postgresql":
        pytest.skip("connection pooling across server-side terminations is PostgreSQL's")
    return backend, dbname


def _pid(cr):
    cr.execute("SELECT pg_backend_pid()")
    return cr.fetchone()[0]


def test_terminated_pooled_connections_are_replaced(pg):
    backend, dbname = pg
    cursors = [backend.cursor(dbname) for _ in range(3)]
    pids = [_pid(cr) for cr in cursors]
    for cr in cursors:
        cr.close()                                   # back into the pool, alive
    admin = backend._admin_connect()
    try:
        with admin.cursor() as cur:                  # what a live drop/restore does to them
            cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = ANY(%s)", [pids])
    finally:
        admin.close()
    import time
    time.sleep(0.2)                                  # the goodbye reaches the sockets
    for _ in range(3):
        cr = backend.cursor(dbname)
        try:
            cr.execute("SELECT 1")
            assert cr.fetchone() == (1,)
            assert _pid(cr) not in pids
        finally:
            cr.close()


def test_live_pooled_connection_is_reused(pg):
    backend, dbname = pg
    backend.close_all(dbname)
    cr = backend.cursor(dbname)
    pid = _pid(cr)
    cr.close()
    cr = backend.cursor(dbname)
    try:
        assert _pid(cr) == pid
    finally:
        cr.close()
