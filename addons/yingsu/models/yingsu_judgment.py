import datetime

from flectra import api, fields, models, _
from flectra.exceptions import UserError, ValidationError

from flectra.addons.fuyi_case.tools import periods

from ..tools import litigation

KINDS = [("judgment", "Judgment"), ("ruling", "Ruling"), ("mediation", "Mediation document")]
#: outcome → (article of the ALL, lost by the agency)
OUTCOMES = {
    "reject_claim": ("ALL Art. 69", False), "revoke": ("ALL Art. 70", True), "perform_duty": ("ALL Art. 72", True),
    "pay": ("ALL Art. 73", True), "confirm_illegal": ("ALL Art. 74", True), "confirm_invalid": ("ALL Art. 75", True),
    "vary": ("ALL Art. 77", True), "agreement_remedy": ("ALL Art. 78", True), "withdrawal": ("ALL Art. 62", False),
    "dismiss_suit": ("ALL-I Art. 69", False), "mediated": ("ALL Art. 60", False),
    "appeal_rejected": ("ALL Art. 89 para 1 (1)", False), "amended": ("ALL Art. 89 para 1 (2)", False),
    "remanded": ("ALL Art. 89 para 1 (3)", False),
}
OUTCOME_LABELS = [
    ("reject_claim", "Claim rejected (驳回诉讼请求)"), ("revoke", "Act revoked (撤销)"),
    ("perform_duty", "Ordered to perform (履行法定职责)"), ("pay", "Ordered to pay (给付)"),
    ("confirm_illegal", "Confirmed illegal (确认违法)"), ("confirm_invalid", "Confirmed invalid (确认无效)"),
    ("vary", "Varied (变更)"), ("agreement_remedy", "Agreement remedy (协议责任)"),
    ("withdrawal", "Withdrawal permitted (准许撤诉)"), ("dismiss_suit", "Suit dismissed (驳回起诉)"),
    ("mediated", "Mediated (调解)"), ("appeal_rejected", "Appeal rejected, first instance upheld (驳回上诉)"),
    ("amended", "First instance amended (改判)"), ("remanded", "Remanded (发回重审)"),
]
PERFORMANCE_STATES = [("none", "Nothing to perform"), ("pending", "To perform"), ("performed", "Performed"),
                      ("overdue", "Overdue")]


class YingsuJudgment(models.Model):
    """A judgment, ruling or mediation document in a lawsuit: appeal period, effect, performance (ALL Arts. 85,
    94, 96) and the loss (败诉) analysis."""

    _name = "yingsu.judgment"
    _description = "Judgment or ruling"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    lawsuit_id = fields.Many2one("yingsu.lawsuit", string="Lawsuit", required=True, ondelete="cascade", index=True)
    case_id = fields.Many2one(related="lawsuit_id.case_id", store=True, index=True)
    agency_id = fields.Many2one(related="lawsuit_id.agency_id", store=True, index=True, string="Agency")
    cause = fields.Selection(related="lawsuit_id.cause", store=True)
    kind = fields.Selection(KINDS, required=True, default="judgment")
    outcome = fields.Selection(OUTCOME_LABELS, required=True, tracking=True)
    article = fields.Char(compute="_compute_loss", store=True, string="Article applied")
    against_agency = fields.Boolean(string="Amendment against the agency",
                                    help="For an amended first instance (改判): whether the agency loses")
    lost = fields.Boolean(compute="_compute_loss", store=True, index=True)
    date = fields.Date(string="Date of the document", required=True)
    number = fields.Char(string="Document number")
    served_date = fields.Date(string="Served on", tracking=True)
    appeal_due_date = fields.Date(compute="_compute_appeal_due", store=True,
                                  help="15 days from service for a judgment, 10 for a ruling (ALL Art. 85)")
    appealed = fields.Boolean(readonly=True, tracking=True)
    appeal_date = fields.Date(readonly=True)
    appeal_lawsuit_id = fields.Many2one("yingsu.lawsuit", string="Appeal", readonly=True)
    final = fields.Boolean(string="Final (no appeal)", help="Second-instance and retrial judgments take effect on "
                                                            "service")
    effective_date = fields.Date(readonly=True, tracking=True)
    superseded = fields.Boolean(readonly=True, help="Replaced by a later instance")
    obligation = fields.Text(string="What the agency must do")
    performance_due = fields.Date(string="Performance deadline", tracking=True)
    performed_date = fields.Date(tracking=True)
    performance_evidence_ids = fields.Many2many("ir.attachment", "yingsu_judgment_performance_rel", "judgment_id",
                                                "attachment_id", string="Proof of performance")
    performance_state = fields.Selection(PERFORMANCE_STATES, compute="_compute_performance", store=True, index=True)
    fine_days = fields.Integer(compute="_compute_performance", store=True,
                               help="Days late: the court may fine the head 50–100 yuan a day (ALL Art. 96 (2))")
    fine_min = fields.Integer(compute="_compute_performance", store=True, string="Fine exposure from (yuan)")
    fine_max = fields.Integer(compute="_compute_performance", store=True, string="Fine exposure to (yuan)")
    enforcement_due_date = fields.Date(compute="_compute_performance", store=True,
                                       help="The other side may apply for enforcement within 2 years of the last day "
                                            "of performance (ALL-I Art. 153)")
    default_candidate = fields.Boolean(compute="_compute_performance", store=True, index=True,
                                       help="An effective judgment the agency has not performed in time: a candidate "
                                            "government default record (政务失信)")
    loss_pct = fields.Float(string="Loss rate (%)", compute="_compute_loss", store=True, group_operator="avg")
    year = fields.Char(compute="_compute_loss", store=True, index=True)

    @api.depends("outcome", "against_agency", "date")
    def _compute_loss(self):
        for judgment in self:
            article, lost = OUTCOMES.get(judgment.outcome, (False, False))
            if judgment.outcome == "amended":
                lost = judgment.against_agency
            judgment.article = article
            judgment.lost = lost
            judgment.loss_pct = 100.0 if lost else 0.0
            judgment.year = str(judgment.date.year) if judgment.date else False

    @api.depends("served_date", "kind", "final")
    def _compute_appeal_due(self):
        calendar = self.env["fuyi.calendar.day"]._work_calendar() if self else None
        for judgment in self:
            if judgment.served_date and not judgment.final and judgment.kind != "mediation":
                due = litigation.period_due(calendar, litigation.appeal_kind(judgment.kind), judgment.served_date)
                judgment.appeal_due_date = due.date
            else:
                judgment.appeal_due_date = False

    @api.depends("effective_date", "performance_due", "performed_date", "obligation", "lost")
    @api.depends_context("date")
    def _compute_performance(self):
        calendar = self.env["fuyi.calendar.day"]._work_calendar() if self else None
        today = fields.Date.context_today(self)
        for judgment in self:
            due, performed = judgment.performance_due, judgment.performed_date
            if not due:
                state = "performed" if performed else ("pending" if judgment.obligation else "none")
            elif performed:
                state = "performed"
            else:
                state = "overdue" if due < today else "pending"
            days, low, high = litigation.fine_exposure(due, performed or today) if due else (0, 0, 0)
            judgment.performance_state = state
            judgment.fine_days, judgment.fine_min, judgment.fine_max = days, low, high
            judgment.enforcement_due_date = periods.compute_due(calendar, due, 2, "year").date if due else False
            judgment.default_candidate = bool(judgment.effective_date and due and not performed and due < today)

    @api.constrains("served_date", "date")
    def _check_dates(self):
        for judgment in self:
            if judgment.served_date and judgment.date and judgment.served_date < judgment.date:
                raise ValidationError(_("A document cannot be served (%(served)s) before it was made (%(date)s).",
                                        served=judgment.served_date, date=judgment.date))

    @api.model_create_multi
    def create(self, vals_list):
        judgments = super().create(vals_list)
        for judgment in judgments:
            lawsuit = judgment.lawsuit_id
            earlier = lawsuit.previous_lawsuit_id.judgment_ids.filtered(lambda j: not j.superseded)
            earlier.write({"superseded": True})
            lawsuit.state = "judged"
            if judgment.served_date:
                judgment._open_appeal_deadline()
        return judgments

    # --- service, appeal, effect (ALL Art. 85) ---
    def action_serve(self, date):
        self.ensure_one()
        self.served_date = fields.Date.to_date(date)
        self._open_appeal_deadline()
        if self.final:
            self._make_effective(self.served_date)
        return True

    def _open_appeal_deadline(self):
        if self.final or self.kind == "mediation":
            return
        kind = litigation.appeal_kind(self.kind)
        length, unit, basis, _event = litigation.PERIODS[kind]
        self.lawsuit_id.case_id._add_deadline("appeal", _("Appeal period"), basis, self.served_date, length, unit,
                                              start_event=_("judgment served") if self.kind == "judgment" else
                                              _("ruling served"))

    def action_appeal(self, date, by="agency"):
        """Register an appeal, refused once the 15/10 days from service have passed (ALL Art. 85); opens the
        second-instance lawsuit with the same parties; returns its id."""
        self.ensure_one()
        appealed = fields.Date.to_date(date)
        if not self.served_date:
            raise UserError(_("Register the service of the %(kind)s first: the appeal period runs from service "
                              "(ALL Art. 85).", kind=_(dict(KINDS)[self.kind])))
        if self.final or self.kind == "mediation":
            raise UserError(_("This document is final and cannot be appealed (ALL Art. 85)."))
        if appealed > self.appeal_due_date:
            raise UserError(_("The appeal period ended on %(due)s (%(days)s days from service on %(served)s, ALL Art. "
                              "85): an appeal on %(date)s is too late, the %(kind)s has taken effect.",
                              due=self.appeal_due_date, served=self.served_date, date=appealed,
                              days=15 if self.kind == "judgment" else 10, kind=_(dict(KINDS)[self.kind])))
        if appealed < self.served_date:
            raise UserError(_("An appeal cannot precede the service of the document (%(served)s).",
                              served=self.served_date))
        lawsuit = self.lawsuit_id
        appeal = self.env["yingsu.lawsuit"].create({
            "title": lawsuit.title, "agency_id": lawsuit.agency_id.id, "instance": "second_instance",
            "cause": lawsuit.cause, "act_description": lawsuit.act_description, "act_date": lawsuit.act_date,
            "reconsideration_id": lawsuit.reconsideration_id.id, "previous_lawsuit_id": lawsuit.id,
            "date_received": appealed, "dispute_id": lawsuit.dispute_id.id,
            "related_case_ids": [(4, lawsuit.case_id.id)],
            "party_ids": [(0, 0, {"partner_id": p.partner_id.id, "role": p.role, "is_primary": p.is_primary})
                          for p in lawsuit.party_ids]})
        self.lawsuit_id.case_id._deadline("appeal").action_done(appealed)
        self.write({"appealed": True, "appeal_date": appealed, "appeal_lawsuit_id": appeal.id})
        self.message_post(body=_("Appealed on %(date)s (%(by)s).", date=appealed, by=by))
        return appeal.id

    def action_mark_effective(self, date=None):
        """Not appealed in time: the document takes effect (ALL Art. 85); the performance clock starts."""
        self.ensure_one()
        if self.appealed:
            raise UserError(_("The %(kind)s was appealed: the second-instance decision takes effect instead.",
                              kind=_(dict(KINDS)[self.kind])))
        if not self.served_date:
            raise UserError(_("Register the service first (ALL Art. 85)."))
        earliest = (self.appeal_due_date + datetime.timedelta(days=1)) if self.appeal_due_date else self.served_date
        effective = fields.Date.to_date(date) if date else earliest
        if effective < earliest:
            raise UserError(_("The appeal period runs until %(due)s: the document takes effect on %(earliest)s at the "
                              "earliest (ALL Art. 85).", due=self.appeal_due_date, earliest=earliest))
        appeal = self.lawsuit_id.case_id._deadline("appeal")
        if appeal:
            appeal.action_done(appeal.due_date)
        self._make_effective(effective)
        return True

    def _make_effective(self, effective):
        self.write({"effective_date": effective})
        lawsuit = self.lawsuit_id
        lawsuit.state = "effective"
        previous = lawsuit.previous_lawsuit_id
        while previous:
            previous.state = "closed"
            previous = previous.previous_lawsuit_id
        if not self.performance_due and not (self.obligation or "").strip():
            lawsuit.state = "closed"   # nothing to perform: the lawsuit ends with the effective decision
        if self.performance_due:
            lawsuit.case_id._add_deadline("performance", _("Performance of the effective judgment"), "ALL Art. 94",
                                          effective, max((self.performance_due - effective).days, 0), "calendar_day",
                                          roll_over=False, start_event=_("judgment effective"))

    def action_record_performance(self, date, proof_ids=None):
        """Performed: the daily-fine exposure is what the days late would cost (ALL Art. 96 (2))."""
        self.ensure_one()
        performed = fields.Date.to_date(date)
        if not self.effective_date:
            raise UserError(_("Only an effective judgment is performed (ALL Art. 94)."))
        vals = {"performed_date": performed}
        if proof_ids:
            vals["performance_evidence_ids"] = [(6, 0, proof_ids)]
        self.write(vals)
        deadline = self.lawsuit_id.case_id._deadline("performance")
        if deadline:
            deadline.action_done(performed)
        if self.fine_days:
            self.message_post(body=_("Performed %(days)s days late: exposure to a daily fine on the agency head of "
                                     "%(low)s–%(high)s yuan (ALL Art. 96 (2)).", days=self.fine_days,
                                     low=self.fine_min, high=self.fine_max))
        if self.lawsuit_id.state == "effective":
            self.lawsuit_id.state = "closed"
        return True

    @api.model
    def loss_rate(self, domain=None):
        """败诉率: effective, not superseded decisions lost by the agency / all such decisions, in %."""
        decided = self.search((domain or []) + [("superseded", "=", False), ("effective_date", "!=", False)])
        return litigation.rate(len(decided.filtered("lost")), len(decided))
