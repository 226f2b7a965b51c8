"""Issue 18: a Redis outage while workers are busy (acks_late) kills no worker and loses or repeats
no job. The test runs a Redis of its own (append-only file, as the production guide asks) so
that stopping it disturbs no other test."""
import collections
import shutil
import signal
import socket
import subprocess
import time

import pytest

from queue_support import tx, wait_for

FAST = {"FAZHI_QUEUE_VISIBILITY_TIMEOUT": 3, "FAZHI_QUEUE_RESTORE_INTERVAL": 1, "FAZHI_QUEUE_SWEEP_INTERVAL": 1,
        "FAZHI_QUEUE_REPUBLISH_AFTER": 1, "FAZHI_QUEUE_STALE_AFTER": 3, "FAZHI_QUEUE_CRON_INTERVAL": 1}


class OwnRedis:
    def __init__(self, workdir):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.workdir = workdir
        self.proc = None

    @property
    def url(self):
        return "redis://127.0.0.1:%s/0" % self.port

    def start(self):
        self.proc = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "yes", "--appendfsync", "always", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


@pytest.fixture
def own_redis(tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    redis = OwnRedis(tmp_path)
    redis.start()
    yield redis
    redis.stop()


def _effects(dbname):
    return tx(dbname, lambda env: collections.Counter(env["test.queue.effect"].search([]).mapped("key")))


def _states(dbname):
    return tx(dbname, lambda env: collections.Counter(env["queue.job"].search([]).mapped("state")))


def test_redis_outage_with_busy_workers_kills_none_and_loses_nothing(qdb, own_redis, queue_name, procs,
                                                                     monkeypatch):
    monkeypatch.setenv("FAZHI_BROKER_URL", own_redis.url)
    env = dict(FAST, FAZHI_BROKER_URL=own_redis.url, FAZHI_QUEUE_NAME=queue_name)
    workers = [procs("worker", "--log-level", "info", "worker", "--concurrency", "2", **env) for _ in range(2)]
    beat = procs("beat", "--log-level", "info", "beat", **env)
    keys = ["blip-%02d" % i for i in range(10)]
    tx(qdb, lambda env: [env["test.queue.effect"].with_delay().record_effect(k, sleep=1.5) for k in keys])
    try:
        wait_for(lambda: _states(qdb)["started"] >= 2, 60, "busy workers", procs=[*workers, beat])
    except AssertionError as exc:
        raise AssertionError("job states %s, effects %s\n%s" % (_states(qdb), _effects(qdb), exc)) from None

    own_redis.stop()                                          # the blip, with jobs running
    time.sleep(4)
    assert all(w.alive() for w in workers)
    own_redis.start()

    wait_for(lambda: _states(qdb)["done"] == len(keys), 90, "every job done", procs=[*workers, beat])
    assert _effects(qdb) == {k: 1 for k in keys}
    assert all(p.alive() for p in [*workers, beat]), [p.log()[-2000:] for p in workers if not p.alive()]
    for worker in workers:
        assert "has no attribute 'hostname'" not in worker.log()


def test_dead_workers_job_is_taken_up_in_seconds_not_after_the_stale_delay(qdb, redis_url, queue_name, procs,
                                                                           monkeypatch):
    """Item 4: a worker killed mid-job stops beating; the sweep publishes the job again after the
    heartbeat timeout (3 s here), long before the stale delay (15 minutes) or the broker's
    visibility timeout (an hour), and the job's effect still happens once."""
    monkeypatch.setenv("FAZHI_BROKER_URL", redis_url)
    env = dict(FAST, FAZHI_BROKER_URL=redis_url, FAZHI_QUEUE_NAME=queue_name, FAZHI_QUEUE_STALE_AFTER=900,
               FAZHI_QUEUE_VISIBILITY_TIMEOUT=3600, FAZHI_QUEUE_HEARTBEAT=0.5, FAZHI_QUEUE_HEARTBEAT_TIMEOUT=3)
    worker = procs("worker", "--log-level", "info", "worker", "--concurrency", "1", **env)
    job_id = tx(qdb, lambda env: env["test.queue.effect"].with_delay().record_effect("long", sleep=6).id)
    wait_for(lambda: _states(qdb)["started"] == 1, 60, "the job running", procs=[worker])
    time.sleep(1.5)                                           # a few heartbeats
    worker.kill_group(signal.SIGKILL)
    worker.popen.wait(10)
    killed_at = time.monotonic()
    assert _states(qdb) == {"started": 1} and not _effects(qdb)

    again = procs("worker", "--log-level", "info", "worker", "--concurrency", "1", **env)
    beat = procs("beat", "--log-level", "info", "beat", **env)
    wait_for(lambda: _states(qdb)["done"] == 1, 45, "the job taken up again", procs=[again, beat])
    assert time.monotonic() - killed_at < 45
    assert _effects(qdb) == {"long": 1}
    attempts = tx(qdb, lambda env: env["queue.job"].browse(job_id).attempts)
    assert attempts == 2
