import datetime
from decimal import Decimal

from flectra import api, fields, models, _
from flectra.exceptions import UserError, ValidationError

from ..tools import integrity as rules

PROMISE_KINDS = [("promise", "Written promise"), ("contract", "Contract or agreement"), ("ppp", "PPP contract"),
                 ("investment", "Investment contract")]
#: the fields of NDRC-2023 where government contract defaults are watched
PROMISE_FIELDS = [("procurement", "Government procurement"), ("tendering", "Tendering and bidding"),
                  ("investment", "Investment attraction"), ("ppp", "Public-private partnership"),
                  ("industrial_support", "Industrial support"), ("government_investment", "Government investment")]
SOURCES = [("contract", "Contract"), ("minutes", "Meeting minutes"), ("reply", "Written reply"),
           ("document", "Official document")]
OBLIGATION_KINDS = [("payment", "Payment"), ("performance", "Performance"), ("policy", "Policy promise")]
PAYERS = [(rules.ORGAN, "Organ or public institution"), (rules.LARGE_ENTERPRISE, "Large enterprise")]
WARNING_LEVELS = [("none", "No warning"), ("coming_due", "Coming due"), ("due_today", "Due today"),
                  ("overdue", "Overdue"), ("performed", "Performed")]
DEFAULT_WARNING_DAYS = 7


class XinyongPromise(models.Model):
    """A government promise or contract (政府承诺/合同) and the obligations it creates."""

    _name = "xinyong.promise"
    _description = "Government promise or contract"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "signed_date desc, id desc"

    name = fields.Char(string="Title", required=True, tracking=True)
    kind = fields.Selection(PROMISE_KINDS, required=True, default="contract", tracking=True)
    field = fields.Selection(PROMISE_FIELDS, string="Field", help="NDRC-2023: where contract defaults are watched")
    body_id = fields.Many2one("res.partner", string="Government body", required=True, index=True, tracking=True,
                              domain=[("party_kind", "=", "agency")])
    counterpart_id = fields.Many2one("res.partner", string="Counterpart", required=True, index=True, tracking=True)
    counterpart_uscc = fields.Char(related="counterpart_id.uscc", string="Counterpart USCC")
    counterpart_sme = fields.Boolean(string="Counterpart is an SME",
                                     help="Payments follow the SME payment regulation (SME-PAY)")
    source = fields.Selection(SOURCES, required=True, default="contract")
    source_reference = fields.Char(string="Source reference", help="Contract number, minutes or document number")
    signed_date = fields.Date(string="Signed on", tracking=True)
    lpr_at_signing = fields.Float(string="One-year LPR at signing (%)", digits=(6, 3))
    agreed_late_rate = fields.Float(string="Agreed late-payment rate (% a year)", digits=(6, 3),
                                    help="Not below the one-year LPR at signing (SME-PAY Art. 17); "
                                         "empty: 0.05% a day")
    obligation_ids = fields.One2many("xinyong.obligation", "promise_id", string="Obligations")
    amount_total = fields.Float(string="Total amount", compute="_compute_amounts", store=True)
    amount_overdue = fields.Float(string="Amount overdue", compute="_compute_amounts", store=True)

    @api.depends("obligation_ids.amount", "obligation_ids.warning_level", "obligation_ids.amount_open")
    def _compute_amounts(self):
        for promise in self:
            promise.amount_total = sum(promise.obligation_ids.mapped("amount"))
            promise.amount_overdue = sum(promise.obligation_ids.filtered(
                lambda o: o.warning_level == "overdue").mapped("amount_open"))

    @api.constrains("agreed_late_rate", "lpr_at_signing")
    def _check_agreed_rate(self):
        for promise in self:
            if promise.agreed_late_rate and promise.lpr_at_signing:
                try:
                    rules.check_agreed_rate(promise.agreed_late_rate, promise.lpr_at_signing)
                except rules.IntegrityError:
                    raise ValidationError(_("The agreed late-payment rate %(rate)s%% is below the one-year LPR "
                                            "%(lpr)s%% at signing (SME-PAY Art. 17).",
                                            rate=promise.agreed_late_rate, lpr=promise.lpr_at_signing))

    @api.constrains("counterpart_id")
    def _check_counterpart_uscc(self):
        """The counterpart of a contract is an organisation with a valid USCC (checked on the partner)."""
        for promise in self:
            if promise.counterpart_id.party_kind != "person" and not promise.counterpart_id.uscc:
                raise ValidationError(_("The counterpart %(name)s has no unified social credit code: enter it on "
                                        "the counterpart first.", name=promise.counterpart_id.display_name))

    def unlink(self):
        raise UserError(_("Promises and contracts are never deleted: archive nothing, correct by editing "
                          "(every change is tracked)."))


class XinyongObligation(models.Model):
    """One obligation of a promise: what is due, when, how much, and whether it was performed.

    SME payments get their due date from SME-PAY Arts. 9-10 (delivery or acceptance + 30 days for
    organs, at most 60 agreed) and accrue late interest (Art. 17)."""

    _name = "xinyong.obligation"
    _description = "Obligation"
    _order = "due_date, id"

    promise_id = fields.Many2one("xinyong.promise", required=True, ondelete="restrict", index=True)
    body_id = fields.Many2one(related="promise_id.body_id", store=True, index=True, string="Government body")
    name = fields.Char(string="Description", required=True)
    kind = fields.Selection(OBLIGATION_KINDS, required=True, default="payment")
    sme_payment = fields.Boolean(string="SME payment", compute="_compute_sme_payment", store=True)
    payer = fields.Selection(PAYERS, default=rules.ORGAN, required=True)
    delivery_date = fields.Date(string="Delivered or accepted on",
                                help="Starts the SME payment period (SME-PAY Arts. 9-10)")
    agreed_days = fields.Integer(string="Agreed payment days", help="Empty: 30 days (organs), 60 (large enterprises)")
    due_date = fields.Date(string="Due date", compute="_compute_due_date", store=True, readonly=False, index=True)
    amount = fields.Float(string="Amount (yuan)", digits=(16, 2))
    paid_amount = fields.Float(string="Paid (yuan)", digits=(16, 2))
    amount_open = fields.Float(string="Open amount (yuan)", compute="_compute_amount_open", store=True)
    performed_date = fields.Date(string="Performed on")
    warning_level = fields.Selection(WARNING_LEVELS, default="none", readonly=True, index=True,
                                     help="Set by the daily monitoring sweep")
    days_overdue = fields.Integer(readonly=True)
    accrued_interest = fields.Float(string="Accrued late interest (yuan)", digits=(16, 2), readonly=True,
                                    help="SME-PAY Art. 17: the agreed rate, else 0.05% a day")
    monitored_on = fields.Date(string="Monitored on", readonly=True)

    @api.depends("kind", "promise_id.counterpart_sme")
    def _compute_sme_payment(self):
        for obligation in self:
            obligation.sme_payment = obligation.kind == "payment" and obligation.promise_id.counterpart_sme

    @api.depends("sme_payment", "delivery_date", "agreed_days", "payer")
    def _compute_due_date(self):
        calendar = self.env["fuyi.calendar.day"]._work_calendar() if self else None
        for obligation in self:
            if obligation.sme_payment and obligation.delivery_date:
                try:
                    term = rules.sme_payment_term(calendar, obligation.delivery_date, obligation.payer,
                                                  obligation.agreed_days or None)
                except rules.IntegrityError as error:
                    raise ValidationError(_("An organ or public institution may agree at most 60 days to pay an "
                                            "SME (SME-PAY Art. 9 para 1); %(days)s days were agreed.",
                                            days=error.params.get("days", obligation.agreed_days)))
                obligation.due_date = term.due
            elif not obligation.due_date:
                obligation.due_date = False

    @api.depends("amount", "paid_amount")
    def _compute_amount_open(self):
        for obligation in self:
            obligation.amount_open = max(0.0, (obligation.amount or 0.0) - (obligation.paid_amount or 0.0))

    @api.model_create_multi
    def create(self, vals_list):
        obligations = super().create(vals_list)
        obligations._refresh_monitoring()
        return obligations

    def write(self, vals):
        result = super().write(vals)
        if {"due_date", "delivery_date", "agreed_days", "amount", "paid_amount", "performed_date"} & set(vals):
            self._refresh_monitoring()
        return result

    def unlink(self):
        raise UserError(_("Obligations are never deleted: record their performance instead."))

    def action_record_performance(self, date, paid_amount=None):
        self.ensure_one()
        vals = {"performed_date": date}
        if paid_amount is not None:
            vals["paid_amount"] = paid_amount
        self.write(vals)
        self.promise_id.message_post(body=_("Obligation %(name)s performed on %(date)s.", name=self.name, date=date))
        return True

    @api.model
    def _annual_disclosure_domain(self, year, body_id=None):
        """SME payments that fell due in ``year`` and were still unpaid at its end (SME-PAY Art. 18 para 1)."""
        end = datetime.date(year, 12, 31)
        domain = [("sme_payment", "=", True), ("due_date", ">=", datetime.date(year, 1, 1)), ("due_date", "<=", end),
                  "|", ("performed_date", "=", False), ("performed_date", ">", end)]
        if body_id:
            domain.append(("body_id", "=", int(body_id)))
        return domain

    def _disclosure_figures(self, year):
        """(contracts, amount unpaid at the end of ``year``) of these obligations."""
        end = datetime.date(year, 12, 31)
        unpaid = sum((o.amount if not o.performed_date or o.performed_date > end else o.amount_open) for o in self)
        return len(self.mapped("promise_id")), round(unpaid, 2)

    @api.model
    def annual_disclosure(self, year, body_id=None):
        """What a body publishes by 31 March (SME-PAY Art. 18 para 1): the number and amount of its contracts
        with SME payments that fell due in ``year`` and were still unpaid at its end."""
        year = int(year)
        contracts, amount = self.search(self._annual_disclosure_domain(year, body_id))._disclosure_figures(year)
        return {"year": year, "publish_by": str(rules.annual_disclosure_due(year)),
                "contracts": contracts, "amount": amount}

    @api.model
    def annual_disclosure_by_body(self, year, body_id=None):
        """The figures of :meth:`annual_disclosure` per body, by body name; a chosen body is listed even
        with nothing overdue (its publication then says so)."""
        year = int(year)
        obligations = self.search(self._annual_disclosure_domain(year, body_id))
        bodies = obligations.mapped("body_id")
        if body_id:
            bodies |= self.env["res.partner"].browse(int(body_id))
        rows = []
        for body in bodies.sorted(lambda b: (b.name or "", b.id)):
            contracts, amount = obligations.filtered(lambda o: o.body_id == body)._disclosure_figures(year)
            rows.append({"body_id": body.id, "body": body.name, "contracts": contracts, "amount": amount})
        return rows

    # --- monitoring and warning (监测预警) ---
    @api.model
    def _warning_days(self):
        text = self.env["ir.config_parameter"].sudo().get_param("xinyong.warning_days", str(DEFAULT_WARNING_DAYS))
        try:
            return max(0, int(str(text).strip()))
        except ValueError:
            return DEFAULT_WARNING_DAYS

    def _daily_rate(self):
        """The agreed yearly rate as a daily one (365 days), else SME-PAY Art. 17's 0.05 % a day."""
        rate = self.promise_id.agreed_late_rate
        return Decimal(str(rate)) / Decimal(100) / Decimal(365) if rate else None

    def _refresh_monitoring(self, today=None):
        """Warning level, days overdue and accrued interest as of ``today`` (a daily sweep keeps them current)."""
        today = today or fields.Date.context_today(self)
        horizon = self._warning_days()
        for obligation in self:
            due, done = obligation.due_date, obligation.performed_date
            late = rules.days_late(due, done or today) if due else 0
            if done and obligation.amount_open <= 0:
                level = "performed"
            elif not due:
                level = "none"
            elif due < today:
                level = "overdue"
            elif due == today:
                level = "due_today"
            elif (due - today).days <= horizon:
                level = "coming_due"
            else:
                level = "none"
            interest = 0.0
            if obligation.sme_payment and late:
                base = obligation.amount if done else obligation.amount_open or obligation.amount
                interest = float(rules.late_interest(base or 0.0, late, obligation._daily_rate()))
            super(XinyongObligation, obligation).write({
                "warning_level": level, "days_overdue": late if level != "performed" or late else 0,
                "accrued_interest": interest, "monitored_on": today})

    @api.model
    def _cron_monitor(self):
        """Daily: refresh every open obligation and put a to-do on the promise of each newly overdue or
        coming-due one (once per level)."""
        obligations = self.search([("warning_level", "!=", "performed")])
        before = {o.id: o.warning_level for o in obligations}
        obligations._refresh_monitoring()
        for obligation in obligations:
            level = obligation.warning_level
            if level not in ("coming_due", "due_today", "overdue") or before[obligation.id] == level:
                continue
            name, date = obligation.name, obligation.due_date
            if level == "coming_due":
                summary = _("Obligation %(name)s is coming due on %(date)s.", name=name, date=date)
            elif level == "due_today":
                summary = _("Obligation %(name)s is due today (%(date)s).", name=name, date=date)
            else:
                summary = _("Obligation %(name)s is overdue since %(date)s.", name=name, date=date)
            obligation.promise_id.activity_schedule("mail.mail_activity_data_todo", date_deadline=date,
                                                    summary=summary,
                                                    user_id=obligation.promise_id.create_uid.id or self.env.uid)
        return True
