"""Count the SQL a block of code runs (the query-shape tests): ``with Statements(env) as st: ...``."""


class Statements:
    """The SQL statements run on ``env``'s cursor inside the block (``cr.execute`` wrapped)."""

    def __init__(self, env):
        self.cr = env.cr
        self.sql = []

    def __enter__(self):
        original = self.cr.execute

        def execute(query, params=None, log_exceptions=True):
            self.sql.append(query)
            return original(query, params, log_exceptions)
        self.original, self.cr.execute = original, execute
        return self

    def __exit__(self, *exc):
        self.cr.execute = self.original

    def count(self, prefix):
        """How many statements start with ``prefix`` (e.g. ``"SELECT"``)."""
        return sum(1 for query in self.sql if query.lstrip().startswith(prefix))

    def inserts(self, table):
        """The INSERT statements into ``table``."""
        return [query for query in self.sql if query.lstrip().startswith('INSERT INTO "%s"' % table)]
