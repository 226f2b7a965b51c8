"""Issue 16 point 5: the exchange worker runs on its own schedule, with or without a broker.

- Embedded default (SQLite or the backend under test, no Redis): `fazhi serve` is given the scheduled
  command ``python3 scripts/xinyong_exchange.py --once`` through FAZHI_SCHEDULED_COMMANDS; a record
  determined over RPC reaches the loopback platform with nobody running the worker by hand, once.
- With Redis: `fazhi worker` and `fazhi beat` load scripts/xinyong_exchange_celery.py through
  FAZHI_QUEUE_INCLUDE; beat schedules ``xinyong.exchange_once`` on the fazhi queue, the fazhi worker
  runs it, and the record lands on the platform once.

Every wait polls with a deadline."""
import os
import subprocess
import sys
import tempfile
import time

import pytest

from platform_sim import PlatformSimulator
from rpc_support import REPO, RpcServer, make_user_on, unique_name
from xinyong_support import determined_record

EMBEDDED_LOGIN = unique_name("xy_sched")
EMBEDDED_PASSWORD = "Sched-exch4nge-pass!"


class ScheduledServer(RpcServer):
    """`fazhi serve` whose scheduled command talks back to its own port (known only at start)."""

    def env(self):
        env = super().env()
        if self.port:
            env["FAZHI_RPC_PORT"] = str(self.port)
        return env


@pytest.fixture(scope="module")
def platform():
    sim = PlatformSimulator(hold_seconds=3.0).start()
    yield sim
    sim.stop()


@pytest.fixture(scope="module")
def server(platform):
    server = ScheduledServer("xinyong-sched", extra_env={
        "FAZHI_SCHEDULED_COMMANDS": "credit-exchange 1/60 python3 scripts/xinyong_exchange.py --once --timeout 5",
        "FAZHI_RPC_HOST": "127.0.0.1", "FAZHI_RPC_LOGIN": EMBEDDED_LOGIN, "FAZHI_RPC_PASSWORD": EMBEDDED_PASSWORD,
        "XINYONG_PLATFORM_URL": platform.url, "XINYONG_PLATFORM_SECRET": platform.secret})
    server.extra_env["FAZHI_RPC_DB"] = server.dbname
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def embedded_user(server):
    """The exchange user the schedule logs in as; until it exists the runs fail, logged, and run again."""
    return make_user_on(server, groups=("xinyong.xinyong_group_exchange",), login=EMBEDDED_LOGIN,
                        password=EMBEDDED_PASSWORD)


def set_active(admin, login, active):
    Users = admin.env["res.users"]
    Users.write(Users.search([("login", "=", login), ("active", "in", [True, False])]), {"active": active})


def wait_until(predicate, timeout, what, log=lambda: ""):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out after %ss waiting for %s\n%s" % (timeout, what, log()))
        time.sleep(0.2)


def outbox_state(admin, record):
    return admin.env["xinyong.outbox"].search_read([("record_id", "=", record.id)], ["state"])[0]["state"]


def test_embedded_server_runs_the_exchange_on_schedule_exactly_once(server, platform, embedded_user):
    admin = server.odoo()
    record, key = determined_record(admin, 71)

    wait_until(lambda: key in platform.records, 90, "the record on the platform", server.log_tail)
    wait_until(lambda: outbox_state(admin, record) == "acknowledged", 60, "the acknowledgement", server.log_tail)
    # further passes of the schedule (each ends with GET /acks) do not post it again
    passes = platform.gets.count("/acks")
    wait_until(lambda: platform.gets.count("/acks") >= passes + 2, 60, "two more passes", server.log_tail)
    assert platform.records[key]["posts"] == 1
    assert [k for k, _mode in platform.posts].count(key) == 1
    assert server.alive()


@pytest.mark.skipif(not os.environ.get("FAZHI_TEST_REDIS_URL"), reason="needs the test Redis (scripts/test)")
def test_fazhi_worker_and_beat_run_the_included_exchange_task_exactly_once(server, platform, embedded_user):
    admin = server.odoo()
    # only the Celery task may deliver in this test: the embedded schedule's user is switched off
    set_active(admin, EMBEDDED_LOGIN, False)
    exchange = make_user_on(server, groups=("xinyong.xinyong_group_exchange",), login=unique_name("xy_celery"))
    record, key = determined_record(admin, 72)

    root = tempfile.mkdtemp(prefix="fazhi-xy-celery-")
    env = dict(os.environ)
    for name in ("FAZHI_DB_URL", "FAZHI_SCHEDULED_COMMANDS", "FAZHI_SCHEDULED_COMMANDS_FILE"):
        env.pop(name, None)
    env.update({
        "FAZHI_BROKER_URL": os.environ["FAZHI_TEST_REDIS_URL"], "FAZHI_QUEUE_NAME": unique_name("xy_queue"),
        "FAZHI_QUEUE_INCLUDE": str(REPO / "scripts" / "xinyong_exchange_celery.py"),
        "XINYONG_EXCHANGE_INTERVAL": "1",
        "FAZHI_RPC_HOST": "127.0.0.1", "FAZHI_RPC_PORT": str(server.port), "FAZHI_RPC_DB": server.dbname,
        "FAZHI_RPC_LOGIN": exchange["login"], "FAZHI_RPC_PASSWORD": exchange["password"],
        "XINYONG_PLATFORM_URL": platform.url, "XINYONG_PLATFORM_SECRET": platform.secret,
        "XINYONG_PLATFORM_TIMEOUT": "5"})
    # the worker's own (empty) data dir: it serves no database, only the included task
    base = [sys.executable, "-m", "fazhi.cli", "--data-dir", root, "--log-level", "info"]
    procs = []
    try:
        for args in (["worker", "--concurrency", "1"], ["beat"]):
            log = open(os.path.join(root, "%s.log" % args[0]), "wb")
            procs.append(subprocess.Popen(base + args, env=env, cwd=root, stdout=log, stderr=subprocess.STDOUT,
                                          start_new_session=True))
            log.close()

        def logs():
            return "\n".join(open(os.path.join(root, "%s.log" % n), errors="replace").read()[-3000:]
                             for n in ("worker", "beat"))
        wait_until(lambda: key in platform.records, 90, "the record on the platform", logs)
        wait_until(lambda: outbox_state(admin, record) == "acknowledged", 60, "the acknowledgement", logs)
        passes = platform.gets.count("/acks")
        wait_until(lambda: platform.gets.count("/acks") >= passes + 2, 60, "two more passes", logs)
        assert all(proc.poll() is None for proc in procs), logs()
        assert platform.records[key]["posts"] == 1
        assert [k for k, _mode in platform.posts].count(key) == 1
        worker_log = open(os.path.join(root, "worker.log"), errors="replace").read()
        assert "xinyong.exchange_once" in worker_log    # run by the fazhi worker, from the fazhi queue
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                pass
            try:
                os.killpg(proc.pid, 9)
            except ProcessLookupError:
                pass
        set_active(admin, EMBEDDED_LOGIN, True)
