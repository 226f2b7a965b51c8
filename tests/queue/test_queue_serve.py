"""`fazhi serve` without a broker runs due crons and queued jobs itself; with one it does not."""
import datetime
import socket
import subprocess
import time

import pytest

from queue_support import cli_argv, cli_env, tx, wait_for


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _due_cron_and_job(dbname, tag):
    def build(env):
        env['ir.cron'].create({
            'name': 'reminder %s' % tag, 'model_id': env.ref('test_queue.model_test_queue_effect').id,
            'state': 'code', 'code': "model.record_effect('cron-%s')" % tag,
            'interval_number': 1, 'interval_type': 'days', 'numbercall': -1,
            'nextcall': datetime.datetime.utcnow() - datetime.timedelta(seconds=5),
            'user_id': env.ref('base.user_root').id,
        })
        env['test.queue.effect'].with_delay().record_effect('job-%s' % tag)
    tx(dbname, build)


def _keys(dbname):
    return sorted(tx(dbname, lambda env: env['test.queue.effect'].search([]).mapped('key')))


def _serve(procs, dbname, *extra, **env):
    proc = procs("serve", "serve", "-d", dbname, "--port", str(_free_port()), *extra, **env)
    wait_for(lambda: "fazhi serving" in proc.log() or not proc.alive(), 60, "the server", procs=[proc])
    assert proc.alive(), proc.log()
    return proc


@pytest.mark.parametrize("workers", [0, 2])
def test_serve_without_broker_runs_due_crons_and_jobs(qdb, procs, workers):
    server = _serve(procs, qdb, "--workers", str(workers), FAZHI_QUEUE_TICK=1)
    _due_cron_and_job(qdb, "a")
    wait_for(lambda: _keys(qdb) == ["cron-a", "job-a"], 30, "the cron and the job", procs=[server])
    assert tx(qdb, lambda env: env['queue.job'].search([]).mapped('state')) == ['done']
    time.sleep(2)
    assert _keys(qdb) == ["cron-a", "job-a"]                  # the cron was rescheduled, not rerun


@pytest.mark.parametrize("workers", [0, 2])
def test_serve_with_a_database_runs_only_that_databases_work(qdb, other_qdb, procs, workers):
    """Another server's database on the same database server keeps its jobs and crons: run here,
    they would write their files into this server's filestore."""
    server = _serve(procs, qdb, "--workers", str(workers), FAZHI_QUEUE_TICK=1)
    _due_cron_and_job(other_qdb, "other")
    _due_cron_and_job(qdb, "own")
    wait_for(lambda: _keys(qdb) == ["cron-own", "job-own"], 30, "this database's work", procs=[server])
    time.sleep(3)   # several ticks of the runner
    assert _keys(other_qdb) == []
    assert tx(other_qdb, lambda env: env['queue.job'].search([]).mapped('state')) == ['pending']


def test_serve_with_a_broker_leaves_jobs_to_workers(qdb, procs):
    server = _serve(procs, qdb, "--broker", "redis://127.0.0.1:9/0", FAZHI_QUEUE_TICK=1)
    _due_cron_and_job(qdb, "b")
    time.sleep(3)
    assert server.alive()
    assert _keys(qdb) == []


def test_beat_needs_a_broker_and_worker_help():
    proc = subprocess.run(cli_argv("beat"), capture_output=True, text=True, env=cli_env(), timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1].startswith("fazhi: error: fazhi beat needs a broker")
    helptext = subprocess.run(cli_argv("worker", "--help"), capture_output=True, text=True,
                              env=cli_env(), timeout=60).stdout
    for option in ("--broker", "--concurrency", "-d DATABASE"):
        assert option in helptext
