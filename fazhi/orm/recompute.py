"""Computed fields: non-stored ones on access, stored ones as soon as a dependency changes.

Writes go to the database at once, so a stored computed field is recomputed right after the
write (or create, or unlink) that changes one of its dependencies. The registry turns every
``@api.depends`` path into triggers ``(model, field) -> (target field, path prefix)``; the
records to recompute are found by searching the target model on that prefix.
"""
import logging
from collections import defaultdict
from contextlib import contextmanager

from ..exceptions import MissingError

_logger = logging.getLogger(__name__)
MAX_DEPTH = 64
#: column types updated in batches, with the PostgreSQL cast of their VALUES column
_BATCH_CASTS = {"varchar": "varchar", "text": "text", "int4": "int4", "bool": "bool", "date": "date",
                "timestamp": "timestamp", "float8": "float8", "numeric": "numeric"}


class RecomputeMixin:

    @classmethod
    def _stored_computed_names(cls):
        return [name for name, f in cls._fields.items() if f.store and (f.compute or f.related) and not f.inherited]

    # --- computing ---
    def _run_compute(self, fields_to_compute):
        """Call the compute method (or follow the related path) with assignments kept in cache."""
        field = fields_to_compute[0]
        protected = self.env.transaction.protected
        for f in fields_to_compute:
            protected.setdefault(f, set()).update(self._ids)
        try:
            records = self.sudo() if field.compute_sudo else self
            if field.related:
                records._compute_related(field)
            else:
                method = getattr(records, field.compute)
                method()
        finally:
            for f in fields_to_compute:
                protected[f].difference_update(self._ids)

    def _compute_related(self, field):
        for record in self:
            value = record
            for name in field.related[:-1]:
                value = value[name]
                if len(value) > 1:
                    value = value[:1]
            target_name = field.related[-1]
            result = value[target_name] if value else value._fields[target_name].convert_to_record(
                value._fields[target_name].null(value), value)
            self.env.cache.set(field, record.id, field.convert_to_cache(result, record, validate=False))

    def _compute_volatile(self, field):
        """Compute a non-stored field for this record and its prefetch siblings."""
        cache = self.env.cache
        fc = cache.field_cache(field)
        ids = [self._ids[0]] + [rid for rid in self._prefetch_ids if rid not in fc and rid != self._ids[0]][:999]
        records = self._browse(self.env, tuple(dict.fromkeys(ids)), tuple(dict.fromkeys(ids)))
        if len(records) > 1:
            existing = records.exists()
            if self._ids[0] not in existing._ids:
                records = self.browse(self._ids[0])
            else:
                records = self._browse(self.env, existing._ids, existing._ids)
        group = self.pool.compute_group(field)
        records._run_compute(group)
        for f in group:
            fc = cache.field_cache(f)
            for rid in records._ids:
                if rid not in fc:
                    if not records.browse(rid).exists():
                        raise MissingError("Record does not exist or has been deleted.\n(Record: %s(%s,))" % (self._name, rid))
                    raise ValueError("Compute method failed to assign %s(%s,).%s" % (self._name, rid, f.name))

    def _recompute_now(self, field, records, created=False):
        """Recompute a stored field group on ``records`` and write the results.

        ``created``: the records were just inserted without these columns (NULL in the database),
        so they surely exist and a value stored as NULL is not written again.
        """
        if not created:
            records = records.exists()
        if not records:
            return
        group = [f for f in self.pool.compute_group(field) if f.store]
        cache = self.env.cache
        before = {}
        for f in group:
            fc = cache.field_cache(f)
            before[f] = {rid: fc[rid] for rid in records._ids if rid in fc}
            cache.invalidate(f, records._ids)
        records._run_compute(group)
        values = {}
        for f in group:
            fc = cache.field_cache(f)
            for rid in records._ids:
                if rid not in fc:
                    raise ValueError("Compute method failed to assign %s(%s,).%s" % (records._name, rid, f.name))
            # a value equal to the one cached (= stored) is neither written nor propagated
            known = before[f]
            values[f] = {rid: fc[rid] for rid in records._ids if rid not in known or known[rid] != fc[rid]}
            if created and f.column:
                values[f] = {rid: value for rid, value in values[f].items()
                             if rid in known or f.convert_to_column(value, records) is not None}
        records._write_computed(values)

    def _write_computed(self, values):
        """Persist computed values, then propagate to what depends on them."""
        depth = getattr(self.env.transaction, "_recompute_depth", 0)
        if depth > MAX_DEPTH:
            raise RecursionError("Computed fields of %s depend on each other in a loop" % self._name)
        changed = set()
        columns = defaultdict(list)   # one UPDATE per record for the whole compute group
        for field, by_id in values.items():
            if field.type in ("one2many", "many2many") or not field.column:
                continue
            for rid, value in by_id.items():
                columns[rid].append((field.name, field.convert_to_column(value, self)))
            if by_id:
                changed.add(field.name)
        self._update_rows(columns)
        self.env.cache.clear_volatile()
        if changed:
            self.env.transaction._recompute_depth = depth + 1
            try:
                self._trigger_dependents(changed, before=None)
                self._validate_fields(changed)
            finally:
                self.env.transaction._recompute_depth = depth

    @contextmanager
    def _deferring_create_compute(self):
        """While the new records' x2many values are written: their stored computed fields are
        computed once afterwards (``_compute_stored_on_create``), not on every trigger before."""
        pending = self.env.transaction.__dict__.setdefault("_compute_on_create", {})
        ids = pending.setdefault(self._name, set())
        ids.update(self._ids)
        try:
            yield
        finally:
            ids.difference_update(self._ids)

    def _update_rows(self, columns):
        """UPDATE each row ``id -> [(column, value)]``: the rows that set the same columns together,
        in one statement per 500 rows (``UPDATE … FROM (VALUES …)``), the others one by one."""
        cr = self.env.cr
        by_names = defaultdict(list)
        for rid, pairs in columns.items():
            by_names[tuple(name for name, _v in pairs)].append((rid, [value for _n, value in pairs]))
        for names, rows in by_names.items():
            casts = [_BATCH_CASTS.get(self._fields[name].column_type) for name in names]
            if len(rows) == 1 or None in casts:
                for rid, row_values in rows:
                    cr.execute('UPDATE "%s" SET %s WHERE id = %%s' % (
                        self._table, ", ".join('"%s" = %%s' % name for name in names)), row_values + [rid])
                continue
            postgres = cr.dialect.name == "postgresql"
            # SQLite names the VALUES columns column1, column2…; PostgreSQL types them as text unless cast
            sources = ["v.column%d" % (i + 2) if not postgres else 'v."c%d"::%s' % (i, cast)
                       for i, cast in enumerate(casts)]
            alias = "v" if not postgres else "v(id, %s)" % ", ".join('"c%d"' % i for i in range(len(names)))
            key = "v.column1" if not postgres else "v.id"
            placeholders = "(%s)" % ", ".join(["%s"] * (len(names) + 1))
            for start in range(0, len(rows), 500):
                chunk = rows[start:start + 500]
                cr.execute('UPDATE "%s" SET %s FROM (VALUES %s) AS %s WHERE "%s".id = %s' % (
                    self._table, ", ".join('"%s" = %s' % (name, source) for name, source in zip(names, sources)),
                    ", ".join([placeholders] * len(chunk)), alias, self._table, key),
                    [value for rid, row_values in chunk for value in [rid] + row_values])

    def _compute_stored_on_create(self):
        done = set()
        for name in self._stored_computed_names():
            field = self._fields[name]
            if field in done:
                continue
            group = [f for f in self.pool.compute_group(field) if f.store]
            done.update(group)
            self._recompute_now(field, self, created=True)

    # --- triggers ---
    def _collect_affected(self, fnames, relational_only):
        affected = defaultdict(set)
        triggers = self.pool.triggers
        ids = list(self._ids)
        if not ids:
            return affected
        found = {}   # (model, path) -> ids: the fields of one compute group share their searches
        for fname in fnames:
            for target, prefix, is_leaf in triggers.get((self._name, fname), ()):
                if relational_only and is_leaf:
                    continue
                if not prefix:
                    affected[target].update(ids)
                    continue
                key = (target.model_name, ".".join(prefix))
                if key not in found:
                    Target = self.env[target.model_name].sudo().with_context(active_test=False)
                    # order by id: the model's _order may join other tables, and the order is irrelevant here
                    found[key] = Target.search([(key[1], "in", ids)], order="id")._ids
                affected[target].update(found[key])
        return affected

    def _trigger_dependents(self, fnames, before, deleting=False, created=False):
        """Before a change (``before=True``): who depends on it now. After: recompute everyone.

        ``created``: these records were just created and their stored computed fields computed
        (``_compute_stored_on_create``): the fields of these same records are not computed again.
        """
        if before is True:
            return self._collect_affected(fnames, relational_only=not deleting)
        affected = self._collect_affected(fnames, relational_only=False)
        for field, ids in (before or {}).items():
            affected[field].update(ids)
        if created:
            for target, ids in affected.items():
                if target.model_name == self._name:
                    ids.difference_update(self._ids)
        self._recompute_affected(affected)
        return None

    def _recompute_affected(self, affected):
        pending = self.env.transaction.__dict__.get("_compute_on_create")
        for field, ids in list(affected.items()):
            if pending and pending.get(field.model_name):
                # records being created: computed once their x2many values are all written
                ids = set(ids) - pending[field.model_name]
            if not ids:
                continue
            records = self.env[field.model_name].sudo().browse(sorted(ids))
            records._recompute_now(field, records)

    # --- constraints ---
    def _validate_fields(self, fnames, created=False):
        """Run the ``@api.constrains`` methods concerned by ``fnames`` (on ``created`` records,
        just inserted, without checking that they exist)."""
        if not self:
            return
        fnames = set(fnames)
        records = self if created else None
        for method, names in self.pool.constraint_methods.get(self._name, ()):
            if fnames & names:
                if records is None:   # one existence check for all the methods
                    records = self.exists()
                if records:
                    method(records)
