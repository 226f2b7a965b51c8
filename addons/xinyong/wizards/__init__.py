from . import xinyong_default_record_step
from . import xinyong_disclosure_generate
