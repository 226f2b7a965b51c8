"""Handing messages to the outside world at most once: claim, hand over, record the outcome.

SMTP gives no idempotency: a mail handed to the server and then rolled back (worker killed,
the transaction lost a race) would be sent again by the next run. So the mail and SMS queues,
when they run on their own (a cron occurrence or a queued job: ``auto_commit``), give each
message three steps:

1. **claim** it in a transaction of its own: ``state`` from ``outgoing`` to ``sending``, committed
   before anything leaves (a second runner finds it claimed and skips it);
2. hand it over (SMTP, the SMS gateway);
3. **record the outcome** (``sent``, retry later, failed) in another transaction right after,
   retried when it loses a race (two queues updating the same service record): the message
   has left, so only the recording is retried, never the sending.

A message left ``sending`` for ``claim_timeout()`` (the process died between 1 and 3) is never sent again by the queue
on its own: mail is shown to the administrator to confirm (``unknown``); a text message is handed
over again with the same idempotency key, which the gateway drops if it took it already.
"""
import logging
import random
import time

from ..sql import ConcurrencyError
from . import settings

_logger = logging.getLogger(__name__)

OUTCOME_TRIES = 8          #: tries to record an outcome that loses races (the message already left)


def claim_timeout():
    """Seconds after which a message still ``sending`` is deemed interrupted (FAZHI_QUEUE_CLAIM_TIMEOUT)."""
    return settings.claim_timeout()


def auto_commit(env):
    """True when the caller owns its transaction: a cron occurrence or a queued job."""
    return bool(env.context.get("cron_auto_commit") or env.context.get("job_id"))


def claim(env, table, record_id, due_column, now):
    """Mark row ``record_id`` of ``table`` ``sending`` if still ``outgoing`` and due; commit.

    Returns True when this runner owns the message now. The caller's own pending work was
    committed before (``auto_commit`` callers run in a transaction of their own).
    """
    cr = env.cr
    stamp = now.strftime("%Y-%m-%d %H:%M:%S")
    try:
        cr.execute("UPDATE %s SET state = 'sending', sending_date = %%s WHERE id = %%s AND state = 'outgoing' "
                   "AND (%s IS NULL OR %s <= %%s)" % (table, due_column, due_column),
                   [stamp, record_id, stamp])
        claimed = cr.rowcount == 1
        cr.commit()
    except ConcurrencyError:
        # another runner updated the row since our snapshot (it claimed the message)
        cr.rollback()
        claimed = False
    return claimed


def record_outcome(env, record, func, what):
    """Run ``func()`` (ORM writes recording the outcome) and commit, retrying lost races.

    Returns True once committed. On giving up, the message stays ``sending`` (see module doc).
    """
    cr = env.cr
    for attempt in range(1, OUTCOME_TRIES + 1):
        try:
            func()
            cr.commit()
            return True
        except Exception as exc:  # noqa: BLE001 - any failure: undo the recording, try again
            cr.rollback()
            record.invalidate_recordset()
            if attempt == OUTCOME_TRIES:
                _logger.error("%s was handed over but its outcome could not be recorded (%s): it stays "
                              "'sending' for the administrator to confirm", what, exc)
                return False
            delay = random.uniform(0, min(2.0, 0.05 * 2 ** attempt))
            _logger.info("%s: recording the outcome lost a race (%s), retry %s in %.2fs", what,
                         type(exc).__name__, attempt, delay)
            time.sleep(delay)
    return False
