from freezegun import freeze_time

from .common import FuyiCaseCommon


class TestDeadlineBadge(FuyiCaseCommon):
    """deadline_state / deadline_explanation: the green-amber-red badge every case list shows."""

    def test_green_amber_red_follow_the_nearest_open_deadline(self):
        """Received Fri 2025-09-26: acceptance review due Fri 2025-10-10 (R1, National Day skipped)."""
        case = self.new_case("2025-09-26")
        with freeze_time("2025-09-26 09:00:00"):   # next 3 working days: 09-28 (调休), 09-29, 09-30
            case.invalidate_recordset()
            self.assertEqual(case.deadline_state, "green")
            self.assertIn("Due in 14 days.", case.with_context(lang="en_US").deadline_explanation)
        with freeze_time("2025-09-29 09:00:00"):   # 09-30, then the holidays, 10-09, 10-10
            case.invalidate_recordset()
            self.assertEqual(case.deadline_state, "amber")
        with freeze_time("2025-10-06 09:00:00"):   # holiday; next 3 working days: 10-09, 10-10, 10-11 (调休)
            case.invalidate_recordset()
            self.assertEqual(case.deadline_state, "amber")
        with freeze_time("2025-10-10 09:00:00"):
            case.invalidate_recordset()
            self.assertEqual(case.deadline_state, "amber")
        with freeze_time("2025-10-13 09:00:00"):
            case.invalidate_recordset()
            self.assertEqual(case.deadline_state, "red")
            self.assertEqual(case.case_id.deadline_state, "red")

    def test_amber_window_is_configurable(self):
        case = self.new_case("2025-09-26")
        with freeze_time("2025-10-06 09:00:00"):
            self.env["ir.config_parameter"].set_param("fuyi_case.deadline_amber_workdays", "1")
            case.invalidate_recordset()
            self.assertEqual(case.deadline_state, "green")
            self.env["ir.config_parameter"].set_param("fuyi_case.deadline_amber_workdays", "not a number")
            case.invalidate_recordset()
            self.assertEqual(case.deadline_state, "amber")   # falls back to 3 working days

    def test_no_open_deadline_is_none(self):
        case = self.new_case("2025-09-26")
        case.deadline_ids.action_cancel()
        case.invalidate_recordset()
        self.assertEqual(case.deadline_state, "none")
        self.assertFalse(case.deadline_explanation)

    def test_paused_deadlines_do_not_count(self):
        case = self.new_case("2025-09-26")
        case.action_accept(date="2025-10-10")
        with freeze_time("2026-03-01 09:00:00"):
            case.deadline_ids.filtered(lambda d: d.state == "open" and d.kind != "decision").action_done("2025-10-11")
            case.invalidate_recordset()
            self.assertEqual(case.deadline_state, "red")      # the decision was due 2025-12-09
            self.deadline(case, "decision").action_pause("ARL Art. 39 (1)", date="2025-11-01")
            case.invalidate_recordset()
            self.assertEqual(case.deadline_state, "none")

    def test_explanation_names_the_deadline_its_basis_and_why(self):
        case = self.new_case("2025-09-26")
        with freeze_time("2025-10-13 09:00:00"):
            text = case.with_context(lang="en_US").deadline_explanation
        self.assertIn("Acceptance review (ARL Art. 30 para 1), due 2025-10-10.", text)
        self.assertIn("Overdue since 2025-10-10 (3 days late).", text)
        self.assertIn("Statutory holidays skipped: 2025-10-01 ~ 2025-10-08", text)
        self.assertIn("Adjusted working day 2025-09-28 (Sun) counted as a working day", text)

    def test_explanation_is_in_the_readers_language(self):
        case = self.new_case("2025-09-26")
        with freeze_time("2025-10-13 09:00:00"):
            text = case.with_context(lang="zh_CN").deadline_explanation
        self.assertIn("《行政复议法》第三十条第一款", text)
        self.assertIn("2025-10-10", text)
        self.assertIn("逾期", text)
        self.assertIn("计算过程", text)
        self.assertIn("起算日2025-09-26不计入", text)
        self.assertIn("（星期日）", text)
        self.assertNotIn("Start day", text)
        self.assertNotIn("working days counted", text)

    def test_deadline_named_in_the_readers_language(self):
        """A deadline opened without a language (script, cron, import) is named in Chinese."""
        case = self.new_case("2025-09-26")
        self.assertEqual(self.deadline(case, "acceptance_review").name, "Acceptance review")
        with freeze_time("2025-10-13 09:00:00"):
            text = case.with_context(lang="zh_CN").deadline_explanation
        self.assertNotIn("Acceptance review", text)
        self.assertIn(self.env(context={"lang": "zh_CN"})._("Acceptance review"), text)

    def test_badge_fields_are_readable_over_the_client_api(self):
        case = self.new_case("2025-09-26")
        with freeze_time("2025-10-13 09:00:00"):
            rows = self.env["fuyi.reconsideration"].with_user(self.clerk).search_read(
                [("id", "=", case.id)], ["deadline_state", "deadline_explanation"])
        self.assertEqual(rows[0]["deadline_state"], "red")
        self.assertTrue(rows[0]["deadline_explanation"])
        description = self.env["fuyi.reconsideration"].with_context(lang="zh_CN").fields_get(["deadline_state"])
        self.assertIn(("red", "已超期"), [tuple(item) for item in description["deadline_state"]["selection"]])

    def test_the_deadline_form_explains_in_the_readers_language(self):
        case = self.new_case("2025-09-26")
        review = self.deadline(case, "acceptance_review")
        self.assertIn("Start day 2025-09-26 not counted", review.explanation)     # stored, in English
        chinese = review.with_context(lang="zh_CN").why_this_date
        self.assertIn("起算日2025-09-26不计入", chinese)
        self.assertIn("期间最后一日：2025-10-10（星期五）。", chinese)
        self.assertIn("Last day: 2025-10-10 (Fri).", review.with_context(lang="en_US").why_this_date)
