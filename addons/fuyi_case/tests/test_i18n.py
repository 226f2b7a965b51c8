import os

from flectra.tests import TransactionCase

from ..tools.reconsideration_flow import TRANSITIONS
from .translations import AddonTranslationChecks


def dynamic_msgids():
    """Strings translated through a variable: the action names of ``FuyiReconsideration._transition``."""
    return {action.replace("_", " "): "models/fuyi_reconsideration.py" for action in TRANSITIONS}


class TestTranslations(AddonTranslationChecks, TransactionCase):
    """Everything fuyi_case shows its users has a Simplified Chinese translation in i18n/zh_CN.po."""

    MODULE = "fuyi_case"
    ADDON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    MIN_CODE_MESSAGES = 50
    EXPECTED_LABELS = ("Legal Basis", "Uphold (维持)")   # a default label (from legal_basis), a selection

    def test_every_action_name_shown_in_refusals_is_translated(self):
        self.assertTranslated(dynamic_msgids())

    def test_translated_labels_reach_the_client(self):
        Reconsideration = self.env["fuyi.reconsideration"].with_context(lang="zh_CN")
        description = Reconsideration.fields_get(["state", "decision_type"])
        self.assertEqual(description["state"]["string"], "状态")
        self.assertIn(("uphold", "维持"), [tuple(item) for item in description["decision_type"]["selection"]])
