from freezegun import freeze_time

from flectra.exceptions import UserError, ValidationError
from flectra.tests import tagged

from .common import YingsuCommon


@tagged("standard", "at_install")
class TestLawsuit(YingsuCommon):

    def test_lawsuit_is_a_case_of_the_shared_model_with_its_own_number(self):
        lawsuit = self.new_lawsuit()
        self.assertEqual(lawsuit.case_id.case_type, "lawsuit")
        self.assertTrue(lawsuit.name.startswith("县应诉〔2025〕") and lawsuit.name.endswith("号"), lawsuit.name)
        cases = self.env["fuyi.case"].search([("agency_id", "=", self.agency.id)])
        self.assertIn(lawsuit.case_id, cases)
        self.assertEqual(lawsuit.applicant_names, "张三")
        self.assertEqual(lawsuit.defendant_names, "县市场监督管理局")

    def test_court_case_number_is_normalised(self):
        lawsuit = self.new_lawsuit(court_case_number="(2025)豫0421行初１２号")
        self.assertEqual(lawsuit.court_case_number, "（2025）豫0421行初12号")

    def test_bad_court_case_number_is_refused_and_nothing_is_written(self):
        before = self.env["fuyi.case"].search_count([])
        with self.assertRaises(ValidationError) as error:
            self.new_lawsuit(court_case_number="2025豫0421行初12号")
        self.assertIn("official format", str(error.exception))
        self.assertEqual(self.env["fuyi.case"].search_count([]), before)

    def test_court_case_number_must_match_the_instance(self):
        with self.assertRaises(ValidationError):
            self.new_lawsuit(court_case_number="（2025）豫04行终3号", instance="first_instance")
        appeal = self.new_lawsuit(court_case_number="（2025）豫04行终3号", instance="second_instance")
        self.assertEqual(appeal.instance, "second_instance")

    def test_a_defendant_must_be_an_agency(self):
        with self.assertRaises(ValidationError):
            self.new_lawsuit(party_ids=[(0, 0, {"partner_id": self.plaintiff.id, "role": "defendant"})])

    def test_complaint_copy_starts_the_answer_clocks_l1(self):
        """L1: received Mon 2025-09-29 → defence, delayed-evidence application and jurisdiction objection by
        Tue 2025-10-14 (ALL Art. 67; ALL Art. 36; ALL-I Art. 10)."""
        lawsuit = self.new_lawsuit()
        lawsuit.action_receive_complaint("2025-09-29")
        self.assertEqual(lawsuit.answer_due_date, self.d("2025-10-14"))
        for kind in ("answer", "delayed_evidence", "jurisdiction_objection"):
            deadline = self.open_deadline(lawsuit, kind)
            self.assertEqual(deadline.due_date, self.d("2025-10-14"))
            self.assertEqual(deadline.unit, "calendar_day")
        self.assertIn("ALL Art. 67 para 1", self.open_deadline(lawsuit, "answer").legal_basis)
        with self.assertRaises(UserError):
            lawsuit.action_receive_complaint("2025-09-30")

    def test_answer_clock_rolls_over_the_holiday_l2(self):
        lawsuit = self.new_lawsuit(complaint_received="2025-09-23")
        deadline = self.open_deadline(lawsuit, "answer")
        self.assertEqual(deadline.due_date, self.d("2025-10-09"))
        self.assertIn("2025-10-09", deadline.explanation)

    def test_delayed_evidence_application_within_the_fifteen_days(self):
        """ALL Art. 36; ALL-I Art. 34: written application within 15 days of the complaint copy, with a reason."""
        lawsuit = self.new_lawsuit(complaint_received="2025-09-29")
        with self.assertRaises(UserError):
            lawsuit.action_apply_delayed_evidence("", "2025-10-10")
        with self.assertRaises(UserError):
            lawsuit.action_apply_delayed_evidence("台风导致档案无法调取", "2025-10-15")
        lawsuit.action_apply_delayed_evidence("台风导致档案无法调取", "2025-10-14")
        deadline = lawsuit.case_id.deadline_ids.filtered(lambda d: d.kind == "delayed_evidence")
        self.assertEqual((deadline.state, deadline.done_date), ("done", self.d("2025-10-14")))

    def test_the_reminder_sweep_reaches_the_lawsuit(self):
        """fuyi_case's sweep: the answer deadline gives the officer an activity on the lawsuit itself."""
        lawsuit = self.new_lawsuit(complaint_received="2025-09-29", user_id=self.staff_user.id)
        with freeze_time("2025-10-13 08:00:00"):
            self.env["fuyi.deadline"]._cron_send_reminders()
        activities = lawsuit.activity_ids.filtered(lambda a: a.user_id == self.staff_user)
        self.assertTrue(activities)
        self.assertTrue(any("Defence statement and evidence" in (a.summary or "") or "答辩状和证据" in (a.summary or "")
                            for a in activities))

    def test_late_evidence_is_flagged(self):
        lawsuit = self.new_lawsuit(complaint_received="2025-09-29")
        lawsuit.action_submit_defence("2025-10-14", evidence_date="2025-10-16")
        self.assertTrue(lawsuit.evidence_late)
        answer = lawsuit.case_id.deadline_ids.filtered(lambda d: d.kind == "answer")
        self.assertEqual(answer.state, "missed")
        on_time = self.new_lawsuit(complaint_received="2025-09-29")
        on_time.action_submit_defence("2025-10-13")
        self.assertFalse(on_time.evidence_late)
        self.assertEqual(on_time.case_id.deadline_ids.filtered(lambda d: d.kind == "answer").state, "done")


@tagged("standard", "at_install")
class TestLawsuitFromReconsideration(YingsuCommon):

    def decided_case(self, decision_type):
        case = self.env["fuyi.reconsideration"].create({
            "date_received": "2025-09-01", "agency_id": self.agency.id, "title": "不服罚款决定",
            "act_description": "罚款5000元", "act_date": "2025-08-20",
            "party_ids": [(0, 0, {"partner_id": self.plaintiff.id, "role": "applicant", "is_primary": True}),
                          (0, 0, {"partner_id": self.agency.id, "role": "respondent"})]})
        case.action_accept("2025-09-03")
        case.action_decide(decision_type, "2025-10-09", summary="维持")
        self.env["fuyi.evidence"].create({"reconsideration_id": case.id, "name": "现场检查笔录",
                                          "submitted_by": "respondent", "submitted_date": "2025-09-10"})
        return case

    def test_upheld_decision_makes_the_county_government_co_defendant(self):
        """ALL Art. 26 para 2: upheld → original agency and the reconsideration organ are co-defendants."""
        case = self.decided_case("uphold")
        lawsuit = self.env["yingsu.lawsuit"].browse(case.action_create_lawsuit({"date_received": "2025-10-20"}))
        roles = {(p.partner_id.name, p.role) for p in lawsuit.party_ids}
        self.assertIn(("张三", "plaintiff"), roles)
        self.assertIn(("县市场监督管理局", "defendant"), roles)
        self.assertIn(("县人民政府", "co_defendant"), roles)
        self.assertEqual(lawsuit.reconsideration_id, case)
        self.assertEqual(lawsuit.act_description, "罚款5000元")
        self.assertEqual(lawsuit.evidence_ids.mapped("name"), ["现场检查笔录"])
        self.assertIn(case.case_id, lawsuit.related_case_ids)

    def test_the_button_opens_the_new_lawsuit(self):
        case = self.decided_case("uphold")
        action = case.with_user(self.staff_user).action_open_create_lawsuit()
        self.assertEqual(action["res_model"], "yingsu.lawsuit")
        lawsuit = self.env["yingsu.lawsuit"].browse(action["res_id"])
        self.assertEqual(lawsuit.reconsideration_id, case)
        self.assertEqual(case.lawsuit_ids, lawsuit)

    def test_changed_decision_makes_the_organ_alone_defendant(self):
        case = self.decided_case("vary")
        lawsuit = self.env["yingsu.lawsuit"].browse(case.action_create_lawsuit({"date_received": "2025-10-20"}))
        defendants = lawsuit.party_ids.filtered(lambda p: p.role in ("defendant", "co_defendant"))
        self.assertEqual(defendants.mapped("partner_id.name"), ["县人民政府"])

    def test_the_court_notice_reaches_every_defendant_agency(self):
        """The county government as co-defendant has its own head-appearance duty (HEAD-2020 Art. 1)."""
        case = self.decided_case("uphold")
        lawsuit = self.env["yingsu.lawsuit"].browse(case.action_create_lawsuit({"date_received": "2025-10-20"}))
        ids = lawsuit.action_register_notices("2026-03-10 01:30:00", "2026-03-02", "第一审判庭")
        appearances = self.env["yingsu.appearance"].browse(ids)
        self.assertEqual(sorted(appearances.mapped("agency_id.name")), sorted(["县市场监督管理局", "县人民政府"]))
        with self.assertRaises(ValidationError):     # the same rule as a single notice: not after the hearing
            lawsuit.action_register_notices("2026-03-10 01:30:00", "2026-03-12")

    def test_partly_upheld_decision_makes_co_defendants(self):
        """ALL-I Art. 134: partly upholding and partly changing → co-defendants."""
        case = self.decided_case("partial_revoke")
        lawsuit = self.env["yingsu.lawsuit"].browse(case.action_create_lawsuit({"date_received": "2025-10-20"}))
        roles = sorted(lawsuit.party_ids.filtered(lambda p: p.role in ("defendant", "co_defendant")).mapped("role"))
        self.assertEqual(roles, ["co_defendant", "defendant"])

    def test_undecided_case_cannot_be_sued_from(self):
        case = self.env["fuyi.reconsideration"].create({"date_received": "2025-09-01", "agency_id": self.agency.id,
                                                        "title": "x"})
        with self.assertRaises(UserError):
            case.action_create_lawsuit()
