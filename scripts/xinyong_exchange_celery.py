"""The exchange worker as a Celery task, for deployments with a broker (Redis).

    cd scripts && FAZHI_BROKER_URL=redis://… FAZHI_RPC_*=… XINYONG_PLATFORM_*=… \\
        celery -A xinyong_exchange_celery worker -B --loglevel=info

The task is one pass of scripts/xinyong_exchange.py (``run_once``): it talks to the server over odoorpc
like the CLI, so it may run on any host. Beat schedules a pass every ``XINYONG_EXCHANGE_INTERVAL`` seconds
(default 60). A pass is safe to run twice at once: rows are leased before they are posted and the
platform keeps one record per idempotency key. Retries here cover only a server that cannot be reached;
platform failures are retried by the outbox's own backoff.
"""
import io
import os
import sys

from celery import Celery

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fazhi_rpc  # noqa: E402
import xinyong_exchange  # noqa: E402

app = Celery("xinyong_exchange", broker=os.environ.get("FAZHI_BROKER_URL") or "memory://", set_as_current=False)
app.conf.update(task_default_queue=os.environ.get("XINYONG_EXCHANGE_QUEUE", "xinyong_exchange"), task_acks_late=True, task_ignore_result=True, task_serializer="json", accept_content=["json"],
                enable_utc=True, timezone="UTC", worker_prefetch_multiplier=1,
                beat_schedule={"xinyong-exchange": {"task": "xinyong.exchange_once",
                                                    "schedule": float(os.environ.get("XINYONG_EXCHANGE_INTERVAL",
                                                                                     "60"))}})


@app.task(name="xinyong.exchange_once", bind=True, max_retries=3, default_retry_delay=30)
def exchange_once(self, batch=50):
    """One pass: the counts of acknowledged, rejected, retried and unparseable rows."""
    url, secret = os.environ.get("XINYONG_PLATFORM_URL"), os.environ.get("XINYONG_PLATFORM_SECRET")
    if not url or not secret:
        raise RuntimeError("set XINYONG_PLATFORM_URL and XINYONG_PLATFORM_SECRET")
    try:
        client = fazhi_rpc.connect()
    except (OSError, ConnectionError) as error:   # the server is restarting: try again later
        raise self.retry(exc=error)
    platform = xinyong_exchange.Platform(url, secret, timeout=float(os.environ.get("XINYONG_PLATFORM_TIMEOUT", "10")),
                                         fmt=os.environ.get("XINYONG_PLATFORM_FORMAT", "json"))
    return xinyong_exchange.run_once(client, platform, batch=batch, out=io.StringIO())
