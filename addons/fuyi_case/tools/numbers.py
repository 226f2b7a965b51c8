"""Document numbers (发文字号), court case numbers (案号) and judicial suggestion numbers.

- Document numbers: agency code + 〔year〕 + sequence + 号, e.g. 某府复〔2025〕12号
  (GB/T 9704-2012 §7.2.5): hexagonal brackets, no "第", no leading zeros.
- Court case numbers: （year） + court code + type code + sequence + 号, e.g.
  （2025）浙0106行初123号 (SPC Provisions on Case Numbers, 2016, amended 2018); before 2016:
  （2014）杭西行初字第12号.
- Judicial suggestion numbers: <place>法建〔year〕N号 (法释〔2023〕11号 Annex 1).

Users type look-alike brackets; normalise per target: 〔〕 for documents, （） for court cases::

    >>> normalize_document_number("某府复[2025]12号")
    '某府复〔2025〕12号'
"""
import re
import unicodedata

_HAN = "\u4e00-\u9fa5"
_OPEN = r"[(\[【〔（［〖]"
_CLOSE = r"[)\]】〕）］〗]"
_YEAR_IN_BRACKETS = re.compile(_OPEN + r"\s*(\d{4})\s*" + _CLOSE)

_DOCUMENT_RE = re.compile(r"^(?P<org>[%sA-Za-z]+)〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号$" % _HAN)
# Loose form used to explain what is wrong with an almost-valid document number.
_DOCUMENT_LOOSE_RE = re.compile(r"^(?P<org>[%sA-Za-z]+)〔(?P<year>\d{4})〕(?P<di>第)?(?P<seq>\d+)号$" % _HAN)

# Pre-2016 numbers (Chinese court abbreviation, 字第) are matched first: the post-2016
# pattern would mis-split them (court "杭西行", type "初字第").
_COURT_LEGACY_RE = re.compile(r"^（(?P<year>\d{4})）(?P<prefix>[%s]+?)字第(?P<seq>\d+)号$" % _HAN)
# Court code: 最高法 (SPC); province abbreviation + 2 digits (intermediate) or + 4 digits
# (basic); the abbreviation alone (high court). The court code may have up to 3 characters
# before its digits, as in the loose pattern of the domain notes.
_COURT_RE = re.compile(
    r"^（(?P<year>\d{{4}})）(?P<court>最高法|[{han}]{{1,3}}\d{{2,4}}|[{han}])"
    r"(?P<type>[{han}]{{1,4}}?)(?P<seq>\d+)号$".format(han=_HAN))
_SUGGESTION_RE = re.compile(r"^(?P<place>[%s]*)法建〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号$" % _HAN)

DOCUMENT_EXAMPLE = "某府复〔2025〕12号"
COURT_CASE_EXAMPLE = "（2025）浙0106行初123号"


def _clean(text):
    # NFKC turns full-width digits and （） into ASCII; 〔〕 and 【】 are left alone.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def normalize_document_number(text):
    """Year brackets (), [], 【】, （）, ［］ → 〔〕 (GB/T 9704-2012 §7.2.5); spaces removed."""
    return _YEAR_IN_BRACKETS.sub(r"〔\1〕", _clean(text), count=1)


def parse_document_number(text):
    """{'org', 'year', 'seq'} of a document number (GB/T 9704-2012 §7.2.5), after bracket normalisation.

    Raises ValueError when the number does not have the form 某府复〔2025〕12号 (including a
    sequence with "第" or leading zeros).
    """
    number = normalize_document_number(text)
    match = _DOCUMENT_RE.match(number)
    if not match:
        raise ValueError("%r is not a document number: write the agency code, the year in 〔〕 and the "
                         "sequence without 第 or leading zeros, then 号, e.g. %s (GB/T 9704-2012 §7.2.5)."
                         % (text, DOCUMENT_EXAMPLE))
    return {"org": match["org"], "year": int(match["year"]), "seq": int(match["seq"])}


def format_document_number(org, year, seq):
    """某府复〔2025〕12号 from its parts (GB/T 9704-2012 §7.2.5)."""
    year, seq = int(year), int(seq)
    if not re.fullmatch(r"[%sA-Za-z]+" % _HAN, org or "") or not 1000 <= year <= 9999 or seq < 1:
        raise ValueError("Cannot format a document number from org=%r, year=%r, seq=%r: the agency code must "
                         "be Chinese characters or letters, the year 4 digits and the sequence 1 or more."
                         % (org, year, seq))
    return "%s〔%04d〕%d号" % (org, year, seq)


def check_document_number(text):
    """(normalised number, warnings): leading zeros and "第" are reported with the corrected form.

    Warnings, not errors: an old document may really carry a non-conforming number.
    """
    number = normalize_document_number(text)
    if _DOCUMENT_RE.match(number):
        return number, []
    match = _DOCUMENT_LOOSE_RE.match(number)
    if not match:
        return number, ["%s is not in the form of a document number (agency code, year in 〔〕, sequence, 号), "
                        "e.g. %s (GB/T 9704-2012 §7.2.5)." % (number, DOCUMENT_EXAMPLE)]
    warnings = []
    if match["di"]:
        warnings.append("The sequence is written with 第, which GB/T 9704-2012 §7.2.5 does not use.")
    seq = int(match["seq"])
    if seq == 0:
        warnings.append("The sequence number must be 1 or more (GB/T 9704-2012 §7.2.5).")
        return number, warnings
    if match["seq"].startswith("0"):
        warnings.append("The sequence %s has leading zeros, which GB/T 9704-2012 §7.2.5 does not allow."
                        % match["seq"])
    suggested = format_document_number(match["org"], match["year"], seq)
    warnings.append("Suggested form: %s" % suggested)
    return number, warnings


def normalize_court_case_number(text):
    """Year brackets (), [], 【】, 〔〕 → full-width round （） as court case numbers use; spaces removed."""
    return _YEAR_IN_BRACKETS.sub(r"（\1）", _clean(text), count=1)


def parse_court_case_number(text):
    """{'year', 'court', 'type', 'seq', 'legacy'} of a court case number (SPC Provisions on Case Numbers).

    Pre-2016 numbers (…字第N号) are recognised first and returned with ``legacy`` True and
    ``court``/``type`` None (the Chinese court abbreviation is not decoded; the part before
    字第 is in ``prefix``). Raises ValueError otherwise.
    """
    number = normalize_court_case_number(text)
    match = _COURT_LEGACY_RE.match(number)
    if match:
        return {"year": int(match["year"]), "court": None, "type": None, "seq": int(match["seq"]),
                "legacy": True, "prefix": match["prefix"]}
    match = _COURT_RE.match(number)
    if not match:
        raise ValueError("%r is not a court case number: it should look like %s (year in （）, court code, "
                         "case type code, sequence, 号)." % (text, COURT_CASE_EXAMPLE))
    return {"year": int(match["year"]), "court": match["court"], "type": match["type"],
            "seq": int(match["seq"]), "legacy": False}


def is_judicial_suggestion_number(text):
    """Whether ``text`` is a judicial suggestion number <place>法建〔year〕N号 (法释〔2023〕11号 Annex 1)."""
    return bool(_SUGGESTION_RE.match(normalize_document_number(text)))
