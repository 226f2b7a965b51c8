from . import test_case_helpers
from . import test_data
from . import test_order
from . import test_person
from . import test_rule_doc
from . import test_tag
