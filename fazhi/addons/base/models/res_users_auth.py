"""Logging in: password or API key, account lock-out after repeated failures, audit rows.

The lock-out state lives in the database (``login_failures``, ``locked_until``), so every
worker process sees it. Unknown logins cost the same key derivation as wrong passwords, and
every refusal is the same ``AccessDenied``, so logins cannot be enumerated.
"""
import datetime
import hashlib
import hmac
import logging
import secrets

from flectra import api, fields, models, _
from flectra.exceptions import AccessDenied, UserError

from fazhi.tools import clock
from fazhi.tools import password as passwords

_logger = logging.getLogger(__name__)

LOCK_THRESHOLD = 5        #: consecutive failures before the account locks (ASVS 6.3.1, 等保 8.1.4.1b)
LOCK_MINUTES = 30         #: how long it stays locked
_dummy_hashes = {}
_credential_cache = {}    # (db, uid) -> sha256(password + stored hash): skips the KDF on repeat calls


def _dummy_hash():
    rounds = passwords.default_rounds()
    if rounds not in _dummy_hashes:
        _dummy_hashes[rounds] = passwords.hash_password(secrets.token_hex(16), rounds)
    return _dummy_hashes[rounds]


def _cache_key(password, stored):
    return hashlib.sha256(("%s\x00%s" % (password, stored)).encode()).hexdigest()


class ResUsersLog(models.Model):
    """Authentication events: one row per login success, failure or lock."""

    _name = "res.users.log"
    _description = "Users Log"
    _order = "id desc"

    login = fields.Char(index=True)
    user_id = fields.Many2one("res.users", ondelete="cascade", index=True)
    outcome = fields.Selection([("success", "Success"), ("failure", "Failure"), ("locked", "Locked"),
                                ("unlock", "Unlocked")], required=True)
    ip = fields.Char(string="IP address")
    channel = fields.Char(help="web, jsonrpc, xmlrpc, …")


class ResUsersApikeys(models.Model):
    """API keys for scripts and service accounts: shown once, stored hashed."""

    _name = "res.users.apikeys"
    _description = "Users API Keys"
    _order = "id desc"

    name = fields.Char(string="Description", required=True)
    user_id = fields.Many2one("res.users", required=True, ondelete="cascade", index=True)
    index = fields.Char(size=8, index=True, readonly=True)
    key_hash = fields.Char(readonly=True, groups="base.group_system")
    expiration_date = fields.Datetime()

    @api.model
    def _generate(self, name, password, expiration_date=None):
        """A new key for the current user, who must give their password again (re-auth)."""
        user = self.env.user
        try:
            user._check_credentials(password)
        except AccessDenied:
            raise AccessDenied() from None
        key = "fz%s" % secrets.token_hex(20)
        self.sudo().create({"name": name, "user_id": user.id, "index": key[:8],
                            "key_hash": hashlib.sha256(key.encode()).hexdigest(),
                            "expiration_date": expiration_date})
        return key

    @api.model
    def _check_key(self, uid, key):
        if not key or len(key) < 16:
            return False
        self.env.cr.execute('SELECT key_hash, expiration_date FROM res_users_apikeys WHERE user_id = %s AND "index" = %s',
                            [uid, key[:8]])
        digest = hashlib.sha256(key.encode()).hexdigest()
        now = clock.now()
        for stored, expiration in self.env.cr.fetchall():
            if expiration and fields.Datetime.to_datetime(expiration) < now:
                continue
            if hmac.compare_digest(stored, digest):
                return True
        return False

    def unlink(self):
        _credential_cache.clear()
        return super().unlink()


class ResUsers(models.Model):
    _inherit = "res.users"

    login_failures = fields.Integer(copy=False, groups="base.group_system", readonly=True)
    locked_until = fields.Datetime(copy=False, groups="base.group_system", readonly=True)
    api_key_ids = fields.One2many("res.users.apikeys", "user_id", string="API Keys")

    def _auth_log(self, login, user_id, outcome, env_info):
        self.env["res.users.log"].sudo().create({
            "login": login, "user_id": user_id, "outcome": outcome,
            "ip": (env_info or {}).get("REMOTE_ADDR"), "channel": (env_info or {}).get("channel")})

    def _auth_row(self, where, value):
        self.env.cr.execute("SELECT id, login, COALESCE(password, ''), active, locked_until, COALESCE(login_failures, 0) "
                            "FROM res_users WHERE %s = %%s" % where, [value])
        return self.env.cr.fetchone()

    def _auth_verify(self, row, password, env_info):
        """True when ``password`` (or an API key) is right for the user ``row``; counts failures.

        API keys are for RPC scripts only: an interactive login (``env_info["interactive"]``: the
        web login form, ``/web/session/authenticate``) takes the password alone, so a key never
        opens a browser session (security-reliability.md AUTH-7).
        """
        uid, login, stored, active, locked_until, failures = row
        now = clock.now()
        locked_until = fields.Datetime.to_datetime(locked_until) if locked_until else None
        if active and self.browse(uid).sudo()._is_public():
            active = False     # the anonymous web visitor never logs in, whatever its row says
        if not active or (locked_until and locked_until > now):
            passwords.verify_password(password, _dummy_hash())   # same cost as a real check
            self._auth_log(login, uid, "locked" if active else "failure", env_info)
            return False
        cached = _credential_cache.get((self.env.cr.dbname, uid))
        if cached and stored and hmac.compare_digest(cached, _cache_key(password, stored)):
            ok = True
        else:
            ok = bool(stored) and passwords.verify_password(password, stored)
            if not stored:
                passwords.verify_password(password, _dummy_hash())
            if not ok and not (env_info or {}).get("interactive"):
                ok = self.env["res.users.apikeys"]._check_key(uid, password)
            elif stored:
                _credential_cache[(self.env.cr.dbname, uid)] = _cache_key(password, stored)
        if ok:
            if failures or locked_until:
                self.env.cr.execute("UPDATE res_users SET login_failures = 0, locked_until = NULL WHERE id = %s", [uid])
                # callers sharing the transaction with the call commit this first (service.security)
                self.env.cr.cache["fazhi.auth_reset"] = True
            return True
        failures += 1
        lock = now + datetime.timedelta(minutes=LOCK_MINUTES) if failures >= LOCK_THRESHOLD else None
        self.env.cr.execute("UPDATE res_users SET login_failures = %s, locked_until = %s WHERE id = %s",
                            [failures, fields.Datetime.to_string(lock) if lock else None, uid])
        self._auth_log(login, uid, "locked" if lock else "failure", env_info)
        _credential_cache.pop((self.env.cr.dbname, uid), None)
        return False

    @api.model
    def _login(self, login, password, user_agent_env=None):
        """The uid of ``login`` when ``password`` is right; AccessDenied otherwise (same for all causes).

        The caller commits even when this raises, so failure counts persist.
        """
        if not login or not password:
            raise AccessDenied()
        row = self._auth_row("login", login)
        if row is None:
            passwords.verify_password(password, _dummy_hash())
            self._auth_log(login, None, "failure", user_agent_env)
            raise AccessDenied()
        if not self._auth_verify(row, password, user_agent_env):
            raise AccessDenied()
        self.env.cr.execute("UPDATE res_users SET login_date = %s WHERE id = %s",
                            [fields.Datetime.to_string(clock.now()), row[0]])
        self._auth_log(login, row[0], "success", user_agent_env)
        return row[0]

    @api.model
    def _check_uid_password(self, uid, password, user_agent_env=None):
        """For stateless RPC calls: AccessDenied unless ``password`` is right for ``uid``."""
        row = self._auth_row("id", int(uid))
        if row is None or not password or not self._auth_verify(row, password, user_agent_env):
            if row is None:
                passwords.verify_password(password or "", _dummy_hash())
            raise AccessDenied()

    def action_unlock(self):
        """Admin unlock of locked accounts."""
        for user in self:
            self.env.cr.execute("UPDATE res_users SET login_failures = 0, locked_until = NULL WHERE id = %s", [user.id])
            self._auth_log(user.login, user.id, "unlock", {})
        return True

    def _store_password(self, plain):
        super()._store_password(plain)
        _credential_cache.pop((self.env.cr.dbname, self.id), None)

    def write(self, vals):
        if "active" in vals or "password" in vals or "new_password" in vals:
            for user in self:
                _credential_cache.pop((self.env.cr.dbname, user.id), None)
        return super().write(vals)

    @api.model
    def change_password(self, old_passwd, new_passwd):
        """The current user changes their own password; the old one is required."""
        if not new_passwd:
            raise UserError(_("Setting empty passwords is not allowed for security reasons!"))
        self.env.user._check_credentials(old_passwd)
        self.env.user.sudo()._store_password(new_passwd)
        return True
