"""Queue settings: the broker and the timings, from the command line or ``FAZHI_*`` variables.

Nothing here imports Celery, so the ORM side (``with_delay``) stays cheap when no broker is
configured. The command line (``--broker``) wins over the environment.

=================================  =======  ==================================================
variable                           default  meaning
=================================  =======  ==================================================
``FAZHI_BROKER_URL``               (none)   ``redis://[:password@]host:port/db``; unset = embedded
``FAZHI_QUEUE_NAME``               fazhi    the broker queue every fazhi task goes through
``FAZHI_QUEUE_TICK``               30       embedded runner: seconds between two rounds
``FAZHI_QUEUE_CRON_INTERVAL``      60       beat: seconds between two cron ticks
``FAZHI_QUEUE_SWEEP_INTERVAL``     30       beat: seconds between two outbox sweeps
``FAZHI_QUEUE_REPUBLISH_AFTER``    60       sweep: a *pending* job older than this is published
``FAZHI_QUEUE_STALE_AFTER``        900      sweep: an *enqueued*/*started* job untouched this long
                                            is published again (broker flushed, message lost)
``FAZHI_QUEUE_VISIBILITY_TIMEOUT`` 3600     Redis: an unacknowledged message is redelivered after
``FAZHI_QUEUE_RESTORE_INTERVAL``   10       Redis: seconds between two scans for such messages
``FAZHI_QUEUE_HEARTBEAT``          10       worker: seconds between two signs of life of a running job
``FAZHI_QUEUE_HEARTBEAT_TIMEOUT``  60       sweep: a *started* job silent this long lost its worker
                                            (killed, host gone) and is published again
``FAZHI_QUEUE_CLAIM_TIMEOUT``      600      mail/SMS: a message claimed (``sending``) this long
                                            ago and never marked was interrupted (see ``delivery``)
``FAZHI_QUEUE_INCLUDE``            (none)   worker and beat: modules (``path/to/x.py`` or dotted
                                            names, comma-separated) whose ``register(app)`` adds
                                            tasks to fazhi's app and returns beat entries
=================================  =======  ==================================================

Scheduled commands (``FAZHI_SCHEDULED_COMMANDS_FILE``, ``FAZHI_SCHEDULED_COMMANDS``,
``FAZHI_SCHEDULED_COMMANDS_CWD``, ``FAZHI_SCHEDULED_COMMAND_TIMEOUT``) are read by ``commands``.
"""
import os

_overrides = {}


def _number(name, default):
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    try:
        return float(value)
    except ValueError:
        raise ValueError("%s must be a number of seconds, not %r" % (name, value)) from None


def set_broker_url(url):
    """Set the broker for this process (the ``--broker`` option); '' means embedded."""
    _overrides["broker_url"] = url or ""


def broker_url():
    if "broker_url" in _overrides:
        return _overrides["broker_url"]
    return os.environ.get("FAZHI_BROKER_URL", "")


def queue_name():
    return os.environ.get("FAZHI_QUEUE_NAME") or "fazhi"


def tick():
    return max(0.2, _number("FAZHI_QUEUE_TICK", 30.0))


def cron_interval():
    return max(0.5, _number("FAZHI_QUEUE_CRON_INTERVAL", 60.0))


def sweep_interval():
    return max(0.5, _number("FAZHI_QUEUE_SWEEP_INTERVAL", 30.0))


def republish_after():
    return max(0.0, _number("FAZHI_QUEUE_REPUBLISH_AFTER", 60.0))


def stale_after():
    return max(1.0, _number("FAZHI_QUEUE_STALE_AFTER", 900.0))


def visibility_timeout():
    return max(1, int(_number("FAZHI_QUEUE_VISIBILITY_TIMEOUT", 3600)))


def restore_interval():
    return max(1, int(_number("FAZHI_QUEUE_RESTORE_INTERVAL", 10)))


def claim_timeout():
    return max(1.0, _number("FAZHI_QUEUE_CLAIM_TIMEOUT", 600.0))


def heartbeat():
    return max(0.2, _number("FAZHI_QUEUE_HEARTBEAT", 10.0))


def heartbeat_timeout():
    """Never less than three beats: one late beat must not look like a dead worker."""
    return max(3 * heartbeat(), _number("FAZHI_QUEUE_HEARTBEAT_TIMEOUT", 60.0))


def queue_include():
    """The modules of ``FAZHI_QUEUE_INCLUDE`` (comma-separated), in order."""
    return [part.strip() for part in (os.environ.get("FAZHI_QUEUE_INCLUDE") or "").split(",") if part.strip()]
