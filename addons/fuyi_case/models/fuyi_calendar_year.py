import datetime

from flectra import api, fields, models, _
from flectra.exceptions import UserError

from ..tools import calendar_seed

STATES = [("missing", "Not loaded"), ("loaded", "Loaded")]
METHODS = [("chinesecalendar", "chinesecalendar package"), ("manual", "Entered from the notice")]
#: from this month on, next year's notice is expected (the State Council publishes it in autumn)
NEXT_YEAR_FROM_MONTH = 11


class FuyiCalendarYear(models.Model):
    """Whether a year's State Council holiday notice is loaded into the working-day calendar.

    A year is loaded only when its whole notice is: from the chinesecalendar package or entered
    by hand from the published notice (the load wizard). Single days edited in the calendar
    adjust a year and never make it loaded. Until a year is loaded, dates in it are counted
    provisionally (tools/workdays) and marked so; its record then says "not loaded" and the
    administrators have an activity on it telling them how to load it.
    """

    _name = "fuyi.calendar.year"
    _description = "Holiday notice of a year"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "year desc"
    _rec_name = "year"

    year = fields.Integer(required=True, readonly=True, index=True)
    state = fields.Selection(STATES, required=True, default="missing", readonly=True, tracking=True)
    method = fields.Selection(METHODS, readonly=True, tracking=True)
    source = fields.Char(readonly=True, help="The State Council notice, e.g. 国务院办公厅关于2027年部分节假日安排的通知")
    loaded_date = fields.Datetime(readonly=True)
    loaded_by_id = fields.Many2one("res.users", string="Loaded by", readonly=True)
    day_count = fields.Integer(compute="_compute_day_count", string="Days listed")
    provisional_count = fields.Integer(compute="_compute_provisional_count", string="Provisional deadlines")

    _sql_constraints = [("year_unique", "unique(year)", "Each year has one holiday notice record.")]

    def _compute_day_count(self):
        Day = self.env["fuyi.calendar.day"].sudo()
        for record in self:
            record.day_count = Day.search_count([("year", "=", record.year)])

    def _compute_provisional_count(self):
        Deadline = self.env["fuyi.deadline"].sudo()
        for record in self:
            record.provisional_count = Deadline.search_count(record._provisional_deadline_domain())

    def _provisional_deadline_domain(self):
        self.ensure_one()
        end = datetime.date(self.year, 12, 31)
        return [("state", "in", ("open", "paused")), ("provisional", "=", True), ("due_date", ">=", datetime.date(self.year, 1, 1)),
                ("start_date", "<=", end)]

    @api.model
    def _loaded_years(self):
        return set(self.sudo().search([("state", "=", "loaded")]).mapped("year"))

    # --- loading ---
    def _mark_loaded(self, method, source):
        """Mark these years loaded, then recompute the deadlines that depend on them, logging every move."""
        self.sudo().write({"state": "loaded", "method": method, "source": source,
                           "loaded_date": fields.Datetime.now(), "loaded_by_id": self.env.uid})
        for record in self.sudo():
            record.activity_ids.action_feedback(feedback=_("Holiday notice for %(year)s loaded.", year=record.year))
        calendar_day = self.env["fuyi.calendar.day"]
        calendar_day._forget_calendar()
        moved = []
        for record in self.sudo():
            reason = _("the State Council holiday notice for %(year)s was loaded", year=record.year)
            moved += self.env["fuyi.deadline"].sudo()._recompute_provisional(reason)
        return moved

    @api.model
    def _for_year(self, year):
        record = self.sudo().search([("year", "=", int(year))], limit=1)
        return record or self.sudo().create({"year": int(year)})

    @api.model
    def _load_from_library(self):
        """Load every year the installed chinesecalendar knows and the database does not yet.

        Runs on install and upgrade and daily, so ``pip install -U chinesecalendar`` with a new
        year's notice loads it without anybody entering it. Days edited by hand are kept.
        """
        loaded = self._loaded_years()
        Day = self.env["fuyi.calendar.day"].sudo().with_context(fuyi_calendar_no_recompute=True)
        years = [year for year in calendar_seed.supported_years() if year not in loaded]
        if not years:
            return []
        existing = {day.date for day in Day.search([("year", "in", years)])}
        vals = []
        for year in years:
            for day, kind in calendar_seed.official_days(year):
                if day not in existing:
                    vals.append({"date": day, "kind": kind,
                                 "source": "chinese_calendar (State Council notice %s)" % year})
        if vals:
            Day.create(vals)
        records = self.browse()
        for year in years:
            records |= self._for_year(year)
        records._mark_loaded("chinesecalendar", _("State Council holiday notice (chinesecalendar package)"))
        return years

    # --- telling the administrators ---
    @api.model
    def _needed_years(self, today=None):
        """Years the office needs now: this year, next year from November, and every year an open
        deadline reaches."""
        today = today or fields.Date.context_today(self)
        years = {today.year}
        if today.month >= NEXT_YEAR_FROM_MONTH:
            years.add(today.year + 1)
        self.env.cr.execute("SELECT DISTINCT due_date FROM fuyi_deadline WHERE provisional AND state IN ('open', 'paused')")
        for (due,) in self.env.cr.fetchall():
            if due:
                years.add(fields.Date.to_date(due).year)
        return years

    @api.model
    def _missing_years(self, today=None):
        return sorted(self._needed_years(today) - self._loaded_years())

    @api.model
    def _cron_check_calendar(self):
        """Daily: load what chinesecalendar knows; for each year still missing, one activity per administrator."""
        self._load_from_library()
        admins = self.env.ref("base.group_system").sudo().users.filtered(lambda u: u.active and u.id != 1)
        missing = self.browse()
        for year in self._missing_years():
            record = self._for_year(year)
            missing |= record
            for admin in admins:
                if record.activity_ids.filtered(lambda a, admin=admin: a.user_id == admin):
                    continue
                record.activity_schedule(
                    "mail.mail_activity_data_todo", user_id=admin.id,
                    summary=_("Load the holiday notice for %(year)s", year=year),
                    note=self._missing_help(year))
        return missing.ids

    @api.model
    def _missing_help(self, year):
        return _("The State Council holiday notice for %(year)s is not loaded. Deadlines that reach %(year)s are "
                 "counted with weekends and the fixed-date holidays only and are marked provisional. To load it: "
                 "upgrade the chinesecalendar package (pip install -U chinesecalendar) once it covers %(year)s, "
                 "or open Configuration > Holiday notices > %(year)s and enter the notice (Enter the notice).",
                 year=year)

    @api.model
    def _login_notices(self):
        """What an administrator is told on login: the years whose notice is missing."""
        if not self.env.user.has_group("base.group_system"):
            return []
        return [self._missing_help(year) for year in self._missing_years()]

    def action_open_load(self):
        """Open the dialog to enter this year's notice as the State Council published it."""
        self.ensure_one()
        if not self.env.user.has_group("base.group_system") and \
                not self.env.user.has_group("fuyi_case.fuyi_case_group_manager"):
            raise UserError(_("Only an administrator or a manager can load a holiday notice."))
        return {
            "type": "ir.actions.act_window",
            "name": _("Enter the holiday notice"),
            "res_model": "fuyi.calendar.year.load",
            "view_mode": "form",
            "target": "new",
            "context": {"default_year": self.year},
        }
