"""The working-day calendar: weekends, statutory holidays and adjusted working days (调休上班).

A :class:`WorkCalendar` is built from the State Council holiday notices of the years it
knows (``loaded_years``). Weekdays work unless listed as a holiday; weekends rest unless
listed as an adjusted working day.

A year whose notice is not loaded never blocks work: its days are classified from what is
known without the notice (weekends, and the statutory holidays on fixed Gregorian dates), and
:meth:`WorkCalendar.is_provisional` says so, so every date computed over it is marked
provisional until the notice is loaded::

    >>> cal = WorkCalendar([(datetime.date(2025, 10, 1), "holiday")], loaded_years=[2025])
    >>> cal.is_working_day(datetime.date(2025, 10, 1))
    False
    >>> cal.is_working_day(datetime.date(2027, 10, 2)), cal.is_provisional(datetime.date(2027, 10, 2))
    (False, True)
"""
import datetime

HOLIDAY = "holiday"
ADJUSTED_WORKDAY = "adjusted_workday"
WEEKEND = "weekend"
WORKDAY = "workday"
DAY_KINDS = (HOLIDAY, ADJUSTED_WORKDAY)

ONE_DAY = datetime.timedelta(days=1)

#: Statutory holidays whose Gregorian dates the holiday measures fix (全国年节及纪念日放假办法,
#: as revised in 2024, Art. 2): New Year's Day 1 Jan, Labour Day 1–2 May, National Day 1–3 Oct.
#: The lunar-calendar holidays (Spring Festival, Qingming, Dragon Boat, Mid-Autumn) and the
#: adjusted working days exist only in each year's State Council notice.
FIXED_HOLIDAYS = {(1, 1): "元旦", (5, 1): "劳动节", (5, 2): "劳动节",
                  (10, 1): "国庆节", (10, 2): "国庆节", (10, 3): "国庆节"}
FIXED_HOLIDAYS_BASIS = "全国年节及纪念日放假办法 Art. 2"


def fixed_holiday(day):
    """The name of the fixed-date statutory holiday on ``day``, or None."""
    return FIXED_HOLIDAYS.get((day.month, day.day))


class CalendarNotLoaded(ValueError):
    """A year's State Council holiday notice is not available (e.g. from chinesecalendar)."""

    def __init__(self, year, message=None):
        self.year = year
        super().__init__(message or (
            "The working-day calendar for %(year)s is not loaded: load the State Council holiday "
            "notice for %(year)s first." % {"year": year}))


def as_date(value):
    """A datetime.date from a date or datetime (datetime keys would never match date keys)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if not isinstance(value, datetime.date):
        raise TypeError("Expected a datetime.date, got %r" % (value,))
    return value


class WorkCalendar:
    """Which days are working days, from loaded holiday notices.

    ``adjusted_workday_counts``: whether an adjusted working weekend (调休上班日) is a working
    day. No statute settles it; default yes (offices open by State Council notice).
    """

    def __init__(self, days, loaded_years, adjusted_workday_counts=True):
        self.loaded_years = frozenset(int(y) for y in loaded_years)
        self.adjusted_workday_counts = bool(adjusted_workday_counts)
        self._days = {}
        for day, kind in days:
            day = as_date(day)
            if kind not in DAY_KINDS:
                raise ValueError("Unknown calendar day kind %r for %s: use 'holiday' or 'adjusted_workday'."
                                 % (kind, day))
            if self._days.get(day, kind) != kind:
                raise ValueError("%s is listed both as a holiday and as an adjusted working day." % day)
            self._days[day] = kind

    def __repr__(self):
        return "WorkCalendar(years=%s, adjusted_workday_counts=%s)" % (
            sorted(self.loaded_years), self.adjusted_workday_counts)

    def is_loaded(self, year):
        """Whether the holiday notice of ``year`` is loaded."""
        return int(year) in self.loaded_years

    def is_provisional(self, d):
        """Whether what this calendar says of ``d`` rests on a notice that is not loaded yet."""
        return as_date(d).year not in self.loaded_years

    def kind_of(self, d):
        """'holiday', 'adjusted_workday', 'weekend' or 'workday'.

        In a year whose notice is not loaded: days entered by hand, then the fixed-date
        statutory holidays, then weekends (provisional, see :meth:`is_provisional`).
        """
        day = as_date(d)
        kind = self._days.get(day)
        if kind:
            return kind
        if day.year not in self.loaded_years and fixed_holiday(day):
            return HOLIDAY
        return WEEKEND if day.weekday() >= 5 else WORKDAY

    def is_working_day(self, d):
        """Weekdays work unless a holiday; weekends rest unless an adjusted working day (if counted)."""
        kind = self.kind_of(d)
        if kind == ADJUSTED_WORKDAY:
            return self.adjusted_workday_counts
        return kind == WORKDAY

    def is_rest_day(self, d):
        """Holidays, weekends, and adjusted working days when they are not counted."""
        return not self.is_working_day(d)

    def next_working_day(self, d):
        """The first working day strictly after ``d``."""
        day = as_date(d) + ONE_DAY
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def previous_working_day(self, d):
        """The last working day strictly before ``d``."""
        day = as_date(d) - ONE_DAY
        while not self.is_working_day(day):
            day -= ONE_DAY
        return day
