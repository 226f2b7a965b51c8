"""Findings → rectification notice → report → verification → closure; overdue escalation."""
import io

from docx import Document
from freezegun import freeze_time

from flectra.exceptions import AccessError, UserError

from .common import JianduCommon


class TestRectification(JianduCommon):

    def setUp(self):
        super().setUp()
        self.file = self.new_file(self.market)
        self.campaign = self.new_campaign()
        self.campaign.action_draw_sample()
        self.campaign.action_assign_reviewers()
        review = self.campaign.review_ids
        line = self.line(review, "remedy_period_missing")
        line.write({"defect_count": 1, "reason": "决定书未告知复议期限", "evidence": "第12页"})
        review.action_submit()
        Rectification = self.env["jiandu.rectification"]
        self.rectification = Rectification.create(Rectification._prepare_from_review(review))

    def test_findings_come_from_the_review(self):
        self.assertIn("决定书未告知复议期限", self.rectification.findings)
        self.assertIn("第12页", self.rectification.findings)
        self.assertEqual(self.rectification.agency_id, self.market)

    def test_issue_numbers_the_notice_and_starts_the_deadline(self):
        self.rectification.with_user(self.supervisor).action_issue(date="2026-04-01")
        notice = self.rectification.document_id
        self.assertEqual(notice.state, "issued")
        self.assertTrue(notice.number.startswith("县司执改〔2026〕"))
        self.assertEqual(str(self.rectification.due_date), "2026-05-06")   # 30 days → 05-01 holiday → rolls over
        text = "\n".join(p.text for p in Document(io.BytesIO(notice.attachment_id.raw)).paragraphs)
        self.assertIn("整改通知书", text)
        self.assertIn("决定书未告知复议期限", text)
        self.assertIn("县市场监督管理局：", text)

    def test_agency_replies_and_supervisor_verifies_and_closes(self):
        self.rectification.action_issue(date="2026-04-01")
        with self.assertRaises(AccessError):
            self.rectification.with_user(self.environment_user).action_reply("已整改")
        self.rectification.with_user(self.market_user).action_reply("已补正告知内容并组织培训", date="2026-04-20")
        self.assertEqual(self.rectification.state, "replied")
        self.assertEqual(self.rectification.deadline_id.state, "done")
        with self.assertRaises(AccessError):
            self.rectification.with_user(self.market_user).action_verify(True, "ok")
        self.rectification.with_user(self.supervisor).action_verify(False, "未附整改材料")
        self.assertEqual(self.rectification.state, "issued")
        self.rectification.with_user(self.market_user).action_reply("补充整改材料")
        self.rectification.with_user(self.supervisor).action_verify(True, "整改到位")
        self.assertEqual(self.rectification.state, "closed")

    def test_an_overdue_notice_is_escalated_once(self):
        self.rectification.action_issue(date="2026-04-01")
        Rectification = self.env["jiandu.rectification"]
        with freeze_time("2026-05-06"):
            self.assertEqual(Rectification._cron_escalate_overdue(), [])
        with freeze_time("2026-05-07"):
            self.assertEqual(Rectification._cron_escalate_overdue(), self.rectification.ids)
            self.assertEqual(Rectification._cron_escalate_overdue(), [])
        self.assertEqual(self.rectification.escalation_level, 1)
        self.assertEqual(self.rectification.deadline_id.state, "missed")

    def test_a_notice_is_issued_once(self):
        self.rectification.action_issue(date="2026-04-01")
        with self.assertRaises(UserError):
            self.rectification.action_issue()


class TestSupervisionCase(JianduCommon):

    def test_a_hotline_complaint_ends_in_a_supervision_opinion(self):
        complainant = self.env["res.partner"].create({"name": "李四", "party_kind": "person"})
        case = self.env["jiandu.supervision.case"].create({
            "source": "hotline_12345", "source_ref": "12345-2026-0001", "complainant_id": complainant.id,
            "agency_id": self.market.id, "issue": "arbitrary_fine", "complaint": "对同一违法行为两次罚款",
            "date_received": "2026-03-02"})
        self.assertTrue(case.name.startswith("县司执监〔2026〕"))
        with self.assertRaises(UserError):
            case.action_conclude("opinion", "x")
        case.action_investigate()
        document_id = case.action_conclude("opinion", "对同一违法行为重复罚款属实", measures="请撤销第二次罚款决定",
                                           reply_due_date="2026-04-15")
        document = self.env["fuyi.document"].browse(document_id)
        self.assertEqual(document.doc_type, "supervision_opinion")
        text = "\n".join(p.text for p in Document(io.BytesIO(document.attachment_id.raw)).paragraphs)
        self.assertIn("行政执法监督意见书", text)
        self.assertIn("重复罚款属实", text)
        case.action_close()
        self.assertEqual(case.state, "closed")


class TestRectificationDialogs(JianduCommon):

    def test_reply_and_verification_through_the_dialogs(self):
        record = self.new_file(self.market)
        rectification = self.env["jiandu.rectification"].create({"file_id": record.id, "findings": "卷内目录顺序错误"})
        rectification.action_issue(date="2026-04-01")
        action = rectification.with_user(self.market_user).action_open_reply()
        step = self.env["jiandu.rectification.step"].with_user(self.market_user).with_context(action["context"]).create(
            {"reply": "已重新编排目录", "date": "2026-04-10"})
        step.action_confirm()
        self.assertEqual((rectification.state, str(rectification.reply_date)), ("replied", "2026-04-10"))
        action = rectification.with_user(self.supervisor).action_open_verify()
        self.env["jiandu.rectification.step"].with_user(self.supervisor).with_context(action["context"]).create(
            {"passed": True, "note": "整改到位"}).action_confirm()
        self.assertEqual(rectification.state, "closed")

    def test_dispute_dialog_gives_a_second_reviewer(self):
        record = self.new_file(self.transport)
        campaign = self.new_campaign()
        campaign.action_draw_sample()
        campaign.action_assign_reviewers()
        review = campaign.review_ids
        review.action_submit()
        action = review.action_open_dispute()
        self.env["jiandu.review.dispute"].with_user(self.supervisor).with_context(action["context"]).create(
            {"reason": "被评查单位对证据链扣分有异议", "second_reviewer_id": (self.reviewer | self.reviewer2 -
                                                                review.reviewer_id).id}).action_confirm()
        self.assertEqual(record.review_state, "disputed")
        self.assertEqual(len(campaign.review_ids.filtered(lambda r: r.role == "second")), 1)
