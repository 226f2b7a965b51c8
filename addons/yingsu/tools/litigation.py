"""Pure rules of administrative litigation response (行政应诉): no ORM.

Court case numbers (案号), the court periods (calendar days, CPL Art. 85 roll-over through
fuyi_case's ``tools.periods``), the head-appearance checks of the 2020 SPC provisions
(HEAD-2020) and the daily-fine exposure of ALL Art. 96. Every rule names its article; the
models store the result and the explanation.
"""
import dataclasses
import datetime
import re

from flectra.addons.fuyi_case.tools import periods

ONE_DAY = datetime.timedelta(days=1)

# --- court case numbers (案号) -------------------------------------------------------------------
# （year）+ court code (province abbreviation + 2 or 4 digits, or 最高法) + type code + number + 号,
# e.g. （2025）豫0421行初12号; the year stands in full-width round brackets.
PROVINCES = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新兵"
#: type code → instance it belongs to (administrative cases only)
CASE_TYPE_CODES = {
    "行初": "first_instance", "行终": "second_instance", "行再": "retrial", "行申": "retrial",
    "行赔初": "first_instance", "行赔终": "second_instance", "行赔再": "retrial", "行赔申": "retrial",
}
_OPEN = "(（〔[［【﹙⁽"
_CLOSE = ")）〕]］】﹚⁾"
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_CASE_NUMBER = re.compile(r"^（(?P<year>\d{4})）(?P<court>最高法|[%s](?:\d{2}|\d{4})?)(?P<type>行赔?[初终再申])"
                          r"(?P<seq>[1-9]\d*)号$" % PROVINCES)


MSG_EMPTY = "the case number is empty"
MSG_YEAR = "it must start with the year of filing in brackets, e.g. （2025）"
MSG_TYPE = "it must contain an administrative case type code (行初, 行终, 行再, 行申)"
MSG_END = "it must end with the case's serial number and 号"
MSG_COURT = ("the court code must be a province abbreviation with its court digits (e.g. 豫0421) or 最高法, and the "
             "serial number has no leading zeros")
MSG_TOO_EARLY = "the year of filing is before the Administrative Litigation Law took effect"
#: the reasons a number is refused, translated by the models (i18n/zh_CN.po)
CASE_NUMBER_MESSAGES = (MSG_EMPTY, MSG_YEAR, MSG_TYPE, MSG_END, MSG_COURT, MSG_TOO_EARLY)


class CaseNumberError(ValueError):
    """A court case number that is not in the official format; the message says what is wrong."""


@dataclasses.dataclass(frozen=True)
class CaseNumber:
    text: str
    year: int
    court_code: str
    type_code: str
    sequence: int

    @property
    def instance(self):
        return CASE_TYPE_CODES[self.type_code]


def normalize_case_number(text):
    """Look-alike brackets → （）, full-width digits → ASCII, spaces dropped."""
    text = (text or "").translate(_FULLWIDTH_DIGITS)
    text = re.sub(r"\s+", "", text)
    for char in _OPEN:
        text = text.replace(char, "（")
    for char in _CLOSE:
        text = text.replace(char, "）")
    return text


def parse_case_number(text):
    """The parts of a court case number such as （2025）豫0421行初12号, after normalisation.

    Raises CaseNumberError naming the part that is wrong.
    """
    normalized = normalize_case_number(text)
    if not normalized:
        raise CaseNumberError(MSG_EMPTY)
    match = _CASE_NUMBER.match(normalized)
    if not match:
        if not re.match(r"^（\d{4}）", normalized):
            raise CaseNumberError(MSG_YEAR)
        if not re.search(r"行赔?[初终再申]", normalized):
            raise CaseNumberError(MSG_TYPE)
        if not normalized.endswith("号"):
            raise CaseNumberError(MSG_END)
        raise CaseNumberError(MSG_COURT)
    year = int(match["year"])
    if year < 1990:
        raise CaseNumberError(MSG_TOO_EARLY)
    return CaseNumber(normalized, year, match["court"], match["type"], int(match["seq"]))


# --- court periods (calendar days, CPL Art. 85) --------------------------------------------------
#: kind → (length, unit, legal basis, start event); calendar days unless said (ALL has no
#: working-day clause; CPL Art. 85 via ALL Art. 101)
PERIODS = {
    "answer": (15, "calendar_day", "ALL Art. 67 para 1", "complaint copy received"),
    "delayed_evidence": (15, "calendar_day", "ALL Art. 36 para 1; ALL-I Art. 34", "complaint copy received"),
    "jurisdiction_objection": (15, "calendar_day", "ALL-I Art. 10", "complaint copy received"),
    "appeal_judgment": (15, "calendar_day", "ALL Art. 85", "judgment served"),
    "appeal_ruling": (10, "calendar_day", "ALL Art. 85", "ruling served"),
    "appeal_answer": (15, "calendar_day", "ALL-I Art. 108", "appeal copy received"),
    "retrial_application": (6, "month", "ALL-I Art. 110", "judgment effective"),
    "enforcement_application": (2, "year", "ALL-I Art. 153", "last day of performance"),
    "sue_after_reconsideration": (15, "calendar_day", "ALL Art. 45", "reconsideration decision received"),
    "sue_direct": (6, "month", "ALL Art. 46", "knew of the act"),
    "normative_suggestion_reply": (60, "calendar_day", "ALL-I Art. 149 para 4", "suggestion received"),
    "governance_suggestion_reply": (2, "month", "JS-2023 Art. 8", "suggestion received"),
    "procuratorial_suggestion_reply": (2, "month", "ALL Art. 25 para 4; PIL-I Art. 21", "suggestion received"),
    "procuratorial_suggestion_urgent": (15, "calendar_day", "PIL-I Art. 21", "suggestion received"),
    "court_enforcement_application": (3, "month", "ACL Art. 53; ALL-I Art. 156", "litigation period expired"),
    "reminder_wait": (10, "working_day", "ACL Arts. 54, 69", "reminder served"),
}


def period_due(calendar, kind, start, length=None):
    """``periods.Due`` of a named court period from ``start`` (``length`` overrides the default)."""
    default, unit, basis, _event = PERIODS[kind]
    length = default if length is None else length
    return periods.compute_due(calendar, start, length, unit,
                               basis=basis if unit == "working_day" else None)


def appeal_kind(decision_kind):
    """A judgment can be appealed within 15 days of service, a ruling within 10 (ALL Art. 85)."""
    return "appeal_ruling" if decision_kind == "ruling" else "appeal_judgment"


def latest_notice_service(hearing_date):
    """The head-appearance notice is served at least 3 days before the hearing (HEAD-2020 Art. 5 para 2).

    Calendar days, no roll-over: the latest service day is the hearing date minus 3 (litigation.md §8).
    """
    return hearing_date - datetime.timedelta(days=3)


# --- head appearance (负责人出庭应诉) -------------------------------------------------------------
#: accepted reasons for a head's absence (HEAD-2020 Art. 8)
ABSENCE_REASONS = [
    ("force_majeure", "Force majeure"), ("accident", "Accident"),
    ("irreplaceable_duty", "Official duty nobody else can perform"), ("other_justified", "Other justified reason"),
]
#: who appeared for the agency
APPEARANCE_RESULTS = [
    ("head", "Head appeared"), ("staff", "Staff appeared"), ("lawyer_only", "Only a lawyer appeared"),
    ("nobody", "Nobody appeared"),
]
#: results that expose the agency to a judicial suggestion (HEAD-2020 Art. 12; ALL-I Arts. 128, 132)
NON_COMPLIANT_RESULTS = {"lawyer_only": "ALL-I Arts. 128, 132", "nobody": "HEAD-2020 Art. 12"}
#: mandatory-notice categories (the court shall notify, HEAD-2020 Art. 4 para 1)
MANDATORY_CATEGORIES = [
    ("food_drug_safety", "Food and drug safety"), ("ecology_resources", "Ecology and resources"),
    ("public_health", "Public health"), ("public_concern", "High public concern"),
    ("mass_incident_risk", "Risk of mass incidents"), ("written_suggestion", "Court's written suggestion"),
]


def absence_check(reason, proof_given, reason_text=""):
    """(accepted, rule, flag) for a head's absence: an Art. 8 reason with proof sealed by the agency
    or signed by its principal head (HEAD-2020 Arts. 8, 9); otherwise the absence is flagged."""
    if reason not in dict(ABSENCE_REASONS):
        return False, "HEAD-2020 Art. 8", "reason_unverified"
    if not proof_given:
        return False, "HEAD-2020 Art. 9", "proof_missing"
    if reason == "other_justified" and not (reason_text or "").strip():
        return False, "HEAD-2020 Art. 8", "reason_unverified"
    return True, "HEAD-2020 Arts. 8, 9", False


# --- performance of effective judgments (ALL Art. 96) --------------------------------------------
DAILY_FINE_MIN = 50
DAILY_FINE_MAX = 100


def fine_exposure(deadline, performed):
    """(days, min, max) of the daily fine a court may impose on the agency head for late performance
    (ALL Art. 96 (2): 50–100 yuan a day). Start day not counted, performance day counted (litigation.md L14)."""
    days = max((performed - deadline).days, 0)
    return days, days * DAILY_FINE_MIN, days * DAILY_FINE_MAX


def rate(numerator, denominator):
    """A percentage rounded to one decimal, or None when there is nothing to count."""
    return round(100.0 * numerator / denominator, 1) if denominator else None
