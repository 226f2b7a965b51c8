"""Pure rules of SMS delivery: numbers, ID-number screening, retry policy, the HTTP gateway.

    normalize_number(' +86 138-0013-8000 ')   # '13800138000' (None when not a mainland mobile)
    kind, reason = classify_failure(exc)      # ('transient', '...') or ('permanent', '...')
    delay = retry_delay(attempt)              # 1 min, 2 min, 4 min, ... capped at 1 hour
    HttpSmsGateway(url, token, timeout).send('13800138000', '您好', key)   # provider id or None

Gateway contract (one HTTP implementation, JSON over HTTP(S)):

- ``POST <sms.gateway_url>`` with ``Content-Type: application/json; charset=utf-8``, header
  ``Authorization: Bearer <sms.gateway_token>`` (when a token is set) and ``Idempotency-Key``,
  body ``{"to": "13800138000", "text": "...", "key": "<idempotency key>"}``.
- A 2xx answer means accepted; a JSON body's ``id`` (or ``message_id``) is kept as the
  provider message id.
- 5xx, 408, 429, timeouts, refused or dropped connections are transient: the message is tried
  again later with the *same* key. 4xx (other than 408/429) is permanent: no retry.
- The key is fixed per message for its whole life. When an answer is lost (the gateway took
  the message, then the connection dropped or timed out) the retry carries the same key, and
  the gateway must not deliver a second time for a key it has already accepted: it answers 2xx
  again (ideally with the same id). That makes "retry until acknowledged" deliver at most once.

The token is a secret: it is sent only as a header and never appears in logs, error messages
or ``repr``.
"""
import datetime
import http.client
import json
import re
import socket
import urllib.error
import urllib.parse
import urllib.request

MAX_ATTEMPTS = 5  #: after this many transient failures the message is given up (state error)
BASE_DELAY = datetime.timedelta(minutes=1)
MAX_DELAY = datetime.timedelta(hours=1)
DEFAULT_TIMEOUT = 10.0  #: seconds for connecting and for the answer

TRANSIENT = "transient"
PERMANENT = "permanent"

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_SEPARATORS = re.compile(r"[\s\-().]")
#: an 18-character resident ID number (公民身份号码) anywhere in a text
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


class SmsGatewayError(Exception):
    """The gateway did not take the message; ``kind`` says whether a retry may help."""

    def __init__(self, message, kind=TRANSIENT):
        super().__init__(message)
        self.kind = kind


def normalize_number(number):
    """A mainland mobile number as 11 digits (``+86``/``0086``/``86`` and separators removed),
    or None when ``number`` is not one."""
    if not number:
        return None
    digits = _SEPARATORS.sub("", str(number))
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            digits = digits[len(prefix):]
            break
    return digits if _MOBILE.match(digits) else None


def contains_id_number(text):
    """Whether ``text`` holds a full 18-character ID number (never allowed in an SMS)."""
    return bool(_ID_NUMBER.search(text or ""))


def mask_id_numbers(text):
    """``text`` with every full ID number masked to its first 6 and last 4 characters."""
    return _ID_NUMBER.sub(lambda m: m.group(0)[:6] + "*" * 8 + m.group(0)[-4:], text or "")


def retry_delay(attempt):
    """Wait before attempt ``attempt + 1``: doubles from one minute, at most one hour."""
    delay = BASE_DELAY * (2 ** max(attempt - 1, 0))
    return min(delay, MAX_DELAY)


def gives_up(kind, attempt, max_attempts=MAX_ATTEMPTS):
    """Whether the message goes to ``error`` after ``attempt`` failed tries of this ``kind``."""
    return kind == PERMANENT or attempt >= max_attempts


def _status_kind(status):
    return TRANSIENT if status >= 500 or status in (408, 429) else PERMANENT


def classify_failure(exc):
    """``(kind, reason)`` for an exception raised while handing one message to the gateway."""
    if isinstance(exc, SmsGatewayError):
        return exc.kind, str(exc)
    if isinstance(exc, urllib.error.HTTPError):
        return _status_kind(exc.code), "HTTP %s %s" % (exc.code, exc.reason)
    if isinstance(exc, urllib.error.URLError):
        return TRANSIENT, "SMS gateway unreachable: %s" % (exc.reason,)
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return TRANSIENT, "SMS gateway timed out: %s" % exc
    if isinstance(exc, (http.client.HTTPException, ConnectionError, OSError)):
        return TRANSIENT, "SMS gateway connection failed: %s" % (exc or type(exc).__name__)
    return PERMANENT, "%s: %s" % (type(exc).__name__, exc)


def _error_detail(exc, limit=200):
    """The gateway's own explanation of an error answer (its JSON ``error``/``message``, or text)."""
    try:
        raw = exc.read() or b""
    except Exception:  # noqa: BLE001 - the body is a courtesy
        return ""
    text = raw.decode("utf-8", "replace").strip()
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        text = str(data.get("error") or data.get("message") or text)
    return text[:limit]


def _safe_url(url):
    """The URL without credentials, query or fragment (for messages)."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = "%s:%s" % (host, parts.port)
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))


class HttpSmsGateway:
    """The JSON-over-HTTP gateway of the module docstring (stdlib only, no proxy from the environment)."""

    def __init__(self, url, token=None, timeout=DEFAULT_TIMEOUT):
        if not url or urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise SmsGatewayError("SMS gateway URL must be http(s): %s" % _safe_url(url or ""), PERMANENT)
        self.url = url
        self._token = token or None
        self.timeout = float(timeout or DEFAULT_TIMEOUT)
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def __repr__(self):
        return "<HttpSmsGateway %s>" % _safe_url(self.url)

    def _request(self, to, text, key):
        payload = json.dumps({"to": to, "text": text, "key": key}, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json",
                   "Idempotency-Key": key}
        if self._token:
            headers["Authorization"] = "Bearer %s" % self._token
        return urllib.request.Request(self.url, data=payload, headers=headers, method="POST")

    def send(self, to, text, key):
        """Hand one message over; returns the provider's message id (or None).

        Raises:
            SmsGatewayError: with ``kind`` transient (5xx, 408, 429, timeout, connection
            refused/dropped) or permanent (other 4xx, non-2xx without retry sense).
        """
        try:
            with self._opener.open(self._request(to, text, key), timeout=self.timeout) as response:
                status = response.status
                body = response.read()
        except urllib.error.HTTPError as exc:
            kind, reason = classify_failure(exc)
            detail = _error_detail(exc)
            raise SmsGatewayError("%s: %s" % (reason, detail) if detail else reason, kind) from None
        except Exception as exc:  # noqa: BLE001 - every failure is classified, none escapes raw
            kind, reason = classify_failure(exc)
            raise SmsGatewayError(reason, kind) from None
        if not 200 <= status < 300:
            raise SmsGatewayError("HTTP %s from the SMS gateway" % status, _status_kind(status))
        try:
            answer = json.loads(body.decode("utf-8")) if body else {}
        except (ValueError, UnicodeDecodeError):
            answer = {}
        if isinstance(answer, dict):
            found = answer.get("id") or answer.get("message_id")
            return str(found) if found not in (None, "") else None
        return None
