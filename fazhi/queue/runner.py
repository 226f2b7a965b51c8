"""The embedded runner: cron jobs and queued work without a broker.

``fazhi serve`` without ``--broker`` starts one ``EmbeddedRunner`` thread. Every
``FAZHI_QUEUE_TICK`` seconds (default 30), and right after a commit that enqueued a job, it
goes through every installed database of the backend and

1. runs the due ``ir.cron`` jobs (each claimed, then run in a transaction of its own, as
   ``fazhi.cron_tick`` does), then
2. runs the due ``queue.job`` rows, most urgent first, each in its own transactions.

It also starts the scheduled commands (``fazhi.queue.commands``: integration programs run at
their interval as subprocesses) and ends them when it stops.

So a single-machine install sends its reminders on time with nothing else to run. Jobs left
*started* by a crash are picked up again at the next round; the attempt count caps them.
"""
import logging
import threading

from . import jobs, publish, settings

_logger = logging.getLogger(__name__)


def run_database(backend, dbname, should_stop=lambda: False, limit=200, with_jobs=True):
    """One round on ``dbname``: due crons, then due jobs. Returns (cron ids, job outcomes)."""
    crons, outcomes = [], {}
    try:
        crons = jobs.cron_tick(backend, dbname)
    except Exception:  # noqa: BLE001 - logged; the next round tries again
        _logger.warning("cron tick of %s failed", dbname, exc_info=True)
    if not with_jobs:
        return crons, outcomes
    try:
        job_ids = jobs.due_job_ids(backend, dbname, limit=limit)
    except Exception:  # noqa: BLE001 - logged; the next round tries again
        _logger.warning("listing queue jobs of %s failed", dbname, exc_info=True)
        return crons, outcomes
    for job_id in job_ids:
        if should_stop():
            break
        try:
            outcomes[job_id] = jobs.execute(backend, dbname, job_id)
        except jobs.TransientJobError as exc:
            outcomes[job_id] = "retry"
            _logger.info("queue.job %s of %s will be retried: %s", job_id, dbname, exc)
        except Exception:  # noqa: BLE001 - one broken job must not stop the others
            outcomes[job_id] = "error"
            _logger.exception("queue.job %s of %s could not be run", job_id, dbname)
    return crons, outcomes


def private_backend(backend):
    """A backend of its own on the same server: own connections, own registries.

    Registries are keyed by backend. A registry being (re)built is visible to other threads
    of the same backend before it is complete, so a runner sharing the RPC threads' backend
    could hand them a half-loaded registry; with its own backend it never does.
    """
    from ..sql.backends import PostgresBackend, SqliteBackend
    if isinstance(backend, PostgresBackend):
        return PostgresBackend(backend.url)
    if isinstance(backend, SqliteBackend):
        return SqliteBackend(backend.data_dir)
    return backend


class EmbeddedRunner(threading.Thread):
    """A daemon thread running crons and queued jobs of ``dbnames`` (default: all databases).

    It works through a private copy of ``backend`` (see ``private_backend``) and closes its
    connections after each round, so that a database dropped (and perhaps created again
    under the same name) meanwhile is never reached through a stale connection or registry.
    """

    def __init__(self, backend, interval=None, dbnames=None, scheduled=None):
        super().__init__(name="fazhi-queue", daemon=True)
        from .commands import CommandScheduler, configured
        # read now: a bad setting fails the start of the server, not a thread later
        self.commands = CommandScheduler(configured() if scheduled is None else scheduled)
        self.backend = private_backend(backend)
        self.interval = interval if interval is not None else settings.tick()
        self.dbnames = list(dbnames or []) or None
        self._stopping = threading.Event()
        self._wakeup = threading.Event()
        self.rounds = 0

    def wake(self):
        """Run a round now (called after a commit that enqueued jobs)."""
        self._wakeup.set()

    def stop(self, timeout=None):
        self._stopping.set()
        self._wakeup.set()
        self.commands.stop(timeout)
        if self.is_alive() and threading.current_thread() is not self:
            self.join(timeout)

    def run_once(self):
        from ..orm.registry import Registry
        try:
            served = jobs.databases(self.backend, self.dbnames)
            for dbname in served:
                if self._stopping.is_set():
                    return
                run_database(self.backend, dbname, should_stop=self._stopping.is_set,
                             with_jobs=jobs.queue_ready(self.backend, dbname))
        finally:
            self.backend.close_all()
        for key in [k for k in list(Registry.registries) if k[0] == id(self.backend) and k[1] not in served]:
            Registry.registries.pop(key, None)
        self.rounds += 1

    def run(self):
        publish.register_waker(self.wake)
        _logger.info("embedded queue runner: every %ss", self.interval)
        self.commands.start()
        try:
            while not self._stopping.is_set():
                self._wakeup.clear()
                try:
                    self.run_once()
                except Exception:  # noqa: BLE001 - the runner must outlive any one round
                    _logger.exception("embedded queue runner round failed")
                self._wakeup.wait(self.interval)
        finally:
            self.commands.stop()
            publish.unregister_waker(self.wake)
