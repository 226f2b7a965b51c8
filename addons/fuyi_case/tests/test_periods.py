"""Statutory periods (tools/periods.py): worked examples C1-C11 of identifiers_and_calendar.md and the
day-counting examples of reconsideration.md, each in both readings ("Adj": adjusted working weekends
count, the default; "Mon-Fri": they do not)."""
import datetime

from flectra.tests import tagged

from ..tools import periods, workdays
from .test_workdays import table_calendar
from .pure import PureCase

D = datetime.date


class PeriodCase(PureCase):

    def setUp(self):
        super().setUp()
        self.adj = table_calendar()
        self.monfri = table_calendar(adjusted_workday_counts=False)

    def assertDue(self, start, length, unit, adj, monfri, roll_over=True):
        """Both readings give the expected last day, not provisional."""
        for calendar, expected, reading in ((self.adj, adj, "Adj"), (self.monfri, monfri, "Mon-Fri")):
            due = periods.compute_due(calendar, start, length, unit, roll_over=roll_over)
            self.assertEqual(due.date, expected, "%s reading" % reading)
            self.assertFalse(due.provisional)
        return periods.compute_due(self.adj, start, length, unit, roll_over=roll_over)


@tagged("standard", "at_install")
class TestCalendarExamples(PeriodCase):
    """identifiers_and_calendar.md, worked examples C1-C11."""

    def test_c1_five_working_days_over_national_day(self):
        """C1: Fri 2025-09-26 + 5 wd = Fri 2025-10-10 (Mon-Fri: Mon 2025-10-13)."""
        due = self.assertDue(D(2025, 9, 26), 5, "working_day", D(2025, 10, 10), D(2025, 10, 13))
        self.assertIn("Start day 2025-09-26 not counted (CPL Art. 85 para 2)", due.steps)
        self.assertIn("5 working days counted, holidays and rest days skipped (ARL Art. 88 para 2)", due.steps)
        self.assertTrue(any("2025-10-01 to 2025-10-08" in step for step in due.steps))
        self.assertTrue(any("2025-09-28" in step and "counted as a working day" in step for step in due.steps))

    def test_c2_adjusted_sunday_across_new_year(self):
        """C2: Wed 2025-12-31 + 3 wd = Tue 2026-01-06, Sun 01-04 counts (Mon-Fri: Wed 2026-01-07)."""
        self.assertDue(D(2025, 12, 31), 3, "working_day", D(2026, 1, 6), D(2026, 1, 7))

    def test_c3_adjusted_sunday_before_labour_day(self):
        """C3: Fri 2025-04-25 + 3 wd = Tue 2025-04-29, Sun 04-27 counts (Mon-Fri: Wed 2025-04-30)."""
        self.assertDue(D(2025, 4, 25), 3, "working_day", D(2025, 4, 29), D(2025, 4, 30))

    def test_c4_ten_working_days_over_spring_festival(self):
        """C4: Fri 2025-01-24 + 10 wd = Thu 2025-02-13 (Mon-Fri: Mon 2025-02-17)."""
        self.assertDue(D(2025, 1, 24), 10, "working_day", D(2025, 2, 13), D(2025, 2, 17))

    def test_c5_adjusted_sunday_before_mid_autumn(self):
        """C5: Fri 2026-09-18 + 5 wd = Thu 2026-09-24, Sun 09-20 counts (Mon-Fri: Mon 2026-09-28)."""
        self.assertDue(D(2026, 9, 18), 5, "working_day", D(2026, 9, 24), D(2026, 9, 28))

    def test_c6_adjusted_saturday_after_national_day(self):
        """C6: Wed 2026-09-30 + 5 wd = Tue 2026-10-13, Sat 10-10 counts (Mon-Fri: Wed 2026-10-14)."""
        self.assertDue(D(2026, 9, 30), 5, "working_day", D(2026, 10, 13), D(2026, 10, 14))

    def test_c7_calendar_days_ending_on_a_holiday_roll_over(self):
        """C7: Sat 2025-08-02 + 60 cd = raw Wed 2025-10-01, a holiday, moved to Thu 2025-10-09."""
        due = self.assertDue(D(2025, 8, 2), 60, "calendar_day", D(2025, 10, 9), D(2025, 10, 9))
        self.assertTrue(any(step.startswith("Raw end 2025-10-01 is a statutory holiday: moved to 2025-10-09")
                            and "Civil Code Art. 203 para 1" in step for step in due.steps), due.steps)

    def test_c8_end_on_adjusted_working_saturday_does_not_roll(self):
        """C8: Tue 2025-12-16 + 60 cd = Sat 2026-02-14, an adjusted working day (Mon-Fri: Tue 2026-02-24)."""
        due = self.assertDue(D(2025, 12, 16), 60, "calendar_day", D(2026, 2, 14), D(2026, 2, 24))
        self.assertTrue(any("adjusted working day" in step and "no roll-over" in step for step in due.steps))

    def test_c9_month_end_on_adjusted_working_saturday(self):
        """C9: Wed 2025-12-31 + 2 months = Sat 2026-02-28, month end and adjusted working day
        (Mon-Fri: Mon 2026-03-02)."""
        due = self.assertDue(D(2025, 12, 31), 2, "month", D(2026, 2, 28), D(2026, 3, 2))
        self.assertTrue(any("has no day 31" in step and "Civil Code Art. 202" in step for step in due.steps))

    def test_c10_month_end_on_a_saturday_rolls_to_monday(self):
        """C10: Thu 2025-07-31 + 6 months = raw Sat 2026-01-31, moved to Mon 2026-02-02."""
        self.assertDue(D(2025, 7, 31), 6, "month", D(2026, 2, 2), D(2026, 2, 2))

    def test_c11_working_days_into_an_unloaded_year_are_provisional(self):
        """C11 as issue 12 corrects it: a working-day period reaching 2027 is counted with weekends and the
        fixed-date holidays and flagged provisional, never refused."""
        for calendar in (self.adj, self.monfri):
            due = periods.compute_due(calendar, D(2026, 12, 28), 5, "working_day")
            # 12-29, 12-30, 12-31, (Fri 2027-01-01 元旦, weekend), 01-04, 01-05
            self.assertEqual((due.date, due.provisional), (D(2027, 1, 5), True))
            self.assertTrue(any(step.startswith("Fixed-date statutory holidays skipped: 2027-01-01") for step in due.steps))
            self.assertTrue(any("2027 is not loaded" in step and "provisional" in step for step in due.steps))
            self.assertEqual(due.steps[-1], "Last day: 2027-01-05 (Tue) (provisional)")

    def test_working_days_inside_loaded_years_are_not_provisional(self):
        """Only days in a year not loaded make a date provisional."""
        due = periods.compute_due(self.adj, D(2026, 12, 21), 5, "working_day")
        self.assertEqual((due.date, due.provisional), (D(2026, 12, 28), False))

    def test_c11_calendar_days_into_an_unloaded_year_are_provisional(self):
        """C11: a calendar-day period ending in 2027 is computed with weekends only and flagged."""
        for calendar in (self.adj, self.monfri):
            due = periods.compute_due(calendar, D(2026, 12, 1), 60, "calendar_day")
            self.assertEqual(due.date, D(2027, 2, 1))  # raw Sat 2027-01-30
            self.assertTrue(due.provisional)
            self.assertTrue(any("2027 is not loaded" in step and "provisional" in step for step in due.steps))

    def test_c11_month_periods_into_an_unloaded_year_are_provisional(self):
        """C11: a month period ending on 元旦 2027 rolls over the fixed-date holiday and is provisional."""
        due = periods.compute_due(self.adj, D(2026, 12, 1), 1, "month")
        self.assertEqual(due.date, D(2027, 1, 4))   # Fri 01-01 元旦, then the weekend
        self.assertTrue(due.provisional)
        due = periods.compute_due(self.adj, D(2026, 12, 7), 1, "month")
        self.assertEqual((due.date, due.provisional), (D(2027, 1, 7), True))


@tagged("standard", "at_install")
class TestPeriodRules(PeriodCase):

    def test_roll_over_off_keeps_the_raw_end(self):
        """Without roll-over a period may end on a holiday."""
        due = periods.compute_due(self.adj, D(2025, 8, 2), 60, "calendar_day", roll_over=False)
        self.assertEqual(due.date, D(2025, 10, 1))

    def test_roll_over_off_in_an_unloaded_year_is_not_provisional(self):
        """Without roll-over the calendar is not consulted, so 2027 is no reason to flag."""
        due = periods.compute_due(self.adj, D(2026, 12, 1), 60, "calendar_day", roll_over=False)
        self.assertEqual((due.date, due.provisional), (D(2027, 1, 30), False))

    def test_roll_over_crossing_into_an_unloaded_year(self):
        """An end on Sat 2026-12-26 rolls to Mon 12-28; one on Thu 2026-12-31 stays and is not provisional."""
        self.assertEqual(periods.add_calendar_days(self.adj, D(2026, 11, 26), 30).date, D(2026, 12, 28))
        due = periods.add_calendar_days(self.adj, D(2026, 12, 1), 30)
        self.assertEqual((due.date, due.provisional), (D(2026, 12, 31), False))

    def test_month_corresponding_day(self):
        """Months end on the corresponding day of the final month (Civil Code Art. 202)."""
        self.assertEqual(periods.add_months(self.adj, D(2025, 3, 14), 1).date, D(2025, 4, 14))
        self.assertEqual(periods.add_months(self.adj, D(2025, 1, 31), 1).date, D(2025, 2, 28))
        self.assertEqual(periods.add_months(self.adj, D(2024, 12, 29), 2).date, D(2025, 2, 28))
        self.assertEqual(periods.add_months(self.adj, D(2025, 10, 15), 2).date, D(2025, 12, 15))

    def test_years_are_twelve_months(self):
        """A year period is 12 months (Civil Code Art. 202)."""
        self.assertEqual(periods.compute_due(self.adj, D(2025, 3, 3), 1, "year").date, D(2026, 3, 3))

    def test_unknown_unit_and_bad_lengths(self):
        """Unknown units, negative day or month counts and non-integers are refused."""
        self.assertError(ValueError, periods.compute_due, self.adj, D(2025, 3, 3), 1, "week")
        self.assertError(ValueError, periods.add_calendar_days, self.adj, D(2025, 3, 3), -1)
        self.assertError(ValueError, periods.add_months, self.adj, D(2025, 3, 3), -1)
        self.assertError(TypeError, periods.add_working_days, self.adj, D(2025, 3, 3), 1.5)

    def test_due_is_frozen(self):
        """Due is an immutable value."""
        due = periods.compute_due(self.adj, D(2025, 3, 3), 1, "calendar_day")
        self.assertIsInstance(due.steps, tuple)
        self.assertError(AttributeError, setattr, due, "date", D(2025, 1, 1))

    def test_working_day_basis_can_be_named(self):
        """The working-day clause cited can be another law's (e.g. 行政处罚法 Art. 85)."""
        due = periods.compute_due(self.adj, D(2025, 9, 26), 5, "working_day", basis="APL Art. 85")
        self.assertIn("5 working days counted, holidays and rest days skipped (APL Art. 85)", due.steps)


@tagged("standard", "at_install")
class TestReconsiderationExamples(PeriodCase):
    """reconsideration.md worked examples that are pure day counting (R1-R21, R22)."""

    def test_r1_acceptance_review(self):
        """R1: receipt Fri 2025-09-26, 5 wd review (ARL Art. 30) → Fri 2025-10-10 / Mon 2025-10-13."""
        self.assertDue(D(2025, 9, 26), 5, "working_day", D(2025, 10, 10), D(2025, 10, 13))

    def test_r2_correction_notice(self):
        """R2: same receipt, 5 wd for the correction notice (ARL Art. 31) → 2025-10-10 / 2025-10-13."""
        self.assertDue(D(2025, 9, 26), 5, "working_day", D(2025, 10, 10), D(2025, 10, 13))

    def test_r3_time_to_correct(self):
        """R3: notice received Fri 2025-10-10, 10 wd (ARL Art. 31) → Thu 2025-10-23 / Fri 2025-10-24."""
        self.assertDue(D(2025, 10, 10), 10, "working_day", D(2025, 10, 23), D(2025, 10, 24))

    def test_r4_new_review_after_corrections(self):
        """R4: corrections Mon 2025-10-20, 5 wd → Mon 2025-10-27 in both readings."""
        self.assertDue(D(2025, 10, 20), 5, "working_day", D(2025, 10, 27), D(2025, 10, 27))

    def test_r5_deemed_acceptance_date(self):
        """R5: deemed accepted at the end of the R1 period (ARL Art. 30 para 3): 2025-10-10 / 2025-10-13."""
        self.assertDue(D(2025, 9, 26), 5, "working_day", D(2025, 10, 10), D(2025, 10, 13))

    def test_r6_copy_to_respondent_ordinary(self):
        """R6: accepted Fri 2025-10-10, 7 wd (ARL Art. 48) → Mon 2025-10-20 / Tue 2025-10-21."""
        self.assertDue(D(2025, 10, 10), 7, "working_day", D(2025, 10, 20), D(2025, 10, 21))

    def test_r7_reply_ordinary(self):
        """R7: copy received Mon 2025-10-20, 10 wd (ARL Art. 48) → Mon 2025-11-03 in both readings."""
        self.assertDue(D(2025, 10, 20), 10, "working_day", D(2025, 11, 3), D(2025, 11, 3))

    def test_r8_copy_to_respondent_simple(self):
        """R8: accepted Fri 2025-10-10, 3 wd (ARL Art. 54) → Tue 2025-10-14 / Wed 2025-10-15."""
        self.assertDue(D(2025, 10, 10), 3, "working_day", D(2025, 10, 14), D(2025, 10, 15))

    def test_r9_reply_simple(self):
        """R9: copy received Tue 2025-10-14, 5 wd (ARL Art. 54) → Tue 2025-10-21 in both readings."""
        self.assertDue(D(2025, 10, 14), 5, "working_day", D(2025, 10, 21), D(2025, 10, 21))

    def test_r10_decision_ordinary(self):
        """R10: accepted Fri 2025-10-10, 60 cd (ARL Art. 62) → Tue 2025-12-09."""
        self.assertDue(D(2025, 10, 10), 60, "calendar_day", D(2025, 12, 9), D(2025, 12, 9))

    def test_r11_extension(self):
        """R11: R10 extended by at most 30 cd (ARL Art. 62) → Thu 2026-01-08."""
        for calendar in (self.adj, self.monfri):
            due = periods.compute_due(calendar, D(2025, 10, 10), 60, "calendar_day")
            extended = periods.extend(due, calendar, 30, "calendar_day")
            self.assertEqual(extended.date, D(2026, 1, 8))
            self.assertFalse(extended.provisional)
            self.assertEqual(extended.steps[:len(due.steps)], due.steps)
            self.assertIn("Extended by 30 calendar days, counted from the end of the original period, 2025-12-09",
                      extended.steps)
        self.assertEqual(periods.extend(D(2025, 12, 9), self.adj, 30, "calendar_day").date, D(2026, 1, 8))

    def test_r12_decision_ending_in_national_day_rolls(self):
        """R12: accepted Mon 2025-08-04, 60 cd → raw Fri 2025-10-03 (holiday) → Thu 2025-10-09."""
        self.assertDue(D(2025, 8, 4), 60, "calendar_day", D(2025, 10, 9), D(2025, 10, 9))

    def test_r13_decision_simple(self):
        """R13: accepted Wed 2025-12-31, 30 cd (ARL Art. 62 para 2) → Fri 2026-01-30."""
        self.assertDue(D(2025, 12, 31), 30, "calendar_day", D(2026, 1, 30), D(2026, 1, 30))

    def test_r14_decision_simple_ending_on_sunday(self):
        """R14: accepted Fri 2025-12-26, 30 cd → raw Sun 2026-01-25 → Mon 2026-01-26."""
        self.assertDue(D(2025, 12, 26), 30, "calendar_day", D(2026, 1, 26), D(2026, 1, 26))

    def test_r15_application_period(self):
        """R15: decision served Fri 2025-11-14, 60 cd (ARL Art. 20) → Tue 2026-01-13."""
        self.assertDue(D(2025, 11, 14), 60, "calendar_day", D(2026, 1, 13), D(2026, 1, 13))

    def test_r16_application_period_ending_on_adjusted_saturday(self):
        """R16: served Tue 2025-12-16, 60 cd → Sat 2026-02-14 (adjusted working day) / Tue 2026-02-24."""
        self.assertDue(D(2025, 12, 16), 60, "calendar_day", D(2026, 2, 14), D(2026, 2, 24))

    def test_r17_hearing_notice_inclusive_reading(self):
        """R17: hearing Thu 2026-02-26, notice 5 wd before, notice day counted as the 5th (ARL Art. 51)
        → Thu 2026-02-12 / Wed 2026-02-11."""
        self.assertEqual(periods.add_working_days(self.adj, D(2026, 2, 26), -5).date, D(2026, 2, 12))
        self.assertEqual(periods.add_working_days(self.monfri, D(2026, 2, 26), -5).date, D(2026, 2, 11))

    def test_r17b_hearing_notice_strict_reading(self):
        """R17b: five full working days strictly between notice and hearing → Wed 2026-02-11 / Tue 2026-02-10."""
        for calendar, expected in ((self.adj, D(2026, 2, 11)), (self.monfri, D(2026, 2, 10))):
            fifth = periods.add_working_days(calendar, D(2026, 2, 26), -5).date
            self.assertEqual(fifth - datetime.timedelta(days=1), expected)

    def test_r18_opinion_letter_report_rolls_to_adjusted_sunday(self):
        """R18: received Mon 2025-11-03, 60 cd (ARL Art. 76) → raw Fri 2026-01-02 (holiday)
        → Sun 2026-01-04 (adjusted working day) / Mon 2026-01-05."""
        self.assertDue(D(2025, 11, 3), 60, "calendar_day", D(2026, 1, 4), D(2026, 1, 5))

    def test_r19_suspension_of_sixty_days(self):
        """R19: suspended from Mon 2025-10-20, day 60 = Fri 2025-12-19 (ARL Art. 41(5)); full days: Sat 12-20."""
        self.assertDue(D(2025, 10, 20), 60, "calendar_day", D(2025, 12, 19), D(2025, 12, 19), roll_over=False)
        day60 = periods.add_calendar_days(self.adj, D(2025, 10, 20), 60, roll_over=False).date
        self.assertEqual(day60 + datetime.timedelta(days=1), D(2025, 12, 20))

    def test_r20_forwarding_on_the_spot_penalty_application(self):
        """R20: received Tue 2025-09-30, forward within 5 wd (ARL Art. 32) → Tue 2025-10-14 / Wed 2025-10-15."""
        self.assertDue(D(2025, 9, 30), 5, "working_day", D(2025, 10, 14), D(2025, 10, 15))

    def test_r21_time_to_sue_rolls_over_spring_festival(self):
        """R21: received Fri 2026-02-06, 15 cd (ARL Art. 34) → raw Sat 2026-02-21 → Tue 2026-02-24."""
        self.assertDue(D(2026, 2, 6), 15, "calendar_day", D(2026, 2, 24), D(2026, 2, 24))

    def test_r22_five_year_cut_off(self):
        """R22: act made 2020-05-10, application 2025-06-16: more than 5 years (ARL Art. 21)."""
        limit = periods.compute_due(self.adj, D(2020, 5, 10), 5, "year", roll_over=False)
        self.assertEqual(limit.date, D(2025, 5, 10))
        self.assertGreater(D(2025, 6, 16), limit.date)


@tagged("standard", "at_install")
class TestSuspensionAndExtension(PeriodCase):
    """Issue 12 items 2 and 3: one reading of suspension (ARL Art. 39) and extension (ARL Art. 62)."""

    def test_suspended_days_extend_the_raw_period_before_the_roll_over(self):
        """Accepted 2026-08-03 (60 days, raw end 10-02 in the National Day holiday), suspended 08-10 to 08-20:
        the 10 days extend the raw period to Mon 10-12, a working day (not 10-08 + 10 = 10-19)."""
        due = periods.compute_due(self.adj, D(2026, 8, 3), 60, "calendar_day", paused_days=10)
        self.assertEqual(due.date, D(2026, 10, 12))
        self.assertIn("The period was suspended for 10 days, which do not count (ARL Art. 39): raw end moved from "
                      "2026-10-02 to 2026-10-12 (Mon)", due.steps)
        # the roll-over applies once, at the end: a suspension that lands the end in the holiday rolls it
        due = periods.compute_due(self.adj, D(2026, 7, 25), 60, "calendar_day", paused_days=5)
        self.assertEqual(due.date, D(2026, 9, 28))   # raw 09-23 + 5 = 09-28 (Mon): no roll
        self.assertEqual(periods.compute_due(self.adj, D(2026, 7, 25), 60, "calendar_day", paused_days=9).date,
                         D(2026, 10, 8))              # raw 10-02 (holiday) rolls to Thu 10-08

    def test_extension_runs_from_the_end_of_the_original_period_across_a_holiday(self):
        """Accepted 2026-08-03: 60 days end 10-02 → rolled to 10-08; 30 more days from 10-08 = Sat 11-07 → Mon 11-09.
        Counting 90 days from acceptance would give 11-02, shortening the extension by the holiday."""
        due = periods.compute_due(self.adj, D(2026, 8, 3), 60, "calendar_day", extension=30)
        self.assertEqual(due.date, D(2026, 11, 9))
        self.assertIn("Extended by 30 calendar days, counted from the end of the original period, 2026-10-08",
                      due.steps)
        self.assertEqual(due.date, periods.extend(periods.compute_due(self.adj, D(2026, 8, 3), 60, "calendar_day"),
                                                  self.adj, 30, "calendar_day").date)
