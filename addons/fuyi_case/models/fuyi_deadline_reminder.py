import logging

from flectra import api, fields, models, _

from ..tools import periods, workdays
from .fuyi_case import cite

_logger = logging.getLogger(__name__)

DEFAULT_STAGES = "3,1,0,-1"   #: working days before the due date; 0 = on the day; -1 = overdue


class FuyiDeadlineReminder(models.Model):
    """One reminder per deadline, recipient, channel and stage — the unique key makes a second
    sweep (two schedulers, a retry, a restarted worker) a no-op. E-mail and SMS reminders are then
    delivered by the mail and SMS queues, each message once (claimed before it is handed over; a
    text message keeps one idempotency key for all its attempts)."""

    _name = "fuyi.deadline.reminder"
    _description = "Deadline reminder"
    _order = "id desc"

    deadline_id = fields.Many2one("fuyi.deadline", required=True, ondelete="cascade", index=True)
    user_id = fields.Many2one("res.users", required=True, ondelete="cascade")
    channel = fields.Selection([("activity", "Activity"), ("email", "E-mail"), ("sms", "SMS")], required=True)
    sms_id = fields.Many2one("sms.sms", string="Text message", ondelete="set null", readonly=True)
    stage = fields.Integer(required=True, help="Working days before the due date (negative: overdue)")
    sent_date = fields.Date(required=True)

    _sql_constraints = [("reminder_unique", "unique(deadline_id, user_id, channel, stage)",
                         "A reminder is sent once per deadline, recipient, channel and stage.")]


class FuyiDeadline(models.Model):
    _inherit = "fuyi.deadline"

    reminder_ids = fields.One2many("fuyi.deadline.reminder", "deadline_id", string="Reminders")

    @api.model
    def _reminder_stages(self):
        text = self.env["ir.config_parameter"].sudo().get_param("fuyi_case.reminder_stages", DEFAULT_STAGES)
        return sorted({int(part) for part in text.split(",") if part.strip()}, reverse=True)

    def _current_stage(self, calendar, today, stages):
        """The most advanced stage reached today (None before the first one)."""
        self.ensure_one()
        if today > self.due_date:
            return min(stages) if min(stages) < 0 else None
        reached = None
        for stage in stages:
            if stage < 0:
                continue
            try:
                start = periods.add_working_days(calendar, self.due_date, -stage).date if stage else self.due_date
            except workdays.CalendarNotLoaded:
                start = self.due_date
            if today >= start:
                reached = stage
        return reached

    def _recipients(self, stage):
        recipients = self.user_id or self.case_id.user_id
        if stage < 0:   # overdue: escalate to the reviewers/leads as well
            leads = self.env.ref("fuyi_case.fuyi_case_group_lead").sudo().users.filtered("active")
            recipients |= leads
        return recipients

    @api.model
    def _cron_send_reminders(self):
        """Remind responsible users of open deadlines (activity, e-mail, and SMS to those with a mobile
        number); idempotent. "Today" is the county's date (the cron runs with its timezone)."""
        today = fields.Date.context_today(self)
        calendar = self.env["fuyi.calendar.day"]._work_calendar()
        stages = self._reminder_stages()
        sent = 0
        for deadline in self.search([("state", "=", "open"), ("due_date", "!=", False)]):
            stage = deadline._current_stage(calendar, today, stages)
            if stage is None:
                continue
            for user in deadline._recipients(stage):
                for channel in deadline._reminder_channels(user):
                    if deadline._send_reminder(user, channel, stage, today):
                        sent += 1
        return sent

    @api.model
    def _reminder_channels(self, user):
        """Activity and e-mail for everyone; SMS for staff with a mainland mobile number."""
        channels = ["activity", "email"]
        if self._reminder_mobile(user):
            channels.append("sms")
        return channels

    @api.model
    def _reminder_mobile(self, user):
        partner = user.sudo().partner_id
        return self.env["sms.sms"]._normalize_number(partner.mobile or "")

    def _send_reminder(self, user, channel, stage, today):
        self.ensure_one()
        Reminder = self.env["fuyi.deadline.reminder"].sudo()
        if Reminder.search_count([("deadline_id", "=", self.id), ("user_id", "=", user.id), ("channel", "=", channel),
                                  ("stage", "=", stage)]):
            return False
        try:
            with self.env.cr.savepoint():
                reminder = Reminder.create({"deadline_id": self.id, "user_id": user.id, "channel": channel,
                                            "stage": stage, "sent_date": today})
        except Exception:  # another sweep won the race on the unique key: it sends, we don't
            _logger.info("reminder for deadline %s already claimed", self.id)
            return False
        summary = self._reminder_summary(stage)
        if channel == "activity":
            self._remind_by_activity(user, stage)
        elif channel == "sms":
            # the text names the case and the deadline, never a party's identifiers
            text = self.with_context(lang=user.lang or self.env.context.get("lang"))._reminder_summary(stage)
            reminder.sms_id = self.env["sms.sms"].sudo().create({
                "number": self._reminder_mobile(user), "body": text, "partner_id": user.partner_id.id,
                "res_model": "fuyi.deadline", "res_id": self.id})
        elif user.partner_id.email:
            self.env["mail.mail"].sudo().create({
                "subject": summary, "email_to": user.partner_id.email,
                "body_html": "<p>%s</p><pre>%s</pre>" % (summary, self.explanation or "")})
        return True

    def _reminder_summary(self, stage):
        if stage < 0:
            return _("OVERDUE: %(name)s of case %(case)s was due on %(date)s (%(basis)s)",
                     name=self.name, case=self.case_id.name, date=self.due_date, basis=cite(self.legal_basis, self.env))
        if stage == 0:
            return _("Due today: %(name)s of case %(case)s (%(basis)s)",
                     name=self.name, case=self.case_id.name, basis=cite(self.legal_basis, self.env))
        return _("%(name)s of case %(case)s is due on %(date)s, in %(n)s working days (%(basis)s)",
                 name=self.name, case=self.case_id.name, date=self.due_date, n=stage,
                 basis=cite(self.legal_basis, self.env))


class FuyiCase(models.Model):
    _inherit = "fuyi.case"

    def _typed_record(self):
        """The procedure record (reconsideration, lawsuit, …) that delegates to this case."""
        self.ensure_one()
        for name in self.env.registry:
            model = self.env[name]
            if not model._abstract and model._inherits.get("fuyi.case") == "case_id":
                found = model.sudo().search([("case_id", "=", self.id)], limit=1)
                if found:
                    return found
        return None
