"""Running jobs in-process (what the embedded runner and the Celery task both call), real commits."""
import datetime
import json

from queue_support import backend, tx

from fazhi.queue import jobs, runner


def _enqueue(dbname, build):
    return tx(dbname, lambda env: build(env).id)


def _job(dbname, job_id):
    return tx(dbname, lambda env: env['queue.job'].browse(job_id).read(
        ['state', 'attempts', 'result', 'exc_info', 'date_done'])[0])


def _effects(dbname):
    return tx(dbname, lambda env: [(e.key, e.note, e.user_id.login)
                                   for e in env['test.queue.effect'].search([])])


def test_job_runs_once_as_its_user_and_records_the_result(qdb):
    def build(env):
        env['res.users'].create({'name': 'Clerk', 'login': 'clerk_q',
                                 'groups_id': [(6, 0, [env.ref('base.group_user').id])]})
        clerk = env['res.users'].search([('login', '=', 'clerk_q')])
        return env['test.queue.effect'].with_user(clerk).with_delay().record_effect('as-clerk', note='n')
    job_id = _enqueue(qdb, build)
    assert jobs.execute(backend(), qdb, job_id) == 'done'
    assert jobs.execute(backend(), qdb, job_id) == 'skipped'      # done: a redelivery is a no-op
    job = _job(qdb, job_id)
    assert job['state'] == 'done' and job['attempts'] == 1 and job['date_done']
    assert json.loads(job['result']) > 0                       # the method's return value
    assert _effects(qdb) == [('as-clerk', 'n', 'clerk_q')]


def test_failure_rolls_back_the_effect_and_marks_the_job_failed(qdb):
    job_id = _enqueue(qdb, lambda env: env['test.queue.effect'].with_delay().fail('no way'))
    assert jobs.execute(backend(), qdb, job_id) == 'failed'
    job = _job(qdb, job_id)
    assert job['state'] == 'failed' and 'no way' in job['exc_info']
    assert _effects(qdb) == []                                  # its write was rolled back


def test_record_method_on_deleted_records_is_done_without_a_call(qdb):
    def build(env):
        rec = env['test.queue.effect'].create({'key': 'gone'})
        job = rec.with_delay().touch('x')
        rec.unlink()
        return job
    job_id = _enqueue(qdb, build)
    assert jobs.execute(backend(), qdb, job_id) == 'done'
    assert 'no longer exist' in _job(qdb, job_id)['result']


def test_eta_priority_and_attempt_cap_in_the_embedded_round(qdb):
    def build(env):
        Effect = env['test.queue.effect']
        Effect.with_delay(priority=20).record_effect('low')
        Effect.with_delay(priority=1).record_effect('high')
        Effect.with_delay(eta=datetime.timedelta(hours=1)).record_effect('later')
        crashed = Effect.with_delay(max_retries=2).record_effect('crashy')
        # a job whose worker died twice: started, attempts used up
        env.cr.execute("UPDATE queue_job SET state = 'started', attempts = 2 WHERE id = %s", [crashed.id])
        return crashed
    crashed_id = _enqueue(qdb, build)
    _crons, outcomes = runner.run_database(backend(), qdb)
    assert sorted(outcomes.values()) == ['done', 'done', 'failed']
    assert [key for key, _n, _u in _effects(qdb)] == ['high', 'low']
    crashed = _job(qdb, crashed_id)
    assert crashed['state'] == 'failed' and 'Gave up after 2 attempts' in crashed['exc_info']
    later = tx(qdb, lambda env: env['queue.job'].search([('state', '=', 'pending')]).mapped('name'))
    assert later == ['test.queue.effect.record_effect']


def test_embedded_round_runs_due_crons(qdb):
    def build(env):
        return env['ir.cron'].create({
            'name': 'queue test cron', 'model_id': env.ref('test_queue.model_test_queue_effect').id,
            'state': 'code', 'code': "model.record_effect('from-cron')",
            'interval_number': 1, 'interval_type': 'hours', 'numbercall': -1,
            'nextcall': datetime.datetime.utcnow() - datetime.timedelta(minutes=1),
            'user_id': env.ref('base.user_root').id,
        })
    cron_id = _enqueue(qdb, build)
    crons, _outcomes = runner.run_database(backend(), qdb)
    assert cron_id in crons                                     # (with base's own due crons)
    crons, _outcomes = runner.run_database(backend(), qdb)
    assert cron_id not in crons                                 # rescheduled an hour ahead
    assert [key for key, _n, _u in _effects(qdb)] == ['from-cron']


def test_outbox_selects_lost_and_stale_jobs(qdb):
    def build(env):
        Effect = env['test.queue.effect']
        ids = [Effect.with_delay().record_effect(k).id for k in ('pending', 'enqueued', 'started', 'done')]
        Effect.with_delay(eta=3600).record_effect('not-due')
        old = (datetime.datetime.utcnow() - datetime.timedelta(hours=2)).strftime('%Y-%m-%d %H:%M:%S')
        env.cr.execute("UPDATE queue_job SET date_created = %s, date_enqueued = %s, date_started = %s",
                       [old, old, old])
        for job_id, state in zip(ids, ('pending', 'enqueued', 'started', 'done')):
            env.cr.execute("UPDATE queue_job SET state = %s WHERE id = %s", [state, job_id])
        return env['queue.job'].browse(ids)
    ids = tx(qdb, lambda env: build(env).ids)
    fresh = tx(qdb, lambda env: env['test.queue.effect'].with_delay().record_effect('fresh').id)
    assert [i for i, _p in jobs.outbox_ids(backend(), qdb, 60, 3600)] == ids[:3]
    assert [i for i, _p in jobs.outbox_ids(backend(), qdb, 60, 3 * 3600)] == ids[:1]
    assert fresh in [i for i, _p in jobs.outbox_ids(backend(), qdb, 0, 3600)]


def test_two_runners_on_one_job_make_one_effect(qdb):
    """A redelivered message while the job still runs: the row lock lets one of them run it."""
    import threading
    job_id = _enqueue(qdb, lambda env: env['test.queue.effect'].with_delay().record_effect('slow', sleep=1.0))
    outcomes = []

    def run():
        try:
            outcomes.append(jobs.execute(backend(), qdb, job_id))
        except jobs.TransientJobError:
            outcomes.append('retry later')
    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes)[0] == 'done' and sorted(outcomes)[1] in ('retry later', 'skipped'), outcomes
    assert jobs.execute(backend(), qdb, job_id) == 'skipped'
    assert [key for key, _n, _u in _effects(qdb)] == ['slow']
