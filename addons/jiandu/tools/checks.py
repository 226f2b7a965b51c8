"""Rule checks on an enforcement file (行政执法案卷) that file review applies before scoring.

Each check returns the failures it finds as ``Failure(code, article, text)``; the codes are the
veto items of the default rubric, so a failure found here pre-fills the reviewer's veto with its
reason (the reviewer still decides).
"""
import datetime
from collections import namedtuple
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

Failure = namedtuple("Failure", "code article text params", defaults=(None,))   #: params: for the translated text

CERTIFICATE_STATES = ("valid", "suspended", "revoked", "expired")
MIN_OFFICERS = 2                 #: APL Art. 42: at least two officers unless law provides otherwise
PRESCRIPTION_YEARS = 2           #: APL Art. 36 para 1
PRESCRIPTION_YEARS_HARM = 5      #: APL Art. 36 para 1: life/health safety or financial security, with harm


@dataclass(frozen=True)
class Certificate:
    number: str
    state: str = "valid"
    issue_date: datetime.date | None = None
    expiry_date: datetime.date | None = None
    categories: frozenset = frozenset()    #: enforcement categories covered; empty: any


def certificate_problem_kind(certificate, on_date, category=None):
    """(kind, params) of the problem with ``certificate`` for an act on ``on_date``, or None.

    Only qualified officers may enforce (APL Art. 42) and they show the certificate (APL Art. 55):
    the certificate must exist, be in force on the day of the act and cover the case's category.
    """
    if certificate is None or not certificate.number:
        return "none", {}
    params = {"number": certificate.number}
    if certificate.state in ("suspended", "revoked"):
        return certificate.state, params
    if certificate.issue_date and on_date < certificate.issue_date:
        return "not_yet_issued", dict(params, date=certificate.issue_date)
    if certificate.state == "expired" or (certificate.expiry_date and on_date > certificate.expiry_date):
        return "expired", dict(params, date=certificate.expiry_date or "?")
    if category and certificate.categories and category not in certificate.categories:
        return "out_of_scope", dict(params, category=category)
    return None


CERTIFICATE_PROBLEMS = {
    "none": "no certificate", "suspended": "certificate %(number)s is suspended",
    "revoked": "certificate %(number)s is revoked",
    "not_yet_issued": "certificate %(number)s was issued on %(date)s, after the act",
    "expired": "certificate %(number)s expired on %(date)s",
    "out_of_scope": "certificate %(number)s does not cover %(category)s",
}


def certificate_problem(certificate, on_date, category=None):
    """Why ``certificate`` does not cover an act on ``on_date`` (None when it does), in English."""
    problem = certificate_problem_kind(certificate, on_date, category)
    return CERTIFICATE_PROBLEMS[problem[0]] % problem[1] if problem else None


def officer_failures(officers, on_date, category=None, penalty=True):
    """Officers of one act: each holds a certificate valid that day; a penalty needs ≥ 2 (APL Art. 42).

    ``officers`` is a list of (name, Certificate or None).
    """
    failures = []
    qualified = 0
    for name, certificate in officers:
        problem = certificate_problem_kind(certificate, on_date, category)
        if problem:
            text = CERTIFICATE_PROBLEMS[problem[0]] % problem[1]
            failures.append(Failure("unqualified_officer", "APL Art. 42", "%s: %s on %s" % (name, text, on_date),
                                    {"officer": name, "date": on_date, "kind": problem[0], **problem[1]}))
        else:
            qualified += 1
    if penalty and qualified < MIN_OFFICERS:
        failures.append(Failure("fewer_than_two_officers", "APL Art. 42",
                                "%d qualified officer(s) on %s; a penalty needs at least %d"
                                % (qualified, on_date, MIN_OFFICERS),
                                {"n": qualified, "date": on_date, "minimum": MIN_OFFICERS}))
    return failures


@dataclass(frozen=True)
class DecisionFacts:
    """What decides whether legal review (法制审核) was mandatory (APL Art. 58 para 1)."""

    major_public_interest: bool = False     #: item (1)
    major_rights_with_hearing: bool = False  #: item (2): major rights of a party or third party, after a hearing
    complex_case: bool = False               #: item (3): difficult, complex, several legal relations
    required_by_law: bool = False            #: item (4)
    legal_review_done: bool = False


def legal_review_failures(facts):
    """No decision may be made without the mandatory legal review (APL Art. 58 para 1)."""
    grounds = [(facts.major_public_interest, "(1)"), (facts.major_rights_with_hearing, "(2)"),
               (facts.complex_case, "(3)"), (facts.required_by_law, "(4)")]
    items = [item for applies, item in grounds if applies]
    if items and not facts.legal_review_done:
        return [Failure("no_legal_review", "APL Art. 58 para 1 %s" % items[0],
                        "legal review was mandatory (item %s) but there is no review record: "
                        "the decision should not have been made" % ", ".join(items), {"items": ", ".join(items)})]
    return []


def prescription_end(violation_ended, harm_to_life_or_finance=False):
    """Last day a violation may still be discovered (APL Art. 36: 2 years, 5 with life/health or
    financial-security harm; from the day it occurred, or ended if continuing)."""
    years = PRESCRIPTION_YEARS_HARM if harm_to_life_or_finance else PRESCRIPTION_YEARS
    return violation_ended + relativedelta(years=years)


def prescription_failures(violation_ended, discovered, harm_to_life_or_finance=False):
    if not (violation_ended and discovered):
        return []
    end = prescription_end(violation_ended, harm_to_life_or_finance)
    if discovered > end:
        return [Failure("prescription_expired", "APL Art. 36 para 1",
                        "discovered %s, after the prescription period ended on %s: no penalty" % (discovered, end),
                        {"discovered": discovered, "end": end})]
    return []
