"""Queue tests: throw-away databases with real commits, `fazhi worker`/`beat`/`serve` subprocesses.

- ``qdb``: a database of its own (``db create … --install test_queue`` through the CLI, in the
  session's data dir / PostgreSQL cluster), dropped at the end of the test.
- ``redis_url``: ``FAZHI_TEST_REDIS_URL`` (scripts/test starts a throw-away redis-server); tests
  that need a broker are skipped without it. Each test gets a queue name of its own.
- ``procs``: starts `fazhi …` subprocesses in their own process group; all are stopped (by
  process group id) at the end of the test.
"""
import os
import sys
import uuid

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from queue_support import Proc, backend, cli_argv, cli_env, run_cli  # noqa: E402


def _throwaway_db(prefix, addons):
    """A database of its own with ``addons``, created through the CLI and dropped afterwards."""
    name = "%s_%s" % (prefix, uuid.uuid4().hex[:10])
    run_cli("db", "create", name, "--install", addons)
    yield name
    from fazhi.orm.registry import Registry
    be = backend()
    Registry.delete(be, name)
    be.close_all(name)
    try:
        be.drop(name)
    except Exception as exc:  # a failed drop must not hide the test result
        print("could not drop %s: %s" % (name, exc))


@pytest.fixture
def qdb():
    yield from _throwaway_db("queue", "test_queue")


@pytest.fixture
def other_qdb():
    """A second database on the same database server (another tenant)."""
    yield from _throwaway_db("queue_other", "test_queue")


@pytest.fixture
def fuyi_db():
    yield from _throwaway_db("queue_fuyi", "fuyi_case")


@pytest.fixture
def queue_name(monkeypatch):
    name = "fazhi_test_%s" % uuid.uuid4().hex[:8]
    monkeypatch.setenv("FAZHI_QUEUE_NAME", name)
    return name


@pytest.fixture
def redis_url(queue_name):
    url = os.environ.get("FAZHI_TEST_REDIS_URL")
    if not url:
        pytest.skip("FAZHI_TEST_REDIS_URL is not set: these tests need a real redis-server "
                    "(scripts/test starts one)")
    yield url
    try:  # drop this test's queue keys; other tests use other queue names
        import redis
        client = redis.Redis.from_url(url)
        keys = list(client.scan_iter(match="*%s*" % queue_name))
        if keys:
            client.delete(*keys)
        client.close()
    except Exception as exc:  # noqa: BLE001 - cleanup only
        print("redis cleanup failed: %s" % exc)


@pytest.fixture(autouse=True)
def _no_broker_override(monkeypatch):
    """Each test starts with no broker in this process and a closed circuit breaker."""
    from fazhi.queue import publish, settings
    monkeypatch.delenv("FAZHI_BROKER_URL", raising=False)
    settings._overrides.pop("broker_url", None)
    monkeypatch.setitem(publish._breaker, "down_until", 0.0)
    yield
    settings._overrides.pop("broker_url", None)


@pytest.fixture
def procs(tmp_path):
    started = []

    def start(label, *args, **env):
        proc = Proc(label, cli_argv(*args), cli_env(**env), tmp_path / ("%s-%d.log" % (label, len(started))))
        started.append(proc)
        return proc
    start.all = started
    yield start
    for proc in started:
        proc.stop()
