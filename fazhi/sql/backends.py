"""Database servers: one SQLite file per database under the data dir, or a PostgreSQL server.

A backend opens connections, lists/creates/drops databases and maps driver errors onto the
two errors the ORM reacts to (IntegrityError, ConcurrencyError).
"""
import logging
import os
import re
import select
import sqlite3
import threading
from urllib.parse import urlsplit, urlunsplit, unquote

from .cursor import Cursor, IntegrityError, ConcurrencyError
from .dialect import SqliteDialect, PostgresDialect

_logger = logging.getLogger(__name__)

DBNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")


class BackendError(Exception):
    """The database server cannot do what was asked (unreachable, bad name, …)."""


class DatabaseExists(BackendError):
    pass


class DatabaseMissing(BackendError):
    pass


def check_dbname(name: str) -> str:
    if not name or not DBNAME_RE.match(name) or name in ("postgres", "template0", "template1"):
        raise BackendError("Invalid database name %r: use letters, digits, '_', '.', '-'." % (name,))
    return name


class Backend:
    dialect = None

    def __init__(self):
        self._pool = {}
        self._pool_lock = threading.Lock()

    def cursor(self, dbname: str) -> Cursor:
        """Open a transaction on ``dbname``; raises DatabaseMissing when it does not exist."""
        cnx = self._acquire(dbname)
        return Cursor(self, dbname, cnx)

    def _acquire(self, dbname):
        with self._pool_lock:
            idle = self._pool.get(dbname)
            if idle:
                return idle.pop()
        return self.connect(dbname)

    def release(self, dbname, cnx):
        with self._pool_lock:
            idle = self._pool.setdefault(dbname, [])
            if len(idle) < 8:
                idle.append(cnx)
                return
        cnx.close()

    def close_all(self, dbname=None):
        with self._pool_lock:
            names = [dbname] if dbname else list(self._pool)
            for name in names:
                for cnx in self._pool.pop(name, []):
                    try:
                        cnx.close()
                    except Exception:  # closing a dead connection must not hide the real work
                        _logger.debug("closing connection failed", exc_info=True)

    def begin_write(self, cnx):
        """Make the current (still empty) transaction a writer from its start; PostgreSQL needs nothing."""

    def execute(self, cur, query, params):
        # without parameters the text is sent as is: no placeholder or %-escape processing
        if params is None:
            return cur.execute(query)
        return cur.execute(query, params)


class SqliteBackend(Backend):
    """Embedded default: ``<data_dir>/databases/<name>.sqlite3``, WAL, foreign keys on."""

    dialect = SqliteDialect()

    def __init__(self, data_dir: str):
        super().__init__()
        self.data_dir = data_dir
        self.db_dir = os.path.join(data_dir, "databases")

    def describe(self):
        return "sqlite (%s)" % self.db_dir

    def path(self, dbname):
        return os.path.join(self.db_dir, check_dbname(dbname) + ".sqlite3")

    def list(self):
        if not os.path.isdir(self.db_dir):
            return []
        return sorted(f[: -len(".sqlite3")] for f in os.listdir(self.db_dir) if f.endswith(".sqlite3"))

    def exists(self, dbname):
        return os.path.exists(self.path(dbname))

    def create(self, dbname):
        path = self.path(dbname)
        if os.path.exists(path):
            raise DatabaseExists("Database %r already exists." % dbname)
        os.makedirs(self.db_dir, exist_ok=True)
        self._open(path).close()

    def drop(self, dbname):
        path = self.path(dbname)
        if not os.path.exists(path):
            raise DatabaseMissing("Database %r does not exist." % dbname)
        self.close_all(dbname)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)

    def _open(self, path):
        cnx = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=15)
        cnx.execute("PRAGMA journal_mode=WAL")
        cnx.execute("PRAGMA foreign_keys=ON")
        cnx.execute("PRAGMA synchronous=FULL")
        cnx.execute("PRAGMA secure_delete=ON")
        cnx.execute("PRAGMA busy_timeout=15000")
        return cnx

    def connect(self, dbname):
        path = self.path(dbname)
        if not os.path.exists(path):
            raise DatabaseMissing("Database %r does not exist." % dbname)
        return self._open(path)

    def begin(self, cnx):
        cnx.execute("BEGIN")

    def begin_write(self, cnx):
        """Restart the (still empty) transaction holding the write lock: ``BEGIN IMMEDIATE`` waits
        (busy_timeout) for the other writers, where a plain ``BEGIN`` that reads first cannot
        upgrade to a write once another writer committed (SQLITE_BUSY_SNAPSHOT)."""
        self.rollback(cnx)
        cnx.execute("BEGIN IMMEDIATE")

    def commit(self, cnx):
        cnx.execute("COMMIT")

    def rollback(self, cnx):
        if cnx.in_transaction:
            cnx.execute("ROLLBACK")

    def execute(self, cur, query, params):
        from .cursor import to_qmark
        if params is None:
            return cur.execute(query)
        return cur.execute(to_qmark(query), params)

    def translate_error(self, exc):
        if isinstance(exc, sqlite3.IntegrityError):
            return IntegrityError(str(exc))
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            return ConcurrencyError(str(exc))
        return exc


class PostgresBackend(Backend):
    """Production: each fazhi database is a PostgreSQL database on the server at ``url``."""

    dialect = PostgresDialect()

    def __init__(self, url: str):
        super().__init__()
        import psycopg2  # noqa: F401 - fail early with a clear message when missing
        self.url = url
        parts = urlsplit(url)
        if parts.scheme not in ("postgresql", "postgres"):
            raise BackendError("Unsupported database URL %r: expected postgresql://…" % url)
        self._parts = parts

    def describe(self):
        p = self._parts
        return "postgresql (%s:%s)" % (p.hostname or "local socket", p.port or 5432)

    def _dsn(self, dbname):
        p = self._parts
        kw = {"dbname": dbname}
        if p.hostname:
            kw["host"] = unquote(p.hostname)
        if p.port:
            kw["port"] = p.port
        if p.username:
            kw["user"] = unquote(p.username)
        if p.password:
            kw["password"] = unquote(p.password)
        return kw

    def _admin_connect(self):
        import psycopg2
        maintenance = (self._parts.path or "/").lstrip("/") or "postgres"
        try:
            cnx = psycopg2.connect(connect_timeout=10, **self._dsn(maintenance))
        except psycopg2.OperationalError as exc:
            raise BackendError("Cannot reach PostgreSQL at %s: %s" % (self.describe(), str(exc).strip())) from exc
        cnx.autocommit = True
        return cnx

    def list(self):
        cnx = self._admin_connect()
        try:
            with cnx.cursor() as cur:
                cur.execute("SELECT datname FROM pg_database WHERE datistemplate = false "
                            "AND datname NOT IN ('postgres') AND has_database_privilege(datname, 'CONNECT') "
                            "ORDER BY datname")
                names = [r[0] for r in cur.fetchall()]
        finally:
            cnx.close()
        # only databases fazhi created (they carry our marker table) are listed
        return [n for n in names if self._is_fazhi(n)]

    def _is_fazhi(self, dbname):
        import psycopg2
        try:
            cnx = psycopg2.connect(connect_timeout=10, **self._dsn(dbname))
        except psycopg2.OperationalError:
            return False
        try:
            with cnx.cursor() as cur:
                cur.execute("SELECT to_regclass('public.ir_module_module') IS NOT NULL")
                return cur.fetchone()[0]
        finally:
            cnx.close()

    def exists(self, dbname):
        cnx = self._admin_connect()
        try:
            with cnx.cursor() as cur:
                cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [check_dbname(dbname)])
                return bool(cur.fetchone())
        finally:
            cnx.close()

    def create(self, dbname):
        check_dbname(dbname)
        if self.exists(dbname):
            raise DatabaseExists("Database %r already exists." % dbname)
        cnx = self._admin_connect()
        try:
            with cnx.cursor() as cur:
                cur.execute('CREATE DATABASE "%s" ENCODING \'UTF8\' TEMPLATE template0' % dbname)
        finally:
            cnx.close()

    def drop(self, dbname):
        check_dbname(dbname)
        if not self.exists(dbname):
            raise DatabaseMissing("Database %r does not exist." % dbname)
        self.close_all(dbname)
        cnx = self._admin_connect()
        try:
            with cnx.cursor() as cur:
                cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE datname = %s AND pid <> pg_backend_pid()", [dbname])
                cur.execute('DROP DATABASE "%s"' % dbname)
        finally:
            cnx.close()

    def connect(self, dbname):
        import psycopg2
        check_dbname(dbname)
        try:
            cnx = psycopg2.connect(connect_timeout=10, **self._dsn(dbname))
        except psycopg2.OperationalError as exc:
            if "does not exist" in str(exc):
                raise DatabaseMissing("Database %r does not exist." % dbname) from exc
            raise BackendError("Cannot reach PostgreSQL at %s: %s" % (self.describe(), str(exc).strip())) from exc
        cnx.set_session(isolation_level="REPEATABLE READ")
        return cnx

    def begin(self, cnx):
        pass  # psycopg2 opens a transaction implicitly

    def commit(self, cnx):
        cnx.commit()

    def rollback(self, cnx):
        cnx.rollback()

    def release(self, dbname, cnx):
        if cnx.closed:
            return
        super().release(dbname, cnx)

    def _acquire(self, dbname):
        """A pooled connection still alive, else a new one.

        A database restored or re-created live, a server restart or an idle timeout ends the
        server side of pooled connections; the request that picked one would fail (the first
        logins after a restore gave 500). Such connections are dropped here, unseen.
        """
        while True:
            with self._pool_lock:
                idle = self._pool.get(dbname)
                cnx = idle.pop() if idle else None
            if cnx is None:
                return self.connect(dbname)
            if _pg_alive(cnx):
                return cnx
            _logger.info("dropped a dead pooled connection to %s", dbname)
            try:
                cnx.close()
            except Exception:  # noqa: BLE001 - it is dead already
                pass

    def translate_error(self, exc):
        import psycopg2.errors as pgerr
        if isinstance(exc, (pgerr.SerializationFailure, pgerr.DeadlockDetected, pgerr.LockNotAvailable)):
            return ConcurrencyError(str(exc))
        return exc


def _pg_alive(cnx):
    """True unless ``cnx`` is closed or its server ended it. An idle pooled connection has nothing
    to read: a readable socket means the server sent its goodbye (FATAL: terminating connection)
    or closed it. No round trip is spent on a live connection."""
    if cnx.closed:
        return False
    try:
        readable, _w, _x = select.select([cnx.fileno()], [], [], 0)
    except (OSError, ValueError):
        return False
    return not readable


_backends = {}


def backend_for(cfg) -> Backend:
    """The backend named by ``cfg['db_url']`` (empty = SQLite under ``cfg['data_dir']``); cached."""
    key = cfg["db_url"] or ("sqlite", cfg["data_dir"])
    backend = _backends.get(key)
    if backend is None:
        backend = PostgresBackend(cfg["db_url"]) if cfg["db_url"] else SqliteBackend(cfg["data_dir"])
        _backends[key] = backend
    return backend
