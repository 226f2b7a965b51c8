from . import test_published
from . import test_portal_submit
from . import test_i18n
from . import test_portal_codes
from . import test_portal_tracking
from . import test_portal_corrections
from . import test_portal_security
from . import test_portal_settings
