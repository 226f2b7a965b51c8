"""Supervisors see all; reviewers the files assigned to them; agencies their own results and notices."""
from flectra.exceptions import AccessError

from .common import JianduCommon


class TestAccess(JianduCommon):

    def setUp(self):
        super().setUp()
        self.market_file = self.new_file(self.market)
        self.environment_file = self.new_file(self.environment)
        self.campaign = self.new_campaign()
        self.campaign.action_draw_sample()
        self.campaign.action_assign_reviewers()
        # reviewer (market) reviews the environment file, reviewer2 (environment) the market file

    def test_supervisor_sees_every_file(self):
        files = self.env["jiandu.case.file"].with_user(self.supervisor).search([])
        self.assertIn(self.market_file, files)
        self.assertIn(self.environment_file, files)

    def test_reviewer_sees_only_the_files_assigned_to_them(self):
        Files = self.env["jiandu.case.file"].with_user(self.reviewer)
        self.assertEqual(Files.search([]), self.environment_file)
        self.assertEqual(self.env["fuyi.case"].with_user(self.reviewer).search([]), self.environment_file.case_id)
        with self.assertRaises(AccessError):
            self.market_file.with_user(self.reviewer).read(["title"])
        reviews = self.env["jiandu.review"].with_user(self.reviewer).search([])
        self.assertEqual(reviews.mapped("reviewer_id"), self.reviewer)

    def test_agency_sees_its_results_only_once_submitted(self):
        Reviews = self.env["jiandu.review"].with_user(self.market_user)
        self.assertFalse(Reviews.search([]))
        review = self.campaign.review_ids.filtered(lambda r: r.file_id == self.market_file)
        review.action_submit()
        self.assertEqual(Reviews.search([]), review)
        self.assertEqual(self.env["jiandu.case.file"].with_user(self.market_user).search([]), self.market_file)
        with self.assertRaises(AccessError):
            review.with_user(self.market_user).write({"dispute_reason": "不服"})

    def test_agency_sees_its_rectifications_once_issued(self):
        review = self.campaign.review_ids.filtered(lambda r: r.file_id == self.market_file)
        Rectification = self.env["jiandu.rectification"]
        mine = Rectification.create(dict(Rectification._prepare_from_review(review), findings="卷内目录顺序错误"))
        other_review = self.campaign.review_ids - review
        other = Rectification.create(dict(Rectification._prepare_from_review(other_review), findings="未编页码"))
        Seen = Rectification.with_user(self.market_user)
        self.assertFalse(Seen.search([]))
        (mine | other).action_issue(date="2026-04-01")
        self.assertEqual(Seen.search([]), mine)
        documents = self.env["fuyi.document"].with_user(self.market_user).search([])
        self.assertEqual(documents, mine.document_id)

    def test_agency_cannot_make_itself_a_member_of_another_agency(self):
        with self.assertRaises(AccessError):
            self.environment.with_user(self.market_user).write(
                {"agency_liaison_user_ids": [(4, self.market_user.id)]})

    def test_reviewer_cannot_run_campaigns(self):
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.reviewer).write({"seed": "1"})

    def test_reviewer_can_score_but_not_reassign_or_submit_by_writing(self):
        review = self.campaign.review_ids.filtered(lambda r: r.reviewer_id == self.reviewer).with_user(self.reviewer)
        with self.assertRaises(AccessError):
            review.write({"reviewer_id": self.reviewer2.id})
        with self.assertRaises(AccessError):
            review.write({"state": "submitted"})
        line = review.line_ids[:1]
        with self.assertRaises(AccessError):
            line.write({"item_id": review.line_ids[1].item_id.id})
        review.action_submit()
        self.assertEqual(review.state, "submitted")

    def test_agency_sees_its_supervision_cases_once_concluded(self):
        case = self.env["jiandu.supervision.case"].create({
            "agency_id": self.market.id, "complaint": "重复罚款", "date_received": "2026-03-02"})
        other = self.env["jiandu.supervision.case"].create({
            "agency_id": self.environment.id, "complaint": "乱检查", "date_received": "2026-03-02"})
        Cases = self.env["jiandu.supervision.case"].with_user(self.market_user)
        self.assertFalse(Cases.search([]))
        for record in case | other:
            record.action_investigate()
            record.action_conclude("opinion", "属实", reply_due_date="2026-04-15")
        self.assertEqual(Cases.search([]), case)
        self.assertFalse(self.env["jiandu.supervision.case"].with_user(self.reviewer).check_access_rights(
            "read", raise_exception=False))
