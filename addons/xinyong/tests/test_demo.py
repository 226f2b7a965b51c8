from flectra.tests import TransactionCase



class TestDemo(TransactionCase):
    """The demo county's integrity data loads through the workflow (as --demo loads it) and is idempotent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        from flectra.tools import convert_file
        for module, path in (("fuyi_case", "demo/fuyi_case_demo.xml"), ("xinyong", "demo/xinyong_demo.xml")):
            convert_file(cls.env, module, path, {}, mode="init", noupdate=True, kind="demo")

    def test_demo_records_in_every_state(self):
        Data = self.env["ir.model.data"]
        ids = Data.search([("module", "=", "xinyong"), ("name", "=like", "xinyong_default_record_%_demo")]).mapped(
            "res_id")
        records = self.env["xinyong.default.record"].browse(ids)
        self.assertEqual(set(records.mapped("state")), {"determined", "repaired", "verifying", "rectification",
                                                        "untrue"})
        determined = records.filtered(lambda r: r.state == "determined")
        self.assertEqual(determined.outbox_ids.state, "queued")
        repaired = records.filtered(lambda r: r.state == "repaired")
        self.assertEqual(repaired.version_ids.mapped("status"), ["determined", "repaired"])
        overdue = self.env["xinyong.obligation"].search([("warning_level", "=", "overdue"),
                                                         ("promise_id.source_reference", "=", "AHJS-2025-017")])
        self.assertTrue(overdue and overdue[0].accrued_interest > 0)
        self.assertEqual(self.env["xinyong.default.record"].action_generate_demo(), [])
