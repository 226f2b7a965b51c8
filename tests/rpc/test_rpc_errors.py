"""Errors over JSON-RPC and XML-RPC (rpc-protocol.md §2, §3, §5 object, §8; checklist §10.5, §10.6;
security-reliability API-1, API-2)."""
import xmlrpc.client

import pytest
from odoorpc.error import RPCError

from rpc_support import has_traceback, make_user_on, unique_name

EN = {"lang": "en_US"}
ACCESS_DENIED = "flectra.exceptions.AccessDenied"
USER_ERROR = "flectra.exceptions.UserError"
VALIDATION_ERROR = "flectra.exceptions.ValidationError"
ACCESS_ERROR = "flectra.exceptions.AccessError"
MISSING_ERROR = "flectra.exceptions.MissingError"


@pytest.fixture(scope="module")
def admin(rpc_server):
    return rpc_server.odoo()


@pytest.fixture(scope="module")
def deleted_tag(admin):
    Tag = admin.env["test.orm.tag"]
    tag = Tag.create({"name": unique_name("deleted")})
    Tag.unlink([tag])
    return tag


def rpc_error(admin, model, method, args, kwargs=None):
    with pytest.raises(RPCError) as info:
        admin.execute_kw(model, method, args, kwargs or {"context": EN})
    return info.value


def check_error(exc, name, message=None, contains=None):
    err = exc.info
    assert err["data"]["name"] == name, err
    assert err["data"]["message"] == str(exc)
    if message is not None:
        assert err["data"]["message"] == message
    if contains is not None:
        assert contains in err["data"]["message"], err["data"]["message"]
    assert err["message"]
    assert isinstance(err["code"], int)
    assert err["data"]["arguments"] and isinstance(err["data"]["arguments"], list)
    assert isinstance(err["data"]["context"], dict)
    assert not has_traceback(err["data"].get("debug")), "traceback outside dev mode"
    return err


# ---------------------------------------------------------------- the five exception types (JSON)
def test_user_error_from_addon_code(admin):
    # test.orm.order._search_is_big raises UserError for unsupported operators
    exc = rpc_error(admin, "test.orm.order", "search", [[("is_big", ">", 1)]])
    check_error(exc, USER_ERROR, message='Unsupported operator > for "Is Big".')


def test_validation_error_from_a_constraint(admin):
    oid = admin.env["test.orm.order"].create({"name": unique_name("valid")})
    exc = rpc_error(admin, "test.orm.order", "write", [[oid], {"tax_percent": 150}])
    check_error(exc, VALIDATION_ERROR, message="The tax percentage must lie between 0 and 100.")
    assert admin.execute_kw("test.orm.order", "read", [[oid], ["tax_percent"]])[0]["tax_percent"] == 10


def test_access_error_from_acl(admin):
    exc = rpc_error(admin, "test.orm.secret", "search", [[]])   # model without any ir.model.access row
    check_error(exc, ACCESS_ERROR)


def test_access_error_from_record_rules(rpc_server):
    owner = make_user_on(rpc_server, groups=("test_orm_a.group_a_user",))
    other = make_user_on(rpc_server, groups=("test_orm_a.group_a_user",))
    client = rpc_server.odoo(owner["login"], owner["password"])
    doc = client.env["test.orm.rule.doc"].create({"name": "mine"})
    intruder = rpc_server.odoo(other["login"], other["password"])
    with pytest.raises(RPCError) as info:
        intruder.execute_kw("test.orm.rule.doc", "write", [[doc], {"name": "stolen"}], {"context": EN})
    check_error(info.value, ACCESS_ERROR)
    assert intruder.execute_kw("test.orm.rule.doc", "search", [[("id", "=", doc)]]) == []


def test_access_denied_for_a_wrong_password_on_object(rpc_server, make_user):
    user = make_user()
    res = rpc_server.execute_kw(user["uid"], "res.partner", "search", [[]], password="Wr0ng-Passw0rd!")
    err = res["error"]
    assert err["data"]["name"] == ACCESS_DENIED
    assert err["data"]["message"] == "Access Denied"
    assert not has_traceback(err["data"].get("debug"))


def test_missing_error_when_writing_a_deleted_record(admin, deleted_tag):
    exc = rpc_error(admin, "test.orm.tag", "write", [[deleted_tag], {"color": 3}])
    check_error(exc, MISSING_ERROR)


def test_error_messages_follow_the_context_language(admin, deleted_tag):
    exc = rpc_error(admin, "test.orm.tag", "write", [[deleted_tag], {"color": 3}], {"context": {"lang": "zh_CN"}})
    assert exc.info["data"]["name"] == MISSING_ERROR
    assert "记录不存在" in str(exc)


# ---------------------------------------------------------------- same errors over XML-RPC
@pytest.fixture(scope="module")
def xml_call(rpc_server, admin):
    proxy = rpc_server.xmlrpc("object")

    def call(model, method, args, kwargs=None, password=None, uid=None):
        return proxy.execute_kw(rpc_server.dbname, uid or admin.env.uid,
                                password or rpc_server.admin_password, model, method, args, kwargs or {})
    return call


def xml_fault(func, *args, **kwargs):
    with pytest.raises(xmlrpc.client.Fault) as info:
        func(*args, **kwargs)
    return info.value


def test_xmlrpc_fault_codes_2_2_4_3_2(rpc_server, admin, xml_call, deleted_tag, make_user):
    f = xml_fault(xml_call, "test.orm.order", "search", [[("is_big", ">", 1)]])
    assert (f.faultCode, f.faultString) == (2, 'Unsupported operator > for "Is Big".')
    oid = admin.env["test.orm.order"].create({"name": unique_name("fault")})
    f = xml_fault(xml_call, "test.orm.order", "write", [[oid], {"tax_percent": -1}])
    assert (f.faultCode, f.faultString) == (2, "The tax percentage must lie between 0 and 100.")
    f = xml_fault(xml_call, "test.orm.secret", "search", [[]])
    assert f.faultCode == 4 and f.faultString
    user = make_user()
    f = xml_fault(xml_call, "res.partner", "search", [[]], uid=user["uid"], password="Wr0ng-Passw0rd!")
    assert (f.faultCode, f.faultString) == (3, "Access Denied")
    f = xml_fault(xml_call, "test.orm.tag", "write", [[deleted_tag], {"color": 3}])
    assert f.faultCode == 2 and f.faultString


def test_legacy_xmlrpc_object_string_faults(rpc_server, admin, deleted_tag, make_user):
    proxy = rpc_server.xmlrpc("object", legacy=True)
    db, uid, pw = rpc_server.dbname, admin.env.uid, rpc_server.admin_password
    f = xml_fault(proxy.execute_kw, db, uid, pw, "test.orm.order", "search", [[("is_big", ">", 1)]])
    assert f.faultCode == 'warning -- UserError\n\nUnsupported operator > for "Is Big".'
    assert f.faultString == ""
    oid = admin.env["test.orm.order"].create({"name": unique_name("legacy")})
    f = xml_fault(proxy.execute_kw, db, uid, pw, "test.orm.order", "write", [[oid], {"tax_percent": 101}])
    assert f.faultCode == "warning -- UserError\n\nThe tax percentage must lie between 0 and 100."
    f = xml_fault(proxy.execute_kw, db, uid, pw, "test.orm.secret", "search", [[]])
    assert f.faultCode.startswith("warning -- AccessError\n\n") and f.faultString == ""
    f = xml_fault(proxy.execute_kw, db, uid, pw, "test.orm.tag", "write", [[deleted_tag], {"color": 3}])
    assert f.faultCode.startswith("warning -- MissingError\n\n") and f.faultString == ""
    user = make_user()
    f = xml_fault(proxy.execute_kw, db, user["uid"], "Wr0ng-Passw0rd!", "res.partner", "search", [[]])
    assert f.faultCode == "AccessDenied"
    assert f.faultString == "Access Denied"
    # an internal error: the exception text as code; no traceback outside dev mode
    f = xml_fault(proxy.execute_kw, db, uid, pw, "res.partner", "search", [[], 0, 1, "id", False, "x", "y"])
    assert isinstance(f.faultCode, str) and f.faultCode
    assert not has_traceback(f.faultString)


# ---------------------------------------------------------------- unknown model / method, private methods
def test_unknown_model(rpc_server, admin, xml_call):
    exc = rpc_error(admin, "x.no.such.model", "search", [[]])
    check_error(exc, USER_ERROR, message="Object x.no.such.model doesn't exist")
    f = xml_fault(xml_call, "x.no.such.model", "search", [[]])
    assert (f.faultCode, f.faultString) == (2, "Object x.no.such.model doesn't exist")


def test_unknown_method(rpc_server, admin, xml_call):
    exc = rpc_error(admin, "res.partner", "no_such_method", [[]])
    err = check_error(exc, "builtins.AttributeError")
    assert err["data"]["message"] in (
        "type object 'res.partner' has no attribute 'no_such_method'",
        "The method 'res.partner.no_such_method' does not exist",
    )
    f = xml_fault(xml_call, "res.partner", "no_such_method", [[]])
    assert f.faultCode == 1
    assert not has_traceback(f.faultString)


def _password_works(server, login, password):
    return server.jsonrpc("common", "login", server.dbname, login, password).get("result")


@pytest.mark.parametrize("protocol", ["jsonrpc", "xmlrpc"])
def test_private_method_is_refused_and_not_executed(rpc_server, admin, make_user, protocol):
    user = make_user()
    new_password = "N3w-Passw0rd!zq"
    args = [[user["uid"]], new_password]
    if protocol == "jsonrpc":
        res = rpc_server.execute_kw(admin.env.uid, "res.users", "_store_password", args)
        err = res["error"]
        assert err["data"]["name"] == ACCESS_ERROR
        assert "cannot be called remotely" in err["data"]["message"]
        assert not has_traceback(err["data"].get("debug"))
    else:
        proxy = rpc_server.xmlrpc("object")
        f = xml_fault(proxy.execute_kw, rpc_server.dbname, admin.env.uid, rpc_server.admin_password,
                      "res.users", "_store_password", args, {})
        assert f.faultCode == 4
        assert "cannot be called remotely" in f.faultString
    # nothing executed: the old password still works, the new one does not
    assert _password_works(rpc_server, user["login"], user["password"]) == user["uid"]
    assert not _password_works(rpc_server, user["login"], new_password)


@pytest.mark.parametrize("method", ["__init__", "__class__", "_name", "_compute_total", "_check_tax_percent"])
def test_dunder_and_private_names_are_refused(rpc_server, admin, method):
    res = rpc_server.execute_kw(admin.env.uid, "test.orm.order", method, [[]])
    err = res["error"]
    assert err["data"]["name"] == ACCESS_ERROR, err
    assert "cannot be called remotely" in err["data"]["message"]


def test_private_method_through_execute(admin):
    with pytest.raises(RPCError) as info:
        admin.execute("res.users", "_is_superuser", [admin.env.uid])
    assert info.value.info["data"]["name"] == ACCESS_ERROR
    assert "cannot be called remotely" in str(info.value)


# ---------------------------------------------------------------- database constraints
def test_sql_unique_constraint_is_a_validation_error(admin):
    exc = rpc_error(admin, "test.orm.tag", "create", [{"name": "Red"}])
    check_error(exc, VALIDATION_ERROR, contains="Tag names must be unique.")


def test_sql_check_constraint_is_a_validation_error(admin):
    exc = rpc_error(admin, "test.orm.tag", "create", [{"name": unique_name("color"), "color": 42}])
    check_error(exc, VALIDATION_ERROR, contains="A tag color lies between 0 and 11.")


def test_required_field_missing_is_a_validation_error(admin):
    exc = rpc_error(admin, "test.orm.tag", "create", [{"color": 1}])
    check_error(exc, VALIDATION_ERROR)


def test_restrict_foreign_key_is_a_validation_error(admin):
    child = admin.env.ref("test_orm_a.category_child").id   # used by test_orm_a.order_data (restrict)
    exc = rpc_error(admin, "test.orm.category", "unlink", [[child]])
    check_error(exc, VALIDATION_ERROR)
    assert str(exc).startswith("The operation cannot be completed:")
    assert admin.execute_kw("test.orm.category", "search_count", [[("id", "=", child)]]) == 1


# ---------------------------------------------------------------- one transaction per call
def test_failing_call_leaves_nothing_written(admin):
    name = unique_name("rollback")
    exc = rpc_error(admin, "test.orm.order", "create", [{
        "name": name, "tax_percent": 150,
        "line_ids": [(0, 0, {"label": name + "-l1", "amount": 5.0})],
    }])
    assert exc.info["data"]["name"] == VALIDATION_ERROR
    assert admin.execute_kw("test.orm.order", "search_count", [[("name", "=", name)]],
                            {"context": {"active_test": False}}) == 0
    assert admin.execute_kw("test.orm.line", "search_count", [[("label", "=", name + "-l1")]]) == 0


def test_failing_batch_create_rolls_back_the_earlier_records(admin):
    name = unique_name("batch")
    exc = rpc_error(admin, "test.orm.tag", "create", [[{"name": name}, {"name": "Red"}]])
    assert exc.info["data"]["name"] == VALIDATION_ERROR
    assert admin.execute_kw("test.orm.tag", "search_count", [[("name", "=", name)]]) == 0
    # the server keeps working after the integrity error
    assert admin.execute_kw("test.orm.tag", "search_count", [[("name", "=", "Red")]]) == 1


def test_failed_create_adds_no_record(admin):
    before = admin.execute_kw("test.orm.order", "search_count", [[]], {"context": {"active_test": False}})
    rpc_error(admin, "test.orm.order", "create", [{"name": unique_name("half"), "tax_percent": 999}])
    after = admin.execute_kw("test.orm.order", "search_count", [[]], {"context": {"active_test": False}})
    assert after == before


# ---------------------------------------------------------------- production vs dev mode
INTERNAL_ARGS = [[], 0, 1, "id", False, "extra", "more"]   # too many arguments: TypeError


def test_internal_error_in_production_has_no_traceback(rpc_server, admin):
    res = rpc_server.execute_kw(admin.env.uid, "res.partner", "search", INTERNAL_ARGS)
    err = res["error"]
    assert err["data"]["name"] == "builtins.TypeError"
    assert err["data"]["message"]
    assert not has_traceback(err["data"].get("debug"))
    assert not has_traceback(err["data"]["message"])
    proxy = rpc_server.xmlrpc("object")
    f = xml_fault(proxy.execute_kw, rpc_server.dbname, admin.env.uid, rpc_server.admin_password,
                  "res.partner", "search", INTERNAL_ARGS, {})
    assert f.faultCode == 1
    assert f.faultString.strip()                      # a short reference to the server log
    assert not has_traceback(f.faultString)
    assert len(f.faultString) < 1000


def test_internal_error_in_dev_mode_shows_the_traceback(dev_server):
    uid = dev_server.jsonrpc("common", "login", dev_server.dbname, "admin", dev_server.admin_password)["result"]
    res = dev_server.execute_kw(uid, "res.partner", "search", INTERNAL_ARGS)
    err = res["error"]
    assert err["data"]["name"] == "builtins.TypeError"
    assert "Traceback (most recent call last)" in err["data"]["debug"]
    proxy = dev_server.xmlrpc("object")
    f = xml_fault(proxy.execute_kw, dev_server.dbname, uid, dev_server.admin_password,
                  "res.partner", "search", INTERNAL_ARGS, {})
    assert f.faultCode == 1
    assert "Traceback (most recent call last)" in f.faultString


def test_user_error_in_dev_mode_carries_the_debug_traceback(dev_server):
    client = dev_server.odoo()
    with pytest.raises(RPCError) as info:
        client.execute_kw("test.orm.order", "search", [[("is_big", ">", 1)]], {"context": EN})
    data = info.value.info["data"]
    assert data["name"] == USER_ERROR
    assert data["message"] == 'Unsupported operator > for "Is Big".'
    assert "Traceback (most recent call last)" in data["debug"]
