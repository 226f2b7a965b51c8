import datetime

from freezegun import freeze_time

from flectra.exceptions import UserError, ValidationError
from flectra.tests import new_test_user

from .common import FuyiCaseCommon

D = datetime.date


class TestCommittee(FuyiCaseCommon):

    def setUp(self):
        super().setUp()
        self.case = self.new_case("2025-09-26", complexity_factors="group_dispute")
        self.case.action_accept(date="2025-10-10")
        Member = self.env["fuyi.committee.member"]
        self.expert = Member.create({"partner_id": self.env["res.partner"].create({"name": "王教授"}).id,
                                     "member_type": "scholar"})
        self.official = Member.create({"partner_id": self.env["res.partner"].create({"name": "赵处长"}).id,
                                       "member_type": "official", "employer_id": self.agency.id})

    def test_member_working_for_the_respondent_may_not_sit(self):
        with self.assertRaises(ValidationError):
            self.env["fuyi.committee.sitting"].create({
                "sitting_date": "2025-11-05", "reconsideration_ids": [(6, 0, self.case.ids)],
                "member_ids": [(6, 0, (self.expert | self.official).ids)]})

    def test_decision_waits_for_the_recorded_advisory_opinion(self):
        """Complex cases go to the committee first (Art. 52 para 2 (1)); its opinion is recorded (para 3)."""
        with self.assertRaises(UserError):
            self.case.action_decide("uphold", date="2025-11-20")
        sitting = self.env["fuyi.committee.sitting"].create({
            "sitting_date": "2025-11-05", "reconsideration_ids": [(6, 0, self.case.ids)],
            "member_ids": [(6, 0, self.expert.ids)]})
        with self.assertRaises(UserError):
            sitting.action_record_advisory_opinion(self.case.id, "建议撤销")
        self.env["fuyi.committee.opinion"].create({"sitting_id": sitting.id, "reconsideration_id": self.case.id,
                                                   "member_id": self.expert.id, "position": "correct",
                                                   "opinion": "证据不足"})
        sitting.action_record_advisory_opinion(self.case.id, "建议撤销")
        self.case.action_decide("revoke", date="2025-11-20")
        self.assertEqual(self.case.state, "decided")

    def test_absent_member_gives_no_opinion(self):
        sitting = self.env["fuyi.committee.sitting"].create({
            "sitting_date": "2025-11-05", "reconsideration_ids": [(6, 0, self.case.ids)],
            "member_ids": [(6, 0, self.expert.ids)]})
        other = self.env["fuyi.committee.member"].create({
            "partner_id": self.env["res.partner"].create({"name": "钱律师"}).id, "member_type": "expert"})
        with self.assertRaises(ValidationError):
            self.env["fuyi.committee.opinion"].create({"sitting_id": sitting.id, "reconsideration_id": self.case.id,
                                                       "member_id": other.id, "position": "other", "opinion": "x"})


class TestOpinionLetter(FuyiCaseCommon):

    def test_r18_report_due_and_escalation(self):
        case = self.new_case("2025-09-26")
        letter = self.env["fuyi.opinion.letter"].create({"reconsideration_id": case.id, "recipient_id": self.agency.id,
                                                         "content": "规范执法程序"})
        letter.action_send(issued_date="2025-10-30")
        letter.action_mark_received("2025-11-03")
        self.assertEqual(letter.report_due_date, D(2026, 1, 4))
        with freeze_time("2026-01-04 10:00:00"), self.assertRaises(UserError):
            letter.action_escalate("talk")
        with freeze_time("2026-01-05 10:00:00"):
            self.assertIn(letter, self.env["fuyi.opinion.letter"]._overdue())
            letter.action_escalate("talk")
        self.assertEqual((letter.state, letter.escalation), ("escalated", "talk"))


class TestPublication(FuyiCaseCommon):

    def decided_case(self):
        case = self.new_case("2025-09-26")
        case.action_accept(date="2025-10-10", procedure="ordinary")
        case.action_decide("revoke", date="2025-11-20",
                           summary="申请人张三（电话13812341234）不服县市场监督管理局罚款决定，本机关决定撤销。")
        return case

    def test_publication_is_redacted_reviewed_then_published(self):
        case = self.decided_case()
        with self.assertRaises(UserError):
            case.action_publish()
        case.action_prepare_publication()
        self.assertNotIn("张三", case.publication_text)
        self.assertNotIn("13812341234", case.publication_text)
        with self.assertRaises(UserError):
            case.with_user(self.clerk).action_approve_publication()
        lead = new_test_user(self.env, login="pub_lead", groups="fuyi_case.fuyi_case_group_lead")
        case.with_user(lead).action_approve_publication()
        case.action_publish(date="2025-12-01")
        published = self.env["fuyi.reconsideration"].get_published()
        self.assertEqual(published[0]["number"], case.name)
        self.assertNotIn("张三", published[0]["text"])

    def test_undecided_cases_are_not_published(self):
        case = self.new_case("2025-09-26")
        with self.assertRaises(UserError):
            case.action_prepare_publication()
