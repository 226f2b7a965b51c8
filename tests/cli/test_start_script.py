"""scripts/start in a second checkout (issue 13, item 9): it installs that checkout into its own
virtual environment (never the first checkout's code), puts --data-dir/--db-url before `serve`
and the serve options after it, and serves the four addons."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _copy_checkout(dest):
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    for name in ("README.md", "setup.cfg", "pyproject.toml"):
        shutil.copy2(os.path.join(ROOT, name), dest / name)
    for name in ("fazhi", "addons", "scripts"):
        shutil.copytree(os.path.join(ROOT, name), dest / name, ignore=ignore)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def checkout(tmp_path):
    """A second checkout and a virtual environment that sees this one's installed packages:
    its `fazhi` is first the *other* checkout's, which scripts/start must notice and replace
    (the dependencies come from the system site, so the test needs no download)."""
    dest = tmp_path / "checkout"
    dest.mkdir()
    _copy_checkout(dest)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True, timeout=300)
    return dest, venv


def _start(checkout, venv, args, env_extra=None):
    env = dict(os.environ, FAZHI_VENV=str(venv), FAZHI_ADMIN_PASSWORD="Adm1n-pass-for-tests",
               PYTHONDONTWRITEBYTECODE="1")
    env.pop("FAZHI_DATA_DIR", None)
    env.update(env_extra or {})
    return subprocess.Popen([str(checkout / "scripts" / "start")] + args, cwd="/", env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def _serving_line(proc, timeout=600):
    deadline = time.monotonic() + timeout
    lines = []
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if line.startswith("fazhi serving "):
            return line, lines
    proc.kill()
    raise AssertionError("no 'serving' line:\n%s%s" % ("".join(lines), proc.stderr.read()))


def _stop(proc):
    proc.send_signal(signal.SIGINT)
    try:
        return proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise


def test_start_installs_this_checkout_and_passes_global_options(checkout, tmp_path):
    copy, venv = checkout
    data_dir = tmp_path / "data"
    port = _free_port()
    name = "start_%s" % uuid.uuid4().hex[:8]
    args = ["--data-dir", str(data_dir), "--port", str(port), "-d", name]
    db_url = os.environ.get("FAZHI_TEST_DB_URL")
    if db_url:
        args = ["--db-url=" + db_url] + args   # the --opt=value form too
    proc = _start(copy, venv, args)
    try:
        line, lines = _serving_line(proc)
        assert line.startswith("fazhi serving http://127.0.0.1:%d/" % port)
        assert any("installing fazhi from %s" % copy in out for out in lines)
        with urllib.request.urlopen("http://127.0.0.1:%d/web/login" % port, timeout=60) as res:
            assert res.status == 200
    finally:
        out, err = _stop(proc)
    assert proc.returncode == 0, err
    # the global option reached fazhi: sessions and (on SQLite) the database are in --data-dir
    assert data_dir.is_dir()
    if not db_url:
        assert (data_dir / "databases" / (name + ".sqlite3")).is_file()
    # the environment runs the copy's code, not this checkout's
    version = subprocess.run([str(venv / "bin" / "fazhi"), "--version"], capture_output=True, text=True,
                             cwd="/", timeout=120)
    assert version.stdout.strip().endswith(" from %s" % copy), version.stdout
    fazhi_args = [str(venv / "bin" / "fazhi"), "--data-dir", str(data_dir)] + (["--db-url", db_url] if db_url else [])
    modules = subprocess.run(fazhi_args + ["shell", "-d", name], input=(
        "print(sorted(env['ir.module.module'].search([('state', '=', 'installed'), "
        "('name', 'in', ['fuyi_case', 'yingsu', 'jiandu', 'xinyong'])]).mapped('name')))\n"),
        capture_output=True, text=True, cwd="/", timeout=300)
    assert modules.stdout.strip() == "['fuyi_case', 'jiandu', 'xinyong', 'yingsu']", modules.stderr

    # a second start reuses the environment: no reinstall, the database is there
    proc = _start(copy, venv, args)
    try:
        _line, lines = _serving_line(proc)
        assert not any("installing" in out for out in lines)
        assert not any("created" in out for out in lines)
    finally:
        _stop(proc)
        subprocess.run(fazhi_args + ["db", "drop", name], capture_output=True, timeout=300)


def test_start_refuses_a_global_option_without_its_value(checkout):
    copy, venv = checkout
    proc = subprocess.run([str(copy / "scripts" / "start"), "--data-dir"], capture_output=True, text=True,
                          env=dict(os.environ, FAZHI_VENV=str(venv)), timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "scripts/start: --data-dir needs a value"
