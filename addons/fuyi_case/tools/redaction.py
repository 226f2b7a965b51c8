"""Redaction (脱敏) of decision texts before publication (ARL Art. 79; PIPL Arts. 28, 55).

Removes what identifies natural persons: their names (given as a list), ID numbers, phone
numbers, bank account numbers and street addresses; agencies' names stay.
"""
import re

from .identifiers import mask_name

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")
_BANK_ACCOUNT = re.compile(r"(?<!\d)\d{12,19}(?!\d)")
_ADDRESS = re.compile(r"[\u4e00-\u9fa5]{0,12}?(?:路|街|巷|道|弄)\d+号(?:[\u4e00-\u9fa5\d]{0,8}?(?:室|单元|楼|栋))*")

PLACEHOLDERS = {
    "id_number": "[身份证号已隐去]", "phone": "[电话已隐去]", "bank": "[账号已隐去]", "address": "[地址已隐去]",
}


def redact(text, person_names=()):
    """``text`` with personal data replaced; returns (redacted text, list of what was removed)."""
    if not text:
        return text, []
    found = []

    def sub(pattern, kind, value):
        nonlocal value_text
        matches = pattern.findall(value_text)
        if matches:
            found.extend((kind, m) for m in matches)
            value_text = pattern.sub(value, value_text)

    value_text = text
    sub(_ID_NUMBER, "id_number", PLACEHOLDERS["id_number"])
    sub(_MOBILE, "phone", PLACEHOLDERS["phone"])
    sub(_LANDLINE, "phone", PLACEHOLDERS["phone"])
    sub(_BANK_ACCOUNT, "bank", PLACEHOLDERS["bank"])
    sub(_ADDRESS, "address", PLACEHOLDERS["address"])
    for name in sorted({n for n in person_names if n}, key=len, reverse=True):
        if name in value_text:
            found.append(("name", name))
            value_text = value_text.replace(name, mask_name(name))
    return value_text, found


def residual_personal_data(text, person_names=()):
    """What a published text still contains that should have been removed (empty when clean)."""
    _redacted, found = redact(text, person_names)
    return found
