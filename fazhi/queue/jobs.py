"""Running queued work against a database: jobs, the outbox sweep, the cron tick.

This is the database half of the queue, shared by the Celery tasks (``fazhi.queue.app``) and
the embedded runner (``fazhi.queue.runner``). It never imports Celery.

A job (``queue.job`` row) runs in two transactions:

1. **claim**: lock the row (PostgreSQL ``FOR UPDATE NOWAIT``, retried; SQLite takes the single
   write lock with an ``UPDATE``), skip it unless it is pending/enqueued/started and due, count
   the attempt, mark it *started*, commit. An attempt that never finishes (worker killed) is
   still counted, so a job that kills its worker every time ends *failed* after
   ``max_attempts`` instead of looping forever.
2. **perform**: lock the row again, call the model method as the job's user on the ids that
   still exist, mark the job *done*, commit. The method's effects and the *done* mark commit
   together: a worker killed mid-job commits neither, the message is redelivered (acks_late)
   or the job is picked up again, and the effect happens exactly once. Effects outside the
   database (mail sent over SMTP, HTTP calls) cannot be made atomic this way: such methods
   must be idempotent themselves (record what was sent, check before sending again): the mail and
   SMS queues claim each message in a committed transaction first (``delivery``).

While the method runs, it may report its progress (``queue.job.set_progress``): that goes
through a transaction of its own (``progress``), reset at each claim so a retry starts over.

Transient errors (lost races, database unreachable) raise ``TransientJobError`` and the caller
retries later; any other error marks the job *failed* with a short message.
"""
import json
import logging
import sqlite3
import threading
import traceback

from ..orm.api import SUPERUSER_ID
from ..service import transaction
from ..sql import BackendError, ConcurrencyError, DatabaseMissing
from ..tools import clock
from . import progress, settings

_logger = logging.getLogger(__name__)

CLAIMABLE = ("pending", "enqueued", "started")
DEFAULT_MAX_ATTEMPTS = 5
TEXT_LIMIT = 2000
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"


class TransientJobError(Exception):
    """The job could not run now for a reason that should go away (retry it later)."""


def is_transient(exc):
    if isinstance(exc, (TransientJobError, ConcurrencyError, transaction.ConcurrentUpdateError)):
        return True
    if isinstance(exc, DatabaseMissing):
        return False
    if isinstance(exc, (BackendError, sqlite3.OperationalError)):
        return True
    try:
        import psycopg2
        return isinstance(exc, (psycopg2.OperationalError, psycopg2.InterfaceError))
    except ImportError:  # pragma: no cover
        return False


def backoff(attempt, cap=300.0):
    """Seconds to wait before retry number ``attempt`` (1, 2, 4, … capped)."""
    return min(cap, 2.0 ** max(0, attempt))


def _now(delta=0.0):
    import datetime
    return (clock.now() - datetime.timedelta(seconds=delta)).strftime(DATETIME_FORMAT)


def _to_datetime(value):
    from ..orm.fields import Datetime
    return Datetime.to_datetime(value) if value else None


def _placeholders(values):
    return "(%s)" % ", ".join(["%s"] * len(values))


def _short(text, limit=TEXT_LIMIT):
    text = text if isinstance(text, str) else repr(text)
    return text if len(text) <= limit else text[: limit - 15] + "… (truncated)"


def _lock(cr, job_id, states):
    """The job row as a dict, locked for this transaction; None when missing or in another state.

    PostgreSQL: ``FOR UPDATE NOWAIT``. A row locked by someone else raises ConcurrencyError,
    which ``transaction.run`` retries a few times and then surfaces as a transient error, so
    the caller tries again later. (SKIP LOCKED would be wrong here: the lock may be a
    publisher's brief ``date_enqueued`` update, and skipping would drop the message; a job
    really being run elsewhere is found *done* by the later try.)
    """
    states = tuple(states)
    if cr.dialect.name == "postgresql":
        cr.execute("SELECT * FROM queue_job WHERE id = %s AND state IN %s FOR UPDATE NOWAIT",
                   [job_id, states])
        return cr.dictfetchone()
    # SQLite: the first write takes the database's single write lock; a worker that loses the
    # race waits for it (busy timeout) or retries with a fresh snapshot.
    cr.execute("UPDATE queue_job SET state = state WHERE id = %%s AND state IN %s" % _placeholders(states),
               [job_id, *states])
    if not cr.rowcount:
        return None
    cr.execute("SELECT * FROM queue_job WHERE id = %s", [job_id])
    return cr.dictfetchone()


def _claim(env, job_id, box=None):
    cr = env.cr
    row = _lock(cr, job_id, CLAIMABLE)
    if row is None:
        return "skipped"
    eta = _to_datetime(row["eta"])
    if eta and eta > clock.now():
        return "not_due"
    limit = row["max_attempts"] or DEFAULT_MAX_ATTEMPTS
    if (row["attempts"] or 0) >= limit:
        cr.execute("UPDATE queue_job SET state = 'failed', date_done = %s, exc_info = %s WHERE id = %s",
                   [_now(), "Gave up after %s attempts: the job never finished (worker lost, timed "
                            "out or database unavailable each time)." % row["attempts"], job_id])
        _logger.error("queue.job %s (%s.%s) failed: %s attempts", job_id, row["model_name"],
                      row["method_name"], row["attempts"])
        return "failed"
    cr.execute("UPDATE queue_job SET state = 'started', attempts = COALESCE(attempts, 0) + 1, "
               "date_started = %s WHERE id = %s", [_now(), job_id])
    if box is not None:
        box["attempt"] = (row["attempts"] or 0) + 1
    return "claimed"


class Heartbeat(threading.Thread):
    """Beats for a running job (``progress.heartbeat``) every ``settings.heartbeat()`` seconds, so
    the outbox sweep tells a job whose worker died (no beat for ``heartbeat_timeout()``) from a
    long one, and publishes it again in about a minute rather than after ``stale_after``."""

    def __init__(self, backend, dbname, job_id, attempt):
        super().__init__(name="fazhi-heartbeat-%s" % job_id, daemon=True)
        self.args_ = (backend, dbname, job_id, attempt)
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(settings.heartbeat()):
            progress.heartbeat(*self.args_)

    def stop(self):
        self.stopped.set()


def _perform(env, job_id):
    from . import serialize
    cr = env.cr
    row = _lock(cr, job_id, ("started",))
    if row is None:
        return "skipped"
    method_name = row["method_name"] or ""
    if not method_name or method_name.startswith("__"):
        raise ValueError("Invalid job method %r" % method_name)
    context = json.loads(row["context_json"] or "{}")
    # the running method finds its job here (``queue.job.set_progress``, result attachment)
    context.update(job_id=job_id, job_attempt=row["attempts"] or 0)
    job_env = env(user=row["user_id"] or SUPERUSER_ID, context=context)
    if not context.get("lang") and job_env.user.lang:
        # queued without a language (a script, a cron): messages in the user's own language
        job_env = job_env(context=dict(job_env.context, lang=job_env.user.lang))
    if not job_env.context.get("tz"):
        # dates a rule computes ("today", a number's year) are the county's, never UTC's
        job_env = job_env(context=dict(job_env.context, tz=job_env.user.tz or "Asia/Shanghai"))
    if row["model_name"] not in job_env.registry:
        raise ValueError("Unknown model %r" % row["model_name"])
    ids = json.loads(row["record_ids"] or "[]")
    records = job_env[row["model_name"]].browse(ids)
    if ids:
        records = records.exists()
        if not records:
            result = "records %s no longer exist; nothing to do" % ids
            _mark_done(cr, job_id, result)
            return "done"
    method = getattr(records, method_name)
    if not callable(method):
        raise ValueError("%s.%s is not a method" % (row["model_name"], method_name))
    args = serialize.loads(row["args"], job_env, default=[])
    kwargs = serialize.loads(row["kwargs"], job_env, default={})
    result = method(*args, **kwargs)
    job_env.flush_all()
    _mark_done(cr, job_id, None if result is None else _short(_result_text(result)))
    return "done"


def _result_text(result):
    if hasattr(result, "_name") and hasattr(result, "ids"):
        return "%s%s" % (result._name, list(result.ids))
    try:
        return json.dumps(result, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return repr(result)


def _mark_done(cr, job_id, result):
    cr.execute("UPDATE queue_job SET state = 'done', date_done = %s, result = %s, exc_info = NULL "
               "WHERE id = %s", [_now(), result, job_id])


def _mark_failed(env, job_id, message):
    env.cr.execute("UPDATE queue_job SET state = 'failed', date_done = %s, exc_info = %s "
                   "WHERE id = %s AND state IN %s" % ("%s", "%s", "%s", _placeholders(CLAIMABLE)),
                   [_now(), _short(message), job_id, *CLAIMABLE])


def execute(backend, dbname, job_id):
    """Run job ``job_id`` of ``dbname`` once if it is still to run.

    Returns 'done', 'failed', 'skipped' (done, failed, missing or being run elsewhere) or
    'not_due' (its eta is in the future). Raises TransientJobError to be retried later.
    """
    box = {}
    try:
        claimed = transaction.run(backend, dbname, lambda env: _claim(env, job_id, box))
    except Exception as exc:
        if is_transient(exc):
            raise TransientJobError("job %s of %s: %s" % (job_id, dbname, exc)) from exc
        raise
    if claimed != "claimed":
        return claimed
    progress.reset(backend, dbname, job_id)     # a retry starts its progress from nothing
    progress.heartbeat(backend, dbname, job_id, box.get("attempt"))
    beat = Heartbeat(backend, dbname, job_id, box.get("attempt"))
    beat.start()
    try:
        return _perform_and_finish(backend, dbname, job_id)
    finally:
        beat.stop()


def _perform_and_finish(backend, dbname, job_id):
    try:
        return transaction.run(backend, dbname, lambda env: _perform(env, job_id))
    except Exception as exc:
        if is_transient(exc):
            _logger.warning("queue.job %s of %s: transient error, will retry: %s", job_id, dbname, exc)
            raise TransientJobError("job %s of %s: %s" % (job_id, dbname, exc)) from exc
        _logger.exception("queue.job %s of %s failed", job_id, dbname)
        message = "%s: %s\n%s" % (type(exc).__name__, exc, "".join(traceback.format_exc(limit=-3)))
        try:
            transaction.run(backend, dbname, lambda env: _mark_failed(env, job_id, message))
        except Exception as exc2:
            if is_transient(exc2):
                raise TransientJobError("job %s of %s: %s" % (job_id, dbname, exc2)) from exc2
            raise
        return "failed"


# --- the outbox --------------------------------------------------------------------------
def outbox_ids(backend, dbname, republish_after, stale_after, limit=500, heartbeat_timeout=None):
    """(id, priority) of the jobs to publish (again): pending ones nobody published, enqueued or
    started ones gone quiet for ``stale_after`` seconds (message lost, worker gone), and started
    ones whose worker stopped beating for ``heartbeat_timeout`` seconds (worker killed)."""
    found = _outbox_ids(backend, dbname, republish_after, stale_after, limit)
    if heartbeat_timeout is not None and heartbeat_timeout < stale_after:
        seen = {job_id for job_id, _p in found}
        found += [pair for pair in _silent_started(backend, dbname, heartbeat_timeout, limit) if pair[0] not in seen]
    return found


def _silent_started(backend, dbname, timeout, limit):
    """Started jobs, not republished lately, whose last sign of life is older than ``timeout``."""
    cut = _now(timeout)

    def select(env):
        env.cr.execute("SELECT id, priority, attempts, date_started FROM queue_job WHERE state = 'started' "
                       "AND COALESCE(date_started, date_created) <= %s "
                       "AND COALESCE(date_enqueued, date_created) <= %s ORDER BY priority, id LIMIT %s",
                       [cut, cut, limit])
        return env.cr.fetchall()
    rows = transaction.run(backend, dbname, select)
    if not rows:
        return []
    beats = progress.last_beats(backend, dbname, [r[0] for r in rows])
    silent = []
    for job_id, priority, attempts, _started in rows:
        attempt, last = beats.get(job_id, (None, None))
        if last is not None and attempt == attempts and last > cut:
            continue            # its worker is alive and still on this attempt
        silent.append((job_id, priority))
    if silent:
        _logger.warning("queue.jobs %s of %s lost their worker (no heartbeat for %ss): published again",
                        [j for j, _p in silent], dbname, timeout)
    return silent


def _outbox_ids(backend, dbname, republish_after, stale_after, limit=500):
    def select(env):
        now = _now()
        pending_cut, stale_cut = _now(republish_after), _now(stale_after)
        env.cr.execute(
            "SELECT id, priority FROM queue_job WHERE (eta IS NULL OR eta <= %s) AND ("
            " (state = 'pending' AND COALESCE(date_enqueued, date_created) <= %s)"
            " OR (state = 'enqueued' AND COALESCE(date_enqueued, date_created) <= %s)"
            " OR (state = 'started' AND COALESCE(date_started, date_created) <= %s"
            "     AND COALESCE(date_enqueued, date_created) <= %s))"
            " ORDER BY priority, id LIMIT %s",
            [now, pending_cut, stale_cut, stale_cut, stale_cut, limit])
        return [(r[0], r[1]) for r in env.cr.fetchall()]
    return transaction.run(backend, dbname, select)


def publishable(backend, dbname, job_ids):
    """(id, priority) of ``job_ids`` committed, still pending and due (what an after-commit hook sends)."""
    if not job_ids:
        return []

    def select(env):
        env.cr.execute("SELECT id, priority FROM queue_job WHERE id IN %s AND state = 'pending' "
                       "AND (eta IS NULL OR eta <= %%s) ORDER BY priority, id" % _placeholders(job_ids),
                       [*job_ids, _now()])
        return [(r[0], r[1]) for r in env.cr.fetchall()]
    return transaction.run(backend, dbname, select)


def mark_enqueued(backend, dbname, job_ids):
    """Record that ``job_ids`` were just handed to the broker (pending becomes enqueued)."""
    if not job_ids:
        return

    def update(env):
        cr = env.cr
        ids = list(job_ids)
        if cr.dialect.name == "postgresql":
            # never wait for a worker that holds a job's row while running it
            cr.execute("SELECT id FROM queue_job WHERE id IN %s AND state IN %s FOR UPDATE SKIP LOCKED",
                       [tuple(ids), CLAIMABLE])
            ids = [r[0] for r in cr.fetchall()]
            if not ids:
                return
        cr.execute("UPDATE queue_job SET date_enqueued = %%s, state = CASE WHEN state = 'pending' "
                   "THEN 'enqueued' ELSE state END WHERE id IN %s AND state IN %s"
                   % (_placeholders(ids), _placeholders(CLAIMABLE)), [_now(), *ids, *CLAIMABLE])
    transaction.run(backend, dbname, update)


def due_job_ids(backend, dbname, limit=200):
    """Jobs the embedded runner should run now, most urgent first."""
    def select(env):
        env.cr.execute("SELECT id FROM queue_job WHERE state IN %s AND (eta IS NULL OR eta <= %%s) "
                       "ORDER BY priority, id LIMIT %%s" % _placeholders(CLAIMABLE),
                       [*CLAIMABLE, _now(), limit])
        return [r[0] for r in env.cr.fetchall()]
    return transaction.run(backend, dbname, select)


# --- cron --------------------------------------------------------------------------------
#: advisory-lock namespace (PostgreSQL) under which a process holds a cron while running it
CRON_LOCK_NAMESPACE = 0x66617A68   # "fazh"


def cron_tick(backend, dbname, now=None):
    """Run the due ``ir.cron`` jobs of ``dbname``, each in transactions of its own; returns their ids.

    Per due job: a short transaction *claims* the occurrence (``ir.cron._claim_due_job`` reschedules
    it and commits), then the job runs in its own transaction as its user, with the county's
    timezone and ``cron_auto_commit`` in its context. So:

    - two ticks racing (two beats, several workers) claim each occurrence once;
    - one job's error or lost race never rolls back another job's work, nor the mail a queue job
      already handed to SMTP (the mail and SMS queues commit each message's claim and outcome as
      they go: ``mail.mail.send``);
    - on PostgreSQL a session advisory lock keeps a job from running twice at once when a run
      outlasts its interval.
    """
    from ..orm.fields import Datetime
    now = Datetime.to_datetime(now) if now else clock.now().replace(microsecond=0)

    def due(env):
        return env["ir.cron"]._get_due_jobs(now).ids
    try:
        due_ids = transaction.run(backend, dbname, due)
    except (ConcurrencyError, transaction.ConcurrentUpdateError) as exc:
        _logger.info("cron tick of %s skipped: %s", dbname, exc)
        return []
    ran = []
    for cron_id in due_ids:
        try:
            claim = transaction.run(backend, dbname,
                                    lambda env, cron_id=cron_id: env["ir.cron"]._claim_due_job(cron_id, now))
        except (ConcurrencyError, transaction.ConcurrentUpdateError) as exc:
            _logger.info("cron %s of %s taken by another tick (%s)", cron_id, dbname, exc)
            continue
        if not claim:
            continue
        run_claimed_cron(backend, dbname, cron_id, claim)
        ran.append(cron_id)
    return ran


def _cron_lock(cr, cron_id, lock):
    if cr.dialect.name != "postgresql":
        return True
    if lock:
        cr.execute("SELECT pg_try_advisory_lock(%s, %s)", [CRON_LOCK_NAMESPACE, cron_id])
    else:
        cr.execute("SELECT pg_advisory_unlock(%s, %s)", [CRON_LOCK_NAMESPACE, cron_id])
    return bool(cr.fetchone()[0])


def run_claimed_cron(backend, dbname, cron_id, claim):
    """Run a claimed cron occurrence (``claim`` from ``ir.cron._claim_due_job``) in its own cursor."""
    from ..orm.api import Environment
    from ..orm.registry import Registry
    cr = backend.cursor(dbname)
    locked = False
    try:
        Registry.for_cursor(cr)
        cr.transaction = None
        locked = _cron_lock(cr, cron_id, True)
        cr.commit()
        if not locked:
            _logger.info("cron %s (%s) of %s is still running elsewhere; this occurrence is skipped",
                         cron_id, claim["name"], dbname)
            return False
        context = {"lastcall": claim["lastcall"], "tz": claim["tz"], "cron_auto_commit": True,
                   "cron_id": cron_id}
        env = Environment(cr, claim["user_id"] or SUPERUSER_ID, context)
        action = env["ir.actions.server"].browse(claim["server_action_id"])
        for _call in range(claim["calls"]):
            try:
                action.run()
                cr.commit()
            except Exception as exc:  # noqa: BLE001 - a broken job is logged, never stops the tick
                cr.rollback()
                _logger.exception("cron %s (%s) of %s failed", cron_id, claim["name"], dbname)
                try:
                    env["ir.cron"].browse(cron_id)._handle_callback_exception(
                        claim["name"], claim["server_action_id"], cron_id, exc)
                    cr.commit()
                except Exception:  # noqa: BLE001
                    cr.rollback()
                    _logger.exception("cron %s: the failure handler failed", cron_id)
                return False
        return True
    finally:
        try:
            if locked:
                cr.rollback()
                _cron_lock(cr, cron_id, False)
                cr.commit()
        except Exception:  # noqa: BLE001 - a dead connection released its advisory lock already
            _logger.debug("cron %s: unlock failed", cron_id, exc_info=True)
        cr.close()


# --- databases ---------------------------------------------------------------------------
def _has_table(cr, name):
    if cr.dialect.name == "postgresql":
        cr.execute("SELECT to_regclass(%s) IS NOT NULL", ["public.%s" % name])
    else:
        cr.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = %s", [name])
    return bool(cr.fetchone()[0])


def db_status(backend, dbname):
    """'queue' (crons and jobs can run), 'cron' (base not yet upgraded: no ``queue_job``
    table, crons only) or None (missing, unreachable, or still being created)."""
    try:
        cr = backend.cursor(dbname)
    except Exception:  # noqa: BLE001 - dropped meanwhile, unreachable: not served, say why at debug
        _logger.debug("database %s not reachable", dbname, exc_info=True)
        return None
    try:
        if not _has_table(cr, "ir_module_module") or not _has_table(cr, "ir_cron"):
            return None
        cr.execute("SELECT state FROM ir_module_module WHERE name = 'base'")
        row = cr.fetchone()
        if not row or row[0] != "installed":
            return None
        return "queue" if _has_table(cr, "queue_job") else "cron"
    except Exception:  # noqa: BLE001 - a half-created database is simply not served yet
        _logger.debug("database %s not ready for the queue", dbname, exc_info=True)
        return None
    finally:
        cr.close()


def queue_ready(backend, dbname):
    """True when ``dbname`` is an installed fazhi database with the ``queue_job`` table."""
    return db_status(backend, dbname) == "queue"


def databases(backend, dbnames=None, need_queue=False):
    """The databases to serve: ``dbnames`` when given, else every database of the backend.

    Without ``need_queue``, databases whose base addon predates the queue (no ``queue_job``
    table until ``fazhi upgrade -d DB base``) are included: their crons still run.
    """
    names = list(dbnames) if dbnames else backend.list()
    wanted = ("queue",) if need_queue else ("queue", "cron")
    return [name for name in names if db_status(backend, name) in wanted]
