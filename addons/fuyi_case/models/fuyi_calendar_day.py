from flectra import api, fields, models, _
from flectra.exceptions import ValidationError

from ..tools import workdays

KINDS = [("holiday", "Statutory holiday"), ("adjusted_workday", "Adjusted working day (调休上班)")]


class FuyiCalendarDay(models.Model):
    """The official working-day calendar as editable data: holidays and adjusted working days.

    Weekends not listed are rest days, weekdays not listed are working days. A year counts as
    loaded only when its whole State Council notice is (``fuyi.calendar.year``); days edited here
    adjust a year and never make it loaded. Dates in a year not loaded are provisional.
    """

    _name = "fuyi.calendar.day"
    _description = "Calendar day"
    _order = "date"

    date = fields.Date(required=True, index=True)
    kind = fields.Selection(KINDS, required=True)
    name = fields.Char(string="Holiday", help="e.g. 春节")
    year = fields.Integer(compute="_compute_year", store=True, index=True)
    source = fields.Char(help="The State Council notice this day comes from")

    _sql_constraints = [("date_unique", "unique(date)", "A day can be listed only once in the calendar.")]

    @api.depends("date")
    def _compute_year(self):
        for day in self:
            day.year = day.date.year if day.date else 0

    @api.model
    def _adjusted_workday_counts(self):
        """Adjusted working weekends count as working days unless configured otherwise (reconsideration.md §13)."""
        value = self.env["ir.config_parameter"].sudo().get_param("fuyi_case.adjusted_workday_counts", "1")
        return value not in ("0", "false", "False", "")

    @api.model
    def _work_calendar(self):
        """The calendar as a WorkCalendar, built once per transaction (it is read for every deadline)."""
        key = ("fuyi_case.work_calendar", self._adjusted_workday_counts())
        calendar = self.env.cr.cache.get(key)
        if calendar is None:
            rows = self.sudo().search_read([], ["date", "kind"])
            days = [(fields.Date.to_date(row["date"]), row["kind"]) for row in rows]
            calendar = workdays.WorkCalendar(days, self.env["fuyi.calendar.year"]._loaded_years(),
                                             adjusted_workday_counts=key[1])
            self.env.cr.cache[key] = calendar
        return calendar

    @api.model
    def _forget_calendar(self):
        for key in [k for k in self.env.cr.cache if isinstance(k, tuple) and k[0] == "fuyi_case.work_calendar"]:
            del self.env.cr.cache[key]

    @api.model
    def action_seed_official_years(self):
        """Load every year the chinese_calendar library knows (official notices); keep edits."""
        return len(self.env["fuyi.calendar.year"]._load_from_library())

    # --- changes move open deadlines ---
    def _recompute_deadlines(self):
        self._forget_calendar()
        if not self.env.context.get("fuyi_calendar_no_recompute"):
            self.env["fuyi.deadline"].sudo()._recompute_open(_("calendar changed"))

    @api.model_create_multi
    def create(self, vals_list):
        days = super().create(vals_list)
        days._recompute_deadlines()
        return days

    def write(self, vals):
        result = super().write(vals)
        self._recompute_deadlines()
        return result

    def unlink(self):
        result = super().unlink()
        self.env["fuyi.calendar.day"]._recompute_deadlines()
        return result

    @api.constrains("date", "kind")
    def _check_kind(self):
        for day in self:
            if day.kind == "adjusted_workday" and day.date.weekday() < 5:
                raise ValidationError(_("%(date)s is a weekday: only a weekend day can be an adjusted working day.",
                                        date=day.date))
