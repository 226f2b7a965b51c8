"""The ``flectra`` (and ``odoo``) package addons import; fazhi registers it at start-up.

    from flectra import api, fields, models, _
"""
from ..orm.api import SUPERUSER_ID  # noqa: F401
from ..orm.translate import _, _lt  # noqa: F401
from ..orm.relational import Command  # noqa: F401
from . import api, fields, models, exceptions, release, tools, http  # noqa: F401

evented = False
multi_process = False
conf = None
