import datetime

from flectra.exceptions import UserError
from flectra.tests import new_test_user

from .common import FuyiCaseCommon

D = datetime.date


class TestService(FuyiCaseCommon):

    def accepted(self, procedure="ordinary"):
        case = self.new_case("2025-09-26")
        case.action_accept(date="2025-10-10", procedure=procedure)
        return case

    def test_r6_r7_copy_served_starts_the_reply_period(self):
        case = self.accepted()
        self.assertEqual(self.deadline(case, "copy_to_respondent").due_date, D(2025, 10, 20))
        service = self.env["fuyi.service"].browse(case.action_send_copy_to_respondent(date="2025-10-17"))
        service.action_mark_served(date="2025-10-20")
        self.assertEqual(self.deadline(case, "respondent_reply").due_date, D(2025, 11, 3))
        self.assertEqual(case.case_id.deadline_ids.filtered(lambda d: d.kind == "copy_to_respondent").state, "done")

    def test_r9_simple_procedure_reply_in_five_working_days(self):
        case = self.accepted("simple")
        service = self.env["fuyi.service"].browse(case.action_send_copy_to_respondent(date="2025-10-13"))
        service.action_mark_served(date="2025-10-14")
        self.assertEqual(self.deadline(case, "respondent_reply").due_date, D(2025, 10, 21))

    def test_public_notice_is_served_after_30_days(self):
        case = self.accepted()
        service = self.env["fuyi.service"].create({"case_id": case.case_id.id, "kind": "decision",
                                                   "recipient_id": self.applicant.id, "channel": "public_notice",
                                                   "sent_date": "2025-11-01"})
        service.action_mark_served()
        self.assertEqual((service.served_date, service.deemed_served), (D(2025, 12, 1), True))

    def test_service_before_sending_is_refused(self):
        case = self.accepted()
        service = self.env["fuyi.service"].create({"case_id": case.case_id.id, "recipient_id": self.applicant.id,
                                                   "sent_date": "2025-11-05"})
        with self.assertRaises(UserError):
            service.action_mark_served(date="2025-11-04")

    def test_copy_only_after_acceptance(self):
        case = self.new_case("2025-09-26")
        with self.assertRaises(UserError):
            case.action_send_copy_to_respondent()


class TestHearing(FuyiCaseCommon):

    def setUp(self):
        super().setUp()
        self.case = self.new_case("2026-01-05")
        self.case.action_accept(date="2026-01-09", procedure="ordinary")
        self.officers = [new_test_user(self.env, login="hearing_%s" % i, groups="fuyi_case.fuyi_case_group_clerk")
                         for i in range(4)]

    def new_hearing(self, **values):
        vals = {"reconsideration_id": self.case.id, "hearing_date": "2026-02-26 09:00:00", "place": "第一听证室",
                "presiding_id": self.officers[0].id, "recorder_id": self.officers[3].id,
                "officer_ids": [(6, 0, [self.officers[1].id, self.officers[2].id])]}
        vals.update(values)
        return self.env["fuyi.hearing"].create(vals)

    def test_r17_latest_notice_counts_back_five_working_days(self):
        self.assertEqual(self.new_hearing().latest_notice_date, D(2026, 2, 12))

    def test_r17b_strict_reading_is_configurable(self):
        self.env["ir.config_parameter"].set_param("fuyi_case.hearing_notice_strict", "1")
        self.assertEqual(self.new_hearing().latest_notice_date, D(2026, 2, 11))

    def test_late_notice_is_refused(self):
        hearing = self.new_hearing()
        with self.assertRaises(UserError):
            hearing.action_send_notice(date="2026-02-13")
        hearing.action_send_notice(date="2026-02-12")
        self.assertEqual(hearing.state, "notified")

    def test_panel_needs_two_officers(self):
        hearing = self.new_hearing(officer_ids=[(6, 0, [self.officers[1].id])])
        with self.assertRaises(UserError):
            hearing.action_send_notice(date="2026-02-10")

    def test_holding_needs_the_record_and_the_heads_attendance_or_excuse(self):
        hearing = self.new_hearing()
        hearing.action_send_notice(date="2026-02-10")
        with self.assertRaises(UserError):
            hearing.action_hold("", True)
        with self.assertRaises(UserError):
            hearing.action_hold("听证笔录……", False)
        hearing.action_hold("听证笔录……", False, absence_reason="出差", representative="副局长李某")
        self.assertEqual(hearing.state, "held")

    def test_applicant_absence_waives_the_hearing(self):
        hearing = self.new_hearing()
        hearing.action_send_notice(date="2026-02-10")
        hearing.action_applicant_absent()
        self.assertEqual(hearing.state, "waived")
