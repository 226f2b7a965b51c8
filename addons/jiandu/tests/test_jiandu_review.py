"""Campaigns, sampling, cross review and scoring on the models (E8, E9, E11 with the default rubric)."""
from flectra.exceptions import AccessError, UserError, ValidationError

from .common import JianduCommon


class TestCampaign(JianduCommon):

    def test_the_draw_is_recorded_and_reproducible(self):
        for n in range(6):
            self.new_file(self.market if n % 2 else self.environment)
        campaign = self.new_campaign(sample_rate=0.5)
        chosen = campaign.action_draw_sample()
        self.assertEqual(len(chosen), 4)   # 3 per agency, half rounded up → 2 each
        self.assertTrue(campaign.verify_sample())
        self.assertIn('"seed": "20260401"', campaign.draw_log)
        self.assertEqual(set(campaign.file_ids.mapped("review_state")), {"sampled"})

    def test_cross_review_never_assigns_a_reviewer_from_the_files_agency(self):
        files = self.new_file(self.market) | self.new_file(self.environment) | self.new_file(self.market)
        campaign = self.new_campaign()
        campaign.action_draw_sample()
        campaign.action_assign_reviewers()
        self.assertEqual(len(campaign.review_ids), 3)
        for review in campaign.review_ids:
            reviewer_agency = self.market if review.reviewer_id == self.reviewer else self.environment
            self.assertNotEqual(review.file_id.agency_id, reviewer_agency)
        self.assertEqual(files[0].case_id.jiandu_reviewer_ids, self.reviewer2)

    def test_a_reviewer_from_the_files_own_agency_is_refused(self):
        record = self.new_file(self.market)
        campaign = self.new_campaign()
        with self.assertRaisesRegex(ValidationError, "cross review"):
            self.env["jiandu.review"].create({"campaign_id": campaign.id, "file_id": record.id,
                                              "reviewer_id": self.reviewer.id})


class TestScoring(JianduCommon):

    def setUp(self):
        super().setUp()
        self.file = self.new_file(self.market)
        self.campaign = self.new_campaign()
        self.campaign.action_draw_sample()
        self.campaign.action_assign_reviewers()
        self.review = self.campaign.review_ids.with_user(self.reviewer2)

    def test_e11_deductions_give_93_and_the_configured_grade(self):
        self.line(self.review, "index_order").defect_count = 1
        self.line(self.review, "unpaginated_page").defect_count = 2
        self.line(self.review, "remedy_period_missing").defect_count = 1
        self.assertEqual(self.review.total, 93)
        self.assertEqual(self.review.grade_id.code, "excellent")
        self.assertIn("卷面: 17", self.review.section_scores)
        self.assertIn("内容: 76", self.review.section_scores)
        self.review.action_submit()
        self.assertEqual((self.file.score, self.file.grade_id.code, self.file.qualified), (93, "excellent", True))
        self.assertEqual(self.file.review_state, "reviewed")

    def test_e8_one_officer_prefills_the_veto_and_the_file_is_unqualified(self):
        """E8: an inspection record signed by one officer: the Art. 42 veto is found from the data."""
        record = self.new_file(self.environment)
        self.env["jiandu.enforcement.act"].create({"file_id": record.id, "name": "现场检查笔录", "date": "2026-02-02",
                                                   "officer_ids": [(6, 0, self.officer_a.ids)]})
        self.assertTrue(record.officer_flag)
        campaign = self.new_campaign(name="E8")
        campaign.action_draw_sample()
        campaign.action_assign_reviewers()
        review = campaign.review_ids.filtered(lambda r: r.file_id == record)
        line = self.line(review, "fewer_than_two_officers")
        self.assertTrue(line.veto_failed and line.auto_found)
        self.assertIn("APL Art. 42", line.reason)
        (failure,) = record.auto_failures()
        self.assertEqual(record.with_context(lang="zh_CN").failure_text(failure),
                         "2026-02-02持有效执法证的执法人员仅1名，行政处罚至少需要2名（《行政处罚法》第四十二条）")
        self.assertEqual((review.total, review.vetoed, review.grade_id.code), (100, True, "unqualified"))

    def test_e9_no_legal_review_after_a_hearing_is_a_veto(self):
        record = self.new_file(self.environment, hearing_held=True, major_rights=True, title="吊销许可证")
        self.assertEqual(record.legal_review_flag, "missing")
        self.assertFalse(record.three_systems_ok)
        self.assertEqual([f.code for f in record.auto_failures()], ["no_legal_review"])

    def test_e10_expired_certificate_is_flagged_on_the_act(self):
        """E10: certificate expired 2026-03-31, inspection on 2026-04-02."""
        act = self.env["jiandu.enforcement.act"].create({
            "file_id": self.file.id, "name": "现场检查", "date": "2026-04-02",
            "officer_ids": [(6, 0, (self.officer_a | self.officer_b).ids)]})
        self.assertIn("ZF-T-002", act.officer_problem)
        self.assertIn("expired", act.officer_problem)
        self.assertTrue(self.file.officer_flag)

    def test_a_veto_without_a_reason_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "veto needs a reason"):
            self.line(self.review, "wrong_party").write({"veto_failed": True})

    def test_a_score_outside_the_items_range_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "item range"):
            self.line(self.review, "remedy_period_missing").write({"defect_count": 2})

    def test_totals_cannot_be_typed(self):
        self.line(self.review, "evidence_chain").defect_count = 1
        self.review.write({"total": 100, "grade_id": False})
        self.assertEqual(self.review.total, 95)
        self.assertEqual(self.review.grade_id.code, "excellent")
        self.line(self.review, "evidence_chain").defect_count = 1
        self.assertEqual(self.review.total, 95)

    def test_another_reviewer_cannot_score_this_review(self):
        line = self.line(self.review.sudo(), "index_order")
        self.assertTrue(line)
        with self.assertRaises(AccessError):
            line.with_user(self.reviewer).write({"defect_count": 1})
        self.assertEqual(self.env["jiandu.review"].with_user(self.reviewer).search_count([("id", "=", self.review.id)]), 0)

    def test_a_submitted_review_is_frozen(self):
        self.review.action_submit()
        with self.assertRaises(UserError):
            self.line(self.review, "index_order").write({"defect_count": 1})


class TestDispute(JianduCommon):

    def test_disagreeing_reviewers_dispute_and_the_second_reviewer_decides(self):
        outsider = self.env["res.partner"].create({"name": "县司法局", "party_kind": "agency"})
        arbiter = self.env["res.users"].create({"name": "第二评查人", "login": "jd_arbiter",
                                                "groups_id": [(6, 0, [self.env.ref("jiandu.jiandu_group_reviewer").id])]})
        outsider.agency_liaison_user_ids = [(4, arbiter.id)]
        record = self.new_file(self.transport)
        campaign = self.new_campaign(reviewers_per_file=2)
        campaign.action_draw_sample()
        campaign.action_assign_reviewers()
        first, second = campaign.review_ids.sorted("id")
        self.line(first, "evidence_chain").defect_count = 4      # 80 → good
        first.with_user(first.reviewer_id).action_submit()
        second.with_user(second.reviewer_id).action_submit()     # 100 → excellent
        self.assertEqual(record.review_state, "disputed")
        with self.assertRaises(UserError):
            campaign.action_close()
        review_id = campaign.action_assign_second_reviewer(record.id, arbiter.id)
        decider = self.env["jiandu.review"].browse(review_id)
        self.line(decider, "evidence_chain").defect_count = 1
        decider.with_user(arbiter).action_submit()
        self.assertEqual((record.review_state, record.result_review_id, record.score), ("reviewed", decider, 95))
        campaign.action_close()
