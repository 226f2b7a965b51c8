"""Scheduled commands: integration programs (exchange workers, exports) run at an interval.

The operator lists them in ``FAZHI_SCHEDULED_COMMANDS_FILE`` (a file) and/or
``FAZHI_SCHEDULED_COMMANDS`` (the same text in the environment), one entry per line::

    # name     interval[/timeout]  command line
    exchange   60/300              python3 scripts/some_worker.py --once
    export     3600                EXPORT_FORMAT=xml python3 /opt/tools/export.py

- *name*: letters, digits, ``_ . -``; unique. It prefixes the command's output in the log.
- *interval*: seconds between two starts; *timeout* (default ``FAZHI_SCHEDULED_COMMAND_TIMEOUT``,
  600): a run still going after it is killed (with its children) and logged.
- *command line*: split as a shell would (quotes, backslashes), but run without a shell;
  leading ``NAME=value`` words are added to its environment. It runs in
  ``FAZHI_SCHEDULED_COMMANDS_CWD`` (default: the server's working directory) with the server's
  environment, and the directory of the server's Python first on ``PATH`` (so ``python3`` is the
  server's interpreter, with its packages).

Without a broker the embedded runner of ``fazhi serve`` starts a ``CommandScheduler``; with one,
``fazhi beat`` publishes ``fazhi.run_command(name)`` every interval and a ``fazhi worker`` runs
the entry of that name from its own setting (a message never carries a command line). Either
way one entry never runs twice at once, and a failing run is logged and simply runs again at the
next interval.
"""
import logging
import os
import re
import shlex
import signal
import subprocess
import sys
import threading
import time
from collections import deque, namedtuple

_logger = logging.getLogger(__name__)

NAME_RE = re.compile(r"^[A-Za-z0-9_.-]+$")
ENV_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
DEFAULT_TIMEOUT = 600.0
KILL_GRACE = 5.0     # seconds between SIGTERM and SIGKILL of a command's process group

Entry = namedtuple("Entry", "name interval timeout argv env line")


class ScheduledCommandsError(ValueError):
    """The scheduled commands setting cannot be used; the message names the line and the fault."""


def _seconds(text, what, where):
    try:
        value = float(text)
    except ValueError:
        raise ScheduledCommandsError("%s: %s must be a number of seconds, not %r" % (where, what, text)) from None
    if not value > 0 or value != value or value == float("inf"):
        raise ScheduledCommandsError("%s: %s must be more than 0 seconds, not %r" % (where, what, text))
    return value


def parse(text, source="FAZHI_SCHEDULED_COMMANDS", default_timeout=DEFAULT_TIMEOUT):
    """The entries of ``text``; ScheduledCommandsError for the first line that is wrong."""
    entries, seen = [], {}
    for number, raw in enumerate((text or "").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = "%s line %d" % (source, number)
        try:
            words = shlex.split(line, comments=True)
        except ValueError as exc:   # an unclosed quote
            raise ScheduledCommandsError("%s: cannot split the command line (%s)" % (where, exc)) from None
        if len(words) < 3:
            raise ScheduledCommandsError("%s: expected '<name> <interval seconds> <command line>', got %r"
                                         % (where, line))
        name, timing, rest = words[0], words[1], words[2:]
        if not NAME_RE.match(name):
            raise ScheduledCommandsError("%s: the name %r may only have letters, digits, '_', '.' and '-'"
                                         % (where, name))
        if name in seen:
            raise ScheduledCommandsError("%s: the name %r is already used on line %d" % (where, name, seen[name]))
        interval_text, _slash, timeout_text = timing.partition("/")
        interval = _seconds(interval_text, "the interval", where)
        timeout = _seconds(timeout_text, "the timeout", where) if timeout_text else default_timeout
        env = {}
        while rest and ENV_RE.match(rest[0]):
            key, _eq, value = rest.pop(0).partition("=")
            env[key] = value
        if not rest:
            raise ScheduledCommandsError("%s: no command after the variables" % where)
        seen[name] = number
        entries.append(Entry(name, interval, timeout, tuple(rest), env, line))
    return entries


def configured(environ=None):
    """The entries of the file and the variable (in that order); ScheduledCommandsError if unusable."""
    environ = os.environ if environ is None else environ
    default_timeout = _seconds(environ.get("FAZHI_SCHEDULED_COMMAND_TIMEOUT") or str(DEFAULT_TIMEOUT),
                               "the value", "FAZHI_SCHEDULED_COMMAND_TIMEOUT")
    texts = []
    path = environ.get("FAZHI_SCHEDULED_COMMANDS_FILE")
    if path:
        try:
            with open(path, encoding="utf-8") as fp:
                texts.append((fp.read(), path))
        except (OSError, UnicodeDecodeError) as exc:
            raise ScheduledCommandsError("FAZHI_SCHEDULED_COMMANDS_FILE: cannot read %s (%s)" % (path, exc)) from None
    if environ.get("FAZHI_SCHEDULED_COMMANDS"):
        texts.append((environ["FAZHI_SCHEDULED_COMMANDS"], "FAZHI_SCHEDULED_COMMANDS"))
    entries, names = [], set()
    for text, source in texts:
        for entry in parse(text, source, default_timeout):
            if entry.name in names:
                raise ScheduledCommandsError("%s: the name %r is used twice in the scheduled commands"
                                             % (source, entry.name))
            names.add(entry.name)
            entries.append(entry)
    return entries


def _cwd(environ=None):
    environ = os.environ if environ is None else environ
    return environ.get("FAZHI_SCHEDULED_COMMANDS_CWD") or os.getcwd()


def _environment(entry):
    env = dict(os.environ)
    bindir = os.path.dirname(sys.executable)
    env["PATH"] = os.pathsep.join([bindir] + [p for p in env.get("PATH", "").split(os.pathsep) if p and p != bindir])
    env["FAZHI_SCHEDULED_COMMAND"] = entry.name
    env.update(entry.env)
    return env


def _kill_group(proc, sig):
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _terminate(proc):
    """SIGTERM to the command's process group, SIGKILL after a grace period."""
    _kill_group(proc, signal.SIGTERM)
    try:
        proc.wait(KILL_GRACE)
    except subprocess.TimeoutExpired:
        pass
    _kill_group(proc, signal.SIGKILL)   # also grandchildren that outlived their parent
    try:
        proc.wait(KILL_GRACE)
    except subprocess.TimeoutExpired:
        _logger.error("scheduled command %s: process %s does not die", proc.args, proc.pid)


_running = {}          # pid -> Popen of every command this process is running
_running_lock = threading.Lock()


def kill_all():
    """Kill every command still running (the process is about to exit without its threads' cleanup)."""
    with _running_lock:
        procs = list(_running.values())
    for proc in procs:
        _kill_group(proc, signal.SIGKILL)


def _tail(name, lines):
    return "".join("\n[%s] %s" % (name, line) for line in list(lines))


def run_entry(entry, should_stop=lambda: False, cwd=None, poll=0.2):
    """Run ``entry`` once to its end, its timeout or a stop; returns its exit status (or "timeout",
    "stopped", "error"). Output goes to the log line by line, prefixed with the entry's name."""
    name = entry.name
    try:
        proc = subprocess.Popen(entry.argv, cwd=cwd or _cwd(), env=_environment(entry), stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    except OSError as exc:
        _logger.warning("scheduled command %s could not start: %s", name, exc)
        return "error"
    with _running_lock:
        _running[proc.pid] = proc

    tail = deque(maxlen=20)   # repeated in the warning of a failure, seen at any log level

    def pump():
        for raw in proc.stdout:
            text = raw.decode("utf-8", "replace").rstrip()
            tail.append(text)
            _logger.info("[%s] %s", name, text)
    reader = threading.Thread(target=pump, name="fazhi-command-%s-output" % name, daemon=True)
    reader.start()
    started = time.monotonic()
    outcome = None
    try:
        while True:
            try:
                status = proc.wait(poll)
                break
            except subprocess.TimeoutExpired:
                pass
            if should_stop():
                outcome = "stopped"
                _logger.info("scheduled command %s stopped with the server", name)
                _terminate(proc)
                break
            if time.monotonic() - started > entry.timeout:
                outcome = "timeout"
                _terminate(proc)
                reader.join(KILL_GRACE)
                _logger.warning("scheduled command %s killed after its timeout of %ss%s", name, entry.timeout,
                                _tail(name, tail))
                break
    finally:
        with _running_lock:
            _running.pop(proc.pid, None)
    reader.join(KILL_GRACE)
    proc.stdout.close()
    if outcome:
        return outcome
    if status:
        _logger.warning("scheduled command %s failed with exit status %s; it runs again in %ss%s",
                        name, status, entry.interval, _tail(name, tail))
    else:
        _logger.info("scheduled command %s done in %.1fs", name, time.monotonic() - started)
    return status


class CommandScheduler:
    """One thread per entry, starting it every ``interval`` seconds (the first run at start).

    A run longer than the interval delays the next one: starts that fell due meanwhile are not
    made up, so an entry never runs twice at once nor in a burst afterwards.
    """

    def __init__(self, entries, cwd=None):
        self.entries = list(entries)
        self.cwd = cwd or _cwd()
        self.runs = {entry.name: [] for entry in self.entries}   # outcomes, for tests and logs
        self._stopping = threading.Event()
        self._threads = []

    def start(self):
        for entry in self.entries:
            thread = threading.Thread(target=self._loop, args=(entry,), name="fazhi-command-%s" % entry.name,
                                      daemon=True)
            thread.start()
            self._threads.append(thread)
        if self.entries:
            _logger.info("scheduled commands: %s", ", ".join("%s every %ss" % (e.name, e.interval)
                                                             for e in self.entries))
        return self

    def _loop(self, entry):
        next_start = time.monotonic()
        while not self._stopping.is_set():
            delay = next_start - time.monotonic()
            if delay > 0 and self._stopping.wait(delay):
                break
            next_start = time.monotonic() + entry.interval
            try:
                outcome = run_entry(entry, should_stop=self._stopping.is_set, cwd=self.cwd)
            except Exception:  # noqa: BLE001 - the schedule must outlive any one run
                _logger.exception("scheduled command %s could not be run", entry.name)
                outcome = "error"
            self.runs[entry.name].append(outcome)
            if next_start < time.monotonic():
                next_start = time.monotonic()

    def stop(self, timeout=None):
        """Stop scheduling and end running commands (SIGTERM, then SIGKILL); waits for the threads."""
        self._stopping.set()
        deadline = None if timeout is None else time.monotonic() + timeout
        for thread in self._threads:
            if thread is threading.current_thread():
                continue
            thread.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
