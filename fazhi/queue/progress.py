"""Progress of running jobs, written outside the job's transaction so that others see it live.

A job's effects commit together with its *done* mark (see ``jobs``), and the job holds its
``queue_job`` row locked meanwhile, so its progress cannot go through that transaction nor
that row: on PostgreSQL another transaction updating the row would wait for the job (and the
job never lets go until it ends); on SQLite the job holds the database's single write lock.

So progress lives beside the job, one row per job in ``queue_job_progress`` (job id, attempt,
done, total, message), and every update is its own short transaction:

- PostgreSQL: a table of the same database (created by ``queue.job``'s ``init``), written
  through a second connection. It has no foreign key: a key check would wait on the job's lock.
- SQLite: the same table in a small side database ``<data_dir>/queue_progress/<db>.sqlite3``,
  whose write lock is not the main database's.

Progress is advisory: a failed update is logged and ignored, never fails the job. The row
records the attempt it belongs to; a new attempt (a retry after a crash or a requeue) starts
from nothing (``reset`` when the job is claimed), and readers ignore rows of other attempts.
"""
import logging
import os
import sqlite3

from ..tools import clock

_logger = logging.getLogger(__name__)

TABLE = "queue_job_progress"
MESSAGE_LIMIT = 500
DDL = ("CREATE TABLE IF NOT EXISTS queue_job_progress (job_id INTEGER PRIMARY KEY, attempt INTEGER NOT NULL, "
       "done INTEGER NOT NULL DEFAULT 0, total INTEGER NOT NULL DEFAULT 0, message VARCHAR, "
       "date_update TIMESTAMP)")
UPSERT = ("INSERT INTO queue_job_progress (job_id, attempt, done, total, message, date_update) "
          "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (job_id) DO UPDATE SET attempt = EXCLUDED.attempt, "
          "done = EXCLUDED.done, total = EXCLUDED.total, message = EXCLUDED.message, "
          "date_update = EXCLUDED.date_update")

#: a running job's sign of life: only ``date_update`` moves (its progress figures stay)
HEARTBEAT = ("INSERT INTO queue_job_progress (job_id, attempt, done, total, message, date_update) "
             "VALUES (%s, %s, 0, 0, NULL, %s) ON CONFLICT (job_id) DO UPDATE SET date_update = EXCLUDED.date_update")


def _is_sqlite(backend):
    return getattr(backend.dialect, "name", None) == "sqlite"


def sqlite_path(backend, dbname):
    return os.path.join(backend.data_dir, "queue_progress", "%s.sqlite3" % dbname)


def _sqlite_connect(backend, dbname, create):
    path = sqlite_path(backend, dbname)
    if not create and not os.path.exists(path):
        return None
    os.makedirs(os.path.dirname(path), exist_ok=True)
    cnx = sqlite3.connect(path, isolation_level=None, timeout=15, check_same_thread=False)
    cnx.execute("PRAGMA busy_timeout=15000")
    cnx.execute("PRAGMA synchronous=NORMAL")    # progress may be lost in a power cut, not corrupted
    cnx.execute("PRAGMA journal_mode=WAL")      # readers (the web client) never wait for the job
    cnx.execute(DDL)
    return cnx


def _qmark(query):
    return query.replace("%s", "?")


def ensure_table(cr):
    """Create the progress table in the job database (PostgreSQL; SQLite keeps it aside)."""
    if cr.dialect.name != "sqlite":
        cr.execute(DDL)


def _write(backend, dbname, query, params):
    if _is_sqlite(backend):
        cnx = _sqlite_connect(backend, dbname, create=True)
        try:
            cnx.execute(_qmark(query), params)
        finally:
            cnx.close()
        return
    cr = backend.cursor(dbname)
    try:
        cr.execute(query, params)
        cr.commit()
    finally:
        cr.close()


def update(backend, dbname, job_id, attempt, done, total, message):
    """Record the progress of attempt ``attempt`` of job ``job_id`` in a transaction of its own."""
    message = (message or "")[:MESSAGE_LIMIT] or None
    now = clock.now().strftime("%Y-%m-%d %H:%M:%S")
    try:
        _write(backend, dbname, UPSERT, [int(job_id), int(attempt or 0), int(done or 0), int(total or 0),
                                         message, now])
        return True
    except Exception:  # noqa: BLE001 - progress is advisory; the job goes on
        _logger.warning("could not record the progress of queue.job %s of %s", job_id, dbname, exc_info=True)
        return False


def heartbeat(backend, dbname, job_id, attempt):
    """Say that attempt ``attempt`` of ``job_id`` is still running (its worker is alive)."""
    now = clock.now().strftime("%Y-%m-%d %H:%M:%S")
    try:
        _write(backend, dbname, HEARTBEAT, [int(job_id), int(attempt or 0), now])
        return True
    except Exception:  # noqa: BLE001 - a missed beat only makes the job look stale sooner
        _logger.warning("could not record the heartbeat of queue.job %s of %s", job_id, dbname, exc_info=True)
        return False


def last_beats(backend, dbname, job_ids):
    """``{job_id: (attempt, last sign of life as 'YYYY-MM-DD HH:MM:SS')}`` of ``job_ids``."""
    ids = [int(i) for i in job_ids]
    if not ids:
        return {}
    query = ("SELECT job_id, attempt, date_update FROM queue_job_progress WHERE job_id IN (%s)"
             % ", ".join(["%s"] * len(ids)))
    if _is_sqlite(backend):
        cnx = _sqlite_connect(backend, dbname, create=False)
        if cnx is None:
            return {}
        try:
            rows = cnx.execute(_qmark(query), ids).fetchall()
        finally:
            cnx.close()
    else:
        cr = backend.cursor(dbname)
        try:
            cr.execute(query, ids)
            rows = cr.fetchall()
        finally:
            cr.close()
    return {row[0]: (row[1], str(row[2])[:19] if row[2] else None) for row in rows}


def reset(backend, dbname, job_id):
    """Forget the progress of ``job_id`` (a new attempt starts from nothing)."""
    try:
        if _is_sqlite(backend) and not os.path.exists(sqlite_path(backend, dbname)):
            return
        _write(backend, dbname, "DELETE FROM queue_job_progress WHERE job_id = %s", [int(job_id)])
    except Exception:  # noqa: BLE001 - readers also ignore rows of other attempts
        _logger.warning("could not reset the progress of queue.job %s of %s", job_id, dbname, exc_info=True)


def forget(cr, job_ids):
    """Drop the progress rows of deleted jobs (in ``cr``'s transaction on PostgreSQL)."""
    ids = [int(i) for i in job_ids]
    if not ids:
        return
    marks = ", ".join(["%s"] * len(ids))
    query = "DELETE FROM queue_job_progress WHERE job_id IN (%s)" % marks
    if cr.dialect.name != "sqlite":
        cr.execute(query, ids)
        return
    try:
        cnx = _sqlite_connect(cr.backend, cr.dbname, create=False)
        if cnx is not None:
            try:
                cnx.execute(_qmark(query), ids)
            finally:
                cnx.close()
    except Exception:  # noqa: BLE001 - a leftover row is reset when its id is claimed again
        _logger.debug("could not drop progress rows", exc_info=True)


def read(cr, job_ids):
    """``{job_id: (attempt, done, total, message)}`` as last committed by the running jobs."""
    ids = [int(i) for i in job_ids]
    if not ids:
        return {}
    query = ("SELECT job_id, attempt, done, total, message FROM queue_job_progress WHERE job_id IN (%s)"
             % ", ".join(["%s"] * len(ids)))
    if cr.dialect.name != "sqlite":
        cr.execute(query, ids)
        rows = cr.fetchall()
    else:
        try:
            cnx = _sqlite_connect(cr.backend, cr.dbname, create=False)
        except Exception:  # noqa: BLE001 - no progress to show rather than a failed read
            _logger.warning("could not read queue job progress of %s", cr.dbname, exc_info=True)
            return {}
        if cnx is None:
            return {}
        try:
            rows = cnx.execute(_qmark(query), ids).fetchall()
        finally:
            cnx.close()
    return {row[0]: (row[1], row[2], row[3], row[4]) for row in rows}
