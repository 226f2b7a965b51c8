import os
import re

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from flectra.tests import TransactionCase

ADDON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PO_FILE = os.path.join(ADDON_DIR, "i18n", "zh_CN.po")
MODULE = "xinyong"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdr]")


def code_msgids():
    found = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
            ADDON_DIR, method_map=[("**.py", "python")], keywords={"_": None}, comment_tags=()):
        if filename.startswith("tests" + os.sep) or not message:
            continue
        found.setdefault(message if isinstance(message, str) else message[0], filename)
    return found


def registry_msgids(env):
    found = {}
    for model_name in sorted(env.registry.models if hasattr(env.registry, "models") else env.registry):
        model = env[model_name]
        classes = [cls for cls in type(model).__mro__ if getattr(cls, "_module", None) == MODULE
                   and cls.__module__.startswith("flectra.addons.%s." % MODULE)]
        fields = [f for f in model._fields.values() if f._module == MODULE and not f.inherited]
        if not classes and not fields:
            continue
        if model_name.startswith("xinyong."):
            found.setdefault(model._description, "%s (description)" % model_name)
        for cls in classes:
            for _name, _definition, message in cls.__dict__.get("_sql_constraints") or ():
                found.setdefault(message, "%s (constraint)" % model_name)
        for field in fields:
            where = "%s.%s" % (model_name, field.name)
            found.setdefault(field.string, where)
            if field.help:
                found.setdefault(field.help, where + " (help)")
            if field.type == "selection" and isinstance(field.selection, list) and not getattr(field, "related", None):
                for _key, label in field.selection:
                    found.setdefault(label, where + " (selection)")
        for cls in classes:
            definition = vars(cls).get("case_type")
            for _key, label in (getattr(definition, "args", None) or {}).get("selection_add") or ():
                found.setdefault(label, "%s.case_type (selection_add)" % model_name)
    return found


def view_msgids(env):
    """string= and name= attributes of the addon's views and menus (what the screens show)."""
    found = {}
    Data = env["ir.model.data"].sudo()
    for data in Data.search([("module", "=", MODULE), ("model", "in", ("ir.ui.view", "ir.ui.menu",
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


class TestTranslations(TransactionCase):
    """Everything xinyong shows its users has a Simplified Chinese translation in i18n/zh_CN.po."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with open(PO_FILE, "rb") as po:
            cls.catalog = {message.id: message.string for message in read_po(po) if message.id}

    def assertTranslated(self, msgids):
        missing = sorted("%s: %r" % (where, msgid) for msgid, where in msgids.items()
                         if not (self.catalog.get(msgid) or "").strip())
        self.assertFalse(missing, "No zh_CN translation in i18n/zh_CN.po for:\n" + "\n".join(missing))

    def test_every_code_message_is_translated(self):
        msgids = code_msgids()
        self.assertGreater(len(msgids), 20)
        self.assertTranslated(msgids)

    def test_every_model_field_and_selection_label_is_translated(self):
        msgids = registry_msgids(self.env)
        self.assertIn("Government default record", msgids)
        self.assertTranslated(msgids)

    def test_every_view_and_menu_label_is_translated(self):
        msgids = view_msgids(self.env)
        self.assertIn("Exchange console", msgids)
        self.assertTranslated(msgids)

    def test_placeholders_of_a_translation_are_those_of_its_source(self):
        wrong = ["%r -> %r" % (msgid, msgstr) for msgid, msgstr in self.catalog.items()
                 if msgstr and sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(msgstr))]
        self.assertFalse(wrong, "Placeholders differ:\n" + "\n".join(wrong))

    def test_labels_reach_the_client_in_chinese(self):
        description = self.env["xinyong.default.record"].with_context(lang="zh_CN").fields_get(["state"])
        self.assertIn(("determined", "已认定失信"), [tuple(item) for item in description["state"]["selection"]])
