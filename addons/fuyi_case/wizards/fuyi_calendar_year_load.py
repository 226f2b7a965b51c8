import datetime

from flectra import fields, models, _
from flectra.exceptions import UserError, ValidationError


class FuyiCalendarYearLoad(models.TransientModel):
    """Enter a year's State Council holiday notice (部分节假日安排的通知) as published.

    Each holiday is a named range of days off, each adjusted working day (调休上班) a date. The
    notice replaces what the calendar held for that year (single days entered by hand before the
    notice was published), marks the year loaded, and recomputes every deadline that moves,
    logging each move on its case.
    """

    _name = "fuyi.calendar.year.load"
    _description = "Enter a holiday notice"

    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year + 1)
    source = fields.Char(string="Notice", required=True,
                         help="Title and number of the notice, e.g. 国务院办公厅关于2027年部分节假日安排的通知")
    holiday_ids = fields.One2many("fuyi.calendar.year.load.holiday", "load_id", string="Holidays")
    workday_ids = fields.One2many("fuyi.calendar.year.load.workday", "load_id", string="Adjusted working days")

    def _rows(self):
        """[(date, kind, name)] of the notice, checked: inside the year, no day twice, adjusted days on weekends."""
        self.ensure_one()
        if not self.year or not 1900 < self.year < 2200:
            raise ValidationError(_("Enter the year of the notice (e.g. 2027)."))
        if not self.holiday_ids:
            raise ValidationError(_("A holiday notice lists at least one holiday: enter each holiday with its "
                                    "first and last day off."))
        # a notice may take in the last days of the year before (e.g. 元旦 2023 began on 2022-12-31)
        first, last = datetime.date(self.year - 1, 12, 20), datetime.date(self.year, 12, 31)
        rows, seen = [], {}
        for line in self.holiday_ids:
            name = (line.name or "").strip()
            if not name or not line.date_from or not line.date_to:
                raise ValidationError(_("Each holiday needs its name and its first and last day off."))
            if line.date_to < line.date_from:
                raise ValidationError(_("%(name)s: the last day off (%(to)s) is before the first (%(from)s).",
                                        name=name, to=line.date_to, **{"from": line.date_from}))
            day = line.date_from
            while day <= line.date_to:
                rows.append((day, "holiday", name))
                day += datetime.timedelta(days=1)
        for line in self.workday_ids:
            if not line.date:
                raise ValidationError(_("Each adjusted working day needs its date."))
            if line.date.weekday() < 5:
                raise ValidationError(_("%(date)s is a weekday: only a weekend day can be an adjusted working day.",
                                        date=line.date))
            rows.append((line.date, "adjusted_workday", (line.name or "").strip() or _("Adjusted working day")))
        for day, kind, name in rows:
            if not first <= day <= last:
                raise ValidationError(_("%(date)s is not in %(year)s: a notice lists the days of its own year.",
                                        date=day, year=self.year))
            if day in seen:
                raise ValidationError(_("%(date)s is listed twice (%(first)s and %(second)s).",
                                        date=day, first=seen[day], second=name))
            seen[day] = name
        return rows

    def action_load(self):
        self.ensure_one()
        if not (self.env.user.has_group("base.group_system")
                or self.env.user.has_group("fuyi_case.fuyi_case_group_manager")):
            raise UserError(_("Only an administrator or a manager can load a holiday notice."))
        rows = self._rows()
        source = self.source.strip()
        Day = self.env["fuyi.calendar.day"].sudo().with_context(fuyi_calendar_no_recompute=True)
        Day.search(["|", ("year", "=", self.year), ("date", "in", [day for day, _kind, _name in rows])]).unlink()
        Day.create([{"date": day, "kind": kind, "name": name, "source": source} for day, kind, name in rows])
        record = self.env["fuyi.calendar.year"]._for_year(self.year)
        record._mark_loaded("manual", source)
        record.message_post(body=_("Holiday notice entered: %(notice)s (%(holidays)s days off, %(workdays)s "
                                   "adjusted working days).", notice=source,
                                   holidays=len([r for r in rows if r[1] == "holiday"]),
                                   workdays=len([r for r in rows if r[1] == "adjusted_workday"])))
        return {"type": "ir.actions.act_window", "res_model": "fuyi.calendar.year", "res_id": record.id,
                "view_mode": "form", "target": "current"}


class FuyiCalendarYearLoadHoliday(models.TransientModel):
    _name = "fuyi.calendar.year.load.holiday"
    _description = "Holiday in a notice"
    _order = "date_from, id"

    load_id = fields.Many2one("fuyi.calendar.year.load", required=True, ondelete="cascade")
    name = fields.Char(string="Holiday", required=True, help="e.g. 春节")
    date_from = fields.Date(string="First day off", required=True)
    date_to = fields.Date(string="Last day off", required=True)


class FuyiCalendarYearLoadWorkday(models.TransientModel):
    _name = "fuyi.calendar.year.load.workday"
    _description = "Adjusted working day in a notice"
    _order = "date, id"

    load_id = fields.Many2one("fuyi.calendar.year.load", required=True, ondelete="cascade")
    date = fields.Date(required=True)
    name = fields.Char(string="For", help="e.g. 春节调休")
