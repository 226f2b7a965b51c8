"""Makes ``import flectra`` / ``import odoo`` resolve to fazhi's addon API, and addons importable
as ``flectra.addons.<name>`` (``odoo.addons.<name>`` is the very same module object).
"""
import importlib
import importlib.abc
import importlib.machinery
import pkgutil
import sys
import types

_installed = False


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, target):
        self.target = target

    def create_module(self, spec):
        return importlib.import_module(self.target)

    def exec_module(self, module):
        pass


class _OdooAddonsFinder(importlib.abc.MetaPathFinder):
    """``odoo.addons.x[.y]`` -> the already imported (or importable) ``flectra.addons.x[.y]``."""

    def find_spec(self, fullname, path=None, target=None):
        if not fullname.startswith("odoo.addons."):
            return None
        target_name = "flectra" + fullname[len("odoo"):]
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader(target_name))


def install(addons_paths=None):
    """Register the ``flectra`` and ``odoo`` names (idempotent) and set the addons path."""
    global _installed
    if not _installed:
        from .. import surface
        for info in pkgutil.walk_packages(surface.__path__, surface.__name__ + "."):
            importlib.import_module(info.name)
        for name, module in list(sys.modules.items()):
            if name == surface.__name__ or name.startswith(surface.__name__ + "."):
                suffix = name[len(surface.__name__):]
                sys.modules.setdefault("flectra" + suffix, module)
                sys.modules.setdefault("odoo" + suffix, module)
        addons = types.ModuleType("flectra.addons")
        addons.__path__ = []
        addons.__package__ = "flectra.addons"
        sys.modules["flectra.addons"] = addons
        sys.modules["odoo.addons"] = addons
        surface.addons = addons
        sys.meta_path.insert(0, _OdooAddonsFinder())
        _installed = True
    if addons_paths is not None:
        set_addons_paths(addons_paths)


def set_addons_paths(paths):
    addons = sys.modules["flectra.addons"]
    addons.__path__[:] = list(paths)
    importlib.invalidate_caches()


def import_addon(name):
    """Import ``flectra.addons.<name>`` once; returns the module."""
    return importlib.import_module("flectra.addons." + name)
