"""The domain language: normalisation, and compilation into SQL for one model.

A domain is a list in prefix notation (``'&'``, ``'|'``, ``'!'``) over terms
``(path, operator, value)``; consecutive terms are ANDed. NULL semantics follow the SQL that
Flectra generates (see design/addon-api.md §8), on SQLite too.

    sql, params = compile_domain(env['res.partner'], [('name', 'ilike', 'li')], query)
"""
import datetime
import logging

from ..sql.query import Query, quote

_logger = logging.getLogger(__name__)

NOT_OPERATOR, OR_OPERATOR, AND_OPERATOR = "!", "|", "&"
DOMAIN_OPERATORS = (NOT_OPERATOR, OR_OPERATOR, AND_OPERATOR)
TERM_OPERATORS = ("=", "!=", "<=", "<", ">", ">=", "=?", "=like", "=ilike", "like", "not like",
                  "ilike", "not ilike", "in", "not in", "child_of", "parent_of", "any", "not any")
NEGATIVE_TERM_OPERATORS = ("!=", "not like", "not ilike", "not in")
TRUE_LEAF = (1, "=", 1)
FALSE_LEAF = (0, "=", 1)
TRUE_DOMAIN = [TRUE_LEAF]
FALSE_DOMAIN = [FALSE_LEAF]
_NEGATE = {"<": ">=", ">": "<=", "<=": ">", ">=": "<", "=": "!=", "!=": "=", "in": "not in",
           "not in": "in", "like": "not like", "not like": "like", "ilike": "not ilike",
           "not ilike": "ilike", "any": "not any", "not any": "any"}


def is_operator(element):
    return isinstance(element, str) and element in DOMAIN_OPERATORS


def is_leaf(element):
    return (isinstance(element, (tuple, list)) and len(element) == 3
            and (isinstance(element[1], str) and element[1].lower() in TERM_OPERATORS + ("<>",))
            and (isinstance(element[0], str) or tuple(element) in (TRUE_LEAF, FALSE_LEAF)))


def normalize_domain(domain):
    """Make the implicit ANDs explicit; raise ValueError on a malformed domain."""
    if not domain:
        return [TRUE_LEAF]
    if not isinstance(domain, (list, tuple)):
        raise ValueError("Invalid domain %r: expected a list" % (domain,))
    result = []
    expected = 1
    op_arity = {NOT_OPERATOR: 1, AND_OPERATOR: 2, OR_OPERATOR: 2}
    for token in domain:
        if expected == 0:
            result[0:0] = [AND_OPERATOR]
            expected = 1
        if isinstance(token, (list, tuple)):
            if not is_leaf(token):
                raise ValueError("Invalid domain term %r" % (token,))
            expected -= 1
            result.append(tuple(token))
        elif is_operator(token):
            expected += op_arity[token] - 1
            result.append(token)
        else:
            raise ValueError("Invalid domain element %r in %r" % (token, domain))
    if expected != 0:
        raise ValueError("Invalid domain %r: operators and terms do not match" % (domain,))
    return result


def combine(operator, unit, zero, domains):
    result = []
    count = 0
    if domains == [unit]:
        return unit
    for domain in domains:
        if domain == unit:
            continue
        if domain == zero:
            return zero
        if domain:
            result += normalize_domain(domain)
            count += 1
    result = [operator] * (count - 1) + result
    return result or unit


def AND(domains):
    return combine(AND_OPERATOR, [TRUE_LEAF], [FALSE_LEAF], domains)


def OR(domains):
    return combine(OR_OPERATOR, [FALSE_LEAF], [TRUE_LEAF], domains)


def distribute_not(domain):
    """Push '!' down to the terms, so that a negated term keeps Flectra's NULL semantics."""
    result = []
    stack = [False]
    for token in domain:
        negate = stack.pop()
        if is_leaf(token) or isinstance(token, tuple) and token in (TRUE_LEAF, FALSE_LEAF):
            if negate:
                left, op, right = token
                op = "!=" if op == "<>" else op.lower()
                if tuple(token) == TRUE_LEAF:
                    result.append(FALSE_LEAF)
                elif tuple(token) == FALSE_LEAF:
                    result.append(TRUE_LEAF)
                elif op in _NEGATE:
                    result.append((left, _NEGATE[op], right))
                else:
                    result.append(NOT_OPERATOR)
                    result.append(token)
            else:
                result.append(token)
        elif token == NOT_OPERATOR:
            stack.append(not negate)
        elif token in (AND_OPERATOR, OR_OPERATOR):
            if negate:
                result.append(OR_OPERATOR if token == AND_OPERATOR else AND_OPERATOR)
            else:
                result.append(token)
            stack.append(negate)
            stack.append(negate)
    return result


def domain_mentions(domain, fname):
    return any(isinstance(t, (tuple, list)) and isinstance(t[0], str) and t[0].split(".")[0] == fname
               for t in domain or ())


class DomainCompiler:
    """Turns a normalised domain on ``model`` into a WHERE clause for ``query``."""

    def __init__(self, model, query: Query, alias: str | None = None):
        self.model = model
        self.query = query
        self.alias = alias or query.alias
        self.dialect = model.env.cr.dialect

    def compile(self, domain):
        try:
            domain = distribute_not(normalize_domain(domain))
        except ValueError as exc:
            raise ValueError(self.model.env._("Invalid domain %(domain)r: %(error)s", domain=domain, error=exc)) from None
        sql, params, pos = self._parse(domain, 0)
        if pos != len(domain):
            raise ValueError("Invalid domain %r" % (domain,))
        return sql, params

    def _parse(self, domain, pos):
        token = domain[pos]
        if token == NOT_OPERATOR:
            sql, params, pos = self._parse(domain, pos + 1)
            return "(NOT (%s))" % sql, params, pos
        if token in (AND_OPERATOR, OR_OPERATOR):
            lsql, lparams, pos = self._parse(domain, pos + 1)
            rsql, rparams, pos = self._parse(domain, pos)
            joiner = " AND " if token == AND_OPERATOR else " OR "
            return "(%s%s%s)" % (lsql, joiner, rsql), lparams + rparams, pos
        sql, params = self.leaf(token)
        return sql, params, pos + 1

    # --- terms ---
    def leaf(self, leaf):
        if tuple(leaf) == TRUE_LEAF:
            return "(1=1)", []
        if tuple(leaf) == FALSE_LEAF:
            return "(1=0)", []
        path, op, value = leaf
        op = op.lower()
        if op == "<>":
            op = "!="
        if op not in TERM_OPERATORS:
            raise ValueError(self.model.env._("Invalid operator %(operator)r in domain term %(term)r", operator=op, term=leaf))
        model = self.model
        fname, _dot, rest = path.partition(".")
        field = model._fields.get(fname)
        if field is None:
            raise ValueError(model.env._("Invalid field %(model)s.%(field)s in domain term %(term)r",
                                               model=model._name, field=fname, term=leaf))
        if hasattr(value, "_ids") and not isinstance(value, type):
            value = value.ids if field.type != "many2one" or len(value) != 1 else value.id
            if op in ("=", "!=") and isinstance(value, list):
                op = "in" if op == "=" else "not in"

        if field.inherited:
            # the parent row is joined once (as Flectra joins _inherits parents), instead of one
            # sub-select per term: a list filtering on four inherited fields stays one join
            parent_field = model._inherits[field.inherited_model]
            parent = model.env[field.inherited_model]
            palias = self.query.left_join(self.alias, parent_field, parent._table, "id", parent_field)
            return DomainCompiler(parent, self.query, palias).leaf((path, op, value))
        if not field.store or (not field.column and field.type not in ("one2many", "many2many")):
            return self._leaf_non_stored(field, rest, op, value, leaf)
        if op in ("any", "not any"):
            if rest:
                raise ValueError("Operator %r needs a relational field, not the path %r" % (op, path))
            return self._leaf_any(field, op, value)
        if rest:
            return self._leaf_path(field, rest, op, value)
        if op in ("child_of", "parent_of"):
            return self._leaf_hierarchy(field, op, value)
        if field.type == "many2one":
            return self._leaf_many2one(field, op, value)
        if field.type == "one2many":
            return self._leaf_one2many(field, op, value)
        if field.type == "many2many":
            return self._leaf_many2many(field, op, value)
        return self._leaf_column(field, self._column(field), op, value)

    def _column(self, field):
        return "%s.%s" % (quote(self.alias), quote(field.name))

    def _id_col(self):
        return "%s.%s" % (quote(self.alias), quote("id"))

    def _leaf_non_stored(self, field, rest, op, value, leaf):
        model = self.model
        if field.name == "id":
            if rest:
                raise ValueError("Invalid path %r" % (leaf[0],))
            if op in ("child_of", "parent_of"):
                return self._leaf_hierarchy(field, op, value)
            return self._leaf_column(field, self._id_col(), op, value)
        if field.search:
            if rest:
                raise ValueError("Searching on a path through %s is not supported" % field)
            domain = getattr(model, field.search)(op, value)
            return DomainCompiler(model, self.query, self.alias).compile(domain)
        if field.related:
            path = ".".join(field.related) + ("." + rest if rest else "")
            return self.leaf((path, op, value))
        _logger.warning("Non-stored field %s cannot be searched.", field)
        return "(1=1)", []

    def _sub_query(self, comodel, domain, active_test):
        comodel = comodel.with_context(active_test=active_test)
        return comodel._where_calc_query(domain)

    def _leaf_path(self, field, rest, op, value):
        comodel = self.model.env[field.comodel_name] if field.relational else None
        if comodel is None:
            raise ValueError("Invalid path %s.%s: %s is not relational" % (field, rest, field.name))
        if field.type == "many2one":
            sub = self._sub_query(comodel, [(rest, op, value)], False)
            sql, params = sub.subselect()
            return "(%s IN (%s))" % (self._column(field), sql), params
        active_test = self.model.env.context.get("active_test", True)
        if field.type == "one2many":
            sub = self._sub_query(comodel, [(rest, op, value)], active_test)
            inverse = comodel._fields[field.inverse_name]
            sql, params = sub.subselect("%s.%s" % (quote(sub.alias), quote(inverse.name)))
            return "(%s IN (%s))" % (self._id_col(), sql), params
        sub = self._sub_query(comodel, [(rest, op, value)], active_test)
        sql, params = sub.subselect()
        return ("(%s IN (SELECT %s FROM %s WHERE %s IN (%s)))" % (
            self._id_col(), quote(field.column1), quote(field.relation), quote(field.column2), sql), params)

    def _leaf_any(self, field, op, value):
        comodel = self.model.env[field.comodel_name]
        if field.type == "many2one":
            sub = self._sub_query(comodel, value, False)
            sql, params = sub.subselect()
            neg = "NOT " if op == "not any" else ""
            if neg:
                return "(%s IS NULL OR %s NOT IN (%s))" % (self._column(field), self._column(field), sql), params
            return "(%s IN (%s))" % (self._column(field), sql), params
        sub = self._sub_query(comodel, value, self.model.env.context.get("active_test", True))
        if field.type == "one2many":
            sql, params = sub.subselect("%s.%s" % (quote(sub.alias), quote(field.inverse_name)))
            inner = sql
        else:
            sql, params = sub.subselect()
            inner = "SELECT %s FROM %s WHERE %s IN (%s)" % (
                quote(field.column1), quote(field.relation), quote(field.column2), sql)
        neg = "NOT " if op == "not any" else ""
        return "(%s %sIN (%s))" % (self._id_col(), neg, inner), params

    def _resolve_names(self, field, op, value):
        """Many2one/x2many compared with text: resolve through name_search on the comodel."""
        comodel = self.model.env[field.comodel_name].with_context(active_test=False)
        name_op = {"=": "=", "!=": "=", "like": "like", "not like": "like", "ilike": "ilike",
                   "not ilike": "ilike", "=like": "=like", "=ilike": "=ilike", "in": "=",
                   "not in": "="}.get(op, "=")
        values = value if isinstance(value, (list, tuple)) else [value]
        ids = set()
        for v in values:
            ids.update(r[0] for r in comodel.name_search(v, [], name_op, limit=None))
        return sorted(ids)

    def _leaf_hierarchy(self, field, op, value):
        comodel = self.model.env[field.comodel_name] if field.relational else self.model
        comodel = comodel.with_context(active_test=False)
        if isinstance(value, str):
            ids = [r[0] for r in comodel.name_search(value, [], "ilike", limit=None)]
        elif isinstance(value, int):
            ids = [value]
        else:
            ids = [i for i in (value or []) if i]
        parent = comodel._parent_name
        result = set(ids)
        if op == "child_of":
            current = set(ids)
            while current:
                children = set(comodel.search([(parent, "in", list(current))]).ids) - result
                result |= children
                current = children
        else:
            current = set(ids)
            while current:
                parents = set(comodel.browse(list(current)).mapped(parent).ids) - result
                result |= parents
                current = parents
        if field.name == "id" or not field.relational:
            return self._leaf_column(field, self._id_col(), "in", sorted(result))
        return self.leaf((field.name, "in", sorted(result)))

    def _leaf_many2one(self, field, op, value):
        col = self._column(field)
        if isinstance(value, str) or (isinstance(value, (list, tuple)) and value
                                      and all(isinstance(v, str) for v in value)):
            if op in ("=like", "=ilike", "like", "ilike", "=", "in", "not like", "not ilike", "!=", "not in"):
                ids = self._resolve_names(field, op, value)
                if op in NEGATIVE_TERM_OPERATORS:
                    return self._leaf_column(field, col, "not in", ids)
                return self._leaf_column(field, col, "in", ids)
        return self._leaf_column(field, col, op, value)

    def _x2many_linked(self, field, ids_sql, params, negate):
        """``id IN`` the owners linked to the comodel rows selected by ``ids_sql``."""
        if field.type == "one2many":
            inner = "SELECT %s FROM %s WHERE %s IS NOT NULL AND id IN (%s)" % (
                quote(field.inverse_name), quote(self.model.env[field.comodel_name]._table),
                quote(field.inverse_name), ids_sql)
        else:
            inner = "SELECT %s FROM %s WHERE %s IN (%s)" % (
                quote(field.column1), quote(field.relation), quote(field.column2), ids_sql)
        return "(%s %sIN (%s))" % (self._id_col(), "NOT " if negate else "", inner), params

    def _x2many_term(self, field, op, value):
        comodel = self.model.env[field.comodel_name]
        active_test = self.model.env.context.get("active_test", True)
        if isinstance(value, str) or (isinstance(value, (list, tuple)) and value
                                      and all(isinstance(v, str) for v in value)):
            ids = self._resolve_names(field, op, value)
            op = "not in" if op in NEGATIVE_TERM_OPERATORS else "in"
            value = ids
        if value is False or value is None or value is True:
            has = (op == "=") == bool(value)
            sub = self._sub_query(comodel, [], active_test)
            sql, params = sub.subselect()
            return self._x2many_linked(field, sql, params, negate=not has)
        if op in ("=", "!=", "in", "not in"):
            ids = value if isinstance(value, (list, tuple)) else [value]
            ids = [i for i in ids if i]
            if not ids:
                return ("(1=0)", []) if op in ("=", "in") else ("(1=1)", [])
            sql = ", ".join(["%s"] * len(ids))
            return self._x2many_linked(field, sql, list(ids), negate=op in ("!=", "not in"))
        if op in ("like", "ilike", "not like", "not ilike", "=like", "=ilike"):
            ids = self._resolve_names(field, op, value)
            if not ids:
                return ("(1=0)", []) if op not in NEGATIVE_TERM_OPERATORS else ("(1=1)", [])
            sql = ", ".join(["%s"] * len(ids))
            return self._x2many_linked(field, sql, ids, negate=op in NEGATIVE_TERM_OPERATORS)
        raise ValueError("Invalid operator %r for %s field %s" % (op, field.type, field))

    _leaf_one2many = _x2many_term
    _leaf_many2many = _x2many_term

    def _convert(self, field, value):
        if value is None or value is False:
            return value
        if field.type == "date":
            if isinstance(value, datetime.datetime):
                return value.strftime("%Y-%m-%d")
            if isinstance(value, datetime.date):
                return value.strftime("%Y-%m-%d")
            return value
        if field.type == "datetime":
            if isinstance(value, datetime.datetime):
                return value.strftime("%Y-%m-%d %H:%M:%S")
            if isinstance(value, datetime.date):
                return value.strftime("%Y-%m-%d 00:00:00")
            return value
        if field.type == "boolean":
            return bool(value)
        if hasattr(value, "_ids"):
            return value.id
        return value

    def _datetime_day_bound(self, field, op, value):
        """A Datetime compared with a date: '>' and '<=' use the end of that day."""
        if field.type != "datetime":
            return value
        day = None
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            day = value.strftime("%Y-%m-%d")
        elif isinstance(value, str) and len(value.strip()) == 10:
            day = value.strip()
        if day is None:
            return value
        return day + (" 23:59:59" if op in (">", "<=") else " 00:00:00")

    def _leaf_column(self, field, col, op, value):
        if op == "=?":
            if value is False or value is None:
                return "(1=1)", []
            op = "="
        if op in ("=", "!=") and isinstance(value, (list, tuple)):
            _logger.warning("The domain term '%s %s %r' should use 'in' or 'not in'.", field.name, op, value)
            op = "in" if op == "=" else "not in"
        if op in ("in", "not in") and isinstance(value, bool):
            op = "=" if op == "in" else "!="
        is_bool = field.type == "boolean"
        if op in ("=", "!="):
            if value is False or value is None:
                if is_bool:
                    sql = "(%s IS NULL OR %s = %%s)" % (col, col) if op == "=" else "(%s = %%s)" % col
                    return sql, [False] if op == "=" else [True]
                return ("(%s IS NULL)" if op == "=" else "(%s IS NOT NULL)") % col, []
            if is_bool:
                value = bool(value)
                if (op == "=") == value:
                    return "(%s = %%s)" % col, [True]
                return "(%s IS NULL OR %s = %%s)" % (col, col), [False]
            value = self._convert(field, self._datetime_day_bound(field, op, value))
            if op == "=":
                return "(%s = %%s)" % col, [value]
            return "(%s != %%s OR %s IS NULL)" % (col, col), [value]
        if op in ("<", "<=", ">", ">="):
            if value is False or value is None:
                return "(1=0)", []
            value = self._convert(field, self._datetime_day_bound(field, op, value))
            return "(%s %s %%s)" % (col, op), [value]
        if op in ("in", "not in"):
            if not isinstance(value, (list, tuple, set)):
                value = [value]
            values = list(value)
            has_null = any(v is False or v is None for v in values)
            if is_bool:
                wants_false = has_null or False in values
                values = [bool(v) for v in values if v is not None]
                if True in values and wants_false:
                    return ("(1=1)", []) if op == "in" else ("(1=0)", [])
            values = [self._convert(field, v) for v in values if v is not False and v is not None]
            if op == "in":
                parts, params = [], []
                if values:
                    parts.append("%s IN (%s)" % (col, ", ".join(["%s"] * len(values))))
                    params = values
                if has_null or (is_bool and values == [False]):
                    parts.append("%s IS NULL" % col)
                return ("(%s)" % " OR ".join(parts) if parts else "(1=0)"), params
            if not values:
                return ("(%s IS NOT NULL)" % col, []) if has_null else ("(1=1)", [])
            sql = "%s NOT IN (%s)" % (col, ", ".join(["%s"] * len(values)))
            if has_null:
                return "(%s AND %s IS NOT NULL)" % (sql, col), values
            return "(%s OR %s IS NULL)" % (sql, col), values
        if op in ("like", "ilike", "not like", "not ilike", "=like", "=ilike"):
            text_col = col if field.type in ("char", "text", "html", "selection") else self.dialect.as_text(col)
            if value is False or value is None:
                value = ""
            value = str(value)
            pattern = value if op.startswith("=") else "%%%s%%" % value
            case_sensitive = op in ("like", "not like", "=like")
            sql, params = self.dialect.like(text_col, pattern, case_sensitive)
            if op.startswith("not"):
                if not value:
                    return "(1=0)", []
                return "(NOT %s OR %s IS NULL)" % (sql, col), params
            if not value and not op.startswith("="):
                return "(1=1)", []
            return sql, params
        raise ValueError("Invalid operator %r for field %s" % (op, field))


def compile_domain(model, domain, query, alias=None):
    return DomainCompiler(model, query, alias).compile(domain)
