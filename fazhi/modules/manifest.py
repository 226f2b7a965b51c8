"""Reading addon manifests (``__manifest__.py``) and finding addons on the addons path.

A manifest is a pure dict literal, read with ``ast.literal_eval`` so that listing addons never
runs addon code. Missing keys get Flectra's defaults; values a loader relies on are checked
here so a typo fails with one line naming the addon and the file, not deep in the install.
"""
import ast
import logging
import os
import re

_logger = logging.getLogger(__name__)

#: The release serie addon versions are adapted to ("1.0.0" is stored as "1.0.1.0.0").
SERIE = "1.0"

#: Manifest file names, preferred first; ``__openerp__.py`` is the deprecated spelling.
MANIFEST_NAMES = ("__manifest__.py", "__openerp__.py")

#: The keys of ``ir.module.module.license``; anything else is refused as on Flectra.
LICENSES = (
    "GPL-2",
    "GPL-2 or any later version",
    "GPL-3",
    "GPL-3 or any later version",
    "AGPL-3",
    "LGPL-3",
    "Other OSI approved licence",
    "OEEL-1",
    "OPL-1",
    "Other proprietary",
)

_ADDON_NAME = re.compile(r"^[a-z0-9_]+$")
_README_NAMES = ("README.rst", "README.md", "README.txt")

# Built fresh for every manifest (see _defaults) so that no two manifests share a list.
_DEFAULTS = {
    "version": "1.0",
    "depends": [],
    "data": [],
    "demo": [],
    "installable": True,
    "application": False,
    "auto_install": False,
    "category": "Uncategorized",
    "sequence": 100,
    "summary": "",
    "description": "",
    "author": "",
    "maintainer": "",
    "website": "",
    "images": [],
    "external_dependencies": {},
    "pre_init_hook": "",
    "post_init_hook": "",
    "uninstall_hook": "",
    "post_load": "",
    "assets": {},
    "test": [],
    "init_xml": [],
    "update_xml": [],
    "demo_xml": [],
}


class ManifestError(ValueError):
    """A manifest is missing, unreadable or holds a value the loader cannot use."""


def manifest_path(addon_dir: str) -> str | None:
    """Return the manifest file of ``addon_dir``, or None when it has none.

    Args:
        addon_dir: directory of one addon.

    Returns:
        The path of ``__manifest__.py`` (or of the legacy ``__openerp__.py``), or None.
    """
    for name in MANIFEST_NAMES:
        path = os.path.join(addon_dir, name)
        if os.path.isfile(path):
            return path
    return None


def adapt_version(version: str) -> str:
    """Return ``version`` prefixed with the serie unless it already carries it.

    Args:
        version: a manifest version, ``x.y``, ``x.y.z``, ``<serie>.x.y`` or ``<serie>.x.y.z``.

    Returns:
        The version as stored once installed, always ``<serie>.x.y[.z]``.

    Raises:
        ValueError: for any other form (Flectra FN refuses them too).
    """
    parts = version.split(".")
    if not all(p.isdigit() for p in parts) or not 2 <= len(parts) <= 5:
        raise ValueError(
            "version %r must be x.y, x.y.z, %s.x.y or %s.x.y.z" % (version, SERIE, SERIE))
    if len(parts) <= 3:
        return "%s.%s" % (SERIE, version)
    if not version.startswith(SERIE + "."):
        raise ValueError("version %r does not belong to serie %s" % (version, SERIE))
    return version


def _defaults() -> dict:
    return {key: (value.copy() if isinstance(value, (list, dict)) else value)
            for key, value in _DEFAULTS.items()}


def _is_str_list(value) -> bool:
    return isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)


def _read_readme(addon_dir: str) -> str:
    for name in _README_NAMES:
        path = os.path.join(addon_dir, name)
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                return f.read()
    return ""


def load_manifest(addon_dir: str) -> dict:
    """Read and check the manifest of one addon, filling in Flectra's defaults.

    The returned dict holds every key of the manifest plus the defaults, ``version`` as
    written, ``adapted_version`` (``<serie>.<version>``), ``auto_install`` as False or the list
    of addons that trigger it, and ``addons_path`` (the directory holding the addon).

    Args:
        addon_dir: directory of one addon; its base name is the technical addon name.

    Returns:
        The completed manifest dict.

    Raises:
        ManifestError: no manifest, not a pure dict literal, or a key with a wrong value.
    """
    addon_dir = os.path.abspath(addon_dir)
    addon = os.path.basename(addon_dir)
    path = manifest_path(addon_dir)
    if path is None:
        raise ManifestError("Addon %r (%s) has no __manifest__.py" % (addon, addon_dir))

    def fail(reason):
        return ManifestError("Bad manifest for addon %r (%s): %s" % (addon, path, reason))

    with open(path, encoding="utf-8") as f:
        source = f.read()
    try:
        raw = ast.literal_eval(source)
    except SyntaxError as exc:
        raise fail("invalid Python at line %s: %s" % (exc.lineno, exc.msg)) from None
    except ValueError as exc:
        # literal_eval refuses names and calls: a manifest must be data only.
        raise fail("not a pure dict literal (%s)" % exc) from None
    if not isinstance(raw, dict):
        raise fail("the file must hold one dict, not %s" % type(raw).__name__)
    if path.endswith("__openerp__.py"):
        _logger.warning("Addon %r uses the deprecated __openerp__.py; rename it __manifest__.py", addon)

    manifest = _defaults()
    manifest.update(raw)

    name = manifest.get("name")
    if not isinstance(name, str) or not name.strip():
        raise fail("'name' is mandatory and must be a non-empty string")
    if "license" not in raw:
        _logger.warning("Addon %r has no 'license' in its manifest, assuming LGPL-3", addon)
        manifest["license"] = "LGPL-3"
    if manifest["license"] not in LICENSES:
        raise fail("'license' %r is not one of: %s" % (manifest["license"], ", ".join(LICENSES)))

    if not isinstance(manifest["version"], str):
        raise fail("'version' must be a string such as '1.0.0'")
    try:
        manifest["adapted_version"] = adapt_version(manifest["version"])
    except ValueError as exc:
        raise fail(str(exc)) from None

    if not _is_str_list(manifest["depends"]):
        raise fail("'depends' must be a list of addon names")
    manifest["depends"] = list(manifest["depends"])
    for key in ("data", "demo", "images", "test", "init_xml", "update_xml", "demo_xml"):
        if not _is_str_list(manifest[key]):
            raise fail("%r must be a list of file names relative to the addon" % key)
        manifest[key] = list(manifest[key])
    for key in ("installable", "application"):
        if not isinstance(manifest[key], bool):
            raise fail("%r must be True or False" % key)
    if not isinstance(manifest["sequence"], int) or isinstance(manifest["sequence"], bool):
        raise fail("'sequence' must be an integer")
    for key in ("category", "summary", "description", "author", "maintainer", "website",
                "pre_init_hook", "post_init_hook", "uninstall_hook", "post_load"):
        if not isinstance(manifest[key], str):
            raise fail("%r must be a string" % key)

    deps = manifest["external_dependencies"]
    if not isinstance(deps, dict) or not all(
            k in ("python", "bin") and _is_str_list(v) for k, v in deps.items()):
        raise fail("'external_dependencies' must be a dict {'python': [...], 'bin': [...]}")

    auto = manifest["auto_install"]
    if auto is True:
        manifest["auto_install"] = list(manifest["depends"])
    elif _is_str_list(auto) and auto:
        missing = sorted(set(auto) - set(manifest["depends"]))
        if missing:
            raise fail("'auto_install' names addons missing from 'depends': %s" % ", ".join(missing))
        manifest["auto_install"] = sorted(set(auto))
    elif auto not in (False, [], ()):
        raise fail("'auto_install' must be True, False or a list of addon names")
    else:
        manifest["auto_install"] = False

    if not manifest["description"]:
        manifest["description"] = _read_readme(addon_dir)
    manifest["addons_path"] = os.path.dirname(addon_dir)
    return manifest


def find_addons(paths: list[str]) -> dict[str, str]:
    """Map every addon found on the addons paths to its directory.

    Args:
        paths: addons directories, in priority order; on a name clash the first one wins.

    Returns:
        ``{addon_name: absolute addon directory}`` for every subdirectory holding a manifest
        whose name matches ``[a-z0-9_]+``.
    """
    found: dict[str, str] = {}
    for root in paths:
        root = os.path.abspath(os.path.expanduser(root))
        if not os.path.isdir(root):
            _logger.warning("Addons path %s does not exist, skipped", root)
            continue
        for entry in sorted(os.listdir(root)):
            addon_dir = os.path.join(root, entry)
            if not os.path.isdir(addon_dir) or manifest_path(addon_dir) is None:
                continue
            if not _ADDON_NAME.match(entry):
                _logger.warning("Skipping %s: addon names may hold only [a-z0-9_]", addon_dir)
                continue
            if entry in found:
                _logger.warning("Addon %r found in %s and %s; using the first",
                                entry, found[entry], addon_dir)
                continue
            found[entry] = addon_dir
    return found
