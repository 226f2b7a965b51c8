"""Create, read, write, unlink, copy and data loading for recordsets (mixed into BaseModel)."""
import logging

from ..exceptions import MissingError, ValidationError
from ..sql.cursor import IntegrityError
from . import api
from .model_read import ReadMixin
from .model_x2many import X2manyMixin

_logger = logging.getLogger(__name__)


try:
    import psycopg2 as _psycopg2

    class RequiredError(ValidationError, _psycopg2.IntegrityError):
        """A required value is missing: a clear ValidationError that is also the IntegrityError
        (NOT NULL violation) Flectra's tests expect."""
except ImportError:  # pragma: no cover - psycopg2 is a dependency
    class RequiredError(ValidationError):
        pass


def _is_integrity(exc):
    try:
        import psycopg2
        return isinstance(exc, psycopg2.IntegrityError)
    except ImportError:  # pragma: no cover
        return isinstance(exc, IntegrityError)


class CrudMixin(X2manyMixin, ReadMixin):

    # --- defaults ---------------------------------------------------------------------------
    @api.model
    def default_get(self, fields_list):
        """Defaults for ``fields_list``: context ``default_<f>``, then ir.default, then the field's."""
        defaults = {}
        context = self.env.context
        for name in fields_list:
            field = self._fields.get(name)
            if field is None:
                continue
            key = "default_" + name
            if key in context:
                defaults[name] = context[key]
                continue
            if field.default is not None:
                value = field.default(self)
                if field.relational and hasattr(value, "_ids"):
                    value = value.id if field.type == "many2one" else [(6, 0, value.ids)]
                defaults[name] = value
                continue
            if field.inherited:
                parent_model = self.env[field.inherited_model]
                pdef = parent_model.default_get([name])
                if name in pdef:
                    defaults[name] = pdef[name]
        if "ir.default" in self.env and fields_list:
            for name, value in self.env["ir.default"].sudo()._get_model_defaults(self._name).items():
                if name in fields_list and "default_" + name not in context:
                    defaults[name] = value
        return defaults

    def _add_missing_default_values(self, values):
        """``values`` completed with the defaults of every field it does not set."""
        given_parents = {model for model, fname in self._inherits.items() if values.get(fname)}
        missing = [name for name, field in self._fields.items()
                   if name not in values and name not in self._magic_fields() and name != "id"
                   and (field.inherited or not (field.compute or field.related))
                   and not (field.inherited and field.inherited_model in given_parents)]
        result = dict(values)
        for name, value in (self.default_get(missing) if missing else {}).items():
            field = self._fields[name]
            if field.type in ("one2many", "many2many") and isinstance(value, list) and value \
                    and all(isinstance(v, int) for v in value):
                value = [(6, 0, value)]
            result[name] = value
        return result

    @classmethod
    def _magic_fields(cls):
        return ("create_uid", "create_date", "write_uid", "write_date", "display_name", "__last_update")

    # --- create -----------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        """Create records from a list of value dicts (a single dict is accepted too)."""
        if not vals_list:
            return self.browse()
        self = self.browse()
        self.check_access_rights("create")
        for vals in vals_list:
            self._check_vals(vals, "create")
        data = [self._add_missing_default_values(vals) for vals in vals_list]
        records = self._create(data)
        records.check_access_rule("create")
        return records

    def _check_vals(self, vals, op):
        if not isinstance(vals, dict):
            raise ValueError("%s.%s() expects a dict of values, got %r" % (self._name, op, vals))
        for name in vals:
            if name not in self._fields:
                raise ValueError(self.env._("Invalid field %(field)r on model %(model)r", field=name, model=self._name))
        if not self.env.su:
            self._check_field_access(list(vals), "write")

    def _create(self, data_list):
        """Insert the rows; no access checks. ``data_list`` already holds the defaults."""
        from ..tools import clock
        now = clock.now().replace(microsecond=0)
        post = []   # (record id, {name: value}) for x2many / inverse / attachment fields
        rows = [dict(vals) for vals in data_list]
        for parent_model, parent_field in self._inherits.items():
            new_parents = []   # (vals, parent values): the parents of a batch are created together
            for vals in rows:
                parent_vals = {name: vals.pop(name) for name in list(vals)
                               if name in self._fields and self._fields[name].inherited
                               and self._fields[name].inherited_model == parent_model}
                if not vals.get(parent_field):
                    new_parents.append((vals, parent_vals))
                elif parent_vals:
                    self.env[parent_model].browse(vals[parent_field]).write(parent_vals)
            if new_parents:
                parents = self.env[parent_model].create([parent_vals for _vals, parent_vals in new_parents])
                for (vals, _parent_vals), parent_id in zip(new_parents, parents.ids):
                    vals[parent_field] = parent_id
        prepared = []   # (columns, later) per row, in the order of data_list
        selections = {}  # selection field -> its keys, once per call (a method selection may query)
        for vals in rows:
            columns, later = {}, {}
            for name, value in vals.items():
                field = self._fields[name]
                if name in ("id",) or (name in self._magic_fields() and name != "display_name"):
                    if name in ("create_uid", "create_date", "write_uid", "write_date") and value:
                        columns[name] = field.convert_to_column(field.convert_to_cache(value, self))
                    continue
                if field.column and not (field.compute and not field.store):
                    if field.type == "selection" and field.selection is not None and value is not None \
                            and value is not False:
                        keys = selections.get(field)
                        if keys is None:
                            keys = selections[field] = field.get_values(self.env)
                        if value not in keys:
                            raise ValueError(field._wrong_value(self, value))
                        cache_value = field.convert_to_cache(value, self, validate=False)
                    else:
                        cache_value = field.convert_to_cache(value, self)
                    columns[name] = field.convert_to_column(cache_value, self)
                elif field.type in ("one2many", "many2many") or field.inverse or \
                        (field.related and not field.store) or (field.type == "binary" and field.store):
                    later[name] = value
            self._check_required(columns, vals)
            if self._log_access:
                columns.setdefault("create_uid", self.env.uid)
                columns.setdefault("create_date", now.strftime("%Y-%m-%d %H:%M:%S"))
                columns["write_uid"] = columns["create_uid"]
                columns["write_date"] = columns["create_date"]
            prepared.append((columns, later))
        ids = self._insert_rows([columns for columns, _later in prepared])
        x2many_stored = [field for field in self._fields.values()
                         if field.type in ("one2many", "many2many") and field.store]
        parsed = {}   # (field, text) -> datetime: the rows share their create/write dates
        for rid, (columns, later) in zip(ids, prepared):
            for name, value in columns.items():
                field = self._fields[name]
                if field.type == "datetime" and isinstance(value, str):
                    cache_value = parsed.get((field, value))
                    if cache_value is None:
                        cache_value = parsed[field, value] = field.convert_from_column(value)
                else:
                    cache_value = field.convert_from_column(value)
                self.env.cache.set(field, rid, cache_value)
            for field in x2many_stored:
                self.env.cache.set(field, rid, ())
            if later:
                post.append((rid, later))
        records = self.browse(ids)
        self.env.cache.clear_volatile()
        self._invalidate_inverse_o2m(set().union(*[set(v) for v in data_list]) if data_list else set())
        with records._deferring_create_compute():
            post = records._create_new_lines(post)
            for rid, later in post:
                record = records.browse(rid)
                record._write_special(later)
        # compute stored fields of the new records, then what depends on them
        records._compute_stored_on_create()
        written = set()
        for vals in data_list:
            written.update(vals)
        records._trigger_dependents(written, before=None, created=True)
        records._validate_fields(written | set(records._stored_computed_names()), created=True)
        return records

    def _create_new_lines(self, post):
        """Create the one2many lines that new records get through (0, 0, vals) commands only, for
        all the records together (one ``create`` per field instead of one per line); returns
        ``post`` without those values, the rest is written record by record as before."""
        from .relational import normalize_commands
        lines = {}   # field name -> [line values with the inverse set], in record then command order
        rest = []
        for rid, later in post:
            remaining = {}
            for name, value in later.items():
                field = self._fields[name]
                commands = normalize_commands(field, value) if field.type == "one2many" and field.store \
                    and not field.compute and value else None
                if commands and all(cmd[0] == 0 for cmd in commands):
                    lines.setdefault(name, []).extend(
                        dict(cmd[2] or {}, **{field.inverse_name: rid}) for cmd in commands)
                else:
                    remaining[name] = value
            if remaining:
                rest.append((rid, remaining))
        for name, vals_list in lines.items():
            field = self._fields[name]
            self.env[field.comodel_name].create(vals_list)
            self.env.cache.invalidate(field, self._ids)
        return rest

    # rows per multi-row INSERT, and bound parameters per statement: below SQLite's default
    # SQLITE_MAX_VARIABLE_NUMBER (32766 since 3.32) and PostgreSQL's 65535
    _INSERT_BATCH_ROWS = 500
    _INSERT_BATCH_PARAMS = 30000

    def _insert_rows(self, rows):
        """INSERT ``rows`` (dicts of column values); returns their new ids in the order of ``rows``.

        Rows that set the same columns go in one ``INSERT ... VALUES (...), (...) RETURNING id``
        (per chunk), so a batch of creates costs one statement instead of one per row. A violated
        constraint aborts the whole statement: no row of it is inserted.
        """
        cr = self.env.cr
        ids = [None] * len(rows)
        groups = {}   # column names -> indexes of the rows that set exactly these columns
        for index, columns in enumerate(rows):
            groups.setdefault(tuple(sorted(columns)), []).append(index)
        table = self._table
        sort_ids = cr.dialect.name == "sqlite"
        for names, indexes in groups.items():
            if not names:
                # nothing to set: DEFAULT VALUES takes a single row
                for index in indexes:
                    self._execute_insert('INSERT INTO "%s" DEFAULT VALUES RETURNING id' % table, [])
                    ids[index] = cr.fetchone()[0]
                continue
            head = 'INSERT INTO "%s" (%s) VALUES ' % (table, ", ".join('"%s"' % n for n in names))
            placeholder = "(%s)" % ", ".join(["%s"] * len(names))
            size = max(1, min(self._INSERT_BATCH_ROWS, self._INSERT_BATCH_PARAMS // len(names)))
            for start in range(0, len(indexes), size):
                chunk = indexes[start:start + size]
                params = [rows[index][name] for index in chunk for name in names]
                self._execute_insert(head + ", ".join([placeholder] * len(chunk)) + " RETURNING id", params)
                new_ids = [row[0] for row in cr.fetchall()]
                if sort_ids:
                    # SQLite returns RETURNING rows in no guaranteed order, but one statement
                    # inserts its VALUES rows in order and gives each new row max(rowid) + 1 (the
                    # id columns are INTEGER PRIMARY KEY), so the ids grow in VALUES order.
                    # PostgreSQL returns the rows of a VALUES list in that list's order.
                    new_ids.sort()
                if len(new_ids) != len(chunk):  # pragma: no cover - a driver or schema fault
                    raise RuntimeError("INSERT into %s returned %d ids for %d rows"
                                       % (table, len(new_ids), len(chunk)))
                for index, rid in zip(chunk, new_ids):
                    ids[index] = rid
        return ids

    def _execute_insert(self, sql, params):
        try:
            self.env.cr.execute(sql, params)
        except Exception as exc:
            if _is_integrity(exc):
                self._raise_integrity(exc)
            raise

    def _check_required(self, columns, vals):
        for name, field in self._fields.items():
            if field.required and field.column and not field.compute and name not in ("id",) \
                    and name not in self._magic_fields():
                value = columns.get(name)
                if value is None:
                    raise RequiredError(self.env._(
                        'Missing required value for field "%(field)s" (%(name)s) of model %(model)s.',
                        field=self.env._(field.string), name=name, model=self._name))

    def _raise_integrity(self, exc):
        """Reword a constraint violation with the model's own message, keeping the driver type."""
        message = str(exc)
        for cname, _definition, cmessage in self._sql_constraints:
            full = "%s_%s" % (self._table, cname)
            if full in message or self._sqlite_unique_matches(cname, message):
                if isinstance(exc, IntegrityError):
                    text = self.env._(cmessage) if cmessage else full
                    raise IntegrityError(text, constraint=full) from exc
                break
        raise exc

    def _sqlite_unique_matches(self, cname, message):
        columns = self.pool.unique_columns.get((self._table, cname))
        if not columns or "UNIQUE constraint failed" not in message:
            return False
        failed = message.split(":", 1)[1].strip()
        return failed == ", ".join("%s.%s" % (self._table, c) for c in columns)

    # --- write ------------------------------------------------------------------------------
    def write(self, vals):
        """Write ``vals`` on every record of the set; returns True."""
        if not self:
            return True
        self._check_vals(vals, "write")
        self.check_access_rights("write")
        self.check_access_rule("write")
        self._write(vals)
        return True

    def _write(self, vals):
        """Apply ``vals``; no access checks."""
        if not self or not vals:
            return True
        cr = self.env.cr
        from ..tools import clock
        vals = dict(vals)
        # delegated fields go to the parent records
        for parent_model, parent_field in self._inherits.items():
            parent_vals = {name: vals.pop(name) for name in list(vals)
                           if self._fields[name].inherited and self._fields[name].inherited_model == parent_model}
            if parent_vals:
                parents = self.mapped(parent_field)
                parents.check_access_rule("write") if not self.env.su else None
                parents._write(parent_vals)
        columns, later = {}, {}
        for name, value in vals.items():
            field = self._fields[name]
            if name in self._magic_fields() and name not in ("write_date", "write_uid"):
                continue
            if field.column and not (field.compute and not field.store and not field.inverse):
                if field.compute and field.inverse:
                    later[name] = value
                    if not field.store:
                        continue
                cache_value = field.convert_to_cache(value, self)
                if field.required and cache_value is None and not field.compute:
                    raise RequiredError(self.env._(
                        'Missing required value for field "%(field)s" (%(name)s) of model %(model)s.',
                        field=self.env._(field.string), name=name, model=self._name))
                columns[name] = (field, cache_value)
            elif field.type in ("one2many", "many2many") or field.inverse or \
                    (field.related and not field.store) or (field.type == "binary" and field.store):
                later[name] = value
        written = set(vals)
        before = self._trigger_dependents(written, before=True)
        if columns or self._log_access:
            sets, params = [], []
            for name, (field, cache_value) in columns.items():
                sets.append('"%s" = %%s' % name)
                params.append(field.convert_to_column(cache_value, self))
            if self._log_access:
                if "write_uid" not in columns:
                    sets.append('"write_uid" = %s')
                    params.append(self.env.uid)
                if "write_date" not in columns:
                    sets.append('"write_date" = %s')
                    params.append(clock.now().strftime("%Y-%m-%d %H:%M:%S"))
            for i in range(0, len(self._ids), 900):
                chunk = list(self._ids[i:i + 900])
                sql = 'UPDATE "%s" SET %s WHERE id IN (%s)' % (self._table, ", ".join(sets), ", ".join(["%s"] * len(chunk)))
                try:
                    cr.execute(sql, params + chunk)
                except Exception as exc:
                    if _is_integrity(exc):
                        self._raise_integrity(exc)
                    raise
                if cr.rowcount != len(set(chunk)):
                    missing = self.browse(chunk) - self.browse(chunk).exists()
                    raise MissingError(self.env._(
                        "Record does not exist or has been deleted.\n(Record: %(record)s, User: %(uid)s)",
                        record=missing, uid=self.env.uid))
            cache = self.env.cache
            for name, (field, cache_value) in columns.items():
                for rid in self._ids:
                    cache.set(field, rid, cache_value)
            if self._log_access:
                cache.invalidate(self._fields["write_date"], self._ids)
                cache.invalidate(self._fields["write_uid"], self._ids)
        self.env.cache.clear_volatile()
        self._invalidate_inverse_o2m(columns)
        if later:
            self._write_special(later)
        self._trigger_dependents(written, before=before)
        self._validate_fields(written)
        return True

    def _invalidate_inverse_o2m(self, fnames):
        """A many2one changed: the one2many values built on it are stale."""
        for fname in fnames:
            for o2m in self.pool.inverse_o2m.get((self._name, fname), ()):
                self.env.cache.invalidate(o2m)

    # --- unlink -----------------------------------------------------------------------------
    def unlink(self):
        """Delete the records; many2ones pointing at them apply their ``ondelete``."""
        if not self:
            return True
        self.check_access_rights("unlink")
        self.check_access_rule("unlink")
        for func in self._ondelete_methods():
            func(self)
        records = self.exists()
        if not records:
            return True
        before = records._trigger_dependents(set(self._fields), before=True, deleting=True)
        cr = self.env.cr
        ids = list(records._ids)
        if "ir.model.data" in self.env and self._name != "ir.model.data":
            cr.execute('DELETE FROM "ir_model_data" WHERE model = %%s AND res_id IN (%s)' % ", ".join(["%s"] * len(ids)),
                       [self._name] + ids)
            if cr.rowcount:   # xml-id lookups are cached under the database's cache token
                self.env["ir.model.data"]._bump_xmlid_cache()
        if "ir.attachment" in self.env and self._name != "ir.attachment":
            atts = self.env["ir.attachment"].sudo().search([("res_model", "=", self._name), ("res_id", "in", ids)])
            if atts:
                atts.unlink()
        try:
            with cr.savepoint():
                for i in range(0, len(ids), 900):
                    chunk = ids[i:i + 900]
                    cr.execute('DELETE FROM "%s" WHERE id IN (%s)' % (self._table, ", ".join(["%s"] * len(chunk))), chunk)
        except Exception as exc:
            if _is_integrity(exc):
                raise ValidationError(self.env._(
                    "The operation cannot be completed: another record still refers to the %(model)s "
                    "record you are deleting (%(description)s). Remove that link first.",
                    model=self._name, description=self.env._(self._description))) from exc
            raise
        # cascades and set-nulls happened in the database: forget every cached value
        self.env.transaction.invalidate()
        if before:
            self._recompute_affected(before)
        return True

    def _ondelete_methods(self):
        cls = type(self)
        methods = []
        for name in dir(cls):
            if name.startswith("__"):
                continue
            func = getattr(cls, name, None)
            if callable(func) and hasattr(func, "_ondelete"):
                methods.append(func)
        return methods
