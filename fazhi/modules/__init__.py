"""Finding addons, reading their manifests and ordering them by dependency.

An addon is a directory on the addons path holding a ``__manifest__.py``. This package reads
the manifests (``manifest``), computes the order addons are loaded in without touching the
database (``graph``), and installs or upgrades them into a database (``loading``)::

    from fazhi.modules.manifest import find_addons, load_manifest
    from fazhi.modules.graph import order_addons

    dirs = find_addons(["/srv/addons"])                  # {'base': '/srv/addons/base', ...}
    manifests = {name: load_manifest(path) for name, path in dirs.items()}
    order_addons(manifests, ["fuyi_case"])               # ['base', 'mail', 'fuyi_case']
"""
