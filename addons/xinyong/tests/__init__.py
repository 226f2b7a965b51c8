from . import test_integrity_rules
from . import test_xinyong_default_record
from . import test_xinyong_outbox
from . import test_security
from . import test_views
from . import test_i18n
from . import test_demo
from . import test_client_views
