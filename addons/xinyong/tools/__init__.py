from . import integrity
from . import exchange_format
