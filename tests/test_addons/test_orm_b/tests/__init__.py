from . import test_gadget
from . import test_order_b
