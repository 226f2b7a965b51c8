"""Issue 6: with Redis, two workers and two beats, a deadline entering its reminder window gets
exactly one reminder per recipient, channel and stage."""
import collections
import datetime
import time

from queue_support import tx, wait_for


def _reminders(dbname):
    def count(env):
        rows = env["fuyi.deadline.reminder"].search([])
        return collections.Counter((r.deadline_id.id, r.user_id.id, r.channel, r.stage) for r in rows)
    return tx(dbname, count)


def test_two_workers_and_two_beats_remind_once(fuyi_db, redis_url, queue_name, procs, tmp_path):
    def build(env):
        clerk = env["res.users"].create({"login": "q_clerk", "name": "Clerk", "email": "q_clerk@example.cn",
                                         "groups_id": [(6, 0, [env.ref("fuyi_case.fuyi_case_group_clerk").id])]})
        agency = env["res.partner"].create({"name": "县应急管理局", "party_kind": "agency"})
        case = env["fuyi.reconsideration"].create({"date_received": datetime.date.today(),
                                                   "agency_id": agency.id, "user_id": clerk.id})
        return case.case_id.deadline_ids.filtered(lambda d: d.kind == "acceptance_review").due_date
    due = tx(fuyi_db, build)
    clock_file = tmp_path / "clock"
    clock_file.write_text(str((datetime.datetime.combine(due, datetime.time(2, 0))
                               - datetime.datetime.utcnow()).total_seconds()))
    fast = {"FAZHI_QUEUE_VISIBILITY_TIMEOUT": 3, "FAZHI_QUEUE_RESTORE_INTERVAL": 1, "FAZHI_QUEUE_SWEEP_INTERVAL": 1,
            "FAZHI_QUEUE_REPUBLISH_AFTER": 1, "FAZHI_QUEUE_STALE_AFTER": 3}
    env = dict(fast, FAZHI_BROKER_URL=redis_url, FAZHI_QUEUE_NAME=queue_name, FAZHI_QUEUE_CRON_INTERVAL=0.5,
               FAZHI_CLOCK_FILE=clock_file)
    workers = [procs("worker", "worker", "--concurrency", "2", **env) for _ in range(2)]
    beats = [procs("beat", "beat", **env) for _ in range(2)]
    wait_for(lambda: _reminders(fuyi_db), 60, "the reminders", procs=workers + beats)
    time.sleep(4)                                  # many more ticks from both beats
    counts = _reminders(fuyi_db)
    assert counts and all(n == 1 for n in counts.values()), counts
    assert {channel for (_d, _u, channel, _s) in counts} == {"activity", "email"}
