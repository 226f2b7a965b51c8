import base64

from flectra.exceptions import UserError, ValidationError
from flectra.tests import tagged

from .common import YingsuCommon

PDF = base64.b64encode(b"%PDF-1.4 sealed").decode()


@tagged("standard", "at_install")
class TestHeadNotice(YingsuCommon):
    """The head acts from the notice: confirms, designates staff with the power of attorney, or gives the
    reason for absence with its proof, through the notice's dialogs and as the head user."""

    def setUp(self):
        super().setUp()
        self.appearance = self.new_appearance(self.new_lawsuit(date_received="2026-01-10"))
        self.appearance.action_notify_head()
        self.as_head = self.appearance.with_user(self.head_user)

    def wizard(self, model, **values):
        action = getattr(self.as_head, "action_open_%s" % model.split(".")[-1])()
        self.assertEqual(action["target"], "new")
        Wizard = self.env[model].with_user(self.head_user).with_context(**action["context"])
        return Wizard.create(values)

    def test_head_confirms_in_person(self):
        self.as_head.action_confirm_self()
        self.assertEqual((self.appearance.designee_id, self.appearance.designee_kind), (self.head, "head"))
        self.assertFalse(self.appearance.activity_ids.filtered(lambda a: a.user_id == self.head_user))

    def test_someone_else_cannot_confirm_as_head(self):
        with self.assertRaises(UserError):
            self.appearance.with_user(self.liaison).action_confirm_self()

    def test_absence_with_proof_then_staff_with_power_of_attorney(self):
        self.wizard("yingsu.appearance.absence", reason="irreplaceable_duty", reason_text="出席省政府会议",
                    proof_file=PDF, proof_file_name="会议通知.pdf").action_confirm()
        self.assertTrue(self.appearance.absence_accepted)
        self.assertEqual(self.appearance.absence_proof_ids.mapped("name"), ["会议通知.pdf"])
        self.wizard("yingsu.appearance.designate", designee_kind="staff", staff_name="钱科长", position="法制科科长",
                    attorney_file=PDF, attorney_file_name="授权委托书.pdf").action_confirm()
        self.assertEqual(self.appearance.designee_id.name, "钱科长")
        self.assertEqual(self.appearance.state, "designated")

    def test_designating_a_non_head_as_head_leaves_nothing_behind(self):
        before = self.env["ir.attachment"].search_count([("res_model", "=", "yingsu.appearance")])
        with self.assertRaises(ValidationError):
            self.wizard("yingsu.appearance.designate", designee_kind="head", designee_id=self.staff.id,
                        attorney_file=PDF, attorney_file_name="x.pdf").action_confirm()
        self.assertFalse(self.appearance.designee_id)
        self.assertEqual(self.env["ir.attachment"].search_count([("res_model", "=", "yingsu.appearance")]), before)
