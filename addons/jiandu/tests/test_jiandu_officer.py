"""Officers: certificate warnings and training hours; agencies' risk from reconsideration."""
import json

from freezegun import freeze_time

from flectra.exceptions import ValidationError

from .common import JianduCommon


class TestOfficer(JianduCommon):

    def test_certificates_expiring_within_the_warning_period_are_found(self):
        Officer = self.env["jiandu.enforcement.officer"]
        with freeze_time("2026-03-10"):
            self.assertEqual(Officer.search([("certificate_expiring", "=", True), ("id", "in", (self.officer_a | self.officer_b).ids)]),
                             self.officer_b)   # expires 2026-03-31, within 30 days
            self.assertTrue(self.officer_b.certificate_expiring)
        with freeze_time("2026-02-10"):
            self.assertFalse(Officer.search([("certificate_expiring", "=", True), ("id", "=", self.officer_b.id)]))
        with freeze_time("2026-04-01"):   # expired: no longer "expiring", the acts are flagged instead
            self.assertFalse(Officer.search([("certificate_expiring", "=", True), ("id", "=", self.officer_b.id)]))

    def test_training_hours_are_summed_per_year(self):
        self.officer_a.training_ids = [(0, 0, {"name": "行政处罚法", "date": "2026-03-01", "hours": 16}),
                                       (0, 0, {"name": "执法规范", "date": "2026-05-01", "hours": 8}),
                                       (0, 0, {"name": "旧课程", "date": "2025-05-01", "hours": 8})]
        self.assertEqual(self.officer_a.training_hours(2026), 24)
        with freeze_time("2026-06-01"):
            self.officer_a.invalidate_recordset(["training_hours_year"])
            self.assertEqual(self.officer_a.training_hours_year, 24)
        with self.assertRaises(ValidationError):
            self.officer_a.training_ids = [(0, 0, {"name": "x", "date": "2026-01-01", "hours": 0})]

    def test_a_certificate_cannot_expire_before_it_is_issued(self):
        with self.assertRaises(ValidationError):
            self.officer_a.write({"certificate_issue_date": "2027-01-01", "certificate_expiry_date": "2026-01-01"})


class TestRiskWeights(JianduCommon):

    def test_agencies_corrected_in_reconsideration_weigh_more_in_the_draw(self):
        case = self.env["fuyi.reconsideration"].create({"date_received": "2025-10-09", "agency_id": self.market.id})
        case.write({"decision_type": "revoke"})
        for _n in range(2):
            self.new_file(self.market)
            self.new_file(self.environment)
        campaign = self.new_campaign(sampling_method="risk", sample_rate=0.5)
        self.assertEqual(campaign._agency_risk(self.market | self.environment)[self.market.id][0], 1)
        campaign.action_draw_sample()
        log = json.loads(campaign.draw_log)
        self.assertEqual(log["weights"][str(self.market.id)], 2.0)
        self.assertEqual(log["weights"][str(self.environment.id)], 1.0)
        self.assertTrue(campaign.verify_sample())
