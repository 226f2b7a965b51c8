"""Every view string of the product addons has a zh_CN translation, so a clerk never sees
English in a view (text nodes and the string/help/placeholder/title/confirm/sum attributes);
and menus and window actions are translated too."""
import re

import pytest
from lxml import etree

from fazhi.orm.translate import arch_terms, lookup

PRODUCT_ADDONS = ("fuyi_case", "yingsu", "jiandu", "xinyong")
_NEEDS_NO_TRANSLATION = re.compile(r"^[\W\d_]*$|[\u4e00-\u9fff]")   # punctuation/numbers, or already Chinese


def _records(env, model):
    data = env["ir.model.data"].search([("module", "in", PRODUCT_ADDONS), ("model", "=", model)])
    return [(d.module + "." + d.name, env[model].browse(d.res_id)) for d in data]


def _untranslated(term):
    return not _NEEDS_NO_TRANSLATION.search(term) and lookup(term, "zh_CN") == term


def test_every_view_string_has_a_zh_cn_translation(env):
    views = _records(env, "ir.ui.view")
    assert views, "the product addons define views"
    missing = {}
    for xmlid, view in views:
        if not view.exists() or not view.arch:
            continue
        root = etree.fromstring(view.arch.encode())
        for term in arch_terms(root):
            if _untranslated(term):
                missing.setdefault(xmlid, []).append(term)
    assert not missing, "view strings without a zh_CN translation: %s" % missing


@pytest.mark.parametrize("model, field", [("ir.ui.menu", "name"), ("ir.actions.act_window", "name")])
def test_menus_and_actions_are_translated(env, model, field):
    missing = [(xmlid, rec[field]) for xmlid, rec in _records(env, model)
               if rec.exists() and _untranslated(rec[field])]
    assert not missing, "%s without a zh_CN translation: %s" % (model, missing)


def test_combined_views_as_served_are_chinese(env):
    """What get_views sends (inheritance applied, subviews inlined) has no untranslated term."""
    missing = []
    for _xmlid, view in _records(env, "ir.ui.view"):
        if not view.exists() or view.mode != "primary" or view.type not in ("form", "tree", "search", "kanban"):
            continue
        model = env[view.model].with_context(lang="zh_CN")
        res = model.get_views([[view.id, "list" if view.type == "tree" else view.type]])
        for entry in res["views"].values():
            missing += [t for t in arch_terms(etree.fromstring(entry["arch"].encode())) if _untranslated(t)
                        and lookup(t, "zh_CN") == t]
    # terms translated in the arch no longer look English; any left over is a missing msgid
    assert not [t for t in missing if re.search(r"[A-Za-z]{2}", t)], sorted(set(missing))


def test_the_check_itself_tells_english_from_chinese():
    assert _untranslated("Cases") is False                     # has a msgid
    assert _untranslated("Zzz term nobody translated") is True
    assert _untranslated("繁简分流") is False and _untranslated("—") is False
