"""pytest plugin (entry point ``fazhi``): the test database, the ``env`` fixture, addon tests.

- The backend comes from ``FAZHI_TEST_DB_URL`` (unset = SQLite in a temporary data dir) and is
  printed in the header.
- One database per session gets base, mail, web, the product addons and every addon under
  ``tests/test_addons``; it is dropped at the end.
- Addon tests (``<addon>/tests/test_*.py``) are imported as ``flectra.addons.<addon>.tests.*``,
  never under a second name, so they are the same modules a real Flectra would run.
"""
import os
import tempfile
import uuid

import pytest

_session = {"backend": None, "dbname": None, "created": False, "tmpdir": None}
PRODUCT_ADDONS = ["fuyi_case", "yingsu", "jiandu", "xinyong", "fuyi_portal"]


def _backend():
    import fazhi  # noqa: F401  (registers the flectra import names)
    from fazhi.config import config
    from fazhi.sql import backend_for
    if _session["backend"] is None:
        config.reset()
        url = os.environ.get("FAZHI_TEST_DB_URL") or ""
        config["db_url"] = url
        if not os.environ.get("FAZHI_DATA_DIR"):
            _session["tmpdir"] = tempfile.mkdtemp(prefix="fazhi-test-")
            config["data_dir"] = _session["tmpdir"]
        _session["backend"] = backend_for(config)
    return _session["backend"]


def _test_addons_dirs(rootdir):
    path = os.path.join(str(rootdir), "tests", "test_addons")
    return [path] if os.path.isdir(path) else []


def _create_database():
    from fazhi.config import config
    from fazhi.modules.loading import install_modules
    from fazhi.modules.manifest import find_addons
    backend = _backend()
    dbname = "fazhi_test_%s" % uuid.uuid4().hex[:8]
    backend.create(dbname)
    _session["dbname"] = dbname
    _session["created"] = True
    modules = ["base", "mail", "web"] + PRODUCT_ADDONS
    for path in config["addons_path"]:
        modules += sorted(find_addons([path]))
    install_modules(backend, dbname, modules)
    return backend, dbname


def pytest_addoption(parser):
    parser.addini("fazhi_test_addons", "extra addons paths for the fazhi test database", type="paths", default=[])


def pytest_configure(config):
    os.environ.setdefault("FAZHI_PASSWORD_ROUNDS", "1000")
    backend = _backend()
    from fazhi.config import config as fz_config
    from fazhi.testing.common import set_test_database
    fz_config["addons_path"] = _test_addons_dirs(config.rootpath)
    from fazhi.modules import importer
    importer.set_addons_paths(fz_config.all_addons_paths())
    set_test_database(_create_database)
    config._fazhi_backend = backend


def pytest_report_header(config):
    backend = _backend()
    return "fazhi test backend: %s" % backend.describe()


def pytest_unconfigure(config):
    backend = _session.get("backend")
    if backend is not None and _session["created"]:
        from fazhi.orm.registry import Registry
        Registry.delete(backend, _session["dbname"])
        backend.close_all()
        try:
            backend.drop(_session["dbname"])
        except Exception as exc:  # a failed drop must not hide the test results
            print("fazhi: could not drop test database %s: %s" % (_session["dbname"], exc))
    if _session["tmpdir"]:
        import shutil
        shutil.rmtree(_session["tmpdir"], ignore_errors=True)


def _addon_of(path):
    """(addon name, dotted module name) when ``path`` is a test module inside an addon."""
    path = os.path.abspath(str(path))
    parts = path.split(os.sep)
    if "tests" not in parts:
        return None
    idx = len(parts) - 1 - parts[::-1].index("tests")
    addon_dir = os.sep.join(parts[:idx])
    if not os.path.exists(os.path.join(addon_dir, "__manifest__.py")):
        return None
    addon = parts[idx - 1]
    rel = parts[idx:]
    rel[-1] = rel[-1][:-3]
    return addon, "flectra.addons.%s.%s" % (addon, ".".join(rel))


class AddonTestModule(pytest.Module):
    """Imports an addon test file under its ``flectra.addons`` name."""

    def _getobj(self):
        import importlib
        _addon, name = _addon_of(self.path)
        _create_if_needed()
        return importlib.import_module(name)


def _create_if_needed():
    from fazhi.testing.common import get_test_database
    return get_test_database()


def pytest_pycollect_makemodule(module_path, parent):
    info = _addon_of(module_path)
    if info is None:
        return None
    installed = set(["base", "mail", "web"] + PRODUCT_ADDONS)
    from fazhi.config import config
    from fazhi.modules.manifest import find_addons
    for path in config["addons_path"]:
        installed |= set(find_addons([path]))
    if info[0] not in installed:
        return None
    return AddonTestModule.from_parent(parent, path=module_path)


def pytest_ignore_collect(collection_path, config):
    # addon packages themselves (models, __init__) are not test files
    name = collection_path.name
    if collection_path.is_file() and name == "__init__.py" and _addon_of(collection_path):
        return True
    return None


@pytest.fixture
def env():
    """A superuser Environment on the test database, rolled back after the test."""
    from fazhi.orm.api import Environment, SUPERUSER_ID
    from fazhi.tools import clock
    backend, dbname = _create_if_needed()
    cr = backend.cursor(dbname)
    try:
        yield Environment(cr, SUPERUSER_ID, {})
    finally:
        clock.reset()
        cr.rollback()
        cr.transaction = None
        cr.close()


@pytest.fixture
def registry(env):
    return env.registry


def _inside_addon(path):
    path = os.path.abspath(str(path))
    while True:
        if os.path.exists(os.path.join(path, "__manifest__.py")):
            return True
        parent = os.path.dirname(path)
        if parent == path:
            return False
        path = parent


def pytest_collect_directory(path, parent):
    # an addon is imported only as flectra.addons.<name>: never as a pytest Package
    if os.path.exists(os.path.join(str(path), "__init__.py")) and _inside_addon(path):
        return pytest.Dir.from_parent(parent, path=path)
    return None
