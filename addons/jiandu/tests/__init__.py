from . import test_rubric
from . import test_sampling
from . import test_checks
from . import test_jiandu_review
from . import test_jiandu_import
from . import test_jiandu_rectification
from . import test_jiandu_security
from . import test_jiandu_report
