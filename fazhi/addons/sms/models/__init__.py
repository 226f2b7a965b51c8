from . import sms_gateway
from . import sms_sms
