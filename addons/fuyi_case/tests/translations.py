"""The translation-completeness checks every product addon runs on its own catalogue.

An addon's test module declares ``class TestTranslations(AddonTranslationChecks, TransactionCase)``
with ``MODULE`` and ``ADDON_DIR``; the mixin is no TestCase, so only the addons' classes run.
"""
import ast
import os
import re

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

PLACEHOLDER = re.compile(r"%\((\w+)\)[sdr]")


def code_msgids(addon_dir):
    """Every literal ``_()`` argument in the addon's Python files (tests excepted), with where it is."""
    found = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
            addon_dir, method_map=[("**.py", "python")], keywords={"_": None}, comment_tags=()):
        if filename.startswith("tests" + os.sep) or not message:
            continue
        found.setdefault(message if isinstance(message, str) else message[0], filename)
    return found


def foreign_selection_keys(model, field_name, module):
    """Selection values another addon adds with ``selection_add``: translated by that addon's catalogue."""
    keys = set()
    for cls in type(model).__mro__:
        source = getattr(cls, "__module__", "") or ""
        if not source.startswith("flectra.addons.") or source.startswith("flectra.addons.%s." % module):
            continue
        definition = vars(cls).get(field_name)
        for item in (getattr(definition, "args", None) or {}).get("selection_add") or ():
            keys.add(item[0])
    return keys


def registry_msgids(env, module):
    """Labels the user reads from ``module``'s models: descriptions, field strings and helps, selection
    labels and SQL constraint messages (what other addons add to the same models excepted)."""
    found = {}
    for model_name in sorted(env.registry.models if hasattr(env.registry, "models") else env.registry):
        model = env[model_name]
        # the addon's own classes (the registry's composed class also carries the last module's name)
        classes = [cls for cls in type(model).__mro__ if getattr(cls, "_module", None) == module
                   and cls.__module__.startswith("flectra.addons.%s." % module)]
        fields = [f for f in model._fields.values() if f._module == module and not f.inherited]
        if not classes and not fields:
            continue
        if any(getattr(cls, "_name", None) == model_name and "_name" in vars(cls) for cls in classes):
            found.setdefault(model._description, "%s (description)" % model_name)
        for cls in classes:
            # the class's own constraints only (an _inherit class would otherwise repeat the base's)
            for _name, _definition, message in vars(cls).get("_sql_constraints") or ():
                found.setdefault(message, "%s (constraint)" % model_name)
            # values this addon adds to another addon's selection are translated here
            for name, definition in vars(cls).items():
                for item in (getattr(definition, "args", None) or {}).get("selection_add") or ():
                    if len(item) > 1 and item[1]:
                        found.setdefault(item[1], "%s.%s (selection added)" % (model_name, name))
        for field in fields:
            where = "%s.%s" % (model_name, field.name)
            found.setdefault(field.string, where)
            if field.help:
                found.setdefault(field.help, where + " (help)")
            # a related selection shows its source's labels: checked on the source field
            if field.type == "selection" and isinstance(field.selection, list) and not getattr(field, "related", None):
                added = foreign_selection_keys(model, field.name, module)
                for key, label in field.selection:
                    if key not in added:
                        found.setdefault(label, where + " (selection)")
    return found


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


class AddonTranslationChecks:
    """Everything the addon shows its users has a Simplified Chinese translation in i18n/zh_CN.po."""

    MODULE = None           #: the addon's technical name
    ADDON_DIR = None        #: its directory
    MIN_CODE_MESSAGES = 10  #: a floor, so that a broken extraction cannot pass as "all translated"
    EXPECTED_LABELS = ()    #: labels that must be among the registry's (the check really ran)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.po_file = os.path.join(cls.ADDON_DIR, "i18n", "zh_CN.po")
        with open(cls.po_file, "rb") as po:
            cls.catalog = {message.id: message.string for message in read_po(po) if message.id}

    def assertTranslated(self, msgids):
        missing = sorted("%s: %r" % (where, msgid) for msgid, where in msgids.items()
                         if not (self.catalog.get(msgid) or "").strip())
        self.assertFalse(missing, "No zh_CN translation in %s/i18n/zh_CN.po for:\n%s"
                         % (self.MODULE, "\n".join(missing)))

    def test_every_code_message_is_translated(self):
        """A new _() message without a translation fails here: add it to i18n/zh_CN.po."""
        msgids = code_msgids(self.ADDON_DIR)
        self.assertGreater(len(msgids), self.MIN_CODE_MESSAGES)
        self.assertTranslated(msgids)

    def test_every_model_field_and_selection_label_is_translated(self):
        """Field strings (also the defaults made from field names), helps, selection labels,
        model descriptions and constraint messages of every model of the addon."""
        msgids = registry_msgids(self.env, self.MODULE)
        for label in self.EXPECTED_LABELS:
            self.assertIn(label, msgids)
        self.assertTranslated(msgids)

    def test_placeholders_of_a_translation_are_those_of_its_source(self):
        wrong = ["%r -> %r" % (msgid, msgstr) for msgid, msgstr in self.catalog.items()
                 if msgstr and sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(msgstr))]
        self.assertFalse(wrong, "Placeholders differ:\n" + "\n".join(wrong))

    def test_each_message_is_in_the_file_once(self):
        """Babel keeps the first of two entries silently: a second translation would never be used."""
        msgids = po_msgids(self.po_file)
        duplicates = sorted({msgid for msgid in msgids if msgids.count(msgid) > 1})
        self.assertFalse(duplicates, "Entries appear twice in i18n/zh_CN.po: %s" % duplicates)
