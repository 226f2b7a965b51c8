"""Everything jiandu shows its users has a Simplified Chinese translation in i18n/zh_CN.po
(view strings, menus and actions are checked for every product addon in tests/web)."""
import ast
import os
import re

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from flectra.tests import TransactionCase

ADDON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PO_FILE = os.path.join(ADDON_DIR, "i18n", "zh_CN.po")
MODULE = "jiandu"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdr]")


def code_msgids():
    """Every literal ``_()`` argument in the addon's Python files (tests excepted)."""
    found = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
            ADDON_DIR, method_map=[("**.py", "python")], keywords={"_": None}, comment_tags=()):
        if filename.startswith("tests" + os.sep) or not message:
            continue
        found.setdefault(message if isinstance(message, str) else message[0], filename)
    return found


def registry_msgids(env):
    """Descriptions, field strings and helps, selection labels and constraint messages of jiandu's fields."""
    found = {}
    for model_name in sorted(env.registry.models if hasattr(env.registry, "models") else env.registry):
        model = env[model_name]
        classes = [cls for cls in type(model).__mro__ if getattr(cls, "_module", None) == MODULE]
        fields = [f for f in model._fields.values() if f._module == MODULE and not f.inherited]
        if not classes and not fields:
            continue
        if model_name.startswith("jiandu."):
            found.setdefault(model._description, "%s (description)" % model_name)
        for cls in classes:
            for _name, _definition, message in getattr(cls, "_sql_constraints", None) or ():
                found.setdefault(message, "%s (constraint)" % model_name)
        for field in fields:
            where = "%s.%s" % (model_name, field.name)
            found.setdefault(field.string, where)
            if field.help:
                found.setdefault(field.help, where + " (help)")
            if field.type == "selection" and isinstance(field.selection, list):
                for _key, label in field.selection:
                    found.setdefault(label, where + " (selection)")
    return found


def po_msgids(path):
    msgids, current, in_msgid = [], None, False
    with open(path, encoding="utf-8") as po:
        for line in po:
            line = line.strip()
            if line.startswith("msgid "):
                current, in_msgid = ast.literal_eval(line[6:]), True
            elif line.startswith('"') and in_msgid:
                current += ast.literal_eval(line)
            elif line.startswith("msgstr"):
                if current:
                    msgids.append(current)
                current, in_msgid = None, False
    return msgids


class TestTranslations(TransactionCase):

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
        self.assertGreater(len(msgids), 40)
        self.assertTranslated(msgids)

    def test_every_model_field_and_selection_label_is_translated(self):
        msgids = registry_msgids(self.env)
        self.assertIn("Veto item", msgids)
        self.assertTranslated(msgids)

    def test_placeholders_of_a_translation_are_those_of_its_source(self):
        wrong = ["%r -> %r" % (msgid, msgstr) for msgid, msgstr in self.catalog.items()
                 if msgstr and sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(msgstr))]
        self.assertFalse(wrong, "Placeholders differ:\n" + "\n".join(wrong))

    def test_each_message_is_in_the_file_once(self):
        msgids = po_msgids(PO_FILE)
        duplicates = sorted({msgid for msgid in msgids if msgids.count(msgid) > 1})
        self.assertFalse(duplicates, "Entries appear twice in i18n/zh_CN.po: %s" % duplicates)

    def test_translated_labels_reach_the_client(self):
        description = self.env["jiandu.review.line"].with_context(lang="zh_CN").fields_get(["veto_failed"])
        self.assertEqual(description["veto_failed"]["string"], "否决项不符合")
