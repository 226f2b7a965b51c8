"""Installing and loading addons into a database.

    registry = install_modules(backend, 'demo', ['fuyi_case'], demo=False)

Every install or upgrade runs in one transaction: a failing data file, a bad manifest or a
broken model leaves the database exactly as it was.
"""
import logging
import os

from ..config import config
from ..orm.api import Environment, SUPERUSER_ID, Transaction
from ..orm.registry import Registry, bump_signal, read_signal
from ..sql import schema
from . import importer
from .graph import order_addons
from .manifest import find_addons, load_manifest

_logger = logging.getLogger(__name__)


class ModuleError(Exception):
    """An addon cannot be installed or loaded; the message is one line for the user."""


def available_manifests():
    """``{name: manifest}`` of every addon on the configured addons paths."""
    paths = config.all_addons_paths()
    importer.set_addons_paths(paths)
    manifests = {}
    for name, path in find_addons(paths).items():
        manifest = load_manifest(path)
        manifest["path"] = path
        manifests[name] = manifest
    return manifests


def installed_modules(cr):
    if not schema.table_exists(cr, "ir_module_module"):
        return []
    cr.execute("SELECT name FROM ir_module_module WHERE state IN ('installed', 'to upgrade')")
    return [r[0] for r in cr.fetchall()]


def load_registry(backend, dbname):
    """Build the registry of an existing database from its installed addons."""
    cr = backend.cursor(dbname)
    try:
        installed = installed_modules(cr)
        if "base" not in installed:
            raise ModuleError("Database %r is not initialised (no base addon installed)." % dbname)
        registry = _run(cr, backend, dbname, installed, to_process=set(), demo=False)
        registry.signal_version = read_signal(cr)
        cr.commit()
    finally:
        cr.close()
    return registry


def install_modules(backend, dbname, modules, demo=False, upgrade=(), lang=None):
    """See ``_install_modules``; registries are built one at a time per process."""
    with Registry._lock:
        return _install_modules(backend, dbname, modules, demo=demo, upgrade=upgrade, lang=lang)


def _install_modules(backend, dbname, modules, demo=False, upgrade=(), lang=None):
    """Install ``modules`` (and their dependencies), upgrade ``upgrade``; one transaction.

    Returns:
        the new Registry of the database, also made current for new cursors.
    Raises:
        ModuleError, ParseError, DependencyError, ManifestError: nothing has been changed.
    """
    cr = backend.cursor(dbname)
    try:
        installed = installed_modules(cr)
        wanted = set(installed) | set(modules) | {"base"}
        manifests = available_manifests()
        unknown = [m for m in list(modules) + list(upgrade) if m not in manifests]
        if unknown:
            raise ModuleError("Unknown addon(s): %s (not found on the addons path: %s)"
                              % (", ".join(sorted(unknown)), ", ".join(config.all_addons_paths())))
        not_installed = [m for m in upgrade if m not in installed]
        if not_installed:
            raise ModuleError("Cannot upgrade addon(s) that are not installed: %s" % ", ".join(not_installed))
        order = order_addons(manifests, wanted)
        to_process = {m for m in order if m not in installed} | set(upgrade)
        if upgrade:
            # an upgrade re-applies the data of the addons depending on it, as Flectra does
            for name in order:
                if any(dep in to_process for dep in manifests[name]["depends"]) and name in installed:
                    to_process.add(name)
        demo = demo or _database_has_demo(cr)
        registry = _run(cr, backend, dbname, order, to_process, demo, manifests=manifests, lang=lang)
        registry.signal_version = bump_signal(cr)
        cr.commit()
    except BaseException:
        cr.rollback()
        Registry.delete(backend, dbname)
        raise
    finally:
        cr.close()
    return registry


def _database_has_demo(cr):
    if not schema.table_exists(cr, "ir_module_module"):
        return False
    cr.execute("SELECT 1 FROM ir_module_module WHERE name = 'base' AND demo = %s", [True])
    return cr.fetchone() is not None


def _run(cr, backend, dbname, order, to_process, demo, manifests=None, lang=None):
    manifests = manifests or available_manifests()
    missing = [m for m in order if m not in manifests]
    if missing:
        raise ModuleError("Installed addon(s) missing from the addons path: %s" % ", ".join(missing))
    if order and order[0] != "base":
        order = ["base"] + [m for m in order if m != "base"]
    order = order_addons(manifests, order)
    registry = Registry(backend, dbname)
    Registry.registries[Registry.key(backend, dbname)] = registry
    from ..orm import translate
    for module in order:
        manifest = manifests[module]
        try:
            importer.import_addon(module)
        except Exception as exc:
            raise ModuleError("Addon %r cannot be imported: %s: %s" % (module, type(exc).__name__, exc)) from exc
        translate.load_module_translations(manifest["path"])
        new_models = registry.load(module)
        try:
            registry.setup_models()
        except (TypeError, ValueError, KeyError) as exc:
            raise ModuleError("Addon %r: %s" % (module, exc)) from exc
        _sync_schema(cr, registry, new_models if module not in to_process else list(registry.models))
        if module == "base":
            _bootstrap_base(cr)
        env = _fresh_env(cr, registry)
        if module in to_process:
            for name in new_models:
                if not registry[name]._abstract and hasattr(registry[name], "init"):
                    env[name].init()
            mode = "update" if _is_installed(cr, module) else "init"
            _reflect(env, module)
            _load_data(env, module, manifest, "data", mode)
            if demo and manifest.get("demo"):
                # demo records are written as this database's users would write them: the notes and
                # texts their code logs come out in the database's language, not in English
                _load_data(env(context=dict(env.context, lang=_database_lang(env, lang))), module, manifest, "demo",
                           mode, noupdate=True)
            _mark_installed(env, module, manifest, demo)
            if module == "base" and mode == "init":
                _init_database(env, lang)
        if module in to_process:
            _check_acl_warnings(env, module, new_models)
    registry.ready = True
    cr.transaction = None
    return registry


def _fresh_env(cr, registry):
    cr.transaction = None
    Transaction(registry, cr)
    return Environment(cr, SUPERUSER_ID, {})


def _sync_schema(cr, registry, names):
    """Create/extend tables; fill new columns on existing rows (defaults, computes)."""
    pending_fks = []
    new_columns = {}
    ordered = [registry[n] for n in names if n in registry]
    for model in ordered:
        if model._abstract or not model._auto:
            continue
        existed = schema.table_exists(cr, model._table)
        added, fks = schema.sync_table(cr, model)
        pending_fks += fks
        if existed and added:
            new_columns[model._name] = added
            schema.refresh_sqlite_checks(cr, model)
    for model in ordered:
        if model._abstract or not model._auto:
            continue
        for field in model._fields.values():
            if field.type == "many2many" and field.store and not field.inherited:
                schema.sync_m2m(cr, field, model._table, registry[field.comodel_name]._table)
        for cname, definition, _msg in model._sql_constraints:
            schema.sync_constraint(cr, model, cname, definition)
    for table, field, comodel_table in pending_fks:
        if schema.table_exists(cr, comodel_table):
            schema.add_foreign_key(cr, table, field, comodel_table)
    if new_columns and schema.table_exists(cr, "res_users"):
        env = _fresh_env(cr, registry)
        for model_name, columns in new_columns.items():
            _init_columns(env, model_name, columns)


def _init_columns(env, model_name, columns):
    Model = env[model_name].sudo().with_context(active_test=False)
    records = Model.search([])
    if not records:
        return
    for name in columns:
        field = Model._fields[name]
        if field.compute:
            Model._recompute_now(field, records)
        elif field.default is not None:
            value = field.convert_to_column(field.convert_to_cache(field.default(Model), Model), Model)
            if value is not None:
                env.cr.execute('UPDATE "%s" SET "%s" = %%s WHERE "%s" IS NULL' % (Model._table, name, name), [value])
        if field.required:
            schema.set_not_null(env.cr, Model._table, field)


def _bootstrap_base(cr):
    """The first rows every database needs before the ORM can write (superuser, its company)."""
    cr.execute("SELECT COUNT(*) FROM res_users")
    if cr.fetchone()[0]:
        return
    cr.execute("INSERT INTO res_partner (id, name, active, is_company) VALUES (1, 'My Company', %s, %s)", [True, True])
    cr.execute("INSERT INTO res_company (id, name, partner_id, active) VALUES (1, 'My Company', 1, %s)", [True])
    cr.execute("INSERT INTO res_partner (id, name, active, company_id) VALUES (2, 'OdooBot', %s, 1)", [True])
    cr.execute("UPDATE res_partner SET company_id = 1 WHERE id = 1")
    cr.execute("INSERT INTO res_users (id, login, partner_id, company_id, active) VALUES (1, '__system__', 2, 1, %s)", [False])
    if cr.dialect.name == "postgresql":
        for table in ("res_partner", "res_company", "res_users"):
            cr.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT MAX(id) FROM \"" + table + "\"))", [table])
    for name, model, res_id in (("main_partner", "res.partner", 1), ("main_company", "res.company", 1),
                                ("partner_root", "res.partner", 2), ("user_root", "res.users", 1)):
        cr.execute("INSERT INTO ir_model_data (module, name, model, res_id, noupdate) VALUES ('base', %s, %s, %s, %s)",
                   [name, model, res_id, True])
    cr.execute("INSERT INTO res_company_users_rel (cid, user_id) VALUES (1, 1)")


def _is_installed(cr, module):
    cr.execute("SELECT state FROM ir_module_module WHERE name = %s", [module])
    row = cr.fetchone()
    return bool(row and row[0] == "installed")


def _reflect(env, module):
    env["ir.model"]._reflect_module(module)


def _load_data(env, module, manifest, kind, mode, noupdate=False):
    from ..data import load_data_file
    idref = {}
    for filename in manifest.get(kind) or []:
        path = os.path.join(manifest["path"], filename)
        load_data_file(env, module, path, mode, noupdate=noupdate, idref=idref)
    env.cr.flush()


def _mark_installed(env, module, manifest, demo):
    Module = env["ir.module.module"].sudo()
    record = Module.search([("name", "=", module)])
    vals = {
        "state": "installed", "latest_version": manifest.get("adapted_version") or manifest.get("version"),
        "shortdesc": manifest.get("name"), "summary": manifest.get("summary") or False,
        "author": manifest.get("author") or False, "license": manifest.get("license"),
        "application": bool(manifest.get("application")), "demo": bool(demo),
        "category": manifest.get("category") or False, "website": manifest.get("website") or False,
    }
    if record:
        record.write(vals)
    else:
        Module.create(dict(vals, name=module))


def _init_database(env, lang):
    """A new database: its language, and the admin password (never admin/admin)."""
    lang = lang or "zh_CN"
    Lang = env["res.lang"].with_context(active_test=False)
    record = Lang.search([("code", "=", lang)])
    if not record:
        raise ModuleError("Unknown language %r" % lang)
    record.write({"active": True})
    env.ref("base.user_admin").write({"lang": lang})
    env.ref("base.partner_admin").write({"lang": lang}) if "lang" in env["res.partner"]._fields else None
    # the built-in people are named in the database's language (管理员, 系统 in a zh_CN database)
    from ..orm.translate import lookup
    for xmlid in ("base.partner_admin", "base.partner_root"):
        partner = env.ref(xmlid)
        partner.write({"name": lookup(partner.name, lang, "base")})


def _database_lang(env, lang=None):
    """The language of a database: the one it was created in, i.e. its administrator's."""
    if lang:
        return lang
    admin = env.ref("base.user_admin", raise_if_not_found=False)
    return (admin.lang if admin else None) or "zh_CN"


def _check_acl_warnings(env, module, model_names):
    """Flectra warns about concrete models nobody but the superuser can access."""
    missing = []
    for name in model_names:
        model = env.registry[name]
        if model._abstract or not model._auto:
            continue
        env.cr.execute("SELECT 1 FROM ir_model_access a JOIN ir_model m ON m.id = a.model_id "
                       "WHERE m.model = %s LIMIT 1", [name])
        if env.cr.fetchone() is None:
            missing.append(name)
    if missing:
        _logger.warning("The models %s have no access rules in module %s, consider adding some, like:\n"
                        "id,name,model_id:id,group_id:id,perm_read,perm_write,perm_create,perm_unlink", missing, module)
