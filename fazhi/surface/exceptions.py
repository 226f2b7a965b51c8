from ..exceptions import *  # noqa: F401,F403
from ..exceptions import (  # noqa: F401
    UserError, ValidationError, AccessError, MissingError, AccessDenied, RedirectWarning, CacheMiss,
    except_orm, Warning,
)
