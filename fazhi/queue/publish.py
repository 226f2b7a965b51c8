"""Handing committed jobs to whoever runs them: the broker, or the embedded runner.

``after_commit(backend, dbname, job_ids)`` is what ``with_delay`` registers on
``cr.postcommit``: it runs only once the enqueuing transaction has committed (a rollback clears
it, and a rolled-back savepoint leaves an id whose row is gone, which is skipped), so nothing is
ever sent for work that did not happen. A failed publish (broker down) is logged and otherwise
ignored: the row stays *pending* in the outbox and the sweep publishes it later. For
``BREAKER_SECONDS`` after such a failure, commits do not even try (a broker outage then costs
one request a connect timeout, not every request).
"""
import logging
import threading
import time

from . import settings

_logger = logging.getLogger(__name__)

BREAKER_SECONDS = 10.0   # after a failed publish, commits skip the broker this long (no stalls)
_breaker = {"down_until": 0.0}
_wakers = []
_wakers_lock = threading.Lock()


def register_waker(func):
    """``func()`` is called after a commit that enqueued jobs when no broker is configured."""
    with _wakers_lock:
        _wakers.append(func)


def unregister_waker(func):
    with _wakers_lock:
        if func in _wakers:
            _wakers.remove(func)


def send(dbname, job_ids):
    """Publish ``fazhi.run_job(dbname, id)`` for each id; returns the ids actually sent."""
    if not job_ids:
        return []
    from .app import publish_jobs
    return publish_jobs(dbname, job_ids)


def after_commit(backend, dbname, job_ids):
    """Publish the committed, still pending jobs among ``job_ids`` (never raises)."""
    from . import jobs
    if not settings.broker_url():
        with _wakers_lock:
            wakers = list(_wakers)
        for wake in wakers:
            wake()
        return []
    if time.monotonic() < _breaker["down_until"]:
        _logger.info("broker marked down: jobs %s of %s left to the outbox sweep", list(job_ids), dbname)
        return []
    try:
        ids = jobs.publishable(backend, dbname, job_ids)
        if not ids:
            return []
        sent = send(dbname, ids)
        if sent:
            jobs.mark_enqueued(backend, dbname, sent)
        _breaker["down_until"] = 0.0
        return sent
    except Exception as exc:  # noqa: BLE001 - the commit happened; the outbox sweep publishes later
        _breaker["down_until"] = time.monotonic() + BREAKER_SECONDS
        _logger.warning("could not publish queue jobs %s of %s now (%s: %s); they stay pending and "
                        "the outbox sweep will publish them", list(job_ids), dbname, type(exc).__name__, exc)
        _logger.debug("publish failure", exc_info=True)
        return []
