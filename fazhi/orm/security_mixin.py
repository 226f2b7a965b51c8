"""Access control on every ORM call made as a non-superuser: ACLs, record rules, field groups."""
import logging

from ..exceptions import AccessError, MissingError
from . import api

_logger = logging.getLogger(__name__)

_OPERATION_WORDS = {
    "read": "access", "write": "modify", "create": "create", "unlink": "delete",
}


def user_has_groups(env, groups):
    """``'mod.g1,!mod.g2'``: member of one listed group and of none of the negated ones."""
    if env.su:
        return True
    user = env.user
    positive, negative = [], []
    for ext_id in (groups or "").split(","):
        ext_id = ext_id.strip()
        if not ext_id:
            continue
        (negative if ext_id.startswith("!") else positive).append(ext_id.lstrip("!"))
    for ext_id in negative:
        if user.has_group(ext_id):
            return False
    for ext_id in positive:
        if user.has_group(ext_id):
            return True
    return not positive


class SecurityMixin:

    @api.model   # as in Flectra: RPC calls it without ids (the web client asks before offering 创建)
    def check_access_rights(self, operation, raise_exception=True):
        """Whether the user may ``operation`` this model at all (``ir.model.access``)."""
        if self.env.su:
            return True
        return self.env["ir.model.access"].check(self._name, operation, raise_exception)

    def check_access_rule(self, operation):
        """Raise AccessError when a record rule hides one of these records for ``operation``."""
        if self.env.su or not self:
            return
        domain = self.env["ir.rule"]._compute_domain(self._name, operation)
        if not domain:
            if operation == "write":
                self._check_missing_for_write()
            return
        ids = [rid for rid in self._ids if isinstance(rid, int)]
        valid = self.sudo().with_context(active_test=False).search([("id", "in", ids)] + list(domain))
        forbidden = self - self.browse(valid._ids)
        if not forbidden:
            return
        existing = forbidden.sudo().exists()
        if existing:
            self._raise_rule_error(operation, existing.with_env(self.env))
        if operation == "write":
            raise MissingError(self.env._("Record does not exist or has been deleted.\n"
                                          "(Record: %(record)s, User: %(uid)s)", record=forbidden, uid=self.env.uid))

    def _check_missing_for_write(self):
        existing = self.sudo().exists()
        if len(existing) != len(set(self._ids)):
            missing = self - existing.with_env(self.env)
            raise MissingError(self.env._("Record does not exist or has been deleted.\n"
                                          "(Record: %(record)s, User: %(uid)s)", record=missing, uid=self.env.uid))

    def _raise_rule_error(self, operation, records):
        description = self.env._(self._description or self._name)
        raise AccessError(self.env._(
            "Due to security restrictions, you are not allowed to %(operation)s '%(description)s' "
            "(%(model)s) records.\n\nRecords: %(records)s\nUser: %(user)s",
            operation=self.env._(_OPERATION_WORDS.get(operation, operation)), description=description,
            model=self._name, records=", ".join(str(i) for i in records._ids[:6]), user=self.env.uid))

    def _apply_ir_rules(self, query, mode="read"):
        if self.env.su:
            return
        domain = self.env["ir.rule"]._compute_domain(self._name, mode)
        if domain:
            from .domain import compile_domain
            model = self.sudo().with_context(active_test=False)
            sql, params = compile_domain(model, domain, query)
            query.add_where(sql, params)

    def _field_allowed(self, field):
        return not field.groups or user_has_groups(self.env, field.groups)

    def _check_field_access(self, fnames, operation):
        """AccessError when the user lacks the ``groups`` of one of these fields."""
        if self.env.su:
            return
        for name in fnames:
            field = self._fields.get(name)
            if field is not None and field.groups and not user_has_groups(self.env, field.groups):
                raise AccessError(self.env._(
                    "You do not have enough rights to access the field \"%(field)s\" on %(description)s "
                    "(%(model)s). Please contact your system administrator.\n\nOperation: %(operation)s",
                    field=name, description=self.env._(self._description or self._name),
                    model=self._name, operation=operation))
