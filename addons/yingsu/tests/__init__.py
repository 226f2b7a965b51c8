from . import test_litigation_rules
