import ast
import logging

from flectra import api, fields, models
from flectra.exceptions import ValidationError

_logger = logging.getLogger(__name__)

_COMPANY_NAMES = frozenset({"company_id", "company_ids"})


def _domain_needs(text):
    """The company names a rule's domain text uses, or None if it uses other names than those
    and ``user.id`` (``user.partner_id``, ``time``…): then it is evaluated in every transaction."""
    if not text:
        return frozenset()
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        return None
    user_ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "user" \
                and node.attr == "id":
            user_ids.add(id(node.value))
    needs = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if node.id in _COMPANY_NAMES:
                needs.add(node.id)
            elif not (node.id == "user" and id(node) in user_ids):
                return None
    return frozenset(needs)


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
        """The domain the current user's rules impose on ``model_name`` for ``mode`` ([] = none).

        Cached in the transaction, and across transactions in the registry's security cache
        (whose token changes with every change to the rules, here or in another process): the
        rules of a model and, when they only use ``user.id``, ``company_id`` and ``company_ids``,
        the combined domain per user, groups and companies.
        """
        if mode not in self._MODES:
            raise ValueError("Invalid mode: %r" % (mode,))
        if self.env.su:
            return []
        from fazhi.orm.registry import read_cache_signal
        cache = self.env.transaction.__dict__.setdefault("rule_cache", {})
        context_companies = tuple(self.env.context.get("allowed_company_ids") or ())
        # with the cache token: a savepoint rolled back after a rule change brings the old one back
        key = (read_cache_signal(self.env.cr), self.env.uid, model_name, mode, context_companies)
        if key in cache:
            return cache[key]
        shared = self.env.registry.security_cache(self.env.cr)
        rules = shared.get(("ir.rule", model_name, mode))
        if rules is None:
            rules = shared[("ir.rule", model_name, mode)] = self._fetch_rules(model_name, mode)
        if not rules:
            cache[key] = []
            return []
        user_groups = self.env.user._get_group_ids()
        applicable = [rule for rule in rules if not rule[2] or rule[2] & user_groups]
        needs = set()
        for _rid, _text, _groups, rule_needs in applicable:
            if rule_needs is None or type(self)._eval_context is not IrRule._eval_context:
                needs = None
                break
            needs |= rule_needs
        if needs is None:
            result = self._combine(rules, user_groups, self._eval_context())
        else:
            # the values the domains may use are part of the key; env.company also checks that the
            # context's companies are allowed, as the full evaluation context always did
            company_id = self.env.company.id if "company_id" in needs or context_companies else None
            company_ids = tuple(self.env.companies.ids) if "company_ids" in needs else None
            domain_key = ("ir.rule.domain", self.env.uid, model_name, mode, user_groups, company_id, company_ids)
            result = shared.get(domain_key)
            if result is None:
                from fazhi.tools.safe_eval import time
                eval_context = {"user": self.env.user.with_context({}), "time": time,
                                "company_id": company_id, "company_ids": list(company_ids or ())}
                result = shared[domain_key] = self._combine(rules, user_groups, eval_context)
        cache[key] = result
        return result

    @api.model
    def _fetch_rules(self, model_name, mode):
        """[(id, domain text, group ids, needs)] of the active rules of a model for a mode.

        ``needs``: the set of ``company_id``/``company_ids`` the domain uses, or None when it
        uses anything else than those and ``user.id`` (its value could change unseen).
        """
        cr = self.env.cr
        cr.execute('SELECT r.id, r.domain_force FROM ir_rule r JOIN ir_model m ON m.id = r.model_id '
                   'WHERE m.model = %%s AND r.active = %%s AND r."perm_%s" = %%s ORDER BY r.id' % mode,
                   [model_name, True, True])
        rules = cr.fetchall()
        if not rules:
            return []
        rule_ids = [r[0] for r in rules]
        cr.execute("SELECT rule_group_id, group_id FROM rule_group_rel WHERE rule_group_id IN (%s)"
                   % ", ".join(["%s"] * len(rule_ids)), rule_ids)
        rule_groups = {}
        for rid, gid in cr.fetchall():
            rule_groups.setdefault(rid, set()).add(gid)
        return [(rid, text, frozenset(rule_groups.get(rid, ())), _domain_needs(text)) for rid, text in rules]

    @api.model
    def _combine(self, rules, user_groups, eval_context):
        """Global rules ANDed, with the OR of the rules of the user's groups."""
        global_domains, group_domains = [], []
        from fazhi.tools.safe_eval import safe_eval
        from flectra.osv import expression
        for _rid, domain_text, groups, _needs in rules:
            if groups and not groups & user_groups:
                continue
            domain = safe_eval(domain_text, eval_context) if domain_text else []
            domain = expression.normalize_domain(domain) if domain else []
            if not groups:
                global_domains.append(domain or [(1, "=", 1)])
            else:
                group_domains.append(domain or [(1, "=", 1)])
        if not group_domains and not global_domains:
            return []
        if not group_domains:
            return expression.AND(global_domains)
        return expression.AND(global_domains + [expression.OR(group_domains)])

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
        """Forget the rule domains, in this transaction and (token change) in every process."""
        from fazhi.orm.registry import bump_cache_signal
        self.env.transaction.__dict__.pop("rule_cache", None)
        bump_cache_signal(self.env.cr)

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
