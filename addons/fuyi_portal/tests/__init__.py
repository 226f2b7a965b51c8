from . import test_published
