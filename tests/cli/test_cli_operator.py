"""What an operator meets first (issue 13, items 10 and 13): --version, help for every option,
`serve` announcing only a bound port, one line for a taken port, a bad data directory and
Ctrl-C, and `fazhi reset-password`. Subprocesses on the backend under test."""
import argparse
import importlib.metadata
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest

import fazhi
from fazhi import cli



def error_line(stderr):
    """The one ``fazhi: error:`` line, and no traceback."""
    lines = [line for line in stderr.splitlines() if line.startswith("fazhi: error: ")]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def _base(data_dir):
    base = [sys.executable, "-m", "fazhi.cli", "--data-dir", str(data_dir)]
    if os.environ.get("FAZHI_TEST_DB_URL"):
        base += ["--db-url", os.environ["FAZHI_TEST_DB_URL"]]
    return base


ENV = dict(os.environ, FAZHI_ADMIN_PASSWORD="Adm1n-pass-for-tests")


def _run(data_dir, *args, stdin=None):
    return subprocess.run(_base(data_dir) + list(args), input=stdin, capture_output=True, text=True, env=ENV,
                          timeout=300)


@pytest.fixture
def database(tmp_path):
    """A fresh database with base only; dropped afterwards."""
    name = "cli_op_%s" % uuid.uuid4().hex[:8]
    proc = _run(tmp_path / "data", "db", "create", name)
    assert proc.returncode == 0, proc.stderr
    yield name
    _run(tmp_path / "data", "db", "drop", name)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- --version and help ---

def test_version_names_the_release_and_the_source_directory(tmp_path):
    proc = _run(tmp_path, "--version")
    assert proc.returncode == 0, proc.stderr
    line = proc.stdout.strip()
    assert line.startswith("fazhi %s " % importlib.metadata.version("fazhi"))
    # which checkout runs (several checkouts on one machine: scripts/start checks this)
    assert line.endswith(" from %s" % os.path.dirname(os.path.dirname(os.path.abspath(fazhi.__file__))))


def _parsers(parser, path=()):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, path + (name,))


def test_every_option_and_argument_has_help():
    missing = []
    commands = {}
    for path, parser in _parsers(cli._parser()):
        commands[path] = parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction) or action.help == argparse.SUPPRESS:
                continue
            if not (action.help or "").strip():
                missing.append("%s %s" % (" ".join(path) or "fazhi", "/".join(action.option_strings) or action.dest))
    assert missing == []
    # every command the README names is there
    for path in [("db", name) for name in ("create", "list", "drop", "dump", "restore", "copy", "duplicate")] + [
            ("serve",), ("install",), ("upgrade",), ("shell",), ("worker",), ("beat",), ("reset-password",)]:
        assert path in commands, path


def test_help_shows_choices_defaults_and_every_db_command(tmp_path):
    top = _run(tmp_path, "--help").stdout
    assert "{debug,info,warning,error,critical}" in top and "reset-password" in top
    db_help = _run(tmp_path, "db", "--help").stdout
    for name in ("create", "list", "drop", "dump", "restore", "copy", "duplicate"):
        assert re.search(r"^    %s\b" % name, db_help, re.M), (name, db_help)
    serve = " ".join(_run(tmp_path, "serve", "--help").stdout.split())
    defaults = {a.dest: a.default for a in cli._parser()._subparsers._group_actions[0].choices["serve"]._actions}
    assert "default: %s" % defaults["port"] in serve and "default: %s" % defaults["host"] in serve
    assert "default: %s" % defaults["workers"] in serve


def test_bad_log_level_is_refused_with_the_choices(tmp_path):
    proc = _run(tmp_path, "--log-level", "loud", "db", "list")
    assert proc.returncode == 2
    assert "invalid choice: 'loud'" in proc.stderr and "Traceback" not in proc.stderr


# --- serve: the port ---

def test_serve_on_a_taken_port_is_one_line_and_creates_nothing(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        name = "cli_op_%s" % uuid.uuid4().hex[:8]
        proc = _run(tmp_path / "data", "serve", "-d", name, "--port", str(port))
    assert proc.returncode == 1
    line = error_line(proc.stderr)
    assert "address already in use" in line and str(port) in line and "--port" in line
    assert "serving" not in proc.stdout
    # checked before the (long) database creation: nothing was created
    assert name not in _run(tmp_path / "data", "db", "list").stdout.split()


def test_port_taken_after_the_check_is_one_line_too(tmp_path, database):
    """The port can be taken between the early check and the bind: the bind's error is the same line."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        argv = _base(tmp_path / "data")[3:] + ["serve", "-d", database, "--port", str(port)]
        proc = subprocess.run([sys.executable, "-c", "import sys; from fazhi import cli; "
                               "cli._check_port = lambda host, port: None; sys.exit(cli.main(%r))" % argv],
                              capture_output=True, text=True, env=ENV, timeout=300)
    assert proc.returncode == 1
    assert "address already in use" in error_line(proc.stderr) and "serving" not in proc.stdout


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_announces_only_a_bound_port_and_stops_cleanly(tmp_path, database, stop):
    port = _free_port()
    proc = subprocess.Popen(_base(tmp_path / "data") + ["serve", "-d", database, "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    try:
        line = proc.stdout.readline()
        assert line.startswith("fazhi serving http://127.0.0.1:%d/" % port), (line, proc.stderr.read())
        # the announcement comes after the bind: a connection right now gets an answer
        with urllib.request.urlopen("http://127.0.0.1:%d/web/health" % port, timeout=30) as res:
            assert res.status == 200
    finally:
        proc.send_signal(stop)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert out.strip().splitlines()[-1] == "fazhi stopped"
    assert "/web/health" not in err   # no access log below --log-level (warning by default)


# --- the data directory ---

def test_data_dir_that_is_a_file_is_one_line(tmp_path):
    path = tmp_path / "not-a-dir"
    path.write_text("x")
    proc = _run(path, "db", "list")
    assert proc.returncode == 1
    assert error_line(proc.stderr) == ("fazhi: error: the data directory %s is not a directory; "
                                       "choose another with --data-dir or FAZHI_DATA_DIR" % path)


def test_data_dir_that_cannot_be_created_is_one_line(tmp_path):
    path = tmp_path / "not-a-dir"
    path.write_text("x")
    proc = _run(path / "data", "serve", "--port", str(_free_port()))
    assert proc.returncode == 1 and "serving" not in proc.stdout
    assert error_line(proc.stderr).startswith("fazhi: error: cannot create the data directory %s/data" % path)


@pytest.mark.skipif(not os.path.isdir("/sys/kernel"), reason="needs Linux sysfs: a directory nobody may write")
def test_unwritable_data_dir_is_one_line_before_serving(tmp_path):
    proc = _run("/sys/kernel", "serve", "--port", str(_free_port()))
    assert proc.returncode == 1 and "serving" not in proc.stdout
    assert error_line(proc.stderr).startswith("fazhi: error: the data directory /sys/kernel is not writable (")


def test_missing_data_dir_is_created(tmp_path):
    path = tmp_path / "new" / "data"
    proc = _run(path, "db", "list")
    assert proc.returncode == 0, proc.stderr
    assert path.is_dir() and (path.stat().st_mode & 0o777) == 0o700


# --- Ctrl-C ---

def _database_exists(data_dir, name):
    url = os.environ.get("FAZHI_TEST_DB_URL")
    if not url:
        return os.path.exists(os.path.join(data_dir, "databases", name + ".sqlite3"))
    import psycopg2
    cnx = psycopg2.connect(url)
    try:
        with cnx.cursor() as cr:
            cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return cr.fetchone() is not None
    finally:
        cnx.close()


def test_ctrl_c_during_db_create_is_one_line_and_leaves_no_database(tmp_path):
    data = tmp_path / "data"
    name = "cli_op_%s" % uuid.uuid4().hex[:8]
    proc = subprocess.Popen(_base(data) + ["--log-level", "info", "db", "create", name, "--install", "fuyi_case"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    # interrupt while the addons are being installed (the log says which file loads)
    lines = []
    while True:
        line = proc.stderr.readline()
        assert line, "".join(lines) + proc.communicate()[0]
        lines.append(line)
        if "loading fuyi_case/" in line:
            break
    assert _database_exists(data, name)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, (out, err)
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1] == "fazhi: interrupted: database %s was not created" % name
    assert not _database_exists(data, name)
    assert name not in _run(data, "db", "list").stdout.split()


# --- reset-password ---

def _credentials_ok(data_dir, database, login, password):
    proc = _run(data_dir, "shell", "-d", database, stdin=(
        "u = env['res.users'].search([('login', '=', %r)])\n"
        "try:\n    u._check_credentials(%r)\n    print('ok')\nexcept Exception as e:\n    print('refused')\n"
        % (login, password)))
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip() == "ok"


def test_reset_password_from_stdin_unlocks_and_the_old_password_stops(tmp_path, database):
    data = tmp_path / "data"
    # lock the admin out first: a lost password often comes with a locked account
    locked = _run(data, "shell", "-d", database, stdin=(
        "admin = env.ref('base.user_admin')\n"
        "env.cr.execute(\"UPDATE res_users SET login_failures = 9, locked_until = '2999-01-01' WHERE id = %s\","
        " [admin.id])\n"))
    assert locked.returncode == 0, locked.stderr
    proc = _run(data, "reset-password", "-d", database, stdin="N3w-admin-password\n")
    assert proc.returncode == 0, proc.stderr
    assert "reset" in proc.stdout and "N3w-admin-password" not in proc.stdout
    assert _credentials_ok(data, database, "admin", "N3w-admin-password")
    assert not _credentials_ok(data, database, "admin", "Adm1n-pass-for-tests")
    state = _run(data, "shell", "-d", database, stdin=(
        "admin = env.ref('base.user_admin')\n"
        "env.cr.execute('SELECT login_failures, locked_until FROM res_users WHERE id = %s', [admin.id])\n"
        "print(env.cr.fetchone())\n"))
    assert state.stdout.strip() == "(0, None)"


def test_reset_password_generated_is_printed_once_and_works(tmp_path, database):
    data = tmp_path / "data"
    proc = _run(data, "reset-password", "-d", database, "--login", "admin", "--generate")
    assert proc.returncode == 0, proc.stderr
    password = proc.stdout.split("New password: ")[1].split()[0]
    assert len(password) >= 12
    assert _credentials_ok(data, database, "admin", password)


def test_reset_password_refusals_change_nothing(tmp_path, database):
    data = tmp_path / "data"
    short = _run(data, "reset-password", "-d", database, stdin="short\n")
    assert short.returncode == 1 and "at least 8 characters" in error_line(short.stderr)
    unknown = _run(data, "reset-password", "-d", database, "--login", "nobody", stdin="L0ng-enough-pass\n")
    assert unknown.returncode == 1 and "no user with login 'nobody'" in error_line(unknown.stderr)
    missing = _run(data, "reset-password", "-d", "no_such_db_%s" % uuid.uuid4().hex[:6], stdin="L0ng-enough-pass\n")
    assert missing.returncode == 1 and "does not exist" in error_line(missing.stderr)
    assert _credentials_ok(data, database, "admin", "Adm1n-pass-for-tests")


# --- the README's operator sections name commands that exist ---

def test_readme_commands_exist_and_operator_sections_are_there():
    with open(os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                           "README.md"), encoding="utf-8") as fp:
        readme = fp.read()
    parser = cli._parser()
    commands = parser._subparsers._group_actions[0].choices
    db_commands = commands["db"]._subparsers._group_actions[0].choices
    global_options = {s for a in parser._actions for s in a.option_strings}
    named = 0
    for line in readme.splitlines():
        words = re.sub(r"\[[^\]]*\]", " ", line.split("#")[0]).split()   # optional parts, comments left out
        if not line.startswith("    ") or words[:1] != ["fazhi"]:
            continue
        words = words[1:]
        while words and words[0] in global_options:
            words = words[1 + (words[0] != "--version"):]
        if not words or words[0] == "COMMAND":
            continue
        assert words[0] in commands, line
        if words[0] == "db":
            assert words[1] in db_commands, line
        named += 1
    assert named >= 10
    for heading in ("**Stopping.**", "**A lost admin password.**", "**The data directory**", "**Backups.**",
                    "**From SQLite to PostgreSQL.**"):
        assert heading in readme
    assert "fazhi reset-password -d" in readme and "fazhi db copy" in readme and "fazhi db dump" in readme
