"""litigation.md's worked examples L1–L17 and the court case number format, on the pure rules (no database).

The calendar is fuyi_case's transcription of the 2025/2026 State Council notices; "Adj" is the default
reading (an adjusted working Saturday is a working day), "Mon-Fri" the other one."""
import datetime

from flectra.tests import tagged

from flectra.addons.fuyi_case.tests.pure import PureCase
from flectra.addons.fuyi_case.tests.test_workdays import table_calendar

from ..tools import litigation

D = datetime.date


@tagged("standard", "at_install")
class TestWorkedExamples(PureCase):

    def setUp(self):
        super().setUp()
        self.adj = table_calendar()
        self.monfri = table_calendar(adjusted_workday_counts=False)

    def due(self, kind, start, calendar=None, length=None):
        return litigation.period_due(calendar or self.adj, kind, start, length)

    def test_l1_answer_fifteen_days(self):
        """L1: complaint copy received Mon 2025-09-29 → defence and evidence by Tue 2025-10-14 (ALL Art. 67)."""
        self.assertEqual(self.due("answer", D(2025, 9, 29)).date, D(2025, 10, 14))

    def test_l2_answer_rolls_over_national_day(self):
        """L2: received Tue 2025-09-23 → raw Wed 2025-10-08 is a holiday → Thu 2025-10-09 (CPL Art. 85)."""
        due = self.due("answer", D(2025, 9, 23))
        self.assertEqual(due.date, D(2025, 10, 9))
        self.assertTrue(any("2025-10-08" in step and "moved to 2025-10-09" in step for step in due.steps))

    def test_l3_appeal_against_judgment(self):
        """L3: judgment served Tue 2026-01-20 → appeal by Wed 2026-02-04 (15 days, ALL Art. 85)."""
        self.assertEqual(self.due(litigation.appeal_kind("judgment"), D(2026, 1, 20)).date, D(2026, 2, 4))

    def test_l4_appeal_against_ruling_over_spring_festival(self):
        """L4: ruling served Thu 2026-02-05 → raw Sun 2026-02-15 (Spring Festival) → Tue 2026-02-24."""
        self.assertEqual(self.due(litigation.appeal_kind("ruling"), D(2026, 2, 5)).date, D(2026, 2, 24))

    def test_l5_normative_document_suggestion_sixty_days(self):
        """L5: received Mon 2025-12-01 → reply by Fri 2026-01-30 (ALL-I Art. 149)."""
        self.assertEqual(self.due("normative_suggestion_reply", D(2025, 12, 1)).date, D(2026, 1, 30))

    def test_l6_governance_suggestion_two_months_month_end(self):
        """L6: received Wed 2025-12-31, 2 months → 2026-02-28, an adjusted working Saturday (Mon-Fri: 03-02)."""
        self.assertEqual(self.due("governance_suggestion_reply", D(2025, 12, 31)).date, D(2026, 2, 28))
        self.assertEqual(self.due("governance_suggestion_reply", D(2025, 12, 31), self.monfri).date, D(2026, 3, 2))

    def test_l7_procuratorial_suggestion(self):
        """L7: received Mon 2026-03-16 → 2 months Sat 05-16 → Mon 2026-05-18; urgent 15 days → Tue 2026-03-31."""
        self.assertEqual(self.due("procuratorial_suggestion_reply", D(2026, 3, 16)).date, D(2026, 5, 18))
        self.assertEqual(self.due("procuratorial_suggestion_urgent", D(2026, 3, 16)).date, D(2026, 3, 31))

    def test_l8_direct_suit_six_months_adjusted_saturday(self):
        """L8: knew Fri 2025-08-29 → Sat 2026-02-28, an adjusted working day (Mon-Fri: Mon 2026-03-02)."""
        self.assertEqual(self.due("sue_direct", D(2025, 8, 29)).date, D(2026, 2, 28))
        self.assertEqual(self.due("sue_direct", D(2025, 8, 29), self.monfri).date, D(2026, 3, 2))

    def test_l9_direct_suit_rolls_over(self):
        """L9: knew Thu 2025-07-31 → Sat 2026-01-31 → Mon 2026-02-02."""
        self.assertEqual(self.due("sue_direct", D(2025, 7, 31)).date, D(2026, 2, 2))

    def test_l10_suit_after_reconsideration(self):
        """L10: decision received Thu 2025-10-09 → sue by Fri 2025-10-24 (ALL Art. 45)."""
        self.assertEqual(self.due("sue_after_reconsideration", D(2025, 10, 9)).date, D(2025, 10, 24))

    def test_l11_latest_service_of_the_appearance_notice(self):
        """L11: hearing Tue 2026-03-10 → notice served by Sat 2026-03-07 (HEAD-2020 Art. 5), no roll-over."""
        self.assertEqual(litigation.latest_notice_service(D(2026, 3, 10)), D(2026, 3, 7))

    def test_l12_reason_outside_the_list_is_flagged(self):
        """L12: "meeting with investors" given as an other reason without proof: flagged, not accepted."""
        accepted, rule, flag = litigation.absence_check("meeting_with_investors", False, "会见投资商")
        self.assertFalse(accepted)
        self.assertEqual((rule, flag), ("HEAD-2020 Art. 8", "reason_unverified"))
        accepted, rule, flag = litigation.absence_check("irreplaceable_duty", False)
        self.assertEqual((accepted, flag), (False, "proof_missing"))
        self.assertEqual(litigation.absence_check("irreplaceable_duty", True)[:1], (True,))

    def test_l13_only_a_lawyer_is_non_compliant(self):
        """L13: only a lawyer appears for the agency: non-compliant (ALL-I Arts. 128, 132)."""
        self.assertEqual(litigation.NON_COMPLIANT_RESULTS["lawyer_only"], "ALL-I Arts. 128, 132")
        self.assertNotIn("head", litigation.NON_COMPLIANT_RESULTS)

    def test_l14_daily_fine_exposure(self):
        """L14: deadline Tue 2026-03-31, performed Fri 2026-04-10 → 10 days, 500–1,000 yuan (ALL Art. 96)."""
        self.assertEqual(litigation.fine_exposure(D(2026, 3, 31), D(2026, 4, 10)), (10, 500, 1000))
        self.assertEqual(litigation.fine_exposure(D(2026, 3, 31), D(2026, 3, 31)), (0, 0, 0))

    def test_l15_enforcement_application_two_years_provisional(self):
        """L15: last day of performance Tue 2026-03-31 → Fri 2028-03-31, provisional (2028 not loaded)."""
        due = self.due("enforcement_application", D(2026, 3, 31))
        self.assertEqual(due.date, D(2028, 3, 31))
        self.assertTrue(due.provisional)

    def test_l16_application_to_court_after_the_litigation_period(self):
        """L16: penalty served Wed 2025-10-15 → litigation period ends Wed 2026-04-15 → apply by Wed 2026-07-15."""
        period = self.due("sue_direct", D(2025, 10, 15))
        self.assertEqual(period.date, D(2026, 4, 15))
        self.assertEqual(self.due("court_enforcement_application", period.date).date, D(2026, 7, 15))

    def test_l17_reminder_wait_ten_working_days(self):
        """L17: reminder served Mon 2026-04-20 → wait ends Thu 2026-05-07 (ACL Arts. 54, 69)."""
        due = self.due("reminder_wait", D(2026, 4, 20))
        self.assertEqual(due.date, D(2026, 5, 7))
        self.assertIn("10 working days counted, holidays and rest days skipped (ACL Arts. 54, 69)", due.steps)


@tagged("standard", "at_install")
class TestCourtCaseNumber(PureCase):

    def test_official_format_is_parsed(self):
        number = litigation.parse_case_number("（2025）豫0421行初12号")
        self.assertEqual((number.year, number.court_code, number.type_code, number.sequence),
                         (2025, "豫0421", "行初", 12))
        self.assertEqual(number.instance, "first_instance")
        self.assertEqual(litigation.parse_case_number("（2026）豫04行终3号").instance, "second_instance")
        self.assertEqual(litigation.parse_case_number("（2024）最高法行申100号").instance, "retrial")

    def test_look_alike_brackets_and_full_width_digits_are_normalised(self):
        for typed in ("(2025)豫0421行初12号", "〔2025〕豫0421行初12号", "[2025]豫0421行初１２号", " （2025） 豫0421 行初12号"):
            self.assertEqual(litigation.parse_case_number(typed).text, "（2025）豫0421行初12号", typed)

    def test_bad_numbers_are_refused_with_the_reason(self):
        cases = {"2025豫0421行初12号": "year", "（2025）豫0421民初12号": "type code", "（2025）豫0421行初12": "号",
                 "（2025）X0421行初12号": "court code", "（2025）豫0421行初012号": "leading zeros", "": "empty"}
        for typed, reason in cases.items():
            with self.assertRaises(litigation.CaseNumberError) as error:
                litigation.parse_case_number(typed)
            self.assertIn(reason, str(error.exception), typed)
