import datetime

from flectra import api, fields, models, _
from flectra.exceptions import UserError

from ..tools import periods, routing as routing_rules, statistics
from ..tools.reconsideration_flow import CLOSED_STATES
from .fuyi_case import cite

DECISION_TYPES = [
    ("vary", "Vary (变更)"), ("revoke", "Revoke (撤销)"), ("partial_revoke", "Partly revoke (部分撤销)"),
    ("confirm_illegal", "Confirm illegal (确认违法)"), ("order_performance", "Order performance (责令履行)"),
    ("confirm_invalid", "Confirm invalid (确认无效)"), ("uphold", "Uphold (维持)"),
    ("reject_request", "Reject the request (驳回行政复议请求)"), ("dismiss_application", "Dismiss the application (驳回申请)"),
    ("agreement_remedy", "Administrative agreement: performance, remedy or damages (Art. 71 para 1)"),
    ("agreement_compensation", "Administrative agreement: reasonable compensation (Art. 71 para 2)"),
    # kept for decisions on record: compensation is decided together with COMPENSATION_WITH (Art. 72)
    ("compensation", "Compensation"),
]
#: decisions that compensation goes with (ARL Art. 72): never ordered on its own
COMPENSATION_WITH = ("revoke", "partial_revoke", "vary", "confirm_illegal")
DECISION_ARTICLES = {
    "vary": "ARL Art. 63", "revoke": "ARL Art. 64", "partial_revoke": "ARL Art. 64", "confirm_illegal": "ARL Art. 65",
    "order_performance": "ARL Art. 66", "confirm_invalid": "ARL Art. 67", "uphold": "ARL Art. 68",
    "reject_request": "ARL Art. 69", "dismiss_application": "ARL Art. 33", "agreement_remedy": "ARL Art. 71 para 1",
    "agreement_compensation": "ARL Art. 71 para 2", "compensation": "ARL Art. 72",
}
SUSPEND_GROUNDS = [
    ("1", "(1) natural-person applicant died, heirs undecided"), ("2", "(2) applicant lost capacity, no legal representative"),
    ("3", "(3) applicant missing"), ("4", "(4) legal-person applicant terminated, successor undecided"),
    ("5", "(5) force majeure or other justified reason"), ("6", "(6) mediation or settlement under way, both sides agree"),
    ("7", "(7) law-application question awaiting interpretation"), ("8", "(8) depends on another pending case"),
    ("9", "(9) normative-document review pending (Arts. 56, 57)"), ("10", "(10) other"),
]
TERMINATE_GROUNDS = [
    ("withdrawn", "(1) withdrawal permitted"), ("death", "(2) applicant died, no heir or heirs waive"),
    ("dissolved", "(3) legal person terminated, no successor or successor waives"),
    ("criminal_measure", "(4) criminal compulsory measure for the same conduct"),
    ("long_suspension", "(5) suspended 60 days under Art. 39 (1), (2) or (4), cause persisting"),
]
SANCTIONS = [("warning", "Warning (警告)"), ("circulated_criticism", "Circulated criticism (通报批评)")]


class FuyiReconsideration(models.Model):
    """Routing (繁简分流), decisions, mediation, withdrawal, suspension and termination."""

    _inherit = "fuyi.reconsideration"

    state = fields.Selection(selection_add=[
        ("suspended", "Suspended"), ("decided", "Decided"), ("mediated", "Mediated"), ("withdrawn", "Withdrawn"),
        ("terminated", "Terminated")], ondelete={k: "set default" for k in
                                                 ("suspended", "decided", "mediated", "withdrawn", "terminated")})
    # --- routing facts and result ---
    facts_clear = fields.Boolean(default=True, help="Facts and rights/duties clear, dispute small (ARL Art. 53)")
    act_on_the_spot = fields.Boolean(string="Act made on the spot")
    act_sanction = fields.Selection(SANCTIONS, string="Sanction")
    act_other_measures = fields.Boolean(string="Other sanctions besides it",
                                        help="The act imposes more than the warning or circulated criticism (e.g. "
                                             "a fine): not simple under ARL Art. 53 para 1 (2)")
    act_amount = fields.Float(string="Amount involved (yuan)", digits=(16, 2))
    information_disclosure = fields.Boolean(string="Information disclosure case")
    parties_consent_simple = fields.Boolean(string="All parties agree to the simple procedure")
    complexity_factors = fields.Char(help="Comma-separated keys: major_public_interest, group_dispute, new_field, "
                                          "evidence_doubts, complex_legal")
    specialised = fields.Boolean(string="Highly specialised", help="ARL Art. 52 para 2 (2)")
    # a selection, not a code: the form and the tracked change read "无简易程序适用情形", not "default"
    routing_rule = fields.Selection([(rule.code, rule.text) for rule in routing_rules.RULES]
                                    + [("override", "overridden by a reviewer or lead")],
                                    string="Routing rule", readonly=True, tracking=True)
    routing_article = fields.Char(readonly=True)
    routing_article_display = fields.Char(string="Article", compute="_compute_routing_article_display",
                                          help="The article of the routing rule, cited in the reader's language")
    routing_override_reason = fields.Text(readonly=True, tracking=True)
    routing_override_by = fields.Many2one("res.users", readonly=True)
    hearing_required = fields.Boolean(readonly=True, help="Major, difficult or complex: hearing (ARL Art. 50)")
    committee_required = fields.Boolean(readonly=True, help="Referral to the committee required (ARL Art. 52)")
    conversion_reason = fields.Text(readonly=True, tracking=True)
    # --- outcome ---
    decision_type = fields.Selection(DECISION_TYPES, tracking=True, readonly=True)
    decision_article = fields.Char(readonly=True)
    decision_date = fields.Date(readonly=True, tracking=True)
    decision_summary = fields.Text()
    decision_compensation = fields.Boolean(string="With compensation", readonly=True, tracking=True,
                                           help="Decided together with the revocation, variation or confirmation of "
                                                "illegality: the respondent compensates according to law (ARL Art. 72)")
    performance_days = fields.Integer(help="Period set by the decision for re-making or performing the act")
    decided_on_time = fields.Boolean(readonly=True)
    suspend_ground = fields.Selection(SUSPEND_GROUNDS, readonly=True, tracking=True)
    suspended_on = fields.Date(readonly=True)
    terminate_ground = fields.Selection(TERMINATE_GROUNDS, readonly=True, tracking=True)
    last_suspend_ground = fields.Selection(SUSPEND_GROUNDS, readonly=True,
                                           help="Ground of the latest suspension, kept after resumption")
    last_suspended_on = fields.Date(readonly=True)
    resumed_on = fields.Date(readonly=True, tracking=True)
    closed_on = fields.Date(readonly=True)

    # --- routing ---
    @api.depends("routing_article")
    @api.depends_context("lang")
    def _compute_routing_article_display(self):
        for case in self:
            case.routing_article_display = cite(case.routing_article, self.env) or False

    def _routing_facts(self):
        self.ensure_one()
        factors = frozenset(f.strip() for f in (self.complexity_factors or "").split(",") if f.strip())
        return routing_rules.RoutingFacts(
            facts_clear=self.facts_clear, on_the_spot=self.act_on_the_spot, sanction=self.act_sanction or "",
            other_measures=self.act_other_measures,
            amount=self.act_amount if self.act_amount else None, information_disclosure=self.information_disclosure,
            all_parties_consent=self.parties_consent_simple, complexity=factors, specialised=self.specialised)

    def action_route(self):
        """Apply the Art. 53 rule table and record which rule decided (unless a lead overrode it)."""
        for case in self:
            try:
                result = routing_rules.route(case._routing_facts())
            except ValueError as exc:
                raise UserError(_("Cannot route case %(case)s: %(error)s", case=case.name, error=exc)) from None
            vals = {"hearing_required": result.hearing_required, "committee_required": result.committee_required}
            if not case.routing_override_reason:
                vals.update(procedure=result.procedure, routing_rule=result.rule, routing_article=result.article)
            case.write(vals)
        return True

    def action_override_routing(self, procedure, reason):
        """A lead overrides the table, with a reason on record."""
        self.ensure_one()
        if not self.env.user.has_group("fuyi_case.fuyi_case_group_lead"):
            raise UserError(_("Only a reviewer/lead may override the routing."))
        if not reason:
            raise UserError(_("Overriding the routing needs a reason."))
        if procedure == "simple" and self._routing_facts().complexity:
            raise UserError(_("A major, difficult or complex case cannot follow the simple procedure (ARL Art. 53)."))
        self.write({"procedure": procedure, "routing_override_reason": reason, "routing_override_by": self.env.uid,
                    "routing_rule": "override"})
        return True

    def action_accept(self, date=None, procedure=None, deemed=False):
        if not procedure:
            for case in self:
                case.action_route()
        return super().action_accept(date=date, procedure=procedure, deemed=deemed)

    def action_convert_to_ordinary(self, reason):
        """Simple → ordinary with the head's approval (Art. 55); the decision limit becomes 60 days
        from the original acceptance (reconsideration.md §13 default), extendable by 30."""
        self.ensure_one()
        self._transition("convert_to_ordinary")
        if self.procedure != "simple":
            raise UserError(_("Only a simple-procedure case can be converted (ARL Art. 55)."))
        if not self.env.user.has_group("fuyi_case.fuyi_case_group_lead"):
            raise UserError(_("The conversion must be approved by the head of the reconsideration institution "
                              "(ARL Art. 55)."))
        decision = self.case_id._deadline("decision")
        decision.write({"length": 60, "extension_cap": 30, "legal_basis": "ARL Art. 62 para 1; Art. 55"})
        self.write({"procedure": "ordinary", "conversion_reason": reason})
        return True

    # --- outcomes ---
    def action_decide(self, decision_type, date=None, summary="", performance_days=0, compensation=False):
        """Decide within the limit (Art. 62); the type fixes the article cited (Arts. 63–72).

        Compensation is decided together with a revocation, variation or confirmation of illegality
        (Art. 72), never on its own."""
        self.ensure_one()
        target = self._transition("dismiss" if decision_type == "dismiss_application" else "decide")
        if decision_type not in DECISION_ARTICLES:
            raise UserError(_("Unknown decision type %(type)s.", type=decision_type))
        if decision_type == "compensation" or (compensation and decision_type not in COMPENSATION_WITH):
            raise UserError(_("Compensation is decided together with a decision to revoke, vary or confirm the act "
                              "illegal (ARL Art. 72), not on its own: choose that decision and add compensation."))
        if decision_type in ("revoke", "partial_revoke", "order_performance") and performance_days < 0:
            raise UserError(_("The performance period cannot be negative."))
        decided = fields.Date.to_date(date) if date else fields.Date.context_today(self)
        deadline = self.case_id._deadline("decision")
        on_time = not deadline or decided <= deadline.due_date
        self._close_deadlines(("decision",), done=decided)
        article = DECISION_ARTICLES[decision_type] + ("; Art. 72" if compensation else "")
        self.write({"state": target, "decision_type": decision_type, "decision_article": article,
                    "decision_compensation": bool(compensation), "decision_date": decided, "decision_summary": summary, "performance_days": performance_days,
                    "decided_on_time": on_time, "closed_on": decided})
        return True

    def action_mediate(self, date=None):
        """Every party signed the mediation document (Art. 73): the case closes."""
        self.ensure_one()
        target = self._transition("mediate")
        return self._close(target, date)

    def action_withdraw(self, date=None):
        """Withdrawal permitted, e.g. after a settlement (Art. 74)."""
        self.ensure_one()
        target = self._transition("withdraw")
        return self._close(target, date, terminate_ground="withdrawn")

    def _close(self, state, date, **extra):
        closed = fields.Date.to_date(date) if date else fields.Date.context_today(self)
        for deadline in self.case_id.deadline_ids.filtered(lambda d: d.state in ("open", "paused")):
            deadline.action_cancel()
        self.write(dict(state=state, closed_on=closed, **extra))
        return True

    def action_suspend(self, ground, date=None):
        """Suspend (中止, Art. 39): the decision clock stops (reconsideration.md §13 default)."""
        self.ensure_one()
        target = self._transition("suspend")
        if ground not in dict(SUSPEND_GROUNDS):
            raise UserError(_("Give one of the Art. 39 grounds for suspension."))
        suspended = fields.Date.to_date(date) if date else fields.Date.context_today(self)
        self.case_id._deadline("decision").action_pause(dict(SUSPEND_GROUNDS)[ground], date=suspended)
        self.write({"state": target, "suspend_ground": ground, "suspended_on": suspended,
                    "last_suspend_ground": ground, "last_suspended_on": suspended, "resumed_on": False})
        return True

    def action_resume(self, date=None):
        self.ensure_one()
        target = self._transition("resume")
        resumed = fields.Date.to_date(date) if date else fields.Date.context_today(self)
        self.case_id._deadline("decision", states=("paused",)).action_resume(date=resumed)
        self.write({"state": target, "suspend_ground": False, "suspended_on": False, "resumed_on": resumed})
        return True

    def _termination_allowed_from(self):
        """Day 60 of the suspension (Art. 41 (5)); 'full days' reading configurable (R19)."""
        full_days = self.env["ir.config_parameter"].sudo().get_param("fuyi_case.suspension_full_days") == "1"
        calendar = self.env["fuyi.calendar.day"]._work_calendar()
        due = periods.add_calendar_days(calendar, self.suspended_on, 60, roll_over=False)
        return due.date + datetime.timedelta(days=1) if full_days else due.date

    def action_terminate(self, ground, date=None):
        self.ensure_one()
        target = self._transition("terminate")
        if ground not in dict(TERMINATE_GROUNDS):
            raise UserError(_("Give one of the Art. 41 grounds for termination."))
        when = fields.Date.to_date(date) if date else fields.Date.context_today(self)
        if ground == "long_suspension":
            if self.state != "suspended" or self.suspend_ground not in ("1", "2", "4"):
                raise UserError(_("Termination for a long suspension needs a suspension under Art. 39 (1), (2) "
                                  "or (4) (ARL Art. 41 (5))."))
            allowed = self._termination_allowed_from()
            if when < allowed:
                raise UserError(_("The suspension must have lasted 60 days: termination possible from %(date)s "
                                  "(ARL Art. 41 (5)).", date=allowed))
        return self._close(target, when, terminate_ground=ground)

    # --- statistics ---
    @api.model
    def get_statistics(self, date_from=None, date_to=None, agency_id=None):
        """Figures of the cases received in the period (all agencies or one), with the case ids."""
        domain = []
        if date_from:
            domain.append(("date_received", ">=", date_from))
        if date_to:
            domain.append(("date_received", "<=", date_to))
        if agency_id:
            domain.append(("agency_id", "=", agency_id))
        cases = self.search(domain)
        facts = [{
            "accepted": bool(case.acceptance_date), "closed": case.state in CLOSED_STATES,
            "procedure": case.procedure if case.acceptance_date else None, "decision_type": case.decision_type or None,
            "outcome": {"decided": "decided", "mediated": "mediated", "withdrawn": "withdrawn",
                        "terminated": "terminated", "rejected": "rejected", "abandoned": "abandoned",
                        "forwarded": "forwarded"}.get(case.state),
            "on_time": case.decided_on_time if case.decision_date else None,
        } for case in cases]
        figures = statistics.summarize(facts)
        figures["case_ids"] = cases.ids
        return figures


class FuyiReconsiderationService(models.Model):
    _inherit = "fuyi.reconsideration"

    hearing_ids = fields.One2many("fuyi.hearing", "reconsideration_id", string="Hearings")

    def action_send_copy_to_respondent(self, date=None, channel="direct"):
        """Send the application copy (Arts. 48, 54); its service starts the reply period."""
        self.ensure_one()
        if self.state != "accepted":
            raise UserError(_("The application copy goes to the respondent after acceptance (ARL Art. 48)."))
        respondent = self.party_ids.filtered(lambda p: p.role == "respondent")[:1].partner_id or self.agency_id
        if not respondent:
            raise UserError(_("Name the respondent first."))
        sent = fields.Date.to_date(date) if date else fields.Date.context_today(self)
        self._close_deadlines(("copy_to_respondent",), done=sent)
        return self.env["fuyi.service"].create({
            "case_id": self.case_id.id, "kind": "copy_to_respondent", "recipient_id": respondent.id,
            "channel": channel, "sent_date": sent, "document_name": _("Copy of the application")}).id


class FuyiServiceClocks(models.Model):
    _inherit = "fuyi.service"

    def _on_served(self):
        for service in self.filtered(lambda s: s.kind == "copy_to_respondent"):
            case = self.env["fuyi.reconsideration"].search([("case_id", "=", service.case_id.id)], limit=1)
            simple = case.procedure == "simple"
            service.case_id._add_deadline(
                "respondent_reply", _("Respondent's reply"), "ARL Art. 54" if simple else "ARL Art. 48",
                service.served_date, 5 if simple else 10, "working_day",
                start_event=_("application copy served on the respondent"))
        return super()._on_served()
