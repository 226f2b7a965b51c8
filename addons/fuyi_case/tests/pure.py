from flectra.tests import BaseCase


class PureCase(BaseCase):
    """Tests of the pure rules in ``tools/``: no database."""

    def assertError(self, error_class, func, *args, **kwargs):
        """``func(*args, **kwargs)`` raises ``error_class``; returns the exception."""
        with self.assertRaises(error_class) as ctx:
            func(*args, **kwargs)
        return ctx.exception
