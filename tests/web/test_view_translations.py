"""Every view string of the product addons has a zh_CN translation, so a clerk never sees
English in a view (text nodes and the string/help/placeholder/title/confirm/sum attributes);
and menus and window actions are translated too."""
import re

import pytest
from lxml import etree

from fazhi.orm.translate import arch_terms, lookup

PRODUCT_ADDONS = ("fuyi_case", "yingsu", "jiandu", "xinyong", "fuyi_portal")
_NEEDS_NO_TRANSLATION = re.compile(r"^[\W\d_]*$|[\u4e00-\u9fff]")   # punctuation/numbers, or already Chinese


def _records(env, model):
    data = env["ir.model.data"].search([("module", "in", PRODUCT_ADDONS), ("model", "=", model)])
    return [(d.module + "." + d.name, env[model].browse(d.res_id)) for d in data]


def _untranslated(term, module=None):
    return not _NEEDS_NO_TRANSLATION.search(term) and lookup(term, "zh_CN", module) == term


def test_every_view_string_has_a_zh_cn_translation(env):
    views = _records(env, "ir.ui.view")
    assert views, "the product addons define views"
    missing = {}
    for xmlid, view in views:
        if not view.exists() or not view.arch:
            continue
        root = etree.fromstring(view.arch.encode())
        for term in arch_terms(root):
            if _untranslated(term, xmlid.split(".")[0]):
                missing.setdefault(xmlid, []).append(term)
    assert not missing, "view strings without a zh_CN translation: %s" % missing


@pytest.mark.parametrize("model, field", [("ir.ui.menu", "name"), ("ir.actions.act_window", "name")])
def test_menus_and_actions_are_translated(env, model, field):
    en = env(context=dict(env.context, lang="en_US"))    # the stored source terms, not their translation
    missing = [(xmlid, rec.with_env(en)[field]) for xmlid, rec in _records(env, model)
               if rec.exists() and _untranslated(rec.with_env(en)[field], xmlid.split(".")[0])]
    assert not missing, "%s without a zh_CN translation: %s" % (model, missing)


DATA_RECORDS = [("mail.activity.type", "name"), ("mail.activity.type", "summary"), ("mail.message.subtype", "name"),
                ("mail.message.subtype", "description")]


@pytest.mark.parametrize("model, field", DATA_RECORDS)
def test_data_records_a_clerk_reads_are_translated(env, model, field):
    """Issue 13 item 7: activity types ("To-Do") and message subtypes (the "Note" on every
    chatter message) are data records; a translate=True field reads in the reader's language."""
    en = env(context=dict(env.context, lang="en_US", active_test=False))
    zh = env(context=dict(env.context, lang="zh_CN", active_test=False))
    records = en[model].search([])
    assert records
    missing = [(rec.id, rec[field]) for rec in records if rec[field] and _untranslated(rec[field])]
    assert not missing, "%s.%s without a zh_CN translation: %s" % (model, field, missing)
    shown = [row[field] for row in zh[model].browse(records.ids).read([field]) if row[field]]
    assert not [v for v in shown if re.search(r"[A-Za-z]{2}", v)], shown
    if model == "mail.activity.type" and field == "name":
        todo = env.ref("mail.mail_activity_data_todo")
        assert todo.with_env(zh).display_name == lookup("To-Do", "zh_CN", "mail") != "To-Do"
        assert todo.with_env(en).name == "To-Do"


def test_system_notes_and_names_of_a_zh_cn_database(env):
    """The note logged when a case is created, and the built-in people's names, are Chinese in a
    zh_CN database (db create --lang zh_CN, the default)."""
    zh = env(context=dict(env.context, lang="zh_CN"))
    body = str(zh["fuyi.reconsideration"]._creation_message())
    assert not re.search(r"[A-Za-z]{2}", body), body
    for xmlid in ("base.partner_admin", "base.partner_root"):
        name = env.ref(xmlid).name
        assert not re.search(r"[A-Za-z]{2}", name), name


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


def test_each_addon_translates_its_own_terms(env):
    """One English word, two addons, two renderings: each label, selection value and view
    string is translated by the addon it comes from, not by whichever was loaded last."""
    zh = env(context=dict(env.context, lang="zh_CN"))
    sms = zh["sms.sms"].fields_get(["partner_id", "state"], ["string", "selection"])
    service = zh["fuyi.service"].fields_get(["recipient_id"], ["string"])
    assert sms["partner_id"]["string"] == lookup("Recipient", "zh_CN", "sms") != \
        service["recipient_id"]["string"] == lookup("Recipient", "zh_CN", "fuyi_case")
    activity = zh["mail.activity"].fields_get(["date_deadline"], ["string"])["date_deadline"]["string"]
    assert activity == lookup("Due Date", "zh_CN", "mail") != lookup("Due Date", "zh_CN", "fuyi_case")
    document_states = dict(zh["fuyi.document"].fields_get(["state"], ["selection"])["state"]["selection"])
    sms_states = dict(sms["state"]["selection"])
    assert document_states["cancelled"] == "已作废" and sms_states["cancel"] == "已取消"
    # a delegated field keeps the label of the addon that defined it
    case_fields = zh["fuyi.reconsideration"].fields_get(["agency_id"], ["string"])
    assert case_fields["agency_id"]["string"] == zh["fuyi.case"].fields_get(["agency_id"], ["string"])["agency_id"]["string"]


def test_view_nodes_are_translated_by_their_own_addon(env):
    """An extension view's nodes keep their addon's translation inside the combined arch, and no
    marker attribute reaches the client."""
    View, Data = env["ir.ui.view"], env["ir.model.data"]
    primary = View.create({"name": "sms form (test)", "model": "sms.sms", "type": "form", "priority": 1,
                           "arch": '<form><group string="Recipient" name="own"/></form>'})
    extension = View.create({
        "name": "sms form, reconsideration extension (test)", "model": "sms.sms", "inherit_id": primary.id,
        "mode": "extension",
        "arch": '<group name="own" position="after"><group string="Recipient" name="added"/></group>'})
    Data.create({"module": "sms", "name": "fz_test_sms_form", "model": "ir.ui.view", "res_id": primary.id})
    Data.create({"module": "fuyi_case", "name": "fz_test_sms_form_ext", "model": "ir.ui.view",
                 "res_id": extension.id})
    zh = env(context=dict(env.context, lang="zh_CN"))
    arch = zh["sms.sms"].get_views([(primary.id, "form")])["views"]["form"]["arch"]
    root = etree.fromstring(arch.encode())
    assert root.xpath("//group[@name='own']")[0].get("string") == lookup("Recipient", "zh_CN", "sms") == "接收人"
    assert root.xpath("//group[@name='added']")[0].get("string") == "受送达人"
    assert "data-fz-module" not in arch
