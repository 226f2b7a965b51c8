"""Helpers of the queue tests (see conftest.py): the CLI, committed transactions, subprocesses."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TEST_ADDONS = REPO / "tests" / "test_addons"
ADMIN_PASSWORD = "Qu3ue-Adm1n-pass!"


def _config():
    from fazhi.config import config
    return config


def backend():
    from fazhi.sql import backend_for
    return backend_for(_config())


def cli_argv(*args):
    cfg = _config()
    argv = [sys.executable, "-m", "fazhi.cli", "--data-dir", cfg["data_dir"],
            "--addons-path", str(TEST_ADDONS)]
    if cfg["db_url"]:
        argv += ["--db-url", cfg["db_url"]]
    return argv + list(args)


def cli_env(**extra):
    env = dict(os.environ, FAZHI_ADMIN_PASSWORD=ADMIN_PASSWORD)
    env.pop("FAZHI_BROKER_URL", None)
    env.update({k: str(v) for k, v in extra.items()})
    return env


def run_cli(*args, **env):
    proc = subprocess.run(cli_argv(*args), capture_output=True, text=True, env=cli_env(**env), timeout=300)
    assert proc.returncode == 0, "fazhi %s failed:\n%s%s" % (" ".join(args), proc.stdout, proc.stderr)
    return proc


def tx(dbname, func):
    """``func(env)`` in one committed transaction on ``dbname`` (superuser)."""
    from fazhi.service import transaction
    return transaction.run(backend(), dbname, func)


class Proc:
    """A `fazhi …` subprocess in a process group of its own, its output in a log file."""

    def __init__(self, label, argv, env, log_path):
        self.label = label
        self.log_path = log_path
        self._log = open(log_path, "wb")
        self.popen = subprocess.Popen(argv, stdout=self._log, stderr=subprocess.STDOUT, env=env,
                                      start_new_session=True, cwd=str(log_path.parent))

    @property
    def pid(self):
        return self.popen.pid

    def alive(self):
        return self.popen.poll() is None

    def log(self):
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def kill_group(self, sig):
        try:
            os.killpg(self.popen.pid, sig)
        except ProcessLookupError:
            pass

    def stop(self, timeout=15):
        if self.alive():
            # the main process shuts down its own children (Celery warm shutdown, gunicorn)
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
        self.kill_group(signal.SIGKILL)   # also the children of a main process already gone
        try:
            self.popen.wait(5)
        except subprocess.TimeoutExpired:
            pass
        self._log.close()


def wait_for(predicate, timeout, what, interval=0.2, procs=()):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            logs = "\n".join("--- %s ---\n%s" % (p.label, p.log()[-3000:]) for p in procs)
            raise AssertionError("timed out after %ss waiting for %s\n%s" % (timeout, what, logs))
        time.sleep(interval)
