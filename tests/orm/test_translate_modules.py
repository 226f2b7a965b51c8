"""Per-addon catalogues: a term is translated by the addon it comes from, the merged catalogue
(first addon loaded wins) is the fallback."""
import uuid

from lxml import etree

from fazhi.orm import translate


def _po(tmp_path, addon, pairs):
    folder = tmp_path / addon / "i18n"
    folder.mkdir(parents=True)
    body = "".join('msgid "%s"\nmsgstr "%s"\n\n' % pair for pair in pairs)
    (folder / "zh_CN.po").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + body,
                                     encoding="utf-8")
    return str(folder / "zh_CN.po")


def test_lookup_by_addon_with_the_merged_fallback(tmp_path):
    word, only_b = "Recipient %s" % uuid.uuid4().hex, "Only b %s" % uuid.uuid4().hex
    translate.load_po(_po(tmp_path, "addon_a", [(word, "受送达人")]), "zh_CN")
    translate.load_po(_po(tmp_path, "addon_b", [(word, "接收人"), (only_b, "仅乙")]), "zh_CN")
    assert translate.lookup(word, "zh_CN", "addon_a") == "受送达人"
    assert translate.lookup(word, "zh_CN", "addon_b") == "接收人"
    assert translate.lookup(word, "zh_CN") == "受送达人"                 # first loaded wins
    assert translate.lookup(only_b, "zh_CN", "addon_a") == "仅乙"        # not in a: the fallback
    assert translate.lookup(word, "en_US", "addon_b") == word
    assert translate.translate_module("addon_b", word + " %(n)s", "zh_CN", n=1) == word + " 1"


def test_module_of_python_names():
    assert translate.module_of("flectra.addons.fuyi_case.models.fuyi_service") == "fuyi_case"
    assert translate.module_of("odoo.addons.sms") == "sms"
    assert translate.module_of("fazhi.orm.models") is None
    assert translate.module_of(None) is None


def test_arch_nodes_by_their_marked_addon(tmp_path):
    word = "Status %s" % uuid.uuid4().hex
    translate.load_po(_po(tmp_path, "addon_c", [(word, "状态丙")]), "zh_CN")
    translate.load_po(_po(tmp_path, "addon_d", [(word, "状态丁")]), "zh_CN")
    attr = translate.MODULE_ATTRIBUTE
    root = etree.fromstring(
        '<form %s="addon_c"><group string="%s" %s="addon_c"><field name="x" string="%s" %s="addon_d"/>'
        '%s</group></form>' % (attr, word, attr, word, attr, word))
    translate.translate_arch(root, "zh_CN")
    group, field = root[0], root[0][0]
    assert group.get("string") == "状态丙" and field.get("string") == "状态丁"
    assert field.tail == "状态丙"                       # a tail is its parent's text
    assert attr not in etree.tostring(root, encoding="unicode")
    plain = etree.fromstring('<form %s="addon_d"><label string="x"/></form>' % attr)
    translate.translate_arch(plain, None)               # no language: only the markers go
    assert attr not in etree.tostring(plain, encoding="unicode")
