"""Helpers of the end-to-end RPC conformance tests (see conftest.py): `fazhi serve` in a subprocess, driven by odoorpc 0.10.1 and
xmlrpc.client (spec: /work/shared/design/rpc-protocol.md, checklist §10).

One session-wide server (`rpc_server`) serves most tests: production mode, database manager
on, the default reported version (a Flectra series < 10, so odoorpc takes the legacy login
flow), a database with the four product addons plus ``test_orm_a``/``test_orm_b``, and an admin
who is also ``test_orm_a.group_a_manager`` (set up with the CLI shell, not over RPC).
Servers with other settings come from ``server_factory`` and are started once per session.

Every server has its own temporary data dir and database (a unique name, so that several
runs can share one PostgreSQL cluster). Servers are stopped by pid; the PostgreSQL databases
they created (and those tests registered with ``server.track_db``) are dropped at the end.
"""
import base64
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
import xmlrpc.client
from pathlib import Path

import odoorpc

REPO = Path(__file__).resolve().parents[2]
TEST_ADDONS = REPO / "tests" / "test_addons"
INSTALL = "fuyi_case,yingsu,jiandu,xinyong,test_orm_a,test_orm_b"

# Strong enough for any password policy (length, classes, no login, not common).
ADMIN_PASSWORD = "Rpc-Adm1n-Q7v!xk"
MASTER_PASSWORD = "Rpc-Mast3r-Z9p!wd"
USER_PASSWORD = "Us3r-Pw-Kx8!tr2m"

TRACEBACK_MARK = "Traceback (most recent call last)"
READY_TIMEOUT = 90.0


def backend_url():
    """``FAZHI_TEST_DB_URL`` (PostgreSQL) or '' (SQLite in the server's data dir)."""
    return os.environ.get("FAZHI_TEST_DB_URL") or ""


def on_postgresql():
    return backend_url().startswith("postgres")


def unique_name(prefix="rpc"):
    return "%s_%s" % (prefix, uuid.uuid4().hex[:10])


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def has_traceback(text):
    return TRACEBACK_MARK in (text or "") or 'File "' in (text or "")


class HttpResult:
    """A raw HTTP answer: status, headers (list of pairs), body bytes; ``json`` when it parses."""

    def __init__(self, status, headers, body, elapsed):
        self.status = status
        self.headers = headers
        self.body = body
        self.elapsed = elapsed

    def header(self, name):
        name = name.lower()
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return None

    def header_all(self, name):
        name = name.lower()
        return [value for key, value in self.headers if key.lower() == name]

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    @property
    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        return "<HttpResult %s %r>" % (self.status, self.body[:300])


class RpcServer:
    """One `fazhi serve` subprocess with its own data dir and database."""

    def __init__(self, label, version=None, dev_mode=False, database_manager=True, workers=None,
                 extra_env=None):
        self.label = label
        self.version = version
        self.dev_mode = dev_mode
        self.database_manager = database_manager
        self.workers = workers
        self.extra_env = dict(extra_env or {})
        self.root = tempfile.mkdtemp(prefix="fazhi-rpc-%s-" % label)
        self.data_dir = os.path.join(self.root, "data")
        os.makedirs(self.data_dir)
        self.clock_file = os.path.join(self.root, "clock")
        with open(self.clock_file, "w") as fp:
            fp.write("0")
        self.log_path = os.path.join(self.root, "server.log")
        self.dbname = unique_name("rpc_%s" % label.replace("-", "_"))
        self.databases = [self.dbname]
        self.admin_password = ADMIN_PASSWORD
        self.master_password = MASTER_PASSWORD
        self.db_url = backend_url()
        self.proc = None
        self.port = None

    # ------------------------------------------------------------------ process
    def env(self):
        env = dict(os.environ)
        for key in ("FAZHI_DEV_MODE", "FAZHI_SERVER_VERSION", "FAZHI_DB_URL", "FAZHI_DATA_DIR"):
            env.pop(key, None)
        env.update({
            "FAZHI_DATA_DIR": self.data_dir,
            "FAZHI_ADMIN_PASSWORD": self.admin_password,
            "FAZHI_MASTER_PASSWORD": self.master_password,
            "FAZHI_PASSWORD_ROUNDS": "1000",
            "FAZHI_ADDONS_PATH": str(TEST_ADDONS),
            "FAZHI_CLOCK_FILE": self.clock_file,
            "PYTHONUNBUFFERED": "1",
        })
        if self.version:
            env["FAZHI_SERVER_VERSION"] = self.version
        if self.dev_mode:
            env["FAZHI_DEV_MODE"] = "1"
        env.update(self.extra_env)
        return env

    def cli_args(self):
        args = [sys.executable, "-m", "fazhi.cli", "--data-dir", self.data_dir]
        if self.db_url:
            args += ["--db-url", self.db_url]
        args += ["--addons-path", str(TEST_ADDONS)]
        return args

    def cli(self, *args, check=True, stdin=None, timeout=300):
        """Run the fazhi CLI on this server's data dir / database server."""
        proc = subprocess.run(self.cli_args() + list(args), input=stdin, capture_output=True, text=True,
                              env=self.env(), cwd=str(REPO), timeout=timeout)
        if check and proc.returncode != 0:
            raise RuntimeError("fazhi %s failed (%s):\n%s\n%s" % (
                " ".join(args), proc.returncode, proc.stdout, proc.stderr))
        return proc

    def setup_database(self):
        self.cli("db", "create", self.dbname, "--install", INSTALL)
        # the admin may use the test models (their ACLs name test_orm_a's groups only)
        self.cli("shell", "-d", self.dbname, stdin=(
            "admin = env.ref('base.user_admin')\n"
            "admin.write({'groups_id': [(4, env.ref('test_orm_a.group_a_manager').id)]})\n"))

    def start(self):
        self.setup_database()
        last_error = None
        for _attempt in range(3):
            self.port = free_port()
            args = self.cli_args() + ["serve", "--host", "127.0.0.1", "--port", str(self.port),
                                      "-d", self.dbname]
            if self.workers:
                args += ["--workers", str(self.workers)]
            if not self.database_manager:
                args += ["--no-database-manager"]
            log = open(self.log_path, "ab")
            self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=self.env(),
                                         cwd=str(REPO), start_new_session=True)
            log.close()
            try:
                self.wait_ready()
                return self
            except RuntimeError as exc:
                last_error = exc
                self.kill()
                if "exited" not in str(exc):
                    break
        raise last_error

    def wait_ready(self, timeout=READY_TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("server %s exited with %s before answering:\n%s" % (
                    self.label, self.proc.returncode, self.log_tail()))
            try:
                res = self.post_json("/web/webclient/version_info", {}, timeout=5)
                if res.status == 200 and "result" in res.json:
                    return
            except (OSError, ValueError, http.client.HTTPException):
                pass
            time.sleep(0.2)
        raise RuntimeError("server %s not ready after %ss:\n%s" % (self.label, timeout, self.log_tail()))

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def kill(self):
        if self.proc is None:
            return
        pid = self.proc.pid
        if self.proc.poll() is None:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(timeout=15)
        # workers forked by this server live in its own process group (pgid == its pid)
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.proc = None

    def stop(self):
        self.kill()
        if self.db_url:
            for name in dict.fromkeys(self.databases):
                self.cli("db", "drop", name, check=False, timeout=120)
        shutil.rmtree(self.root, ignore_errors=True)

    def track_db(self, name):
        """Drop ``name`` at teardown too (a database a test created through the db service)."""
        self.databases.append(name)
        return name

    def log_tail(self, chars=6000):
        try:
            with open(self.log_path, "rb") as fp:
                return fp.read().decode("utf-8", "replace")[-chars:]
        except OSError:
            return ""

    def set_clock(self, seconds):
        """Shift the server's clock (FAZHI_CLOCK_FILE, re-read when it changes)."""
        with open(self.clock_file, "w") as fp:
            fp.write(str(float(seconds)))
        # mtime granularity: make sure the next write is seen as a change too
        time.sleep(0.05)

    # ------------------------------------------------------------------ clients
    @property
    def url(self):
        return "http://127.0.0.1:%s" % self.port

    def odoo(self, login="admin", password=None, db=None, version=None, timeout=60):
        """An odoorpc client, logged in (``version='17.0'`` forces the modern flow)."""
        client = self.client(version=version, timeout=timeout)
        client.login(db or self.dbname, login, self.admin_password if password is None else password)
        return client

    def client(self, version=None, timeout=60):
        """An odoorpc client, not logged in (probes the version unless ``version`` is given)."""
        return odoorpc.ODOO("127.0.0.1", port=self.port, timeout=timeout, version=version)

    def xmlrpc(self, service, legacy=False):
        prefix = "/xmlrpc/" if legacy else "/xmlrpc/2/"
        return xmlrpc.client.ServerProxy(self.url + prefix + service)

    def request(self, method, path, body=b"", headers=None, timeout=60):
        """Raw HTTP request; never raises on a status code."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        start = time.monotonic()
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            data = resp.read()
            return HttpResult(resp.status, resp.getheaders(), data, time.monotonic() - start)
        finally:
            conn.close()

    def post(self, path, body, content_type="application/json", headers=None, timeout=60):
        if isinstance(body, str):
            body = body.encode("utf-8")
        hdrs = {"Content-Type": content_type} if content_type else {}
        hdrs.update(headers or {})
        return self.request("POST", path, body=body, headers=hdrs, timeout=timeout)

    def post_json(self, path, params, cookie=None, request_id=None, headers=None, timeout=60):
        """POST a JSON-RPC envelope; ``cookie`` is a session id."""
        payload = {"jsonrpc": "2.0", "method": "call", "params": params,
                   "id": request_id if request_id is not None else int(time.time() * 1000) % 1000000007}
        hdrs = dict(headers or {})
        if cookie:
            hdrs["Cookie"] = "session_id=%s" % cookie
        return self.post(path, json.dumps(payload), headers=hdrs, timeout=timeout)

    def jsonrpc(self, service, method, *args):
        """The whole JSON answer of ``/jsonrpc`` (errors are not raised)."""
        res = self.post_json("/jsonrpc", {"service": service, "method": method, "args": list(args)})
        assert res.status == 200, res
        return res.json

    def execute_kw(self, uid, model, method, args, kwargs=None, password=None, db=None):
        """Raw ``object.execute_kw`` over /jsonrpc as ``uid`` (admin password by default)."""
        return self.jsonrpc("object", "execute_kw", db or self.dbname, uid,
                            self.admin_password if password is None else password,
                            model, method, args, kwargs or {})

    def healthy(self):
        """A normal call still works."""
        res = self.post_json("/web/webclient/version_info", {}, timeout=10)
        return res.status == 200 and "result" in res.json


def session_cookie(result):
    """The ``session_id`` value set by a response (or None)."""
    for value in result.header_all("Set-Cookie"):
        first = value.split(";", 1)[0].strip()
        if first.startswith("session_id="):
            return first[len("session_id="):]
    return None


def cookie_attributes(result):
    """Attributes of the ``session_id`` Set-Cookie, lower-cased names → values."""
    for value in result.header_all("Set-Cookie"):
        parts = [p.strip() for p in value.split(";")]
        if parts[0].startswith("session_id="):
            attrs = {}
            for part in parts[1:]:
                key, _sep, val = part.partition("=")
                attrs[key.strip().lower()] = val.strip()
            return attrs
    return None



def b64(data):
    return base64.b64encode(data).decode("ascii")


def make_user_on(server, groups=("base.group_user",), password=USER_PASSWORD, login=None):
    """Create a user through RPC as admin; returns dict(login, password, uid)."""
    admin = server.odoo()
    group_ids = [admin.env.ref(xmlid).id for xmlid in groups]
    login = login or unique_name("user")
    uid = admin.env["res.users"].create({
        "name": "RPC test user %s" % login,
        "login": login,
        "password": password,
        "groups_id": [(6, 0, group_ids)],
    })
    return {"login": login, "password": password, "uid": uid}


def make_reconsideration(admin, agency_id, applicant_id, title):
    """A registered reconsideration case of ``agency_id`` with its applicant, as a clerk enters it."""
    return admin.env["fuyi.reconsideration"].create({
        "date_received": "2025-09-26", "agency_id": agency_id, "title": title, "request": "撤销决定",
        "act_known_date": "2025-09-20",
        "party_ids": [(0, 0, {"partner_id": applicant_id, "role": "applicant", "is_primary": True}),
                      (0, 0, {"partner_id": agency_id, "role": "respondent"})]})
