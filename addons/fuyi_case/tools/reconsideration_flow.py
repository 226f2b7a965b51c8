"""Which reconsideration action is allowed in which state, and the rule that says so.

A table, not code paths (like OCA/contract's allowed-transition tables): the model asks
``target_state`` and persists the result; a refusal names the article.
"""
from collections import namedtuple

Transition = namedtuple("Transition", "sources target rule")

#: action -> (states it may start from, state it leads to, legal basis)
TRANSITIONS = {
    "request_correction": Transition(frozenset({"review"}), "correction", "ARL Art. 31 para 1"),
    "receive_corrections": Transition(frozenset({"correction"}), "review", "ARL Art. 31 para 3"),
    "abandon": Transition(frozenset({"correction"}), "abandoned", "ARL Art. 31 para 2"),
    "accept": Transition(frozenset({"review"}), "accepted", "ARL Art. 30 para 1"),
    "deem_accepted": Transition(frozenset({"review"}), "accepted", "ARL Art. 30 para 3"),
    "reject": Transition(frozenset({"review"}), "rejected", "ARL Art. 30 para 2"),
    "forward": Transition(frozenset({"review"}), "forwarded", "ARL Art. 30 para 2; Art. 32"),
    "convert_to_ordinary": Transition(frozenset({"accepted"}), "accepted", "ARL Art. 55"),
    "decide": Transition(frozenset({"accepted"}), "decided", "ARL Art. 61; Arts. 63–72"),
    "dismiss": Transition(frozenset({"accepted"}), "decided", "ARL Art. 33"),
    "mediate": Transition(frozenset({"accepted", "suspended"}), "mediated", "ARL Art. 73"),
    "withdraw": Transition(frozenset({"review", "correction", "accepted", "suspended"}), "withdrawn", "ARL Art. 74"),
    "suspend": Transition(frozenset({"accepted"}), "suspended", "ARL Art. 39 para 1"),
    "resume": Transition(frozenset({"suspended"}), "accepted", "ARL Art. 39 para 2"),
    "terminate": Transition(frozenset({"accepted", "suspended"}), "terminated", "ARL Art. 41"),
}

#: states in which the case is closed (statistics count them as closed)
CLOSED_STATES = frozenset({"rejected", "forwarded", "abandoned", "decided", "mediated", "withdrawn", "terminated"})


class TransitionRefused(ValueError):
    """The action is not allowed from the current state."""

    def __init__(self, action, state, rule):
        super().__init__("%s is not possible in state %s (%s)" % (action, state, rule))
        self.action = action
        self.state = state
        self.rule = rule


def target_state(state, action):
    """The state ``action`` leads to from ``state``; TransitionRefused when not allowed."""
    transition = TRANSITIONS[action]
    if state not in transition.sources:
        raise TransitionRefused(action, state, transition.rule)
    return transition.target


def rule_of(action):
    return TRANSITIONS[action].rule
