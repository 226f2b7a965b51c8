import datetime

from flectra import api, fields, models, _
from flectra.exceptions import AccessError, UserError

OUTBOX_STATES = [("queued", "Queued"), ("sent", "Sent"), ("acknowledged", "Acknowledged"), ("rejected", "Rejected")]
BACKOFF_BASE_SECONDS = 30
BACKOFF_MAX_SECONDS = 3600
TASK_AFTER_ATTEMPTS = 5   #: a failing row becomes a visible task after this many failed attempts
EXCHANGE_GROUPS = ("xinyong.xinyong_group_exchange", "xinyong.xinyong_group_manager")


def backoff_seconds(attempts):
    """Exponential backoff: 30 s, 60 s, 120 s … capped at an hour."""
    return min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2 ** max(0, attempts - 1))


class XinyongOutbox(models.Model):
    """The transactional outbox of the credit-platform exchange.

    A row is written in the same transaction as the record version it carries, so nothing is sent that
    was not committed and nothing committed is left unsent. The exchange worker reads due rows, posts
    them with their idempotency key (the platform keeps one record per key) and reports the answer
    through the ``exchange_*`` methods, which write only exchange states."""

    _name = "xinyong.outbox"
    _description = "Credit platform exchange"
    _order = "id"
    _rec_name = "idempotency_key"

    version_id = fields.Many2one("xinyong.default.record.version", required=True, ondelete="restrict", index=True,
                                 readonly=True)
    record_id = fields.Many2one(related="version_id.record_id", store=True, index=True, string="Default record")
    agency_id = fields.Many2one(related="version_id.record_id.agency_id", store=True, index=True,
                                string="Government body")
    version = fields.Integer(related="version_id.version", store=True)
    status = fields.Selection(related="version_id.status", store=True, string="Record status")
    idempotency_key = fields.Char(required=True, readonly=True, index=True)
    payload_json = fields.Text(readonly=True)
    payload_xml = fields.Text(readonly=True)
    state = fields.Selection(OUTBOX_STATES, default="queued", required=True, readonly=True, index=True)
    attempts = fields.Integer(readonly=True)
    next_attempt_at = fields.Datetime(readonly=True, index=True, default=fields.Datetime.now)
    sent_at = fields.Datetime(readonly=True)
    acknowledged_at = fields.Datetime(readonly=True)
    last_error = fields.Text(readonly=True)
    platform_reason = fields.Text(string="Platform's reason", readonly=True)
    platform_reference = fields.Char(readonly=True)
    duplicate_acks = fields.Integer(string="Duplicate acknowledgements", readonly=True)

    _sql_constraints = [("key_unique", "unique(idempotency_key)", "One outbox row per record version.")]

    def write(self, vals):
        if not self.env.su:
            raise AccessError(_("Exchange rows change only through the exchange (acknowledge, reject, retry)."))
        return super().write(vals)

    def unlink(self):
        raise UserError(_("Exchange rows are never deleted: they are the record of what the platform was sent."))

    # --- what the worker calls (over RPC) ---
    def _check_exchange_user(self):
        if not any(self.env.user.has_group(group) for group in EXCHANGE_GROUPS):
            raise AccessError(_("Only the exchange user or a credit-office manager reports exchange results."))

    def _by_key(self, key):
        row = self.sudo().search([("idempotency_key", "=", key)], limit=1)
        if not row:
            raise UserError(_("No exchange row has the key %(key)s.", key=key))
        return row

    @api.model
    def exchange_pending(self, limit=50, fmt="json"):
        """Rows due for sending, oldest first: queued ones and sent ones whose answer never came back
        (a worker killed mid-batch); re-sending is safe, the platform keeps one record per key."""
        self._check_exchange_user()
        now = fields.Datetime.now()
        rows = self.sudo().search([("state", "in", ("queued", "sent")), ("next_attempt_at", "<=", now)],
                                  limit=int(limit), order="id")
        return [{"id": row.id, "key": row.idempotency_key, "attempts": row.attempts, "version": row.version,
                 "payload": row.payload_xml if fmt == "xml" else row.payload_json} for row in rows]

    @api.model
    def exchange_mark_sent(self, keys, lease_seconds=120):
        """Before posting: sent, with a lease; without an answer within the lease the row is due again."""
        self._check_exchange_user()
        now = fields.Datetime.now()
        for key in keys:
            row = self._by_key(key)
            if row.state in ("queued", "sent"):
                row.sudo().write({"state": "sent", "sent_at": now, "attempts": row.attempts + 1,
                                  "next_attempt_at": now + datetime.timedelta(seconds=int(lease_seconds))})
        return True

    @api.model
    def exchange_acknowledge(self, key, reference=None):
        """The platform acknowledged; a second acknowledgement of the same key changes nothing but a count."""
        self._check_exchange_user()
        row = self._by_key(key)
        if row.state == "acknowledged":
            row.sudo().write({"duplicate_acks": row.duplicate_acks + 1})
            return "duplicate"
        row.sudo().write({"state": "acknowledged", "acknowledged_at": fields.Datetime.now(),
                          "platform_reference": reference or False, "last_error": False})
        return "acknowledged"

    @api.model
    def exchange_reject(self, key, reason):
        """The platform refused the record: rejected, with its reason, and a task for the credit office."""
        self._check_exchange_user()
        row = self._by_key(key)
        if row.state == "acknowledged":
            return "ignored"   # an acknowledged record is not un-acknowledged by a late answer
        reason = (reason or "").strip() or _("The platform gave no reason.")
        row.sudo().write({"state": "rejected", "platform_reason": reason})
        row._task(_("The credit platform rejected version %(version)s: %(reason)s", version=row.version,
                    reason=reason))
        return "rejected"

    @api.model
    def exchange_fail(self, key, error, task=False):
        """A transient failure (outage, timeout, 500, unreadable answer): due again after a backoff; a
        visible task after repeated failures or when ``task`` (an answer that cannot be parsed)."""
        self._check_exchange_user()
        row = self._by_key(key)
        if row.state in ("acknowledged", "rejected"):
            return "ignored"
        attempts = max(row.attempts, 1)
        row.sudo().write({"state": "queued", "last_error": (error or "")[:2000],
                          "next_attempt_at": fields.Datetime.now() + datetime.timedelta(
                              seconds=backoff_seconds(attempts))})
        if task or attempts == TASK_AFTER_ATTEMPTS:
            row._task(_("Sending version %(version)s to the credit platform failed (%(attempts)s attempts): "
                        "%(error)s", version=row.version, attempts=attempts, error=error))
        return "retry"

    @api.model
    def exchange_reconcile(self, platform_keys):
        """What the platform holds vs what was acknowledged, stored as a ``xinyong.reconciliation`` run in the
        same call; returns the stored run's summary."""
        self._check_exchange_user()
        held = {str(key) for key in platform_keys or ()}
        acknowledged = set(self.sudo().search([("state", "=", "acknowledged")]).mapped("idempotency_key"))
        ours = set(self.sudo().search([]).mapped("idempotency_key"))
        run = self.env["xinyong.reconciliation"]._record_run(held, acknowledged, ours)
        return run._summary()

    def _task(self, summary):
        record = self.sudo().record_id
        user = record.user_id or self.env.ref("base.user_admin", raise_if_not_found=False)
        record.activity_schedule("mail.mail_activity_data_todo", date_deadline=fields.Date.context_today(self),
                                 summary=summary[:250], note=summary, user_id=user.id if user else self.env.uid)

    def _requeue_missing(self):
        """An acknowledged version the platform no longer holds: due again now under its own key (a new attempt,
        never a new record on the platform); the earlier acknowledgement stays in the row's history."""
        for row in self.sudo():
            row.write({"state": "queued", "next_attempt_at": fields.Datetime.now(),
                       "last_error": _("Missing on the platform at reconciliation; sent again under the same key.")})
        return True

    def action_requeue(self):
        """A credit-office manager sends a row again now (e.g. after the platform fixed its side)."""
        if not (self.env.su or self.env.user.has_group("xinyong.xinyong_group_manager")):
            raise AccessError(_("Only a credit-office manager re-queues an exchange row."))
        self.filtered(lambda r: r.state != "acknowledged").sudo().write(
            {"state": "queued", "next_attempt_at": fields.Datetime.now()})
        return True
