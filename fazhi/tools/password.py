"""Password hashes in passlib's ``pbkdf2_sha512`` format, without passlib.

Flectra stores ``res.users.password`` through passlib's CryptContext with the
``pbkdf2_sha512`` scheme, so a database moved between Flectra and fazhi keeps working
logins only if both write and read the same string::

    $pbkdf2-sha512$<rounds>$<salt>$<checksum>

``rounds`` is a decimal integer without leading zeros, ``salt`` and ``checksum`` are
passlib's "adapted base64" (standard base64, no ``=`` padding, ``.`` instead of ``+``),
and the checksum is the 64-byte PBKDF2-HMAC-SHA512 of the UTF-8 password.

    >>> h = hash_password("secret", rounds=1000)
    >>> verify_password("secret", h), verify_password("wrong", h)
    (True, False)
"""
import binascii
import hashlib
import hmac
import os
import re
import secrets

__all__ = ["hash_password", "verify_password", "needs_rehash", "default_rounds", "IDENT"]

IDENT = "$pbkdf2-sha512$"
DEFAULT_ROUNDS = 600_000
MIN_ROUNDS = 1000  #: floor for FAZHI_PASSWORD_ROUNDS, so a test setting cannot reach production weak
MAX_ROUNDS = 2**32 - 1  #: passlib's upper bound for pbkdf2 rounds
SALT_SIZE = 16
CHECKSUM_SIZE = 64

# rounds: no leading zero (passlib rejects "01212"); salt and checksum in the ab64 alphabet
_HASH_RE = re.compile(r"^\$pbkdf2-sha512\$([1-9][0-9]*)\$([A-Za-z0-9./]*)\$([A-Za-z0-9./]+)$")


def default_rounds() -> int:
    """Rounds for new hashes: ``FAZHI_PASSWORD_ROUNDS`` when set (at least 1000), else 600,000.

    Raises:
        ValueError: the environment variable is not an integer.
    """
    raw = os.environ.get("FAZHI_PASSWORD_ROUNDS", "").strip()
    if not raw:
        return DEFAULT_ROUNDS
    return max(MIN_ROUNDS, int(raw))


def ab64_encode(data: bytes) -> str:
    """passlib's adapted base64: standard alphabet with '.' for '+', no padding."""
    return binascii.b2a_base64(data, newline=False).decode("ascii").rstrip("=").replace("+", ".")


def ab64_decode(text: str) -> bytes:
    """Inverse of :func:`ab64_encode`; raises ValueError for text that cannot be ab64."""
    if len(text) % 4 == 1:
        raise ValueError("invalid ab64 length")
    padded = text.replace(".", "+") + "=" * (-len(text) % 4)
    try:
        return binascii.a2b_base64(padded.encode("ascii"), strict_mode=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise ValueError("invalid ab64 data") from exc


def _pbkdf2(password: str, salt: bytes, rounds: int) -> bytes:
    return hashlib.pbkdf2_hmac("sha512", password.encode("utf-8"), salt, rounds, CHECKSUM_SIZE)


def hash_password(password: str, rounds: int | None = None) -> str:
    """Hash ``password`` with a fresh 16-byte random salt.

    Args:
        password: the clear text (str; encoded as UTF-8).
        rounds: PBKDF2 iterations; :func:`default_rounds` when None.

    Returns:
        ``$pbkdf2-sha512$<rounds>$<salt>$<checksum>``, verifiable by passlib.

    Raises:
        TypeError: ``password`` is not a str.
        ValueError: ``rounds`` outside 1 .. 2**32-1.
    """
    if not isinstance(password, str):
        raise TypeError("password must be a str, not %s" % type(password).__name__)
    if rounds is None:
        rounds = default_rounds()
    if not 1 <= rounds <= MAX_ROUNDS:
        raise ValueError("rounds must be between 1 and %d" % MAX_ROUNDS)
    salt = secrets.token_bytes(SALT_SIZE)
    return _format(rounds, salt, _pbkdf2(password, salt, rounds))


def _format(rounds: int, salt: bytes, checksum: bytes) -> str:
    return "%s%d$%s$%s" % (IDENT, rounds, ab64_encode(salt), ab64_encode(checksum))


def _parse(hashed):
    """(rounds, salt, checksum) of a well-formed hash, else None."""
    if not isinstance(hashed, str):
        return None
    match = _HASH_RE.match(hashed)
    if not match:
        return None
    rounds = int(match.group(1))
    if rounds > MAX_ROUNDS:
        return None
    try:
        salt = ab64_decode(match.group(2))
        checksum = ab64_decode(match.group(3))
    except ValueError:
        return None
    if len(checksum) != CHECKSUM_SIZE:
        return None
    return rounds, salt, checksum


def is_hash(value) -> bool:
    """True when ``value`` is a well-formed pbkdf2_sha512 hash string."""
    return _parse(value) is not None


def verify_password(password: str, hashed: str) -> bool:
    """True when ``password`` matches ``hashed`` (any rounds); False for malformed or other schemes.

    The checksum comparison takes constant time.
    """
    if not isinstance(password, str):
        return False
    parsed = _parse(hashed)
    if parsed is None:
        return False
    rounds, salt, checksum = parsed
    return hmac.compare_digest(_pbkdf2(password, salt, rounds), checksum)


def needs_rehash(hashed: str, rounds: int | None = None) -> bool:
    """True when ``hashed`` should be replaced at the next successful login.

    That is: it is not a pbkdf2_sha512 hash (plaintext, other scheme, malformed), uses fewer
    rounds than ``rounds`` (default :func:`default_rounds`), or has a salt shorter than ours.
    """
    parsed = _parse(hashed)
    if parsed is None:
        return True
    if rounds is None:
        rounds = default_rounds()
    return parsed[0] < rounds or len(parsed[1]) < SALT_SIZE
