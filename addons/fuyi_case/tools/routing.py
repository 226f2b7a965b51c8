"""繁简分流: which procedure a case follows, and whether it needs a hearing or the committee.

The rules are a table, evaluated in order; the first that applies decides, and its code and
article are recorded on the case so the routing can be audited (ARL Arts. 50, 52, 53).
"""
from collections import namedtuple
from dataclasses import dataclass, field

SIMPLE_AMOUNT_LIMIT = 3000   #: yuan, inclusive (ARL Art. 53 para 1 (3))

COMPLEXITY_FACTORS = {
    "major_public_interest": "national or major public interest",
    "group_dispute": "group dispute or high public attention",
    "new_field": "new business forms, fields or types, and complex",
    "evidence_doubts": "many doubts about the respondent's key evidence or disagreement on main facts",
    "complex_legal": "complex legal relations",
}   #: 行政复议普通程序听证办法 Art. 3 — what makes a case major, difficult or complex


@dataclass(frozen=True)
class RoutingFacts:
    facts_clear: bool = True            #: facts clear, rights and duties clear, dispute small
    on_the_spot: bool = False           #: act made on the spot (当场作出)
    sanction: str = ""                  #: 'warning' or 'circulated_criticism' when the act imposes one
    other_measures: bool = False        #: the act imposes more than that sanction (a fine, a confiscation…)
    amount: float | None = None         #: amount involved, yuan
    information_disclosure: bool = False
    all_parties_consent: bool = False   #: every party agrees to the simple procedure
    complexity: frozenset = field(default_factory=frozenset)   #: keys of COMPLEXITY_FACTORS
    specialised: bool = False           #: highly specialised or technical (Art. 52 (2))


Rule = namedtuple("Rule", "code procedure article text applies")

RULES = (
    Rule("complex", "ordinary", "ARL Art. 50; Art. 53", "major, difficult or complex case",
         lambda f: bool(f.complexity)),
    Rule("facts_unclear", "ordinary", "ARL Art. 53 para 1", "facts, rights or duties not clear, or the dispute not small",
         lambda f: not f.facts_clear and not f.all_parties_consent),
    Rule("on_the_spot", "simple", "ARL Art. 53 para 1 (1)", "act made on the spot",
         lambda f: f.facts_clear and f.on_the_spot),
    # only an act that is *only* a warning or circulated criticism: a warning plus a fine is not one
    Rule("warning", "simple", "ARL Art. 53 para 1 (2)", "warning or circulated criticism",
         lambda f: f.facts_clear and f.sanction in ("warning", "circulated_criticism") and not f.other_measures
         and not f.amount),
    Rule("small_amount", "simple", "ARL Art. 53 para 1 (3)", "amount of 3,000 yuan or less",
         lambda f: f.facts_clear and f.amount is not None and 0 <= f.amount <= SIMPLE_AMOUNT_LIMIT),
    Rule("information_disclosure", "simple", "ARL Art. 53 para 1 (4)", "government information disclosure case",
         lambda f: f.facts_clear and f.information_disclosure),
    Rule("consent", "simple", "ARL Art. 53 para 2", "all parties agree to the simple procedure",
         lambda f: f.all_parties_consent),
    Rule("default", "ordinary", "ARL Art. 53", "no ground for the simple procedure", lambda f: True),
)

Routing = namedtuple("Routing", "procedure rule article text hearing_required committee_required")


def route(facts: RoutingFacts) -> Routing:
    """The procedure for ``facts`` and the rule that chose it.

    A major, difficult or complex case needs a hearing (Art. 50 para 1) and a committee
    referral (Art. 52 para 2 (1)); a highly specialised one needs the committee (Art. 52 para 2 (2)).
    """
    unknown = set(facts.complexity) - set(COMPLEXITY_FACTORS)
    if unknown:
        raise ValueError("Unknown complexity factors: %s" % ", ".join(sorted(unknown)))
    for rule in RULES:
        if rule.applies(facts):
            complex_case = bool(facts.complexity)
            return Routing(rule.procedure, rule.code, rule.article, rule.text,
                           hearing_required=complex_case,
                           committee_required=complex_case or facts.specialised)
    raise AssertionError("the default rule always applies")
