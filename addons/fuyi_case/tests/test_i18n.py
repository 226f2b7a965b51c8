import ast
import os
import re

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from flectra.tests import TransactionCase

from ..tools.reconsideration_flow import TRANSITIONS

ADDON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PO_FILE = os.path.join(ADDON_DIR, "i18n", "zh_CN.po")
MODULE = "fuyi_case"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdr]")


def code_msgids():
    """Every literal ``_()`` argument in the addon's Python files (tests excepted), with where it is."""
    found = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
            ADDON_DIR, method_map=[("**.py", "python")], keywords={"_": None}, comment_tags=()):
        if filename.startswith("tests" + os.sep) or not message:
            continue
        msgid = message if isinstance(message, str) else message[0]
        found.setdefault(msgid, filename)
    return found


def dynamic_msgids():
    """Strings translated through a variable: the action names of ``FuyiReconsideration._transition``."""
    return {action.replace("_", " "): "models/fuyi_reconsideration.py" for action in TRANSITIONS}


def registry_msgids(env):
    """Labels the user reads from fuyi_case's models: descriptions, field strings and helps,
    selection labels and SQL constraint messages (fields of other addons excepted)."""
    found = {}
    for model_name in sorted(env.registry.models if hasattr(env.registry, "models") else env.registry):
        model = env[model_name]
        # the addon's own classes (the registry's composed class also carries the last module's name)
        classes = [cls for cls in type(model).__mro__ if getattr(cls, "_module", None) == MODULE
                   and cls.__module__.startswith("flectra.addons.%s." % MODULE)]
        fields = [f for f in model._fields.values() if f._module == MODULE and not f.inherited]
        if not classes and not fields:
            continue
        found.setdefault(model._description, "%s (description)" % model_name)
        for cls in classes:
            # the class's own constraints only (an _inherit class would otherwise repeat the base's)
            for _name, _definition, message in cls.__dict__.get("_sql_constraints") or ():
                found.setdefault(message, "%s (constraint)" % model_name)
        for field in fields:
            where = "%s.%s" % (model_name, field.name)
            found.setdefault(field.string, where)
            if field.help:
                found.setdefault(field.help, where + " (help)")
            # a related selection shows its source's labels: checked on the source field
            if field.type == "selection" and isinstance(field.selection, list) and not getattr(field, "related", None):
                added = foreign_selection_keys(model, field.name)
                for key, label in field.selection:
                    if key not in added:
                        found.setdefault(label, where + " (selection)")
    return found


def foreign_selection_keys(model, field_name):
    """Selection values another addon adds with ``selection_add``: translated by that addon's catalogue."""
    keys = set()
    for cls in type(model).__mro__:
        module = getattr(cls, "__module__", "") or ""
        if not module.startswith("flectra.addons.") or module.startswith("flectra.addons.%s." % MODULE):
            continue
        definition = vars(cls).get(field_name)
        for item in (getattr(definition, "args", None) or {}).get("selection_add") or ():
            keys.add(item[0])
    return keys


def po_msgids(path):
    """Every msgid written in the file, duplicates included (Babel keeps only the first)."""
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
    """Everything fuyi_case shows its users has a Simplified Chinese translation in i18n/zh_CN.po."""

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
        """A new _() message without a translation fails here: add it to i18n/zh_CN.po."""
        msgids = code_msgids()
        self.assertGreater(len(msgids), 50)
        self.assertTranslated(msgids)

    def test_every_action_name_shown_in_refusals_is_translated(self):
        self.assertTranslated(dynamic_msgids())

    def test_every_model_field_and_selection_label_is_translated(self):
        """Field strings (also the defaults made from field names), helps, selection labels,
        model descriptions and constraint messages of every fuyi_case model."""
        msgids = registry_msgids(self.env)
        self.assertIn("Legal Basis", msgids)        # a default label, from legal_basis
        self.assertIn("Uphold (维持)", msgids)
        self.assertTranslated(msgids)

    def test_placeholders_of_a_translation_are_those_of_its_source(self):
        wrong = ["%r -> %r" % (msgid, msgstr) for msgid, msgstr in self.catalog.items()
                 if msgstr and sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(msgstr))]
        self.assertFalse(wrong, "Placeholders differ:\n" + "\n".join(wrong))

    def test_each_message_is_in_the_file_once(self):
        """Babel keeps the first of two entries silently: a second translation would never be used."""
        msgids = po_msgids(PO_FILE)
        duplicates = sorted({msgid for msgid in msgids if msgids.count(msgid) > 1})
        self.assertFalse(duplicates, "Entries appear twice in i18n/zh_CN.po: %s" % duplicates)

    def test_translated_labels_reach_the_client(self):
        Reconsideration = self.env["fuyi.reconsideration"].with_context(lang="zh_CN")
        description = Reconsideration.fields_get(["state", "decision_type"])
        self.assertEqual(description["state"]["string"], "状态")
        self.assertIn(("uphold", "维持"), [tuple(item) for item in description["decision_type"]["selection"]])
