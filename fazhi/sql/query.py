"""The only SQL builder: a SELECT over one table with joins, conditions, order and paging.

    q = Query('res_partner')
    q.add_where('"res_partner"."active" = %s', [True])
    sql, params = q.select('"res_partner"."id"')
"""


def quote(name: str) -> str:
    if '"' in name:
        raise ValueError("Invalid SQL identifier %r" % name)
    return '"%s"' % name


class Query:
    """A query on ``table`` (aliased as itself) that code extends with joins and conditions."""

    def __init__(self, table: str, alias: str | None = None):
        self.table = table
        self.alias = alias or table
        self._joins = {}        # alias -> (kind, table, condition, params)
        self._where = []        # (sql, params)
        self.order = None
        self.limit = None
        self.offset = None

    def add_where(self, sql: str, params=()):
        self._where.append((sql, list(params)))

    def left_join(self, lhs_alias: str, lhs_column: str, rhs_table: str, rhs_column: str, link: str) -> str:
        """Join ``rhs_table`` once per (lhs_alias, link); return its alias."""
        alias = "%s__%s" % (lhs_alias, link)
        if len(alias) > 60:
            import hashlib
            alias = "%s_%s" % (alias[:40], hashlib.sha1(alias.encode()).hexdigest()[:8])
        if alias not in self._joins:
            cond = "%s.%s = %s.%s" % (quote(lhs_alias), quote(lhs_column), quote(alias), quote(rhs_column))
            self._joins[alias] = ("LEFT JOIN", rhs_table, cond, [])
        return alias

    def _from(self):
        parts = ["%s AS %s" % (quote(self.table), quote(self.alias))
                 if self.alias != self.table else quote(self.table)]
        params = []
        for alias, (kind, table, cond, cparams) in self._joins.items():
            parts.append("%s %s AS %s ON (%s)" % (kind, quote(table), quote(alias), cond))
            params.extend(cparams)
        return " ".join(parts), params

    def where_clause(self):
        if not self._where:
            return "", []
        sql = " AND ".join("(%s)" % w for w, _p in self._where)
        params = [p for _w, ps in self._where for p in ps]
        return sql, params

    def select(self, *columns: str):
        from_sql, params = self._from()
        where_sql, where_params = self.where_clause()
        sql = "SELECT %s FROM %s" % (", ".join(columns) or "%s.%s" % (quote(self.alias), quote("id")), from_sql)
        if where_sql:
            sql += " WHERE " + where_sql
        params = params + where_params
        if self.order:
            sql += " ORDER BY " + self.order
        if self.limit is not None:
            sql += " LIMIT %s"
            params.append(int(self.limit))
        if self.offset:
            if self.limit is None:
                sql += " LIMIT %s"  # SQLite needs a LIMIT before OFFSET
                params.append(2 ** 62)
            sql += " OFFSET %s"
            params.append(int(self.offset))
        return sql, params

    def subselect(self, column: str | None = None):
        """SQL and params selecting ``column`` (default id), for ``x IN (…)``."""
        q_order, self.order = self.order, None if self.limit is None else self.order
        try:
            return self.select(column or "%s.%s" % (quote(self.alias), quote("id")))
        finally:
            self.order = q_order
