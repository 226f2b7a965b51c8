from . import test_integrity_rules
