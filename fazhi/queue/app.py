"""The Celery app: three named tasks that address work by database, model, method and ids.

- ``fazhi.run_job(dbname, job_id)``: run one ``queue.job`` row (see ``fazhi.queue.jobs``).
- ``fazhi.outbox_sweep(dbnames=None)``: publish the jobs whose publish was lost (broker down
  at commit time, broker flushed, eta reached).
- ``fazhi.cron_tick(dbnames=None)``: run the due ``ir.cron`` jobs, each in transactions of its own.
- ``fazhi.run_command(name)``: run the scheduled command ``name`` of the worker's own setting
  (see ``fazhi.queue.commands``), one run at a time across all workers (a Redis lock).

Integration code adds tasks of its own through ``FAZHI_QUEUE_INCLUDE`` (see ``load_includes``):
``fazhi worker`` and ``fazhi beat`` import those modules, so their tasks run on the fazhi queue
and their schedule joins fazhi's beat.

Reliability settings: ``task_acks_late`` + ``task_reject_on_worker_lost`` (a message is
acknowledged only after the job's transaction committed; a worker that dies returns it to
the queue), ``worker_prefetch_multiplier=1`` (a killed worker holds at most one extra message
per process), and the Redis visibility timeout after which an unacknowledged message is
redelivered (``FAZHI_QUEUE_VISIBILITY_TIMEOUT``). Redelivery may run a task twice; the job's
row lock and *done* mark make the second run a no-op. No result backend: results and errors
are kept on the ``queue.job`` row.

Addons never import this module: they call ``records.with_delay().method(...)``.
"""
import logging
import os
import random

from celery import Celery

from . import jobs, settings

_logger = logging.getLogger(__name__)

_apps = {}
_worker = {"dbnames": None}


def _backend():
    from ..config import config
    from ..sql import backend_for
    return backend_for(config)


def get_app(broker_url=None):
    """The Celery app for ``broker_url`` (default: the configured broker); one per URL."""
    url = broker_url or settings.broker_url()
    if not url:
        raise RuntimeError("No broker configured: pass --broker redis://… or set FAZHI_BROKER_URL")
    app = _apps.get(url)
    if app is None:
        app = _make_app(url)
        _apps[url] = app
    return app


def _make_app(url):
    from . import transport
    transport.install()
    app = Celery("fazhi", broker=url, set_as_current=False)
    queue = settings.queue_name()
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_default_queue=queue,
        task_ignore_result=True,
        result_backend=None,
        result_expires=None,          # no result backend: no celery.backend_cleanup entry in beat
        task_serializer="json",
        accept_content=["json"],
        enable_utc=True,
        timezone="UTC",
        broker_connection_retry_on_startup=True,
        broker_connection_retry=True,
        broker_connection_max_retries=None,   # a Redis outage of any length: keep trying, never exit
        # running tasks finish (their effects and the job's *done* commit together); their messages
        # come back after the visibility timeout and find the job done
        worker_cancel_long_running_tasks_on_connection_loss=False,
        broker_connection_timeout=3,
        broker_pool_limit=4,
        broker_transport_options={
            "visibility_timeout": settings.visibility_timeout(),
            "unacked_restore_interval": settings.restore_interval(),
            "unacked_restore_throttle": 1,
            "socket_connect_timeout": 3,
            "socket_timeout": 30,
            "queue_order_strategy": "priority",
        },
        worker_send_task_events=False,
        beat_scheduler="celery.beat:Scheduler",   # in memory: nothing written to the cwd
    )
    _register_tasks(app)
    return app


def _register_tasks(app):
    # shared=False: each app keeps its own tasks (closures over it), never another app's
    @app.task(name="fazhi.run_job", bind=True, max_retries=10, shared=False)
    def run_job(self, dbname, job_id):
        from ..sql import DatabaseMissing
        try:
            return jobs.execute(_backend(), dbname, int(job_id))
        except jobs.TransientJobError as exc:
            countdown = jobs.backoff(self.request.retries + 1, cap=60) * random.uniform(0.5, 1.0)
            raise self.retry(exc=exc, countdown=countdown)
        except DatabaseMissing:
            _logger.warning("job %s: database %s no longer exists; dropped", job_id, dbname)
            return "missing"

    @app.task(name="fazhi.outbox_sweep", shared=False)
    def outbox_sweep(dbnames=None):
        backend = _backend()
        total = 0
        for dbname in jobs.databases(backend, dbnames or _worker["dbnames"], need_queue=True):
            try:
                total += len(sweep(backend, dbname))
            except Exception:  # noqa: BLE001 - one database's trouble must not stop the others
                _logger.warning("outbox sweep of %s failed", dbname, exc_info=True)
        return total

    @app.task(name="fazhi.cron_tick", shared=False)
    def cron_tick(dbnames=None):
        backend = _backend()
        ran = 0
        for dbname in jobs.databases(backend, dbnames or _worker["dbnames"]):
            try:
                ran += len(jobs.cron_tick(backend, dbname))
            except Exception:  # noqa: BLE001 - logged; the next tick tries again
                _logger.warning("cron tick of %s failed", dbname, exc_info=True)
        return ran

    @app.task(name="fazhi.run_command", shared=False)
    def run_command(name):
        return run_scheduled_command(app, name)

    return run_job, outbox_sweep, cron_tick, run_command


def run_scheduled_command(app, name):
    """Run the entry ``name`` unless another worker is running it; returns its outcome."""
    from . import commands
    entry = {e.name: e for e in commands.configured()}.get(name)
    if entry is None:
        _logger.warning("scheduled command %s is not in this worker's FAZHI_SCHEDULED_COMMANDS(_FILE): "
                        "skipped", name)
        return "unknown"
    import redis
    client = redis.Redis.from_url(app.conf.broker_url, socket_connect_timeout=3, socket_timeout=30)
    # held a little longer than the run may last (its timeout and the kill's grace), so that a
    # worker killed mid-run blocks the entry no longer than that
    lock = client.lock("fazhi:command:%s:%s" % (settings.queue_name(), name),
                       timeout=entry.timeout + 2 * commands.KILL_GRACE + 5, blocking=False)
    try:
        if not lock.acquire():
            _logger.info("scheduled command %s is still running elsewhere: this start is skipped", name)
            return "skipped"
        try:
            return commands.run_entry(entry)
        finally:
            try:
                lock.release()
            except Exception:  # noqa: BLE001 - expired meanwhile: nothing to release
                pass
    finally:
        client.close()


_included = {}     # id(app) -> beat entries of the included modules


def _import_include(spec):
    """A module named by a file path (``…/x.py``) or a dotted name."""
    import importlib
    import importlib.util
    import sys
    if spec.endswith(".py") or os.sep in spec:
        path = os.path.abspath(os.path.expanduser(spec))
        name = "fazhi_queue_include_%s" % os.path.splitext(os.path.basename(path))[0]
        module = sys.modules.get(name)
        if module is not None and getattr(module, "__file__", None) == path:
            return module
        if not os.path.isfile(path):
            raise RuntimeError("FAZHI_QUEUE_INCLUDE: no such file %s" % path)
        # the module's own directory first, so that it imports its sibling modules (scripts/)
        directory = os.path.dirname(path)
        if directory not in sys.path:
            sys.path.insert(0, directory)
        module_spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(module_spec)
        sys.modules[name] = module
        try:
            module_spec.loader.exec_module(module)
        except BaseException:
            sys.modules.pop(name, None)
            raise
        return module
    return importlib.import_module(spec)


def load_includes(app, includes=None):
    """Import each module of ``FAZHI_QUEUE_INCLUDE`` and call its ``register(app)``; returns the beat
    entries they return (a dict like ``beat_schedule``'s), each routed to the fazhi queue unless
    it names a queue. Done once per app."""
    if id(app) in _included:
        return _included[id(app)]
    queue = settings.queue_name()
    entries = {}
    for spec in (settings.queue_include() if includes is None else includes):
        try:
            module = _import_include(spec)
        except Exception as exc:
            raise RuntimeError("FAZHI_QUEUE_INCLUDE: cannot import %s: %s" % (spec, exc)) from exc
        register = getattr(module, "register", None)
        if not callable(register):
            raise RuntimeError("FAZHI_QUEUE_INCLUDE: %s has no register(app) function" % spec)
        for key, entry in (register(app) or {}).items():
            entry = dict(entry)
            entry["options"] = dict({"queue": queue}, **(entry.get("options") or {}))
            entries[key] = entry
    _included[id(app)] = entries
    return entries


def sweep(backend, dbname):
    """Publish the jobs of ``dbname`` that the outbox says nobody is working on; returns ids."""
    pairs = jobs.outbox_ids(backend, dbname, settings.republish_after(), settings.stale_after(),
                            heartbeat_timeout=settings.heartbeat_timeout())
    sent = publish_jobs(dbname, pairs)
    if sent:
        _logger.info("outbox sweep of %s published %s job(s)", dbname, len(sent))
        jobs.mark_enqueued(backend, dbname, sent)
    return sent


def _broker_priority(priority):
    """queue.job priority (lower = more urgent, default 10) to the Redis steps 0 (first) … 9."""
    return max(0, min(9, int(priority if priority is not None else 10)))


def publish_jobs(dbname, jobs_to_send):
    """Send ``fazhi.run_job`` for each (job id, priority) or job id; returns the ids sent.

    Stops at the first failure and raises it when nothing was sent; what was sent before a
    failure is returned (and marked enqueued by the caller).
    """
    app = get_app()
    queue = settings.queue_name()
    sent = []
    try:
        with app.producer_or_acquire() as producer:
            # fail fast when the broker is down (kombu would otherwise retry for seconds)
            producer.connection.ensure_connection(max_retries=1)
            for item in jobs_to_send:
                job_id, priority = item if isinstance(item, (tuple, list)) else (item, None)
                app.send_task("fazhi.run_job", args=[dbname, job_id], queue=queue,
                              priority=_broker_priority(priority), producer=producer, retry=False)
                sent.append(job_id)
    except Exception:
        if not sent:
            raise
        _logger.warning("publish of jobs of %s stopped after %s", dbname, sent, exc_info=True)
    return sent


def _loglevel(level):
    return (level or "warning").upper()


def worker_main(concurrency=None, dbnames=None, loglevel="warning", pool=None):
    """Run a Celery worker on the fazhi queue until stopped (``fazhi worker``)."""
    app = get_app()
    load_includes(app)
    _worker["dbnames"] = list(dbnames or []) or None
    argv = ["worker", "-Q", settings.queue_name(), "--loglevel", _loglevel(loglevel),
            "-n", "fazhi-%d@%%h" % os.getpid(),
            "--without-gossip", "--without-mingle", "--without-heartbeat"]
    if concurrency:
        argv += ["--concurrency", str(concurrency)]
    if pool:
        argv += ["--pool", pool]
    app.worker_main(argv)


def beat_schedule(dbnames=None, scheduled=None, included=None):
    """fazhi's schedule: cron ticks, outbox sweeps, the scheduled commands (``scheduled``, default
    the configured ones) and the entries of the included modules (``included``)."""
    from . import commands
    queue = settings.queue_name()
    cron, sweep_every = settings.cron_interval(), settings.sweep_interval()
    args = (list(dbnames),) if dbnames else ()
    schedule = {
        "fazhi-cron-tick": {"task": "fazhi.cron_tick", "schedule": cron, "args": args,
                            "options": {"queue": queue, "expires": max(cron, 1.0)}},
        "fazhi-outbox-sweep": {"task": "fazhi.outbox_sweep", "schedule": sweep_every, "args": args,
                               "options": {"queue": queue, "expires": max(sweep_every, 1.0)}},
    }
    for entry in (commands.configured() if scheduled is None else scheduled):
        # a start not taken before the next one is due is dropped, not queued up behind it
        schedule["fazhi-command-%s" % entry.name] = {
            "task": "fazhi.run_command", "schedule": entry.interval, "args": (entry.name,),
            "options": {"queue": queue, "expires": max(entry.interval, 1.0)}}
    for key, entry in (included or {}).items():
        if key in schedule:
            raise RuntimeError("FAZHI_QUEUE_INCLUDE: the beat entry %r is already fazhi's" % key)
        schedule[key] = entry
    return schedule


def beat_main(dbnames=None, loglevel="warning"):
    """Run the scheduler (``fazhi beat``): cron ticks and outbox sweeps, no database access.

    Several beats may run at once (e.g. one per host for availability): extra ticks are
    harmless because the cron runner locks each job in the database, and extra sweeps only
    publish messages whose second delivery is a no-op.
    """
    app = get_app()
    schedule = beat_schedule(dbnames, included=load_includes(app))
    app.conf.beat_schedule = schedule
    intervals = [settings.cron_interval(), settings.sweep_interval()]
    intervals += [e["schedule"] for e in schedule.values() if isinstance(e["schedule"], (int, float))]
    interval = max(0.5, min([5.0] + intervals))
    app.conf.beat_max_loop_interval = interval
    app.Beat(loglevel=_loglevel(loglevel), scheduler="celery.beat:Scheduler",
             max_interval=interval, quiet=True).run()
