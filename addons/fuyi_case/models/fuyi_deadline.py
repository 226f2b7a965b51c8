from flectra import api, fields, models, _
from flectra.exceptions import UserError, ValidationError

from ..tools import periods

UNITS = [("working_day", "Working days"), ("calendar_day", "Calendar days"), ("month", "Months")]
STATES = [("open", "Open"), ("paused", "Paused"), ("done", "Met"), ("missed", "Missed"), ("cancelled", "Cancelled")]


class FuyiDeadline(models.Model):
    """A statutory deadline of a case: legal basis, start, length, unit and the due date it gives.

    The due date and its explanation come from ``tools.periods`` over the editable calendar;
    pauses (中止) extend the raw period by their calendar days before the roll-over, approved
    extensions run from the end of the original period, up to the legal cap.
    """

    _name = "fuyi.deadline"
    _description = "Statutory deadline"
    _order = "due_date, id"

    # the names code gives ("Copy to respondent") read in the reader's language (发送申请书副本)
    name = fields.Char(required=True, translate=True)
    case_id = fields.Many2one("fuyi.case", string="Case", required=True, ondelete="cascade", index=True)
    kind = fields.Char(index=True, help="Technical code of the deadline, e.g. acceptance_review")
    legal_basis = fields.Char(required=True, help="Law and article, e.g. ARL Art. 30")
    start_event = fields.Char(help="What starts the clock, e.g. application received")
    start_date = fields.Date(required=True, help="The start day itself is not counted")
    length = fields.Integer(required=True)
    unit = fields.Selection(UNITS, required=True, default="working_day")
    roll_over = fields.Boolean(default=True, help="An end on a rest day moves to the next working day")
    extension_length = fields.Integer(default=0, readonly=True)
    extension_cap = fields.Integer(help="Largest extension the law allows (0 = none allowed)")
    extension_reason = fields.Text(readonly=True)
    extension_approved_by = fields.Many2one("res.users", readonly=True)
    paused_days = fields.Integer(default=0, readonly=True, help="Calendar days the clock stood still")
    paused_since = fields.Date(readonly=True)
    pause_reason = fields.Char(readonly=True)
    calendar_version = fields.Integer(default=0, readonly=True)
    due_date = fields.Date(compute="_compute_due", store=True, index=True)
    provisional = fields.Boolean(compute="_compute_due", store=True,
                                 help="Computed with a calendar year that is not loaded yet")
    explanation = fields.Text(compute="_compute_due", store=True, string="Why this date")
    state = fields.Selection(STATES, default="open", required=True, index=True)
    done_date = fields.Date()
    user_id = fields.Many2one("res.users", string="Responsible", index=True)

    def init(self):
        # the reminder sweep selects open deadlines up to a date, by due date: with one index on
        # (state, due_date) it reads just those rows, already in order; with the two single
        # indexes SQLite walked every deadline due before the date (W4: 2.4 s → 0.04 s at 100k
        # cases), and PostgreSQL combined bitmaps and sorted
        self.env.cr.execute("CREATE INDEX IF NOT EXISTS fuyi_deadline_state_due_date_index "
                            "ON fuyi_deadline (state, due_date)")

    @api.depends("start_date", "length", "unit", "roll_over", "extension_length", "paused_days", "calendar_version")
    def _compute_due(self):
        calendar = self.env["fuyi.calendar.day"]._work_calendar() if self else None
        for deadline in self:
            if not deadline.start_date or not deadline.unit:
                deadline.due_date = False
                deadline.provisional = False
                deadline.explanation = False
                continue
            due = periods.compute_due(calendar, deadline.start_date, deadline.length, deadline.unit,
                                      roll_over=deadline.roll_over, paused_days=deadline.paused_days or 0,
                                      extension=deadline.extension_length or 0)
            steps = [_("%(name)s (%(basis)s): %(length)s %(unit)s from %(start)s.", name=deadline.name,
                       basis=deadline.legal_basis, length=deadline.length, start=deadline.start_date,
                       unit=dict(UNITS)[deadline.unit])] + list(due.steps)
            if deadline.extension_length:
                steps.append(_("Includes an approved extension of %(n)s (%(reason)s).",
                               n=deadline.extension_length, reason=deadline.extension_reason or ""))
            date, provisional = due.date, due.provisional
            deadline.due_date = date
            deadline.provisional = provisional
            deadline.explanation = "\n".join(steps)

    def _search_is_overdue(self, operator, value):
        today = fields.Date.context_today(self)
        positive = (operator == "=") == bool(value)
        domain = [("state", "=", "open"), ("due_date", "<", today)]
        return domain if positive else ["!", "&"] + domain

    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")

    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for deadline in self:
            deadline.is_overdue = deadline.state == "open" and bool(deadline.due_date) and deadline.due_date < today

    # --- lifecycle ---
    def action_done(self, date=None):
        for deadline in self:
            if deadline.state not in ("open", "paused"):
                raise UserError(_("Deadline %(name)s is already closed.", name=deadline.name))
            done = fields.Date.to_date(date) if date else fields.Date.context_today(self)
            deadline.write({"state": "done" if done <= deadline.due_date else "missed", "done_date": done})
        return True

    def action_cancel(self):
        self.filtered(lambda d: d.state in ("open", "paused")).write({"state": "cancelled"})
        return True

    def action_pause(self, reason, date=None):
        """Stop the clock (中止, ARL Art. 39); resume adds the stopped days."""
        for deadline in self:
            if deadline.state != "open":
                raise UserError(_("Only an open deadline can be paused (%(name)s).", name=deadline.name))
            deadline.write({"state": "paused", "paused_since": fields.Date.to_date(date) if date else
                            fields.Date.context_today(self), "pause_reason": reason})
        return True

    def action_resume(self, date=None):
        for deadline in self:
            if deadline.state != "paused":
                raise UserError(_("Deadline %(name)s is not paused.", name=deadline.name))
            resumed = fields.Date.to_date(date) if date else fields.Date.context_today(self)
            stopped = max((resumed - deadline.paused_since).days, 0)
            deadline.write({"state": "open", "paused_days": deadline.paused_days + stopped, "paused_since": False})
        return True

    def action_extend(self, length, reason):
        """Approved extension, within the legal cap (e.g. ≤ 30 days for decisions, ARL Art. 62)."""
        self.ensure_one()
        if not reason:
            raise UserError(_("An extension needs a reason."))
        if length <= 0:
            raise UserError(_("An extension must add at least one day."))
        total = (self.extension_length or 0) + length
        if total > (self.extension_cap or 0):
            raise UserError(_("%(name)s can be extended by at most %(cap)s (%(basis)s); %(total)s requested in all.",
                              name=self.name, cap=self.extension_cap or 0, basis=self.legal_basis, total=total))
        self.write({"extension_length": total, "extension_reason": reason, "extension_approved_by": self.env.uid})
        return True

    @api.model
    def _recompute_open(self, reason, domain=None):
        """Recompute every open or paused deadline (of ``domain``); log and notify those that moved."""
        return self.search([("state", "in", ("open", "paused"))] + list(domain or []))._recompute(reason)

    @api.model
    def _recompute_provisional(self, reason):
        """After a year's holiday notice is loaded: every provisional deadline, open or closed, and every
        open one (a closed deadline is judged again: met or missed by the new date)."""
        return self.search(["|", ("provisional", "=", True), ("state", "in", ("open", "paused"))])._recompute(reason)

    def _recompute(self, reason):
        before = {d.id: d.due_date for d in self}
        for deadline in self:
            deadline.calendar_version = deadline.calendar_version + 1
        moved = self.filtered(lambda d: d.due_date != before[d.id])
        for deadline in moved:
            if deadline.state in ("done", "missed") and deadline.done_date:
                deadline.state = "done" if deadline.done_date <= deadline.due_date else "missed"
            deadline.case_id._log_deadline_moved(deadline, before[deadline.id], reason)
        return moved.ids

    @api.constrains("length", "unit")
    def _check_length(self):
        for deadline in self:
            if deadline.length < 0:
                raise ValidationError(_("A deadline cannot have a negative length."))

