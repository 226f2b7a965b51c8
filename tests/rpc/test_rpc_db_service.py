"""The db service through odoorpc and XML-RPC (rpc-protocol.md §5 db, §7 `db.list()`; checklist §10.7;
security-reliability CFG-1)."""
import io
import xmlrpc.client
import zipfile

import pytest
from odoorpc.error import RPCError

from rpc_support import MASTER_PASSWORD, unique_name

NEW_ADMIN_PASSWORD = "N3w-Db-Adm1n!kq"
WRONG_MASTER = "Wr0ng-Master!pw"


def db_exist(server, name):
    res = server.jsonrpc("db", "db_exist", name)
    assert "error" not in res, res
    return res["result"]


def can_login(server, db, password=NEW_ADMIN_PASSWORD):
    res = server.jsonrpc("common", "login", db, "admin", password)
    return bool(res.get("result"))


@pytest.fixture(scope="module")
def created_db(rpc_server):
    """A database created through odoorpc's db.create, with a marker partner."""
    client = rpc_server.client()
    name = rpc_server.track_db(unique_name("rpcdb"))
    client.config["timeout"] = 600
    client.db.create(MASTER_PASSWORD, name, False, "en_US", NEW_ADMIN_PASSWORD)
    admin = rpc_server.odoo(db=name, password=NEW_ADMIN_PASSWORD)
    marker = unique_name("Marker")
    pid = admin.env["res.partner"].create({"name": marker})
    return {"name": name, "marker": marker, "partner": pid}


def marker_in(server, db, marker):
    client = server.odoo(db=db, password=NEW_ADMIN_PASSWORD)
    return client.env["res.partner"].search_count([("name", "=", marker)]) == 1


def test_db_list(rpc_server):
    names = rpc_server.client().db.list()
    assert isinstance(names, list)
    assert rpc_server.dbname in names
    assert names == sorted(names)


def test_db_list_over_xmlrpc(rpc_server):
    names = rpc_server.xmlrpc("db").list()
    assert rpc_server.dbname in names
    assert rpc_server.dbname in rpc_server.xmlrpc("db", legacy=True).list()


def test_db_exist_server_version_list_lang(rpc_server):
    assert db_exist(rpc_server, rpc_server.dbname) is True
    assert db_exist(rpc_server, unique_name("nodb")) is False
    version = rpc_server.jsonrpc("db", "server_version")["result"]
    assert version == rpc_server.jsonrpc("common", "version")["result"]["server_version"]
    langs = rpc_server.jsonrpc("db", "list_lang")["result"]
    assert isinstance(langs, list) and all(len(pair) == 2 for pair in langs)
    assert "en_US" in [code for code, _name in langs]


def test_create_with_odoorpc_argument_order(rpc_server, created_db):
    assert db_exist(rpc_server, created_db["name"]) is True
    # the admin password given as 5th argument works, the server's default one does not
    assert can_login(rpc_server, created_db["name"])
    assert not can_login(rpc_server, created_db["name"], rpc_server.admin_password)
    client = rpc_server.odoo(db=created_db["name"], password=NEW_ADMIN_PASSWORD)
    assert client.env.context.get("lang") == "en_US"


def test_dump_is_a_zip_with_the_sql_dump(rpc_server, created_db):
    client = rpc_server.client()
    client.config["timeout"] = 600
    dump = client.db.dump(MASTER_PASSWORD, created_db["name"])   # format omitted: version < 9 → zip
    data = dump.read()
    assert zipfile.is_zipfile(io.BytesIO(data))
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "dump.sql" in names
    assert "manifest.json" in names


def test_dump_restore_copy_serves_the_same_data(rpc_server, created_db):
    client = rpc_server.client()
    client.config["timeout"] = 600
    dump = client.db.dump(MASTER_PASSWORD, created_db["name"], "zip")
    restored = rpc_server.track_db(unique_name("rpcrestored"))
    client.db.restore(MASTER_PASSWORD, restored, dump, copy=True)
    assert db_exist(rpc_server, restored) is True
    assert marker_in(rpc_server, restored, created_db["marker"])
    # restoring onto an existing name is refused
    dump.seek(0)
    with pytest.raises(RPCError):
        client.db.restore(MASTER_PASSWORD, restored, dump)
    # rename (no odoorpc helper: raw db service)
    renamed = rpc_server.track_db(unique_name("rpcrenamed"))
    res = rpc_server.jsonrpc("db", "rename", MASTER_PASSWORD, restored, renamed)
    assert "error" not in res, res
    assert db_exist(rpc_server, restored) is False
    assert marker_in(rpc_server, renamed, created_db["marker"])
    assert client.db.drop(MASTER_PASSWORD, renamed) is True
    assert db_exist(rpc_server, renamed) is False


def test_duplicate_then_drop(rpc_server, created_db):
    client = rpc_server.client()
    client.config["timeout"] = 600
    copy = rpc_server.track_db(unique_name("rpcdup"))
    client.db.duplicate(MASTER_PASSWORD, created_db["name"], copy)
    assert marker_in(rpc_server, copy, created_db["marker"])
    # the copy is independent
    admin_copy = rpc_server.odoo(db=copy, password=NEW_ADMIN_PASSWORD)
    admin_copy.env["res.partner"].unlink([created_db["partner"]])
    assert marker_in(rpc_server, created_db["name"], created_db["marker"])
    assert client.db.drop(MASTER_PASSWORD, copy) is True
    assert db_exist(rpc_server, copy) is False
    res = rpc_server.jsonrpc("common", "login", copy, "admin", NEW_ADMIN_PASSWORD)
    assert res.get("error") or not res.get("result"), res


def test_drop_of_a_missing_database_answers_false(rpc_server):
    assert rpc_server.client().db.drop(MASTER_PASSWORD, unique_name("nodb")) is False


def test_drop_of_the_logged_database_logs_out_first(rpc_server):
    """odoorpc's db.drop calls logout first when its environment is on that database."""
    client = rpc_server.client()
    client.config["timeout"] = 600
    name = rpc_server.track_db(unique_name("rpcdrop"))
    client.db.create(MASTER_PASSWORD, name, False, "en_US", NEW_ADMIN_PASSWORD)
    client.login(name, "admin", NEW_ADMIN_PASSWORD)
    assert client.db.drop(MASTER_PASSWORD, name) is True
    assert db_exist(rpc_server, name) is False


def test_change_admin_password(rpc_server):
    client = rpc_server.client()
    new = "Ch4nged-Master!x"
    client.db.change_password(MASTER_PASSWORD, new)
    try:
        # the old master password is refused now
        _denied(client.db.drop, MASTER_PASSWORD, unique_name("nodb"))
        _denied(client.db.change_password, MASTER_PASSWORD, "Wh4tever-Pass!")
    finally:
        client.db.change_password(new, MASTER_PASSWORD)      # the new one works
    _denied(client.db.change_password, new, "Wh4tever-Pass!")  # and is gone again


def _denied(func, *args):
    with pytest.raises(RPCError) as info:
        func(*args)
    assert info.value.info["data"]["name"] == "flectra.exceptions.AccessDenied", info.value.info
    return info.value.info["data"]["message"]


def test_wrong_master_password_is_access_denied_whether_or_not_the_db_exists(rpc_server, created_db):
    db = rpc_server.client().db
    existing, missing = created_db["name"], unique_name("nodb")
    m1 = _denied(db.drop, WRONG_MASTER, existing)
    m2 = _denied(db.drop, WRONG_MASTER, missing)
    assert m1 == m2
    m3 = _denied(db.dump, WRONG_MASTER, existing)
    m4 = _denied(db.dump, WRONG_MASTER, missing)
    assert m3 == m4
    m5 = _denied(db.duplicate, WRONG_MASTER, existing, unique_name("nodup"))
    m6 = _denied(db.duplicate, WRONG_MASTER, missing, unique_name("nodup"))
    assert m5 == m6
    new_name = unique_name("nocreate")
    _denied(db.create, WRONG_MASTER, new_name, False, "en_US", NEW_ADMIN_PASSWORD)
    _denied(db.restore, WRONG_MASTER, unique_name("norestore"), io.BytesIO(b"PK\x05\x06" + b"\0" * 18))
    _denied(db.change_password, WRONG_MASTER, "Wh4tever-Pass!")
    assert db_exist(rpc_server, existing) is True
    assert db_exist(rpc_server, new_name) is False
    assert marker_in(rpc_server, existing, created_db["marker"])


def test_wrong_master_password_over_xmlrpc_is_fault_3(rpc_server):
    with pytest.raises(xmlrpc.client.Fault) as info:
        rpc_server.xmlrpc("db").drop(WRONG_MASTER, rpc_server.dbname)
    assert info.value.faultCode == 3
    assert db_exist(rpc_server, rpc_server.dbname) is True


# ---------------------------------------------------------------- database manager off
@pytest.fixture(scope="module")
def locked_server(server_factory):
    return server_factory("nodbm", database_manager=False)


def test_no_database_manager_refuses_listing(locked_server):
    client = locked_server.client()
    with pytest.raises(RPCError) as info:
        client.db.list()
    assert info.value.info["data"]["name"] == "flectra.exceptions.AccessDenied"
    with pytest.raises(xmlrpc.client.Fault) as fault:
        locked_server.xmlrpc("db").list()
    assert fault.value.faultCode == 3


def test_no_database_manager_refuses_management(locked_server):
    client = locked_server.client()
    client.config["timeout"] = 600
    name = locked_server.track_db(unique_name("refused"))
    with pytest.raises(RPCError):
        client.db.create(MASTER_PASSWORD, name, False, "en_US", NEW_ADMIN_PASSWORD)
    with pytest.raises(RPCError):
        client.db.dump(MASTER_PASSWORD, locked_server.dbname)
    with pytest.raises(RPCError):
        client.db.duplicate(MASTER_PASSWORD, locked_server.dbname, locked_server.track_db(unique_name("refused")))
    with pytest.raises(RPCError):
        client.db.drop(MASTER_PASSWORD, locked_server.dbname)
    with pytest.raises(RPCError):
        client.db.change_password(MASTER_PASSWORD, "Wh4tever-Pass!")
    # nothing happened: the served database is still there and usable
    assert locked_server.odoo().env.user.login == "admin"
    assert name not in locked_server.cli("db", "list").stdout.split()


def test_no_database_manager_still_serves_login(locked_server):
    client = locked_server.odoo()
    assert client.env["res.partner"].search_count([]) >= 1
