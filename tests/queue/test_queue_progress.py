"""Progress of running jobs: visible to others while the job's own transaction is still open,
reset by a retry, readable by the job's user only (real commits, both backends)."""
import threading

from queue_support import backend, tx, wait_for

from fazhi.queue import jobs, progress

WATCHED = ['state', 'attempts', 'progress_done', 'progress_total', 'progress_message', 'result_attachment_id',
           'exc_info']


def _make_user(dbname, login):
    def build(env):
        return env['res.users'].create({'name': login, 'login': login,
                                        'groups_id': [(6, 0, [env.ref('base.group_user').id])]}).id
    return tx(dbname, build)


def _enqueue_as(dbname, uid, *args, **kwargs):
    return tx(dbname, lambda env: env['test.queue.effect'].with_user(uid).with_delay()
              .record_with_progress(*args, **kwargs).id)


def _watch(dbname, uid, job_id):
    """The job as its user reads it (what the web client polls), in a transaction of its own."""
    return tx(dbname, lambda env: env['queue.job'].with_user(uid).browse(job_id).read(WATCHED)[0])


def _effect_keys(dbname):
    return tx(dbname, lambda env: env['test.queue.effect'].search([]).mapped('key'))


def _run_in_thread(dbname, job_id):
    outcome = []
    thread = threading.Thread(target=lambda: outcome.append(jobs.execute(backend(), dbname, job_id)))
    thread.start()
    return thread, outcome


def test_progress_is_seen_from_another_transaction_while_the_job_runs(qdb, tmp_path):
    uid = _make_user(qdb, 'progress_user')
    gate = str(tmp_path / 'gate')
    job_id = _enqueue_as(qdb, uid, 'p', 3, gate=gate)
    assert _watch(qdb, uid, job_id)['progress_total'] == 0
    thread, outcome = _run_in_thread(qdb, job_id)
    try:
        for step in range(3):
            open('%s.%d' % (gate, step), 'w').close()
            seen = wait_for(lambda: (lambda job: job if job['progress_done'] == step + 1 else None)(
                _watch(qdb, uid, job_id)), 30, 'progress %d' % (step + 1))
            assert seen['progress_total'] == 3
            assert seen['progress_message'] == 'step %d of 3' % (step + 1)
            if step < 2:
                assert seen['state'] == 'started'
                assert _effect_keys(qdb) == []            # the job's own work is not committed yet
    finally:
        for step in range(3):
            open('%s.%d' % (gate, step), 'w').close()
        thread.join(60)
    assert outcome == ['done']
    job = _watch(qdb, uid, job_id)
    assert (job['state'], job['progress_done'], job['progress_total']) == ('done', 3, 3)
    assert _effect_keys(qdb) == ['p-0', 'p-1', 'p-2']
    # the result file is linked to the job: its user may download it
    attachment_id = job['result_attachment_id'][0]
    raw = tx(qdb, lambda env: env['ir.attachment'].with_user(uid).browse(attachment_id).raw)
    assert raw == b'p done'


def test_a_retry_starts_its_progress_over(qdb, tmp_path):
    uid = _make_user(qdb, 'retry_user')
    gate = str(tmp_path / 'gate')
    job_id = _enqueue_as(qdb, uid, 'r', 2, gate=gate)
    # attempt 1 got half-way and its worker died: started, progress committed, work lost
    tx(qdb, lambda env: env.cr.execute("UPDATE queue_job SET state = 'started', attempts = 1 WHERE id = %s",
                                       [job_id]))
    progress.update(backend(), qdb, job_id, 1, 1, 2, 'step 1 of 2')
    assert _watch(qdb, uid, job_id)['progress_done'] == 1
    thread, outcome = _run_in_thread(qdb, job_id)            # attempt 2, waits at the gate
    try:
        job = wait_for(lambda: (lambda j: j if j['attempts'] == 2 else None)(_watch(qdb, uid, job_id)), 30,
                       'the second attempt')
        assert (job['state'], job['progress_done'], job['progress_total'], job['progress_message']) == \
            ('started', 0, 0, False)
    finally:
        for step in range(2):
            open('%s.%d' % (gate, step), 'w').close()
        thread.join(60)
    assert outcome == ['done']
    job = _watch(qdb, uid, job_id)
    assert (job['progress_done'], job['progress_total'], job['attempts']) == (2, 2, 2)
    assert _effect_keys(qdb) == ['r-0', 'r-1']                # once, by the attempt that finished


def test_a_failed_job_keeps_its_progress_but_not_its_result(qdb):
    uid = _make_user(qdb, 'fail_user')
    job_id = _enqueue_as(qdb, uid, 'f', 2, fail=True)
    assert jobs.execute(backend(), qdb, job_id) == 'failed'
    job = _watch(qdb, uid, job_id)
    assert job['state'] == 'failed' and 'failed after 2 steps' in job['exc_info']
    assert (job['progress_done'], job['progress_total']) == (2, 2)   # where it stopped
    assert job['result_attachment_id'] is False                       # rolled back with the work
    assert _effect_keys(qdb) == []


def test_another_user_cannot_follow_the_job(qdb):
    import pytest
    from fazhi.exceptions import AccessError
    owner, other = _make_user(qdb, 'owner_user'), _make_user(qdb, 'other_user')
    job_id = _enqueue_as(qdb, owner, 'o', 1)
    assert jobs.execute(backend(), qdb, job_id) == 'done'
    with pytest.raises(AccessError):
        _watch(qdb, other, job_id)
    attachment_id = _watch(qdb, owner, job_id)['result_attachment_id'][0]
    with pytest.raises(AccessError):
        tx(qdb, lambda env: env['ir.attachment'].with_user(other).browse(attachment_id).raw)
    # deleting a job drops its progress as well
    tx(qdb, lambda env: env['queue.job'].browse(job_id).unlink())
    assert tx(qdb, lambda env: progress.read(env.cr, [job_id])) == {}
