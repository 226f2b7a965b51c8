"""What differs between SQLite and PostgreSQL SQL text, and nothing else.

The query builder asks a dialect for column types, pattern matching and date truncation;
every method returns SQL text with ``%s`` placeholders plus the parameters to bind.
"""


def _escape_glob(pattern: str) -> str:
    """Turn a LIKE pattern into a GLOB pattern (GLOB is SQLite's case-sensitive matcher)."""
    out = []
    for ch in pattern:
        if ch == "%":
            out.append("*")
        elif ch == "_":
            out.append("?")
        elif ch in "*?[":
            out.append("[%s]" % ch)
        else:
            out.append(ch)
    return "".join(out)


class Dialect:
    name = ""
    column_types = {}

    def column_type(self, kind: str) -> str:
        return self.column_types[kind]

    def quote(self, ident: str) -> str:
        if '"' in ident:
            raise ValueError("Invalid SQL identifier %r" % ident)
        return '"%s"' % ident

    def as_text(self, expr: str) -> str:
        return "CAST(%s AS TEXT)" % expr


class SqliteDialect(Dialect):
    name = "sqlite"
    column_types = {
        "pk": "INTEGER PRIMARY KEY AUTOINCREMENT",
        "int4": "INTEGER",
        "int8": "INTEGER",
        "bool": "BOOLEAN",
        "float8": "REAL",
        "numeric": "NUMERIC",
        "varchar": "VARCHAR",
        "text": "TEXT",
        "date": "DATE",
        "timestamp": "TIMESTAMP",
        "bytea": "BLOB",
        "jsonb": "TEXT",
    }

    def like(self, expr, value, case_sensitive):
        """Return SQL for ``expr LIKE value``: SQLite's LIKE ignores case, so use GLOB for LIKE."""
        if case_sensitive:
            return "(%s GLOB %%s)" % expr, [_escape_glob(value)]
        return "(%s LIKE %%s)" % expr, [value]

    def date_trunc(self, granularity, expr):
        formats = {
            "day": "strftime('%%Y-%%m-%%d', {0})",
            "month": "strftime('%%Y-%%m-01', {0})",
            "year": "strftime('%%Y-01-01', {0})",
            "week": "date({0}, 'weekday 0', '-6 days')",
            "quarter": "(strftime('%%Y-', {0}) || printf('%%02d', ((CAST(strftime('%%m', {0}) AS INTEGER) - 1) / 3) * 3 + 1) || '-01')",
        }
        return formats[granularity].format(expr)

    def string_agg(self, expr):
        return "group_concat(%s)" % expr

    def bool_and(self, expr):
        return "MIN(%s)" % expr

    def bool_or(self, expr):
        return "MAX(%s)" % expr


class PostgresDialect(Dialect):
    name = "postgresql"
    column_types = {
        "pk": "SERIAL PRIMARY KEY",
        "int4": "INTEGER",
        "int8": "BIGINT",
        "bool": "BOOLEAN",
        "float8": "DOUBLE PRECISION",
        "numeric": "NUMERIC",
        "varchar": "VARCHAR",
        "text": "TEXT",
        "date": "DATE",
        "timestamp": "TIMESTAMP",
        "bytea": "BYTEA",
        "jsonb": "JSONB",
    }

    def like(self, expr, value, case_sensitive):
        return "(%s %s %%s)" % (expr, "LIKE" if case_sensitive else "ILIKE"), [value]

    def date_trunc(self, granularity, expr):
        return "date_trunc('%s', %s)::date" % (granularity, expr)

    def string_agg(self, expr):
        return "string_agg(%s::text, ',')" % expr

    def bool_and(self, expr):
        return "bool_and(%s)" % expr

    def bool_or(self, expr):
        return "bool_or(%s)" % expr
