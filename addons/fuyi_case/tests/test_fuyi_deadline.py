import datetime

from flectra.exceptions import UserError, ValidationError

from .common import FuyiCaseCommon


class TestDeadlines(FuyiCaseCommon):

    def test_due_date_and_explanation(self):
        """5 working days from Fri 2025-09-26 is Fri 2025-10-10, with the rule in the explanation (R1)."""
        case = self.new_case("2025-09-26")
        review = self.deadline(case, "acceptance_review")
        self.assertEqual(review.due_date, datetime.date(2025, 10, 10))
        self.assertIn("ARL Art. 30", review.explanation)
        self.assertFalse(review.provisional)

    def test_monday_to_friday_reading(self):
        """With adjusted weekends not counted, R1 ends Mon 2025-10-13."""
        self.env["ir.config_parameter"].set_param("fuyi_case.adjusted_workday_counts", "0")
        case = self.new_case("2025-09-26")
        self.assertEqual(self.deadline(case, "acceptance_review").due_date, datetime.date(2025, 10, 13))

    def test_working_days_in_an_unloaded_year_are_provisional(self):
        """A working-day count reaching a year whose notice is not loaded is computed and flagged (issue 12)."""
        case = self.new_case("2025-09-26")
        last = max(self.env["fuyi.calendar.year"]._loaded_years())
        deadline = case.case_id._add_deadline("test", "Test", "ARL Art. 30", datetime.date(last, 12, 28), 10,
                                              "working_day")
        self.assertEqual(deadline.due_date.year, last + 1)
        self.assertTrue(deadline.provisional)

    def test_calendar_days_into_an_unloaded_year_are_provisional(self):
        case = self.new_case("2025-09-26")
        last = max(self.env["fuyi.calendar.year"]._loaded_years())
        deadline = case.case_id._add_deadline("test", "Test", "ARL Art. 62", datetime.date(last, 12, 1), 60,
                                              "calendar_day")
        self.assertTrue(deadline.provisional)

    def test_extension_within_the_cap_only(self):
        """The decision limit can grow by at most 30 days (ARL Art. 62; R10, R11)."""
        case = self.new_case("2025-09-26")
        case.action_accept(date="2025-10-10")
        decision = self.deadline(case, "decision")
        self.assertEqual(decision.due_date, datetime.date(2025, 12, 9))
        decision.action_extend(30, "complex case")
        self.assertEqual(decision.due_date, datetime.date(2026, 1, 8))
        with self.assertRaises(UserError):
            decision.action_extend(1, "again")

    def test_pause_moves_the_due_date(self):
        case = self.new_case("2025-09-26")
        case.action_accept(date="2025-10-10")
        decision = self.deadline(case, "decision")
        decision.action_pause("heir undecided (ARL Art. 39 (1))", date="2025-10-20")
        decision.action_resume(date="2025-10-30")
        self.assertEqual(decision.paused_days, 10)
        self.assertEqual(decision.due_date, datetime.date(2025, 12, 19))

    def test_calendar_change_moves_open_deadlines_and_says_so(self):
        """Declaring an extra holiday recomputes open deadlines and records the move on the case."""
        case = self.new_case("2025-09-26")
        review = self.deadline(case, "acceptance_review")
        self.env["fuyi.calendar.day"].create({"date": "2025-10-10", "kind": "holiday", "name": "test"})
        # the fifth working day is now Sat 2025-10-11, an adjusted working day
        self.assertEqual(review.due_date, datetime.date(2025, 10, 11))
        messages = case.message_ids.mapped("body")
        self.assertTrue(any("2025-10-10" in (body or "") and "2025-10-11" in (body or "") for body in messages))
