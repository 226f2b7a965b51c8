from flectra import api, fields, models, _
from flectra.exceptions import UserError, ValidationError

from ..tools import reconsideration_flow as flow

STATES = [
    ("review", "Acceptance review"), ("correction", "Awaiting corrections"), ("accepted", "Accepted"),
    ("rejected", "Not accepted"), ("forwarded", "Forwarded"), ("abandoned", "Abandoned"),
]
CHANNELS = [("online", "Online"), ("in_person", "In person"), ("post", "By post"), ("oral", "Oral (recorded)")]
DEFAULT_CORRECTION_EXTENSION_CAP = 10   #: working days; a setting, the law fixes none (ARL Art. 31 para 2)
REJECT_REASONS = [
    ("no_applicant", "No identified applicant or proper respondent"), ("no_interest", "No interest of the applicant"),
    ("no_request", "No concrete request or reasons"), ("late", "Application period expired"),
    ("scope", "Outside the scope of reconsideration"), ("jurisdiction", "Not within this body's jurisdiction"),
    ("duplicate", "Already accepted by this body or a court"),
]


class FuyiReconsideration(models.Model):
    """An administrative reconsideration case (行政复议): intake, correction and acceptance."""

    _name = "fuyi.reconsideration"
    _description = "Administrative reconsideration"
    _inherits = {"fuyi.case": "case_id"}
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_received desc, id desc"

    case_id = fields.Many2one("fuyi.case", required=True, ondelete="cascade", index=True)
    state = fields.Selection(STATES, default="review", required=True, tracking=True, index=True)
    channel = fields.Selection(CHANNELS, string="Application channel", default="in_person", required=True)
    request = fields.Text(string="Request", help="The applicant's concrete request (ARL Art. 30 (3))")
    facts_reasons = fields.Text(string="Facts and reasons")
    oral_record = fields.Text(string="Oral application record",
                              help="Applicant's basic information, request, main facts, reasons and time (ARL Art. 22)")
    act_description = fields.Char(string="Administrative act")
    act_date = fields.Date(string="Date of the act")
    act_known_date = fields.Date(string="Date the applicant knew of the act")
    act_real_estate = fields.Boolean(string="Act concerns real estate", help="20-year cut-off instead of 5 (ARL Art. 21)")
    application_due_date = fields.Date(compute="_compute_application_period", store=True,
                                       help="60 days from knowing of the act (ARL Art. 20)")
    application_late = fields.Boolean(compute="_compute_application_period", store=True)
    beyond_absolute_limit = fields.Boolean(compute="_compute_absolute_limit", store=True,
                                           help="More than 5 years (20 for real estate) after the act (ARL Art. 21)")
    correction_items = fields.Text(string="Items to correct", tracking=True)
    correction_notice_served = fields.Date(string="Correction notice served on", tracking=True)
    correction_late_reason = fields.Text(string="Reason for a late correction notice", readonly=True, tracking=True,
                                         help="Recorded by a lead who sent the notice after the acceptance review "
                                              "ended (ARL Art. 30 para 3)")
    corrections_received = fields.Date(string="Corrections received on", tracking=True)
    corrections_posted = fields.Date(string="Corrections posted on", readonly=True, tracking=True,
                                     help="Postmark: corrections posted before the period ended are in time "
                                          "(CPL Art. 85 para 4, applied by ARL Art. 88)")
    date_posted = fields.Date(string="Application posted on",
                              help="Postmark of an application sent by post: posted within the application period, it "
                                   "is in time (CPL Art. 85 para 4, applied by ARL Art. 88)")
    acceptance_date = fields.Date(tracking=True, readonly=True)
    deemed_accepted = fields.Boolean(readonly=True, help="Accepted because the review period expired (ARL Art. 30 para 3)")
    reject_reason = fields.Selection(REJECT_REASONS, tracking=True)
    reject_explanation = fields.Text()
    competent_body_id = fields.Many2one("res.partner", string="Competent body",
                                        help="Named in the decision when jurisdiction is the problem (ARL Art. 30 para 2)")
    procedure = fields.Selection([("ordinary", "Ordinary"), ("simple", "Simple")], default="ordinary", tracking=True)

    @api.depends("act_known_date", "date_received", "date_posted")
    def _compute_application_period(self):
        calendar = self.env["fuyi.calendar.day"]._work_calendar() if self else None
        from ..tools import periods
        for case in self:
            if case.act_known_date:
                due = periods.add_calendar_days(calendar, case.act_known_date, 60)
                case.application_due_date = due.date
                # judged by the postmark when posted (CPL Art. 85 para 4 via ARL Art. 88)
                lodged = case.date_posted or case.date_received
                case.application_late = bool(lodged and lodged > due.date)
            else:
                case.application_due_date = False
                case.application_late = False

    @api.depends("act_date", "act_real_estate", "date_received")
    def _compute_absolute_limit(self):
        """Not accepted once 20 years (real estate) or 5 years (others) have passed since the act (Art. 21).

        Dates near the cut-off are not rolled over: the weekend rule for absolute limits is unsettled
        (reconsideration.md §13)."""
        from dateutil.relativedelta import relativedelta
        for case in self:
            if case.act_date and case.date_received:
                years = 20 if case.act_real_estate else 5
                case.beyond_absolute_limit = case.date_received > case.act_date + relativedelta(years=years)
            else:
                case.beyond_absolute_limit = False

    @api.constrains("channel", "oral_record")
    def _check_oral_record(self):
        for case in self:
            if case.channel == "oral" and not (case.oral_record or "").strip():
                raise ValidationError(_("An oral application must be recorded on the spot: the applicant's basic "
                                        "information, request, main facts, reasons and time (ARL Art. 22 para 3)."))

    # --- registration ---
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.setdefault("case_type", "reconsideration")
        # the numbers of new cases go into their INSERT (no UPDATE of every new case afterwards)
        self.env["fuyi.case"]._number_new_case_vals([vals for vals in vals_list if not vals.get("case_id")])
        cases = super().create(vals_list)
        for case in cases:
            case.case_id._assign_number()   # an existing case given by case_id that has no number yet
        # the review deadlines of all the new cases in one create: due dates, and the cases' next
        # due date and flags, are computed once for the batch rather than once per deadline
        self.env["fuyi.deadline"].create(
            [vals for case in cases for vals in case._review_deadline_vals(case.date_received)])
        return cases

    def _open_review_deadlines(self, start):
        self.ensure_one()
        return self.env["fuyi.deadline"].create(self._review_deadline_vals(start))

    def _review_deadline_vals(self, start):
        """5 working days to decide on acceptance (Art. 30) and to ask for corrections (Art. 31)."""
        self.ensure_one()
        return [self.case_id._deadline_vals("acceptance_review", _("Acceptance review"), "ARL Art. 30 para 1",
                                            start, 5, "working_day", start_event=_("application received")),
                self.case_id._deadline_vals("correction_notice", _("Correction notice"), "ARL Art. 31 para 1",
                                            start, 5, "working_day", start_event=_("application received"))]

    def _transition(self, action):
        self.ensure_one()
        try:
            return flow.target_state(self.state, action)
        except flow.TransitionRefused as exc:
            raise UserError(_("%(action)s is not possible for case %(case)s in state %(state)s (%(rule)s).",
                              action=_(action.replace("_", " ")), case=self.name,
                              state=_(dict(STATES)[self.state]), rule=exc.rule)) from None

    # --- correction (补正) ---
    def action_request_correction(self, items, served_date=None, late_reason=None):
        """One notice listing every item (Art. 31 para 1); 10 working days from service to correct.

        After the five working days of review the application is deemed accepted (Art. 30 para 3): a
        notice is refused then, unless a lead records it with a reason that stays on the case."""
        self.ensure_one()
        target = self._transition("request_correction")
        if not items or not str(items).strip():
            raise UserError(_("A correction notice must list the items to correct, all at once (ARL Art. 31 para 1)."))
        served = fields.Date.to_date(served_date) if served_date else fields.Date.context_today(self)
        late_reason = (late_reason or "").strip()
        review = self.case_id._deadline("acceptance_review")[:1]
        late = bool(review and review.due_date and served > review.due_date)
        if late:
            if not late_reason or not self.env.user.has_group("fuyi_case.fuyi_case_group_lead"):
                raise UserError(_("The acceptance review ended on %(date)s: the application is deemed accepted "
                                  "(ARL Art. 30 para 3) and corrections can no longer be asked for (Art. 31 para 1). "
                                  "Only a lead may record a late correction notice, stating the reason.",
                                  date=review.due_date))
        self._close_deadlines(("correction_notice",), done=served)
        self._cancel_deadlines(("acceptance_review",))
        vals = {"state": target, "correction_items": items, "correction_notice_served": served}
        if late:
            vals["correction_late_reason"] = late_reason
        self.write(vals)
        if late:
            self.message_post(body=_("Correction notice recorded on %(date)s, after the acceptance review ended on "
                                     "%(due)s (ARL Art. 30 para 3), by %(user)s: %(reason)s", date=served,
                                     due=review.due_date, user=self.env.user.name, reason=late_reason))
        self.case_id._add_deadline("correction_period", _("Corrections due"), "ARL Art. 31 para 2", served, 10,
                                   "working_day", start_event=_("correction notice served"),
                                   extension_cap=self._correction_extension_cap())
        return True

    @api.model
    def _correction_extension_cap(self):
        """Largest extension of the ten days to correct, in working days (setting
        ``fuyi_case.correction_extension_cap``): the law sets no figure, only a reasonable one for a
        justified reason (ARL Art. 31 para 2)."""
        text = self.env["ir.config_parameter"].sudo().get_param("fuyi_case.correction_extension_cap",
                                                                str(DEFAULT_CORRECTION_EXTENSION_CAP))
        try:
            value = int(str(text).strip())
        except ValueError:
            return DEFAULT_CORRECTION_EXTENSION_CAP
        return max(value, 0)

    def action_extend_correction_period(self, days, reason):
        """A reasonable extension of the correction period for a justified reason (ARL Art. 31 para 2)."""
        self.ensure_one()
        period = self.case_id._deadline("correction_period")[:1]
        if self.state != "correction" or not period:
            raise UserError(_("Case %(case)s is not awaiting corrections: there is no correction period to extend.",
                              case=self.name))
        if not (reason or "").strip():
            raise UserError(_("State the applicant's justified reason for the extension (ARL Art. 31 para 2)."))
        old = period.due_date
        period.action_extend(int(days), reason.strip())
        self.message_post(body=_("Correction period extended by %(days)s working days, from %(old)s to %(new)s "
                                 "(ARL Art. 31 para 2): %(reason)s", days=days, old=old, new=period.due_date,
                                 reason=reason.strip()))
        return True

    def action_receive_corrections(self, date=None, posted_date=None):
        """Corrections arrived: the 5-working-day review starts again (Art. 31 para 3) from their arrival;
        posted ones are in time if posted within the period (CPL Art. 85 para 4 via ARL Art. 88)."""
        self.ensure_one()
        target = self._transition("receive_corrections")
        received = fields.Date.to_date(date) if date else fields.Date.context_today(self)
        posted = fields.Date.to_date(posted_date) if posted_date else False
        if posted and posted > received:
            raise UserError(_("Corrections cannot be posted (%(posted)s) after they were received (%(received)s).",
                              posted=posted, received=received))
        period = self.case_id._deadline("correction_period")
        if period:
            period.action_done(received, posted_date=posted)
        self.write({"state": target, "corrections_received": received, "corrections_posted": posted})
        self.case_id._add_deadline("acceptance_review", _("Acceptance review"), "ARL Art. 31 para 3",
                                   received, 5, "working_day", start_event=_("corrections received"))
        return True

    def action_abandon(self):
        """No corrections in time and no excuse: the application is deemed abandoned (Art. 31 para 2)."""
        self.ensure_one()
        target = self._transition("abandon")
        period = self.case_id._deadline("correction_period")
        today = fields.Date.context_today(self)
        if period and period.due_date >= today:
            raise UserError(_("The correction period runs until %(date)s: the application cannot be treated as "
                              "abandoned before then (ARL Art. 31 para 2).", date=period.due_date))
        period.write({"state": "missed"})
        self.write({"state": target})
        return True

    # --- acceptance ---
    def action_accept(self, date=None, procedure=None, deemed=False):
        """Accept: the reply and decision clocks start (Arts. 48, 54, 62)."""
        self.ensure_one()
        target = self._transition("deem_accepted" if deemed else "accept")
        accepted = fields.Date.to_date(date) if date else fields.Date.context_today(self)
        self._close_deadlines(("acceptance_review", "correction_notice"), done=accepted)
        procedure = procedure or self.procedure or "ordinary"
        self.write({"state": target, "acceptance_date": accepted, "deemed_accepted": deemed, "procedure": procedure})
        self._open_procedure_deadlines(accepted, procedure)
        return True

    def _open_procedure_deadlines(self, accepted, procedure):
        if procedure == "simple":
            self.case_id._add_deadline("copy_to_respondent", _("Copy to respondent"), "ARL Art. 54", accepted, 3,
                                       "working_day", start_event=_("acceptance"))
            self.case_id._add_deadline("decision", _("Decision"), "ARL Art. 62 para 2", accepted, 30,
                                       "calendar_day", extension_cap=0, start_event=_("acceptance"))
        else:
            self.case_id._add_deadline("copy_to_respondent", _("Copy to respondent"), "ARL Art. 48", accepted, 7,
                                       "working_day", start_event=_("acceptance"))
            self.case_id._add_deadline("decision", _("Decision"), "ARL Art. 62 para 1", accepted, 60,
                                       "calendar_day", extension_cap=30, start_event=_("acceptance"))

    def action_reject(self, reason, explanation="", competent_body_id=False, date=None):
        """Not accepted, with reasons; a jurisdiction refusal names the competent body (Art. 30 para 2)."""
        self.ensure_one()
        target = self._transition("reject")
        if reason not in dict(REJECT_REASONS):
            raise UserError(_("Give one of the Art. 30 reasons for not accepting the application."))
        if reason == "jurisdiction" and not competent_body_id:
            raise UserError(_("A refusal for lack of jurisdiction must name the competent body (ARL Art. 30 para 2)."))
        review = self.case_id._deadline("acceptance_review")
        decided = fields.Date.to_date(date) if date else fields.Date.context_today(self)
        if review and decided > review.due_date:
            raise UserError(_("The review period ended on %(date)s: the application is deemed accepted and can no "
                              "longer be refused (ARL Art. 30 para 3).", date=review.due_date))
        self._close_deadlines(("acceptance_review", "correction_notice"), done=decided)
        self.write({"state": target, "reject_reason": reason, "reject_explanation": explanation,
                    "competent_body_id": competent_body_id})
        return True

    @api.model
    def _cron_deemed_acceptance(self):
        """Cases still in review after their 5 working days are accepted as of the last day (Art. 30 para 3)."""
        today = fields.Date.context_today(self)
        accepted = self.browse()
        for case in self.search([("state", "=", "review")]):
            review = case.case_id._deadline("acceptance_review")
            if review and review.due_date < today:
                case.action_accept(date=review.due_date, deemed=True)
                accepted |= case
        return accepted.ids

    # --- helpers ---
    def _close_deadlines(self, kinds, done):
        for kind in kinds:
            deadlines = self.case_id._deadline(kind)
            if deadlines:
                deadlines.action_done(done)

    def _cancel_deadlines(self, kinds):
        for kind in kinds:
            self.case_id._deadline(kind).action_cancel()


class FuyiCase(models.Model):
    _inherit = "fuyi.case"

    def _log_deadline_moved(self, deadline, old, reason):
        for case in self.env["fuyi.reconsideration"].sudo().search([("case_id", "in", self.ids)]):
            # the responsible user is told, not just the chatter: nothing moves silently
            responsible = (deadline.user_id or case.user_id).partner_id
            case.message_post(body=_("Deadline %(name)s moved from %(old)s to %(new)s (%(reason)s).",
                                     name=deadline.name, old=old, new=deadline.due_date, reason=reason),
                              partner_ids=responsible.ids)
        return super()._log_deadline_moved(deadline, old, reason)

