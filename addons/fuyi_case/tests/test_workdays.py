"""Working-day calendar (tools/workdays.py), checked against the State Council notices as transcribed
in identifiers_and_calendar.md §1. The tables below are the expected data, typed from that document."""
import datetime

from flectra.tests import tagged

from ..tools import workdays
from .pure import PureCase

D = datetime.date
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# (holiday, first day off, last day off, number of days off, adjusted working days)
SCHEDULE_2025 = [
    ("New Year", "Wed 01-01", "Wed 01-01", 1, []),
    ("Spring Festival", "Tue 01-28", "Tue 02-04", 8, ["Sun 01-26", "Sat 02-08"]),
    ("Qingming", "Fri 04-04", "Sun 04-06", 3, []),
    ("Labour Day", "Thu 05-01", "Mon 05-05", 5, ["Sun 04-27"]),
    ("Dragon Boat", "Sat 05-31", "Mon 06-02", 3, []),
    ("National Day + Mid-Autumn", "Wed 10-01", "Wed 10-08", 8, ["Sun 09-28", "Sat 10-11"]),
]
SCHEDULE_2026 = [
    ("New Year", "Thu 01-01", "Sat 01-03", 3, ["Sun 01-04"]),
    ("Spring Festival", "Sun 02-15", "Mon 02-23", 9, ["Sat 02-14", "Sat 02-28"]),
    ("Qingming", "Sat 04-04", "Mon 04-06", 3, []),
    ("Labour Day", "Fri 05-01", "Tue 05-05", 5, ["Sat 05-09"]),
    ("Dragon Boat", "Fri 06-19", "Sun 06-21", 3, []),
    ("Mid-Autumn", "Fri 09-25", "Sun 09-27", 3, []),
    ("National Day", "Thu 10-01", "Wed 10-07", 7, ["Sun 09-20", "Sat 10-10"]),
]
SCHEDULES = {2025: SCHEDULE_2025, 2026: SCHEDULE_2026}


def table_date(year, label):
    """(date, weekday label) from a table cell such as 'Wed 01-01'."""
    weekday, month_day = label.split()
    month, day = month_day.split("-")
    return D(year, int(month), int(day)), weekday


def table_days(year):
    """The (date, kind) rows of the §1 table for ``year``, sorted."""
    rows = []
    for _name, first, last, _count, adjusted in SCHEDULES[year]:
        day, end = table_date(year, first)[0], table_date(year, last)[0]
        while day <= end:
            rows.append((day, "holiday"))
            day += datetime.timedelta(days=1)
        rows += [(table_date(year, label)[0], "adjusted_workday") for label in adjusted]
    return sorted(rows)


def table_calendar(adjusted_workday_counts=True):
    """A WorkCalendar for 2025-2026 built from the document's tables (not from chinese_calendar)."""
    return workdays.WorkCalendar(table_days(2025) + table_days(2026), [2025, 2026],
                                 adjusted_workday_counts=adjusted_workday_counts)


def count_year(calendar, year, predicate):
    day, total = D(year, 1, 1), 0
    while day.year == year:
        total += bool(predicate(day))
        day += datetime.timedelta(days=1)
    return total


@tagged("standard", "at_install")
class TestWorkCalendar(PureCase):

    def setUp(self):
        super().setUp()
        self.calendar = table_calendar()
        self.monfri = table_calendar(adjusted_workday_counts=False)

    def test_transcribed_tables_are_consistent(self):
        """Every weekday label and day count of the §1 tables matches the dates."""
        for year, rows in SCHEDULES.items():
            for name, first, last, count, adjusted in rows:
                for label in [first, last] + adjusted:
                    day, weekday = table_date(year, label)
                    self.assertEqual(WEEKDAYS[day.weekday()], weekday, "%s %s %s" % (year, name, label))
                start, end = table_date(year, first)[0], table_date(year, last)[0]
                self.assertEqual((end - start).days + 1, count, "%s %s" % (year, name))
                for label in adjusted:
                    self.assertGreaterEqual(table_date(year, label)[0].weekday(), 5, "adjusted day on a weekend")

    def test_kinds(self):
        """Listed holidays and adjusted days keep their kind; others are weekend or workday."""
        self.assertEqual(self.calendar.kind_of(D(2025, 10, 1)), "holiday")
        self.assertEqual(self.calendar.kind_of(D(2025, 10, 4)), "holiday")  # a Saturday inside the block
        self.assertEqual(self.calendar.kind_of(D(2025, 9, 28)), "adjusted_workday")
        self.assertEqual(self.monfri.kind_of(D(2025, 9, 28)), "adjusted_workday")
        self.assertEqual(self.calendar.kind_of(D(2025, 9, 27)), "weekend")
        self.assertEqual(self.calendar.kind_of(D(2025, 9, 26)), "workday")

    def test_weekday_holiday_is_not_a_working_day(self):
        """A weekday listed as a statutory holiday is a rest day."""
        self.assertFalse(self.calendar.is_working_day(D(2025, 10, 1)))
        self.assertTrue(self.calendar.is_rest_day(D(2025, 10, 1)))

    def test_ordinary_days(self):
        """Unlisted weekdays work; unlisted weekends rest."""
        self.assertTrue(self.calendar.is_working_day(D(2025, 9, 26)))
        self.assertFalse(self.calendar.is_working_day(D(2025, 9, 27)))
        self.assertTrue(self.calendar.is_rest_day(D(2025, 9, 27)))

    def test_adjusted_working_weekend_follows_the_switch(self):
        """An adjusted working Sunday works by default and rests in the Mon-Fri reading."""
        self.assertTrue(self.calendar.is_working_day(D(2025, 9, 28)))
        self.assertFalse(self.monfri.is_working_day(D(2025, 9, 28)))
        self.assertTrue(self.monfri.is_rest_day(D(2025, 9, 28)))

    def test_next_working_day_is_strictly_after(self):
        """next_working_day skips the start day, holidays and rest days."""
        self.assertEqual(self.calendar.next_working_day(D(2025, 9, 25)), D(2025, 9, 26))
        self.assertEqual(self.calendar.next_working_day(D(2025, 9, 30)), D(2025, 10, 9))
        self.assertEqual(self.calendar.next_working_day(D(2025, 10, 10)), D(2025, 10, 11))
        self.assertEqual(self.monfri.next_working_day(D(2025, 10, 10)), D(2025, 10, 13))

    def test_datetime_is_read_as_its_date(self):
        """A datetime is looked up by its date."""
        self.assertFalse(self.calendar.is_working_day(datetime.datetime(2025, 10, 1, 9, 30)))

    def test_unloaded_year_is_counted_provisionally(self):
        """A year whose notice is not loaded never blocks work: weekends and the fixed-date holidays
        rest (全国年节及纪念日放假办法 Art. 2), everything about it is provisional (issue 12, C11)."""
        self.assertTrue(self.calendar.is_loaded(2026))
        self.assertFalse(self.calendar.is_loaded(2027))
        self.assertFalse(self.calendar.is_provisional(D(2026, 12, 31)))
        self.assertTrue(self.calendar.is_provisional(D(2027, 3, 1)))
        self.assertEqual(self.calendar.kind_of(D(2027, 3, 1)), "workday")       # a Monday
        self.assertEqual(self.calendar.kind_of(D(2027, 3, 6)), "weekend")       # a Saturday
        for fixed in (D(2027, 1, 1), D(2027, 5, 1), D(2027, 5, 2), D(2027, 10, 1), D(2027, 10, 2), D(2027, 10, 3)):
            self.assertEqual(self.calendar.kind_of(fixed), "holiday", fixed)
        # Mon 2027-05-03 is not fixed by the measures: only the notice can make it a holiday
        self.assertTrue(self.calendar.is_working_day(D(2027, 5, 3)))
        # Thu 2026-12-31 → Fri 01-01 holiday, weekend → Mon 2027-01-04
        self.assertEqual(self.calendar.next_working_day(D(2026, 12, 31)), D(2027, 1, 4))

    def test_days_entered_in_an_unloaded_year_are_used(self):
        """Days entered by hand before the notice is loaded count, but the year stays provisional."""
        calendar = workdays.WorkCalendar([(D(2027, 2, 8), "holiday"), (D(2027, 2, 20), "adjusted_workday")], [2026])
        self.assertFalse(calendar.is_working_day(D(2027, 2, 8)))
        self.assertTrue(calendar.is_working_day(D(2027, 2, 20)))
        self.assertTrue(calendar.is_provisional(D(2027, 2, 8)))

    def test_conflicting_or_unknown_days_are_rejected(self):
        """One date cannot be both kinds; only the two kinds exist."""
        self.assertError(ValueError, workdays.WorkCalendar,
                         [(D(2025, 1, 1), "holiday"), (D(2025, 1, 1), "adjusted_workday")], [2025])
        self.assertError(ValueError, workdays.WorkCalendar, [(D(2025, 1, 1), "rest")], [2025])

    def test_weekday_holidays_per_year(self):
        """Weekday holidays: 18 in 2025, 19 in 2026 (identifiers_and_calendar.md §1 derived facts)."""
        for year, expected in ((2025, 18), (2026, 19)):
            count = count_year(self.calendar, year,
                               lambda d: d.weekday() < 5 and self.calendar.kind_of(d) == "holiday")
            self.assertEqual(count, expected, year)

    def test_working_days_per_year(self):
        """248 working days in 2025 and 2026 with adjusted weekends; 243 and 242 Mon-Fri only."""
        for year, with_adjusted, monfri in ((2025, 248, 243), (2026, 248, 242)):
            self.assertEqual(count_year(self.calendar, year, self.calendar.is_working_day), with_adjusted, year)
            self.assertEqual(count_year(self.monfri, year, self.monfri.is_working_day), monfri, year)
