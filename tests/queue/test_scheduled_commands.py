"""Scheduled commands (fazhi.queue.commands): the setting, the embedded scheduler, the broker task.

The commands are small Python programs that leave their traces in files of the test's temporary
directory; every wait polls with a deadline."""
import logging
import os
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from queue_support import cli_argv, cli_env, wait_for

from fazhi.queue import commands
from fazhi.queue.commands import CommandScheduler, ScheduledCommandsError, parse

PY = sys.executable


def script(tmp_path, name, body):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body))
    return path


def entry(name, interval, argv, timeout=30.0, env=None):
    return commands.Entry(name, interval, timeout, tuple(str(a) for a in argv), dict(env or {}), name)


def lines(path):
    return path.read_text().split() if path.exists() else []


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (not yet reaped by its parent) is dead for our purpose
    try:
        with open("/proc/%d/stat" % pid) as fp:
            return fp.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


@pytest.fixture
def scheduler():
    started = []

    def start(*entries, cwd=None):
        sched = CommandScheduler(entries, cwd=cwd).start()
        started.append(sched)
        return sched
    yield start
    for sched in started:
        sched.stop(timeout=30)


# ------------------------------------------------------------------ the setting

def test_parse_reads_names_intervals_timeouts_variables_and_quoted_arguments():
    text = """
        # the credit exchange, and a nightly export
        exchange  60/300  python3 scripts/x.py --once   # a comment after the command
        export.nightly 3600 MODE=xml EMPTY= python3 "/opt/tools/with space.py" 'a b'
    """
    first, second = parse(text, default_timeout=42)
    assert (first.name, first.interval, first.timeout, first.argv, first.env) == (
        "exchange", 60.0, 300.0, ("python3", "scripts/x.py", "--once"), {})
    assert (second.name, second.interval, second.timeout, second.argv, second.env) == (
        "export.nightly", 3600.0, 42, ("python3", "/opt/tools/with space.py", "a b"), {"MODE": "xml", "EMPTY": ""})


@pytest.mark.parametrize("text, message", [
    ("exchange 60", "line 1: expected '<name> <interval seconds> <command line>'"),
    ("ex/change 60 true", "line 1: the name 'ex/change' may only have"),
    ("a 60 true\nb 5 true\na 30 true", "line 3: the name 'a' is already used on line 1"),
    ("a sixty true", "line 1: the interval must be a number of seconds, not 'sixty'"),
    ("a 0 true", "line 1: the interval must be more than 0 seconds"),
    ("a -5 true", "line 1: the interval must be more than 0 seconds"),
    ("a nan true", "line 1: the interval must be more than 0 seconds"),
    ("a 60/x true", "line 1: the timeout must be a number of seconds, not 'x'"),
    ("a 60/0 true", "line 1: the timeout must be more than 0 seconds"),
    ("\n\na 60 echo 'unclosed", "line 3: cannot split the command line"),
    ("a 60 X=1 Y=2", "line 1: no command after the variables"),
])
def test_parse_refuses_a_bad_line_naming_it(text, message):
    with pytest.raises(ScheduledCommandsError) as info:
        parse(text)
    assert "FAZHI_SCHEDULED_COMMANDS " + message in str(info.value)


def test_configured_reads_the_file_then_the_variable(tmp_path):
    path = tmp_path / "scheduled"
    path.write_text("one 10 true\n")
    entries = commands.configured({"FAZHI_SCHEDULED_COMMANDS_FILE": str(path),
                                   "FAZHI_SCHEDULED_COMMANDS": "two 20 false",
                                   "FAZHI_SCHEDULED_COMMAND_TIMEOUT": "7"})
    assert [(e.name, e.interval, e.timeout) for e in entries] == [("one", 10.0, 7.0), ("two", 20.0, 7.0)]
    assert commands.configured({}) == []
    with pytest.raises(ScheduledCommandsError, match="used twice"):
        commands.configured({"FAZHI_SCHEDULED_COMMANDS_FILE": str(path), "FAZHI_SCHEDULED_COMMANDS": "one 5 true"})
    with pytest.raises(ScheduledCommandsError, match="cannot read .*missing"):
        commands.configured({"FAZHI_SCHEDULED_COMMANDS_FILE": str(tmp_path / "missing")})
    with pytest.raises(ScheduledCommandsError, match="%s line 1: the interval" % path):
        path.write_text("one never true\n")
        commands.configured({"FAZHI_SCHEDULED_COMMANDS_FILE": str(path)})
    with pytest.raises(ScheduledCommandsError, match="FAZHI_SCHEDULED_COMMAND_TIMEOUT"):
        commands.configured({"FAZHI_SCHEDULED_COMMAND_TIMEOUT": "soon"})


@pytest.mark.parametrize("command", [("worker",), ("beat", "--broker", "redis://127.0.0.1:9/0")])
def test_a_bad_setting_stops_the_start_with_one_line(command, tmp_path):
    """`fazhi worker` (the embedded runner) and `fazhi beat` refuse to start on a bad entry."""
    proc = subprocess.run(cli_argv(*command), capture_output=True, text=True, timeout=120, cwd=str(tmp_path),
                          env=cli_env(FAZHI_SCHEDULED_COMMANDS="exchange 0 true"))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stderr.strip().splitlines() == [
        "fazhi: error: FAZHI_SCHEDULED_COMMANDS line 1: the interval must be more than 0 seconds, not '0'"]


# ------------------------------------------------------------------ the embedded scheduler

def test_runs_an_entry_at_its_interval_with_its_output_in_the_log(tmp_path, scheduler, caplog):
    caplog.set_level(logging.INFO, logger="fazhi.queue.commands")
    starts = tmp_path / "starts"
    prog = script(tmp_path, "tick.py", """
        import os, sys, time
        with open(sys.argv[1], "a") as fp:
            fp.write("%r\\n" % time.time())
        print("tick from", os.environ["FAZHI_SCHEDULED_COMMAND"], os.environ["GREETING"], os.getcwd())
    """)
    sched = scheduler(entry("ticker", 0.7, [PY, prog, starts], env={"GREETING": "hello"}), cwd=str(tmp_path))
    wait_for(lambda: len(lines(starts)) >= 4, 30, "four runs")
    sched.stop(timeout=30)
    times = [float(t) for t in lines(starts)]
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert all(gap >= 0.6 for gap in gaps), gaps     # never sooner than the interval
    assert all(outcome == 0 for outcome in sched.runs["ticker"][:4]), sched.runs
    logged = [r.getMessage() for r in caplog.records if r.name == "fazhi.queue.commands"]
    assert "[ticker] tick from ticker hello %s" % tmp_path in logged


def test_a_run_longer_than_the_interval_never_overlaps_the_next(tmp_path, scheduler):
    marker, log = tmp_path / "running", tmp_path / "log"
    prog = script(tmp_path, "slow.py", """
        import os, sys, time
        marker, log = sys.argv[1], sys.argv[2]
        try:
            fd = os.open(marker, os.O_CREAT | os.O_EXCL)       # fails if another run is going
        except FileExistsError:
            open(log, "a").write("overlap\\n")
            sys.exit(9)
        open(log, "a").write("start\\n")
        time.sleep(0.8)
        os.close(fd)
        os.unlink(marker)
        open(log, "a").write("end\\n")
    """)
    sched = scheduler(entry("slow", 0.2, [PY, prog, marker, log]))
    wait_for(lambda: lines(log).count("end") >= 3, 30, "three runs")
    sched.stop(timeout=30)
    events = lines(log)
    assert "overlap" not in events
    assert events[:6] == ["start", "end"] * 3
    assert 9 not in sched.runs["slow"]


def test_a_stuck_run_is_killed_with_its_children_at_its_timeout(tmp_path, scheduler, caplog):
    caplog.set_level(logging.INFO, logger="fazhi.queue.commands")
    pids, runs = tmp_path / "pids", tmp_path / "runs"
    prog = script(tmp_path, "stuck.py", """
        import subprocess, sys, time
        open(sys.argv[2], "a").write("run\\n")
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
        open(sys.argv[1], "a").write("%d\\n" % child.pid)
        print("waiting for ever", flush=True)
        time.sleep(600)
    """)
    sched = scheduler(entry("stuck", 0.5, [PY, prog, pids, runs], timeout=1.0))
    wait_for(lambda: len(sched.runs["stuck"]) >= 2, 60, "two timed-out runs")
    assert sched.runs["stuck"][:2] == ["timeout", "timeout"]
    assert len(lines(runs)) >= 2                          # after a timeout it runs again
    grandchildren = [int(p) for p in lines(pids)[:2]]
    wait_for(lambda: not any(alive(pid) for pid in grandchildren), 10, "the stuck run's child gone")
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(m.startswith("scheduled command stuck killed after its timeout of 1.0s") and
               "[stuck] waiting for ever" in m for m in warnings), warnings


def test_a_failing_run_is_logged_and_runs_again_at_the_next_interval(tmp_path, scheduler, caplog):
    caplog.set_level(logging.INFO, logger="fazhi.queue.commands")
    state = tmp_path / "state"
    prog = script(tmp_path, "flaky.py", """
        import os, sys
        if not os.path.exists(sys.argv[1]):
            open(sys.argv[1], "w").write("failed once")
            print("platform unreachable", file=sys.stderr)
            sys.exit(3)
        print("sent")
    """)
    sched = scheduler(entry("flaky", 0.3, [PY, prog, state]))
    wait_for(lambda: len(sched.runs["flaky"]) >= 2, 30, "two runs")
    assert sched.runs["flaky"][:2] == [3, 0]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings[0] == ("scheduled command flaky failed with exit status 3; it runs again in 0.3s\n"
                           "[flaky] platform unreachable")


def test_a_command_that_cannot_start_is_logged_and_tried_again(tmp_path, scheduler, caplog):
    caplog.set_level(logging.INFO, logger="fazhi.queue.commands")
    sched = scheduler(entry("missing", 0.2, [str(tmp_path / "no-such-program")]))
    wait_for(lambda: len(sched.runs["missing"]) >= 2, 30, "two attempts")
    assert sched.runs["missing"][:2] == ["error", "error"]
    assert any(r.getMessage().startswith("scheduled command missing could not start") for r in caplog.records)


def test_stop_ends_a_running_command_and_its_children(tmp_path, scheduler):
    pids = tmp_path / "pids"
    prog = script(tmp_path, "long.py", """
        import os, subprocess, sys, time
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
        open(sys.argv[1], "a").write("%d %d\\n" % (os.getpid(), child.pid))
        time.sleep(600)
    """)
    sched = scheduler(entry("long", 60, [PY, prog, pids], timeout=600))
    wait_for(lambda: len(lines(pids)) == 2, 30, "the command running")
    started = time.monotonic()
    sched.stop(timeout=30)
    assert time.monotonic() - started < 15
    assert sched.runs["long"] == ["stopped"]
    # killed (SIGTERM, then SIGKILL to the whole group); the kernel may take a moment to finish them
    wait_for(lambda: not any(alive(int(pid)) for pid in lines(pids)), 10, "the command and its child gone")
    assert commands._running == {}


def test_the_embedded_runner_starts_and_stops_the_scheduled_commands(tmp_path):
    """EmbeddedRunner (what `fazhi serve` runs without a broker) owns the scheduler."""
    from fazhi.queue.runner import EmbeddedRunner
    from queue_support import backend
    starts = tmp_path / "starts"
    prog = script(tmp_path, "tick.py", """
        import sys, time
        open(sys.argv[1], "a").write("run\\n")
        time.sleep(600)
    """)
    runner = EmbeddedRunner(backend(), interval=3600, dbnames=["no_such_database_here"],
                            scheduled=[entry("tick", 3600, [PY, prog, starts], timeout=600)])
    runner.start()
    try:
        wait_for(lambda: lines(starts) == ["run"], 30, "the command started by the runner")
    finally:
        runner.stop(timeout=30)
    assert not runner.is_alive()
    assert runner.commands.runs["tick"] == ["stopped"]


# ------------------------------------------------------------------ with a broker

def test_beat_schedules_each_entry_and_included_modules_on_the_fazhi_queue(tmp_path, monkeypatch, queue_name):
    from fazhi.queue import app as queue_app
    include = script(tmp_path, "extra_tasks.py", """
        def register(app):
            @app.task(name="extra.ping", shared=False)
            def ping():
                return "pong"
            return {"extra-ping": {"task": "extra.ping", "schedule": 5.0},
                    "extra-elsewhere": {"task": "extra.ping", "schedule": 9.0, "options": {"queue": "other"}}}
    """)
    monkeypatch.setenv("FAZHI_QUEUE_INCLUDE", str(include))
    monkeypatch.setenv("FAZHI_SCHEDULED_COMMANDS", "exchange 45 python3 x.py\nnightly 86400/3600 true")
    app = queue_app._make_app("redis://127.0.0.1:9/0")   # never connects: nothing is sent
    included = queue_app.load_includes(app)
    assert queue_app.load_includes(app) is included       # once per app
    assert "extra.ping" in app.tasks and "fazhi.run_command" in app.tasks
    schedule = queue_app.beat_schedule(included=included)
    assert schedule["fazhi-command-exchange"] == {"task": "fazhi.run_command", "schedule": 45.0,
                                                  "args": ("exchange",),
                                                  "options": {"queue": queue_name, "expires": 45.0}}
    assert schedule["fazhi-command-nightly"]["args"] == ("nightly",)
    assert schedule["extra-ping"]["options"] == {"queue": queue_name}
    assert schedule["extra-elsewhere"]["options"] == {"queue": "other"}
    assert {"fazhi-cron-tick", "fazhi-outbox-sweep"} <= set(schedule)


def test_an_include_without_register_is_refused(tmp_path, monkeypatch):
    from fazhi.queue import app as queue_app
    bad = script(tmp_path, "no_register.py", "X = 1\n")
    app = queue_app._make_app("redis://127.0.0.1:9/0")
    with pytest.raises(RuntimeError, match="no register\\(app\\) function"):
        queue_app.load_includes(app, [str(bad)])
    with pytest.raises(RuntimeError, match="no such file"):
        queue_app.load_includes(queue_app._make_app("redis://127.0.0.1:9/0"), [str(tmp_path / "gone.py")])


def test_run_command_task_runs_one_entry_at_a_time_across_workers(tmp_path, redis_url, monkeypatch):
    """Two workers handed the same entry at once: one runs it, the other skips (a Redis lock)."""
    from fazhi.queue import app as queue_app
    log = tmp_path / "log"
    prog = script(tmp_path, "once.py", """
        import sys, time
        open(sys.argv[1], "a").write("start\\n")
        time.sleep(1.5)
    """)
    monkeypatch.setenv("FAZHI_SCHEDULED_COMMANDS", "once 60 %s %s %s" % (PY, prog, log))
    app = queue_app._make_app(redis_url)
    outcomes = []
    threads = [threading.Thread(target=lambda: outcomes.append(queue_app.run_scheduled_command(app, "once")))
               for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes, key=str) == [0, "skipped"]
    assert lines(log) == ["start"]
    # the lock is released after the run: the next start runs it again
    assert queue_app.run_scheduled_command(app, "once") == 0
    assert lines(log) == ["start", "start"]
    assert queue_app.run_scheduled_command(app, "not-configured") == "unknown"


def test_sigterm_to_the_embedded_worker_ends_its_commands(tmp_path, procs):
    """`fazhi worker` without a broker (also the child of `serve --workers N`) runs the scheduled
    commands; SIGTERM (systemctl stop, the parent stopping it) ends them with it."""
    pids = tmp_path / "pids"
    prog = script(tmp_path, "long.py", """
        import os, subprocess, sys, time
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
        open(sys.argv[1], "a").write("%d %d\\n" % (os.getpid(), child.pid))
        print("running", flush=True)
        time.sleep(600)
    """)
    worker = procs("worker", "--log-level", "info", "worker", "-d", "no_such_database_here",
                   FAZHI_SCHEDULED_COMMANDS="long 3600 %s %s %s" % (PY, prog, pids))
    wait_for(lambda: len(lines(pids)) == 2, 60, "the command running", procs=[worker])
    worker.popen.terminate()
    worker.popen.wait(30)
    wait_for(lambda: not any(alive(int(pid)) for pid in lines(pids)), 15, "the command and its child gone")
    assert "[long] running" in worker.log()
