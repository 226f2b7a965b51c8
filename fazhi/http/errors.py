"""Exceptions as Flectra encodes them for JSON-RPC and XML-RPC, without leaking tracebacks."""
import logging
import traceback
import uuid

from .. import exceptions
from ..config import config

_logger = logging.getLogger(__name__)


def exception_name(exc):
    """``flectra.exceptions.UserError`` for ours, ``<module>.<class>`` for the rest."""
    cls = type(exc)
    if getattr(exc, "rpc_name", None):
        return exc.rpc_name
    for name in ("AccessDenied", "AccessError", "MissingError", "ValidationError", "UserError", "RedirectWarning"):
        klass = getattr(exceptions, name)
        if isinstance(exc, klass) and cls.__module__.startswith(("fazhi", "flectra")):
            if name == "ValidationError" or isinstance(exc, exceptions.ValidationError):
                return "flectra.exceptions.ValidationError"
            return "flectra.exceptions.%s" % name
    if cls.__module__.startswith("fazhi.exceptions"):
        return "flectra.exceptions.%s" % cls.__name__
    return "%s.%s" % (cls.__module__, cls.__qualname__)


def is_expected(exc):
    """Errors that are the user's business: their message is shown as is."""
    return isinstance(exc, (exceptions.UserError, exceptions.RedirectWarning, exceptions.AccessDenied)) \
        or bool(getattr(exc, "rpc_name", None))


def debug_text(exc):
    """The traceback in dev mode; otherwise a short reference logged with the traceback."""
    if config["dev_mode"]:
        return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return "Error reference %s (see the server log)" % log_reference(exc)


def log_reference(exc, what="RPC"):
    """A short reference for ``exc``, logged with its traceback unless the error is the user's."""
    ref = uuid.uuid4().hex[:12]
    if not is_expected(exc):
        _logger.error("%s error %s", what, ref, exc_info=exc)
    return ref


def message_of(exc):
    if isinstance(exc, exceptions.AccessDenied):
        return "Access Denied"
    if is_expected(exc):
        return exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
    if isinstance(exc, (AttributeError, TypeError, ValueError, KeyError)):
        return str(exc)
    if config["dev_mode"]:
        return str(exc)
    return "Internal server error"


def serialize_exception(exc):
    message = message_of(exc)
    return {
        "name": exception_name(exc),
        "debug": debug_text(exc),
        "message": message,
        "arguments": [message] if not is_expected(exc) else [a if isinstance(a, (str, int, float)) else str(a)
                                                              for a in exc.args],
        "context": getattr(exc, "context", {}) or {},
    }


def json_error(exc, code=200, message="Flectra Server Error"):
    return {"code": code, "message": message, "data": serialize_exception(exc)}


def xmlrpc_fault(exc):
    """(faultCode, faultString) of the /xmlrpc/2 routes."""
    if isinstance(exc, exceptions.RedirectWarning):
        return 2, str(exc)
    if isinstance(exc, exceptions.AccessError) and not isinstance(exc, exceptions.AccessDenied):
        return 4, message_of(exc)
    if isinstance(exc, exceptions.AccessDenied):
        return 3, "Access Denied"
    if isinstance(exc, exceptions.UserError):
        return 2, message_of(exc)
    if config["dev_mode"]:
        return 1, debug_text(exc)
    if isinstance(exc, (AttributeError, TypeError, ValueError, KeyError)):
        return 1, "%s: %s" % (type(exc).__name__, exc)
    return 1, debug_text(exc)


def xmlrpc_fault_legacy(exc):
    """(faultCode, faultString) of the legacy /xmlrpc routes (string codes)."""
    if isinstance(exc, exceptions.AccessDenied):
        return "AccessDenied", "Access Denied"
    for klass, label in ((exceptions.RedirectWarning, "Warning"), (exceptions.MissingError, "MissingError"),
                         (exceptions.AccessError, "AccessError"), (exceptions.UserError, "UserError")):
        if isinstance(exc, klass):
            return "warning -- %s\n\n%s" % (label, message_of(exc)), ""
    return message_of(exc), debug_text(exc)
