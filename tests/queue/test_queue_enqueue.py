"""Enqueueing: ``with_delay`` writes a job in the caller's transaction, published only on commit.

The first tests use the ``env`` fixture (rolled back, nothing committed); the others use a
throw-away database with real commits and a recording publisher in place of the broker, so the
commit/rollback behaviour is checked without Redis (QUE-3).
"""
import datetime
import json

import pytest

from queue_support import tx

from fazhi.exceptions import UserError


# --- in one rolled-back transaction ------------------------------------------------------
def test_with_delay_writes_a_pending_job(env):
    Effect = env['test.queue.effect']
    rec = Effect.create({'key': 'r1'})
    job = rec.with_delay(priority=3, max_retries=2, description="touch r1").touch('noted')
    assert job._name == 'queue.job'
    assert job.state == 'pending'
    assert (job.model_name, job.method_name) == ('test.queue.effect', 'touch')
    assert json.loads(job.record_ids) == [rec.id]
    assert json.loads(job.args) == ['noted'] and json.loads(job.kwargs) == {}
    assert (job.priority, job.max_attempts, job.attempts, job.name) == (3, 2, 0, "touch r1")
    assert job.user_id == env.user
    assert rec.note is False          # nothing ran: the call was only queued
    assert env.cr.postcommit.data.get('fazhi.queue.job_ids') == job.ids


def test_with_delay_arguments_recordsets_dates_eta_and_key(env):
    Effect = env['test.queue.effect']
    partner = env['res.partner'].create({'name': 'Q'})
    day = datetime.date(2024, 5, 6)
    job = Effect.with_delay(eta=3600, key='k-1').record_effect('a', note=None)
    assert job.eta and job.eta > datetime.datetime.utcnow() + datetime.timedelta(minutes=50)
    again = Effect.with_delay(key='k-1').record_effect('b')
    assert again == job                      # same key, not failed: not queued twice
    other = Effect.with_delay().record_effect(partner, day)
    from fazhi.queue import serialize
    assert serialize.loads(other.args, env) == [partner, day]
    job.sudo().write({'state': 'failed'})
    assert Effect.with_delay(key='k-1').record_effect('c') != job   # a failed key may be queued again


def test_with_delay_refuses_bad_calls(env):
    Effect = env['test.queue.effect']
    with pytest.raises(AttributeError):
        Effect.with_delay().no_such_method()
    with pytest.raises(TypeError):
        Effect.with_delay().record_effect(object())
    assert not env['queue.job'].search([('model_name', '=', 'test.queue.effect')])


def test_users_read_their_own_jobs_only_and_write_none(env):
    from fazhi.exceptions import AccessError
    group_user = env.ref('base.group_user')
    user, other = (env['res.users'].create({'name': name, 'login': login, 'groups_id': [(6, 0, [group_user.id])]})
                   for name, login in (('Plain', 'plain_queue_user'), ('Other', 'other_queue_user')))
    job = env['test.queue.effect'].with_user(user).with_delay().record_effect('x')
    theirs = env['test.queue.effect'].with_user(other).with_delay().record_effect('y')
    assert job.user_id == user                # the job runs as the user who queued it
    Jobs = env['queue.job'].with_user(user)
    assert Jobs.search([]) == job.with_user(user)                 # record rule: user_id = uid
    state = Jobs.browse(job.id).read(['state', 'progress_done', 'progress_total', 'progress_message',
                                      'result_attachment_id', 'exc_info'])[0]
    assert (state['state'], state['progress_done'], state['result_attachment_id']) == ('pending', 0, False)
    with pytest.raises(AccessError):
        Jobs.browse(theirs.id).read(['state'])
    with pytest.raises(AccessError):
        Jobs.browse(job.id).write({'priority': 1})
    with pytest.raises(AccessError):
        Jobs.browse(job.id).unlink()
    admin = env.ref('base.user_admin')        # Settings: every job
    assert set(env['queue.job'].with_user(admin).search([]).ids) >= {job.id, theirs.id}
    with pytest.raises(AccessError):
        env['queue.job'].with_user(admin).create({'model_name': 'res.users', 'method_name': 'unlink'})


def test_set_progress_outside_a_job_or_for_another_users_job_does_nothing(env):
    user = env['res.users'].create({'name': 'Plain', 'login': 'plain_queue_user2',
                                    'groups_id': [(6, 0, [env.ref('base.group_user').id])]})
    job = env['test.queue.effect'].with_delay().record_effect('x')
    job.write({'state': 'started', 'attempts': 1})
    assert env['queue.job'].set_progress(1, 2, 'outside') is False
    forged = env['queue.job'].with_user(user).with_context(job_id=job.id, job_attempt=1)
    assert forged.set_progress(1, 2, 'forged') is False          # not this user's job
    assert forged.set_result_attachment(env['ir.attachment'].create({'name': 'x', 'raw': b'x'})) is False
    assert job.result_attachment_id.id is False


# --- real commits, recording publisher ---------------------------------------------------
@pytest.fixture
def recorded(monkeypatch):
    """Pretend a broker is configured; record what would be published."""
    from fazhi.queue import publish
    calls = []

    def send(dbname, pairs):
        calls.append((dbname, [job_id for job_id, _priority in pairs]))
        return [job_id for job_id, _priority in pairs]
    monkeypatch.setenv("FAZHI_BROKER_URL", "redis://recording.invalid:1/0")
    monkeypatch.setattr(publish, "send", send)
    return calls


def _jobs(dbname):
    return tx(dbname, lambda env: [(j.id, j.state, j.method_name) for j in env['queue.job'].search([], order='id')])


def test_rolled_back_enqueue_leaves_no_job_and_publishes_nothing(qdb, recorded):
    def enqueue_then_fail(env):
        env['test.queue.effect'].with_delay().record_effect('never')
        raise UserError("changed my mind")
    with pytest.raises(UserError):
        tx(qdb, enqueue_then_fail)
    assert _jobs(qdb) == []
    assert recorded == []

    def savepoint_rolled_back(env):
        try:
            with env.cr.savepoint():
                env['test.queue.effect'].with_delay().record_effect('inner')
                raise UserError("inner step failed")
        except UserError:
            pass
        return env['test.queue.effect'].with_delay().record_effect('outer').id
    kept = tx(qdb, savepoint_rolled_back)
    assert [job_id for job_id, _s, _m in _jobs(qdb)] == [kept]
    assert recorded == [(qdb, [kept])]       # the rolled-back savepoint's job is not sent


def test_committed_enqueue_is_published_after_commit(qdb, recorded):
    seen_inside = []

    def enqueue(env):
        ids = [env['test.queue.effect'].with_delay().record_effect('k%d' % i).id for i in range(3)]
        seen_inside.append(list(recorded))   # nothing sent before the commit
        return ids
    ids = tx(qdb, enqueue)
    assert seen_inside == [[]]
    assert recorded == [(qdb, ids)]
    assert [state for _id, state, _m in _jobs(qdb)] == ['enqueued'] * 3


def test_eta_in_the_future_is_left_to_the_sweep(qdb, recorded):
    job_id = tx(qdb, lambda env: env['test.queue.effect'].with_delay(eta=3600).record_effect('later').id)
    assert recorded == []                    # not due: the sweep publishes it when it is
    assert _jobs(qdb) == [(job_id, 'pending', 'record_effect')]


def test_broker_down_keeps_the_job_pending(qdb, monkeypatch):
    from fazhi.queue import publish

    def broken(dbname, pairs):
        raise ConnectionRefusedError("broker down")
    monkeypatch.setenv("FAZHI_BROKER_URL", "redis://127.0.0.1:1/0")
    monkeypatch.setattr(publish, "send", broken)
    job_id = tx(qdb, lambda env: env['test.queue.effect'].with_delay().record_effect('x').id)
    assert _jobs(qdb) == [(job_id, 'pending', 'record_effect')]
    assert publish._breaker["down_until"] > 0   # the next commits do not wait for the broker


def test_operators_requeue_but_cannot_rewrite_a_job(env):
    from fazhi.exceptions import AccessError
    admin = env.ref('base.user_admin')
    job = env['test.queue.effect'].with_delay().record_effect('x')
    job.write({'state': 'failed', 'exc_info': 'boom', 'attempts': 5})
    as_admin = job.with_user(admin)
    for vals in ({'method_name': 'unlink'}, {'user_id': admin.id}, {'args': '[]'}):
        with pytest.raises(AccessError):
            as_admin.write(vals)
    as_admin.action_requeue()
    assert (job.state, job.attempts, job.exc_info) == ('pending', 0, False)
    as_admin.action_set_done()
    assert job.state == 'done'
    with pytest.raises(UserError):
        as_admin.action_requeue()
