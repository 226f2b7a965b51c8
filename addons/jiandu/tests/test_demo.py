"""The demo campaign: 42 files of 6 agencies, drawn, cross-reviewed, scored, rectified."""
import os

from flectra.tests import TransactionCase
from flectra.tools import convert_file

DEMO_FILE = os.path.join(os.path.dirname(os.path.dirname(__file__)), "demo", "jiandu_demo.xml")


class TestDemo(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        convert_file(cls.env, "jiandu", "demo/jiandu_demo.xml", {}, mode="init", noupdate=True, kind="demo",
                     pathname=DEMO_FILE)
        cls.campaign = cls.env.ref("jiandu.jiandu_review_campaign_demo")

    def test_a_campaign_over_about_forty_files_of_six_agencies(self):
        self.assertEqual(len(self.campaign.file_ids), 42)
        self.assertEqual(len(self.campaign.file_ids.mapped("agency_id")), 6)
        self.assertTrue(self.campaign.verify_sample())

    def test_cross_review_and_scores(self):
        Partner = self.env["res.partner"]
        for review in self.campaign.review_ids:
            self.assertNotIn(review.file_id.agency_id, Partner._jiandu_agencies_of_user(review.reviewer_id))
        submitted = self.campaign.review_ids.filtered(lambda r: r.state == "submitted")
        self.assertGreater(len(submitted), 25)
        self.assertTrue(self.campaign.review_ids.filtered(lambda r: r.state == "draft"))
        self.assertTrue(submitted.filtered("vetoed"), "the single-officer files are vetoed (APL Art. 42)")

    def test_rectifications_and_indicators(self):
        rectifications = self.env["jiandu.rectification"].search([("campaign_id", "=", self.campaign.id)])
        self.assertEqual(set(rectifications.mapped("state")), {"issued", "closed"})
        figures = self.campaign.get_indicators()
        self.assertEqual(len(figures["by_agency"]), 6)
        self.assertIsNotNone(figures["qualified_rate"])

    def test_loading_twice_creates_nothing_more(self):
        count = self.env["jiandu.case.file"].search_count([])
        self.assertFalse(self.env["jiandu.demo"].action_generate_demo())
        self.assertEqual(self.env["jiandu.case.file"].search_count([]), count)
