"""Connection of the operator scripts (`scripts/*.py`) to a fazhi or Flectra server, with odoorpc.

The connection comes from environment variables, as in OCA/odoorpc ``odoorpc/tests/__init__.py``:

    FAZHI_RPC_HOST       server host (default localhost)
    FAZHI_RPC_PORT       port (default 8069)
    FAZHI_RPC_PROTOCOL   jsonrpc (default) or jsonrpc+ssl
    FAZHI_RPC_DB         database (required)
    FAZHI_RPC_LOGIN      login (default admin)
    FAZHI_RPC_PASSWORD   password, or FAZHI_RPC_API_KEY: an API key (used as the password)
    FAZHI_RPC_TIMEOUT    seconds per request (default 120)

The scripts use only public model methods over ``execute_kw``, so they work the same against
fazhi and Flectra.

Long runs show their progress on stderr with ``ProgressBar`` (a bar on a terminal, a plain line
every few seconds otherwise); work done by the server as a job is followed with
``run_job_action``/``follow_job`` (polling ``queue.job`` as the web client does) and its result
file fetched with ``download_attachment``.
"""
import os
import sys

PROTOCOLS = ("jsonrpc", "jsonrpc+ssl")


class ConfigError(Exception):
    """The environment does not describe a usable connection."""


def env_config(environ=None):
    """The connection settings from the environment; ConfigError names what is missing."""
    environ = os.environ if environ is None else environ
    protocol = environ.get("FAZHI_RPC_PROTOCOL") or "jsonrpc"
    if protocol not in PROTOCOLS:
        raise ConfigError("FAZHI_RPC_PROTOCOL must be one of %s, not %r" % (", ".join(PROTOCOLS), protocol))
    port_text = environ.get("FAZHI_RPC_PORT") or ("443" if protocol == "jsonrpc+ssl" else "8069")
    timeout_text = environ.get("FAZHI_RPC_TIMEOUT") or "120"
    try:
        port = int(port_text)
        timeout = float(timeout_text)
    except ValueError:
        raise ConfigError("FAZHI_RPC_PORT and FAZHI_RPC_TIMEOUT must be numbers") from None
    password = environ.get("FAZHI_RPC_PASSWORD") or environ.get("FAZHI_RPC_API_KEY")
    missing = [name for name, value in (("FAZHI_RPC_DB", environ.get("FAZHI_RPC_DB")),
                                        ("FAZHI_RPC_PASSWORD or FAZHI_RPC_API_KEY", password)) if not value]
    if missing:
        raise ConfigError("set %s (see scripts/fazhi_rpc.py)" % " and ".join(missing))
    return {
        "host": environ.get("FAZHI_RPC_HOST") or "localhost",
        "port": port,
        "protocol": protocol,
        "db": environ["FAZHI_RPC_DB"],
        "login": environ.get("FAZHI_RPC_LOGIN") or "admin",
        "password": password,
        "timeout": timeout,
    }


def connect(environ=None):
    """An odoorpc client logged in with the environment's settings."""
    import odoorpc

    config = env_config(environ)
    client = odoorpc.ODOO(config["host"], protocol=config["protocol"], port=config["port"],
                          timeout=config["timeout"])
    client.login(config["db"], config["login"], config["password"])
    return client


def rpc_error_message(exc):
    """The user-facing message of an RPC error (odoorpc.error.RPCError or anything else)."""
    info = getattr(exc, "info", None)
    if isinstance(info, dict):
        data = info.get("data") or {}
        message = data.get("message") or info.get("message")
        if message:
            return str(message).strip()
    return str(exc).strip() or exc.__class__.__name__


def connect_or_exit(environ=None):
    """`connect`, or a one-line message on stderr and exit status 2."""
    try:
        return connect(environ)
    except ConfigError as exc:
        print("connection settings: %s" % exc, file=sys.stderr)
    except Exception as exc:  # noqa: BLE001 - any failure to log in ends the script cleanly
        print("cannot log in to the server: %s" % rpc_error_message(exc), file=sys.stderr)
    sys.exit(2)


def model_exists(client, model):
    """Whether ``model`` is installed on the server (asked through ir.model, not by failing)."""
    return bool(client.env["ir.model"].search_count([("model", "=", model)]))


# ------------------------------------------------------------------ progress of long runs
class ProgressBar:
    """Progress of a long run on stderr: a bar redrawn in place on a terminal; elsewhere (a log,
    a pipe, cron mail) a plain line at most every ``interval`` seconds, and always the last one.

        bar = ProgressBar("import", total=120)
        bar.update(5, message="row 7")
        bar.finish("done")
    """

    WIDTH = 30

    def __init__(self, label, total=0, stream=None, interval=5.0, tty=None):
        import time
        self._time = time.monotonic
        self.label = label
        self.total = total or 0
        self.done = 0
        self.message = ""
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.interval = interval
        self._last_line = None        # monotonic time of the last plain line
        self._last_text = None
        self._drawn = False

    def _text(self):
        if self.total:
            share = min(1.0, self.done / self.total)
            counts = "%d/%d %3d%%" % (self.done, self.total, round(share * 100))
        else:
            share, counts = 0.0, "%d" % self.done
        if self.tty:
            filled = int(round(share * self.WIDTH))
            bar = "[%s%s]" % ("#" * filled, "-" * (self.WIDTH - filled))
            return "%s %s %s %s" % (self.label, bar, counts, self.message)
        return "%s: %s %s" % (self.label, counts, self.message)

    def update(self, done, total=None, message=None, force=False):
        if total is not None:
            self.total = total or 0
        self.done = done or 0
        if message is not None:
            self.message = str(message)
        text = self._text().rstrip()
        if self.tty:
            import shutil
            text = text[:max(20, shutil.get_terminal_size().columns - 1)]   # one line: \r must redraw it
            if text != self._last_text:
                width = max(len(self._last_text or ""), len(text))
                self.stream.write("\r" + text.ljust(width))
                self.stream.flush()
                self._drawn = True
        else:
            now = self._time()
            if text != self._last_text and (force or self._last_line is None or now - self._last_line >= self.interval):
                self.stream.write(text + "\n")
                self.stream.flush()
                self._last_line = now
            else:
                return
        self._last_text = text

    def finish(self, message=None):
        """The final state, always shown; ends the bar's line on a terminal."""
        self.update(self.done, message=message, force=True)
        if self.tty and self._drawn:
            self.stream.write("\n")
            self.stream.flush()


JOB_FIELDS = ["state", "progress_done", "progress_total", "progress_message", "result_attachment_id", "exc_info",
              "result"]


class JobFailed(Exception):
    """The server-side job ended failed; the message is its error."""


def _unreachable(exc):
    """True for a lost connection (server restarting, network), not for a refusal by the server."""
    import http.client
    return isinstance(exc, (OSError, http.client.HTTPException))


def follow_job(client, job_id, bar=None, poll=1.0, timeout=None, reconnect=None, stream=None):
    """Poll ``queue.job`` ``job_id`` until it is done or failed (as the web client does),
    showing its progress on ``bar``. Returns the job's last read values; raises JobFailed
    (with the job's error) or TimeoutError.

    The job runs on the server whatever happens to this script. When the server goes away
    (restarted), ``reconnect()`` (a new logged-in client) is tried every few seconds until
    ``timeout``; without it the connection error is raised. The script also re-attaches later
    to a job by its id (``generate_documents.py --follow JOB_ID``).
    """
    import time
    started = time.monotonic()
    stream = stream or sys.stderr
    while True:
        try:
            job = client.execute_kw("queue.job", "read", [[job_id], JOB_FIELDS])[0]
        except Exception as exc:  # noqa: BLE001 - only a lost connection is waited out
            if reconnect is None or not _unreachable(exc):
                raise
            if timeout is not None and time.monotonic() - started > timeout:
                raise TimeoutError("job %s: the server was unreachable until the timeout (%s)" % (job_id, exc))
            print("server unreachable (%s); retrying — job %s goes on on the server" % (exc, job_id),
                  file=stream)
            time.sleep(max(poll, 2.0))
            try:
                client = reconnect()
            except Exception as again:  # noqa: BLE001 - still down: wait and try again
                if not _unreachable(again):
                    raise
            continue
        if bar is not None:
            bar.update(job["progress_done"] or 0, job["progress_total"] or 0, job["progress_message"] or job["state"])
        if job["state"] == "done":
            if bar is not None:
                bar.finish()
            return job
        if job["state"] == "failed":
            if bar is not None:
                bar.finish()
            error = (job.get("exc_info") or "").strip().splitlines()
            raise JobFailed(error[0] if error else "job %s failed" % job_id)
        if timeout is not None and time.monotonic() - started > timeout:
            if bar is not None:
                bar.finish()
            raise TimeoutError("job %s still %s after %ss" % (job_id, job["state"], timeout))
        time.sleep(poll)


def download_attachment(client, attachment_id):
    """``(name, bytes)`` of an attachment the user may read."""
    import base64
    row = client.execute_kw("ir.attachment", "read", [[attachment_id], ["name", "datas"]])[0]
    return row["name"], base64.b64decode(row["datas"] or b"")


def job_attachment(job):
    attachment = job.get("result_attachment_id")
    return (attachment[0] if isinstance(attachment, (list, tuple)) else attachment) or None


def run_job_action(client, action, label, poll=1.0, timeout=None, bar=None, reconnect=None, on_job=None):
    """Follow what a job button returned: the ``fz_job_progress`` client action of a queued job
    (progress shown until it ends), or the download URL of work a server without a queue did
    at once. Returns ``(job values or None, attachment id or None)``. ``on_job(job_id)`` is
    called first (to tell the user how to re-attach)."""
    import re
    if isinstance(action, dict) and action.get("tag") == "fz_job_progress":
        job_id = action["params"]["job_id"]
        if on_job is not None:
            on_job(job_id)
        bar = bar or ProgressBar(label)
        job = follow_job(client, job_id, bar=bar, poll=poll, timeout=timeout, reconnect=reconnect)
        attachment = job.get("result_attachment_id")
        return job, (attachment[0] if isinstance(attachment, (list, tuple)) else attachment) or None
    if isinstance(action, dict) and action.get("type") == "ir.actions.act_url":
        match = re.match(r"^/web/content/(\d+)", action.get("url") or "")
        return None, int(match.group(1)) if match else None
    raise ValueError("unexpected answer from the server: %r" % (action,))
