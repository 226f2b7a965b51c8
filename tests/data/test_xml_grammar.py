"""Data files are checked before anything is loaded (no database needed)."""
import textwrap

import pytest

from fazhi.data import ParseError, load_data_file, split_sql
from fazhi.data.csv_loader import model_of, parse_header, to_bool
from fazhi.data.xml_grammar import parse_xml


def write(tmp_path, text, name="data.xml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return str(path)


def refused(path):
    with pytest.raises(ParseError) as info:
        parse_xml(path)
    return info.value


def test_odoo_root_is_refused(tmp_path):
    """Flectra's grammar has no <odoo> root: such a file aborts the install."""
    path = write(tmp_path, """
        <?xml version="1.0"?>
        <odoo>
            <record id="x" model="res.partner"/>
        </odoo>
    """)
    error = refused(path)
    assert str(error).startswith("while parsing %s:2, " % path)
    assert "<odoo>" in str(error)


@pytest.mark.parametrize("root", ["flectra", "openerp", "data"])
def test_accepted_roots(tmp_path, root):
    path = write(tmp_path, """
        <%s noupdate="1" context="{'a': 1}" uid="base.user_root">
            <data noupdate="0"><record id="x" model="res.partner"><field name="name">X</field></record></data>
        </%s>
    """ % (root, root))
    assert parse_xml(path).tag == root


def test_unknown_element_is_refused_with_its_line(tmp_path):
    path = write(tmp_path, """
        <flectra>
            <record id="x" model="res.partner">
                <field name="name">X</field>
            </record>
            <recrod id="y" model="res.partner"/>
        </flectra>
    """)
    error = refused(path)
    assert str(error) == "while parsing %s:5, unknown element <recrod> in <flectra>" % path
    assert error.line == 5 and error.path == path


def test_unknown_attribute_is_refused_with_its_line(tmp_path):
    path = write(tmp_path, """
        <flectra>
            <record id="x" model="res.partner">
                <field name="name" typo="1">X</field>
            </record>
        </flectra>
    """)
    assert str(refused(path)) == "while parsing %s:3, attribute 'typo' is not allowed on <field>" % path


def test_unknown_element_inside_record(tmp_path):
    path = write(tmp_path, """
        <flectra>
            <record id="x" model="res.partner">
                <value>1</value>
            </record>
        </flectra>
    """)
    assert ":3, <value> is not allowed inside <record>" in str(refused(path))


def test_required_attribute(tmp_path):
    path = write(tmp_path, '<flectra><record id="x"/></flectra>')
    assert "needs a 'model' attribute" in str(refused(path))


def test_malformed_xml_names_the_line(tmp_path):
    path = write(tmp_path, """
        <flectra>
            <record id="x" model="res.partner">
        </flectra>
    """)
    assert str(refused(path)).startswith("while parsing %s:3, malformed XML" % path)


def test_doctype_and_entities_are_refused(tmp_path):
    path = write(tmp_path, """
        <?xml version="1.0"?>
        <!DOCTYPE flectra [<!ENTITY e SYSTEM "file:///etc/passwd">]>
        <flectra><record id="x" model="res.partner"><field name="name">&e;</field></record></flectra>
    """)
    assert "DOCTYPE" in str(refused(path))


@pytest.mark.parametrize("field,message", [
    ('<field name="a" ref="x" eval="1"/>', "only one of ref, eval"),
    ('<field name="a" ref="x">text</field>', "may not contain text"),
    ('<field name="a" type="bogus">1</field>', "type 'bogus'"),
    ('<field name="a" type="int">x</field>', "needs an integer"),
    ('<field name="a" type="float">x</field>', "needs a number"),
    ('<field name="a" type="xml">no markup</field>', "needs element children"),
    ('<field name="a" type="list"><field name="b"/></field>', "use <value>"),
    ('<field name="a"><form/></field>', 'use type="xml"'),
    ('<field name="a" use="name">x</field>', "'use' goes with 'search'"),
    ('<field name="a" type="int" eval="1"/>', "cannot be combined"),
])
def test_field_shapes(tmp_path, field, message):
    path = write(tmp_path, '<flectra>\n<record id="x" model="m">\n%s\n</record>\n</flectra>' % field)
    error = refused(path)
    assert ":3, " in str(error) and message in str(error)


def test_valid_field_shapes(tmp_path):
    path = write(tmp_path, """
        <flectra>
            <record id="x" model="m">
                <field name="a">text</field>
                <field name="b" ref="base.group_user"/>
                <field name="c" eval="[(4, ref('base.group_user'))]"/>
                <field name="d" search="[('name', '=', 'x')]" model="res.partner" use="id"/>
                <field name="e" type="xml"><form><field name="name"/></form></field>
                <field name="f" type="int">None</field>
                <field name="g" type="float">1.5</field>
                <field name="h" type="list"><value>1</value><value eval="2"/></field>
                <field name="i" type="base64" file="base/static/x.png"/>
                <field name="j"/>
                <!-- comments are fine anywhere -->
            </record>
        </flectra>
    """)
    parse_xml(path)


def test_menuitem_grammar(tmp_path):
    ok = write(tmp_path, """
        <flectra>
            <menuitem id="root" name="Root" web_icon="x,static/icon.png" sequence="5">
                <menuitem id="child" name="Child" action="act" groups="base.group_user,-base.group_portal"/>
            </menuitem>
            <menuitem id="other" parent="root" action="act" sequence="-1" active="False"/>
        </flectra>
    """, "ok.xml")
    parse_xml(ok)
    nested_parent = write(tmp_path, """
        <flectra>
            <menuitem id="root">
                <menuitem id="child" parent="root"/>
            </menuitem>
        </flectra>
    """, "bad.xml")
    assert ":3, a nested <menuitem>" in str(refused(nested_parent))
    bad_sequence = write(tmp_path, '<flectra><menuitem id="m" sequence="first"/></flectra>', "seq.xml")
    assert "sequence must be an integer" in str(refused(bad_sequence))


def test_function_delete_act_window_report_template(tmp_path):
    path = write(tmp_path, """
        <flectra>
            <function model="res.partner" name="write" eval="[[1], {'name': 'x'}]"/>
            <function model="res.partner" name="f">
                <value eval="[1]"/><value name="flag" eval="True"/>
                <function model="res.partner" name="search" eval="[[]]"/>
            </function>
            <delete model="res.partner" id="x"/>
            <delete model="res.partner" search="[('name', '=', 'x')]"/>
            <act_window id="a" name="A" res_model="res.partner" view_mode="tree,form"
                        binding_model="res.partner" binding_views="list,form"/>
            <report id="r" string="R" model="res.partner" name="base.r" menu="False"/>
            <template id="t" name="T"><div>hello</div></template>
        </flectra>
    """)
    parse_xml(path)
    both = write(tmp_path, '<flectra><delete model="m" id="x" search="[]"/></flectra>', "both.xml")
    assert "only one of id, search" in str(refused(both))
    neither = write(tmp_path, '<flectra><delete model="m"/></flectra>', "neither.xml")
    assert "needs an 'id' or a 'search'" in str(refused(neither))
    mixed = write(tmp_path, '<flectra><function model="m" name="f" eval="[]"><value>1</value></function></flectra>',
                  "mixed.xml")
    assert "either 'eval' or <value>" in str(refused(mixed))


def test_unknown_extension(tmp_path):
    path = write(tmp_path, "x", "notes.txt")
    with pytest.raises(ParseError, match=r"^while parsing .*notes.txt:1, cannot load data files of type '.txt'"):
        load_data_file(None, "x", path, "init")


def test_js_files_are_ignored(tmp_path):
    load_data_file(None, "x", write(tmp_path, "x", "a.js"), "init")


def test_mode_is_checked(tmp_path):
    with pytest.raises(ValueError, match="'init' or 'update'"):
        load_data_file(None, "x", write(tmp_path, "x", "a.js"), "install")


def test_grammar_is_checked_before_anything_loads(tmp_path):
    """A refused file never touches the environment (here: None)."""
    path = write(tmp_path, '<flectra>\n<record id="x" model="m"/>\n<bogus/>\n</flectra>')
    with pytest.raises(ParseError, match=":3, unknown element <bogus>"):
        load_data_file(None, "x", path, "init")


# --- CSV ---

class F:
    def __init__(self, type):
        self.type = type


ACCESS_FIELDS = {"name": F("char"), "model_id": F("many2one"), "group_id": F("many2one"),
                 "perm_read": F("boolean"), "perm_write": F("boolean"), "perm_create": F("boolean"),
                 "perm_unlink": F("boolean"), "implied_ids": F("many2many")}


def test_model_comes_from_the_file_name():
    assert model_of("/a/security/ir.model.access.csv") == "ir.model.access"
    assert model_of("res.partner-demo.csv") == "res.partner"


def test_access_csv_header():
    header = "id,name,model_id:id,group_id/id,perm_read,perm_write,perm_create,perm_unlink".split(",")
    assert parse_header(header, ACCESS_FIELDS, "ir.model.access") == [
        ("xmlid", "id"), ("value", "name"), ("ref", "model_id"), ("ref", "group_id"),
        ("value", "perm_read"), ("value", "perm_write"), ("value", "perm_create"), ("value", "perm_unlink")]


def test_database_id_columns():
    assert parse_header(["implied_ids/.id"], ACCESS_FIELDS, "m") == [("dbid", "implied_ids")]


@pytest.mark.parametrize("header,message", [
    (["id", "nope"], "unknown field 'nope' on model 'm'"),
    (["name", "name"], "appears twice"),
    (["name:id"], "not relational"),
    (["model_id/name"], "sub-fields"),
    (["id", ""], "empty column"),
])
def test_bad_headers(header, message):
    with pytest.raises(ValueError, match=message):
        parse_header(header, ACCESS_FIELDS, "m")


@pytest.mark.parametrize("cell,value", [("1", True), ("0", False), ("True", True), ("false", False), ("", False)])
def test_booleans(cell, value):
    assert to_bool(cell) is value


def test_bad_boolean():
    with pytest.raises(ValueError, match="not a boolean"):
        to_bool("maybe")


# --- SQL ---

def test_sql_is_split_into_statements_with_their_lines():
    script = textwrap.dedent("""\
        -- a comment; with a semicolon
        UPDATE t SET a = 'x;y''z';
        /* block;
           comment */ DELETE FROM t
        WHERE b = "c;d";

        CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
    """)
    assert split_sql(script) == [
        (2, "UPDATE t SET a = 'x;y''z'"),
        (4, "DELETE FROM t\nWHERE b = \"c;d\""),
        (7, "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql"),
    ]
