import os

from flectra.tests import TransactionCase
from flectra.tools import convert_file

from ..models.yingsu_demo import DEMO_AS_OF

ADDONS = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class TestDemo(TransactionCase):
    """The demo county year of litigation (loaded with --demo after fuyi_case's demo)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for module, path in (("fuyi_case", "demo/fuyi_case_demo.xml"), ("yingsu", "demo/yingsu_demo.xml")):
            convert_file(cls.env, module, path, {}, mode="init", noupdate=True, kind="demo",
                         pathname=os.path.join(ADDONS, module, path))
        cls.lawsuit_ids = cls.env["ir.model.data"].search([
            ("module", "=", "yingsu"), ("model", "=", "yingsu.lawsuit"),
            ("name", "=like", "yingsu_lawsuit_%_demo")]).mapped("res_id")

    def setUp(self):
        super().setUp()
        self.lawsuits = self.env["yingsu.lawsuit"].browse(self.lawsuit_ids)

    def test_about_forty_lawsuits_over_eight_agencies_some_from_reconsideration(self):
        self.assertEqual(len(self.lawsuits), 40)
        self.assertGreaterEqual(len(self.lawsuits.mapped("agency_id")), 8)
        from_reconsideration = self.lawsuits.filtered("reconsideration_id")
        self.assertTrue(from_reconsideration)
        for lawsuit in from_reconsideration:
            roles = lawsuit.party_ids.mapped("role")
            self.assertIn("co_defendant", roles, lawsuit.name)
        self.assertTrue(all(l.court_case_number and l.date_received < DEMO_AS_OF for l in self.lawsuits))

    def test_rates_come_out_of_the_recorded_data(self):
        appearances = self.env["yingsu.appearance"].search([("lawsuit_id", "in", self.lawsuit_ids)])
        recorded = appearances.filtered(lambda a: a.state == "recorded")
        self.assertTrue(recorded)
        expected = round(100.0 * len(recorded.filtered("head_appeared")) / len(recorded), 1)
        self.assertEqual(self.env["yingsu.appearance"].appearance_rate([("lawsuit_id", "in", self.lawsuit_ids)]),
                         expected)
        self.assertTrue(set(recorded.mapped("result")) >= {"head", "staff"})
        judgments = self.env["yingsu.judgment"].search([("lawsuit_id", "in", self.lawsuit_ids)])
        self.assertTrue(judgments.filtered("lost") and judgments.filtered(lambda j: not j.lost))
        self.assertTrue(self.env["yingsu.suggestion"].search_count([]))
        self.assertTrue(self.env["yingsu.joint.meeting"].search_count([]))

    def test_generator_is_idempotent(self):
        self.assertEqual(self.env["yingsu.lawsuit"].action_generate_demo_lawsuits(), [])
