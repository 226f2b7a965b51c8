from . import test_rubric
from . import test_sampling
from . import test_checks
from . import test_jiandu_review
