"""Reading records (read, prefetching into the cache), copying, archiving and data loading."""
import logging
import re
from collections import defaultdict

from ..exceptions import UserError
from . import api
from .fields import Date, Datetime, Field, _String
from .security_mixin import SecurityMixin

_logger = logging.getLogger(__name__)


def reader_filtered(field):
    """Whether a non-superuser reads ``field`` (an x2many) through the comodel's read rules: the
    stored relations and the ones delegated to an ``_inherits`` parent. A computed or related
    x2many holds what its method or path gives, as in Flectra."""
    return field.inherited or (field.store and not field.compute and not field.related)


def _default_display_name(cls):
    """Whether ``cls`` computes its display name as the base model does (its name field's value)."""
    return all(getattr(getattr(cls, name, None), "__qualname__", "") == "BaseModel." + name
               for name in ("_compute_display_name", "_default_display_name"))


class ReadMixin:

    # --- read -------------------------------------------------------------------------------
    def read(self, fields=None, load="_classic_read"):
        """List of dicts, one per existing record; many2one as (id, name) unless load is falsy."""
        self.check_access_rights("read")
        return self._existing_readable()._read_found(fields, load)

    def _existing_readable(self):
        """These records without the deleted ones; AccessError if a read rule hides one of them."""
        ids = self._ids
        # the shortcut knows only record rules: a model checking more (chatter: its documents) goes
        # through its own check_access_rule
        plain = type(self).check_access_rule is SecurityMixin.check_access_rule
        if plain and not self.env.su and ids and all(isinstance(rid, int) for rid in ids) and len(set(ids)) == len(ids):
            domain = self.env["ir.rule"]._compute_domain(self._name, "read")
            if domain:
                # the rules' search also proves that they exist: one query for both checks
                valid = self.sudo().with_context(active_test=False).search(
                    [("id", "in", list(ids))] + list(domain), order="id")
                if len(valid._ids) == len(ids):
                    return self
        records = self.exists()
        records._check_read_rules()
        return records

    def _read_found(self, fields=None, load="_classic_read"):
        """``read`` of records that exist and pass the read rules (e.g. just found by ``search``)."""
        self.check_access_rights("read")
        fnames = self._readable_fields(fields)
        records = self
        records._read_prefetch(fnames)
        use_name = load == "_classic_read"
        fields = [(name, self._fields[name]) for name in fnames if name != "id"]
        names = {name: records._many2one_names(field) for name, field in fields
                 if use_name and field.type == "many2one"}
        known = {name: name_of.pairs for name, name_of in names.items()}   # (id, name) per target
        cache = self.env.cache.data
        # plain values straight from the cache: a record object is made for a row only when a
        # value must be computed or converted (W4 reads 39,000 rows)
        plain = {Field.convert_to_read, Date.convert_to_read, Datetime.convert_to_read, _String.convert_to_read}
        # ``direct``: the value is taken from the shared cache as it is; not so an x2many that this
        # user reads through the comodel's rules (the shared one is the superuser's)
        su = self.env.su
        rules = self.env["ir.rule"]._compute_domain
        specs = [(name, field, names.get(name), known.get(name),
                  type(field).convert_to_read in plain and not field.depends_context and field.translate is not True,
                  not field.depends_context and (su or field.type not in ("one2many", "many2many")
                                                 or not reader_filtered(field)
                                                 or not rules(field.comodel_name, "read")))
                 for name, field in fields]
        browse, env, prefetch = records._browse, records.env, records._prefetch_ids
        result = []
        for rid in records._ids:
            row = {"id": rid}
            record = None
            for name, field, name_of, pairs, is_plain, direct in specs:
                if name == "display_name":
                    record = record or browse(env, (rid,), prefetch)
                    row[name] = record.display_name or False
                    continue
                field_cache = cache.get(field)
                if direct and field_cache is not None and rid in field_cache:
                    value = field_cache[rid]
                else:
                    record = record or browse(env, (rid,), prefetch)
                    value = record._get_cache_value(field)
                if name_of is not None:
                    # the (id, name) pair of each target, computed once per distinct target
                    row[name] = (pairs.get(value) or name_of(value, rid)) if value else False
                elif is_plain:
                    row[name] = False if value is None else (value or False) if field.type in ("date", "datetime") \
                        else value
                else:
                    record = record or browse(env, (rid,), prefetch)
                    row[name] = field.convert_to_read(value, record, use_name)
            result.append(row)
        return result

    def _many2one_names(self, field):
        """A function (value, record id) -> (id, name) for ``field`` on these records, reusing the
        name of a target read by an earlier row; the targets' name columns are fetched together."""
        comodel = self.env[field.comodel_name].sudo()
        field_cache = self.env.cache.data.get(field, {})
        targets = [value for value in dict.fromkeys(map(field_cache.get, self._ids)) if value]
        rec_name = comodel._rec_name_field()
        rec_field = comodel._fields.get(rec_name) if rec_name else None
        if targets and rec_field is not None and (rec_field.inherited or rec_field.store and rec_field.column):
            comodel.browse(targets)._read_prefetch([rec_name])
        pairs = {}
        # the default display name of a plain text name is that name: taken from the cache as
        # it is, without a computed display_name per target (W4: 4,000 targets per sweep)
        names = None
        display = comodel._fields.get("display_name")
        if (rec_field is not None and rec_field.type == "char" and not getattr(rec_field, "translate", False)
                and not rec_field.depends_context and display is not None
                and display.compute == "_compute_display_name" and not display.depends_context
                and _default_display_name(type(comodel))):
            names = self.env.cache.data.get(rec_field)

        if names is not None:
            # the pairs of all targets with a plain name at once: most rows find theirs by lookup
            pairs = {value: (value, name) for value, name in zip(targets, map(names.get, targets))
                     if name and isinstance(name, str)}

        def name_of(value, rid):
            pair = pairs.get(value)
            if pair is None:
                name = names.get(value) if names is not None else None
                if name and isinstance(name, str):
                    pair = pairs[value] = (value, name)
                else:
                    record = self._browse(self.env, (rid,), self._prefetch_ids)
                    pair = pairs[value] = field.convert_to_read(value, record, True)
            return pair
        name_of.pairs = pairs
        return name_of

    def _read_prefetch(self, fnames):
        """Fetch the stored columns ``read`` asks for, for all records in one query per table.

        Only those columns (a list view reads 8 of 60), and ``_inherits`` fields from their
        parent's table at once, instead of one related computation per inherited field.
        """
        if not self._ids or not fnames:
            return
        cache = self.env.cache
        own, by_parent = [], defaultdict(list)
        for name in fnames:
            field = self._fields.get(name)
            if field is None or name == "id":
                continue
            if field.inherited:
                by_parent[field.inherited_model].append(field)
            elif field.store and field.column and field.type != "binary":
                own.append(field)
        own += [self._fields[self._inherits[model]] for model in by_parent if self._inherits[model] not in fnames]
        # stored, not inherited: the cache's plain dicts are written directly (no volatile set)
        field_caches = [cache.field_cache(f) for f in own]
        converters = [None if type(f).convert_from_column is Field.convert_from_column else f.convert_from_column
                      for f in own]
        # the ids some column is missing for, by set operations (after search_fetch: none)
        wanted = set(self._ids)
        missing = set()
        for fc in field_caches:
            missing |= wanted.difference(fc.keys())
        ids = [rid for rid in self._ids if rid in missing and isinstance(rid, int)] if missing else []
        # PostgreSQL takes the ids as one array literal: one statement, parsed and planned once,
        # for the 39,000 targets of a sweep (W4) instead of 39 statements of 1,000 parameters
        array = self.env.cr.dialect.name == "postgresql"
        size = 100000 if array else 1000
        columns = ", ".join('"%s"' % f.name for f in own)
        for start in range(0, len(ids), size):
            chunk = ids[start:start + size]
            if array:
                self.env.cr.execute('SELECT "id", %s FROM "%s" WHERE "id" = ANY(%%s::int4[])' % (columns, self._table),
                                    ["{%s}" % ",".join(str(rid) for rid in chunk)])
            else:
                self.env.cr.execute('SELECT "id", %s FROM "%s" WHERE "id" IN (%s)' % (
                    columns, self._table, ", ".join(["%s"] * len(chunk))), chunk)
            for row in self.env.cr.fetchall():
                rid = row[0]
                for fc, convert, value in zip(field_caches, converters, row[1:]):
                    if rid not in fc:
                        fc[rid] = convert(value) if convert is not None else value
        for model, fields in by_parent.items():
            link = cache.data.get(self._fields[self._inherits[model]], {})
            parent_of = {rid: link.get(rid) for rid in self._ids if link.get(rid)}
            parents = self.env[model].browse(sorted(set(parent_of.values())))
            parents._read_prefetch([f.name for f in fields])
            for f in fields:
                values = cache.data.get(parents._fields[f.name], {})
                fc = cache.field_cache(f)
                for rid, pid in parent_of.items():
                    if pid in values and rid not in fc:
                        fc[rid] = values[pid]
                cache.volatile.add(f)   # inherited: as Cache.set does

    def _readable_fields(self, fields):
        if fields:
            if isinstance(fields, str):
                fields = [fields]
            for name in fields:
                if name not in self._fields:
                    raise ValueError(self.env._("Invalid field %(field)r on model %(model)r", field=name, model=self._name))
            fnames = [n for n in fields if n != "__last_update"]
            if not self.env.su:
                self._check_field_access(fnames, "read")
            return fnames
        fnames = [n for n, f in self._fields.items() if f.type != "binary" or not f.store or True]
        if not self.env.su:
            fnames = [n for n in fnames if self._field_allowed(self._fields[n])]
        return fnames

    def _check_read_rules(self):
        if self.env.su or not self:
            return
        self.check_access_rule("read")

    def _fetch_field(self, field):
        """Load ``field`` (and the other columns) for the prefetch set into the cache."""
        if field.type in ("one2many", "many2many"):
            return self._fetch_x2many(field)
        if field.type == "binary" and field.store and not field.column:
            return self._fetch_binary(field)
        cache = self.env.cache
        fc = cache.field_cache(field)
        ids = [self._ids[0]]
        for rid in self._prefetch_ids:
            if len(ids) >= 1000:
                break
            if rid not in fc and rid != ids[0] and isinstance(rid, int):
                ids.append(rid)
        ids = list(dict.fromkeys(ids))
        columns = [f for f in self._fields.values() if f.column and (f.prefetch or f is field)]
        if field not in columns:
            columns.append(field)
        from ..sql.query import Query
        query = Query(self._table)
        query.add_where('"%s".id IN (%s)' % (self._table, ", ".join(["%s"] * len(ids))), ids)
        if not self.env.su:
            self.check_access_rights("read")
            self._apply_ir_rules(query, "read")
        sql, params = query.select(*['"%s"."%s"' % (self._table, f.name) for f in [self._fields["id"]] + columns]
                                   if "id" in self._fields else ['"%s".id' % self._table])
        self.env.cr.execute(sql, params)
        rows = self.env.cr.fetchall()
        found = set()
        for row in rows:
            rid = row[0]
            found.add(rid)
            for f, value in zip(columns, row[1:]):
                if rid in cache.data.get(f, ()):
                    continue
                cache.set(f, rid, f.convert_from_column(value))
        if self._ids[0] not in found and not self.env.su:
            if self.sudo().browse(self._ids[0]).exists():
                self._raise_rule_error("read", self.browse(self._ids[0]))

    def _fetch_x2many(self, field):
        """The superuser's value of ``field`` (every related record) for the prefetch set."""
        cache = self.env.cache
        fc = cache.field_cache(field)
        ids = [rid for rid in dict.fromkeys((self._ids[0],) + tuple(self._prefetch_ids)) if rid not in fc
               and isinstance(rid, int)][:1000]
        for rid, value in self._x2many_values(field, ids, []).items():
            cache.set(field, rid, value)

    def _x2many_values(self, field, ids, rules):
        """{id: related ids} of ``field`` for ``ids``, the related records limited by ``rules``
        (a read-rule domain on the comodel, [] for none), one query per batch either way."""
        comodel = self.env[field.comodel_name].sudo()
        if field.type == "one2many":
            domain = [(field.inverse_name, "in", ids)] + field.get_domain_list(self) + list(rules)
            inverse_field = comodel._fields[field.inverse_name]
            if inverse_field.type == "many2one_reference" and inverse_field.model_field:
                # res_id-style inverses also need the model name to match (Flectra's Many2oneReference)
                domain.append((inverse_field.model_field, "=", self._name))
            lines = comodel.search(domain)
            grouped = defaultdict(list)
            for line in lines:
                grouped[line._get_cache_value(inverse_field)].append(line.id)
            return {rid: tuple(grouped.get(rid, ())) for rid in ids}
        cr = self.env.cr
        cr.execute('SELECT "%s", "%s" FROM "%s" WHERE "%s" IN (%s)' % (
            field.column1, field.column2, field.relation, field.column1, ", ".join(["%s"] * len(ids))), ids)
        pairs = cr.fetchall()
        target_ids = list({p[1] for p in pairs})
        domain = [("id", "in", target_ids)] + field.get_domain_list(self) + list(rules)
        ordered = comodel.search(domain)._ids if target_ids else ()
        position = {tid: i for i, tid in enumerate(ordered)}
        grouped = defaultdict(list)
        for src, dst in pairs:
            if dst in position:
                grouped[src].append(dst)
        return {rid: tuple(sorted(grouped.get(rid, ()), key=position.get)) for rid in ids}

    def _x2many_for_reader(self, field):
        """The value of x2many ``field`` as this (non-superuser) environment's user reads it: only
        the related records their read rules let them read, as Flectra's x2many read searches the
        comodel as the user. None when those rules hide nothing (the shared value is theirs).

        Kept per reader (``Cache.by_reader``), never in the shared cache: a value fetched for the
        superuser is filtered before a user gets it, and a user's value reaches no one else.
        """
        env = self.env
        cache = env.cache
        reader = (env.uid, tuple(env.context.get("allowed_company_ids") or ()))
        mine = cache.reader_cache(field, reader)
        rid = self._ids[0]
        if rid in mine:
            return mine[rid]
        rules = env["ir.rule"]._compute_domain(field.comodel_name, "read")
        if not rules:
            return None
        batch = [rid] + [i for i in dict.fromkeys(self._prefetch_ids)
                         if isinstance(i, int) and i != rid and i not in mine][:999]
        if field.inherited:
            # the parent's field as this user reads it (Flectra's delegated fields are not sudo)
            link = self._fields[self._inherits[field.inherited_model]]
            self._get_shared_cache_value(link)   # the link column of the batch, in one query
            links = cache.data.get(link, {})
            parent_of = {i: links[i] for i in batch if links.get(i)}
            if rid not in parent_of:
                return self._get_shared_cache_value(field)   # no parent: the empty value
            pids = tuple(dict.fromkeys(parent_of.values()))
            Parent = env[field.inherited_model]
            values = {pid: Parent._browse(env, (pid,), pids)._get_cache_value(field.inherited_field)
                      for pid in pids}
            for i, pid in parent_of.items():
                mine[i] = values[pid]
            return mine[rid]
        shared = cache.data.get(field, {})
        known = [i for i in batch if i in shared]
        missing = [i for i in batch if i not in shared]
        if missing:
            mine.update(self._x2many_values(field, missing, rules))
        if known:
            # a value the superuser fetched (or a write set): keep what the rules let this user read
            targets = list({tid for i in known for tid in shared[i] if isinstance(tid, int)})
            visible = set(env[field.comodel_name].sudo().with_context(active_test=False).search(
                [("id", "in", targets)] + list(rules))._ids) if targets else set()
            for i in known:
                mine[i] = tuple(tid for tid in shared[i] if not isinstance(tid, int) or tid in visible)
        return mine[rid]

    def _fetch_binary(self, field):
        cache = self.env.cache
        Attachment = self.env["ir.attachment"].sudo() if "ir.attachment" in self.env else None
        rid = self._ids[0]
        value = None
        if Attachment is not None:
            att = Attachment.search([("res_model", "=", self._name), ("res_field", "=", field.name),
                                     ("res_id", "=", rid)], limit=1)
            if att:
                value = att.datas
        cache.set(field, rid, field.convert_to_cache(value, self) if value else None)

    # --- export -----------------------------------------------------------------------------
    def export_data(self, fields_to_export):
        """Flectra's export: ``{'datas': rows}``, one column per path of ``fields_to_export``.

        A path follows relations with ``/`` (``partner_id/name``; Flectra's ``:id`` spelling too);
        ``id`` is the external id (an ``__export__`` one is made for a record without), ``.id`` the
        database id. A relational column without a subfield gives the display names; an x2many's
        related records, when its subfields are exported, go on the record's row and the rows
        after it. Values are read as the caller, so an x2many names only what they may read.
        """
        if isinstance(fields_to_export, str) or not isinstance(fields_to_export, (list, tuple)) or not all(
                isinstance(path, str) and path for path in fields_to_export):
            raise UserError(self.env._("The fields to export must be a list of field names."))
        self.check_access_rights("read")
        # "partner_id.id" and "partner_id:id" are Flectra's spellings of "partner_id/.id" and "partner_id/id"
        paths = [re.sub(r"([^/]):id\b", r"\1/id", re.sub(r"([^/])\.id\b", r"\1/.id", path)).split("/")
                 for path in fields_to_export]
        if any(not name for path in paths for name in path):
            raise UserError(self.env._("The fields to export must be a list of field names."))
        return {"datas": self._export_rows(paths)}

    def _export_rows(self, paths):
        """The rows of ``export_data`` for these records and ``paths`` (lists of field names)."""
        names = {path[0] for path in paths if path[0] not in ("id", ".id")}
        for name in names:
            if name not in self._fields:
                raise UserError(self.env._("Invalid field %(field)r on model %(model)r", field=name, model=self._name))
        if not self.env.su:
            self._check_field_access(sorted(names), "read")
        self._existing_readable()   # AccessError for a record the caller may not read
        xml_ids = self._export_xml_ids() if any(path == ["id"] for path in paths) else {}
        import_compat = self.env.context.get("import_compat", True)
        rows = []
        for record in self:
            row = [""] * len(paths)
            rows.append(row)
            done = set()
            for index, path in enumerate(paths):
                name = path[0]
                if name in done:
                    continue
                if name in (".id", "id"):
                    row[index] = record.id if name == ".id" else xml_ids[record.id]
                    continue
                field = self._fields[name]
                value = record[name]
                sub = [(p[1:] or ["display_name"]) if p[0] == name else None for p in paths]
                bare = all(p in (None, ["display_name"]) for p in sub)
                if not field.relational or not hasattr(value, "_ids") or (field.type == "many2one" and bare):
                    row[index] = field.convert_to_export(value, record)
                    continue
                done.add(name)   # every column of this relation is filled now
                if field.type == "many2many" and import_compat:
                    # one cell of comma-separated external ids or names, Flectra's import-compatible form
                    wanted = next((w for w in (["id"], ["name"], ["display_name"]) if w in sub), None)
                    at = sub.index(wanted) if wanted else index
                    if wanted == ["id"]:
                        ids = value._export_xml_ids() if value else {}
                        row[at] = ",".join(ids[rid] for rid in value._ids)
                    else:
                        row[at] = field.convert_to_export(value, record)
                    continue
                if not value:
                    continue
                columns = [i for i, p in enumerate(sub) if p is not None]
                sub_rows = value._export_rows([sub[i] for i in columns])
                for i, cell in zip(columns, sub_rows[0]):
                    if cell or isinstance(cell, (int, float)):
                        row[i] = cell
                # the other related records on rows of their own
                for sub_row in sub_rows[1:]:
                    extra = [""] * len(paths)
                    for i, cell in zip(columns, sub_row):
                        extra[i] = cell
                    rows.append(extra)
        return rows

    def _export_xml_ids(self):
        """{id: external id} of these records; an ``__export__`` one is registered for those without."""
        import uuid
        Data = self.env["ir.model.data"].sudo()
        found = {}
        for row in Data.search_read([("model", "=", self._name), ("res_id", "in", list(self._ids))],
                                    ["module", "name", "res_id"], order="id"):
            found.setdefault(row["res_id"], "%s.%s" % (row["module"], row["name"]))
        for rid in self._ids:
            if rid not in found:
                name = "%s_%s_%s" % (self._table, rid, uuid.uuid4().hex[:8])
                Data.create({"module": "__export__", "name": name, "model": self._name, "res_id": rid})
                found[rid] = "__export__." + name
        return found

    # --- copy -------------------------------------------------------------------------------
    def copy_data(self, default=None):
        self.ensure_one()
        default = dict(default or {})
        vals = {}
        for name, field in self._fields.items():
            if name in default or name in ("id",) or name in self._magic_fields():
                continue
            if not field.copy or field.compute and not field.store:
                continue
            if field.inherited:
                continue
            if field.type == "one2many":
                continue
            if name in self._inherits.values():
                continue
            vals[name] = field.convert_to_write(self[name], self)
        # delegated parents are copied too, like Flectra
        for parent_model, parent_field in self._inherits.items():
            parent = self[parent_field]
            if parent:
                pdefault = {k: v for k, v in default.items()
                            if k in self._fields and self._fields[k].inherited
                            and self._fields[k].inherited_model == parent_model}
                for k in pdefault:
                    default.pop(k)
                vals[parent_field] = parent.copy(pdefault).id
        vals.update(default)
        return [vals]

    @api.returns("self", lambda value: value.id)
    def copy(self, default=None):
        """A new record with the copyable fields of this one (``default`` overrides)."""
        self.ensure_one()
        vals = self.with_context(active_test=False).copy_data(default)[0]
        return self.create(vals)

    # --- archiving --------------------------------------------------------------------------
    def toggle_active(self):
        active = self._active_name
        if not active:
            raise UserError(self.env._("Model %(model)s has no active field.", model=self._name))
        active_recs = self.filtered(lambda r: r[active])
        (self - active_recs).write({active: True})
        active_recs.write({active: False})
        return True

    def action_archive(self):
        return self.filtered(lambda r: r[self._active_name]).toggle_active()

    def action_unarchive(self):
        return self.filtered(lambda r: not r[self._active_name]).toggle_active()

    # --- data loading -----------------------------------------------------------------------
    def _load_records(self, data_list, update=False):
        """Create or update records from data files, registering their xml ids.

        Args:
            data_list: dicts with ``xml_id`` ('module.name' or None), ``values`` and ``noupdate``.
            update: True when upgrading; existing noupdate records are then left alone.
        Returns:
            the records, in the order of ``data_list``.
        """
        IMD = self.env["ir.model.data"].sudo()
        ids = []
        for data in data_list:
            xml_id = data.get("xml_id")
            values = data.get("values") or {}
            noupdate = bool(data.get("noupdate"))
            record = None
            if xml_id:
                found = IMD._xmlid_lookup_safe(xml_id)
                if found:
                    model, res_id, was_noupdate = found
                    if model != self._name:
                        raise ValueError("External id %s refers to a %s record, not %s" % (xml_id, model, self._name))
                    record = self.browse(res_id).exists()
                    if record and update and was_noupdate:
                        ids.append(record.id)
                        continue
                    if not record:
                        IMD._forget_xmlid(xml_id)
            if record:
                record._load_write(values)
            else:
                record = self.create(values)
            if xml_id:
                IMD._register_xmlid(xml_id, self._name, record.id, noupdate)
            ids.append(record.id)
        return self.browse(ids)

    def _load_write(self, values):
        """Upgrade path of data loading: x2many 'set' semantics keep working."""
        self.write(values)

    @api.model
    def load(self, fields, data):
        """Import rows (CSV style): ``fields`` like ``['id', 'name', 'parent_id/id']``."""
        from .model_import import load_rows
        return load_rows(self, fields, data)
