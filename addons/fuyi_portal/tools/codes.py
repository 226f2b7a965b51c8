"""Tracking codes and one-time codes: random, readable, compared by keyed hash."""
import hashlib
import hmac
import secrets

#: no 0/O or 1/I confusion: 32 symbols = 5 bits each
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
GROUPS, GROUP_LEN = 5, 4   #: 20 symbols = 100 random bits
PREFIX = "FY"


def new_tracking_code():
    """'FY-XXXX-XXXX-XXXX-XXXX-XXXX' with 100 bits from the system's CSPRNG."""
    symbols = "".join(secrets.choice(ALPHABET) for _i in range(GROUPS * GROUP_LEN))
    return "-".join([PREFIX] + [symbols[i:i + GROUP_LEN] for i in range(0, len(symbols), GROUP_LEN)])


def normalize_tracking_code(text):
    """Upper case, separators and spaces dropped; None when the shape is wrong (so a garbage input
    costs no database look-up)."""
    raw = "".join(ch for ch in str(text or "").upper() if ch.isalnum())
    if raw.startswith(PREFIX):
        raw = raw[len(PREFIX):]
    if len(raw) != GROUPS * GROUP_LEN or any(ch not in ALPHABET for ch in raw):
        return None
    return "-".join([PREFIX] + [raw[i:i + GROUP_LEN] for i in range(0, len(raw), GROUP_LEN)])


def new_sms_code():
    return "%06d" % secrets.randbelow(10 ** 6)


def keyed_hash(key, *parts):
    """HMAC-SHA256 over the parts: codes and keys are stored only like this."""
    message = "\x1f".join(str(part) for part in parts).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def same(a, b):
    return hmac.compare_digest(str(a or ""), str(b or ""))
