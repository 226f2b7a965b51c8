"""Statutory periods of enforcement (enforcement_supervision.md §1–3), on fuyi_case's period arithmetic.

APL periods of 2, 3, 5 and 7 days are working days (APL Art. 85); longer ones are calendar days
rolled over a rest day. The start day is never counted.
"""
from collections import namedtuple

from flectra.addons.fuyi_case.tools import periods

Period = namedtuple("Period", "length unit basis start_event")

PERIODS = {
    # 3S-2018 (国办发〔2018〕118号): decision information published within 7 / 20 working days
    "publish_penalty": Period(7, "working_day", "3S-2018; APL Art. 85", "penalty or licensing decision made"),
    "publish_other": Period(20, "working_day", "3S-2018", "enforcement decision made"),
    "withdraw_publication": Period(3, "working_day", "APL Art. 48 para 2; APL Art. 85",
                                   "agency learns the published decision was changed"),
    "hearing_request": Period(5, "working_day", "APL Art. 64 para 1 (1); APL Art. 85", "hearing-right notice served"),
    "hearing_notice": Period(-7, "working_day", "APL Art. 64 para 1 (2); APL Art. 85", "hearing date"),
    "decision": Period(90, "calendar_day", "APL Art. 60", "case filed"),
    "service": Period(7, "working_day", "APL Art. 61 para 1; APL Art. 85", "decision made, party absent"),
}


def due(calendar, kind, start):
    """The last day (``periods.Due``, with the steps explaining it) of period ``kind`` from ``start``."""
    period = PERIODS[kind]
    return periods.compute_due(calendar, start, period.length, period.unit, basis=period.basis)
