import base64
import io

import docx

from flectra.exceptions import UserError, ValidationError
from flectra.tests import tagged

from .common import YingsuCommon


def docx_text(document):
    parsed = docx.Document(io.BytesIO(base64.b64decode(document.attachment_id.datas)))
    return "\n".join(p.text for p in parsed.paragraphs)


@tagged("standard", "at_install")
class TestDefenceStatement(YingsuCommon):

    def test_defence_statement_is_prefilled_from_the_lawsuit(self):
        """答辩状: parties, the court, the 15 days of ALL Art. 67 with the due date, the evidence list."""
        lawsuit = self.new_lawsuit(court_case_number="（2025）豫0421行初12号", complaint_received="2025-09-29",
                                   evidence_ids=[(0, 0, {"name": "现场检查笔录"}), (0, 0, {"name": "询问笔录"})])
        action = lawsuit.action_defence_statement()
        document = self.env["fuyi.document"].browse(action["res_id"])
        self.assertEqual((document.doc_type, document.case_id), ("defence_statement", lawsuit.case_id))
        text = docx_text(document)
        self.assertIn("答辩人（被告）：县市场监督管理局", text)
        self.assertIn("被答辩人（原告）：张三", text)
        self.assertIn("（2025）豫0421行初12号", text)
        self.assertIn("第六十七条第一款", text)
        self.assertIn("2025年10月14日", text)
        self.assertIn("1. 现场检查笔录", text)
        self.assertIn("2. 询问笔录", text)
        self.assertIn("县人民法院", text)

    def test_second_instance_answers_the_appeal_in_fifteen_days(self):
        """ALL-I Art. 108: the other party's defence within 15 days of receiving the appeal copy."""
        appeal = self.new_lawsuit(instance="second_instance", complaint_received="2026-02-05")
        deadlines = appeal.case_id.deadline_ids
        self.assertEqual(deadlines.mapped("kind"), ["answer"])
        self.assertEqual(deadlines.legal_basis, "ALL-I Art. 108")
        self.assertEqual(deadlines.due_date, self.d("2026-02-24"))   # raw 02-20 in the Spring Festival


@tagged("standard", "at_install")
class TestCourtGovernmentLiaison(YingsuCommon):

    def test_action_items_become_tracked_tasks(self):
        meeting = self.env["yingsu.joint.meeting"].create({
            "name": "2026年府院联席会议", "date": "2026-06-17", "attendee_ids": [(6, 0, (self.court | self.agency).ids)],
            "action_ids": [(0, 0, {"name": "完善负责人出庭应诉制度", "owner_id": self.agency.id,
                                   "user_id": self.liaison.id, "due_date": "2026-08-16"})]})
        action = meeting.action_ids
        self.assertEqual(action.activity_ids.user_id, self.liaison)
        self.assertEqual(action.activity_ids.date_deadline, self.d("2026-08-16"))
        action.action_done("已印发制度", "2026-08-01")
        self.assertEqual((action.state, action.done_date), ("done", self.d("2026-08-01")))
        self.assertFalse(action.activity_ids)
        with self.assertRaises(UserError):
            action.action_done()
        # the agency's liaison sees the meeting through its action item, another agency's does not
        visible = self.env["yingsu.joint.meeting"].with_user(self.liaison).search([("id", "=", meeting.id)])
        self.assertEqual(visible, meeting)

    def test_yearly_trial_attendance_with_a_configurable_minimum(self):
        Attendance = self.env["yingsu.trial.attendance"]
        Attendance.create({"user_id": self.staff_user.id, "date": "2026-04-01", "court_id": self.court.id})
        Attendance.create({"user_id": self.staff_user.id, "date": "2025-12-30", "court_id": self.court.id})
        users = [self.staff_user.id, self.liaison.id]
        self.assertEqual(Attendance.yearly_rollup(2026, users), {self.staff_user.id: (1, True),
                                                                 self.liaison.id: (0, False)})
        self.env["ir.config_parameter"].sudo().set_param("yingsu.trial_attendance_minimum", "2")
        self.assertEqual(Attendance.yearly_rollup(2026, users)[self.staff_user.id], (1, False))
        self.env["ir.config_parameter"].sudo().set_param("yingsu.trial_attendance_minimum", "twice")
        with self.assertRaises(ValidationError):
            Attendance.yearly_rollup(2026, users)

    def test_dispute_coordination_records_its_outcome(self):
        lawsuit = self.new_lawsuit()
        coordination = self.env["yingsu.dispute.coordination"].create({
            "name": "罚款争议协调", "lawsuit_id": lawsuit.id, "agency_id": self.agency.id, "start_date": "2025-11-01"})
        coordination.write({"state": "withdrawn", "settlement": "重新核定罚款后原告撤诉", "end_date": "2025-12-01"})
        self.assertEqual(self.env["yingsu.dispute.coordination"].with_user(self.liaison).search(
            [("id", "=", coordination.id)]), coordination)
