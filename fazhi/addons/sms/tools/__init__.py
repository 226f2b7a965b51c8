from . import sms_delivery
