"""Create, drop, dump, restore and duplicate databases, with their filestores.

A dump is a zip: ``dump.sql`` (SQLite's SQL dump, or PostgreSQL's plain ``pg_dump``),
``manifest.json`` (backend, installed addons) and ``filestore/`` with the attachments.
A dump restores on the same kind of backend; ``copy_database`` moves between kinds.
"""
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from glob import glob
from urllib.parse import unquote

from ..config import config
from ..orm.registry import Registry
from ..sql.backends import BackendError, DatabaseExists, DatabaseMissing, check_dbname
from ..tools import filestore

_logger = logging.getLogger(__name__)


def create_database(backend, name, modules, demo=False, lang="zh_CN", admin_password=None):
    """A new database with ``modules`` installed; dropped again if anything fails.

    Returns:
        the admin password (generated when ``admin_password`` is empty).
    """
    import secrets
    from ..modules.loading import install_modules, available_manifests
    manifests = available_manifests()
    unknown = [m for m in modules if m not in manifests]
    if unknown:
        raise BackendError("Unknown addon(s): %s" % ", ".join(unknown))
    backend.create(name)
    try:
        install_modules(backend, name, modules or ["base"], demo=demo, lang=lang)
        password = admin_password or secrets.token_urlsafe(12)
        _with_env(backend, name, lambda env: env.ref("base.user_admin").write({"password": password}))
    except BaseException:
        Registry.delete(backend, name)
        backend.drop(name)
        raise
    return password


def drop_database(backend, name):
    try:
        store = filestore.path_of(backend, name)
    except Exception:  # noqa: BLE001 - an unreadable database still gets dropped; its files stay
        _logger.warning("filestore of %s not found; its files stay", name, exc_info=True)
        store = None
    Registry.delete(backend, name)
    backend.drop(name)
    # only the database's own filestore (by identity): an old name-keyed one may be another's
    if store and os.path.abspath(store) != os.path.abspath(config.filestore(name)):
        shutil.rmtree(store, ignore_errors=True)


def _with_env(backend, name, func):
    from ..orm.api import Environment, SUPERUSER_ID
    cr = backend.cursor(name)
    try:
        Registry.for_cursor(cr)
        cr.transaction = None
        result = func(Environment(cr, SUPERUSER_ID, {}))
        cr.commit()
        return result
    finally:
        cr.transaction = None
        cr.close()


def _manifest(backend, name):
    def read(env):
        modules = env["ir.module.module"].search([("state", "=", "installed")])
        return {m.name: m.latest_version for m in modules}
    return {
        "backend": backend.dialect.name,
        "db_name": name,
        "version": "1.0",
        "modules": _with_env(backend, name, read),
    }


# --- dump ---------------------------------------------------------------------------------

def dump_database(backend, name, stream):
    """Write a zip dump of ``name`` (SQL + filestore + manifest) to the binary ``stream``."""
    if not backend.exists(name):
        raise DatabaseMissing("Database %r does not exist." % name)
    with tempfile.TemporaryDirectory(prefix="fazhi-dump-") as tmp:
        sql_path = os.path.join(tmp, "dump.sql")
        if backend.dialect.name == "sqlite":
            _sqlite_dump(backend.path(name), sql_path)
        else:
            _pg_run(backend, "pg_dump", ["--no-owner", "--no-privileges", "--format=p", "--file", sql_path, name])
        manifest = _manifest(backend, name)
        with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
            zf.writestr("manifest.json", json.dumps(manifest, indent=2))
            zf.write(sql_path, "dump.sql")
            store = filestore.path_of(backend, name)
            for root, dirs, files in os.walk(store):
                dirs[:] = [d for d in dirs if d != ".pins"]       # pins are per running transaction
                for fname in files:
                    if fname == ".lock":
                        continue
                    full = os.path.join(root, fname)
                    zf.write(full, os.path.join("filestore", os.path.relpath(full, store)))


def _sqlite_dump(path, sql_path):
    # the backup API copies one consistent snapshot, even while others write
    src = sqlite3.connect(path)
    snapshot = sqlite3.connect(":memory:")
    try:
        src.backup(snapshot)
        with open(sql_path, "w", encoding="utf-8") as fp:
            for line in snapshot.iterdump():
                fp.write(line + "\n")
    finally:
        snapshot.close()
        src.close()


def _pg_binary(name):
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob("/usr/lib/postgresql/*/bin/%s" % name),
                        key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if not candidates:
        raise BackendError("%s not found: install the PostgreSQL client tools" % name)
    return candidates[-1]


def _pg_run(backend, tool, args):
    parts = backend._parts
    env = dict(os.environ)
    cmd = [_pg_binary(tool)]
    if parts.hostname:
        cmd += ["--host", unquote(parts.hostname)]
    if parts.port:
        cmd += ["--port", str(parts.port)]
    if parts.username:
        cmd += ["--username", unquote(parts.username)]
    if parts.password:
        env["PGPASSWORD"] = unquote(parts.password)
    proc = subprocess.run(cmd + args, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise BackendError("%s failed: %s" % (tool, " ".join(proc.stderr.split())[:500]))


# --- restore ------------------------------------------------------------------------------

def restore_database(backend, name, stream):
    """Create ``name`` from a zip dump; nothing is left behind if it fails."""
    check_dbname(name)
    if backend.exists(name):
        raise DatabaseExists("Database %r already exists." % name)
    try:
        zf = zipfile.ZipFile(stream)
    except zipfile.BadZipFile:
        raise BackendError("Not a fazhi dump: the file is not a zip archive") from None
    with zf, tempfile.TemporaryDirectory(prefix="fazhi-restore-") as tmp:
        names = set(zf.namelist())
        if "dump.sql" not in names:
            raise BackendError("Not a fazhi dump: dump.sql is missing")
        manifest = json.loads(zf.read("manifest.json")) if "manifest.json" in names else {}
        kind = manifest.get("backend", "postgresql")
        if kind != backend.dialect.name:
            raise BackendError("This dump was made on %s and cannot be restored on %s; restore it on %s and "
                               "move it with 'fazhi db copy'" % (kind, backend.dialect.name, kind))
        sql_path = os.path.join(tmp, "dump.sql")
        with zf.open("dump.sql") as src, open(sql_path, "wb") as dst:
            shutil.copyfileobj(src, dst)
        store = None
        try:
            if backend.dialect.name == "sqlite":
                _sqlite_restore(backend, name, sql_path)
            else:
                backend.create(name)
                _pg_run(backend, "psql", ["--quiet", "--no-psqlrc", "-v", "ON_ERROR_STOP=1",
                                          "--file", sql_path, "--dbname", name])
            # a restored database is a copy: an identity, and so a filestore, of its own
            store = _renew_identity(backend, name)
            for member in zf.infolist():
                if not member.filename.startswith("filestore/") or member.is_dir():
                    continue
                rel = os.path.normpath(member.filename[len("filestore/"):])
                if rel.startswith("..") or os.path.isabs(rel):
                    raise BackendError("Unsafe path in dump: %r" % member.filename)
                target = os.path.join(store, rel)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with zf.open(member) as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst)
        except BaseException:
            if backend.exists(name):
                backend.drop(name)
            if store:
                shutil.rmtree(store, ignore_errors=True)
            raise
    Registry.delete(backend, name)


def _renew_identity(backend, name):
    """Give restored ``name`` a new ``database.uuid``; returns its (new, empty) filestore."""
    cr = backend.cursor(name)
    try:
        store = filestore.start_own(cr)
        cr.commit()
    finally:
        cr.close()
    return store


def _sqlite_restore(backend, name, sql_path):
    path = backend.path(name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp_path = path + ".restoring"
    cnx = sqlite3.connect(tmp_path)
    try:
        with open(sql_path, encoding="utf-8") as fp:
            cnx.executescript(fp.read())
        cnx.commit()
    finally:
        cnx.close()
    os.replace(tmp_path, path)


def duplicate_database(backend, source, target):
    """A copy of ``source`` under a new name, filestore included."""
    with tempfile.TemporaryFile() as fp:
        dump_database(backend, source, fp)
        fp.seek(0)
        restore_database(backend, target, fp)


# --- copy between backends ----------------------------------------------------------------

def copy_database(source_backend, source, target_backend, target):
    """Copy ``source`` to ``target`` (possibly another kind of backend) through the models.

    The target gets the same addons installed, then every table's rows are replaced by the
    source's, value by value through the field types (booleans, dates, numbers differ between
    SQLite and PostgreSQL), in one transaction; sequences continue where the source stopped.
    """
    from ..modules.loading import install_modules
    from ..sql import schema
    if not source_backend.exists(source):
        raise DatabaseMissing("Database %r does not exist." % source)
    manifest = _manifest(source_backend, source)
    counters = _with_env(source_backend, source, lambda env: env["ir.sequence"]._export_counters())
    target_backend.create(target)
    try:
        registry = install_modules(target_backend, target, sorted(manifest["modules"]))
        src_cr = source_backend.cursor(source)
        dst_cr = target_backend.cursor(target)
        try:
            tables = _copy_plan(registry)
            if dst_cr.dialect.name == "postgresql":
                dst_cr.execute("SET CONSTRAINTS ALL DEFERRED")
                dst_cr.execute("TRUNCATE %s CASCADE" % ", ".join('"%s"' % t for t in tables))
            else:
                dst_cr.execute("PRAGMA defer_foreign_keys = ON")
                for table in reversed(tables):
                    dst_cr.execute('DELETE FROM "%s"' % table)
            for table in tables:
                _copy_table(src_cr, dst_cr, table, tables[table], counters)
            if dst_cr.dialect.name == "postgresql":
                for table, fields in tables.items():
                    if "id" in schema.table_columns(dst_cr, table):
                        dst_cr.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                                       "COALESCE((SELECT MAX(id) FROM \"" + table + "\"), 0) + 1, false)", [table])
            from ..orm.api import Environment, SUPERUSER_ID
            Environment(dst_cr, SUPERUSER_ID, {})["ir.sequence"]._rebuild_counters()
            filestore.start_own(dst_cr)            # the copy's files are its own, not the source's
            dst_cr.commit()
        finally:
            for cr in (src_cr, dst_cr):
                cr.transaction = None
                cr.close()
        src_store, dst_store = filestore.path_of(source_backend, source), filestore.path_of(target_backend, target)
        if os.path.isdir(src_store) and os.path.abspath(src_store) != os.path.abspath(dst_store):
            shutil.copytree(src_store, dst_store, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns(".pins", ".lock"))
    except BaseException:
        Registry.delete(target_backend, target)
        if target_backend.exists(target):
            target_backend.drop(target)
        raise
    Registry.delete(target_backend, target)


def _copy_plan(registry):
    """``{table: {column: field or None}}`` for every table the models own."""
    tables = {}
    for model in registry.models.values():
        if model._abstract or not model._auto:
            continue
        tables.setdefault(model._table, {}).update(
            {f.name: f for f in model._fields.values() if f.column or f.name == "id"})
        for field in model._fields.values():
            if field.type == "many2many" and field.store and not field.inherited:
                tables.setdefault(field.relation, {})
    return tables


_COUNTER_TABLES = {"ir_sequence": "ir.sequence", "ir_sequence_date_range": "ir.sequence.date_range"}


def _copy_table(src_cr, dst_cr, table, fields, counters):
    from ..sql import schema
    if not schema.table_exists(src_cr, table):
        return
    columns = [c for c in schema.table_columns(src_cr, table) if c in schema.table_columns(dst_cr, table)]
    if not columns:
        return
    src_cr.execute("SELECT %s FROM \"%s\"" % (", ".join('"%s"' % c for c in columns), table))
    rows = src_cr.fetchall()
    insert = 'INSERT INTO "%s" (%s) VALUES (%s)' % (
        table, ", ".join('"%s"' % c for c in columns), ", ".join(["%s"] * len(columns)))
    counter_model = _COUNTER_TABLES.get(table)
    for row in rows:
        values = []
        for column, value in zip(columns, row):
            field = fields.get(column)
            if value is not None and field is not None and column != "id":
                value = field.convert_to_column(field.convert_from_column(value))
            elif isinstance(value, memoryview):
                value = bytes(value)
            values.append(value)
        if counter_model and "number_next" in columns:
            rid = row[columns.index("id")]
            values[columns.index("number_next")] = counters.get((counter_model, rid), values[columns.index("number_next")])
        dst_cr.execute(insert, values)


# --- the RPC ``db`` service ---------------------------------------------------------------

PRODUCT_ADDONS = ["fuyi_case", "yingsu", "jiandu", "xinyong"]


def _master_file():
    return os.path.join(config["data_dir"], "master_password")


def check_master_password(password):
    """AccessDenied unless ``password`` is the master password (never set = always refused)."""
    from ..exceptions import AccessDenied
    from ..tools import password as passwords
    stored = None
    if os.path.exists(_master_file()):
        with open(_master_file()) as fp:
            stored = fp.read().strip()
    if stored:
        ok = bool(password) and passwords.verify_password(password, stored)
    else:
        import hmac
        expected = config["master_password"]
        ok = bool(expected) and bool(password) and hmac.compare_digest(str(password).encode(), expected.encode())
    if not ok:
        raise AccessDenied()


MASTER_MAX_FAILURES = 20          #: wrong master passwords per client address and window (ASVS 6.3.1)
MASTER_WINDOW_SECONDS = 15 * 60   #: the window; while it is full, even the right password is refused


def _throttle_file():
    return os.path.join(config["data_dir"], "master_password_failures.json")


def _master_throttle(address, outcome=None):
    """The recent failure times of ``address``, updated by ``outcome`` ("failure" adds one, "success"
    clears them). Kept in the data dir under a file lock, so every worker process counts alike."""
    import fcntl
    from ..tools import clock
    now = clock.now().timestamp()
    os.makedirs(config["data_dir"], exist_ok=True)
    fd = os.open(_throttle_file(), os.O_RDWR | os.O_CREAT, 0o600)
    with os.fdopen(fd, "r+") as fp:
        fcntl.flock(fp, fcntl.LOCK_EX)
        try:
            state = json.loads(fp.read() or "{}")
        except ValueError:      # a torn file from a crash: start counting again
            state = {}
        state = {key: [t for t in times if now - MASTER_WINDOW_SECONDS < t <= now + 60]
                 for key, times in state.items() if isinstance(times, list)}
        state = {key: times for key, times in state.items() if times}
        if outcome == "failure":
            state.setdefault(address, []).append(now)
        elif outcome == "success":
            state.pop(address, None)
        if outcome:
            fp.seek(0)
            fp.truncate()
            json.dump(state, fp)
        return state.get(address, [])


def check_master_password_throttled(password, request_info=None):
    """``check_master_password``, refused without a check for an address with too many recent
    failures (an online guess of the master password is slowed to MAX_FAILURES per window)."""
    from ..exceptions import AccessDenied
    address = str((request_info or {}).get("REMOTE_ADDR") or "local")
    if len(_master_throttle(address)) >= MASTER_MAX_FAILURES:
        _logger.warning("master password attempts from %s throttled", address)
        raise AccessDenied()
    try:
        check_master_password(password)
    except AccessDenied:
        _master_throttle(address, "failure")
        raise
    _master_throttle(address, "success")


def set_master_password(new_password):
    from ..tools import password as passwords
    os.makedirs(config["data_dir"], exist_ok=True)
    tmp = _master_file() + ".tmp"
    with open(tmp, "w") as fp:
        fp.write(passwords.hash_password(new_password))
    os.chmod(tmp, 0o600)
    os.replace(tmp, _master_file())


def dispatch(backend, method, params, request_info=None):
    """The ``db`` service of Flectra, guarded by the master password; off when the manager is."""
    import base64
    from ..exceptions import AccessDenied, UserError
    from . import common
    params = list(params)
    if method == "server_version":
        return common.server_version()
    if not config.get("list_db", True):
        raise AccessDenied()
    if method == "list":
        return backend.list()
    if method == "db_exist":
        return backend.exists(params[0]) if params else False
    if method == "list_lang":
        return [["zh_CN", "简体中文"], ["en_US", "English (US)"]]
    guarded = {"create_database", "drop", "dump", "restore", "duplicate_database", "change_admin_password",
               "rename"}
    if method not in guarded:
        raise UserError("Method not available: db.%s" % method)
    if not params:
        raise AccessDenied()
    check_master_password_throttled(params.pop(0), request_info)
    if method == "create_database":
        name, demo, lang, user_password = (params + [None] * 4)[:4]
        login = params[4] if len(params) > 4 else "admin"
        create_database(backend, name, ["base"] + PRODUCT_ADDONS, demo=bool(demo), lang=lang or "zh_CN",
                        admin_password=user_password or None)
        if login and login != "admin":
            _with_env(backend, name, lambda env: env.ref("base.user_admin").write({"login": login}))
        return True
    if method == "drop":
        if not params or not backend.exists(params[0]):
            return False
        drop_database(backend, params[0])
        return True
    if method == "dump":
        fmt = params[1] if len(params) > 1 else "zip"
        if fmt != "zip":
            raise UserError("Only zip dumps are supported")
        import io
        buf = io.BytesIO()
        dump_database(backend, params[0], buf)
        return base64.b64encode(buf.getvalue()).decode()
    if method == "restore":
        import io
        name, data = params[0], params[1]
        restore_database(backend, name, io.BytesIO(base64.b64decode(data)))
        return True
    if method == "duplicate_database":
        duplicate_database(backend, params[0], params[1])
        return True
    if method == "rename":
        duplicate_database(backend, params[0], params[1])
        drop_database(backend, params[0])
        return True
    if method == "change_admin_password":
        set_master_password(params[0])
        return True
    raise UserError("Method not available: db.%s" % method)
