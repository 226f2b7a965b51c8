from . import xinyong_default_record_step
