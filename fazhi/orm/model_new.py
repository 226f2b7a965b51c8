"""In-memory records (``new``/``update``, forms and onchange) and cache-control methods."""


class NewId:
    """The id of a record not in the database: falsy, unique, maybe linked to an origin."""

    __slots__ = ("origin", "ref")

    def __init__(self, origin=None, ref=None):
        self.origin = origin
        self.ref = ref

    def __bool__(self):
        return False

    def __repr__(self):
        if self.origin:
            return "<NewId origin=%r>" % self.origin
        return "<NewId 0x%x>" % id(self)

    def __str__(self):
        return "NewId_%s" % (self.origin or self.ref or "0x%x" % id(self))


class NewRecordMixin:

    # --- in-memory records (forms, onchange) ---
    def new(self, values=None, origin=None, ref=None):
        """A record that lives only in the cache (id is a falsy NewId); nothing is written."""
        record = self._browse(self.env, (NewId(origin.id if origin else None, ref),), ())
        record._prefetch_ids = record._ids
        record._update_cache(dict(values or {}))
        return record

    def update(self, values):
        """Assign ``values`` in the cache only (new records) or write them (stored records)."""
        real = self.browse([rid for rid in self._ids if isinstance(rid, int)])
        if real:
            real.write(values)
        virtual = self._browse(self.env, tuple(rid for rid in self._ids if not isinstance(rid, int)), ())
        if virtual:
            virtual._update_cache(values)

    def _update_cache(self, values):
        from .relational import normalize_commands
        cache = self.env.cache
        for name, value in values.items():
            field = self._fields.get(name)
            if field is None:
                raise ValueError(self.env._("Invalid field %(field)r on model %(model)r", field=name, model=self._name))
            for record in self:
                if field.type in ("one2many", "many2many"):
                    ids = list(cache.get(field, record._ids[0], ()) or ())
                    comodel = self.env[field.comodel_name]
                    for cmd in normalize_commands(field, value):
                        if cmd[0] == 0:
                            vals = dict(cmd[2] or {})
                            if field.type == "one2many":
                                vals[field.inverse_name] = record
                            ids.append(comodel.new(vals)._ids[0])
                        elif cmd[0] == 1:
                            comodel.browse(cmd[1]).update(cmd[2])
                        elif cmd[0] in (2, 3):
                            ids = [i for i in ids if i != cmd[1]]
                        elif cmd[0] == 4 and cmd[1] not in ids:
                            ids.append(cmd[1])
                        elif cmd[0] == 5:
                            ids = []
                        elif cmd[0] == 6:
                            ids = list(cmd[2])
                    cache.set(field, record._ids[0], tuple(ids))
                else:
                    cache.set(field, record._ids[0], field.convert_to_cache(value, record))
        # computed values of these records follow the new values
        # (fields delegated to an _inherits parent are values of this record, not computations)
        # (nor are fields being computed right now: one compute method assigning two fields)
        protected = self.env.transaction.protected
        for field in self._fields.values():
            if (field.compute or field.related) and not field.inherited and field.name not in values \
                    and not protected.get(field, set()).issuperset(self._ids):
                cache.invalidate(field, self._ids)

    def _get_new_value(self, field):
        """Value of a field on a NewId record: computed in memory, else empty."""
        cache = self.env.cache
        rid = self._ids[0]
        delegated = field.inherited and not self._get_cache_value(self._fields[self._inherits[field.inherited_model]])
        if (field.compute or field.related) and not delegated:
            group = self.pool.compute_group(field)
            self._run_compute(group)
            if cache.contains(field, rid):
                return cache.get(field, rid)
        origin = rid.origin
        if origin and not field.compute:
            value = self.browse(origin)._get_cache_value(field)
        else:
            value = field.null(self)
        cache.set(field, rid, value)
        return value

    # --- cache control (both Flectra spellings; writes are never pending here) ---
    def flush(self, fnames=None, records=None):
        """Writes reach the database at once in fazhi: nothing to flush."""

    def flush_model(self, fnames=None):
        """See ``flush``."""

    def flush_recordset(self, fnames=None):
        """See ``flush``."""

    def invalidate_cache(self, fnames=None, ids=None):
        """Forget cached values (of ``fnames`` / ``ids``) so they are read again."""
        fields_ = [self._fields[n] for n in fnames] if fnames else list(self._fields.values())
        for field in fields_:
            self.env.cache.invalidate(field, ids)

    def invalidate_model(self, fnames=None, flush=True):
        self.invalidate_cache(fnames)

    def invalidate_recordset(self, fnames=None, flush=True):
        self.invalidate_cache(fnames, self._ids)

    def modified(self, fnames, create=False, before=False):
        """Recompute what depends on ``fnames`` of these records (after raw SQL changes)."""
        if not before:
            self._trigger_dependents(set(fnames), before=None)
