"""Which SMTP failures are worth retrying, and when to retry.

    kind, reason = classify_failure(exc)     # ('transient', '...') or ('permanent', '...')
    delay = retry_delay(attempt)             # 1 min, 2 min, 4 min, ... capped at 1 hour

A transient failure (server unreachable, timeout, a 4xx reply) may succeed later; a permanent
one (a 5xx reply, a malformed address) will not, so retrying it only delays the bad news.
"""
import datetime
import smtplib
import socket

MAX_ATTEMPTS = 5  #: after this many transient failures the mail is given up (state exception)
BASE_DELAY = datetime.timedelta(minutes=1)
MAX_DELAY = datetime.timedelta(hours=1)

TRANSIENT = "transient"
PERMANENT = "permanent"


class MailDeliveryError(Exception):
    """A mail cannot be built or addressed; ``kind`` says whether a retry may help."""

    def __init__(self, message, kind=PERMANENT):
        super().__init__(message)
        self.kind = kind


def _reply_kind(code):
    return TRANSIENT if 400 <= int(code or 0) < 500 else PERMANENT


def _decode(text):
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)


def classify_failure(exc):
    """``(kind, reason)`` for an exception raised while sending one mail.

    Args:
        exc: what ``smtplib`` / the socket layer / the message builder raised.

    Returns:
        ``('transient' | 'permanent', human-readable reason)``.
    """
    if isinstance(exc, MailDeliveryError):
        return exc.kind, str(exc)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        replies = list(exc.recipients.values())
        kinds = {_reply_kind(code) for code, _msg in replies}
        reason = "; ".join("%s %s: %s" % (code, rcpt, _decode(msg))
                           for rcpt, (code, msg) in exc.recipients.items())
        return (TRANSIENT if kinds == {TRANSIENT} else PERMANENT), reason
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return TRANSIENT, "SMTP server disconnected: %s" % exc
    if isinstance(exc, smtplib.SMTPResponseException):
        return _reply_kind(exc.smtp_code), "%s %s" % (exc.smtp_code, _decode(exc.smtp_error))
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return TRANSIENT, "SMTP connection timed out: %s" % exc
    if isinstance(exc, (ConnectionError, socket.gaierror, OSError)):
        return TRANSIENT, "SMTP connection failed: %s" % exc
    if isinstance(exc, smtplib.SMTPException):
        return PERMANENT, str(exc)
    return PERMANENT, "%s: %s" % (type(exc).__name__, exc)


def retry_delay(attempt):
    """Wait before attempt ``attempt + 1``: doubles from one minute, at most one hour."""
    delay = BASE_DELAY * (2 ** max(attempt - 1, 0))
    return min(delay, MAX_DELAY)


def gives_up(kind, attempt):
    """Whether the mail goes to ``exception`` after ``attempt`` failed tries of this ``kind``."""
    return kind == PERMANENT or attempt >= MAX_ATTEMPTS
