"""Concurrent clients against `serve --workers 2` on PostgreSQL: no lost writes (rpc-protocol.md §5
object: one transaction per call, serialization conflicts retried; security-reliability DB-2)."""
import os
import threading

import pytest
from odoorpc.error import RPCError

from rpc_support import on_postgresql, unique_name

pytestmark = pytest.mark.skipif(not on_postgresql(),
                                reason="multi-worker serving needs PostgreSQL (FAZHI_TEST_DB_URL unset: SQLite)")

THREADS = 4
OPS = 15


@pytest.fixture(scope="module")
def workers_server(server_factory):
    return server_factory("workers", workers=2)


def _children(pid):
    kids = []
    for task in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/children" % (pid, task)) as fp:
                kids += [int(k) for k in fp.read().split()]
        except OSError:
            pass
    return kids


def test_serve_workers_2_forks_two_workers(workers_server):
    assert len(_children(workers_server.proc.pid)) >= 2


def run_threads(server, work):
    """Run ``work(client, thread_index, op_index)`` OPS times in each of THREADS threads, each with
    its own odoorpc client; returns (acknowledged results, errors)."""
    acked, errors = [], []
    lock = threading.Lock()
    clients = [server.odoo() for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)

    def runner(i):
        barrier.wait()
        for n in range(OPS):
            try:
                result = work(clients[i], i, n)
            except RPCError as exc:
                with lock:
                    errors.append(exc.info)
            except Exception as exc:  # transport errors count as not acknowledged, but are reported
                with lock:
                    errors.append(repr(exc))
            else:
                with lock:
                    acked.append(result)

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not any(t.is_alive() for t in threads)
    check_errors(acked, errors)
    return acked, errors


def check_errors(acked, errors):
    """Serialization conflicts are retried by the server; after too many tries a clean RPC error is
    acceptable (DB-2), a transport failure (HTTP 5xx, reset connection) is not."""
    transport = [e for e in errors if not isinstance(e, dict)]
    assert not transport, transport
    for err in errors:
        assert err["data"]["message"], err
    assert len(acked) >= 0.9 * THREADS * OPS, ("too many refused calls", len(acked), errors[:3])


def test_concurrent_line_creates_keep_the_stored_total_exact(workers_server):
    admin = workers_server.odoo()
    order = admin.env["test.orm.order"].create({"name": unique_name("conc")})

    def work(client, i, n):
        return client.env["test.orm.line"].create({"order_id": order, "label": "t%d-%d" % (i, n),
                                                   "amount": 1.0})

    acked, errors = run_threads(workers_server, work)
    assert len(set(acked)) == len(acked)
    lines = admin.execute_kw("test.orm.line", "search_count", [[("order_id", "=", order)]])
    assert lines == len(acked), errors
    total = admin.execute_kw("test.orm.order", "read", [[order], ["total"]])[0]["total"]
    assert total == float(len(acked)), ("lost update of the stored total", total, len(acked), errors)


def test_concurrent_writes_to_one_record_are_all_applied(workers_server):
    """Each call appends its own tag to the same order (read-modify-write inside one call)."""
    admin = workers_server.odoo()
    order = admin.env["test.orm.order"].create({"name": unique_name("conc")})

    def work(client, i, n):
        tag = client.env["test.orm.tag"].create({"name": unique_name("ct")})
        client.execute_kw("test.orm.order", "write", [[order], {"tag_ids": [(4, tag)]}])
        return tag

    acked, errors = run_threads(workers_server, work)
    linked = admin.execute_kw("test.orm.order", "read", [[order], ["tag_ids"]])[0]["tag_ids"]
    assert sorted(linked) == sorted(acked), errors


def test_concurrent_sequence_numbers_are_unique_and_counted(workers_server):
    admin = workers_server.odoo()
    seq = admin.env.ref("test_orm_a.seq_test_orm_order")
    before = admin.execute_kw("ir.sequence", "read", [[seq.id], ["number_next_actual"]])[0]["number_next_actual"]

    def work(client, i, n):
        return client.execute_kw("ir.sequence", "next_by_code", ["test.orm.order"])

    acked, errors = run_threads(workers_server, work)
    assert len(set(acked)) == len(acked), "duplicate sequence numbers"
    after = admin.execute_kw("ir.sequence", "read", [[seq.id], ["number_next_actual"]])[0]["number_next_actual"]
    assert after - before == len(acked)


def test_concurrent_order_creates_all_persist(workers_server):
    admin = workers_server.odoo()
    prefix = unique_name("bulk")

    def work(client, i, n):
        return client.env["test.orm.order"].create({"name": "%s-%d-%d" % (prefix, i, n)})

    acked, errors = run_threads(workers_server, work)
    found = admin.execute_kw("test.orm.order", "search", [[("name", "=like", prefix + "-%")]])
    assert sorted(found) == sorted(acked), errors
    refs = admin.execute_kw("test.orm.order", "read", [found, ["reference"]])
    assert len({r["reference"] for r in refs}) == len(found)
