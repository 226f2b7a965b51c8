import logging

from flectra import api, fields, models, _
from flectra.exceptions import AccessDenied, UserError, ValidationError

from fazhi.tools import password as passwords

_logger = logging.getLogger(__name__)


class ResUsers(models.Model):
    """Users: a login on a partner (delegation), with groups and companies.

    The password never reaches the table in clear: ``password`` is write-only and its hash
    (pbkdf2-sha512, Flectra's format) sits in the ``password`` column, read only by SQL.
    """

    _name = "res.users"
    _description = "User"
    _inherits = {"res.partner": "partner_id"}
    _order = "name, login"

    def _default_groups(self):
        group = self.env.ref("base.group_user", raise_if_not_found=False)
        return group.ids if group else []

    partner_id = fields.Many2one("res.partner", required=True, ondelete="restrict", auto_join=True,
                                 string="Related Partner", index=True)
    login = fields.Char(required=True, help="Used to log into the system")
    password = fields.Char(compute="_compute_password", inverse="_set_password", copy=False,
                          string="Password", help="Write-only; stored as a salted hash")
    new_password = fields.Char(compute="_compute_password", inverse="_set_new_password", string="Set Password")
    active = fields.Boolean(default=True)
    groups_id = fields.Many2many("res.groups", "res_groups_users_rel", "uid", "gid", string="Groups",
                                 default=lambda self: self._default_groups())
    company_id = fields.Many2one("res.company", string="Company", required=True,
                                 default=lambda self: self.env.company.id, index=True)
    company_ids = fields.Many2many("res.company", "res_company_users_rel", "user_id", "cid", string="Companies",
                                   default=lambda self: self.env.company.ids)
    share = fields.Boolean(compute="_compute_share", store=True, string="Share User")
    login_date = fields.Datetime(string="Latest authentication", readonly=True)
    signature = fields.Html()

    _sql_constraints = [("login_key", "UNIQUE (login)", "You can not have two users with the same login !")]

    def init(self):
        from fazhi.sql import schema
        if "password" not in schema.table_columns(self.env.cr, "res_users"):
            self.env.cr.execute('ALTER TABLE res_users ADD COLUMN "password" VARCHAR')

    def _compute_password(self):
        for user in self:
            user.password = ""
            user.new_password = ""

    def _set_password(self):
        for user in self:
            user._store_password(user.password)

    def _set_new_password(self):
        for user in self:
            if user.new_password:
                user._store_password(user.new_password)

    def _store_password(self, plain):
        if not plain:
            return
        self.env.cr.execute("UPDATE res_users SET password = %s WHERE id = %s",
                            [passwords.hash_password(plain), self.id])

    @api.depends("groups_id")
    def _compute_share(self):
        user_group = self.env.ref("base.group_user", raise_if_not_found=False)
        for user in self:
            user.share = not user_group or user_group.id not in user._get_group_ids()

    @api.constrains("company_id", "company_ids")
    def _check_company(self):
        for user in self:
            if user.company_ids and user.company_id not in user.company_ids:
                raise ValidationError(_("The chosen company %(company)s is not in the allowed companies for "
                                        "user %(user)s.", company=user.company_id.name, user=user.name))

    # --- groups ---
    def _get_group_ids(self):
        """Ids of the user's groups plus every group they imply (cached, see below)."""
        self.ensure_one()
        from fazhi.orm.registry import read_cache_signal
        cache = self.env.transaction.__dict__.setdefault("group_cache", {})
        # with the token: the memo of a transaction object outlives a rollback of its cursor
        key = (read_cache_signal(self.env.cr), self.id)
        if key not in cache:
            # also across transactions, under the database's cache token: every change to a
            # user's groups or to implied groups gives it a new value (_bump_group_cache)
            shared = self.env.registry.security_cache(self.env.cr)
            groups = shared.get(("res.users.groups", self.id))
            if groups is None:
                self.env.cr.execute("SELECT gid FROM res_groups_users_rel WHERE uid = %s", [self.id])
                direct = [r[0] for r in self.env.cr.fetchall()]
                groups = frozenset(self.env["res.groups"]._closure(direct)) if direct else frozenset()
                shared[("res.users.groups", self.id)] = groups
            cache[key] = groups
        return cache[key]

    def _bump_group_cache(self):
        """Forget the users' groups in this transaction and (token change) in every process."""
        from fazhi.orm.registry import bump_cache_signal
        self.env.transaction.__dict__.pop("group_cache", None)
        bump_cache_signal(self.env.cr)

    @api.model
    def has_group(self, group_ext_id):
        """Whether the user (or the current user, called on the model) is in that group."""
        user = self if self._ids else self.env.user
        module, _dot, name = group_ext_id.partition(".")
        if not name:
            raise ValueError("External ID must be fully qualified: %r" % group_ext_id)
        group_id = self.env["ir.model.data"]._xmlid_to_res_id(group_ext_id)
        return bool(group_id) and group_id in user._get_group_ids()

    _has_group = has_group

    def _is_admin(self):
        self.ensure_one()
        return self.id == 1 or self.has_group("base.group_erp_manager")

    def _is_system(self):
        self.ensure_one()
        return self.id == 1 or self.has_group("base.group_system")

    def _is_superuser(self):
        return self.id == 1

    def _is_public(self):
        """The anonymous visitor of public web pages (base.public_user, group_public)."""
        self.ensure_one()
        return self.has_group("base.group_public")

    def _add_implied_groups(self):
        Groups = self.env["res.groups"]
        for user in self:
            self.env.cr.execute("SELECT gid FROM res_groups_users_rel WHERE uid = %s", [user.id])
            direct = {r[0] for r in self.env.cr.fetchall()}
            missing = Groups._closure(direct) - direct
            for gid in missing:
                self.env.cr.execute("INSERT INTO res_groups_users_rel (uid, gid) VALUES (%s, %s)", [user.id, gid])
            if missing:
                self.env.cache.invalidate(self._fields["groups_id"], [user.id])
                self.env.cache.invalidate(Groups._fields["users"])
        self._bump_group_cache()
        self.env.transaction.__dict__.pop("access_cache", None)
        self.env.transaction.__dict__.pop("rule_cache", None)

    # --- CRUD ---
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.setdefault("lang", "zh_CN")
            vals.setdefault("tz", "Asia/Shanghai")
            if not vals.get("name") and not vals.get("partner_id"):
                vals["name"] = vals.get("login")
        users = super().create(vals_list)
        users._add_implied_groups()
        for user in users:
            user.partner_id.write({"company_id": user.company_id.id}) if not user.partner_id.company_id else None
        return users

    def write(self, vals):
        if "login" in vals and not vals["login"]:
            raise ValidationError(_("A user needs a login."))
        result = super().write(vals)
        if "groups_id" in vals:
            self._add_implied_groups()   # also gives the database a new cache token
        if {"password", "new_password", "active", "groups_id", "login"} & set(vals):
            self.env.transaction.__dict__.pop("group_cache", None)
            self.env.transaction.__dict__.pop("credential_changes", None)
        return result

    def unlink(self):
        if 1 in self.ids:
            raise UserError(_("You can not remove the superuser: it is used internally."))
        self._bump_group_cache()
        return super().unlink()

    @api.returns("self", lambda value: value.id)
    def copy(self, default=None):
        self.ensure_one()
        default = dict(default or {})
        default.setdefault("login", _("%(login)s (copy)", login=self.login))
        default.setdefault("name", _("%(name)s (copy)", name=self.name))
        return super().copy(default)

    # --- authentication ---
    def _check_credentials(self, password, user_agent_env=None):
        """AccessDenied unless ``password`` matches the stored hash."""
        self.ensure_one()
        self.env.cr.execute("SELECT COALESCE(password, '') FROM res_users WHERE id = %s", [self.id])
        row = self.env.cr.fetchone()
        hashed = row[0] if row else ""
        if not password or not hashed or not passwords.verify_password(password, hashed):
            raise AccessDenied()
        if passwords.needs_rehash(hashed):
            self._store_password(password)

    @api.model
    def _login_notices(self):
        """Messages the current user is shown when the web client opens (addons add theirs)."""
        return []

    @api.model
    def context_get(self):
        user = self.env.user
        return {"lang": user.lang or "zh_CN", "tz": user.tz or "Asia/Shanghai", "uid": user.id}
