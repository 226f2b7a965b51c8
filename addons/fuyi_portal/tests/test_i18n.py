"""Everything fuyi_portal shows its users has a Simplified Chinese translation in i18n/zh_CN.po."""
import os

from flectra.addons.fuyi_case.tests.translations import AddonTranslationChecks
from flectra.tests import TransactionCase


class TestTranslations(AddonTranslationChecks, TransactionCase):

    MODULE = "fuyi_portal"
    ADDON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    MIN_CODE_MESSAGES = 40
    EXPECTED_LABELS = ("Consents to electronic service", "SMS code requests over the limit")

    def test_dynamic_messages_are_translated(self):
        """Strings translated through a constant: applicant kinds and the consent wording."""
        from ..models.fuyi_portal_application import APPLICANT_KINDS, CONSENT_WORDING
        self.assertTranslated({label: "APPLICANT_KINDS" for _key, label in APPLICANT_KINDS})
        self.assertTranslated({CONSENT_WORDING: "CONSENT_WORDING"})

    def test_portal_answers_in_chinese(self):
        options = self.env["fuyi.portal.application"].sudo()._portal_form_options()
        self.assertIn(("person", "自然人"), options["applicant_kinds"])
        answer = self.env["fuyi.portal.otp"].sudo()._portal_send_code("12345", "198.51.100.1")
        self.assertEqual(answer, {"ok": False, "message": "请填写中国大陆手机号码：以13至19开头的11位数字。"})
