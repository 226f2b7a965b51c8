from flectra import api, fields, models


class ResGroups(models.Model):
    """Groups of users; a group's members also get its implied groups (transitively)."""

    _name = "res.groups"
    _description = "Access Groups"
    _order = "name"
    _rec_name = "full_name"

    name = fields.Char(required=True)
    users = fields.Many2many("res.users", "res_groups_users_rel", "gid", "uid")
    implied_ids = fields.Many2many("res.groups", "res_groups_implied_rel", "gid", "hid",
                                   string="Inherits", help="Users of this group also get the inherited groups")
    trans_implied_ids = fields.Many2many("res.groups", string="Transitively inherits",
                                         compute="_compute_trans_implied")
    model_access = fields.One2many("ir.model.access", "group_id", string="Access Controls")
    rule_groups = fields.Many2many("ir.rule", "rule_group_rel", "group_id", "rule_group_id", string="Rules")
    category_id = fields.Many2one("ir.module.category", string="Application", index=True)
    full_name = fields.Char(compute="_compute_full_name", store=True)
    comment = fields.Text()
    color = fields.Integer(string="Color Index")
    share = fields.Boolean(string="Share Group", help="Group created to set access rights for sharing data with some users.")

    _sql_constraints = [("name_uniq", "unique (category_id, name)", "The name of the group must be unique within an application!")]

    @api.depends("name", "category_id.name")
    def _compute_full_name(self):
        for group in self:
            if group.category_id:
                group.full_name = "%s / %s" % (group.category_id.name, group.name)
            else:
                group.full_name = group.name

    @api.depends("implied_ids.implied_ids")
    def _compute_trans_implied(self):
        for group in self:
            group.trans_implied_ids = self.browse(sorted(self._closure([group.id]) - {group.id}))

    @api.model
    def _closure(self, group_ids):
        """The groups and every group they imply, transitively (one query per level)."""
        result = set(group_ids)
        frontier = set(group_ids)
        cr = self.env.cr
        while frontier:
            ids = list(frontier)
            cr.execute("SELECT hid FROM res_groups_implied_rel WHERE gid IN (%s)" % ", ".join(["%s"] * len(ids)), ids)
            frontier = {r[0] for r in cr.fetchall()} - result
            result |= frontier
        return result

    def _apply_implied_to_users(self):
        """Members of these groups get their implied groups (Flectra stores them too)."""
        users = self.sudo().mapped("users")
        users._add_implied_groups()

    def _invalidate_security(self, rules_changed=False, members_changed=False):
        if rules_changed:   # the rules' groups are cached across transactions (ir.rule)
            self.env["ir.rule"]._clear_cache()
        if members_changed:   # so are the users' groups (res.users._get_group_ids)
            self.env["res.users"]._bump_group_cache()
        tx = self.env.transaction
        tx.__dict__.pop("access_cache", None)
        tx.__dict__.pop("rule_cache", None)
        tx.__dict__.pop("group_cache", None)

    @api.model_create_multi
    def create(self, vals_list):
        groups = super().create(vals_list)
        self._invalidate_security(any("rule_groups" in vals for vals in vals_list),
                                  any("users" in vals or "implied_ids" in vals for vals in vals_list))
        groups._apply_implied_to_users()
        return groups

    def write(self, vals):
        result = super().write(vals)
        self._invalidate_security("rule_groups" in vals, "users" in vals or "implied_ids" in vals)
        if "implied_ids" in vals or "users" in vals:
            # users of groups implying these ones must get the new implications too
            related = self.sudo().search([("id", "in", list(self._closure_up(self.ids)))])
            related._apply_implied_to_users()
        return result

    def unlink(self):
        self._invalidate_security(True, True)
        return super().unlink()

    @api.model
    def _closure_up(self, group_ids):
        result = set(group_ids)
        frontier = set(group_ids)
        cr = self.env.cr
        while frontier:
            ids = list(frontier)
            cr.execute("SELECT gid FROM res_groups_implied_rel WHERE hid IN (%s)" % ", ".join(["%s"] * len(ids)), ids)
            frontier = {r[0] for r in cr.fetchall()} - result
            result |= frontier
        return result
