from flectra.tests import BaseCase

from ..tools.redaction import redact, residual_personal_data


class TestRedaction(BaseCase):

    TEXT = ("申请人张三（身份证号110101197001010008，电话13812341234，住某市某县人民路12号3单元501室，"
            "开户账号6222020200112233445）不服县市场监督管理局作出的罚款决定。")

    def test_personal_data_is_removed_and_agencies_kept(self):
        redacted, found = redact(self.TEXT, ["张三"])
        for secret in ("110101197001010008", "13812341234", "6222020200112233445", "人民路12号", "张三"):
            self.assertNotIn(secret, redacted)
        self.assertIn("县市场监督管理局", redacted)
        self.assertIn("张*", redacted)
        self.assertEqual({kind for kind, _v in found}, {"id_number", "phone", "bank", "address", "name"})

    def test_a_clean_text_has_no_residue(self):
        redacted, _found = redact(self.TEXT, ["张三"])
        self.assertEqual(residual_personal_data(redacted, ["张三"]), [])

    def test_landline_numbers(self):
        redacted, _found = redact("联系电话0571-87654321。", [])
        self.assertNotIn("87654321", redacted)
