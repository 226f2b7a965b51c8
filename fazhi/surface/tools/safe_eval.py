"""``flectra.tools.safe_eval``: the framework's restricted evaluator."""
from ...tools.safe_eval import *  # noqa: F401,F403
from ...tools.safe_eval import safe_eval  # noqa: F401
