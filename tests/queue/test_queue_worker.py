"""`fazhi worker` and `fazhi beat` subprocesses against a real Redis (QUE-1, QUE-2, QUE-4).

Timings are shortened through the environment: visibility timeout 3 s (a killed worker's
messages come back quickly), restore scan every second, ticks and sweeps every second.
"""
import collections
import datetime
import signal
import time

from queue_support import tx, wait_for

FAST = {
    "FAZHI_QUEUE_VISIBILITY_TIMEOUT": 3,
    "FAZHI_QUEUE_RESTORE_INTERVAL": 1,
    "FAZHI_QUEUE_CRON_INTERVAL": 1,
    "FAZHI_QUEUE_SWEEP_INTERVAL": 1,
    "FAZHI_QUEUE_REPUBLISH_AFTER": 1,
    "FAZHI_QUEUE_STALE_AFTER": 3,
}


def _env(redis_url, queue_name, **extra):
    return dict(FAST, FAZHI_BROKER_URL=redis_url, FAZHI_QUEUE_NAME=queue_name, **extra)


def _effect_counts(dbname):
    return tx(dbname, lambda env: collections.Counter(env['test.queue.effect'].search([]).mapped('key')))


def _states(dbname):
    return tx(dbname, lambda env: collections.Counter(env['queue.job'].search([]).mapped('state')))


def _enqueue(dbname, keys, sleep=0.0):
    def build(env):
        return [env['test.queue.effect'].with_delay().record_effect(k, sleep=sleep).id for k in keys]
    return tx(dbname, build)


def test_worker_runs_jobs_and_a_sigkill_mid_batch_loses_and_repeats_nothing(qdb, redis_url, queue_name,
                                                                            procs, monkeypatch):
    """QUE-1: 12+ jobs; SIGKILL the worker and its children mid-batch; restart; each effect once."""
    monkeypatch.setenv("FAZHI_BROKER_URL", redis_url)
    keys = ["job-%02d" % i for i in range(14)]
    worker = procs("worker", "--log-level", "info", "worker", "--concurrency", "2",
                   **_env(redis_url, queue_name))
    _enqueue(qdb, keys, sleep=0.4)
    assert _states(qdb)["pending"] == 0                       # all handed to Redis at commit
    wait_for(lambda: sum(_effect_counts(qdb).values()) >= 3, 60, "a few effects", procs=[worker])
    worker.kill_group(signal.SIGKILL)                         # main process and pool children
    worker.popen.wait(10)
    done_before = sum(_effect_counts(qdb).values())
    killed_mid_job = _states(qdb)["started"]                 # claimed, effect not committed
    assert done_before < len(keys), "the batch finished before the kill; nothing was tested"

    again = procs("worker", "--log-level", "info", "worker", "--concurrency", "2",
                  **_env(redis_url, queue_name))
    wait_for(lambda: _states(qdb)["done"] == len(keys), 90, "every job done", procs=[again])
    counts = _effect_counts(qdb)
    assert counts == {k: 1 for k in keys}, counts             # every effect exactly once
    attempts = tx(qdb, lambda env: sum(env['queue.job'].search([]).mapped('attempts')))
    assert attempts >= len(keys) + killed_mid_job            # attempts may exceed effects


def test_broker_outage_and_flush_lose_nothing(qdb, redis_url, queue_name, procs, monkeypatch):
    """QUE-2: jobs queued while the broker is down stay pending; messages flushed from Redis
    are republished; the outbox sweep (beat) sends both and each effect happens once."""
    import redis
    monkeypatch.setenv("FAZHI_BROKER_URL", "redis://127.0.0.1:9/0")   # nothing listens there
    down = _enqueue(qdb, ["down-1", "down-2", "down-3"])
    assert _states(qdb) == {"pending": 3}

    from fazhi.queue import publish
    monkeypatch.setitem(publish._breaker, "down_until", 0.0)
    monkeypatch.setenv("FAZHI_BROKER_URL", redis_url)
    flushed = _enqueue(qdb, ["flushed-1", "flushed-2"])
    assert _states(qdb) == {"pending": 3, "enqueued": 2}
    client = redis.Redis.from_url(redis_url)
    lost = [k for k in client.scan_iter(match="*%s*" % queue_name) if b"binding" not in k]
    assert lost, "the published messages should be in Redis"
    client.delete(*lost)                                      # the broker lost them
    client.close()

    worker = procs("worker", "--log-level", "info", "worker", "--concurrency", "2",
                   **_env(redis_url, queue_name))
    beat = procs("beat", "--log-level", "info", "beat", **_env(redis_url, queue_name))
    wait_for(lambda: _states(qdb)["done"] == 5, 60, "all jobs done", procs=[worker, beat])
    assert _effect_counts(qdb) == {k: 1 for k in ["down-1", "down-2", "down-3", "flushed-1", "flushed-2"]}
    assert len(down + flushed) == 5


def test_two_beats_run_a_cron_once(qdb, redis_url, queue_name, procs, tmp_path):
    """QUE-4 (scheduling half): two beats tick twice a second, ticks overlap on a slow job,
    yet the cron due once runs once; a clock jump over three due dates runs it once more."""
    def build(env):
        return env['ir.cron'].create({
            'name': 'slow reminder', 'model_id': env.ref('test_queue.model_test_queue_effect').id,
            'state': 'code', 'code': "model.record_effect('cron-once', sleep=2)",
            'interval_number': 1, 'interval_type': 'hours', 'numbercall': -1,
            'nextcall': datetime.datetime.utcnow() - datetime.timedelta(minutes=1),
            'user_id': env.ref('base.user_root').id,
        }).id
    cron_id = tx(qdb, build)
    clock_file = tmp_path / "clock"
    clock_file.write_text("0")
    env = _env(redis_url, queue_name, FAZHI_QUEUE_CRON_INTERVAL=0.5, FAZHI_CLOCK_FILE=clock_file)
    worker = procs("worker", "--log-level", "info", "worker", "--concurrency", "4", **env)
    beats = [procs("beat", "--log-level", "info", "beat", **env) for _ in range(2)]
    wait_for(lambda: _effect_counts(qdb)["cron-once"], 60, "the cron's effect", procs=[worker, *beats])
    time.sleep(4)                                             # many more ticks from both beats
    assert all(p.alive() for p in [worker, *beats])
    assert "fazhi.cron_tick" in worker.log()
    assert _effect_counts(qdb)["cron-once"] == 1
    nextcall = tx(qdb, lambda env: env['ir.cron'].browse(cron_id).nextcall)
    assert nextcall > datetime.datetime.utcnow() + datetime.timedelta(minutes=50)

    clock_file.write_text(str(3 * 3600 + 60))               # the workers' clock jumps 3 hours
    wait_for(lambda: _effect_counts(qdb)["cron-once"] == 2, 60, "the cron after the jump",
             procs=[worker, *beats])
    time.sleep(3)
    assert _effect_counts(qdb)["cron-once"] == 2             # missed runs are not repeated (doall off)
    nextcall = tx(qdb, lambda env: env['ir.cron'].browse(cron_id).nextcall)
    assert nextcall > datetime.datetime.utcnow() + datetime.timedelta(hours=3)
