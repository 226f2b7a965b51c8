"""The expression trees of the web client contract: view modifiers, F2 attrs/states and
decorations converted with Python's ast module (fazhi.orm.view_modifiers)."""
import pytest
from lxml import etree

from fazhi.orm.view_modifiers import (
    ExpressionError, convert_attrs, convert_domain, convert_expression, names_used, node_decorations,
    node_modifiers, states_expression,
)


@pytest.mark.parametrize("text, expected", [
    ("1", {"c": True}), ("True", {"c": True}), ("0", {"c": False}), ("False", {"c": False}), ("", {"c": False}),
    ("state == 'draft'", {"cmp": "==", "l": {"n": "state"}, "r": {"c": "draft"}}),
    ("state != 'draft'", {"cmp": "!=", "l": {"n": "state"}, "r": {"c": "draft"}}),
    ("amount >= 10.5", {"cmp": ">=", "l": {"n": "amount"}, "r": {"c": 10.5}}),
    ("amount < -1", {"cmp": "<", "l": {"n": "amount"}, "r": {"c": -1}}),
    ("state in ('a', 'b')", {"cmp": "in", "l": {"n": "state"}, "r": {"c": ["a", "b"]}}),
    ("state not in ['a']", {"cmp": "not in", "l": {"n": "state"}, "r": {"c": ["a"]}}),
    ("partner_id == False", {"cmp": "==", "l": {"n": "partner_id"}, "r": {"c": False}}),
    ("partner_id is False", {"cmp": "==", "l": {"n": "partner_id"}, "r": {"c": False}}),
    ("not line_ids", {"not": {"n": "line_ids"}}),
    ("a and b or c", {"or": [{"and": [{"n": "a"}, {"n": "b"}]}, {"n": "c"}]}),
    ("parent.state == 'done'", {"cmp": "==", "l": {"n": "parent.state"}, "r": {"c": "done"}}),
    ("context.get('hide')", {"n": "context.hide"}),
    ("context.get('hide', False)", {"n": "context.hide"}),
    ("context['mode'] == 'x'", {"cmp": "==", "l": {"n": "context.mode"}, "r": {"c": "x"}}),
    ("user_id == uid", {"cmp": "==", "l": {"n": "user_id"}, "r": {"n": "uid"}}),
    ("due < current_date", {"cmp": "<", "l": {"n": "due"}, "r": {"n": "context_today"}}),
    ("due < context_today().strftime('%Y-%m-%d')", {"cmp": "<", "l": {"n": "due"}, "r": {"n": "context_today"}}),
    ("1 < a < 3", {"and": [{"cmp": "<", "l": {"c": 1}, "r": {"n": "a"}},
                           {"cmp": "<", "l": {"n": "a"}, "r": {"c": 3}}]}),
    ("[a, 1]", {"list": [{"n": "a"}, {"c": 1}]}),
    ("a if b else None", {"if": {"n": "b"}, "then": {"n": "a"}, "else": {"c": None}}),
])
def test_expressions(text, expected):
    assert convert_expression(text) == expected


@pytest.mark.parametrize("text", ["foo(", "record.partner_id.name", "len(line_ids)", "a + 1", "x[0]",
                                  "lambda: 1", "a is not None and __import__('os')", "parent.partner_id.name",
                                  "a @ b", "{'a': 1}"])
def test_expressions_outside_the_grammar_are_errors(text):
    with pytest.raises(ExpressionError):
        convert_expression(text)


def test_attrs_domains_in_polish_notation():
    tree = convert_attrs("{'invisible': ['|', ('state', '=', 'draft'), '!', ('partner_id', '!=', False)], "
                         "'readonly': [('state', 'in', ['done', 'cancel']), ('user_id', '=', uid)], "
                         "'required': []}")
    assert tree["invisible"] == {"or": [{"cmp": "==", "l": {"n": "state"}, "r": {"c": "draft"}},
                                        {"not": {"cmp": "!=", "l": {"n": "partner_id"}, "r": {"c": False}}}]}
    assert tree["readonly"] == {"and": [{"cmp": "in", "l": {"n": "state"}, "r": {"c": ["done", "cancel"]}},
                                        {"cmp": "==", "l": {"n": "user_id"}, "r": {"n": "uid"}}]}
    assert tree["required"] == {"c": True}


@pytest.mark.parametrize("attrs", ["[('a', '=', 1)]", "{'invisible': [('a', 'like', 'x')]}",
                                   "{'colour': [('a', '=', 1)]}", "{'invisible': ['&', ('a', '=', 1)]}",
                                   "{'invisible': [('a', '=')]}"])
def test_bad_attrs_are_errors(attrs):
    with pytest.raises(ExpressionError):
        convert_attrs(attrs)


def test_domain_true_and_false_leaves():
    assert convert_domain("[(1, '=', 1)]") == {"c": True}
    assert convert_domain("[(0, '=', 1)]") == {"c": False}


def test_states_and_node_modifiers_combine():
    assert states_expression("draft, sent") == {"cmp": "not in", "l": {"n": "state"}, "r": {"c": ["draft", "sent"]}}
    node = etree.fromstring('<button name="x" states="draft" invisible="locked" '
                            'attrs="{\'readonly\': [(\'a\', \'=\', 1)]}" required="1"/>')
    mods = node_modifiers(node)
    assert mods["invisible"] == {"or": [{"n": "locked"},
                                        {"cmp": "not in", "l": {"n": "state"}, "r": {"c": ["draft"]}}]}
    assert mods["readonly"] == {"cmp": "==", "l": {"n": "a"}, "r": {"c": 1}}
    assert mods["required"] == {"c": True}
    assert names_used(mods) == {"locked", "state", "a"}


def test_decorations():
    node = etree.fromstring('<tree decoration-danger="due &lt; current_date" decoration-muted="state == \'done\'"/>')
    assert node_decorations(node) == {
        "danger": {"cmp": "<", "l": {"n": "due"}, "r": {"n": "context_today"}},
        "muted": {"cmp": "==", "l": {"n": "state"}, "r": {"c": "done"}}}
    with pytest.raises(ExpressionError):
        node_decorations(etree.fromstring('<tree decoration-blink="1"/>'))
