"""Searching: domains to SQL, ordering, counting, name search and read_group."""
import datetime
import logging
import re

from ..sql.query import Query, quote
from . import api
from .domain import compile_domain, domain_mentions, normalize_domain, AND

_logger = logging.getLogger(__name__)

regex_order = re.compile(r"^(\s*\"?[a-z0-9_]+\"?(\.[a-z0-9_]+)?(:[a-z]+)?(\s+(desc|asc))?(\s+nulls\s+(first|last))?\s*(,|$))+(?<!,)$", re.I)
_GRANULARITIES = ("day", "week", "month", "quarter", "year")


class SearchMixin:

    # --- queries ----------------------------------------------------------------------------
    def _where_calc_query(self, domain, active_test=None):
        """A Query over this model's table restricted by ``domain`` (and ``active`` when due)."""
        query = Query(self._table, self._next_alias())
        domain = list(domain or [])
        if active_test is None:
            active_test = self.env.context.get("active_test", True)
        if self._active_name and active_test and not domain_mentions(domain, self._active_name):
            domain = [(self._active_name, "=", True)] + domain
        if domain:
            sql, params = compile_domain(self, domain, query)
            query.add_where(sql, params)
        if not self.env.su:
            self._apply_ir_rules(query, "read")
        return query

    def _next_alias(self):
        counter = getattr(self.env.transaction, "_alias_counter", 0) + 1
        self.env.transaction._alias_counter = counter
        return "%s_%d" % (self._table[:40], counter) if counter > 1 else self._table

    def _search(self, domain, offset=0, limit=None, order=None):
        """The Query of a search, checked for read access; ``search`` runs it."""
        self.check_access_rights("read")
        if not self.env.su:
            self._check_domain_fields(domain)
        query = self._where_calc_query(domain)
        query.order = self._order_by(order, query)
        query.limit = limit
        query.offset = offset
        return query

    def _check_domain_fields(self, domain):
        names = set()
        for term in normalize_domain(domain or []):
            if isinstance(term, tuple) and isinstance(term[0], str):
                names.add(term[0].split(".")[0])
        names.discard("id")
        if names:
            self._check_field_access(sorted(n for n in names if n in self._fields), "read")

    @api.model
    @api.returns("self")
    def search(self, domain, offset=0, limit=None, order=None, count=False):
        """Records matching ``domain``, ordered by ``order`` or ``_order``."""
        if count:
            return self.search_count(domain)
        query = self._search(domain, offset=offset, limit=limit, order=order)
        sql, params = query.select('%s."id"' % quote(query.alias))
        self.env.cr.execute(sql, params)
        ids = tuple(dict.fromkeys(row[0] for row in self.env.cr.fetchall()))
        return self._browse(self.env, ids, ids)

    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        """``search`` that also fetches the stored columns of ``field_names`` (this model's own,
        not delegated) in the same query, into the cache: reading them costs no query of its own
        (the deadline sweep W4 read 39,000 rows back by id, 1,000 at a time)."""
        query = self._search(domain, offset=offset, limit=limit, order=order)
        alias = quote(query.alias)
        fields = [self._fields[name] for name in dict.fromkeys(field_names or ())
                  if name != "id" and name in self._fields]
        fields = [f for f in fields if f.store and f.column and not f.inherited and f.type != "binary"]
        columns = ['%s."id"' % alias] + ['%s."%s"' % (alias, f.name) for f in fields]
        sql, params = query.select(*columns)
        self.env.cr.execute(sql, params)
        rows = self.env.cr.fetchall()
        if fields:
            from .fields import Field
            cache = self.env.cache
            field_caches = [cache.field_cache(f) for f in fields]
            converters = [None if type(f).convert_from_column is Field.convert_from_column else f.convert_from_column
                          for f in fields]
            for row in rows:
                rid = row[0]
                for fc, convert, value in zip(field_caches, converters, row[1:]):
                    if rid not in fc:   # a value already in the cache stays (as _read_prefetch)
                        fc[rid] = convert(value) if convert is not None else value
        ids = tuple(dict.fromkeys(row[0] for row in rows))
        return self._browse(self.env, ids, ids)

    @api.model
    def search_count(self, domain, limit=None):
        query = self._search(domain, limit=limit)
        query.order = None
        sql, params = query.select('%s."id"' % quote(query.alias))
        self.env.cr.execute("SELECT COUNT(*) FROM (%s) AS c" % sql, params)
        return self.env.cr.fetchone()[0]

    @api.model
    def search_read(self, domain=None, fields=None, offset=0, limit=None, order=None, **read_kwargs):
        from .model_read import ReadMixin
        if type(self).read is not ReadMixin.read:   # an override of read (extra checks) is kept
            records = self.search(domain or [], offset=offset, limit=limit, order=order)
            return records.read(fields, **read_kwargs) if records else []
        # the columns to read come with the search; found by it, the records exist and pass the
        # read rules: read does not check again
        names = [fields] if isinstance(fields, str) else (fields or list(self._fields))
        names = [n for n in names if n in self._fields and (self.env.su or self._field_allowed(self._fields[n]))]
        records = self.search_fetch(domain or [], names, offset=offset, limit=limit, order=order)
        if not records:
            return []
        return records._read_found(fields, **read_kwargs)

    # --- ordering ---------------------------------------------------------------------------
    def _order_by(self, order, query, alias=None, seen=None):
        """ORDER BY text for ``order`` (validated; never copied into SQL unchecked)."""
        order = order or self._order
        if not order:
            return None
        if not regex_order.match(order):
            raise ValueError(self.env._("Invalid order %(order)r for model %(model)s", order=order, model=self._name))
        alias = alias or query.alias
        seen = set(seen or ())
        terms = []
        for part in order.split(","):
            words = part.strip().split()
            if not words:
                continue
            fname = words[0].strip('"')
            direction = words[1].upper() if len(words) > 1 and words[1].lower() in ("asc", "desc") else "ASC"
            nulls = None
            if "nulls" in [w.lower() for w in words]:
                nulls = " ".join(words[-2:]).upper()
            terms.extend(self._order_term(fname, direction, nulls, query, alias, seen))
        return ", ".join(terms) or None

    def _order_term(self, fname, direction, nulls, query, alias, seen):
        if ":" in fname:
            fname = fname.split(":")[0]
        if fname == "id":
            return ['%s."id" %s' % (quote(alias), direction)]
        field = self._fields.get(fname)
        if field is None:
            raise ValueError(self.env._("Invalid field %(field)r on model %(model)r", field=fname, model=self._name))
        if not self.env.su and field.groups:
            self._check_field_access([fname], "read")
        nulls = nulls or ("NULLS LAST" if direction == "ASC" else "NULLS FIRST")
        if field.inherited:
            parent_field = self._inherits[field.inherited_model]
            parent = self.env[field.inherited_model]
            palias = query.left_join(alias, parent_field, parent._table, "id", parent_field)
            return parent._order_term(fname, direction, nulls, query, palias, seen)
        if not field.store or not field.column:
            _logger.warning("Model %s cannot be sorted on non-stored field %s; ignored", self._name, fname)
            return []
        if field.type == "many2one":
            comodel = self.env[field.comodel_name]
            key = (comodel._name, fname)
            if key in seen:
                return ['%s."%s" %s %s' % (quote(alias), fname, direction, nulls)]
            seen.add(key)
            calias = query.left_join(alias, fname, comodel._table, "id", fname)
            sub_order = comodel._order or "id"
            terms = []
            for part in sub_order.split(","):
                words = part.strip().split()
                if not words:
                    continue
                sub_dir = words[1].upper() if len(words) > 1 and words[1].lower() in ("asc", "desc") else "ASC"
                if direction == "DESC":
                    sub_dir = "DESC" if sub_dir == "ASC" else "ASC"
                terms.extend(comodel._order_term(words[0].strip('"'), sub_dir, None, query, calias, seen))
            return terms
        col = '%s."%s"' % (quote(alias), fname)
        return ["%s %s %s" % (col, direction, nulls)]

    # --- names ------------------------------------------------------------------------------
    @api.model
    def name_search(self, name="", args=None, operator="ilike", limit=100):
        """``[(id, display_name)]`` of records whose name matches."""
        ids = self._name_search(name, args, operator, limit=limit)
        records = self.browse(ids)
        return [(rec.id, rec.display_name) for rec in records.sudo()]

    @api.model
    def _name_search(self, name="", args=None, operator="ilike", limit=100, name_get_uid=None, order=None):
        args = list(args or [])
        rec_names = self._rec_names_search or ([self._rec_name_field()] if self._rec_name_field() else [])
        if name or operator not in ("ilike", "like", "=ilike", "=like"):
            if not rec_names:
                return []
            if operator in ("!=", "not like", "not ilike", "not in"):
                domain = [(fname, operator, name) for fname in rec_names]
            else:
                domain = ["|"] * (len(rec_names) - 1) + [(fname, operator, name) for fname in rec_names]
            args = AND([args, domain]) if args else domain
        return self.search(args, limit=limit, order=order).ids

    @api.model
    def name_create(self, name):
        rec_name = self._rec_name_field()
        if not rec_name:
            _logger.warning("Cannot execute name_create, no _rec_name defined on %s", self._name)
            return False
        record = self.create({rec_name: name})
        return (record.id, record.display_name)

    # --- read_group -------------------------------------------------------------------------
    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """Grouped aggregates, shaped like Flectra's: group values, counts, sums, ``__domain``."""
        self.check_access_rights("read")
        groupby = [groupby] if isinstance(groupby, str) else list(groupby or [])
        if lazy and groupby:
            groupby = groupby[:1]
        query = self._where_calc_query(domain or [])
        alias = query.alias
        dialect = self.env.cr.dialect
        group_specs = []
        for spec in groupby:
            fname, _sep, gran = spec.partition(":")
            field = self._fields.get(fname)
            if field is None:
                raise ValueError(self.env._("Invalid field %(field)r on model %(model)r", field=fname, model=self._name))
            if not self.env.su:
                self._check_field_access([fname], "read")
            field, col = self._read_group_column(field, query, alias)
            if not (field.store and field.column):
                raise ValueError("Field %s is not stored and cannot be grouped on" % field)
            if field.type in ("date", "datetime"):
                gran = gran or "month"
                if gran not in _GRANULARITIES:
                    raise ValueError("Invalid granularity %r in groupby %r" % (gran, spec))
                expr = dialect.date_trunc(gran, col)
            else:
                gran = None
                expr = col
            group_specs.append((spec, fname, field, gran, expr))
        aggregates = []
        for spec in fields or []:
            spec = spec.strip()
            m = re.match(r"^(\w+)(?::(\w+))?(?:\((\w+)\))?$", spec)
            if not m:
                raise ValueError("Invalid field specification %r" % spec)
            alias_name, func, fname = m.group(1), m.group(2), m.group(3) or m.group(1)
            if fname == "__count" or alias_name == "__count":
                continue
            field = self._fields.get(fname)
            if field is None:
                raise ValueError(self.env._("Invalid field %(field)r on model %(model)r", field=fname, model=self._name))
            if any(fname == g[1] for g in group_specs):
                continue
            field, col = self._read_group_column(field, query, alias)
            if not (field.store and field.column):
                continue
            func = func or field.group_operator or (field.type in ("integer", "float", "monetary") and "sum")
            if not func:
                continue
            if not self.env.su:
                self._check_field_access([fname], "read")
            sql_func = {"sum": "SUM(%s)", "avg": "AVG(%s)", "max": "MAX(%s)", "min": "MIN(%s)",
                        "count": "COUNT(%s)", "count_distinct": "COUNT(DISTINCT %s)",
                        "bool_and": dialect.bool_and("%s"), "bool_or": dialect.bool_or("%s"),
                        "array_agg": dialect.string_agg("%s")}.get(func.lower())
            if sql_func is None:
                raise ValueError("Invalid aggregate function %r" % func)
            aggregates.append((alias_name, field, func.lower(), sql_func % col))
        select = ["%s AS g%d" % (spec[4], i) for i, spec in enumerate(group_specs)]
        select.append('COUNT(%s."id") AS cnt' % quote(alias))
        select += ["%s AS a%d" % (agg[3], i) for i, agg in enumerate(aggregates)]
        sql, params = query.select(*select)
        if group_specs:
            sql += " GROUP BY " + ", ".join(spec[4] for spec in group_specs)
            order_terms = []
            for part in (orderby or "").split(","):
                words = part.strip().split()
                if not words:
                    continue
                direction = "DESC" if len(words) > 1 and words[1].lower() == "desc" else "ASC"
                for i, spec in enumerate(group_specs):
                    if words[0] in (spec[0], spec[1]):
                        order_terms.append("g%d %s" % (i, direction))
                for i, agg in enumerate(aggregates):
                    if words[0] == agg[0]:
                        order_terms.append("a%d %s" % (i, direction))
                if words[0] in ("__count", "count"):
                    order_terms.append("cnt %s" % direction)
            if not order_terms:
                order_terms = ["g%d ASC" % i for i in range(len(group_specs))]
            sql += " ORDER BY " + ", ".join(t + (" NULLS LAST" if t.endswith("ASC") else " NULLS FIRST")
                                              for t in order_terms)
            if limit:
                sql += " LIMIT %s"
                params.append(int(limit))
            if offset:
                if not limit:
                    sql += " LIMIT %s"
                    params.append(2 ** 62)
                sql += " OFFSET %s"
                params.append(int(offset))
        self.env.cr.execute(sql, params)
        rows = self.env.cr.fetchall()
        result = []
        # a value recurs in many groups (a state, a month, an agency): label it and build its
        # domain once, and fetch the display names of all many2one values together
        labels = {}
        for i, (_spec, _fname, field, _gran, _expr) in enumerate(group_specs):
            if field.type == "many2one":
                ids = sorted({row[i] for row in rows if row[i] is not None})
                for record in self.env[field.comodel_name].sudo().browse(ids):
                    labels[(i, record.id)] = ((record.id, record.display_name), None)
        locale = self.env.lang or "en_US"
        try:
            from babel import Locale
            locale = Locale.parse(locale)   # parsed once: babel re-parses a locale name on every call
        except (ValueError, LookupError):
            pass
        for row in rows:
            item = {}
            group_domain = list(domain or [])
            for i, (spec, fname, field, gran, _expr) in enumerate(group_specs):
                value = row[i]
                label, value_domain = labels.get((i, value), (None, None))
                if label is None:
                    label = self._read_group_value(field, gran, value, locale=locale)
                if value_domain is None:
                    value_domain = self._read_group_domain(fname, field, gran, value)
                    labels[(i, value)] = (label, value_domain)
                item[spec] = label
                group_domain = group_domain + value_domain
            count = row[len(group_specs)]
            if lazy and group_specs:
                item["%s_count" % group_specs[0][1]] = count
                if len(groupby) < len(self._context.get("group_by", []) or []):
                    item["__context"] = {"group_by": []}
            else:
                item["__count"] = count
            for i, (alias_name, field, func, _sql) in enumerate(aggregates):
                value = row[len(group_specs) + 1 + i]
                if field.type in ("float", "monetary") and value is not None:
                    value = float(value)
                elif func in ("bool_and", "bool_or") and value is not None:
                    value = bool(value)
                item[alias_name] = value if value is not None else (False if func not in ("sum", "count", "count_distinct") else 0)
            item["__domain"] = group_domain
            result.append(item)
        return result

    def _read_group_column(self, field, query, alias):
        """The stored field and its SQL column; an ``_inherits`` field is read from the parent's table."""
        model = self
        while field.inherited:
            parent_field = model._inherits[field.inherited_model]
            model = self.env[field.inherited_model]
            alias = query.left_join(alias, parent_field, model._table, "id", parent_field)
            field = model._fields[field.name]
        return field, '%s."%s"' % (quote(alias), field.name)

    def _read_group_value(self, field, gran, value, locale=None):
        if value is None:
            return False
        if field.type == "many2one":
            record = self.env[field.comodel_name].sudo().browse(value)
            return (value, record.display_name)
        if field.type in ("date", "datetime"):
            day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value)[:10])
            from babel.dates import format_date
            locale = locale or self.env.lang or "en_US"
            patterns = {"day": "dd MMM yyyy", "week": "'W'w YYYY", "month": "MMMM yyyy",
                        "quarter": "QQQ yyyy", "year": "yyyy"}
            try:
                return format_date(day, format=patterns[gran], locale=locale)
            except (ValueError, LookupError):
                return day.isoformat()
        if field.type == "boolean":
            return bool(value)
        return value

    def _read_group_domain(self, fname, field, gran, value):
        if value is None:
            return [(fname, "=", False)]
        if field.type in ("date", "datetime"):
            from dateutil.relativedelta import relativedelta
            start = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value)[:10])
            step = {"day": relativedelta(days=1), "week": relativedelta(weeks=1),
                    "month": relativedelta(months=1), "quarter": relativedelta(months=3),
                    "year": relativedelta(years=1)}[gran]
            end = start + step
            fmt = "%Y-%m-%d" if field.type == "date" else "%Y-%m-%d 00:00:00"
            return ["&", (fname, ">=", start.strftime(fmt)), (fname, "<", end.strftime(fmt))]
        return [(fname, "=", value)]

    # --- metadata ---------------------------------------------------------------------------
    @api.model
    def fields_get(self, allfields=None, attributes=None):
        """Field descriptions for clients; fields the user may not read are left out."""
        result = {}
        readonly_all = not (self.check_access_rights("write", raise_exception=False)
                            or self.check_access_rights("create", raise_exception=False))
        for name, field in self._fields.items():
            if allfields and name not in allfields:
                continue
            if not self.env.su and not self._field_allowed(field):
                continue
            desc = {k: v for k, v in field.get_description(self.env).items() if v is not None}
            if not desc.get("help"):
                desc.pop("help", None)
            if readonly_all:
                desc["readonly"] = True
                desc["states"] = {}
            if attributes:
                desc = {k: v for k, v in desc.items() if k in attributes}
            result[name] = desc
        return result
