import base64
import datetime
import io

import docx
from freezegun import freeze_time

from flectra.exceptions import UserError
from flectra.tests import new_test_user

from .common import FuyiCaseCommon

D = datetime.date


class ReplyCase(FuyiCaseCommon):

    def served(self, procedure="ordinary", **values):
        """R6/R7: accepted Fri 2025-10-10, copy served Mon 2025-10-20, reply due Mon 2025-11-03 (ordinary)."""
        case = self.new_case("2025-09-26", **values)
        case.action_accept(date="2025-10-10", procedure=procedure)
        simple = procedure == "simple"
        service = self.env["fuyi.service"].browse(case.action_send_copy_to_respondent(
            date="2025-10-13" if simple else "2025-10-17"))
        service.action_mark_served(date="2025-10-14" if simple else "2025-10-20")
        return case

    def reply_deadline(self, case):
        return case.case_id.deadline_ids.filtered(lambda d: d.kind == "respondent_reply")


class TestRespondentReply(ReplyCase):

    def test_reply_in_time_closes_the_reply_deadline(self):
        """R7: the reply is due Mon 2025-11-03 (ARL Art. 48); a reply that day meets it."""
        case = self.served()
        self.assertEqual(self.deadline(case, "respondent_reply").due_date, D(2025, 11, 3))
        attachment = self.env["ir.attachment"].create({"name": "答复书.pdf", "raw": b"%PDF-1.4"})
        case.action_record_reply(date="2025-11-03", attachment_ids=[attachment.id], summary="原处罚决定事实清楚。")
        deadline = self.reply_deadline(case)
        self.assertEqual((deadline.state, deadline.done_date), ("done", D(2025, 11, 3)))
        self.assertEqual(case.reply_date, D(2025, 11, 3))
        self.assertEqual(case.reply_attachment_ids, attachment)
        self.assertFalse(case.reply_late)
        self.assertFalse(case.no_reply_proposal)
        with self.assertRaises(UserError):
            case.action_record_reply(date="2025-11-04")

    def test_simple_procedure_reply_r9(self):
        """R9: simple procedure, copy served Tue 2025-10-14, reply due Tue 2025-10-21 (ARL Art. 54)."""
        case = self.served("simple")
        self.assertEqual(self.deadline(case, "respondent_reply").due_date, D(2025, 10, 21))
        case.action_record_reply(date="2025-10-22")
        self.assertEqual(self.reply_deadline(case).state, "missed")
        self.assertTrue(case.reply_late)

    def test_late_reply_is_missed_and_proposes_art_70(self):
        case = self.served()
        case.action_record_reply(date="2025-11-04")
        self.assertEqual(self.reply_deadline(case).state, "missed")
        self.assertTrue(case.reply_late)
        self.assertEqual(case.no_reply_proposal, "revoke")
        self.assertEqual(case.state, "accepted")           # proposed, never decided automatically
        self.assertTrue(any("Art. 70" in (m.body or "") for m in case.message_ids))

    def test_no_reply_before_the_copy_is_served(self):
        case = self.new_case("2025-09-26")
        case.action_accept(date="2025-10-10")
        with self.assertRaises(UserError) as ctx:
            case.action_record_reply(date="2025-10-20")
        self.assertIn("Arts. 48, 54", str(ctx.exception))

    def test_reply_cannot_predate_service(self):
        case = self.served()
        with self.assertRaises(UserError):
            case.action_record_reply(date="2025-10-19")

    def test_missing_reply_proposes_the_art_70_outcome_after_the_period(self):
        case = self.served()
        with freeze_time("2025-11-03 12:00:00"):
            self.assertEqual(self.env["fuyi.reconsideration"]._cron_propose_no_reply(), [])
            with self.assertRaises(UserError):
                case.action_propose_no_reply_consequence()
        with freeze_time("2025-11-04 12:00:00"):
            self.assertEqual(self.env["fuyi.reconsideration"]._cron_propose_no_reply(), case.ids)
        self.assertEqual((case.no_reply_proposal, case.no_reply_proposed_on), ("revoke", D(2025, 11, 4)))
        self.assertEqual(case.state, "accepted")
        self.assertEqual(self.reply_deadline(case).state, "open")
        self.assertTrue(case.activity_ids)
        with freeze_time("2025-11-05 12:00:00"):
            self.assertEqual(self.env["fuyi.reconsideration"]._cron_propose_no_reply(), [])   # proposed once

    def test_failure_to_act_with_a_third_party(self):
        """Failure to act → order performance; a third party's evidence may save the act (Art. 70 proviso)."""
        third = self.env["res.partner"].create({"name": "李四", "party_kind": "person"})
        case = self.served(act_failure_to_act=True)
        case.party_ids = [(0, 0, {"partner_id": third.id, "role": "third_party"})]
        with freeze_time("2025-11-04 12:00:00"):
            case.action_propose_no_reply_consequence()
        self.assertEqual(case.no_reply_proposal, "order_performance")
        self.assertTrue(any("third party" in (m.body or "") for m in case.message_ids))


class TestForwarding(FuyiCaseCommon):

    def lodged(self, **values):
        vals = {"lodged_with_agency": True, "act_on_the_spot": True, "agency_received_date": "2025-09-30"}
        vals.update(values)
        return self.new_case("2025-09-30", **vals)

    def test_r20_forward_within_five_working_days(self):
        """R20: received by the agency Tue 2025-09-30 → forward by Tue 2025-10-14 (ARL Art. 32)."""
        case = self.lodged()
        self.assertEqual(self.deadline(case, "forward").due_date, D(2025, 10, 14))
        self.assertFalse(case.deadline_ids.filtered(lambda d: d.kind == "acceptance_review"))
        institution = self.env["res.partner"].create({"name": "县司法局", "party_kind": "agency"})
        case.action_forward(institution.id, date="2025-10-14", note="维持处罚决定，转送行政复议机构")
        forward = case.deadline_ids.filtered(lambda d: d.kind == "forward")
        self.assertEqual((forward.state, forward.done_date), ("done", D(2025, 10, 14)))
        self.assertEqual((case.state, case.forwarded_to_id, case.forwarded_date, case.forwarded_late),
                         ("forwarded", institution, D(2025, 10, 14), False))

    def test_late_forwarding_is_recorded_as_missed(self):
        case = self.lodged(act_on_the_spot=False, act_electronic_monitoring=True)
        institution = self.env["res.partner"].create({"name": "县司法局", "party_kind": "agency"})
        case.action_forward(institution.id, date="2025-10-15")
        self.assertTrue(case.forwarded_late)
        self.assertEqual(case.deadline_ids.filtered(lambda d: d.kind == "forward").state, "missed")

    def test_only_on_the_spot_or_monitoring_penalties_go_through_the_agency(self):
        with self.assertRaises(UserError) as ctx:
            self.lodged(act_on_the_spot=False)
        self.assertIn("Art. 32", str(ctx.exception))

    def test_ordinary_application_is_not_forwarded(self):
        case = self.new_case("2025-09-26")
        with self.assertRaises(UserError):
            case.action_forward(self.other_agency.id, date="2025-09-29")

    def test_forwarding_needs_a_destination_and_a_pending_review(self):
        case = self.lodged()
        with self.assertRaises(UserError):
            case.action_forward(False, date="2025-10-10")
        case.action_forward(self.other_agency.id, date="2025-10-10")
        with self.assertRaises(UserError):
            case.action_forward(self.other_agency.id, date="2025-10-11")


class TestExtension(ReplyCase):

    def test_r11_extension_by_the_head_with_a_written_notice(self):
        """R10/R11: accepted 2025-10-10, due 2025-12-09; +30 days → 2026-01-08 (ARL Art. 62 para 1)."""
        case = self.new_case("2025-09-26")
        case.action_accept(date="2025-10-10", procedure="ordinary")
        with self.assertRaises(UserError):
            case.action_create_document("extension_notice")
        with self.assertRaises(UserError):
            case.with_user(self.clerk).action_extend_decision(30, "案情复杂")
        lead = new_test_user(self.env, login="ext_lead", groups="fuyi_case.fuyi_case_group_lead")
        case.with_user(lead).action_extend_decision(30, "案情复杂，需要补充调查")
        self.assertEqual(self.deadline(case, "decision").due_date, D(2026, 1, 8))
        with self.assertRaises(UserError):
            case.with_user(lead).action_extend_decision(1, "再次延长")
        document = self.env["fuyi.document"].browse(case.action_create_document("extension_notice"))
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(base64.b64decode(document.attachment_id.datas))).paragraphs)
        self.assertIn("行政复议期限延长通知书", text)
        self.assertIn("案情复杂，需要补充调查", text)
        self.assertIn("延长30日", text)
        self.assertIn("最迟于2026年1月8日作出行政复议决定", text)
        self.assertIn("第六十二条第一款", text)
        document.action_issue("2025-12-01")
        self.assertEqual(document.number, "县府复延字〔2025〕1号")

    def test_simple_procedure_cannot_be_extended(self):
        case = self.new_case("2025-09-26")
        case.action_accept(date="2025-10-10", procedure="simple")
        lead = new_test_user(self.env, login="ext_lead2", groups="fuyi_case.fuyi_case_group_lead")
        with self.assertRaises(UserError) as ctx:
            case.with_user(lead).action_extend_decision(10, "复杂")
        self.assertIn("Art. 62 para 2", str(ctx.exception))


class TestReplyInTheDecision(ReplyCase):

    def decision_text(self, case):
        case.action_decide("revoke", date="2025-11-20")
        document = self.env["fuyi.document"].browse(case.action_create_document("decision_document"))
        raw = base64.b64decode(document.attachment_id.datas)
        return "\n".join(p.text for p in docx.Document(io.BytesIO(raw)).paragraphs)

    def test_decision_states_the_reply(self):
        case = self.served()
        case.action_record_reply(date="2025-11-03", summary="原处罚决定认定事实清楚，程序合法。")
        text = self.decision_text(case)
        self.assertIn("被申请人于2025年11月3日提出书面答复", text)
        self.assertIn("被申请人称：原处罚决定认定事实清楚，程序合法。", text)

    def test_decision_states_a_late_reply(self):
        """ARL Arts. 48, 70: the missing reply is stated as a fact in the decision."""
        case = self.served()
        case.action_record_reply(date="2025-11-05")
        text = self.decision_text(case)
        self.assertIn("被申请人未在《中华人民共和国行政复议法》第四十八条规定的期限内提出书面答复", text)
        self.assertNotIn("被申请人于2025年11月5日提出书面答复", text)
