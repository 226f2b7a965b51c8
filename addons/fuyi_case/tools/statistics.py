"""Case statistics from plain facts: received, accepted, closed, outcomes and 纠错率.

纠错率 (correction rate) = (varied + revoked + confirmed illegal + ordered to perform +
confirmed invalid) / closed cases — the definition used by the county plan and MOJ reporting.
"""
from collections import Counter

CORRECTING = frozenset({"vary", "revoke", "partial_revoke", "confirm_illegal", "order_performance",
                        "confirm_invalid"})
MEDIATED = frozenset({"mediated", "settled"})


def _rate(numerator, denominator):
    return round(numerator / denominator, 4) if denominator else 0.0


def summarize(cases):
    """Figures for a list of dicts with keys ``state``, ``procedure``, ``decision_type``,
    ``closed`` (bool), ``on_time`` (bool or None) and ``outcome`` ('decided', 'mediated',
    'settled', 'withdrawn', 'terminated', 'rejected', …)."""
    received = len(cases)
    accepted = [c for c in cases if c.get("accepted")]
    closed = [c for c in cases if c.get("closed")]
    decisions = Counter(c["decision_type"] for c in closed if c.get("decision_type"))
    outcomes = Counter(c.get("outcome") for c in closed if c.get("outcome"))
    correcting = sum(n for key, n in decisions.items() if key in CORRECTING)
    timed = [c for c in closed if c.get("on_time") is not None]
    return {
        "received": received,
        "accepted": len(accepted),
        "closed": len(closed),
        "by_procedure": dict(Counter(c.get("procedure") for c in accepted if c.get("procedure"))),
        "by_decision_type": dict(decisions),
        "by_outcome": dict(outcomes),
        "correction_rate": _rate(correcting, len(closed)),
        "mediation_rate": _rate(sum(n for key, n in outcomes.items() if key in MEDIATED), len(closed)),
        "on_time_rate": _rate(sum(1 for c in timed if c["on_time"]), len(timed)),
    }
