from . import fuyi_portal_guard
from . import fuyi_portal_otp
from . import fuyi_portal_application
from . import fuyi_reconsideration
from . import fuyi_service
from . import fuyi_reconsideration_published
