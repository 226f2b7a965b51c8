"""Issue 18 item 5: crons run with the county's timezone (Asia/Shanghai by default) in their
context, never UTC by omission: at 2025-12-31 20:00 UTC it is already 2026-01-01 in the county."""
import datetime

from queue_support import backend, tx

from fazhi.queue import jobs
from fazhi.tools import clock


def _notes(dbname):
    return tx(dbname, lambda env: sorted((e.key, e.note) for e in env['test.queue.effect'].search([])))


def test_cron_runs_with_the_countys_timezone(qdb):
    clock.set_offset((datetime.datetime(2025, 12, 31, 20, 0) - datetime.datetime.utcnow()).total_seconds())
    try:
        def build(env):
            root = env.ref('base.user_root')
            root.tz = False                # a database from before users had a timezone
            env['ir.cron'].create({
                'name': 'tz probe', 'model_id': env.ref('test_queue.model_test_queue_effect').id,
                'state': 'code', 'user_id': root.id,
                'code': "model.record_effect('cron', note=str(env.context.get('tz')))",
                'interval_number': 1, 'interval_type': 'days', 'numbercall': -1,
                'nextcall': datetime.datetime(2025, 12, 31, 19, 0)})
        tx(qdb, build)
        assert len(jobs.cron_tick(backend(), qdb)) == 1
        assert _notes(qdb) == [('cron', 'Asia/Shanghai')]
        # the schedule is counted in that timezone too: daily at 03:00 Shanghai = 19:00 UTC
        nextcall = tx(qdb, lambda env: env['ir.cron'].search([('cron_name', '=', 'tz probe')]).nextcall)
        assert nextcall == datetime.datetime(2026, 1, 1, 19, 0)
        assert jobs.cron_tick(backend(), qdb) == []          # claimed once: nothing due any more
    finally:
        clock.reset()
