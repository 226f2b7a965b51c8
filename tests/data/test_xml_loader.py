"""Loading XML, CSV and SQL data files.

The first part drives the loaders against a small in-memory stand-in for the ORM contract they
use (``_fields``, ``_load_records``, ``ir.model.data._xmlid_lookup``, ``search``, ``browse``),
so the conversion and noupdate rules are checked without a database.
"""
import contextlib
import copy
import textwrap

import pytest

from fazhi.data import ParseError, load_data_file
from fazhi.orm import api

# --- an in-memory ORM contract ---------------------------------------------------------------


class Field:
    def __init__(self, type, comodel_name=None):
        self.type = type
        self.comodel_name = comodel_name


SCHEMA = {
    "res.partner": {"name": Field("char"), "email": Field("char"), "parent_id": Field("many2one", "res.partner"),
                    "color": Field("integer"), "ratio": Field("float"), "active": Field("boolean"),
                    "category_ids": Field("many2many", "res.partner.category"), "ref_field": Field("reference")},
    "res.partner.category": {"name": Field("char")},
    "res.groups": {"name": Field("char"), "implied_ids": Field("many2many", "res.groups")},
    "ir.ui.view": {"name": Field("char"), "model": Field("char"), "arch": Field("text"), "type": Field("char")},
    "ir.ui.menu": {"name": Field("char"), "parent_id": Field("many2one", "ir.ui.menu"), "action": Field("reference"),
                   "sequence": Field("integer"), "groups_id": Field("many2many", "res.groups"),
                   "web_icon": Field("char"), "active": Field("boolean")},
    "ir.actions.act_window": {name: Field("char") for name in ("name", "res_model", "view_mode", "domain",
                                                               "context", "target")},
    "ir.model.access": {"name": Field("char"), "model_id": Field("many2one", "ir.model"),
                        "group_id": Field("many2one", "res.groups"), "perm_read": Field("boolean"),
                        "perm_write": Field("boolean")},
    "ir.model": {"model": Field("char"), "name": Field("char")},
    "ir.model.data": {},
}


class Records:
    def __init__(self, env, name, ids=()):
        self.env, self._name, self.ids = env, name, list(ids)

    @property
    def _fields(self):
        return SCHEMA[self._name]

    @property
    def _rows(self):
        return self.env.db.rows.setdefault(self._name, {})

    @property
    def id(self):
        return self.ids[0] if self.ids else False

    def __bool__(self):
        return bool(self.ids)

    def __len__(self):
        return len(self.ids)

    def __iter__(self):
        return (self.browse(i) for i in self.ids)

    def __getitem__(self, key):
        if isinstance(key, int):
            return self.browse(self.ids[key])
        return self.id if key == "id" else self._rows[self.id].get(key, False)

    def __getattr__(self, name):
        if name in SCHEMA.get(self._name, {}):
            return self[name]
        raise AttributeError(name)

    def browse(self, ids=()):
        return type(self)(self.env, self._name, [ids] if isinstance(ids, int) else ids)

    def exists(self):
        return self.browse([i for i in self.ids if i in self._rows])

    def with_context(self, *args, **kwargs):
        self.env.db.contexts.append(kwargs)
        return self

    def search(self, domain, limit=None):
        ids = [i for i, row in self._rows.items()
               if all(row.get(f) == v if op == "=" else row.get(f) in v for f, op, v in domain)]
        return self.browse(ids[:limit])

    def unlink(self):
        for i in self.ids:
            del self._rows[i]
        return True

    def create(self, values):
        bad = [name for name in values if name not in self._fields]
        if bad:
            raise ValueError("Invalid field %r on model %r" % (bad[0], self._name))
        if values.get("name") == "FAIL":
            raise ValueError("refused by a constraint")
        self.env.db.next_id += 1
        self._rows[self.env.db.next_id] = dict(values)
        return self.browse(self.env.db.next_id)

    def _load_records(self, data_list, update=False):
        self.env.db.load_calls.append((self._name, copy.deepcopy(data_list), update))
        ids = []
        for data in data_list:
            found = self.env.db.xmlids.get(data["xml_id"])
            record = self.browse(found[1]).exists() if found else None
            if record and update and found[2]:
                ids.append(record.id)
                continue
            if record:
                record._rows[record.id].update(data["values"])
            else:
                record = self.create(data["values"])
            if data["xml_id"]:
                self.env.db.xmlids[data["xml_id"]] = (self._name, record.id, data["noupdate"])
            ids.append(record.id)
        return self.browse(ids)


class Partner(Records):
    @api.model
    def make_one(self, name, email=False):
        return self.create({"name": name, "email": email})

    def rename(self, name):
        for record in self:
            record._rows[record.id]["name"] = name
        return True

    def remember_context(self):
        self.env.db.seen_context = dict(self.env.context)
        return True


class ModelData(Records):
    def _xmlid_lookup(self, xml_id):
        if xml_id not in self.env.db.xmlids:
            raise ValueError("External ID not found in the system: %s" % xml_id)
        return self.env.db.xmlids[xml_id]


class Cursor:
    def __init__(self, db):
        self.db = db
        self.executed = []

    def flush(self):
        pass

    def execute(self, query, params=None):
        if "boom" in query:
            raise RuntimeError("syntax error near boom")
        self.executed.append(query)

    @contextlib.contextmanager
    def savepoint(self):
        saved = copy.deepcopy((self.db.rows, self.db.xmlids, self.db.next_id))
        try:
            yield
        except BaseException:
            self.db.rows, self.db.xmlids, self.db.next_id = saved
            raise


class Database:
    def __init__(self):
        self.rows, self.xmlids, self.next_id = {}, {}, 100
        self.load_calls, self.contexts = [], []


class Env:
    classes = {"res.partner": Partner, "ir.model.data": ModelData}

    def __init__(self, db=None, context=None):
        self.db = db or Database()
        self.cr = Cursor(self.db) if db is None else None
        self.context = context or {}

    def __call__(self, user=None, context=None):
        env = Env(self.db, context if context is not None else self.context)
        env.cr = self.cr
        return env

    def __contains__(self, name):
        return name in SCHEMA

    def __getitem__(self, name):
        if name not in SCHEMA:
            raise KeyError(name)
        return self.classes.get(name, Records)(self, name)

    def add(self, xml_id, model, values, noupdate=False):
        record = self[model].create(values)
        self.db.xmlids[xml_id] = (model, record.id, noupdate)
        return record.id

    def ref(self, xml_id):
        model, res_id, _ = self.db.xmlids[xml_id]
        return self[model].browse(res_id)


@pytest.fixture
def fake_env():
    env = Env()
    env.add("base.group_user", "res.groups", {"name": "Internal User"})
    env.add("base.group_portal", "res.groups", {"name": "Portal"})
    env.add("base.main_partner", "res.partner", {"name": "Main"})
    env.add("base.model_res_partner", "ir.model", {"model": "res.partner", "name": "Contact"})
    return env


def write(tmp_path, body, name="data.xml"):
    """A data file inside an addon directory named 'base'."""
    addon = tmp_path / "base"
    (addon / "data").mkdir(parents=True, exist_ok=True)
    (addon / "__manifest__.py").write_text("{'name': 'Base'}", encoding="utf-8")
    path = addon / "data" / name
    path.write_text(textwrap.dedent(body).lstrip(), encoding="utf-8")
    return str(path)


def values_of(env, xml_id):
    model, res_id, _ = env.db.xmlids[xml_id]
    return env.db.rows[model][res_id]


# --- XML ---------------------------------------------------------------------------------------


def test_field_text_is_converted_by_field_type(tmp_path, fake_env):
    path = write(tmp_path, """
        <flectra>
            <record id="cat" model="res.partner.category"><field name="name">VIP</field></record>
            <record id="p" model="res.partner">
                <field name="name">Acme</field>
                <field name="parent_id" ref="base.main_partner"/>
                <field name="color">7</field>
                <field name="ratio">0.5</field>
                <field name="active">Off</field>
                <field name="category_ids" ref="cat"/>
                <field name="ref_field" ref="main_partner"/>
            </record>
        </flectra>
    """)
    load_data_file(fake_env, "base", path, "init")
    main = fake_env.db.xmlids["base.main_partner"][1]
    cat = fake_env.db.xmlids["base.cat"][1]
    assert values_of(fake_env, "base.p") == {
        "name": "Acme", "parent_id": main, "color": 7, "ratio": 0.5, "active": False,
        "category_ids": [(6, 0, [cat])], "ref_field": "res.partner,%d" % main}


@pytest.mark.parametrize("text,value", [("0", False), ("false", False), ("OFF", False), ("1", True), ("True", True)])
def test_boolean_text(tmp_path, fake_env, text, value):
    path = write(tmp_path, '<flectra><record id="p" model="res.partner"><field name="active">%s</field></record></flectra>'
                 % text)
    load_data_file(fake_env, "base", path, "init")
    assert values_of(fake_env, "base.p")["active"] is value


def test_eval_context(tmp_path, fake_env):
    path = write(tmp_path, """
        <flectra>
            <record id="g" model="res.groups">
                <field name="name" eval="'%s-%s' % (version, (DateTime(2026, 1, 31) + relativedelta(months=1)).day)"/>
                <field name="implied_ids" eval="[(4, ref('base.group_user')), (4, group_portal)]"/>
            </record>
        </flectra>
    """)
    load_data_file(fake_env, "base", path, "init", idref={"group_portal": 5})
    assert values_of(fake_env, "base.g") == {
        "name": "1.0-28", "implied_ids": [(4, fake_env.db.xmlids["base.group_user"][1]), (4, 5)]}


def test_search_on_many2many_and_many2one(tmp_path, fake_env):
    path = write(tmp_path, """
        <flectra>
            <record id="p" model="res.partner">
                <field name="parent_id" search="[('name', '=', 'Main')]"/>
                <field name="category_ids" search="[('name', '=', 'none')]"/>
            </record>
        </flectra>
    """)
    load_data_file(fake_env, "base", path, "init")
    assert values_of(fake_env, "base.p") == {"parent_id": fake_env.db.xmlids["base.main_partner"][1],
                                              "category_ids": [(6, 0, [])]}


def test_xml_field_serialises_the_markup(tmp_path, fake_env):
    path = write(tmp_path, """
        <flectra>
            <record id="v" model="ir.ui.view">
                <field name="arch" type="xml">
                    <form string="Partner"><field name="name"/></form>
                </field>
            </record>
            <record id="v2" model="ir.ui.view">
                <field name="arch" type="xml"><xpath expr="//a"/><xpath expr="//b"/></field>
            </record>
        </flectra>
    """)
    load_data_file(fake_env, "base", path, "init")
    assert values_of(fake_env, "base.v")["arch"] == '<form string="Partner"><field name="name"/></form>'
    assert values_of(fake_env, "base.v2")["arch"] == '<data><xpath expr="//a"/><xpath expr="//b"/></data>'


def test_xml_ids_are_recorded_in_idref(tmp_path, fake_env):
    idref = {}
    path = write(tmp_path, '<flectra><record id="p" model="res.partner"><field name="name">P</field></record></flectra>')
    load_data_file(fake_env, "base", path, "init", idref=idref)
    assert idref == {"p": fake_env.db.xmlids["base.p"][1]}
    assert fake_env.db.load_calls[-1] == (
        "res.partner", [{"xml_id": "base.p", "values": {"name": "P"}, "noupdate": False}], False)


def test_noupdate_records_are_left_alone_on_update(tmp_path, fake_env):
    """In update mode a noupdate record that exists is not rewritten; a missing one is recreated."""
    path = write(tmp_path, """
        <flectra>
            <data noupdate="1">
                <record id="kept" model="res.partner"><field name="name">From file</field></record>
                <record id="gone" model="res.partner"><field name="name">Recreated</field></record>
                <record id="skipped" model="res.partner" forcecreate="False"><field name="name">No</field></record>
            </data>
        </flectra>
    """)
    fake_env.add("base.kept", "res.partner", {"name": "Edited by user"}, noupdate=True)
    idref = {}
    load_data_file(fake_env, "base", path, "update", idref=idref)
    assert values_of(fake_env, "base.kept") == {"name": "Edited by user"}
    assert values_of(fake_env, "base.gone") == {"name": "Recreated"}
    assert "base.skipped" not in fake_env.db.xmlids
    assert set(idref) == {"kept", "gone"}


def test_noupdate_records_are_written_on_install(tmp_path, fake_env):
    path = write(tmp_path, """
        <flectra noupdate="1">
            <record id="p" model="res.partner"><field name="name">New</field></record>
        </flectra>
    """)
    load_data_file(fake_env, "base", path, "init")
    assert fake_env.db.xmlids["base.p"][2] is True


def test_updating_a_missing_record_of_another_module_fails(tmp_path, fake_env):
    path = write(tmp_path, """
        <flectra>
            <record id="mail.nothing" model="res.partner"><field name="name">X</field></record>
        </flectra>
    """)
    with pytest.raises(ParseError) as info:
        load_data_file(fake_env, "base", path, "init")
    assert str(info.value) == "while parsing %s:2, Cannot update missing record 'mail.nothing'" % path


def test_updating_an_existing_record_of_another_module(tmp_path, fake_env):
    fake_env.add("mail.partner", "res.partner", {"name": "Old"})
    path = write(tmp_path, '<flectra><record id="mail.partner" model="res.partner"><field name="name">New</field></record></flectra>')
    load_data_file(fake_env, "base", path, "init")
    assert values_of(fake_env, "mail.partner") == {"name": "New"}


def test_unknown_reference_names_the_field_line(tmp_path, fake_env):
    path = write(tmp_path, """
        <flectra>
            <record id="p" model="res.partner">
                <field name="name">P</field>
                <field name="parent_id" ref="nope"/>
            </record>
        </flectra>
    """)
    with pytest.raises(ParseError) as info:
        load_data_file(fake_env, "base", path, "init")
    assert str(info.value) == ("while parsing %s:4, field 'parent_id': External ID not found in the system: base.nope"
                               % path)


def test_unknown_field_and_model(tmp_path, fake_env):
    path = write(tmp_path, '<flectra>\n<record id="p" model="res.partner"><field name="nope">x</field></record>\n</flectra>')
    with pytest.raises(ParseError, match=":2, field 'nope': Invalid field 'nope' on model 'res.partner'"):
        load_data_file(fake_env, "base", path, "init")
    path = write(tmp_path, '<flectra>\n<record id="p" model="no.such"/>\n</flectra>', "b.xml")
    with pytest.raises(ParseError, match=":2, Unknown model 'no.such'"):
        load_data_file(fake_env, "base", path, "init")


def test_xml_id_with_two_dots_is_refused(tmp_path, fake_env):
    path = write(tmp_path, '<flectra><record id="a.b.c" model="res.partner"/></flectra>')
    with pytest.raises(ParseError, match="at most one dot"):
        load_data_file(fake_env, "base", path, "init")


def test_bad_eval_names_the_line(tmp_path, fake_env):
    path = write(tmp_path, '<flectra>\n<record id="p" model="res.partner">\n<field name="color" eval="__import__(\'os\')"/>\n'
                           '</record>\n</flectra>')
    with pytest.raises(ParseError, match=r":3, field 'color': safe_eval: name '__import__' is not allowed"):
        load_data_file(fake_env, "base", path, "init")


def test_menus(tmp_path, fake_env):
    path = write(tmp_path, """
        <flectra>
            <record id="action_partner" model="ir.actions.act_window">
                <field name="name">Contacts</field>
                <field name="res_model">res.partner</field>
            </record>
            <menuitem id="menu_root" name="Contacts" web_icon="base,static/icon.png" sequence="3">
                <menuitem id="menu_partner" action="action_partner" groups="group_user,-base.group_portal"/>
            </menuitem>
            <menuitem id="menu_hidden" parent="menu_root" name="Hidden" active="False"/>
        </flectra>
    """)
    load_data_file(fake_env, "base", path, "init")
    root = fake_env.db.xmlids["base.menu_root"][1]
    action = fake_env.db.xmlids["base.action_partner"][1]
    assert values_of(fake_env, "base.menu_root") == {
        "parent_id": False, "active": True, "sequence": 3, "web_icon": "base,static/icon.png", "name": "Contacts"}
    assert values_of(fake_env, "base.menu_partner") == {
        "parent_id": root, "active": True, "action": "ir.actions.act_window,%d" % action, "name": "Contacts",
        "groups_id": [(4, fake_env.db.xmlids["base.group_user"][1]), (3, fake_env.db.xmlids["base.group_portal"][1])]}
    assert values_of(fake_env, "base.menu_hidden") == {"parent_id": root, "active": False, "name": "Hidden"}


def test_legacy_act_window(tmp_path, fake_env):
    path = write(tmp_path, '<flectra><act_window id="a" name="Partners" res_model="res.partner" '
                           'domain="[(\'id\', \'=\', active_id)]" target="new"/></flectra>')
    load_data_file(fake_env, "base", path, "init")
    assert values_of(fake_env, "base.a") == {
        "name": "Partners", "res_model": "res.partner", "view_mode": "tree,form",
        "domain": "[('id', '=', active_id)]", "context": "{}", "target": "new"}


def test_functions(tmp_path, fake_env):
    """Model methods get the arguments as given; record methods run on browse(first argument)."""
    path = write(tmp_path, """
        <flectra>
            <function model="res.partner" name="make_one">
                <value>Made</value>
                <value name="email">made@example.com</value>
            </function>
            <function model="res.partner" name="rename" eval="[[ref('base.main_partner')], 'Renamed']"/>
            <function model="res.partner" name="remember_context" eval="[[]]" context="{'lang': 'zh_CN'}"/>
        </flectra>
    """)
    load_data_file(fake_env, "base", path, "init")
    rows = fake_env.db.rows["res.partner"]
    assert {"name": "Made", "email": "made@example.com"} in rows.values()
    assert values_of(fake_env, "base.main_partner")["name"] == "Renamed"
    assert fake_env.db.seen_context == {"lang": "zh_CN"}


def test_function_in_noupdate_data_runs_only_at_install(tmp_path, fake_env):
    path = write(tmp_path, '<flectra noupdate="1"><function model="res.partner" name="make_one" eval="[\'Once\']"/></flectra>')
    load_data_file(fake_env, "base", path, "update")
    assert "res.partner" not in [c[0] for c in fake_env.db.load_calls]
    assert {"name": "Once", "email": False} not in fake_env.db.rows["res.partner"].values()
    load_data_file(fake_env, "base", path, "init")
    assert {"name": "Once", "email": False} in fake_env.db.rows["res.partner"].values()


def test_unknown_method(tmp_path, fake_env):
    path = write(tmp_path, '<flectra>\n<function model="res.partner" name="nope"/>\n</flectra>')
    with pytest.raises(ParseError, match=":2, AttributeError: The method 'nope' does not exist"):
        load_data_file(fake_env, "base", path, "init")


def test_delete(tmp_path, fake_env):
    fake_env.add("base.old", "res.partner", {"name": "Old"})
    fake_env.add("base.older", "res.partner", {"name": "Older"})
    path = write(tmp_path, """
        <flectra>
            <delete model="res.partner" id="old"/>
            <delete model="res.partner" search="[('name', '=', 'Older')]"/>
            <delete model="res.partner" id="never_existed"/>
        </flectra>
    """)
    load_data_file(fake_env, "base", path, "init")
    assert [row["name"] for row in fake_env.db.rows["res.partner"].values()] == ["Main"]


def test_template_becomes_a_qweb_view(tmp_path, fake_env):
    """<template> is stored as an ir.ui.view of type qweb; values the model lacks (key) are dropped."""
    path = write(tmp_path, '<flectra><template id="card" name="Card"><div class="card">%(main_partner)d</div></template>'
                           '</flectra>')
    load_data_file(fake_env, "base", path, "init")
    main = fake_env.db.xmlids["base.main_partner"][1]
    assert values_of(fake_env, "base.card") == {
        "name": "Card", "type": "qweb", "arch": '<t t-name="base.card"><div class="card">%d</div></t>' % main}


# --- CSV ---------------------------------------------------------------------------------------


def test_access_csv_is_loaded_in_one_call(tmp_path, fake_env):
    path = write(tmp_path, """
        id,name,model_id:id,group_id:id,perm_read,perm_write
        access_partner_user,partner user,model_res_partner,group_user,1,0
        access_partner_all,partner all,base.model_res_partner,,True,false

    """, "ir.model.access.csv")
    idref = {}
    load_data_file(fake_env, "base", path, "init", idref=idref)
    model_id = fake_env.db.xmlids["base.model_res_partner"][1]
    group_id = fake_env.db.xmlids["base.group_user"][1]
    assert fake_env.db.load_calls == [("ir.model.access", [
        {"xml_id": "base.access_partner_user", "noupdate": False, "values": {
            "name": "partner user", "model_id": model_id, "group_id": group_id, "perm_read": True, "perm_write": False}},
        {"xml_id": "base.access_partner_all", "noupdate": False, "values": {
            "name": "partner all", "model_id": model_id, "group_id": False, "perm_read": True, "perm_write": False}},
    ], False)]
    assert set(idref) == {"access_partner_user", "access_partner_all"}


def test_csv_rows_referring_to_earlier_rows_are_written_first(tmp_path, fake_env):
    """One _load_records call per file, split only where a row needs an earlier one to exist."""
    path = write(tmp_path, """
        id,name,parent_id:id
        org,Org,
        other,Other,
        person,Person,org
        person2,Person 2,base.other
    """, "res.partner.csv")
    load_data_file(fake_env, "base", path, "init")
    assert [[d["xml_id"] for d in call[1]] for call in fake_env.db.load_calls] == [
        ["base.org", "base.other"], ["base.person", "base.person2"]]
    assert values_of(fake_env, "base.person")["parent_id"] == fake_env.db.xmlids["base.org"][1]


def test_csv_many2many_and_names(tmp_path, fake_env):
    path = write(tmp_path, """
        id,name,implied_ids/id
        g1,"Group, one","group_user,base.group_portal"
    """, "res.groups-extra.csv")
    load_data_file(fake_env, "base", path, "init")
    assert values_of(fake_env, "base.g1") == {"name": "Group, one", "implied_ids": [(6, 0, [
        fake_env.db.xmlids["base.group_user"][1], fake_env.db.xmlids["base.group_portal"][1]])]}


def test_csv_bad_cell_names_the_row(tmp_path, fake_env):
    path = write(tmp_path, """
        id,name,model_id:id,perm_read
        a1,ok,model_res_partner,1
        a2,bad,model_res_partner,maybe
    """, "ir.model.access.csv")
    with pytest.raises(ParseError) as info:
        load_data_file(fake_env, "base", path, "init")
    assert str(info.value) == ("while parsing %s:3, column 'perm_read': 'maybe' is not a boolean (use 1 or 0)" % path)
    assert fake_env.db.load_calls == []


def test_csv_failing_row_is_found_and_nothing_is_kept(tmp_path, fake_env):
    """When the ORM refuses the batch, the row at fault is named and no row stays written."""
    path = write(tmp_path, """
        id,name
        p1,fine
        p2,FAIL
        p3,fine too
    """, "res.partner.csv")
    before = copy.deepcopy(fake_env.db.rows)
    with pytest.raises(ParseError, match=r":3, refused by a constraint"):
        load_data_file(fake_env, "base", path, "init")
    assert fake_env.db.rows == before and "base.p1" not in fake_env.db.xmlids


def test_csv_unknown_column_and_model(tmp_path, fake_env):
    path = write(tmp_path, "id,nope\nx,1\n", "res.partner.csv")
    with pytest.raises(ParseError, match=r":1, unknown field 'nope' on model 'res.partner'"):
        load_data_file(fake_env, "base", path, "init")
    path = write(tmp_path, "id,name\nx,1\n", "no.such.model.csv")
    with pytest.raises(ParseError, match=r":1, unknown model 'no.such.model'"):
        load_data_file(fake_env, "base", path, "init")


def test_csv_row_length_mismatch(tmp_path, fake_env):
    path = write(tmp_path, "id,name\nx,1,2\n", "res.partner.csv")
    with pytest.raises(ParseError, match=r":2, the row has 3 cells, the header 2"):
        load_data_file(fake_env, "base", path, "init")


def test_csv_noupdate_rows_are_kept_on_update(tmp_path, fake_env):
    fake_env.add("base.p1", "res.partner", {"name": "Edited"}, noupdate=True)
    path = write(tmp_path, "id,name\np1,From file\np2,New\n", "res.partner.csv")
    load_data_file(fake_env, "base", path, "update", noupdate=True)
    assert values_of(fake_env, "base.p1") == {"name": "Edited"}
    assert values_of(fake_env, "base.p2") == {"name": "New"}


def test_csv_without_ids_is_not_reloaded_on_update(tmp_path, fake_env):
    path = write(tmp_path, "name\nA\n", "res.partner.csv")
    load_data_file(fake_env, "base", path, "update")
    assert fake_env.db.load_calls == []


# --- SQL ---------------------------------------------------------------------------------------


def test_sql_statements_run_one_by_one(tmp_path, fake_env):
    path = write(tmp_path, "UPDATE a SET b = 1;\n-- note\nUPDATE c SET d = ';';\n", "fix.sql")
    load_data_file(fake_env, "base", path, "init")
    assert fake_env.cr.executed == ["UPDATE a SET b = 1", "UPDATE c SET d = ';'"]


def test_sql_failure_names_the_statement_line(tmp_path, fake_env):
    path = write(tmp_path, "UPDATE a SET b = 1;\n\nSELECT boom;\n", "fix.sql")
    with pytest.raises(ParseError, match=r"fix.sql:3, RuntimeError: syntax error near boom"):
        load_data_file(fake_env, "base", path, "init")


# --- against the test database (each test rolled back) ----------------------------------------


def imd(env, xml_id):
    module, name = xml_id.split(".")
    return env["ir.model.data"].search([("module", "=", module), ("name", "=", name)])


def test_db_records_and_xml_ids(tmp_path, env):
    path = write(tmp_path, """
        <flectra>
            <record id="test_parent" model="res.partner">
                <field name="name">Parent Org</field>
                <field name="is_company">1</field>
            </record>
            <record id="test_child" model="res.partner">
                <field name="name">Child</field>
                <field name="email">child@example.com</field>
                <field name="parent_id" ref="test_parent"/>
                <field name="color">3</field>
            </record>
        </flectra>
    """)
    idref = {}
    load_data_file(env, "base", path, "init", idref=idref)
    parent, child = env.ref("base.test_parent"), env.ref("base.test_child")
    assert (child.name, child.email, child.parent_id, child.color) == ("Child", "child@example.com", parent, 3)
    assert parent.is_company is True
    assert idref == {"test_parent": parent.id, "test_child": child.id}
    row = imd(env, "base.test_child")
    assert (row.model, row.res_id, row.noupdate) == ("res.partner", child.id, False)


def test_db_groups_actions_and_menus(tmp_path, env):
    path = write(tmp_path, """
        <flectra>
            <record id="test_group" model="res.groups">
                <field name="name">Test group</field>
                <field name="implied_ids" eval="[(4, ref('base.group_user'))]"/>
            </record>
            <record id="test_action" model="ir.actions.act_window">
                <field name="name">Test partners</field>
                <field name="res_model">res.partner</field>
                <field name="view_mode">tree,form</field>
                <field name="domain">[('is_company', '=', True)]</field>
            </record>
            <menuitem id="test_menu_root" name="Test root" sequence="7">
                <menuitem id="test_menu_partner" action="test_action" groups="test_group"/>
            </menuitem>
        </flectra>
    """)
    load_data_file(env, "base", path, "init")
    group, action = env.ref("base.test_group"), env.ref("base.test_action")
    assert env.ref("base.group_user") in group.implied_ids
    assert (action.res_model, action.view_mode, action.domain) == ("res.partner", "tree,form",
                                                                    "[('is_company', '=', True)]")
    root, menu = env.ref("base.test_menu_root"), env.ref("base.test_menu_partner")
    assert (root.name, root.sequence, root.parent_id) == ("Test root", 7, env["ir.ui.menu"])
    assert menu.parent_id == root and menu.name == "Test partners" and menu.groups_id == group
    action_value = menu.action
    assert (action_value if isinstance(action_value, str) else "%s,%d" % (action_value._name, action_value.id)) \
        == "ir.actions.act_window,%d" % action.id


NOUPDATE_XML = """
    <flectra>
        <data noupdate="1">
            <record id="test_kept" model="res.partner"><field name="name">From file</field></record>
        </data>
        <record id="test_updated" model="res.partner"><field name="name">From file</field></record>
    </flectra>
"""


def test_db_noupdate_records_survive_an_upgrade(tmp_path, env):
    """Upgrade rewrites ordinary records, keeps edited noupdate ones, recreates deleted ones."""
    path = write(tmp_path, NOUPDATE_XML)
    load_data_file(env, "base", path, "init")
    assert imd(env, "base.test_kept").noupdate is True
    env.ref("base.test_kept").write({"name": "Edited"})
    env.ref("base.test_updated").write({"name": "Edited"})
    load_data_file(env, "base", path, "update")
    assert env.ref("base.test_kept").name == "Edited"
    assert env.ref("base.test_updated").name == "From file"
    env.ref("base.test_kept").unlink()
    load_data_file(env, "base", path, "update")
    assert env.ref("base.test_kept").name == "From file"


def test_db_missing_reference_names_file_and_line(tmp_path, env):
    path = write(tmp_path, """
        <flectra>
            <record id="test_partner" model="res.partner">
                <field name="name">X</field>
                <field name="parent_id" ref="base.no_such_partner"/>
            </record>
        </flectra>
    """)
    with pytest.raises(ParseError) as info:
        load_data_file(env, "base", path, "init")
    assert str(info.value).startswith("while parsing %s:4, field 'parent_id': " % path)
    assert "base.no_such_partner" in str(info.value)


def test_db_orm_error_names_the_record_line(tmp_path, env):
    """A record the ORM refuses (required name missing) is reported at its own line."""
    path = write(tmp_path, """
        <flectra>
            <record id="test_ok" model="res.groups"><field name="name">Fine</field></record>
            <record id="test_nameless" model="res.groups"><field name="comment">no name</field></record>
        </flectra>
    """)
    with pytest.raises(ParseError, match=r"^while parsing %s:3, " % path):
        load_data_file(env, "base", path, "init")


def test_db_functions_and_delete(tmp_path, env):
    path = write(tmp_path, """
        <flectra>
            <record id="test_target" model="res.partner"><field name="name">Target</field></record>
            <function model="res.partner" name="create" eval="[{'name': 'Made by function'}]"/>
            <function model="res.partner" name="write" eval="[[ref('test_target')], {'email': 't@example.com'}]"/>
            <record id="test_doomed" model="res.partner"><field name="name">Doomed</field></record>
            <delete model="res.partner" id="test_doomed"/>
        </flectra>
    """)
    load_data_file(env, "base", path, "init")
    assert env["res.partner"].search_count([("name", "=", "Made by function")]) == 1
    assert env.ref("base.test_target").email == "t@example.com"
    assert env.ref("base.test_doomed", raise_if_not_found=False) is None
    assert env["res.partner"].search_count([("name", "=", "Doomed")]) == 0


def test_db_csv_rows(tmp_path, env):
    path = write(tmp_path, """
        id,name,email,parent_id:id,is_company
        test_csv_org,CSV Org,,,1
        test_csv_person,CSV Person,p@example.com,test_csv_org,0
    """, "res.partner-test.csv")
    load_data_file(env, "base", path, "init")
    org, person = env.ref("base.test_csv_org"), env.ref("base.test_csv_person")
    assert (org.is_company, org.email) == (True, False)
    assert (person.parent_id, person.email, person.is_company) == (org, "p@example.com", False)


def test_db_access_csv(tmp_path, env):
    path = write(tmp_path, """
        id,name,model_id:id,group_id:id,perm_read,perm_write,perm_create,perm_unlink
        test_access_partner,test partner access,model_res_partner,group_user,1,0,0,0
    """, "ir.model.access.csv")
    load_data_file(env, "base", path, "init")
    access = env.ref("base.test_access_partner")
    assert access.model_id.model == "res.partner" and access.group_id == env.ref("base.group_user")
    assert (access.perm_read, access.perm_write) == (True, False)


def test_db_csv_bad_row_names_its_line_and_writes_nothing(tmp_path, env):
    path = write(tmp_path, """
        id,name,parent_id:id
        test_csv_a,A,
        test_csv_b,B,no_such_partner
    """, "res.partner.csv")
    with pytest.raises(ParseError, match=r"res.partner.csv:3, column 'parent_id': External ID not found"):
        load_data_file(env, "base", path, "init")
    assert env["res.partner"].search_count([("name", "in", ["A", "B"])]) == 0


def test_db_csv_orm_failure_names_its_row(tmp_path, env):
    """The ORM refuses row 3 (required name missing): the whole file is undone and the row is named."""
    path = write(tmp_path, """
        id,name,comment
        test_csv_a,A,first
        test_csv_b,,second
    """, "res.groups.csv")
    with pytest.raises(ParseError, match=r"res.groups.csv:3, "):
        load_data_file(env, "base", path, "init")
    assert env["res.groups"].search_count([("comment", "in", ["first", "second"])]) == 0
    assert env.ref("base.test_csv_a", raise_if_not_found=False) is None


def test_db_sql_file(tmp_path, env):
    env["res.partner"].create({"name": "SQL target"})
    path = write(tmp_path, "UPDATE res_partner SET comment = 'from sql' WHERE name = 'SQL target';\n", "fix.sql")
    load_data_file(env, "base", path, "init")
    assert env["res.partner"].search([("name", "=", "SQL target")]).comment == "from sql"
