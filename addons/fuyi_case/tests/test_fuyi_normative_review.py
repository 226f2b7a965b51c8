import base64
import datetime
import io

import docx

from flectra.exceptions import UserError

from .common import FuyiCaseCommon

D = datetime.date


class TestNormativeReview(FuyiCaseCommon):

    def setUp(self):
        super().setUp()
        self.drafter = self.env["res.partner"].create({"name": "县人民政府办公室", "party_kind": "agency"})
        self.case = self.new_case("2025-09-26")
        self.case.action_accept(date="2025-10-10", procedure="ordinary")   # decision due 2025-12-09 (R10)

    def review(self, handling="self", date="2025-10-20", **kwargs):
        return self.env["fuyi.normative.review"].browse(self.case.action_request_normative_review(
            "《县市场经营秩序管理办法》", handling=handling, date=date, clause="第八条",
            drafting_body_id=self.drafter.id, **kwargs))

    def due(self, review, kind):
        deadline = review.deadline_ids.filtered(lambda d: d.kind == kind)
        self.assertEqual(len(deadline), 1, kind)
        return deadline

    def test_competent_body_suspends_asks_the_drafter_and_handles_within_30_days(self):
        """Art. 39 (9) suspension; Art. 58: notify within 3 wd, reply within 10 wd; Art. 56: 30 days."""
        review = self.review()
        self.assertEqual((self.case.state, self.case.suspend_ground), ("suspended", "9"))
        self.assertEqual(self.case.case_id.deadline_ids.filtered(lambda d: d.kind == "decision").state, "paused")
        self.assertEqual(self.due(review, "normative_handling").due_date, D(2025, 11, 19))
        self.assertEqual(self.due(review, "normative_drafting_notice").due_date, D(2025, 10, 23))
        review.action_notify_drafting_body(date="2025-10-22", received_date="2025-10-23")
        self.assertEqual(self.due(review, "normative_drafting_notice").state, "done")
        self.assertEqual(self.due(review, "normative_drafting_reply").due_date, D(2025, 11, 6))
        review.action_record_drafting_reply("第八条有上位法依据", date="2025-11-05")
        self.assertEqual(self.due(review, "normative_drafting_reply").state, "done")
        review.action_conclude("lawful", "该条款合法", date="2025-11-10")
        self.assertEqual((review.state, review.result), ("concluded", "lawful"))
        self.assertEqual(self.due(review, "normative_handling").state, "done")
        # the cause is gone: the case resumes, the 21 stopped days move the decision limit (Art. 39 para 2)
        self.assertEqual((self.case.state, self.case.resumed_on), ("accepted", D(2025, 11, 10)))
        decision = self.case.case_id.deadline_ids.filtered(lambda d: d.kind == "decision" and d.state == "open")
        self.assertEqual(decision.due_date, D(2025, 12, 30))
        # the decision answers the review (Art. 59)
        self.case.action_decide("uphold", date="2025-12-10")
        document = self.env["fuyi.document"].browse(self.case.action_create_document("decision_document"))
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(base64.b64decode(document.attachment_id.datas))).paragraphs)
        self.assertIn("经审查，《县市场经营秩序管理办法》第八条合法", text)
        self.assertIn("第五十九条", text)

    def test_unlawful_document_is_stated_in_the_decision(self):
        review = self.review()
        review.action_conclude("unlawful", "第八条超越权限设定罚款", date="2025-11-10")
        self.case.action_decide("revoke", date="2025-12-10")
        document = self.env["fuyi.document"].browse(self.case.action_create_document("decision_document"))
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(base64.b64decode(document.attachment_id.datas))).paragraphs)
        self.assertIn("第八条超越权限或者违反上位法，本机关决定停止该条款的执行，并责令制定机关予以纠正", text)

    def test_transfer_within_7_working_days_and_answer_within_60_days(self):
        """Art. 56: not competent → transfer within 7 wd; Art. 60: the transferee answers within 60 days."""
        review = self.review(handling="transfer")
        self.assertEqual(self.due(review, "normative_transfer").due_date, D(2025, 10, 29))
        with self.assertRaises(UserError):
            review.action_conclude("lawful", "合法", date="2025-11-01")     # not transferred yet
        with self.assertRaises(UserError):
            review.action_notify_drafting_body(date="2025-10-22")           # the competent organ asks, not us
        competent = self.env["res.partner"].create({"name": "市人民政府", "party_kind": "agency"})
        review.action_transfer(competent.id, date="2025-10-27", received_date="2025-10-28")
        self.assertEqual(self.due(review, "normative_transfer").state, "done")
        # 60 days from Tue 2025-10-28 = Sat 2025-12-27, a rest day → Mon 2025-12-29
        self.assertEqual(self.due(review, "normative_transferee_reply").due_date, D(2025, 12, 29))
        self.assertEqual((review.state, review.transferee_id), ("transferred", competent))
        review.action_conclude("lawful", "经审查，该条款合法", date="2025-12-20")
        self.assertEqual(self.due(review, "normative_transferee_reply").state, "done")
        self.assertEqual(self.case.state, "accepted")

    def test_case_resumes_only_when_every_review_is_concluded(self):
        first = self.review()
        second = self.review(date="2025-10-22")
        first.action_conclude("lawful", "合法", date="2025-11-01")
        self.assertEqual(self.case.state, "suspended")
        second.action_conclude("lawful", "合法", date="2025-11-05")
        self.assertEqual(self.case.state, "accepted")
        self.assertEqual(self.due(second, "normative_drafting_notice").state, "cancelled")

    def test_review_needs_an_accepted_case_and_a_valid_outcome(self):
        pending = self.new_case("2025-09-26")
        with self.assertRaises(UserError):
            pending.action_request_normative_review("《某办法》")
        review = self.review()
        with self.assertRaises(UserError):
            review.action_conclude("maybe", "说明")
        with self.assertRaises(UserError):
            review.action_conclude("lawful", "")
        with self.assertRaises(UserError):
            self.case.action_request_normative_review("《某办法》", handling="nobody")
