"""``onchange(values, field_name, field_onchange)`` in the F2 shape, on the test models: the
@api.onchange methods run on an in-memory record, and changed values come back (computed
fields too), many2one as [id, name], x2many as commands; nothing is written."""
import pytest

SPEC = {"name": "1", "partner_id": "1", "note": "", "partner_email": "", "line_ids": "", "line_ids.label": "",
        "line_ids.amount": "", "tax_percent": "", "total": "", "tax": "", "line_count": ""}


@pytest.fixture
def partner(env):
    return env["res.partner"].create({"name": "Onchange partner", "email": "onchange.web@example.com"})


def test_changed_many2one_runs_its_onchange_and_related_fields(env, partner):
    values = {"name": "New order", "partner_id": partner.id, "note": False, "partner_email": False,
              "line_ids": [], "tax_percent": 10, "total": 0.0, "tax": 0.0, "line_count": 0}
    res = env["test.orm.order"].onchange(values, "partner_id", SPEC)
    assert res["value"]["note"] == "Contact: onchange.web@example.com"
    assert res["value"]["partner_email"] == "onchange.web@example.com"
    assert "partner_id" not in res["value"] and "name" not in res["value"] and "warning" not in res
    assert not env["test.orm.order"].search([("name", "=", "New order")])


def test_many2one_given_as_pair_and_returned_as_pair(env, partner):
    values = {"name": "Pair order", "partner_id": [partner.id, partner.name], "note": "old"}
    res = env["test.orm.order"].onchange(values, "partner_id", SPEC)
    assert res["value"]["note"] == "Contact: onchange.web@example.com"


def test_lines_change_recomputes_totals(env):
    values = {"name": "Lines", "tax_percent": 10, "total": 0.0, "tax": 0.0, "line_count": 0,
              "line_ids": [[0, 0, {"label": "a", "amount": 20.0}], [0, 0, {"label": "b", "amount": 30.0}]]}
    res = env["test.orm.order"].onchange(values, "line_ids", SPEC)
    assert res["value"]["total"] == 50.0
    assert res["value"]["tax"] == 5.0
    assert res["value"]["line_count"] == 2


def test_existing_record_uses_its_stored_values(env):
    order = env["test.orm.order"].create({"name": "Stored", "tax_percent": 10,
                                          "line_ids": [(0, 0, {"label": "x", "amount": 100.0})]})
    res = order.onchange({"tax_percent": 50, "total": 100.0, "tax": 10.0}, "tax_percent", SPEC)
    assert res["value"] == {"tax": 50.0}
    order.invalidate_cache()
    assert order.tax_percent == 10 and order.tax == 10.0      # nothing written


def test_first_call_for_a_new_record_runs_onchanges_of_given_values(env, partner):
    defaults = env["test.orm.order"].default_get(["name", "partner_id", "tax_percent", "state"])
    res = env["test.orm.order"].onchange(dict(defaults, partner_id=partner.id), [], SPEC)
    assert res["value"]["note"] == "Contact: onchange.web@example.com"


def test_onchange_result_in_the_users_language(env, partner):
    res = env["test.orm.order"].with_context(lang="zh_CN").onchange(
        {"name": "Lang", "partner_id": partner.id}, "partner_id", SPEC)
    assert "onchange.web@example.com" in res["value"]["note"]


def test_onchange_methods_are_found_once_for_forms_and_rpc(env):
    methods = env["test.orm.order"]._onchange_methods("partner_id")
    assert [m.__name__ for m in methods] == ["_onchange_partner_id"]
    assert env["test.orm.order"]._onchange_methods("name") == []


def test_bad_arguments(env):
    with pytest.raises(TypeError):
        env["test.orm.order"].onchange(["not", "a", "dict"], "name", {})


def test_fields_the_user_may_not_read_are_neither_set_nor_returned(env):
    user = env["res.users"].create({"name": "Onchange case user", "login": "onchange_case_user", "groups_id": [
        (6, 0, [env.ref("fuyi_case.fuyi_case_group_user").id])]})
    spec = {"name": "1", "party_kind": "1", "id_number": "1", "id_number_masked": "1"}
    res = env["res.partner"].with_user(user).onchange(
        {"name": "P", "party_kind": "person", "id_number": "11010519491231002X"}, "party_kind", spec)
    assert "id_number" not in res["value"]
    assert res["value"].get("id_number_masked") in (None, False)


def test_changed_stored_lines_count_without_being_written(env):
    order = env["test.orm.order"].create({"name": "Lines stored", "tax_percent": 10, "line_ids": [
        (0, 0, {"label": "keep", "amount": 100.0}), (0, 0, {"label": "edit", "amount": 50.0})]})
    keep, edit = order.line_ids.sorted("id")
    # as the web client sends them: only changed lines, plus a new one
    values = {"name": "Lines stored", "tax_percent": 10, "total": 150.0, "tax": 15.0,
              "line_ids": [[1, edit.id, {"amount": 10.0}], [0, 0, {"label": "new", "amount": 1.0}]]}
    res = order.onchange(values, "line_ids", SPEC)
    assert res["value"]["total"] == 111.0 and res["value"]["tax"] == 11.1
    assert "line_ids" not in res["value"]        # the onchange did not change the lines themselves
    edit.invalidate_cache()
    assert edit.amount == 50.0 and len(order.line_ids) == 2       # nothing written


def test_x2many_values_come_back_as_commands(env):
    order = env["test.orm.order"].create({"name": "Commands", "line_ids": [
        (0, 0, {"label": "keep", "amount": 100.0}), (0, 0, {"label": "edit", "amount": 50.0})]})
    keep, edit = order.line_ids.sorted("id")
    field = order._fields["line_ids"]
    record = env["test.orm.order"].new({}, origin=order)
    lines = order._fz_onchange_lines(record, order, field, [[1, edit.id, {"amount": 10.0}],
                                                           [0, 0, {"label": "new", "amount": 1.0}]])
    env.cache.set(field, record._ids[0], lines)
    commands = order._fz_onchange_result(record, "line_ids", SPEC)
    assert commands == [[5], [4, keep.id], [1, edit.id, {"label": "edit", "amount": 10.0}],
                        [0, 0, {"label": "new", "amount": 1.0}]]


def test_stored_computed_field_of_an_existing_record_follows_the_change(env):
    """An existing record: changing a field recomputes the stored computed fields that depend on it
    in memory (the client sends the stale stored value), and nothing is written."""
    order = env["test.orm.order"].create({"name": "Stored", "tax_percent": 10,
                                          "line_ids": [(0, 0, {"label": "a", "amount": 20.0})]})
    line = order.line_ids
    assert line.subtotal == 22.0
    spec = {"label": "1", "amount": "1", "subtotal": "", "order_id": ""}
    values = {"label": "a", "amount": 30.0, "subtotal": 22.0, "order_id": order.id}
    res = line.onchange(values, "amount", spec)
    assert res["value"]["subtotal"] == 33.0
    line.invalidate_recordset()
    assert (line.amount, line.subtotal) == (20.0, 22.0)
