"""Pure rules of government integrity records (政务诚信): no database, no environment.

Sources (see ../shared/domain/integrity.md): SME-PAY = 保障中小企业款项支付条例 (Decree 802 text,
in force 2025-06-01); NDRC-2023 = 发改财金〔2023〕1103号; REPAIR-2025 = 国办发〔2025〕22号;
REPAIR-2026 = 信用修复管理办法 (NDRC Order No. 36, in force 2026-04-01); Order 58 = the 2023 trial
measures it repealed.
"""
import calendar as calendar_module
import dataclasses
import datetime
import hashlib
from decimal import ROUND_HALF_UP, Decimal

from flectra.addons.fuyi_case.tools import periods
from flectra.addons.fuyi_case.tools.workdays import as_date

#: payer kinds of SME-PAY Art. 9: organs and public institutions; large enterprises
ORGAN = "organ"
LARGE_ENTERPRISE = "large"
ORGAN_DAYS, ORGAN_MAX_DAYS = 30, 60          # SME-PAY Art. 9 para 1
LARGE_DAYS = 60                              # SME-PAY Art. 9 para 2
DEFAULT_DAILY_RATE = Decimal("0.0005")       # SME-PAY Art. 17: 每日万分之五 when no rate is agreed
COMPLAINT_TRANSFER_WORKDAYS = 10             # SME-PAY Art. 25
COMPLAINT_RESULT_DAYS, COMPLAINT_RESULT_MAX_DAYS = 30, 90   # SME-PAY Art. 25
SME_PAY_BASIS = "SME-PAY Art. 9 para 1"
CENT = Decimal("0.01")

#: publication classes (REPAIR-2025 item 2; REPAIR-2026): (min months, max months); minor is
#: normally not published, and never longer than 3 months
MINOR, GENERAL, SERIOUS = "minor", "general", "serious"
CLASSES = (MINOR, GENERAL, SERIOUS)
PERIODS_2026 = {MINOR: (0, 3), GENERAL: (3, 12), SERIOUS: (12, 36)}
#: Order No. 58 (determinations before 2026-04-01): min 3 months (1 year in the sensitive sectors), max 3 years
PERIODS_2023 = {MINOR: (0, 3), GENERAL: (3, 36), SERIOUS: (12, 36)}
REPAIR_2026_IN_FORCE = datetime.date(2026, 4, 1)


class IntegrityError(ValueError):
    """A rule refused the input; ``code`` says which, ``message`` is English for the caller to translate."""

    def __init__(self, code, message, **params):
        super().__init__(message % params if params else message)
        self.code, self.message, self.params = code, message, params


# --- SME payments (SME-PAY) -----------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class PaymentTerm:
    due: datetime.date          #: last day to pay under the statutory or agreed period
    max_due: datetime.date      #: the longest a contract may agree (organs: 60 days); None when unbounded
    days: int
    basis: str


def sme_payment_term(calendar, start, payer=ORGAN, agreed_days=None):
    """Payment period for an SME, from delivery / acceptance / confirmed settlement (SME-PAY Arts. 9-10).

    Organs and public institutions: 30 days, a contract may agree up to 60 (Art. 9 para 1);
    large enterprises: 60 days unless agreed (Art. 9 para 2). Calendar days, start day not
    counted, a rest-day end rolls over (Civil Code Arts. 201, 203)."""
    start = as_date(start)
    if payer == ORGAN:
        days = ORGAN_DAYS if agreed_days in (None, False, 0) else int(agreed_days)
        if days > ORGAN_MAX_DAYS:
            raise IntegrityError("agreed_too_long", "An organ or public institution may agree at most %(max)s days "
                                 "to pay an SME (SME-PAY Art. 9 para 1); %(days)s days were agreed.",
                                 max=ORGAN_MAX_DAYS, days=days)
        max_due = periods.add_calendar_days(calendar, start, ORGAN_MAX_DAYS).date
        basis = SME_PAY_BASIS
    elif payer == LARGE_ENTERPRISE:
        days = LARGE_DAYS if agreed_days in (None, False, 0) else int(agreed_days)
        max_due, basis = None, "SME-PAY Art. 9 para 2"
    else:
        raise IntegrityError("payer", "Unknown payer kind %(payer)r.", payer=payer)
    if days <= 0:
        raise IntegrityError("agreed_days", "The agreed payment period must be positive (%(days)s).", days=days)
    return PaymentTerm(periods.add_calendar_days(calendar, start, days).date, max_due, days, basis)


def late_interest(amount, days_late, daily_rate=None):
    """Late-payment interest (SME-PAY Art. 17): the agreed rate, else 0.05 % a day; rounded to the fen."""
    amount = Decimal(str(amount))
    days_late = int(days_late)
    if amount < 0:
        raise IntegrityError("amount", "The amount cannot be negative (%(amount)s).", amount=amount)
    if days_late <= 0:
        return Decimal("0.00")
    rate = DEFAULT_DAILY_RATE if daily_rate in (None, False) else Decimal(str(daily_rate))
    return (amount * rate * days_late).quantize(CENT, rounding=ROUND_HALF_UP)


def check_agreed_rate(annual_rate, lpr_one_year):
    """An agreed late-payment rate may not be below the 1-year LPR at signing (SME-PAY Art. 17)."""
    if Decimal(str(annual_rate)) < Decimal(str(lpr_one_year)):
        raise IntegrityError("rate_below_lpr", "The agreed late-payment rate %(rate)s is below the one-year LPR "
                             "%(lpr)s at signing (SME-PAY Art. 17).", rate=annual_rate, lpr=lpr_one_year)
    return True


def days_late(due, paid_or_today):
    """Days after the due date until payment (or today, while unpaid)."""
    return max(0, (as_date(paid_or_today) - as_date(due)).days)


def complaint_transfer_due(calendar, accepted):
    """Receiving department transfers within 10 working days of formal acceptance (SME-PAY Art. 25)."""
    return periods.add_working_days(calendar, accepted, COMPLAINT_TRANSFER_WORKDAYS, basis="SME-PAY Art. 25")


def complaint_result_due(calendar, received):
    """(Result due, longest extension) for the handling department: 30 days, at most 90 (SME-PAY Art. 25)."""
    return (periods.add_calendar_days(calendar, received, COMPLAINT_RESULT_DAYS),
            periods.add_calendar_days(calendar, received, COMPLAINT_RESULT_MAX_DAYS))


def annual_disclosure_due(year):
    """Overdue SME payments of ``year`` are published by 31 March of the next year (SME-PAY Art. 18 para 1)."""
    return datetime.date(int(year) + 1, 3, 31)


# --- default determination (NDRC-2023) ------------------------------------------------------------------------
#: reasons that never excuse a refusal to perform: a change of government, officials, leadership
#: or structure (NDRC-2023; GI-2016 on investment attraction; SME-PAY Art. 14 for payments)
NO_EXCUSE_REASONS = ("personnel_change", "restructuring", "leadership_change")


def determination(verified_true, rectified=None, refusal_reason=None):
    """Outcome of the NDRC-2023 flow: untrue → closed; true → rectification ordered; rectified →
    closed; refused (whatever the reason given, personnel change included) → determined default."""
    if not verified_true:
        return "untrue"
    if rectified is None:
        return "rectification"
    if rectified:
        return "rectified"
    return "determined"


def refusal_is_excused(reason):
    """No reason of NO_EXCUSE_REASONS excuses not performing (NDRC-2023)."""
    return reason not in NO_EXCUSE_REASONS and reason not in (None, False, "")


# --- publication and repair (REPAIR-2025, REPAIR-2026, Order 58) ------------------------------------------------
def add_months_plain(start, months):
    """Plain month arithmetic on the same day of the month, or the month's last day (Civil Code Art. 202);
    no roll-over (publication ends are not procedural deadlines)."""
    start = as_date(start)
    year, month0 = divmod(start.month - 1 + months, 12)
    year += start.year
    last = calendar_module.monthrange(year, month0 + 1)[1]
    return datetime.date(year, month0 + 1, min(start.day, last))


@dataclasses.dataclass(frozen=True)
class Publication:
    klass: str
    published: bool
    min_end: datetime.date      #: the minimum period ends (repair may be applied for after it)
    max_end: datetime.date      #: publication stops automatically
    earliest_repair: datetime.date
    regime: str                 #: "REPAIR-2026" or "Order 58"


def publication(klass, determined, strict_after_expiry=True, published=None):
    """Publication period and earliest repair date of one record, from the determination date.

    Periods count from the determination (REPAIR-2026: 自…认定之日起计算). Before 2026-04-01 the
    Order 58 periods apply. ``strict_after_expiry``: repair "after the minimum period has expired"
    (届满后) read as the day after its last day (integrity.md §7, unverified; a setting).
    A minor record is normally not published and may be repaired on performance (I9)."""
    if klass not in CLASSES:
        raise IntegrityError("class", "Unknown publication class %(klass)r.", klass=klass)
    determined = as_date(determined)
    regime = "REPAIR-2026" if determined >= REPAIR_2026_IN_FORCE else "Order 58"
    minimum, maximum = (PERIODS_2026 if regime == "REPAIR-2026" else PERIODS_2023)[klass]
    if published is None:
        published = klass != MINOR
    if klass == MINOR:
        # repair on performance; if published at all, for at most 3 months
        return Publication(klass, published, determined, add_months_plain(determined, maximum), determined, regime)
    min_end = add_months_plain(determined, minimum)
    earliest = min_end + datetime.timedelta(days=1) if strict_after_expiry else min_end
    return Publication(klass, published, min_end, add_months_plain(determined, maximum), earliest, regime)


def check_repair_application(pub, applied, performed, commitment_signed):
    """Refuse a repair application that does not meet REPAIR-2026's conditions; returns True."""
    applied = as_date(applied)
    if applied < pub.earliest_repair:
        raise IntegrityError("too_early", "A repair may be applied for from %(date)s, after the minimum publication "
                             "period (REPAIR-2025 item 2).", date=pub.earliest_repair)
    if not performed:
        raise IntegrityError("not_performed", "The conduct must be corrected and the obligations performed before "
                             "repair (REPAIR-2026 Art. 3).")
    if not commitment_signed and pub.klass != MINOR:
        raise IntegrityError("no_commitment", "A signed credit commitment (信用承诺书) is required to apply for "
                             "repair (REPAIR-2026).")
    return True


# --- exchange: data items, quality gate, idempotency ----------------------------------------------------------
#: the agreed data items of a government default record (integrity.md §5, proposed minimum fields);
#: nothing else leaves: no natural person's identifiers
RECORD_FIELDS = (
    "record_id", "version", "entity_name", "entity_uscc", "counterparty_name", "counterparty_uscc",
    "agreement_reference", "field", "default_type", "amount", "determining_department",
    "determining_department_uscc", "determination_number", "determination_date", "rectification_deadline",
    "status", "published", "publication_start", "publication_end", "repair_date",
)
MANDATORY_FIELDS = ("record_id", "version", "entity_name", "entity_uscc", "default_type",
                    "determining_department", "determination_number", "determination_date", "status")
USCC_FIELDS = ("entity_uscc", "counterparty_uscc", "determining_department_uscc")
DEFAULT_TYPES = ("breach_of_contract", "payment_arrears", "judgment_non_performance", "other")
STATUSES = ("determined", "corrected", "repaired", "withdrawn")

#: the shapes of personal data that may not travel in any free-text item
_PERSONAL_PATTERNS = (
    ("id_number", r"(?<![0-9A-Z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Z])"),
    ("mobile", r"(?<!\d)1[3-9]\d{9}(?!\d)"),
)


def quality_errors(record):
    """Every reason ``record`` (a dict of data items) may not leave; empty when it may.

    Checks: only the agreed items (no personal data beyond them), mandatory items, USCC check
    characters (GB 32100-2015), publication dates present and ordered when published (the
    double-publicity 公示截止期 is mandatory, integrity.md I10), no identity-card or mobile numbers
    in the text items."""
    import re

    from flectra.addons.fuyi_case.tools import identifiers

    errors = []
    extra = sorted(set(record) - set(RECORD_FIELDS))
    if extra:
        errors.append(("extra_fields", "Items outside the agreed data items may not be sent: %s." % ", ".join(extra)))
    for name in MANDATORY_FIELDS:
        if record.get(name) in (None, False, ""):
            errors.append(("missing:%s" % name, "The item %s is required." % name))
    for name in USCC_FIELDS:
        value = record.get(name)
        if value:
            try:
                identifiers.validate_uscc(value)
            except identifiers.IdentifierError as error:
                errors.append(("uscc:%s" % name, "%s: %s" % (name, error)))
    if record.get("default_type") and record["default_type"] not in DEFAULT_TYPES:
        errors.append(("default_type", "Unknown default type %r." % record["default_type"]))
    if record.get("status") and record["status"] not in STATUSES:
        errors.append(("status", "Unknown status %r." % record["status"]))
    if record.get("published"):
        for name in ("publication_start", "publication_end"):
            if not record.get(name):
                errors.append(("missing:%s" % name, "A published record needs its %s." % name))
        start, end = record.get("publication_start"), record.get("publication_end")
        if start and end and _date(end) < _date(start):
            errors.append(("publication_order", "The publication ends (%s) before it starts (%s)." % (end, start)))
    if record.get("status") == "repaired" and not record.get("repair_date"):
        errors.append(("missing:repair_date", "A repaired record needs its repair_date."))
    for name, value in record.items():
        if isinstance(value, str) and name not in USCC_FIELDS:
            for kind, pattern in _PERSONAL_PATTERNS:
                if re.search(pattern, value):
                    errors.append(("personal:%s" % name, "The item %s contains personal data (%s)." % (name, kind)))
    return errors


def _date(value):
    return datetime.date.fromisoformat(value) if isinstance(value, str) else as_date(value)


def idempotency_key(database_uuid, record_uid, version):
    """Stable key of one version of one record: the same on every retry, different for every version."""
    text = "%s|%s|%d" % (database_uuid, record_uid, int(version))
    return hashlib.sha256(text.encode()).hexdigest()[:40]
