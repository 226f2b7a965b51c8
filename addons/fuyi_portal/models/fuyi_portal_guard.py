"""Throttling of the public portal: every counted request leaves a row; refusals leave abuse events."""
import datetime
import secrets

from flectra import api, fields, models

from ..tools import codes

ATTEMPT_KINDS = [
    ("sms_number", "SMS code for a mobile number"), ("sms_address", "SMS code from an address"),
    ("submit", "Application submitted"), ("track_send", "Tracking SMS code requested"),
    ("track_code", "Tracking SMS code for a tracking code"), ("open_fail", "Failed attempt to open an application"),
    ("open_block", "Address blocked from opening applications"),
]
#: setting key -> default; limits are never weaker than these unless an administrator says so
LIMIT_DEFAULTS = {
    "fuyi_portal.sms_per_number_minute": 1,
    "fuyi_portal.sms_per_number_hour": 5,
    "fuyi_portal.sms_per_number_day": 10,
    "fuyi_portal.sms_per_address_hour": 20,
    "fuyi_portal.submit_per_address_hour": 5,
    "fuyi_portal.submit_per_address_day": 20,
    "fuyi_portal.track_per_address_hour": 10,
    "fuyi_portal.track_per_code_hour": 3,
    "fuyi_portal.open_failures_per_address_hour": 10,
    "fuyi_portal.code_valid_minutes": 10,
    "fuyi_portal.code_max_tries": 5,
    "fuyi_portal.max_file_bytes": 10 * 1024 * 1024,
    "fuyi_portal.max_files": 10,
}
#: the county's clock for "today" on the portal: the public user has no time zone of its own
PORTAL_TZ = "Asia/Shanghai"
MINUTE, HOUR, DAY = datetime.timedelta(minutes=1), datetime.timedelta(hours=1), datetime.timedelta(days=1)


class FuyiPortalAttempt(models.Model):
    """One counted portal request (the rate limits count these rows in a sliding window)."""

    _name = "fuyi.portal.attempt"
    _description = "Portal request counted for rate limits"
    _order = "at desc, id desc"

    kind = fields.Selection(ATTEMPT_KINDS, required=True, index=True)
    key = fields.Char(string="Key (hashed)", required=True, index=True,
                      help="Keyed hash of the mobile number, address or tracking code")
    at = fields.Datetime(string="Time", required=True, default=fields.Datetime.now, index=True)

    @api.model
    def _secret(self):
        """The database's secret for the portal's keyed hashes (created once)."""
        params = self.env["ir.config_parameter"].sudo()
        key = params.get_param("fuyi_portal.secret")
        if not key:
            key = secrets.token_hex(32)
            params.set_param("fuyi_portal.secret", key)
        return key.encode()

    @api.model
    def _hash(self, *parts):
        return codes.keyed_hash(self._secret(), *parts)

    @api.model
    def _limit(self, key):
        """A limit setting as a positive integer; an unreadable value falls back to the default."""
        default = LIMIT_DEFAULTS[key]
        text = self.env["ir.config_parameter"].sudo().get_param(key, str(default))
        try:
            value = int(str(text).strip())
        except ValueError:
            return default
        return value if value > 0 else default

    @api.model
    def _count(self, kind, key, window):
        since = fields.Datetime.now() - window
        return self.sudo().search_count([("kind", "=", kind), ("key", "=", self._hash(kind, key)), ("at", ">=", since)])

    @api.model
    def _record(self, kind, key):
        return self.sudo().create({"kind": kind, "key": self._hash(kind, key)})

    @api.model
    def _over(self, checks):
        """The first (kind, key, window, setting) whose count has reached its limit, or None.

        Counting and recording are serialised per kind (``fuyi.portal.lock``): a flood sent in
        parallel must not slip through because every request counted before any of them recorded."""
        self.env["fuyi.portal.lock"]._acquire({kind for kind, _key, _window, _setting in checks})
        for kind, key, window, setting in checks:
            if self._count(kind, key, window) >= self._limit(setting):
                return kind, key, window, setting
        return None


class FuyiPortalLock(models.Model):
    """One row per attempt kind, updated before its requests are counted.

    The update holds the row until the transaction ends, so two requests of one kind count one
    after the other (PostgreSQL: the second waits, then fails serialisation and is retried with the
    first one's row visible; SQLite: writers are serialised anyway). Portal traffic is small enough
    for one lock per kind."""

    _name = "fuyi.portal.lock"
    _description = "Portal rate-limit lock"

    kind = fields.Selection(ATTEMPT_KINDS, required=True, index=True)
    bumped = fields.Integer(default=0)

    @api.model
    def _acquire(self, kinds):
        Lock = self.sudo()
        for kind in sorted(kinds):     # one order for every request: no deadlock between kinds
            locks = Lock.search([("kind", "=", kind)])
            if not locks:
                locks = Lock.create({"kind": kind})
            for lock in locks:
                lock.write({"bumped": lock.bumped + 1})
            locks.flush_recordset()


class FuyiPortalAbuse(models.Model):
    """A refused portal request, grouped per kind, key and address within an hour (for the administrator)."""

    _name = "fuyi.portal.abuse"
    _description = "Portal abuse event"
    _order = "last_seen desc, id desc"

    kind = fields.Selection([
        ("sms_flood", "SMS code requests over the limit"), ("submit_flood", "Submissions over the limit"),
        ("track_flood", "Tracking code requests over the limit"), ("open_flood", "Too many failed openings"),
        ("code_guessing", "SMS code tried too often"),
    ], required=True, index=True)
    key_masked = fields.Char(string="Key (masked)", help="Mobile number, tracking code or address, masked")
    key_hash = fields.Char(string="Key hash", index=True)
    ip_address = fields.Char(string="Client address", index=True)
    first_seen = fields.Datetime(string="First seen", required=True, default=fields.Datetime.now)
    last_seen = fields.Datetime(string="Last seen", required=True, default=fields.Datetime.now, index=True)
    count = fields.Integer(string="Refusals", default=1)
    setting = fields.Char(string="Limit setting", help="The ir.config_parameter whose limit was reached")

    @api.model
    def _log(self, kind, key, key_masked, ip, setting=False):
        """Count a refusal: the same kind, key and address within an hour add to one event."""
        Attempt = self.env["fuyi.portal.attempt"]
        key_hash = Attempt._hash("abuse", kind, key)
        now = fields.Datetime.now()
        event = self.sudo().search([("kind", "=", kind), ("key_hash", "=", key_hash), ("ip_address", "=", ip or False),
                                    ("last_seen", ">=", now - HOUR)], limit=1)
        if event:
            event.write({"count": event.count + 1, "last_seen": now})
            return event
        return self.sudo().create({"kind": kind, "key_hash": key_hash, "key_masked": key_masked,
                                   "ip_address": ip or False, "first_seen": now, "last_seen": now,
                                   "setting": setting or False})

    @api.model
    def _cron_purge(self):
        """Attempt rows older than a day count for no limit any more; abuse events stay 180 days."""
        now = fields.Datetime.now()
        self.env["fuyi.portal.attempt"].sudo().search([("at", "<", now - 2 * DAY)]).unlink()
        self.sudo().search([("last_seen", "<", now - 180 * DAY)]).unlink()
        return True


def mask_address(ip):
    """'203.0.113.*' / '2001:db8:*': the network part only."""
    ip = ip or ""
    if ":" in ip:
        return ":".join(ip.split(":")[:2]) + ":*"
    parts = ip.split(".")
    return ".".join(parts[:3] + ["*"]) if len(parts) == 4 else (ip and "*")
