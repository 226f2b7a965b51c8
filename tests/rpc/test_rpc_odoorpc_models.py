"""odoorpc against models (rpc-protocol.md §6, §7, §7.1, §7.2; checklist §10.2-10.5, §10.7)."""
import pytest
from odoorpc.error import RPCError

from rpc_support import make_user_on, unique_name

RELATIONAL = {"many2one", "one2many", "many2many"}


def refs(odoo, *xmlids):
    return [odoo.env.ref(x).id for x in xmlids]


@pytest.fixture(scope="module")
def admin(rpc_server):
    return rpc_server.odoo()


@pytest.fixture(scope="module")
def data(rpc_server, admin):
    """Orders with a unique name prefix, so that searches can be scoped to them."""
    prefix = unique_name("P").replace("_", "")
    red, blue = refs(admin, "test_orm_a.tag_red", "test_orm_a.tag_blue")
    root, child = refs(admin, "test_orm_a.category_root", "test_orm_a.category_child")
    Order = admin.env["test.orm.order"]
    partner = admin.env["res.partner"].create({"name": prefix + " Partner", "email": "p@example.com"})
    a = Order.create({
        "name": prefix + "-alpha", "sequence": 5, "note": "Hello World", "tax_percent": 10,
        "category_id": root, "tag_ids": [(6, 0, [red])], "partner_id": partner,
        "deadline": "2026-01-31 12:00:00",
        "line_ids": [(0, 0, {"label": "a1", "amount": 100.0}), (0, 0, {"label": "a2", "amount": 20.0})],
    })
    b = Order.create({
        "name": prefix + "-Beta", "sequence": 15, "tax_percent": 20, "category_id": child,
        "tag_ids": [(6, 0, [blue])], "deadline": "2026-02-01 00:00:00",
        "line_ids": [(0, 0, {"label": "b1", "amount": 10.0})],
    })
    c = Order.create({"name": prefix + "-gamma", "sequence": 25, "note": "hello", "tax_percent": 0})
    d = Order.create({"name": prefix + "-archived", "sequence": 35, "active": False})
    return {"prefix": prefix, "a": a, "b": b, "c": c, "d": d, "red": red, "blue": blue,
            "root": root, "child": child, "partner": partner}


def scoped(data, domain):
    return [("name", "=like", data["prefix"] + "-%")] + list(domain)


def names(admin, data, domain, context=None):
    kwargs = {"fields": ["name"]}
    if context is not None:
        kwargs["context"] = context
    rows = admin.execute_kw("test.orm.order", "search_read", [scoped(data, domain)], kwargs)
    return sorted(r["name"][len(data["prefix"]) + 1:] for r in rows)


# ---------------------------------------------------------------- fields_get
def _check_description(model, fields):
    assert isinstance(fields, dict) and fields, model
    for name, desc in fields.items():
        assert "type" in desc and "string" in desc, (model, name, desc)
        assert ("relation" in desc) == (desc["type"] in RELATIONAL), (model, name, desc)
        if desc["type"] == "selection":
            assert isinstance(desc.get("selection"), list), (model, name, desc)


def test_fields_get_works_on_every_model_as_admin_and_as_plain_user(rpc_server, admin, plain_user):
    models = [m["model"] for m in admin.execute_kw("ir.model", "search_read", [[]], {"fields": ["model"]})]
    assert "test.orm.order" in models and "res.partner" in models
    user = rpc_server.odoo(plain_user["login"], plain_user["password"])
    for model in models:
        _check_description(model, admin.execute(model, "fields_get"))
        _check_description(model, user.execute(model, "fields_get"))


def test_fields_get_entry_shape(admin):
    fields = admin.execute("test.orm.order", "fields_get")
    for magic in ("id", "display_name", "create_uid", "create_date", "write_uid", "write_date"):
        assert magic in fields, magic
    partner = fields["partner_id"]
    assert partner["type"] == "many2one" and partner["relation"] == "res.partner"
    assert partner["required"] is False and partner["readonly"] is False
    assert fields["line_ids"]["relation"] == "test.orm.line"
    assert fields["line_ids"]["relation_field"] == "order_id"
    assert fields["tag_ids"]["type"] == "many2many"
    assert fields["name"]["required"] is True
    assert fields["reference"]["readonly"] is True
    keys = [k for k, _label in fields["state"]["selection"]]
    assert set(keys) == {"draft", "review", "confirmed", "done", "cancel"}   # test_orm_b's selection_add


def test_fields_get_reports_no_null_attributes_and_no_help_when_none(admin):
    fields = admin.execute("test.orm.order", "fields_get")
    for name, desc in fields.items():
        nulls = [k for k, val in desc.items() if val is None]
        assert not nulls, (name, nulls)
    assert "help" not in fields["name"]  # the field has no help text


def test_fields_get_as_plain_user_hides_group_fields_and_is_readonly_without_rights(rpc_server, admin,
                                                                                  plain_user):
    assert "secret_note" in admin.execute("test.orm.order", "fields_get")
    user = rpc_server.odoo(plain_user["login"], plain_user["password"])
    fields = user.execute("test.orm.order", "fields_get")
    assert "secret_note" not in fields           # groups the user lacks
    assert "name" in fields
    # no write nor create access: every field readonly, no states
    for name, desc in fields.items():
        assert desc["readonly"] is True, name
        assert not desc.get("states"), name
    users_fields = user.execute("res.users", "fields_get")
    assert "login_failures" not in users_fields   # base.group_system only


def test_env_model_access_as_plain_user(rpc_server, plain_user):
    user = rpc_server.odoo(plain_user["login"], plain_user["password"])
    Partner = user.env["res.partner"]
    assert Partner.search_count([]) >= 1
    assert user.env.user.login == plain_user["login"]


# ---------------------------------------------------------------- search / count / read
OPERATOR_CASES = [
    ([("sequence", "=", 5)], ["alpha"]),
    ([("sequence", "!=", 5)], ["Beta", "gamma"]),
    ([("sequence", "<>", 5)], ["Beta", "gamma"]),
    ([("sequence", "<", 15)], ["alpha"]),
    ([("sequence", "<=", 15)], ["Beta", "alpha"]),
    ([("sequence", ">", 15)], ["gamma"]),
    ([("sequence", ">=", 15)], ["Beta", "gamma"]),
    ([("sequence", "=?", False)], ["Beta", "alpha", "gamma"]),
    ([("sequence", "=?", 25)], ["gamma"]),
    ([("note", "like", "Hello")], ["alpha"]),              # case-sensitive on every backend
    ([("note", "ilike", "hello")], ["alpha", "gamma"]),
    ([("note", "not like", "Hello")], ["Beta", "gamma"]),   # NULL matches the negation
    ([("note", "not ilike", "hello")], ["Beta"]),
    ([("note", "=like", "hello")], ["gamma"]),
    ([("note", "=ilike", "HELLO%")], ["alpha", "gamma"]),
    ([("note", "=", False)], ["Beta"]),
    ([("note", "!=", False)], ["alpha", "gamma"]),
    ([("tax_percent", "in", [10, 20])], ["Beta", "alpha"]),
    ([("tax_percent", "not in", [10, 20])], ["gamma"]),
    ([("tax_percent", "in", [])], []),
    ([("category_id", "in", [False])], ["gamma"]),
    ([("category_id", "=", False)], ["gamma"]),
    ([("category_id", "child_of", "ROOT")], ["Beta", "alpha"]),
    ([("category_id", "parent_of", "CHILD")], ["Beta", "alpha"]),
    ([("category_id", "ilike", "child")], ["Beta"]),
    ([("category_id.name", "=", "Root Category")], ["alpha"]),
    ([("tag_ids", "in", "RED")], ["alpha"]),
    ([("tag_ids", "not in", "RED")], ["Beta", "gamma"]),
    ([("line_ids", "=", False)], ["gamma"]),
    ([("line_ids.amount", ">", 50)], ["alpha"]),
    ([("deadline", "<=", "2026-01-31")], ["alpha"]),       # end of that day
    ([("deadline", "<", "2026-01-31")], []),                # start of that day
    ([("deadline", ">=", "2026-02-01")], ["Beta"]),
    (["|", ("sequence", "=", 5), ("sequence", "=", 25)], ["alpha", "gamma"]),
    (["!", ("sequence", "=", 5)], ["Beta", "gamma"]),
    (["&", ("sequence", ">", 1), ("note", "ilike", "world")], ["alpha"]),
    ([(1, "=", 1)], ["Beta", "alpha", "gamma"]),
    ([(0, "=", 1)], []),
]


def _resolve(value, data):
    if value == "ROOT":
        return data["root"]
    if value == "CHILD":
        return data["child"]
    if value == "RED":
        return [data["red"]]
    return value


@pytest.mark.parametrize("domain,expected", OPERATOR_CASES, ids=[repr(c[0]) for c in OPERATOR_CASES])
def test_search_operators(admin, data, domain, expected):
    domain = [tuple(t[:2]) + (_resolve(t[2], data),) if isinstance(t, tuple) else t for t in domain]
    assert names(admin, data, domain) == sorted(expected)
    count = admin.execute_kw("test.orm.order", "search_count", [scoped(data, domain)])
    assert count == len(expected)
    ids = admin.env["test.orm.order"].search(scoped(data, domain))
    assert isinstance(ids, list) and len(ids) == len(expected)


def test_search_limit_offset_order(admin, data):
    Order = admin.env["test.orm.order"]
    ids = Order.search(scoped(data, []), order="sequence desc")
    assert ids == [data["c"], data["b"], data["a"]]
    assert Order.search(scoped(data, []), order="sequence", limit=2) == [data["a"], data["b"]]
    assert Order.search(scoped(data, []), order="sequence", offset=1, limit=1) == [data["b"]]


def test_search_read_values_follow_the_read_encoding(admin, data):
    rows = admin.execute_kw("test.orm.order", "search_read", [scoped(data, [("id", "=", data["a"])])],
                            {"fields": ["name", "partner_id", "tag_ids", "line_ids", "deadline", "date_order",
                                        "total", "note", "state"]})
    assert len(rows) == 1
    row = rows[0]
    assert row["id"] == data["a"]
    assert row["partner_id"][0] == data["partner"] and isinstance(row["partner_id"][1], str)
    assert row["tag_ids"] == [data["red"]]
    assert len(row["line_ids"]) == 2
    assert row["deadline"] == "2026-01-31 12:00:00"
    assert len(row["date_order"]) == 10 and row["date_order"][4] == "-"
    assert row["total"] == 120.0
    assert row["state"] == "draft"
    empty = admin.execute_kw("test.orm.order", "read", [[data["c"]], ["partner_id", "note", "deadline",
                                                                       "category_id", "line_ids"]])[0]
    assert empty["partner_id"] is False and empty["deadline"] is False and empty["category_id"] is False
    assert empty["line_ids"] == []


def test_read_values_of_an_empty_record(admin):
    sid = admin.env["test.orm.scalar"].create({})
    row = admin.execute_kw("test.orm.scalar", "read", [[sid]])[0]
    assert row["id"] == sid
    for name in ("char_field", "text_field", "html_field", "date_field", "datetime_field",
                 "selection_field", "binary_field", "tag_id"):
        assert row[name] is False, name
    assert row["bool_field"] is False
    assert row["int_field"] == 0 and row["float_field"] == 0.0
    assert row["display_name"] == "test.orm.scalar,%d" % sid


def test_non_stored_computed_fields_are_computed_on_read(admin, data):
    row = admin.execute_kw("test.orm.order", "read", [[data["a"]], ["line_count", "is_big", "total", "tax"]])[0]
    assert row["line_count"] == 2
    assert row["is_big"] is False
    assert row["tax"] == 12.0                       # 120 * 10 %
    line = admin.execute_kw("test.orm.line", "search_read", [[("order_id", "=", data["a"]), ("label", "=", "a1")]],
                            {"fields": ["amount_cents", "subtotal"]})[0]
    assert line["amount_cents"] == 10000 and line["subtotal"] == 110.0
    # a computed field with an inverse is writable
    assert admin.execute_kw("test.orm.line", "write", [[line["id"]], {"amount_cents": 10050}]) is True
    assert admin.execute_kw("test.orm.line", "read", [[line["id"]], ["amount"]])[0]["amount"] == 100.5
    assert admin.execute_kw("test.orm.line", "write", [[line["id"]], {"amount": 100.0}]) is True


def test_context_active_test_false_finds_archived(admin, data):
    Order = admin.env["test.orm.order"]
    assert data["d"] not in Order.search(scoped(data, []))
    assert data["d"] in Order.with_context(active_test=False).search(scoped(data, []))
    assert names(admin, data, [("sequence", "=", 35)], context={"active_test": False}) == ["archived"]


def test_context_lang_changes_fields_get_labels(admin):
    zh = admin.execute_kw("res.partner", "fields_get", [["name", "display_name"]], {"context": {"lang": "zh_CN"}})
    en = admin.execute_kw("res.partner", "fields_get", [["name", "display_name"]], {"context": {"lang": "en_US"}})
    none = admin.execute_kw("res.partner", "fields_get", [["name", "display_name"]], {})
    assert en["name"]["string"] == "Name" and en["display_name"]["string"] == "Display Name"
    assert zh["name"]["string"] == "名称" and zh["display_name"]["string"] == "显示名称"
    assert none["name"]["string"] == "Name"   # no context: no language
    Partner = admin.env["res.partner"]
    assert Partner.fields_get(["name"], context={"lang": "zh_CN"})["name"]["string"] == "名称"


# ---------------------------------------------------------------- browse
def test_browse_existing_reads_all_plain_fields(admin, data):
    order = admin.env["test.orm.order"].browse(data["a"])
    assert order.id == data["a"]
    assert order.name == data["prefix"] + "-alpha"
    assert order.sequence == 5
    assert order.total == 120.0
    orders = admin.env["test.orm.order"].browse([data["a"], data["b"]])
    assert len(orders) == 2
    assert sorted(o.sequence for o in orders) == [5, 15]


def test_browse_missing_raises_client_value_error(admin, data):
    Tag = admin.env["test.orm.tag"]
    tag = Tag.create({"name": unique_name("gone")})
    Tag.unlink([tag])
    with pytest.raises(ValueError):
        Tag.browse([tag])
    with pytest.raises(ValueError):
        admin.env["test.orm.order"].browse([data["a"], 987654321])


def test_browse_empty_calls_default_get_with_every_field(admin):
    Order = admin.env["test.orm.order"]
    empty = Order.browse([])
    assert len(empty) == 0
    assert list(empty) == []
    assert len(Order.browse(False)) == 0
    defaults = admin.execute_kw("test.orm.order", "default_get",
                                [list(admin.execute("test.orm.order", "fields_get"))])
    assert defaults.get("state") == "draft"
    assert defaults.get("tax_percent") == 10
    assert defaults.get("active") is True


def test_lazy_many2one_is_a_bare_int_and_follows_relations(admin, data):
    raw = admin.execute_kw("test.orm.order", "read", [[data["a"]], ["partner_id", "category_id"]],
                           {"load": "_classic_write"})
    assert raw == [{"id": data["a"], "partner_id": data["partner"], "category_id": data["root"]}]
    order = admin.env["test.orm.order"].browse(data["a"])
    assert order.partner_id.id == data["partner"]
    assert order.partner_id.email == "p@example.com"
    assert order.category_id.name == "Root Category"
    # empty many2one
    assert not admin.env["test.orm.order"].browse(data["c"]).partner_id
    # x2many
    assert [t.id for t in order.tag_ids] == [data["red"]]
    assert sorted(l.label for l in order.line_ids) == ["a1", "a2"]


def _tag_ids(admin, order_id):
    return sorted(admin.execute_kw("test.orm.order", "read", [[order_id], ["tag_ids"]])[0]["tag_ids"])


def test_x2many_add_remove_assign_clear_persist(admin, data):
    Tag = admin.env["test.orm.tag"]
    t1 = Tag.browse(Tag.create({"name": unique_name("t1")}))
    t2 = Tag.browse(Tag.create({"name": unique_name("t2")}))
    oid = admin.env["test.orm.order"].create({"name": data["prefix"] + "x-x2m"})
    order = admin.env["test.orm.order"].browse(oid)
    order.tag_ids += t1                              # [(4, t1)]
    assert _tag_ids(admin, oid) == [t1.id]
    order = admin.env["test.orm.order"].browse(oid)
    order.tag_ids += t2
    assert _tag_ids(admin, oid) == sorted([t1.id, t2.id])
    order = admin.env["test.orm.order"].browse(oid)
    order.tag_ids -= t1                              # [(3, t1)]
    assert _tag_ids(admin, oid) == [t2.id]
    order = admin.env["test.orm.order"].browse(oid)
    order.tag_ids = [t1, t2]                         # [(6, 0, ids)]
    assert _tag_ids(admin, oid) == sorted([t1.id, t2.id])
    order = admin.env["test.orm.order"].browse(oid)
    order.tag_ids = []                               # [(5,)]
    assert _tag_ids(admin, oid) == []
    # the short command lists themselves
    assert admin.execute_kw("test.orm.order", "write", [[oid], {"tag_ids": [[4, t1.id]]}]) is True
    assert admin.execute_kw("test.orm.order", "write", [[oid], {"tag_ids": [[4, t2.id], [3, t1.id]]}]) is True
    assert _tag_ids(admin, oid) == [t2.id]
    assert admin.execute_kw("test.orm.order", "write", [[oid], {"tag_ids": [[5]]}]) is True
    assert _tag_ids(admin, oid) == []


# ---------------------------------------------------------------- CRUD
def test_create_write_unlink_copy(admin, data):
    Order = admin.env["test.orm.order"]
    oid = Order.create({"name": data["prefix"] + "x-crud", "note": "n"})
    assert isinstance(oid, int)
    many = admin.execute_kw("test.orm.order", "create", [[{"name": data["prefix"] + "x-m1"},
                                                          {"name": data["prefix"] + "x-m2"}]])
    assert isinstance(many, list) and len(many) == 2 and all(isinstance(i, int) for i in many)
    order = Order.browse(oid)
    order.name = data["prefix"] + "x-crud2"               # auto-commit write
    order.note = False
    row = admin.execute_kw("test.orm.order", "read", [[oid], ["name", "note", "reference"]])[0]
    assert row["name"] == data["prefix"] + "x-crud2" and row["note"] is False
    assert row["reference"]                               # set by the addon's create
    assert admin.execute_kw("test.orm.order", "write", [[oid], {"sequence": 7}]) is True
    copy_id = admin.execute_kw("test.orm.order", "copy", [oid], {"default": {"name": data["prefix"] + "x-copy"}})
    assert isinstance(copy_id, int) and copy_id != oid
    copied = admin.execute_kw("test.orm.order", "read", [[copy_id], ["name", "sequence", "reference"]])[0]
    assert copied["name"] == data["prefix"] + "x-copy" and copied["sequence"] == 7
    assert copied["reference"] != row["reference"]        # copy=False field gets a new value
    assert admin.execute_kw("test.orm.order", "unlink", [[oid, copy_id] + many]) is True
    assert Order.search([("id", "in", [oid, copy_id] + many)]) == []


def test_api_returns_results_are_downgraded(admin, data):
    copy_id = admin.execute_kw("test.orm.order", "copy", [data["a"]], {"default": {"name": data["prefix"] + "x-dg"}})
    assert isinstance(copy_id, int) and copy_id != data["a"]          # @api.returns: the record's id
    assert admin.execute_kw("test.orm.order", "unlink", [[copy_id]]) is True


def test_record_method_with_arguments(admin, data):
    order = admin.env["test.orm.order"].browse(data["a"])
    assert order.user_has_groups("base.group_user") is True          # record method: args[0] = ids
    assert admin.execute_kw("test.orm.order", "user_has_groups", [[data["a"]], "base.group_portal"]) is False
    # @api.model method: no ids in args
    assert admin.env["res.users"].has_group("test_orm_a.group_a_manager") is True
    assert admin.execute_kw("res.users", "has_group", ["base.group_portal"]) is False
    oid = admin.env["test.orm.order"].create({"name": data["prefix"] + "x-confirm"})
    assert admin.env["test.orm.order"].browse(oid).action_confirm() is True
    assert admin.execute_kw("test.orm.order", "read", [[oid], ["state"]])[0]["state"] == "confirmed"
    assert admin.execute_kw("test.orm.order", "read", [[oid], ["name"]], {"load": "_classic_write"})[0]["name"]


def test_method_returning_none_has_no_result_key(rpc_server, admin, data):
    res = rpc_server.execute_kw(admin.env.uid, "test.orm.order", "check_access_rule", [[data["a"]], "read"])
    assert "error" not in res, res
    assert "result" not in res
    # odoorpc turns the missing key into None
    assert admin.env["test.orm.order"].browse(data["a"]).check_access_rule("read") is None
    assert admin.execute("test.orm.order", "check_access_rule", [data["a"]], "read") is None


def test_execute_and_execute_kw_directly(admin, data):
    assert admin.execute("test.orm.order", "search_count", scoped(data, [])) == 3
    assert admin.execute_kw("test.orm.order", "search_count", [scoped(data, [])],
                            {"context": {"active_test": False}}) == 4
    rows = admin.execute("test.orm.order", "read", [data["a"]], ["name"])
    assert rows[0]["name"] == data["prefix"] + "-alpha"


def test_non_json_values_are_sent_as_text(rpc_server, admin):
    # a record method returning a recordset without @api.returns arrives as str(recordset)
    res = rpc_server.execute_kw(admin.env.uid, "res.users", "sudo", [[admin.env.uid]])
    if "error" in res:
        pytest.skip("sudo is not callable remotely on this server: %s" % res["error"]["data"]["message"])
    assert res["result"] == "res.users(%d,)" % admin.env.uid


# ---------------------------------------------------------------- env helpers
@pytest.mark.parametrize("version", [None, "17.0"], ids=["reported-version", "forced-17.0"])
def test_env_ref(rpc_server, version):
    client = rpc_server.odoo(version=version)
    seq = client.env.ref("test_orm_a.seq_test_orm_order")
    assert seq._name == "ir.sequence"
    assert seq.code == "test.orm.order"
    admin = client.env.ref("base.user_admin")
    assert admin.id == client.env.uid
    with pytest.raises(RPCError) as info:
        client.env.ref("test_orm_a.no_such_record")
    assert "External ID not found in the system" in str(info.value)


def test_env_ref_xmlid_to_res_model_res_id_for_old_versions(admin):
    assert admin.execute("ir.model.data", "xmlid_to_res_model_res_id", "test_orm_a.tag_red", True) == \
        ["test.orm.tag", admin.env.ref("test_orm_a.tag_red").id]
    assert admin.execute("ir.model.data", "check_object_reference", "test_orm_a", "tag_red", True) == \
        ["test.orm.tag", admin.env.ref("test_orm_a.tag_red").id]


def test_env_ref_on_a_server_reporting_17(dev_server):
    client = dev_server.odoo()
    assert client.version == "17.0"
    assert client.env.ref("test_orm_a.tag_red").name == "Red"


def test_model_in_env(admin):
    assert "test.orm.order" in admin.env
    assert "res.partner" in admin.env
    assert "x.no.such.model" not in admin.env


def test_env_user(admin, admin_uid):
    user = admin.env.user
    assert user.id == admin_uid
    assert user.login == "admin"
    assert user.partner_id.id
    assert user.company_id.id


def test_plain_user_env_user_and_access(rpc_server):
    user = make_user_on(rpc_server, groups=("test_orm_a.group_a_user",))
    client = rpc_server.odoo(user["login"], user["password"])
    assert client.env.user.login == user["login"]
    oid = client.env["test.orm.order"].create({"name": unique_name("userorder")})
    assert client.env["test.orm.order"].browse(oid).responsible_id.id == user["uid"]
    with pytest.raises(RPCError) as info:
        client.env["test.orm.order"].unlink([oid])        # users may not delete orders
    assert info.value.info["data"]["name"] == "flectra.exceptions.AccessError"
