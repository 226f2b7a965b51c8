from . import mixin
from . import order
from . import line
from . import gadget
