"""Statutory periods (期间计算): working days, calendar days and months, with the reasons.

Every function returns a :class:`Due`: the last day of the period, whether it is
provisional, and the steps that explain it (shown to the clerk as "why this date")::

    >>> due = add_working_days(calendar, datetime.date(2025, 9, 26), 5)
    >>> due.date, due.steps[0]
    (datetime.date(2025, 10, 10), 'Start day 2025-09-26 not counted (CPL Art. 85 para 2)')

Rules: the start day is not counted (CPL Art. 85 para 2; Civil Code Art. 201); a period
whose last day is a rest day ends on the next working day (CPL Art. 85 para 3; Civil Code
Art. 203 para 1); month periods end on the corresponding day, or on the month's last day
when there is none (Civil Code Art. 202); 3/5/7/10-day periods of the reconsideration law
are working days (ARL Art. 88 para 2).
"""
import calendar as calendar_module
import dataclasses
import datetime

from .workdays import ADJUSTED_WORKDAY, FIXED_HOLIDAYS_BASIS, HOLIDAY, ONE_DAY, CalendarNotLoaded, as_date

WORKING_DAY = "working_day"
CALENDAR_DAY = "calendar_day"
MONTH = "month"
YEAR = "year"
UNITS = (WORKING_DAY, CALENDAR_DAY, MONTH, YEAR)

#: default legal basis cited for counting in working days
WORKING_DAY_BASIS = "ARL Art. 88 para 2"
ROLL_OVER_BASIS = "CPL Art. 85 para 3; Civil Code Art. 203 para 1"

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclasses.dataclass(frozen=True)
class Due:
    """The last day of a period; ``provisional`` when it rests on a holiday notice not yet loaded."""

    date: datetime.date
    provisional: bool
    steps: tuple


def _weekday(day):
    return _WEEKDAYS[day.weekday()]


def _weekend_name(day):
    return {5: "Saturday", 6: "Sunday"}.get(day.weekday(), "weekday")


def _ranges(days):
    """'2025-10-01 to 2025-10-08, 2026-01-01' from a sorted list of dates."""
    parts = []
    first = last = None
    for day in days:
        if last is not None and day - last == ONE_DAY:
            last = day
            continue
        if first is not None:
            parts.append(str(first) if first == last else "%s to %s" % (first, last))
        first = last = day
    if first is not None:
        parts.append(str(first) if first == last else "%s to %s" % (first, last))
    return ", ".join(parts)


def _check_count(n):
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("A period length must be an integer, got %r" % (n,))


def _provisional_steps(unloaded):
    return ["The holiday calendar for %(year)s is not loaded: only weekends and the fixed-date statutory "
            "holidays (%(basis)s) were treated as rest days, so this date is provisional until the State "
            "Council holiday notice for %(year)s is loaded" % {"year": year, "basis": FIXED_HOLIDAYS_BASIS}
            for year in sorted(unloaded)]


def _pause(start_day, paused_days, steps):
    """Suspended days do not count: they extend the raw period, before any roll-over (ARL Art. 39)."""
    if not paused_days:
        return start_day
    moved = start_day + datetime.timedelta(days=paused_days)
    steps.append("The period was suspended for %d days, which do not count (ARL Art. 39): raw end moved from "
                 "%s to %s (%s)" % (paused_days, start_day, moved, _weekday(moved)))
    return moved


def add_working_days(calendar, start, n, basis=None, paused_days=0):
    """Last day of a period of ``n`` working days after ``start`` (ARL Art. 88 para 2).

    The start day is not counted (CPL Art. 85 para 2). Holidays and rest days are skipped;
    adjusted working weekends count when the calendar says so. A negative ``n`` counts
    back: the |n|-th working day before ``start``. Days of a year whose holiday notice is
    not loaded are counted provisionally (weekends and fixed-date holidays rest). Suspended
    days (``paused_days``) extend the period; an end on a rest day then moves to the next
    working day.
    """
    _check_count(n)
    start = as_date(start)
    basis = basis or WORKING_DAY_BASIS
    step = ONE_DAY if n >= 0 else -ONE_DAY
    counted, day = 0, start
    holidays, provisional_holidays, adjusted_counted, adjusted_skipped = [], [], [], []
    unloaded = set()
    while counted < abs(n):
        day += step
        kind = calendar.kind_of(day)
        if calendar.is_provisional(day):
            unloaded.add(day.year)
        if calendar.is_working_day(day):
            counted += 1
            if kind == ADJUSTED_WORKDAY:
                adjusted_counted.append(day)
        elif kind == HOLIDAY:
            (provisional_holidays if calendar.is_provisional(day) else holidays).append(day)
        elif kind == ADJUSTED_WORKDAY:
            adjusted_skipped.append(day)
    if n >= 0:
        steps = ["Start day %s not counted (CPL Art. 85 para 2)" % start,
                 "%d working days counted, holidays and rest days skipped (%s)" % (n, basis)]
    else:
        steps = ["Counting back from %s, which is not counted (CPL Art. 85 para 2)" % start,
                 "%d working days counted backwards, holidays and rest days skipped (%s)" % (-n, basis)]
    if holidays:
        steps.append("Statutory holidays skipped: %s (State Council holiday notice)" % _ranges(sorted(holidays)))
    if provisional_holidays:
        steps.append("Fixed-date statutory holidays skipped: %s (%s)"
                     % (_ranges(sorted(provisional_holidays)), FIXED_HOLIDAYS_BASIS))
    for adjusted in sorted(adjusted_counted):
        steps.append("Adjusted working day %s (%s) counted as a working day (State Council holiday notice)"
                     % (adjusted, _weekday(adjusted)))
    for adjusted in sorted(adjusted_skipped):
        steps.append("Adjusted working day %s (%s) not counted: this calendar counts Monday to Friday only"
                     % (adjusted, _weekday(adjusted)))
    if paused_days:
        raw = _pause(day, paused_days, steps)
        day, rolled_provisional = _roll_over(calendar, raw, True, steps, unloaded)
        return Due(day, rolled_provisional, tuple(steps))
    steps += _provisional_steps(unloaded)
    steps.append("Last day: %s (%s)%s" % (day, _weekday(day), " (provisional)" if unloaded else ""))
    return Due(day, bool(unloaded), tuple(steps))


def _rest_reason(calendar, day):
    kind = calendar.kind_of(day)
    if kind == HOLIDAY:
        return "a statutory holiday"
    if kind == ADJUSTED_WORKDAY:
        return "an adjusted working %s, which this calendar treats as a rest day" % _weekend_name(day)
    return "a %s (rest day)" % _weekend_name(day)


def _roll_over(calendar, raw, roll_over, steps, unloaded=None):
    """Move a rest-day end to the next working day (CPL Art. 85 para 3; Civil Code Art. 203 para 1).

    Days in a year whose notice is not loaded are judged provisionally (weekends and fixed-date
    holidays rest) and make the result provisional. ``unloaded`` carries the years already met.
    """
    unloaded = set(unloaded or ())
    if not roll_over:
        steps += _provisional_steps(unloaded)
        steps.append("Last day: %s (%s); no roll-over for this period" % (raw, _weekday(raw)))
        return raw, bool(unloaded)

    def is_rest(day):
        if calendar.is_provisional(day):
            unloaded.add(day.year)
        return calendar.is_rest_day(day)

    day = raw
    if is_rest(raw):
        day = raw + ONE_DAY
        while is_rest(day):
            day += ONE_DAY
        steps.append("Raw end %s is %s: moved to %s (%s)" % (raw, _rest_reason(calendar, raw), day, ROLL_OVER_BASIS))
    elif calendar.kind_of(raw) == ADJUSTED_WORKDAY:
        steps.append("Raw end %s is a %s but an adjusted working day (State Council holiday notice): "
                     "not a rest day, no roll-over" % (raw, _weekend_name(raw)))
    steps += _provisional_steps(unloaded)
    steps.append("Last day: %s (%s)%s" % (day, _weekday(day), " (provisional)" if unloaded else ""))
    return day, bool(unloaded)


def add_calendar_days(calendar, start, n, roll_over=True, paused_days=0):
    """Last day of a period of ``n`` calendar days after ``start``.

    Start day not counted (CPL Art. 85 para 2; Civil Code Art. 201); suspended days extend the
    raw period (ARL Art. 39); a rest-day end then moves, once, to the next working day when
    ``roll_over`` (CPL Art. 85 para 3; Civil Code Art. 203 para 1). An adjusted working weekend
    is not a rest day while the calendar counts it.
    """
    _check_count(n)
    if n < 0:
        raise ValueError("A calendar-day period cannot be negative (%d)." % n)
    start = as_date(start)
    raw = start + datetime.timedelta(days=n)
    steps = ["Start day %s not counted (CPL Art. 85 para 2; Civil Code Art. 201)" % start,
             "%d calendar days counted: raw end %s (%s)" % (n, raw, _weekday(raw))]
    raw = _pause(raw, paused_days, steps)
    day, provisional = _roll_over(calendar, raw, roll_over, steps)
    return Due(day, provisional, tuple(steps))


def add_months(calendar, start, n, roll_over=True, paused_days=0):
    """Last day of a period of ``n`` months after ``start`` (Civil Code Art. 202).

    The period ends on the corresponding day of the final month; a month without that day
    ends it on its last day. Start day not counted (Civil Code Art. 201); suspended days and
    rest-day roll-over as for calendar days.
    """
    _check_count(n)
    if n < 0:
        raise ValueError("A month period cannot be negative (%d)." % n)
    start = as_date(start)
    years, month0 = divmod(start.month - 1 + n, 12)
    year, month = start.year + years, month0 + 1
    last = calendar_module.monthrange(year, month)[1]
    raw = datetime.date(year, month, min(start.day, last))
    steps = ["Start day %s not counted (Civil Code Art. 201)" % start]
    if start.day > last:
        steps.append("%d months counted: %04d-%02d has no day %d, so the raw end is the last day of that "
                     "month, %s (%s) (Civil Code Art. 202)" % (n, year, month, start.day, raw, _weekday(raw)))
    else:
        steps.append("%d months counted: raw end on the corresponding day %s (%s) (Civil Code Art. 202)"
                     % (n, raw, _weekday(raw)))
    raw = _pause(raw, paused_days, steps)
    day, provisional = _roll_over(calendar, raw, roll_over, steps)
    return Due(day, provisional, tuple(steps))


def compute_due(calendar, start, length, unit, roll_over=True, basis=None, paused_days=0, extension=0):
    """Last day of a period of ``length`` ``unit`` ('working_day', 'calendar_day', 'month', 'year').

    ``roll_over`` applies to calendar-day, month and year periods; a working-day period
    always ends on a working day. ``basis`` names the working-day clause to cite.
    ``paused_days`` (suspension, ARL Art. 39) extend the raw period before the roll-over;
    an approved ``extension`` (in the same unit) runs from the end of the original period,
    as rolled over (see :func:`extend`).
    """
    if unit == WORKING_DAY:
        due = add_working_days(calendar, start, length, basis=basis, paused_days=paused_days)
    elif unit == CALENDAR_DAY:
        due = add_calendar_days(calendar, start, length, roll_over=roll_over, paused_days=paused_days)
    elif unit == MONTH:
        due = add_months(calendar, start, length, roll_over=roll_over, paused_days=paused_days)
    elif unit == YEAR:
        _check_count(length)
        due = add_months(calendar, start, 12 * length, roll_over=roll_over, paused_days=paused_days)
        due = Due(due.date, due.provisional,
                  ("%d years = %d months (Civil Code Art. 202)" % (length, 12 * length),) + due.steps)
    else:
        raise ValueError("Unknown period unit %r: use one of %s." % (unit, ", ".join(UNITS)))
    if extension:
        due = extend(due, calendar, extension, unit, roll_over=roll_over, basis=basis)
    return due


def extend(due_or_date, calendar, length, unit, roll_over=True, basis=None):
    """A period extended by ``length`` ``unit``, counted from the end of the original period.

    One reading everywhere: the extension runs from the original last day as rolled over
    (the day the period actually ended), start day not counted; the result is provisional if
    either part is.
    """
    if isinstance(due_or_date, Due):
        base, before, provisional = due_or_date.date, due_or_date.steps, due_or_date.provisional
    else:
        base, before, provisional = as_date(due_or_date), (), False
    due = compute_due(calendar, base, length, unit, roll_over=roll_over, basis=basis)
    label = unit.replace("_", " ") + ("s" if length != 1 else "")
    steps = before + ("Extended by %d %s, counted from the end of the original period, %s"
                      % (length, label, base),) + due.steps
    return Due(due.date, provisional or due.provisional, steps)


__all__ = ["Due", "CalendarNotLoaded", "UNITS", "add_working_days", "add_calendar_days", "add_months",
           "compute_due", "extend"]
