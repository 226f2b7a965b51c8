"""Official holiday schedules from the ``chinesecalendar`` package (import name ``chinese_calendar``).

The package transcribes each State Council General Office holiday notice (部分节假日安排的通知)
into holiday and adjusted-working-day tables; a new release follows each November notice.
This module turns those tables into the ``(date, kind)`` rows a WorkCalendar is built from::

    >>> cal = calendar_for_years([2025, 2026])
    >>> cal.kind_of(datetime.date(2026, 2, 14))
    'adjusted_workday'
"""
import datetime

from .workdays import ADJUSTED_WORKDAY, HOLIDAY, CalendarNotLoaded, WorkCalendar


class ScheduleNotAvailable(CalendarNotLoaded):
    """The installed chinesecalendar release has no holiday schedule for this year."""

    def __init__(self, year, supported):
        span = "%d-%d" % (supported[0], supported[-1]) if supported else "no year"
        super().__init__(year, (
            "No official holiday schedule for %(year)s is available (the installed chinesecalendar package "
            "covers %(span)s): upgrade chinesecalendar once the State Council holiday notice for %(year)s "
            "is published, or enter the notice by hand." % {"year": year, "span": span}))


def _library():
    try:
        import chinese_calendar
    except ImportError as exc:  # the message tells the operator what to install
        raise ImportError("The official holiday schedules need the Python package chinesecalendar: "
                          "pip install chinesecalendar") from exc
    return chinese_calendar


def supported_years():
    """Years for which the installed chinesecalendar release has a holiday schedule."""
    lib = _library()
    return sorted({day.year for day in lib.holidays} | {day.year for day in lib.workdays})


def official_days(year):
    """[(date, 'holiday' | 'adjusted_workday')] of ``year``, sorted, as the State Council notice lists them.

    Holidays include the weekend days inside a holiday block; weekends not listed are
    ordinary rest days. Raises ScheduleNotAvailable (a CalendarNotLoaded) for other years.
    """
    year = int(year)
    years = supported_years()
    if year not in years:
        raise ScheduleNotAvailable(year, years)
    lib = _library()
    rows = [(day, HOLIDAY) for day in lib.holidays if day.year == year]
    rows += [(day, ADJUSTED_WORKDAY) for day in lib.workdays if day.year == year]
    return sorted((day if type(day) is datetime.date else day.date(), kind) for day, kind in rows)


def calendar_for_years(years, adjusted_workday_counts=True):
    """A WorkCalendar loaded with the official schedules of ``years``."""
    years = sorted({int(y) for y in years})
    days = [row for year in years for row in official_days(year)]
    return WorkCalendar(days, years, adjusted_workday_counts=adjusted_workday_counts)
