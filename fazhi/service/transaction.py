"""One RPC call = one transaction: committed on success, rolled back on error, retried when it
lost a race with a concurrent transaction (PostgreSQL serialization failure, SQLite busy).

Retries wait a random time under an exponentially growing cap ("full jitter"), so twenty clerks
issuing documents at once spread out instead of colliding again in step; on SQLite a retry starts
as a writer (``BEGIN IMMEDIATE``) and queues for the write lock. What still fails after
MAX_TRIES is a ``ConcurrentUpdateError``: "busy, please retry" in the caller's language.
"""
import logging
import random
import sqlite3
import time

from ..exceptions import UserError, ValidationError
from ..orm.api import Environment, SUPERUSER_ID
from ..orm.registry import Registry
from ..sql.cursor import ConcurrencyError

_logger = logging.getLogger(__name__)
MAX_TRIES = 12
BACKOFF_BASE = 0.05     #: seconds; the n-th retry waits up to BACKOFF_BASE * 2**n ...
BACKOFF_CAP = 2.0       #: ... but never more than this
UNIQUE_RETRIES = 2      #: retries of a unique violation (see _is_unique_race)
BUSY_MESSAGE = "The server is busy with other users' changes to the same records; please retry in a moment."


class ConcurrentUpdateError(UserError):
    """Still conflicting after MAX_TRIES attempts: the user is told to retry (not a server error)."""


def _caller_lang(context):
    from ..orm.translate import DEFAULT_LANG, _local
    return (context or {}).get("lang") or getattr(_local, "lang", None) or DEFAULT_LANG


def _backoff(attempt):
    return random.uniform(0, min(BACKOFF_CAP, BACKOFF_BASE * 2 ** attempt))


def _is_retryable(exc):
    if isinstance(exc, ConcurrencyError):
        return True
    if isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc)):
        return True
    try:
        import psycopg2.errors as pgerr
        return isinstance(exc, (pgerr.SerializationFailure, pgerr.DeadlockDetected))
    except ImportError:  # pragma: no cover
        return False


def _is_unique_race(exc):
    """A unique violation on PostgreSQL: maybe a row a concurrent transaction inserted after our
    snapshot (two first draws from a sequence's new date range); retried a few times only, since
    a real duplicate fails the same way each time."""
    try:
        import psycopg2.errors as pgerr
        return isinstance(exc, pgerr.UniqueViolation)
    except ImportError:  # pragma: no cover
        return False


def run(backend, dbname, func, uid=SUPERUSER_ID, context=None):
    """Call ``func(env)`` in a fresh transaction; commit its effects and return its result."""
    unique_retries = 0
    for attempt in range(1, MAX_TRIES + 1):
        cr = backend.cursor(dbname)
        try:
            if attempt > 1:
                cr.begin_write()    # it wrote last time: queue for the write lock from the start
            Registry.for_cursor(cr)
            cr.transaction = None
            env = Environment(cr, uid, context or {})
            result = func(env)
            cr.commit()
            return result
        except Exception as exc:
            cr.rollback()
            if _is_retryable(exc) and attempt < MAX_TRIES:
                delay = _backoff(attempt)
                _logger.info("%s, retry %s/%s in %.3fs", type(exc).__name__, attempt, MAX_TRIES, delay)
                time.sleep(delay)
                continue
            if _is_unique_race(exc) and unique_retries < UNIQUE_RETRIES and attempt < MAX_TRIES:
                unique_retries += 1
                _logger.info("unique violation, retry %s/%s: %s", unique_retries, UNIQUE_RETRIES, exc)
                time.sleep(_backoff(attempt))
                continue
            if _is_retryable(exc):
                from ..orm.translate import translate
                _logger.warning("gave up after %s tries: %s", MAX_TRIES, exc)
                raise ConcurrentUpdateError(translate(BUSY_MESSAGE, _caller_lang(context))) from exc
            integrity = _integrity_error(backend, dbname, exc, context)
            if integrity is not None:
                raise integrity from exc
            data_error = _data_error(exc, context)
            if data_error is not None:
                raise data_error from exc
            raise
        finally:
            cr.transaction = None
            cr.close()


def run_committing_errors(backend, dbname, func, errors):
    """Like ``run``, but the exceptions in ``errors`` still commit what ``func`` wrote first."""
    box = {}

    def wrapper(env):
        try:
            return func(env)
        except errors as exc:
            box["error"] = exc
            return None
    result = run(backend, dbname, wrapper)
    if "error" in box:
        raise box["error"]
    return result


def _data_error(exc, context):
    """A value the database cannot hold (PostgreSQL class 22: an id beyond ``integer``, a negative
    LIMIT), as the ValidationError it is rather than an internal error."""
    from ..orm.translate import translate
    try:
        import psycopg2
    except ImportError:  # pragma: no cover
        return None
    if not isinstance(exc, psycopg2.DataError):
        return None
    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return ValidationError(translate("A value is out of the range the database accepts: %s", _caller_lang(context),
                                     detail))


def _integrity_error(backend, dbname, exc, context):
    """A database constraint violation, reworded as the ValidationError Flectra's RPC gives."""
    from ..exceptions import ValidationError
    from ..orm.translate import translate
    try:
        import psycopg2
    except ImportError:  # pragma: no cover
        return None
    if not isinstance(exc, psycopg2.IntegrityError) or isinstance(exc, ValidationError):
        return None
    lang = (context or {}).get("lang")
    registry = Registry.registries.get(Registry.key(backend, dbname))
    messages = getattr(registry, "constraint_messages", {}) if registry else {}
    diag = getattr(exc, "diag", None)
    name = getattr(exc, "constraint", None) or (getattr(diag, "constraint_name", None) if diag else None)
    pgcode = getattr(exc, "pgcode", None)
    if name and messages.get(name):
        detail = translate(messages[name], lang)
    elif pgcode == "23502" or "NOT NULL" in str(exc):
        column = getattr(diag, "column_name", None) if diag else None
        detail = translate("Create/update: a mandatory field is not set.", lang) + (
            " (%s)" % column if column else "")
    elif pgcode == "23503" or "FOREIGN KEY" in str(exc):
        detail = translate("Delete: another model requires the record being deleted. "
                           "If possible, archive it instead.", lang)
    else:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return ValidationError(translate("The operation cannot be completed: %s", lang, detail))
