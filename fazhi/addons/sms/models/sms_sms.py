import datetime
import logging
import uuid

from flectra import _, api, fields, models
from flectra.exceptions import AccessError, UserError, ValidationError

from fazhi.queue import delivery

from ..tools.sms_delivery import (SmsGatewayError, classify_failure, contains_id_number, gives_up,
                                  normalize_number, retry_delay)

_logger = logging.getLogger(__name__)
_NO_GATEWAY_WARNED = set()   #: databases whose missing SMS gateway this process has logged

QUEUE_BATCH = 500  #: messages sent per run of the queue


def _new_key():
    return uuid.uuid4().hex


class SmsSms(models.Model):
    """An outgoing text message, queued until the SMS queue (``process_sms_queue``) sends it.

    Each message has one idempotency key for its whole life: every attempt sends the same key,
    so a gateway that already took it drops the repeat (see ``tools/sms_delivery.py``).
    Transient failures are retried with a growing delay; permanent ones, or too many, end in
    ``error`` with the reason. Texts holding a full ID number are refused (PII minimisation).

    Run by the queue (a cron or a job), each message is claimed (``sending``) in a committed
    transaction before it goes to the gateway and its outcome recorded in another right after
    (``fazhi.queue.delivery``). One still ``sending`` after ``delivery.claim_timeout()`` was interrupted in
    between: it is queued again with the same key, which the gateway drops if it took it already.
    """

    _name = "sms.sms"
    _description = "Outgoing SMS"
    _order = "id desc"
    _rec_name = "number"

    number = fields.Char(string="Number", required=True, index=True,
                         help="Mainland mobile number, stored as 11 digits.")
    body = fields.Text(string="Text", required=True)
    partner_id = fields.Many2one("res.partner", string="Recipient", ondelete="set null", index=True)
    state = fields.Selection([("outgoing", "In queue"), ("sending", "Sending"), ("sent", "Sent"), ("error", "Error"),
                              ("cancel", "Cancelled")], string="Status", default="outgoing", required=True,
                             index=True, copy=False, readonly=True)
    attempts = fields.Integer(string="Attempts", default=0, copy=False, readonly=True,
                              help="Failed sending attempts so far.")
    next_attempt = fields.Datetime(string="Next attempt", index=True, copy=False,
                                   help="Not sent before this time (retries are pushed back).")
    error_message = fields.Text(string="Error", readonly=True, copy=False)
    idempotency_key = fields.Char(string="Idempotency key", required=True, copy=False, readonly=True,
                                  default=lambda self: _new_key(),
                                  help="Sent with every attempt; the gateway drops repeats of a key it took.")
    provider_message_id = fields.Char(string="Provider message id", readonly=True, copy=False)
    sent_at = fields.Datetime(string="Sent on", readonly=True, copy=False)
    sending_date = fields.Datetime(string="Handed to the gateway on", readonly=True, copy=False)
    res_model = fields.Char(string="Related document model", index=True)
    res_id = fields.Integer(string="Related document id", index=True)

    _sql_constraints = [("idempotency_key_unique", "unique(idempotency_key)",
                         "The idempotency key of a text message is unique.")]

    @api.model
    def _normalize_number(self, number):
        """The 11-digit mainland mobile number in ``number``, or False."""
        return normalize_number(number) or False

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]
        for vals in vals_list:
            if vals.get("number"):
                vals["number"] = normalize_number(vals["number"]) or vals["number"]
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("number"):
            vals = dict(vals, number=normalize_number(vals["number"]) or vals["number"])
        return super().write(vals)

    @api.constrains("number")
    def _check_number(self):
        for sms in self:
            if not normalize_number(sms.number):
                raise ValidationError(_("%(number)s is not a mainland mobile number (11 digits starting with "
                                        "13-19).", number=sms.number))

    @api.constrains("body")
    def _check_body(self):
        for sms in self:
            if contains_id_number(sms.body):
                raise ValidationError(_("A text message must not contain a full ID number: mask it first."))

    def action_retry(self):
        """Queue failed or cancelled messages again (same key: a gateway that took one drops it)."""
        self._check_queue_access()
        self.filtered(lambda s: s.state in ("error", "cancel")).write(
            {"state": "outgoing", "attempts": 0, "error_message": False, "next_attempt": False})
        return True

    def cancel(self):
        self.filtered(lambda s: s.state == "outgoing").write({"state": "cancel"})
        return True

    def _check_queue_access(self):
        """Sending (and re-sending) is the system's business: the queue, or an administrator."""
        if not (self.env.su or self.env.user._is_system()):
            raise AccessError(_("Only the administrator may send or re-send queued text messages."))

    # --- queue --------------------------------------------------------------------------------
    @api.model
    def _due_domain(self):
        now = fields.Datetime.now()
        return [("state", "=", "outgoing"), "|", ("next_attempt", "=", False), ("next_attempt", "<=", now)]

    @api.model
    def process_sms_queue(self, ids=None):
        """Send the outgoing messages that are due (among ``ids`` if given); returns True."""
        self._check_queue_access()
        self._requeue_interrupted()
        domain = self._due_domain()
        if ids:
            domain = [("id", "in", list(ids))] + domain
        messages = self.sudo().search(domain, limit=QUEUE_BATCH, order="id asc")
        if messages:
            messages.send(raise_exception=False, auto_commit=delivery.auto_commit(self.env))
        return True

    @api.model
    def _requeue_interrupted(self):
        """Messages claimed long ago and never marked go again, with the same idempotency key."""
        cut = fields.Datetime.now() - datetime.timedelta(seconds=delivery.claim_timeout())
        stuck = self.sudo().search([("state", "=", "sending"), ("sending_date", "<", cut)])
        if stuck:
            _logger.warning("SMS %s were interrupted while being handed to the gateway: sent again with "
                            "their idempotency keys", stuck.ids)
            stuck.write({"state": "outgoing", "sending_date": False})

    def send(self, raise_exception=False, auto_commit=False):
        """Hand these outgoing messages to the gateway now; outcomes are recorded on each one.

        With ``auto_commit`` (the queue in a transaction of its own) each message is claimed and
        its outcome recorded in transactions of their own; the caller's pending work is committed.
        """
        self._check_queue_access()
        Gateway = self.env["sms.gateway"]
        todo = self.sudo().filtered(lambda s: s.state == "outgoing")
        if not todo:
            return True
        gateway = Gateway._gateway()
        dbname = self.env.cr.dbname
        if gateway is None:
            # once per database and process, not at every run of the queue (a demo's log)
            log = _logger.debug if dbname in _NO_GATEWAY_WARNED else _logger.warning
            _NO_GATEWAY_WARNED.add(dbname)
            log("No SMS gateway configured (sms.gateway_url): %s messages stay queued in database %s. "
                "Logged once until a gateway is configured.", len(todo), dbname)
            if raise_exception:
                raise UserError(_("No SMS gateway is configured: set the system parameter sms.gateway_url."))
            return True
        _NO_GATEWAY_WARNED.discard(dbname)   # a gateway again: warn anew if it goes
        max_attempts = Gateway._max_attempts()
        if auto_commit:
            self.env.cr.commit()
        for sms in todo:
            if auto_commit:
                if not delivery.claim(self.env, self._table, sms.id, "next_attempt", fields.Datetime.now()):
                    continue
                sms.invalidate_recordset(["state", "sending_date"])
            try:
                provider_id = gateway.send(sms.number, sms.body, sms.idempotency_key)
            except SmsGatewayError as exc:
                sms._record(lambda sms=sms, exc=exc: sms._record_failure(exc, max_attempts), auto_commit)
                if raise_exception:
                    raise
                continue
            sms._record(lambda sms=sms, pid=provider_id: sms._record_success(pid), auto_commit)
        return True

    def _record(self, func, auto_commit):
        if not auto_commit:
            func()
            return
        delivery.record_outcome(self.env, self, func, "SMS %s" % self.id)

    def _record_success(self, provider_id):
        self.write({"state": "sent", "provider_message_id": provider_id or False, "error_message": False,
                    "next_attempt": False, "sent_at": fields.Datetime.now()})
        _logger.info("SMS %s sent (provider id %s)", self.id, provider_id)

    def _record_failure(self, exc, max_attempts):
        """Transient failures retry later with a growing delay; permanent ones (or too many) give up."""
        kind, reason = classify_failure(exc)
        attempts = self.attempts + 1
        if gives_up(kind, attempts, max_attempts):
            _logger.warning("SMS %s failed (%s, attempt %s): %s", self.id, kind, attempts, reason)
            self.write({"state": "error", "attempts": attempts, "error_message": reason, "next_attempt": False})
        else:
            _logger.info("SMS %s will be retried (attempt %s): %s", self.id, attempts, reason)
            self.write({"state": "outgoing", "attempts": attempts, "error_message": reason,
                        "next_attempt": fields.Datetime.now() + retry_delay(attempts)})
