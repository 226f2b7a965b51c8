"""A database cursor with transactions, savepoints and commit hooks, for either backend."""
import logging
import re
import threading
import uuid
from contextlib import contextmanager

try:
    import psycopg2
    _PgIntegrity = psycopg2.IntegrityError
except ImportError:  # pragma: no cover - psycopg2 is a dependency
    psycopg2 = None
    _PgIntegrity = Exception

_logger = logging.getLogger(__name__)
_sql_logger = logging.getLogger("fazhi.sql_db")


class IntegrityError(_PgIntegrity):
    """A constraint violation raised by SQLite, shaped like psycopg2's.

    Addon tests written for Flectra catch ``psycopg2.IntegrityError``; this subclass makes
    the same tests pass on the embedded backend.
    """

    def __init__(self, message, constraint=None):
        super().__init__(message)
        self.constraint = constraint


class ConcurrencyError(Exception):
    """The transaction lost a race (serialization failure, lock timeout); retry it."""


class Callbacks:
    """Functions to run once, in order, at a transaction boundary (cr.precommit etc.)."""

    def __init__(self):
        self._funcs = []
        self.data = {}

    def add(self, func):
        self._funcs.append(func)

    def run(self):
        while self._funcs:
            func = self._funcs.pop(0)
            func()
        self.data.clear()

    def clear(self):
        self._funcs.clear()
        self.data.clear()


_PLACEHOLDER = re.compile(r"%(s|%)")


def to_qmark(query: str) -> str:
    """Rewrite psycopg2 ``%s``/``%%`` placeholders into SQLite's ``?``/``%``."""
    return _PLACEHOLDER.sub(lambda m: "?" if m.group(1) == "s" else "%", query)


class Cursor:
    """One transaction on one connection.

    Args:
        backend: the Backend that opened the connection.
        dbname: the fazhi database name.
        connection: a DB-API connection in manual-transaction mode.
    """

    def __init__(self, backend, dbname, connection):
        self.backend = backend
        self.dialect = backend.dialect
        self.dbname = dbname
        self._cnx = connection
        self._obj = connection.cursor()
        self.closed = False
        self.precommit = Callbacks()
        self.postcommit = Callbacks()
        self.prerollback = Callbacks()
        self.postrollback = Callbacks()
        self.sql_log_count = 0
        self.cache = {}          # per-transaction memo for addon code (Flectra's ``cr.cache``)
        self.transaction = None  # the ORM Transaction bound to this cursor
        self._lock = threading.RLock()
        self.backend.begin(self._cnx)

    def begin_write(self):
        """Restart this still empty transaction as a writer (SQLite ``BEGIN IMMEDIATE``): a call
        retried after losing a write race waits for its turn instead of losing it again."""
        self.backend.begin_write(self._cnx)

    # --- execution ---
    def execute(self, query, params=None, log_exceptions=True):
        """Run one statement with bound parameters; never format values into ``query``."""
        if params is not None and not isinstance(params, (tuple, list, dict)):
            raise ValueError("SQL query parameters should be a tuple, list or dict; got %r" % (params,))
        self.sql_log_count += 1
        if _sql_logger.isEnabledFor(logging.DEBUG):
            _sql_logger.debug("%s %r", query, params)
        try:
            return self.backend.execute(self._obj, query, params)
        except Exception as exc:
            raise self.backend.translate_error(exc) from exc

    def executemany(self, query, seq):
        for params in seq:
            self.execute(query, params)

    def fetchone(self):
        return self._obj.fetchone()

    def fetchall(self):
        return self._obj.fetchall()

    def fetchmany(self, size):
        return self._obj.fetchmany(size)

    def dictfetchall(self):
        cols = [d[0] for d in self._obj.description]
        return [dict(zip(cols, row)) for row in self._obj.fetchall()]

    def dictfetchone(self):
        row = self._obj.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in self._obj.description], row))

    @property
    def rowcount(self):
        return self._obj.rowcount

    @property
    def description(self):
        return self._obj.description

    # --- transactions ---
    @contextmanager
    def savepoint(self, flush=True):
        """Run a block so that an error inside it rolls back only the block."""
        name = "sp_" + uuid.uuid4().hex[:12]
        self.execute("SAVEPOINT %s" % name)
        tx = self.transaction
        marker = tx.savepoint_enter() if tx is not None else None
        try:
            yield
        except BaseException:
            self.execute("ROLLBACK TO SAVEPOINT %s" % name)
            self.execute("RELEASE SAVEPOINT %s" % name)
            if tx is not None:
                tx.savepoint_rollback(marker)
            raise
        else:
            self.execute("RELEASE SAVEPOINT %s" % name)
            if tx is not None:
                tx.savepoint_release(marker)

    def flush(self):
        if self.transaction is not None:
            self.transaction.flush()

    def commit(self):
        """Run the pre-commit hooks, commit, then run the post-commit hooks."""
        self.flush()
        self.precommit.run()
        self.flush()
        self.backend.commit(self._cnx)
        self.cache.clear()
        self.prerollback.clear()
        self.postrollback.clear()
        if self.transaction is not None:
            self.transaction.reset_after_commit()
        self.postcommit.run()
        self.backend.begin(self._cnx)

    def rollback(self):
        self.precommit.clear()
        self.postcommit.clear()
        self.prerollback.run()
        self.backend.rollback(self._cnx)
        self.cache.clear()
        if self.transaction is not None:
            self.transaction.reset()
        self.postrollback.run()
        self.backend.begin(self._cnx)

    def close(self):
        if self.closed:
            return
        try:
            # an open transaction ends as a rollback, hooks included (files written get released)
            self.precommit.clear()
            self.postcommit.clear()
            self.prerollback.run()
            self.backend.rollback(self._cnx)
            if self.transaction is not None:
                self.transaction.reset()
            self.postrollback.run()
        finally:
            self.closed = True
            self.backend.release(self.dbname, self._cnx)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        try:
            if exc_type is None:
                self.commit()
        finally:
            self.close()
