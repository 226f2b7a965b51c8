from . import test_integrity_rules
from . import test_xinyong_default_record
