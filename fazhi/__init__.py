"""fazhi: a compact server implementing the Flectra addon API, and the home of its CLI.

A short tour: ``sql`` talks to SQLite or PostgreSQL; ``orm`` turns model classes into
recordsets (``models``, ``fields``, ``api``, ``domain``, ``registry``); ``modules`` finds,
orders and installs addons; ``data`` loads their XML/CSV files; ``addons`` holds the built-in
``base``/``mail``/``web`` addons; ``testing`` runs addon tests; ``cli`` is the ``fazhi`` command.
Addons never import ``fazhi``: they import ``flectra``, which fazhi provides at start-up.
"""
from .modules import importer as _importer

_importer.install()
