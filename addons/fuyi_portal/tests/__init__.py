from . import test_published
from . import test_portal_submit
from . import test_i18n
