import os
import re

from flectra.addons.fuyi_case.tests.translations import AddonTranslationChecks
from flectra.tests import TransactionCase


def view_msgids(env):
    """string= and name= attributes of the addon's views and menus (what the screens show)."""
    found = {}
    Data = env["ir.model.data"].sudo()
    for data in Data.search([("module", "=", "xinyong"), ("model", "in", ("ir.ui.view", "ir.ui.menu",
                                                                        "ir.actions.act_window"))]):
        record = env[data.model].browse(data.res_id)
        if data.model == "ir.ui.view":
            for text in re.findall(r'\b(?:string|placeholder)="([^"]+)"', record.arch or ""):
                found.setdefault(text, data.name)
            for text in re.findall(r'role="(?:alert|status)">([^<]+)<', record.arch or ""):
                found.setdefault(text.strip(), data.name)
        else:
            found.setdefault(record.with_context(lang="en_US").name, data.name)
    return found


class TestTranslations(AddonTranslationChecks, TransactionCase):
    """Everything xinyong shows its users has a Simplified Chinese translation in i18n/zh_CN.po."""

    MODULE = "xinyong"
    ADDON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    MIN_CODE_MESSAGES = 20
    EXPECTED_LABELS = ("Government default record",)

    def test_every_view_and_menu_label_is_translated(self):
        msgids = view_msgids(self.env)
        self.assertIn("Exchange console", msgids)
        self.assertTranslated(msgids)

    def test_labels_reach_the_client_in_chinese(self):
        description = self.env["xinyong.default.record"].with_context(lang="zh_CN").fields_get(["state"])
        self.assertIn(("determined", "已认定失信"), [tuple(item) for item in description["state"]["selection"]])
