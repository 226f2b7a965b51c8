"""The error types addons raise and the RPC layer understands.

They mirror ``flectra.exceptions`` so that addon code written for Flectra catches and raises
the same classes here. ``flectra.exceptions`` is this module.
"""


class UserError(Exception):
    """The action makes no sense in the current state; shown to the user as is."""

    def __init__(self, message=""):
        super().__init__(message)

    @property
    def name(self):
        return self.args[0] if self.args else ""


class ValidationError(UserError):
    """Data breaks a rule (constraint, bad value)."""


class AccessError(UserError):
    """The user is not allowed to do this."""


class MissingError(UserError):
    """The record does not exist (anymore)."""


class AccessDenied(UserError):
    """Login failed; the message never says why, so users cannot be enumerated."""

    def __init__(self, message="Access Denied"):
        super().__init__(message)
        self.traceback = ("", "", "")


class RedirectWarning(Exception):
    """A warning that offers the user an action to fix the cause."""

    def __init__(self, message, action, button_text, additional_context=None):
        super().__init__(message, action, button_text, additional_context)


class CacheMiss(KeyError):
    """A value is not in the record cache."""

    def __init__(self, record, field):
        super().__init__("%r.%s" % (record, field.name))


class except_orm(UserError):
    """Legacy name kept for old addons."""


class Warning(UserError):  # noqa: A001 - legacy Flectra name
    """Legacy name kept for old addons."""
