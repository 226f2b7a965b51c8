import logging


from flectra import api, fields, models
from flectra.exceptions import ValidationError

_logger = logging.getLogger(__name__)


class IrRule(models.Model):
    """Record rules: domains restricting which records a user may see or change.

    Global rules (no group) are all ANDed; the rules of the user's groups are ORed together,
    then ANDed with the global ones, as Flectra does.
    """

    _name = "ir.rule"
    _description = "Record Rule"
    _order = "model_id DESC, id"
    _MODES = ("read", "write", "create", "unlink")

    name = fields.Char(index=True)
    active = fields.Boolean(default=True)
    model_id = fields.Many2one("ir.model", string="Model", index=True, required=True, ondelete="cascade")
    groups = fields.Many2many("res.groups", "rule_group_rel", "rule_group_id", "group_id", ondelete="restrict")
    domain_force = fields.Text(string="Domain")
    perm_read = fields.Boolean(string="Apply for Read", default=True)
    perm_write = fields.Boolean(string="Apply for Write", default=True)
    perm_create = fields.Boolean(string="Apply for Create", default=True)
    perm_unlink = fields.Boolean(string="Apply for Delete", default=True)
    global_ = fields.Boolean(compute="_compute_global", string="Global")

    @api.depends("groups")
    def _compute_global(self):
        for rule in self:
            rule.global_ = not rule.groups

    @api.model
    def _eval_context(self):
        from fazhi.tools.safe_eval import time
        user = self.env.user.with_context({})
        return {
            "user": user, "time": time, "company_ids": self.env.companies.ids,
            "company_id": self.env.company.id,
        }

    @api.model
    def _compute_domain(self, model_name, mode="read"):
        """The domain the current user's rules impose on ``model_name`` for ``mode`` ([] = none)."""
        if mode not in self._MODES:
            raise ValueError("Invalid mode: %r" % (mode,))
        if self.env.su:
            return []
        cache = self.env.transaction.__dict__.setdefault("rule_cache", {})
        key = (self.env.uid, model_name, mode, tuple(self.env.context.get("allowed_company_ids") or ()))
        if key in cache:
            return cache[key]
        cr = self.env.cr
        cr.execute('SELECT r.id, r.domain_force FROM ir_rule r JOIN ir_model m ON m.id = r.model_id '
                   'WHERE m.model = %%s AND r.active = %%s AND r."perm_%s" = %%s ORDER BY r.id' % mode,
                   [model_name, True, True])
        rules = cr.fetchall()
        if not rules:
            cache[key] = []
            return []
        rule_ids = [r[0] for r in rules]
        cr.execute("SELECT rule_group_id, group_id FROM rule_group_rel WHERE rule_group_id IN (%s)"
                   % ", ".join(["%s"] * len(rule_ids)), rule_ids)
        rule_groups = {}
        for rid, gid in cr.fetchall():
            rule_groups.setdefault(rid, set()).add(gid)
        user_groups = self.env.user._get_group_ids()
        eval_context = self._eval_context()
        global_domains, group_domains = [], []
        from fazhi.tools.safe_eval import safe_eval
        from flectra.osv import expression
        for rid, domain_text in rules:
            domain = safe_eval(domain_text, eval_context) if domain_text else []
            domain = expression.normalize_domain(domain) if domain else []
            groups = rule_groups.get(rid)
            if not groups:
                global_domains.append(domain or [(1, "=", 1)])
            elif groups & user_groups:
                group_domains.append(domain or [(1, "=", 1)])
        if not group_domains and not global_domains:
            result = []
        elif not group_domains:
            result = expression.AND(global_domains)
        else:
            result = expression.AND(global_domains + [expression.OR(group_domains)])
        cache[key] = result
        return result

    @api.constrains("domain_force")
    def _check_domain(self):
        from fazhi.tools.safe_eval import safe_eval
        for rule in self:
            if rule.domain_force:
                try:
                    domain = safe_eval(rule.domain_force, self._eval_context())
                    self.env[rule.model_id.model].sudo()._where_calc_query(domain)
                except Exception as exc:
                    raise ValidationError(self.env._("Invalid domain in record rule %(name)s: %(error)s",
                                                     name=rule.name or rule.id, error=exc))

    def _clear_cache(self):
        self.env.transaction.__dict__.pop("rule_cache", None)

    @api.model_create_multi
    def create(self, vals_list):
        self._clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        self._clear_cache()
        return super().write(vals)

    def unlink(self):
        self._clear_cache()
        return super().unlink()
