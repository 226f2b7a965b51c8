"""Chatter rows (messages, tracking values, activities, followers) are checked against the
document they belong to, as Flectra checks them (its mail.message ``check_access_rule``):

- read (search, read, read_group, name_search, export, count): only rows whose document the user
  may read — in SQL, next to the record rules, so counts, limits and offsets stay right;
- create, write, unlink: the document's access in the mode each model states
  (``_check_document_rows``), checked before a change and again after one that moves a row.

A row of a model the user may not read at all, or of a model that is no longer installed, is
hidden. The superuser (``sudo()``) is not checked: the framework logs tracking and creation
notes that way.
"""
from flectra import _, api, models
from flectra.exceptions import AccessError

_OPERATION_WORDS = {"read": "read", "write": "modify", "create": "create", "unlink": "delete"}


class MailDocumentAccess(models.AbstractModel):
    """Mixin: rows that point at a document through a model-name column and an id column."""

    _name = "mail.document.access"
    _description = "Access checked against the related document"

    #: column holding the document's model name, and the one holding its id
    _document_model_field = "model"
    _document_id_field = "res_id"

    # --- read: one SQL condition ----------------------------------------------------------------
    @api.model
    def _readable_document_models(self):
        """``(free, restricted)``: names of the models whose documents the user may read — all of
        them (no read rule applies) or only some (read rules); cached for the transaction."""
        cache = self.env.cr.cache.setdefault("mail.document.access", {})
        key = (self.env.uid, tuple(self.env.context.get("allowed_company_ids") or ()))
        if key in cache:
            return cache[key]
        # the model ACLs of every model in one query (ir.model.access.check asks per model)
        group_ids = list(self.env.user._get_group_ids())
        group_sql = "a.group_id IS NULL" + (
            " OR a.group_id IN (%s)" % ", ".join(["%s"] * len(group_ids)) if group_ids else "")
        self.env.cr.execute(
            'SELECT DISTINCT m.model FROM ir_model_access a JOIN ir_model m ON m.id = a.model_id '
            'WHERE a.active = %%s AND a.perm_read = %%s AND (%s)' % group_sql, [True, True] + group_ids)
        names = sorted(row[0] for row in self.env.cr.fetchall())
        Rule = self.env["ir.rule"]
        free, restricted = [], []
        for name in names:
            if name not in self.env or self.env[name]._abstract or not self.env[name]._auto:
                continue
            (restricted if Rule._compute_domain(name, "read") else free).append(name)
        cache[key] = (free, restricted)
        return cache[key]

    @api.model
    def _document_read_condition(self, alias):
        """``(sql, params)``: the rows of ``alias`` whose document the user may read."""
        model_col = '"%s"."%s"' % (alias, self._document_model_field)
        id_col = '"%s"."%s"' % (alias, self._document_id_field)
        free, restricted = self._readable_document_models()
        parts, params = [], []
        if free:
            parts.append("%s IN (%s)" % (model_col, ", ".join(["%s"] * len(free))))
            params += free
        for name in restricted:
            # the document's read rules, as a sub-select of its readable ids
            query = self.env[name].with_context(active_test=False)._where_calc_query([])
            sub_sql, sub_params = query.subselect()
            parts.append("(%s = %%s AND %s IN (%s))" % (model_col, id_col, sub_sql))
            params += [name] + list(sub_params)
        return ("(%s)" % " OR ".join(parts) if parts else "FALSE"), params

    def _extra_read_condition(self, alias):
        """``(sql, params)`` of rows readable whatever their document (a message's author), or None."""
        return None

    def _apply_ir_rules(self, query, mode="read"):
        super()._apply_ir_rules(query, mode)
        if self.env.su:
            return
        sql, params = self._document_read_condition(query.alias)
        extra = self._extra_read_condition(query.alias)
        if extra:
            sql, params = "(%s OR %s)" % (sql, extra[0]), params + list(extra[1])
        query.add_where(sql, params)

    # --- checks on given rows -------------------------------------------------------------------
    def check_access_rule(self, operation):
        super().check_access_rule(operation)
        if self.env.su or not self:
            return
        if operation == "read":
            ids = [rid for rid in self._ids if isinstance(rid, int)]
            found = set(self.with_context(active_test=False).search([("id", "in", ids)]).ids)
            hidden = self.browse([rid for rid in ids if rid not in found]).sudo().exists()
            if hidden:
                self._raise_document_error("read", hidden.with_env(self.env))
            return
        self._check_document_rows(operation)

    def _check_document_rows(self, operation):
        """Raise AccessError unless the user may ``operation`` these rows given their documents.

        The default: the document in the same mode (read for read, write otherwise)."""
        mode = "read" if operation == "read" else "write"
        self._check_documents({row: mode for row in self.sudo()}, operation)

    def _check_documents(self, modes, operation):
        """``modes``: {row (sudo): document access mode, or None when the row needs no check}."""
        wanted = {}   # (model, mode) -> {res_id: [rows]}
        for row, mode in modes.items():
            if mode is None:
                continue
            model_name, res_id = row[self._document_model_field], row[self._document_id_field]
            if not model_name or not res_id:
                continue
            wanted.setdefault((model_name, mode), {}).setdefault(res_id, []).append(row)
        for (model_name, mode), by_id in wanted.items():
            allowed = self._allowed_document_ids(model_name, list(by_id), mode)
            refused = [row for res_id, rows in by_id.items() if res_id not in allowed for row in rows]
            if refused:
                self._raise_document_error(operation, self.browse([row.id for row in refused]))

    @api.model
    def _allowed_document_ids(self, model_name, res_ids, mode):
        """The ids among ``res_ids`` of ``model_name`` the user may ``mode`` (ACL and record rules)."""
        if model_name not in self.env:
            return set()
        Model = self.env[model_name]
        if not Model.check_access_rights(mode, raise_exception=False):
            return set()
        domain = self.env["ir.rule"]._compute_domain(model_name, mode)
        found = Model.sudo().with_context(active_test=False).search([("id", "in", list(res_ids))] + list(domain))
        return set(found.ids)

    def _raise_document_error(self, operation, rows):
        raise AccessError(_(
            "You may not %(operation)s these %(description)s records: they belong to documents you have "
            "no access to.\n\nRecords: %(records)s\nUser: %(user)s",
            operation=_(_OPERATION_WORDS.get(operation, operation)), description=_(self._description),
            records=", ".join(str(rid) for rid in rows._ids[:6]), user=self.env.uid))
