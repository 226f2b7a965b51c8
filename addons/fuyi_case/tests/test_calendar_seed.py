"""Official schedules from chinesecalendar (tools/calendar_seed.py) against the tables of
identifiers_and_calendar.md §1, typed by hand in test_workdays (the independent check)."""
import datetime

from flectra.tests import tagged

from ..tools import calendar_seed, workdays
from .test_workdays import count_year, table_days
from .pure import PureCase

D = datetime.date


@tagged("standard", "at_install")
class TestCalendarSeed(PureCase):

    def assertSameDays(self, year):
        actual = calendar_seed.official_days(year)
        expected = table_days(year)
        self.assertEqual(sorted(set(actual) - set(expected)), [], "%s: days not in the notice table" % year)
        self.assertEqual(sorted(set(expected) - set(actual)), [], "%s: notice days missing" % year)
        self.assertEqual(actual, expected)
        for day, _kind in actual:
            self.assertIs(type(day), datetime.date)

    def test_2025_matches_the_state_council_notice(self):
        """2025 holidays and adjusted working days equal the §1 table (国办发明电〔2024〕12号) day by day."""
        self.assertSameDays(2025)

    def test_2026_matches_the_state_council_notice(self):
        """2026 holidays and adjusted working days equal the §1 table day by day."""
        self.assertSameDays(2026)

    def test_supported_years(self):
        """2025 and 2026 are supported, as consecutive years."""
        years = calendar_seed.supported_years()
        self.assertIn(2025, years)
        self.assertIn(2026, years)
        self.assertEqual(years, list(range(years[0], years[-1] + 1)))

    def test_year_without_schedule(self):
        """A year the library does not cover raises a CalendarNotLoaded naming the year."""
        year = calendar_seed.supported_years()[-1] + 1
        exc = self.assertError(workdays.CalendarNotLoaded, calendar_seed.official_days, year)
        self.assertEqual(exc.year, year)
        self.assertIn(str(year), str(exc))
        self.assertIn("chinesecalendar", str(exc))
        self.assertError(ValueError, calendar_seed.calendar_for_years, [2026, year])

    def test_calendar_for_years(self):
        """The seeded calendar loads exactly the years asked for and honours the switch."""
        calendar = calendar_seed.calendar_for_years([2025, 2026])
        self.assertTrue(calendar.is_loaded(2025) and calendar.is_loaded(2026))
        self.assertFalse(calendar.is_loaded(2024) or calendar.is_loaded(2027))
        self.assertTrue(calendar.is_working_day(D(2026, 2, 14)))
        monfri = calendar_seed.calendar_for_years([2026], adjusted_workday_counts=False)
        self.assertFalse(monfri.is_working_day(D(2026, 2, 14)))

    def test_derived_facts(self):
        """Weekday holidays 18/19; working days 248/248 with adjusted weekends, 243/242 Mon-Fri."""
        calendar = calendar_seed.calendar_for_years([2025, 2026])
        monfri = calendar_seed.calendar_for_years([2025, 2026], adjusted_workday_counts=False)
        for year, weekday_holidays, adj, mf in ((2025, 18, 248, 243), (2026, 19, 248, 242)):
            self.assertEqual(count_year(calendar, year, lambda d: d.weekday() < 5 and
                                        calendar.kind_of(d) == "holiday"), weekday_holidays)
            self.assertEqual(count_year(calendar, year, calendar.is_working_day), adj)
            self.assertEqual(count_year(monfri, year, monfri.is_working_day), mf)
