"""Dialogs that end or interrupt a case: decision (ARL Arts. 61–72), suspension and resumption
(Art. 39), termination (Art. 41), mediation (Art. 73) and withdrawal (Art. 74)."""
from flectra import api, fields, models, _
from flectra.exceptions import UserError

from ..models.fuyi_reconsideration_outcome import (COMPENSATION_WITH, DECISION_ARTICLES, DECISION_TYPES,
                                                   SUSPEND_GROUNDS, TERMINATE_GROUNDS)

#: what the dialog offers: compensation only as an addition to COMPENSATION_WITH (ARL Art. 72)
OFFERED_DECISION_TYPES = [item for item in DECISION_TYPES if item[0] != "compensation"]


class FuyiReconsiderationDecide(models.TransientModel):
    _name = "fuyi.reconsideration.decide"
    _inherit = "fuyi.reconsideration.step"
    _description = "Decide the case"

    decision_type = fields.Selection(OFFERED_DECISION_TYPES, string="Decision type", required=True)
    decision_article = fields.Char(string="Article", compute="_compute_decision_article")
    compensation = fields.Boolean(string="Also decide compensation",
                                  default=lambda self: self._default_compensation(),
                                  help="With a revocation, variation or confirmation of illegality, the respondent "
                                       "is decided to compensate according to law (ARL Art. 72)")
    decision_date = fields.Date(string="Decided on", required=True, default=fields.Date.context_today)
    decision_summary = fields.Text(string="Reasons",
                                   help="The body's findings and reasons, as the decision states them")
    performance_days = fields.Integer(string="Days to perform",
                                      help="Period set for re-making the act or performing the duty (ARL Arts. 64, 66)")
    advisory_opinion = fields.Text(related="reconsideration_id.advisory_opinion", string="Committee's advisory opinion")
    no_reply_proposal = fields.Selection(related="reconsideration_id.no_reply_proposal",
                                         string="Proposed consequence of no reply")
    create_document = fields.Boolean(string="Prepare the decision document", default=True)

    def _default_compensation(self):
        case = self.env["fuyi.reconsideration"].browse(self.env.context.get("active_id")) \
            if self.env.context.get("active_model") == "fuyi.reconsideration" else None
        return bool(case and case.exists() and case.compensation_claimed)

    @api.depends("decision_type", "compensation")
    def _compute_decision_article(self):
        for wizard in self:
            article = DECISION_ARTICLES.get(wizard.decision_type) or False
            if article and wizard.compensation and wizard.decision_type in COMPENSATION_WITH:
                article += "; Art. 72"
            wizard.decision_article = article

    def action_confirm(self):
        self.ensure_one()
        case = self.reconsideration_id
        if not (self.decision_summary or "").strip():
            raise UserError(_("State the reasons of the decision: the decision document (ARL Art. 75) sets out the "
                              "body's findings."))
        if self.decision_type == "order_performance" and self.performance_days <= 0:
            raise UserError(_("An order to perform sets the period within which the respondent must act "
                              "(ARL Art. 66): enter the number of days."))
        if self.performance_days < 0:
            raise UserError(_("The performance period cannot be negative."))
        self._check_past(self.decision_date, _("The decision date"))
        self._check_not_before(self.decision_date, case.acceptance_date, _("The decision date"),
                               _("the acceptance date"))
        case.action_decide(self.decision_type, date=self.decision_date, summary=self.decision_summary.strip(),
                           performance_days=self.performance_days,
                           compensation=self.compensation and self.decision_type in COMPENSATION_WITH)
        return self._create_document("decision_document") if self.create_document else self._close()


class FuyiReconsiderationSuspend(models.TransientModel):
    _name = "fuyi.reconsideration.suspend"
    _inherit = "fuyi.reconsideration.step"
    _description = "Suspend the case"

    suspend_ground = fields.Selection(SUSPEND_GROUNDS, string="Ground", required=True)
    suspended_on = fields.Date(string="Suspended on", required=True, default=fields.Date.context_today)
    create_document = fields.Boolean(string="Prepare the suspension notice", default=True,
                                     help="A draft written notice to the parties, generated from the case")

    def action_confirm(self):
        self.ensure_one()
        self._check_past(self.suspended_on, _("The suspension date"))
        self._check_not_before(self.suspended_on, self.reconsideration_id.acceptance_date, _("The suspension date"),
                               _("the acceptance date"))
        self.reconsideration_id.action_suspend(self.suspend_ground, date=self.suspended_on)
        return self._create_document("suspension_notice") if self.create_document else self._close()


class FuyiReconsiderationResume(models.TransientModel):
    _name = "fuyi.reconsideration.resume"
    _inherit = "fuyi.reconsideration.step"
    _description = "Resume the case"

    resumed_on = fields.Date(string="Resumed on", required=True, default=fields.Date.context_today)
    create_document = fields.Boolean(string="Prepare the resumption notice", default=True,
                                     help="A draft written notice to the parties, generated from the case")
    suspend_ground = fields.Selection(related="reconsideration_id.suspend_ground", string="Ground of the suspension")
    suspended_on = fields.Date(related="reconsideration_id.suspended_on", string="Suspended on")

    def action_confirm(self):
        self.ensure_one()
        self._check_past(self.resumed_on, _("The resumption date"))
        self._check_not_before(self.resumed_on, self.reconsideration_id.suspended_on, _("The resumption date"),
                               _("the suspension date"))
        self.reconsideration_id.action_resume(date=self.resumed_on)
        return self._create_document("resumption_notice") if self.create_document else self._close()


class FuyiReconsiderationTerminate(models.TransientModel):
    _name = "fuyi.reconsideration.terminate"
    _inherit = "fuyi.reconsideration.step"
    _description = "Terminate the case"

    terminate_ground = fields.Selection(TERMINATE_GROUNDS, string="Ground", required=True)
    terminated_on = fields.Date(string="Terminated on", required=True, default=fields.Date.context_today)
    create_document = fields.Boolean(string="Prepare the termination notice", default=True,
                                     help="A draft written notice to the parties, generated from the case")

    def action_confirm(self):
        self.ensure_one()
        self._check_past(self.terminated_on, _("The termination date"))
        self._check_not_before(self.terminated_on, self.reconsideration_id.date_received, _("The termination date"),
                               _("the date the application was received"))
        self.reconsideration_id.action_terminate(self.terminate_ground, date=self.terminated_on)
        return self._create_document("termination_notice") if self.create_document else self._close()


class FuyiReconsiderationMediate(models.TransientModel):
    _name = "fuyi.reconsideration.mediate"
    _inherit = "fuyi.reconsideration.step"
    _description = "Record signatures of the mediation document"

    signed_on = fields.Date(string="Signed on", required=True, default=fields.Date.context_today)
    signed_partner_ids = fields.Many2many("res.partner", "fuyi_reconsideration_mediate_partner_rel", "wizard_id",
                                          "partner_id", string="Parties who signed or sealed")
    already_signed_ids = fields.Many2many(related="reconsideration_id.mediation_signed_party_ids",
                                          string="Signed before")

    def action_confirm(self):
        """The case closes as mediated once every party has signed or sealed the document (ARL Art. 73)."""
        self.ensure_one()
        if not self.signed_partner_ids:
            raise UserError(_("Choose the parties who signed or sealed the mediation document (ARL Art. 73)."))
        self._check_past(self.signed_on, _("The signing date of the mediation document"))
        self.reconsideration_id.action_record_mediation_signature(self.signed_partner_ids.ids, date=self.signed_on)
        return self._close()


class FuyiReconsiderationMediationFailed(models.TransientModel):
    _name = "fuyi.reconsideration.mediation.failed"
    _inherit = "fuyi.reconsideration.step"
    _description = "Record a failed mediation"

    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        if not (self.reason or "").strip():
            raise UserError(_("Record why the mediation failed: the body then decides promptly (ARL Art. 73 para 2)."))
        self.reconsideration_id.action_mediation_failed(self.reason.strip())
        return self._close()


class FuyiReconsiderationWithdraw(models.TransientModel):
    _name = "fuyi.reconsideration.withdraw"
    _inherit = "fuyi.reconsideration.step"
    _description = "Record a withdrawal"

    withdrawn_on = fields.Date(string="Withdrawal permitted on", required=True, default=fields.Date.context_today)
    note = fields.Text(string="Circumstances", help="e.g. the settlement reached; recorded in the case history")
    voluntary = fields.Boolean(string="The applicant withdraws of their own free will")

    def action_confirm(self):
        self.ensure_one()
        if not self.voluntary:
            raise UserError(_("Confirm that the withdrawal is the applicant's true will: a withdrawal against it "
                              "does not bar a new application (ARL Art. 74 para 2)."))
        self._check_past(self.withdrawn_on, _("The withdrawal date"))
        case = self.reconsideration_id
        case.action_withdraw(date=self.withdrawn_on)
        if (self.note or "").strip():
            case.message_post(body=_("Withdrawal: %(note)s", note=self.note.strip()))
        return self._close()
