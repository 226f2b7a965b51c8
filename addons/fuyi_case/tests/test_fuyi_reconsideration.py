import datetime

from freezegun import freeze_time

from flectra.exceptions import UserError, ValidationError

from .common import FuyiCaseCommon

D = datetime.date


class TestIntake(FuyiCaseCommon):

    def test_registration_assigns_a_gap_free_number(self):
        first = self.new_case("2025-09-26")
        second = self.new_case("2025-10-09")
        self.assertEqual(first.name, "县府复〔2025〕1号")
        self.assertEqual(second.name, "县府复〔2025〕2号")
        next_year = self.new_case("2026-01-05")
        self.assertEqual(next_year.name, "县府复〔2026〕1号")

    def test_review_and_correction_deadlines_r1_r2(self):
        case = self.new_case("2025-09-26")
        self.assertEqual(self.deadline(case, "acceptance_review").due_date, D(2025, 10, 10))
        self.assertEqual(self.deadline(case, "correction_notice").due_date, D(2025, 10, 10))

    def test_correction_period_and_fresh_review_r3_r4(self):
        case = self.new_case("2025-09-26")
        case.action_request_correction("1. 身份证明复印件\n2. 行政行为的书面材料", served_date="2025-10-10")
        self.assertEqual(case.state, "correction")
        self.assertEqual(self.deadline(case, "correction_period").due_date, D(2025, 10, 23))
        case.action_receive_corrections(date="2025-10-20")
        self.assertEqual(case.state, "review")
        self.assertEqual(self.deadline(case, "acceptance_review").due_date, D(2025, 10, 27))

    def test_correction_notice_must_list_the_items(self):
        case = self.new_case("2025-09-26")
        with self.assertRaises(UserError):
            case.action_request_correction("  ")

    def test_abandonment_only_after_the_correction_period(self):
        case = self.new_case("2025-09-26")
        case.action_request_correction("材料", served_date="2025-10-10")
        with freeze_time("2025-10-15 09:00:00"), self.assertRaises(UserError):
            case.action_abandon()
        with freeze_time("2025-10-24 09:00:00"):
            case.action_abandon()
        self.assertEqual(case.state, "abandoned")

    def test_deemed_acceptance_r5(self):
        """No decision by the end of the review period: accepted as of its last day (Art. 30 para 3)."""
        case = self.new_case("2025-09-26")
        with freeze_time("2025-10-11 09:00:00"):
            self.env["fuyi.reconsideration"]._cron_deemed_acceptance()
        self.assertEqual(case.state, "accepted")
        self.assertTrue(case.deemed_accepted)
        self.assertEqual(case.acceptance_date, D(2025, 10, 10))

    def test_ordinary_procedure_deadlines_r6_r10(self):
        case = self.new_case("2025-09-26")
        case.action_accept(date="2025-10-10")
        self.assertEqual(self.deadline(case, "copy_to_respondent").due_date, D(2025, 10, 20))
        self.assertEqual(self.deadline(case, "decision").due_date, D(2025, 12, 9))
        self.assertEqual(case.case_id.deadline_ids.filtered(lambda d: d.kind == "acceptance_review").state, "done")

    def test_simple_procedure_deadlines_r8_r13(self):
        case = self.new_case("2025-12-20")
        case.action_accept(date="2025-12-31", procedure="simple")
        self.assertEqual(self.deadline(case, "decision").due_date, D(2026, 1, 30))
        self.assertEqual(self.deadline(case, "decision").extension_cap, 0)
        other = self.new_case("2025-10-09")
        other.action_accept(date="2025-10-10", procedure="simple")
        self.assertEqual(self.deadline(other, "copy_to_respondent").due_date, D(2025, 10, 14))

    def test_decision_roll_over_r12(self):
        case = self.new_case("2025-07-30")
        case.action_accept(date="2025-08-04")
        self.assertEqual(self.deadline(case, "decision").due_date, D(2025, 10, 9))

    def test_jurisdiction_refusal_names_the_competent_body(self):
        case = self.new_case("2025-09-26")
        with self.assertRaises(UserError):
            case.action_reject("jurisdiction", date="2025-10-09")
        case.action_reject("jurisdiction", competent_body_id=self.other_agency.id, date="2025-10-09")
        self.assertEqual(case.state, "rejected")

    def test_no_refusal_after_the_review_period(self):
        case = self.new_case("2025-09-26")
        with self.assertRaises(UserError):
            case.action_reject("late", date="2025-10-13")

    def test_illegal_transition_cites_the_rule(self):
        case = self.new_case("2025-09-26")
        case.action_accept(date="2025-10-09")
        with self.assertRaises(UserError) as ctx:
            case.action_request_correction("材料")
        self.assertIn("ARL Art. 31", str(ctx.exception))

    def test_oral_application_needs_its_record(self):
        with self.assertRaises(ValidationError):
            self.new_case("2025-09-26", channel="oral")
        case = self.new_case("2025-09-26", channel="oral",
                             oral_record="申请人张三，请求撤销罚款决定，事实和理由……，2025-09-26 10:00 当场记录")
        self.assertEqual(case.channel, "oral")

    def test_late_application_is_flagged(self):
        """60 calendar days from knowing of the act (ARL Art. 20; R15: served 2025-11-14 → 2026-01-13)."""
        case = self.new_case("2026-01-14", act_known_date="2025-11-14")
        self.assertEqual(case.application_due_date, D(2026, 1, 13))
        self.assertTrue(case.application_late)
        on_time = self.new_case("2026-01-13", act_known_date="2025-11-14")
        self.assertFalse(on_time.application_late)

    def test_r22_beyond_the_absolute_limit(self):
        """Act of 2020-05-10, application 2025-06-16: more than 5 years (ARL Art. 21)."""
        late = self.new_case("2025-06-16", act_date="2020-05-10")
        self.assertTrue(late.beyond_absolute_limit)
        land = self.new_case("2025-06-16", act_date="2020-05-10", act_real_estate=True)
        self.assertFalse(land.beyond_absolute_limit)
