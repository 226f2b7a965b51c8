"""One RPC call = one transaction: committed on success, rolled back on error, retried when it
lost a race with a concurrent transaction (PostgreSQL serialization failure, SQLite busy)."""
import logging
import random
import time

from ..orm.api import Environment, SUPERUSER_ID
from ..orm.registry import Registry
from ..sql.cursor import ConcurrencyError

_logger = logging.getLogger(__name__)
MAX_TRIES = 5


class ConcurrentUpdateError(Exception):
    """Still conflicting after MAX_TRIES attempts."""


def _is_retryable(exc):
    if isinstance(exc, ConcurrencyError):
        return True
    try:
        import psycopg2.errors as pgerr
        return isinstance(exc, (pgerr.SerializationFailure, pgerr.DeadlockDetected))
    except ImportError:  # pragma: no cover
        return False


def run(backend, dbname, func, uid=SUPERUSER_ID, context=None):
    """Call ``func(env)`` in a fresh transaction; commit its effects and return its result."""
    for attempt in range(1, MAX_TRIES + 1):
        cr = backend.cursor(dbname)
        try:
            Registry.for_cursor(cr)
            cr.transaction = None
            env = Environment(cr, uid, context or {})
            result = func(env)
            cr.commit()
            return result
        except Exception as exc:
            cr.rollback()
            if _is_retryable(exc) and attempt < MAX_TRIES:
                delay = random.uniform(0, 0.05 * 2 ** attempt)
                _logger.info("%s, retry %s/%s in %.3fs", type(exc).__name__, attempt, MAX_TRIES, delay)
                time.sleep(delay)
                continue
            if _is_retryable(exc):
                raise ConcurrentUpdateError(
                    "The record was changed by another user at the same time; please retry.") from exc
            integrity = _integrity_error(backend, dbname, exc, context)
            if integrity is not None:
                raise integrity from exc
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
