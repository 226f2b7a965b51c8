"""Tables, columns, indexes, foreign keys and constraints made from the models, in place.

Only additive changes are made automatically (new tables, columns, indexes, constraints);
nothing is dropped, so an upgrade never loses data.
"""
import logging
import re

_logger = logging.getLogger(__name__)


def table_exists(cr, table):
    if cr.dialect.name == "sqlite":
        cr.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [table])
    else:
        cr.execute("SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() "
                   "AND table_name = %s", [table])
    return cr.fetchone() is not None


def table_columns(cr, table):
    """{column name: nullable}"""
    if cr.dialect.name == "sqlite":
        cr.execute('PRAGMA table_info("%s")' % table)
        return {row[1]: not row[3] for row in cr.fetchall()}
    cr.execute("SELECT column_name, is_nullable FROM information_schema.columns "
               "WHERE table_schema = current_schema() AND table_name = %s", [table])
    return {row[0]: row[1] == "YES" for row in cr.fetchall()}


def index_exists(cr, name):
    if cr.dialect.name == "sqlite":
        cr.execute("SELECT 1 FROM sqlite_master WHERE type IN ('index', 'trigger') AND name = %s", [name])
    else:
        cr.execute("SELECT 1 FROM pg_class WHERE relname = %s UNION ALL "
                   "SELECT 1 FROM pg_constraint WHERE conname = %s", [name, name])
    return cr.fetchone() is not None


def _fk_clause(field, comodel_table):
    return 'REFERENCES "%s"(id) ON DELETE %s' % (comodel_table, field.ondelete.upper())


def _column_ddl(cr, field, comodel_table=None, for_create=True):
    ddl = '"%s" %s' % (field.name, cr.dialect.column_type(field.column_type))
    if field.required and for_create and not field.compute:
        ddl += " NOT NULL"
    if field.type == "many2one" and comodel_table and cr.dialect.name == "sqlite":
        ddl += " " + _fk_clause(field, comodel_table)
    return ddl


def sync_table(cr, model):
    """Create or extend the table of ``model`` (a registry class); returns new column names."""
    table = model._table
    registry = model.pool
    fields = [f for f in model._fields.values() if f.column and f.name != "id"]
    pending_fks = []

    def comodel_table(field):
        return registry[field.comodel_name]._table if field.type == "many2one" else None

    new_columns = []
    if not table_exists(cr, table):
        cols = ['"id" %s' % cr.dialect.column_type("pk")]
        cols += [_column_ddl(cr, f, comodel_table(f)) for f in fields]
        cr.execute('CREATE TABLE "%s" (%s)' % (table, ", ".join(cols)))
        new_columns = [f.name for f in fields]
    else:
        existing = table_columns(cr, table)
        for field in fields:
            if field.name in existing:
                continue
            cr.execute('ALTER TABLE "%s" ADD COLUMN %s' % (table, _column_ddl(cr, field, comodel_table(field), for_create=False)))
            new_columns.append(field.name)
    if cr.dialect.name == "postgresql":
        for field in fields:
            if field.type == "many2one":
                pending_fks.append((table, field, comodel_table(field)))
    for field in fields:
        if field.index or field.type == "many2one" and field.name in ("parent_id",) or field.name == "parent_path":
            name = "%s__%s_index" % (table, field.name)
            if len(name) > 63:
                name = name[:63]
            cr.execute('CREATE INDEX IF NOT EXISTS "%s" ON "%s" ("%s")' % (name, table, field.name))
    return new_columns, pending_fks


def add_foreign_key(cr, table, field, comodel_table):
    """PostgreSQL only: SQLite declares its foreign keys inline."""
    name = "%s_%s_fkey" % (table, field.name)
    name = name[:63]
    cr.execute("SELECT 1 FROM pg_constraint WHERE conname = %s", [name])
    if cr.fetchone():
        return
    # deferrable, so that whole-database copies can load rows in any order
    cr.execute('ALTER TABLE "%s" ADD CONSTRAINT "%s" FOREIGN KEY ("%s") %s DEFERRABLE INITIALLY IMMEDIATE' % (
        table, name, field.name, _fk_clause(field, comodel_table)))


def set_not_null(cr, table, field):
    """After filling a new required column: enforce NOT NULL where the backend can."""
    if cr.dialect.name != "postgresql":
        return
    cr.execute('SELECT 1 FROM "%s" WHERE "%s" IS NULL LIMIT 1' % (table, field.name))
    if cr.fetchone():
        _logger.warning("Column %s.%s has NULL values; NOT NULL not enforced", table, field.name)
        return
    cr.execute('ALTER TABLE "%s" ALTER COLUMN "%s" SET NOT NULL' % (table, field.name))


def sync_m2m(cr, field, table1, table2):
    rel, c1, c2 = field.relation, field.column1, field.column2
    if table_exists(cr, rel):
        return
    deferrable = " DEFERRABLE INITIALLY IMMEDIATE" if cr.dialect.name == "postgresql" else ""
    cr.execute('CREATE TABLE "%s" ("%s" INTEGER NOT NULL REFERENCES "%s"(id) ON DELETE CASCADE%s, '
               '"%s" INTEGER NOT NULL REFERENCES "%s"(id) ON DELETE CASCADE%s, PRIMARY KEY ("%s", "%s"))'
               % (rel, c1, table1, deferrable, c2, table2, deferrable, c1, c2))
    cr.execute('CREATE INDEX IF NOT EXISTS "%s" ON "%s" ("%s")' % ((rel + "_" + c2 + "_idx")[:63], rel, c2))


_UNIQUE_RE = re.compile(r"^\s*unique\s*\((.*)\)\s*$", re.I | re.S)
_CHECK_RE = re.compile(r"^\s*check\s*\((.*)\)\s*$", re.I | re.S)


def parse_unique(definition):
    m = _UNIQUE_RE.match(definition)
    if not m:
        return None
    return [c.strip().strip('"') for c in m.group(1).split(",")]


def sync_constraint(cr, model, cname, definition):
    """Add one ``_sql_constraints`` entry if missing; log (not fail) when data violates it."""
    table = model._table
    name = ("%s_%s" % (table, cname))[:63]
    if index_exists(cr, name) or index_exists(cr, name + "_ins"):
        return
    try:
        with cr.savepoint():
            unique = parse_unique(definition)
            check = _CHECK_RE.match(definition)
            if cr.dialect.name == "postgresql":
                cr.execute('ALTER TABLE "%s" ADD CONSTRAINT "%s" %s' % (table, name, definition))
            elif unique:
                cr.execute('CREATE UNIQUE INDEX "%s" ON "%s" (%s)' % (name, table, ", ".join('"%s"' % c for c in unique)))
            elif check:
                _sqlite_check_triggers(cr, model, name, check.group(1))
            else:
                _logger.warning("Constraint %s of %s is not supported on SQLite: %s", cname, model._name, definition)
    except Exception as exc:  # existing rows may violate a new constraint; Flectra logs and goes on
        _logger.warning("Table %r: unable to add constraint %r as %s: %s", table, name, definition, exc)


def _sqlite_check_triggers(cr, model, name, expr):
    """SQLite cannot add CHECK constraints to a table: enforce them with triggers."""
    columns = ['NEW."%s" AS "%s"' % (c, c) for c in table_columns(cr, model._table)]
    for event, suffix in (("INSERT", "_ins"), ("UPDATE", "_upd")):
        cr.execute('CREATE TRIGGER "%s%s" BEFORE %s ON "%s" BEGIN '
                   "SELECT RAISE(ABORT, 'CHECK constraint failed: %s') FROM (SELECT %s) WHERE NOT (%s); END"
                   % (name, suffix, event, model._table, name, ", ".join(columns), expr))
    # the trigger names the columns of today: recreate when columns are added later
    cr.execute('CREATE TABLE IF NOT EXISTS "_fazhi_check" (name VARCHAR PRIMARY KEY, tbl VARCHAR, expr TEXT)')
    cr.execute('INSERT OR REPLACE INTO "_fazhi_check" (name, tbl, expr) VALUES (%s, %s, %s)', [name, model._table, expr])


def refresh_sqlite_checks(cr, model):
    """Rebuild the CHECK triggers of a table whose columns changed."""
    if cr.dialect.name != "sqlite" or not table_exists(cr, "_fazhi_check"):
        return
    cr.execute('SELECT name, expr FROM "_fazhi_check" WHERE tbl = %s', [model._table])
    for name, expr in cr.fetchall():
        cr.execute('DROP TRIGGER IF EXISTS "%s_ins"' % name)
        cr.execute('DROP TRIGGER IF EXISTS "%s_upd"' % name)
        _sqlite_check_triggers(cr, model, name, expr)
