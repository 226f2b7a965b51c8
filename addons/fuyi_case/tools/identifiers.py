"""Citizen ID numbers (GB 11643-1999), Unified Social Credit Codes (GB 32100-2015), masking.

Pure functions, no ORM. Validators take what a user typed, normalise it (full-width to
half-width, no spaces, upper case) and return the normalised value or raise
:class:`IdentifierError` whose ``code`` says which check failed::

    >>> validate_id_number(" 33010619851231000x ")
    '33010619851231000X'
    >>> try:
    ...     validate_uscc("911101080000000008")
    ... except IdentifierError as exc:
    ...     exc.code
    'checksum'
"""
import datetime
import hashlib
import hmac
import re
import unicodedata

#: error codes an IdentifierError can carry
ERROR_CODES = ("empty", "length", "charset", "checksum", "birth_date", "format")

ID_NUMBER_EXAMPLE = "110101197001010008"
USCC_EXAMPLE = "911101080000000007"

# GB 11643-1999 / ISO 7064 MOD 11-2: weight of position i is 2^(18-i) mod 11.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")

# GB 32100-2015: 31 symbols (no I, O, S, V, Z); weight of position i is 3^(i-1) mod 31.
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {ch: i for i, ch in enumerate(_USCC_ALPHABET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")

# GB 11714-1997 organisation code (USCC positions 9-17).
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

_WHITESPACE_RE = re.compile(r"\s+")


class IdentifierError(ValueError):
    """An identifier failed validation; ``code`` is one of :data:`ERROR_CODES`."""

    def __init__(self, code, message):
        assert code in ERROR_CODES, code
        super().__init__(message)
        self.code = code
        self.message = message


def normalize(text):
    """Full-width to half-width (NFKC), all whitespace removed, upper case."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", str(text))
    return _WHITESPACE_RE.sub("", text).upper()


# --- Citizen identity number (GB 11643-1999) ---

def id_number_check_char(first17):
    """Check character of an ID number from its first 17 digits (GB 11643-1999, ISO 7064 MOD 11-2)."""
    total = sum(int(ch) * w for ch, w in zip(first17, _ID_WEIGHTS))
    return _ID_CHECK[total % 11]


def _birth_date(digits8):
    try:
        return datetime.date(int(digits8[0:4]), int(digits8[4:6]), int(digits8[6:8]))
    except ValueError:
        return None


def legacy_id_number_to_18(number15):
    """18-digit form of a legacy 15-digit number: '19' before the year, check appended.

    Common practice, not verified against the text of GB 11643-1999.
    """
    number15 = normalize(number15)
    if not re.fullmatch(r"\d{15}", number15):
        raise IdentifierError("format", "A legacy ID number has exactly 15 digits, e.g. 110101700101000.")
    first17 = number15[:6] + "19" + number15[6:]
    return first17 + id_number_check_char(first17)


def validate_id_number(text, today=None):
    """Return the normalised 18-character citizen ID number or raise IdentifierError.

    Checks (GB 11643-1999): 17 digits plus a digit or X; positions 7-14 are a real birth
    date not in the future; the last character is the ISO 7064 MOD 11-2 check. The address
    code is not checked against the current division list (abolished codes stay valid) and
    sequence code 000 is accepted. Legacy 15-digit numbers are refused (code 'format').
    """
    number = normalize(text)
    if not number:
        raise IdentifierError("empty", "The ID number is empty: enter the 18-character citizen ID number, e.g. %s."
                              % ID_NUMBER_EXAMPLE)
    if re.fullmatch(r"\d{15}", number):
        hint = ""
        if _birth_date("19" + number[6:12]):
            hint = " (for this number most likely %s)" % legacy_id_number_to_18(number)
        raise IdentifierError(
            "format",
            "%s is a legacy 15-digit ID number, which is no longer accepted: enter the 18-digit number "
            "from the current ID card%s." % (number, hint))
    if len(number) != 18:
        raise IdentifierError(
            "length", "The ID number has %d characters; a citizen ID number has 18 (17 digits and a final "
            "digit or X), e.g. %s." % (len(number), ID_NUMBER_EXAMPLE))
    if not _ID_RE.match(number):
        raise IdentifierError(
            "charset", "The ID number %s contains characters that are not allowed: the first 17 must be "
            "digits and the last a digit or X, e.g. %s." % (number, ID_NUMBER_EXAMPLE))
    birth = _birth_date(number[6:14])
    today = today or datetime.date.today()
    if birth is None or birth > today:
        raise IdentifierError(
            "birth_date", "Positions 7-14 of the ID number %s (%s) are not a valid birth date: they must be a "
            "real date in the form YYYYMMDD, not in the future." % (number, number[6:14]))
    expected = id_number_check_char(number[:17])
    if number[17] != expected:
        raise IdentifierError(
            "checksum", "The check character of the ID number %s does not match (GB 11643-1999): the number "
            "was probably mistyped; check every digit against the ID card." % number)
    return number


def id_number_birth_date(number):
    """Birth date from positions 7-14 of a (valid) 18-character ID number (GB 11643-1999)."""
    number = normalize(number)
    birth = _birth_date(number[6:14]) if len(number) == 18 else None
    if birth is None:
        raise IdentifierError("birth_date", "No valid birth date in ID number %r." % number)
    return birth


def id_number_gender(number):
    """'male' for an odd sequence code (positions 15-17), 'female' for even (GB 11643-1999)."""
    number = normalize(number)
    if len(number) != 18 or not number[14:17].isdigit():
        raise IdentifierError("format", "No sequence code in ID number %r; it must have 18 characters." % number)
    return "male" if int(number[16]) % 2 else "female"


# --- Unified Social Credit Code (GB 32100-2015) ---

def uscc_check_char(first17):
    """Check character of a USCC from its first 17 characters (GB 32100-2015)."""
    total = sum(_USCC_VALUE[ch] * w for ch, w in zip(first17, _USCC_WEIGHTS))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(text):
    """Return the normalised 18-character Unified Social Credit Code or raise IdentifierError.

    GB 32100-2015: digits and upper-case letters except I, O, S, V, Z; positions 3-8 are a
    division code (digits); the last character is the mod-31 check.
    """
    code = normalize(text)
    if not code:
        raise IdentifierError("empty", "The Unified Social Credit Code is empty: enter the 18-character code, "
                              "e.g. %s." % USCC_EXAMPLE)
    if len(code) != 18:
        raise IdentifierError(
            "length", "The Unified Social Credit Code has %d characters; it must have 18, e.g. %s."
            % (len(code), USCC_EXAMPLE))
    bad = sorted({ch for ch in code if ch not in _USCC_VALUE})
    if bad:
        raise IdentifierError(
            "charset", "The Unified Social Credit Code %s contains %s, which are not allowed: only digits and "
            "upper-case letters except I, O, S, V and Z (GB 32100-2015), e.g. %s."
            % (code, ", ".join(bad), USCC_EXAMPLE))
    if not _USCC_RE.match(code):
        raise IdentifierError(
            "format", "Positions 3-8 of the Unified Social Credit Code %s must be the 6-digit administrative "
            "division code of the registering authority, e.g. %s." % (code, USCC_EXAMPLE))
    if code[17] != uscc_check_char(code[:17]):
        raise IdentifierError(
            "checksum", "The check character of the Unified Social Credit Code %s does not match "
            "(GB 32100-2015): the code was probably mistyped; copy it from the business licence or "
            "registration certificate." % code)
    return code


def organization_code_check_char(first8):
    """Check character of an organisation code (GB 11714-1997): '0'-'9' or 'X'."""
    total = 0
    for ch, w in zip(first8, _ORG_WEIGHTS):
        value = int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10
        total += value * w
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def uscc_inner_check_ok(code):
    """Whether positions 9-17 pass the GB 11714-1997 organisation-code check.

    Not required by GB 32100-2015: use it to warn, never to reject.
    """
    code = normalize(code)
    if len(code) != 18:
        return False
    inner = code[8:17]
    if not re.fullmatch(r"[0-9A-Z]{8}[0-9X]", inner):
        return False
    return inner[8] == organization_code_check_char(inner[:8])


# --- Masking and digests ---

def _mask_middle(text, keep_head, keep_tail):
    if len(text) <= keep_head + keep_tail:
        return "*" * len(text)
    return text[:keep_head] + "*" * (len(text) - keep_head - keep_tail) + text[len(text) - keep_tail:]


def mask_id_number(number):
    """'110101********1234': first 6 and last 4 characters shown."""
    return _mask_middle(normalize(number), 6, 4)


def mask_uscc(code):
    """'91110108********07': first 8 and last 2 characters shown."""
    return _mask_middle(normalize(code), 8, 2)


def mask_mobile(number):
    """'138****1234': first 3 and last 4 digits shown; a +86/0086 prefix is kept."""
    number = normalize(number).replace("-", "")
    prefix = ""
    for candidate in ("+86", "0086"):
        if number.startswith(candidate) and len(number) > len(candidate) + 7:
            prefix, number = candidate, number[len(candidate):]
            break
    return prefix + _mask_middle(number, 3, 4)


_NAME_SEPARATORS = "·•. "


def mask_name(name):
    """'张三' → '张*', '欧阳娜娜' → '欧***': first character, then one '*' per character.

    Separators inside transliterated names (the middle dot, spaces) are kept.
    """
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "".join(ch if ch in _NAME_SEPARATORS else "*" for ch in name[1:])


def identifier_digest(value, key):
    """HMAC-SHA256 (hex) of the normalised identifier: exact-match search without the clear value."""
    if not isinstance(key, (bytes, bytearray)) or not key:
        raise ValueError("identifier_digest needs a non-empty secret key (bytes).")
    return hmac.new(bytes(key), normalize(value).encode("utf-8"), hashlib.sha256).hexdigest()
