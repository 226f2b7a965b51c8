"""The one layer that talks to the database, in SQLite or PostgreSQL.

Everything above it writes PostgreSQL-flavoured SQL with ``%s`` placeholders and passes the
values separately; the SQLite backend rewrites the placeholders and supplies the few functions
SQLite lacks. Values are never formatted into SQL text.

    backend = backend_for(config)            # SqliteBackend or PostgresBackend
    with backend.cursor("fazhi") as cr:
        cr.execute("SELECT id FROM res_users WHERE login = %s", ["admin"])
        print(cr.fetchone())
"""
from .backends import backend_for, Backend, DatabaseExists, DatabaseMissing, BackendError  # noqa: F401
from .cursor import Cursor, IntegrityError, ConcurrencyError  # noqa: F401
