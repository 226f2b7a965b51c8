from . import test_litigation_rules
from . import test_yingsu_lawsuit
from . import test_yingsu_appearance
from . import test_yingsu_judgment
from . import test_yingsu_suggestion
from . import test_security
from . import test_i18n
from . import test_head_notice
