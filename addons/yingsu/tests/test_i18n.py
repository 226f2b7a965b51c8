import os

from flectra.addons.fuyi_case.tests.translations import AddonTranslationChecks
from flectra.tests import TransactionCase

from ..tools import litigation


def dynamic_msgids():
    """Strings translated through a variable: why tools/litigation.py refuses a court case number."""
    return {message: "tools/litigation.py" for message in litigation.CASE_NUMBER_MESSAGES}


class TestTranslations(AddonTranslationChecks, TransactionCase):
    """Everything yingsu shows its users has a Simplified Chinese translation in i18n/zh_CN.po."""

    MODULE = "yingsu"
    ADDON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    MIN_CODE_MESSAGES = 40
    EXPECTED_LABELS = ("Court case number", "Only a lawyer appeared")

    def test_every_case_number_error_is_translated(self):
        self.assertTranslated(dynamic_msgids())

    def test_translated_labels_reach_the_client(self):
        Appearance = self.env["yingsu.appearance"].with_context(lang="zh_CN")
        description = Appearance.fields_get(["state", "result"])
        self.assertEqual(description["state"]["string"], "状态")
        self.assertIn(("head", "负责人出庭"), [tuple(item) for item in description["result"]["selection"]])
