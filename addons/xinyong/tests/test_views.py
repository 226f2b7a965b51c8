from flectra.exceptions import AccessError

from .common import XinyongCommon


class TestViewsAndDialogs(XinyongCommon):

    def test_every_view_combines(self):
        views = self.env["ir.ui.view"].search([("model", "like", "xinyong.")])
        self.assertTrue({"xinyong.default.record", "xinyong.promise", "xinyong.obligation", "xinyong.outbox",
                         "xinyong.repair", "xinyong.default.record.verify"} <= set(views.mapped("model")))
        for view in views:
            self.assertTrue(view.get_combined_arch())
        types = set(views.filtered(lambda v: v.model == "xinyong.obligation").mapped("type"))
        self.assertTrue({"graph", "pivot"} <= types)

    def test_menus_in_chinese_office_sees_the_console_body_does_not(self):
        office = str(self.env["ir.ui.menu"].with_user(self.office).with_context(lang="zh_CN").load_menus())
        self.assertIn("政务诚信", office)
        self.assertIn("数据交换", office)
        body = str(self.env["ir.ui.menu"].with_user(self.liaison).with_context(lang="zh_CN").load_menus())
        self.assertIn("失信记录", body)
        self.assertNotIn("数据交换", body)

    def test_dialogs_verify_and_approve(self):
        record = self.new_record().with_user(self.office)
        record.action_forward_for_verification(date="2026-04-02")
        action = record.action_open_verify()
        self.assertEqual(action["res_model"], "xinyong.default.record.verify")
        step = self.env["xinyong.default.record.verify"].with_user(self.office).with_context(
            action["context"]).create({"verified_true": True, "result": "属实", "date": "2026-04-03",
                                       "rectification_due": "2026-04-08"})
        step.action_confirm()
        self.assertEqual(record.state, "rectification")
        record.write({"refusal_reason": "restructuring"})
        record.action_refuse_rectification()
        with self.assertRaises(AccessError):
            self.env["xinyong.default.record.approve"].with_user(self.office).create(
                {"record_id": record.id, "number": "X"})
        approve = self.env["xinyong.default.record.approve"].with_user(self.manager).create(
            {"record_id": record.id, "number": "县发改信〔2026〕9号", "date": "2026-04-10"})
        approve.action_confirm()
        self.assertEqual(record.state, "determined")

    def test_correction_dialog_makes_a_new_version(self):
        record = self.determine(self.new_record()).with_user(self.office)
        action = record.action_open_correct()
        dialog = self.env["xinyong.default.record.correct"].with_user(self.office).with_context(
            action["context"]).create({"amount": 900000.0, "reason": "金额录入错误"})
        self.assertEqual((dialog.source_reference, dialog.amount), (record.source_reference, 900000.0))
        dialog.action_confirm()
        self.assertEqual((record.current_version, record.amount), (2, 900000.0))
        self.assertEqual(record.version_ids[-1].status, "corrected")
