"""get_views / fields_view_get / load_views on any model: view resolution, inheritance,
groups, translation, modifiers, generated default views, and validation at install."""
import json

import pytest
from lxml import etree

from flectra.exceptions import UserError, ValidationError

BASE_FORM = """
<form string="Partner">
    <sheet>
        <group name="main" string="Cases">
            <field name="name" placeholder="Hearings"/>
            <field name="email" invisible="not phone"/>
        </group>
        <group name="other">
            <field name="phone"/>
            <button name="x" type="object" string="Deadlines" groups="base.group_system"/>
        </group>
        <div class="note">Hearings</div>
    </sheet>
</form>"""


def _view(env, arch, model="res.partner", **vals):
    vals.update({"name": vals.get("name", "test.web.view"), "model": model, "arch": arch})
    return env["ir.ui.view"].create(vals)


def _arch(result, view_type="form"):
    return etree.fromstring(result["views"][view_type]["arch"])


@pytest.fixture
def base_view(env):
    return _view(env, BASE_FORM, priority=1)


@pytest.fixture
def plain_user(env):
    """A user with base.group_user only (no group_system)."""
    return env["res.users"].create({"name": "Web view user", "login": "web_view_user",
                                    "groups_id": [(6, 0, [env.ref("base.group_user").id])]})


def test_primary_view_by_priority_and_models(env, base_view):
    _view(env, "<form><field name='name'/></form>", priority=50, name="later")
    res = env["res.partner"].get_views([[False, "form"]])
    form = res["views"]["form"]
    assert form["id"] == base_view.id and form["model"] == "res.partner"
    assert {f.get("name") for f in _arch(res).iter("field")} >= {"name", "email", "phone"}
    fields = res["models"]["res.partner"]
    assert {"name", "email", "phone", "id", "display_name", "write_date"} <= set(fields)
    assert "street" not in fields          # only fields the views use
    assert fields["name"]["type"] == "char"


def test_inheritance_positions(env, base_view):
    ext = _view(env, """<data>
        <xpath expr="//group[@name='main']" position="inside"><field name="website"/></xpath>
        <field name="email" position="after"><field name="city"/></field>
        <field name="name" position="before"><field name="ref"/></field>
        <field name="phone" position="replace"><field name="mobile"/></field>
        <field name="name" position="attributes"><attribute name="required">1</attribute></field>
    </data>""", inherit_id=base_view.id, name="ext")
    assert ext.mode == "extension"
    res = env["res.partner"].get_views([[base_view.id, "form"]])
    main = _arch(res).find(".//group[@name='main']")
    assert [f.get("name") for f in main.iter("field")] == ["ref", "name", "email", "city", "website"]
    other = _arch(res).find(".//group[@name='other']")
    assert [f.get("name") for f in other.iter("field")] == ["mobile"]
    name = main.find("field[@name='name']")
    assert json.loads(name.get("fz-modifiers")) == {"required": {"c": True}}
    assert {"ref", "city", "website", "mobile"} <= set(res["models"]["res.partner"])


def test_primary_child_view_is_used_on_its_own(env, base_view):
    child = _view(env, '<field name="email" position="after"><field name="city"/></field>',
                  inherit_id=base_view.id, mode="primary", name="child", priority=90)
    res = env["res.partner"].get_views([[child.id, "form"]])
    assert "city" in [f.get("name") for f in _arch(res).iter("field")]
    res = env["res.partner"].get_views([[False, "form"]])
    assert res["views"]["form"]["id"] == base_view.id
    assert "city" not in [f.get("name") for f in _arch(res).iter("field")]


def test_groups_on_nodes_and_fields_are_filtered_for_the_user(env, base_view, plain_user):
    _view(env, '<field name="phone" position="after"><field name="comment"/></field>',
          inherit_id=base_view.id, name="sys only", groups_id=[(6, 0, [env.ref("base.group_system").id])])
    as_admin = env["res.partner"].get_views([[base_view.id, "form"]])
    assert _arch(as_admin).find(".//button[@name='x']") is not None
    assert _arch(as_admin).find(".//field[@name='comment']") is not None
    assert _arch(as_admin).find(".//button[@name='x']").get("groups") is None
    as_user = env["res.partner"].with_user(plain_user).get_views([[base_view.id, "form"]])
    assert _arch(as_user).find(".//button[@name='x']") is None
    assert _arch(as_user).find(".//field[@name='comment']") is None


def test_fields_with_groups_are_left_out(env):
    clerk = env["res.users"].create({"name": "Web clerk", "login": "web_clerk_views", "groups_id": [
        (6, 0, [env.ref("fuyi_case.fuyi_case_group_clerk").id])]})
    user = env["res.users"].create({"name": "Web case user", "login": "web_case_user_views", "groups_id": [
        (6, 0, [env.ref("fuyi_case.fuyi_case_group_user").id])]})
    view = env.ref("fuyi_case.res_partner_view_form_fuyi")
    for who, sees in ((clerk, True), (user, False)):
        res = env["res.partner"].with_user(who).get_views([[view.id, "form"]])
        names = [f.get("name") for f in _arch(res).iter("field")]
        assert ("id_number" in names) is sees
        assert ("id_number" in res["models"]["res.partner"]) is sees
        assert "id_number_masked" in names


def test_view_strings_are_translated(env, base_view):
    res = env["res.partner"].with_context(lang="zh_CN").get_views([[base_view.id, "form"]])
    arch = _arch(res)
    assert arch.find(".//group[@name='main']").get("string") == "案件"
    assert arch.find(".//field[@name='name']").get("placeholder") == "听证"
    assert arch.find(".//div[@class='note']").text == "听证"
    assert arch.find(".//button[@name='x']").get("string") == "期限"
    # field labels come translated from the addon that wrote them (base: "Name" -> "名称")
    assert res["models"]["res.partner"]["name"]["string"] == "名称"
    untranslated = env["res.partner"].with_context(lang="en_US").get_views([[base_view.id, "form"]])
    assert _arch(untranslated).find(".//group[@name='main']").get("string") == "Cases"
    assert untranslated["models"]["res.partner"]["name"]["string"] == "Name"


def test_modifiers_and_fields_they_need(env):
    view = _view(env, """<form><header>
            <button name="a" string="A" invisible="type != 'contact' or phone"/></header>
            <field name="name" readonly="1" attrs="{'required': [('email', '!=', False)]}"/></form>""",
                 priority=1)
    res = env["res.partner"].get_views([[view.id, "form"]])
    arch = _arch(res)
    button = arch.find(".//button[@name='a']")
    assert json.loads(button.get("fz-modifiers")) == {"invisible": {"or": [
        {"cmp": "!=", "l": {"n": "type"}, "r": {"c": "contact"}}, {"n": "phone"}]}}
    name = arch.find(".//field[@name='name']")
    assert json.loads(name.get("fz-modifiers")) == {
        "readonly": {"c": True}, "required": {"cmp": "!=", "l": {"n": "email"}, "r": {"c": False}}}
    # fields the modifiers read but the view does not show are added invisibly (their values load)
    for fname in ("type", "phone", "email"):
        extra = arch.find("field[@name='%s']" % fname)
        assert extra is not None and json.loads(extra.get("fz-modifiers")) == {"invisible": {"c": True}}
        assert fname in res["models"]["res.partner"]


def test_every_modifier_of_the_product_views_is_converted(env):
    res = env["fuyi.reconsideration"].get_views([[False, "form"], [False, "list"]])
    for view_type in ("form", "list"):
        for node in _arch(res, view_type).iter():
            if any(node.get(k) for k in ("invisible", "readonly", "required", "column_invisible", "attrs")):
                assert node.get("fz-modifiers"), etree.tostring(node)


def test_inline_subviews_and_default_list_for_x2many(env):
    res = env["fuyi.reconsideration"].get_views([[False, "form"]])
    arch = _arch(res)
    parties = arch.find(".//field[@name='party_ids']")
    assert [f.get("name") for f in parties.find("tree").iter("field")][:2] == ["partner_id", "role"]
    hearings = arch.find(".//field[@name='hearing_ids']")
    sub = hearings.find("tree")
    assert sub is not None and sub.find("field[@name='kind']") is not None   # the comodel's list view
    assert "fuyi.case.party" in res["models"] and "partner_id" in res["models"]["fuyi.case.party"]
    assert "kind" in res["models"]["fuyi.hearing"]
    chatter = arch.find(".//field[@name='message_ids']")
    assert chatter is None or chatter.find("tree") is None


def test_list_decorations(env):
    view = _view(env, '<tree decoration-danger="date &lt; current_date"><field name="name"/></tree>',
                 model="fuyi.calendar.day", priority=1)
    res = env["fuyi.calendar.day"].get_views([[view.id, "list"]])
    tree = _arch(res, "list")
    assert json.loads(tree.get("fz-decorations")) == {
        "danger": {"cmp": "<", "l": {"n": "date"}, "r": {"n": "context_today"}}}
    assert tree.find("field[@name='date']").get("column_invisible") == "1"


def test_default_views_when_none_exist(env):
    res = env["test.orm.order"].get_views([[False, "list"], [False, "form"], [False, "search"]])
    assert res["views"]["list"]["id"] is False
    assert _arch(res, "list").tag == "tree" and _arch(res, "list").find("field") is not None
    form = _arch(res, "form")
    assert form.tag == "form" and form.find(".//field[@name='line_ids']/tree") is not None
    assert form.find(".//field[@name='tag_ids']") is not None and "test.orm.line" in res["models"]
    assert _arch(res, "search").tag == "search"
    with pytest.raises(UserError):
        env["test.orm.order"].get_views([[False, "calendar"]])


def test_toolbar_and_f2_shapes(env, base_view):
    res = env["res.partner"].get_views([[False, "list"], [base_view.id, "form"]], {"toolbar": True})
    assert set(res["views"]["form"]["toolbar"]) == {"action", "print"}
    fvg = env["res.partner"].fields_view_get(base_view.id, "form")
    assert fvg["view_id"] == base_view.id and fvg["type"] == "form" and fvg["model"] == "res.partner"
    assert "email" in fvg["fields"] and "<form" in fvg["arch"]
    loaded = env["res.partner"].load_views([[base_view.id, "form"], [False, "tree"]])
    assert set(loaded["fields_views"]) == {"form", "list"} and "name" in loaded["fields"]


def test_wrong_view_id_for_the_model(env, base_view):
    with pytest.raises(UserError):
        env["res.users"].get_views([[base_view.id, "form"]])


# --- validation at install ---

def test_unconvertible_expression_is_refused_naming_the_view(env):
    with pytest.raises(ValidationError, match="bad.modifier.view"):
        _view(env, '<form><field name="name" invisible="len(name) &gt; 3"/></form>', name="bad.modifier.view")


def test_modifier_on_unknown_field_is_refused(env):
    with pytest.raises(ValidationError, match="no_such_field"):
        _view(env, '<form><field name="name" invisible="no_such_field"/></form>', name="bad.field.view")


def test_bad_attrs_in_an_extension_is_refused(env, base_view):
    with pytest.raises(ValidationError, match="bad.attrs.ext"):
        _view(env, """<field name="email" position="attributes">
                        <attribute name="attrs">{'invisible': [('phone', 'like', 'x')]}</attribute></field>""",
              inherit_id=base_view.id, name="bad.attrs.ext")


def test_unknown_field_is_refused(env):
    with pytest.raises(ValidationError, match="nope"):
        _view(env, '<form><field name="nope"/></form>', name="bad.unknown")
