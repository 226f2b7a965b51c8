"""Everything jiandu shows its users has a Simplified Chinese translation in i18n/zh_CN.po
(view strings, menus and actions are checked for every product addon in tests/web)."""
import os

from flectra.addons.fuyi_case.tests.translations import AddonTranslationChecks
from flectra.tests import TransactionCase


class TestTranslations(AddonTranslationChecks, TransactionCase):

    MODULE = "jiandu"
    ADDON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    MIN_CODE_MESSAGES = 40
    EXPECTED_LABELS = ("Veto item",)

    def test_translated_labels_reach_the_client(self):
        description = self.env["jiandu.review.line"].with_context(lang="zh_CN").fields_get(["veto_failed"])
        self.assertEqual(description["veto_failed"]["string"], "否决项不符合")
