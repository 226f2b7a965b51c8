"""The exchange worker as a task of fazhi's queue, for deployments with a broker (Redis).

`fazhi worker` and `fazhi beat` load it through ``FAZHI_QUEUE_INCLUDE``; both need the same value:

    FAZHI_QUEUE_INCLUDE=/opt/fazhi/src/scripts/xinyong_exchange_celery.py
    FAZHI_RPC_*=… XINYONG_PLATFORM_URL=… XINYONG_PLATFORM_SECRET=…      # on the workers

``register(app)`` adds the task ``xinyong.exchange_once`` to fazhi's Celery app (so a fazhi worker
runs it from the fazhi queue) and returns its beat entry: a pass every ``XINYONG_EXCHANGE_INTERVAL``
seconds (default 60). The task is one pass of scripts/xinyong_exchange.py (``run_once``): it talks
to the server over odoorpc like the CLI, so the worker may run on any host. A pass is safe to run
twice at once: rows are leased before they are posted and the platform keeps one record per
idempotency key. Retries here cover only a server that cannot be reached; platform failures are
retried by the outbox's own backoff.
"""
import io
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fazhi_rpc  # noqa: E402
import xinyong_exchange  # noqa: E402

TASK = "xinyong.exchange_once"


def interval():
    text = os.environ.get("XINYONG_EXCHANGE_INTERVAL") or "60"
    try:
        value = float(text)
    except ValueError:
        raise ValueError("XINYONG_EXCHANGE_INTERVAL must be a number of seconds, not %r" % text) from None
    if value <= 0:
        raise ValueError("XINYONG_EXCHANGE_INTERVAL must be more than 0 seconds, not %r" % text)
    return value


def exchange_once(task, batch=50):
    """One pass: the counts of acknowledged, rejected, retried and unparseable rows."""
    url, secret = os.environ.get("XINYONG_PLATFORM_URL"), os.environ.get("XINYONG_PLATFORM_SECRET")
    if not url or not secret:
        raise RuntimeError("set XINYONG_PLATFORM_URL and XINYONG_PLATFORM_SECRET")
    try:
        client = fazhi_rpc.connect()
    except (OSError, ConnectionError) as error:   # the server is restarting: try again later
        raise task.retry(exc=error)
    platform = xinyong_exchange.Platform(url, secret, timeout=float(os.environ.get("XINYONG_PLATFORM_TIMEOUT", "10")),
                                         fmt=os.environ.get("XINYONG_PLATFORM_FORMAT", "json"))
    return xinyong_exchange.run_once(client, platform, batch=batch, out=io.StringIO())


def register(app):
    """Add the task to ``app`` (fazhi's, from ``fazhi.queue.app.get_app()``); its beat entry."""
    every = interval()
    app.task(name=TASK, bind=True, max_retries=3, default_retry_delay=30, shared=False)(exchange_once)
    # a pass not started before the next is due is dropped rather than queued behind it
    return {"xinyong-exchange": {"task": TASK, "schedule": every, "options": {"expires": max(every, 1.0)}}}
