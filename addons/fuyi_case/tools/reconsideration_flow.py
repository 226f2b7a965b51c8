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
}


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
