from ..orm.api import *  # noqa: F401,F403
from ..orm.api import Environment, SUPERUSER_ID, call_kw, frozendict, downgrade  # noqa: F401
from ..orm.api import readonly, private, depends_context, returns, autovacuum, ondelete  # noqa: F401
