from flectra import api, fields, models, _
from flectra.exceptions import AccessError, UserError

LINE_KINDS = [("missing_on_platform", "Missing on the platform"), ("unknown_to_us", "Unknown to us"),
              ("held_not_acknowledged", "Held, not acknowledged here")]


class XinyongReconciliation(models.Model):
    """One reconciliation run: what the platform holds vs what was acknowledged here, kept as a record.

    Written by ``xinyong.outbox.exchange_reconcile`` in the call that compares, as the user calling it (the
    exchange user may create runs and nothing else); never changed afterwards."""

    _name = "xinyong.reconciliation"
    _description = "Reconciliation with the credit platform"
    _order = "run_at desc, id desc"  #: the latest run first
    _rec_name = "run_at"

    run_at = fields.Datetime(string="Run at", required=True, readonly=True, default=fields.Datetime.now)
    user_id = fields.Many2one("res.users", string="Run by", required=True, readonly=True,
                              default=lambda self: self.env.uid)
    held_count = fields.Integer(string="Held by the platform", readonly=True)
    acknowledged_count = fields.Integer(string="Acknowledged here", readonly=True)
    missing_count = fields.Integer(string="Missing on the platform", readonly=True)
    unknown_count = fields.Integer(string="Unknown to us", readonly=True)
    unacknowledged_count = fields.Integer(string="Held, not acknowledged here", readonly=True)
    line_ids = fields.One2many("xinyong.reconciliation.line", "reconciliation_id", string="Keys", readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # who ran it and when are the server's, never the caller's
            now = fields.Datetime.now()
            vals_list = [dict(vals, user_id=self.env.uid, run_at=now) for vals in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(_("A reconciliation run is a record of what was found: it cannot be changed."))
        return super().write(vals)

    def unlink(self):
        raise UserError(_("Reconciliation runs are never deleted."))

    @api.model
    def _record_run(self, held, acknowledged, ours):
        """Store a run from the three key sets; lines link to the outbox rows where they exist."""
        sets = {"missing_on_platform": sorted(acknowledged - held), "unknown_to_us": sorted(held - ours),
                "held_not_acknowledged": sorted((held & ours) - acknowledged)}
        listed = set().union(*sets.values())
        rows = self.env["xinyong.outbox"].sudo().search([("idempotency_key", "in", sorted(listed & ours))])
        row_by_key = {row.idempotency_key: row.id for row in rows}
        lines = [(0, 0, {"kind": kind, "key": key, "outbox_id": row_by_key.get(key, False)})
                 for kind, keys in sets.items() for key in keys]
        return self.create({"held_count": len(held), "acknowledged_count": len(acknowledged),
                            "missing_count": len(sets["missing_on_platform"]),
                            "unknown_count": len(sets["unknown_to_us"]),
                            "unacknowledged_count": len(sets["held_not_acknowledged"]), "line_ids": lines})

    def _summary(self):
        """What the worker prints: the stored run, its counts and its keys."""
        self.ensure_one()
        keys = {kind: self.line_ids.filtered(lambda l, k=kind: l.kind == k).mapped("key") for kind, _l in LINE_KINDS}
        return {"reconciliation_id": self.id, "run_at": fields.Datetime.to_string(self.run_at),
                "user": self.user_id.login, "held": self.held_count, "acknowledged": self.acknowledged_count,
                "missing_on_platform": sorted(keys["missing_on_platform"]),
                "unknown_to_us": sorted(keys["unknown_to_us"]),
                "held_not_acknowledged": sorted(keys["held_not_acknowledged"])}


class XinyongReconciliationLine(models.Model):
    """A key found on one side only (or held but not acknowledged), with its outbox row when we have one."""

    _name = "xinyong.reconciliation.line"
    _description = "Reconciliation key"
    _order = "reconciliation_id, kind, key"

    reconciliation_id = fields.Many2one("xinyong.reconciliation", required=True, ondelete="cascade", index=True,
                                        readonly=True)
    kind = fields.Selection(LINE_KINDS, required=True, readonly=True)
    key = fields.Char(string="Idempotency key", required=True, readonly=True)
    outbox_id = fields.Many2one("xinyong.outbox", string="Exchange row", readonly=True, ondelete="restrict")
    outbox_state = fields.Selection(related="outbox_id.state", string="Exchange state")
    version = fields.Integer(related="outbox_id.version")
    requeued_at = fields.Datetime(string="Sent again at", readonly=True)
    requeued_by = fields.Many2one("res.users", string="Sent again by", readonly=True)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(_("A reconciliation run is a record of what was found: it cannot be changed."))
        return super().write(vals)

    def unlink(self):
        raise UserError(_("Reconciliation runs are never deleted."))

    def action_requeue(self):
        """Send a version the platform lost again: a new attempt under the SAME idempotency key, so the platform
        still keeps one record of it."""
        self.ensure_one()
        if not (self.env.su or self.env.user.has_group("xinyong.xinyong_group_manager")):
            raise AccessError(_("Only a credit-office manager sends a version again."))
        if self.kind != "missing_on_platform" or not self.outbox_id:
            raise UserError(_("Only a version missing on the platform is sent again from a reconciliation."))
        self.outbox_id._requeue_missing()
        self.sudo().write({"requeued_at": fields.Datetime.now(), "requeued_by": self.env.uid})
        return True
