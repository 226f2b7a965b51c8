"""ir.sequence (addon-api.md §14): next_by_code with prefix interpolation and padding,
consecutive numbers, next_by_id, dates from the context, invalid patterns."""
import re
from datetime import datetime

import pytest

from flectra.exceptions import AccessError, UserError
from flectra.tests import new_test_user

CODE = 'test.orm.order'


def number(value):
    return int(re.search(r'(\d+)$', value).group(1))


def test_next_by_code_applies_prefix_year_and_padding(env):
    """Prefix 'TA%(year)s-' and padding 4: TA<current year>-NNNN."""
    value = env['ir.sequence'].next_by_code(CODE)
    year = datetime.utcnow().year
    assert re.fullmatch(r'TA%d-\d{4}' % year, value), value


def test_next_by_code_returns_consecutive_numbers(env):
    """Two calls return n and n + 1."""
    first = env['ir.sequence'].next_by_code(CODE)
    second = env['ir.sequence'].next_by_code(CODE)
    assert number(second) == number(first) + 1


def test_next_by_code_of_an_unknown_code_is_false(env):
    """No sequence with that code → False."""
    assert env['ir.sequence'].next_by_code('test.orm.no.such.code') is False


def test_sequence_date_from_context(env):
    """Context ir_sequence_date drives the %(year)s interpolation."""
    value = env['ir.sequence'].with_context(ir_sequence_date='2020-05-01').next_by_code(CODE)
    assert value.startswith('TA2020-')


def test_orders_get_consecutive_references(env, order_factory):
    """Each created order consumes the next number."""
    o1, o2 = order_factory(), order_factory()
    assert number(o2.reference) == number(o1.reference) + 1
    assert o1.reference[:7] == o2.reference[:7]


@pytest.fixture
def custom_sequence(env):
    return env['ir.sequence'].create({
        'name': 'Test ORM custom sequence',
        'code': 'test.orm.custom',
        'prefix': 'X%(month)s/',
        'suffix': '/%(y)s',
        'padding': 3,
        'number_next': 7,
        'number_increment': 5,
    })


def test_next_by_id_with_suffix_and_increment(env, custom_sequence):
    """prefix/suffix interpolation, padding 3, number_next 7, increment 5."""
    seq = custom_sequence.with_context(ir_sequence_date='2026-03-15')
    assert seq.next_by_id() == 'X03/007/26'
    assert seq.next_by_id() == 'X03/012/26'


def test_next_by_code_finds_a_new_sequence(env, custom_sequence):
    """A sequence created at runtime is found by its code (company: env.company)."""
    value = env['ir.sequence'].with_context(ir_sequence_date='2026-11-02').next_by_code('test.orm.custom')
    assert value == 'X11/007/26'


def test_no_padding(env):
    """padding 0 leaves the number as is."""
    seq = env['ir.sequence'].create({'name': 'Test ORM bare', 'code': 'test.orm.bare', 'prefix': 'N'})
    assert seq.next_by_id() == 'N1'
    assert seq.next_by_id() == 'N2'


def test_no_gap_implementation(env):
    """implementation='no_gap' also counts 1, 2, 3."""
    seq = env['ir.sequence'].create({'name': 'Test ORM no gap', 'code': 'test.orm.nogap',
                                     'implementation': 'no_gap', 'padding': 2})
    assert [seq.next_by_id() for _ in range(3)] == ['01', '02', '03']


def test_invalid_prefix_raises_user_error(env):
    """A malformed %-pattern (ValueError while formatting) → UserError 'Invalid prefix or suffix'."""
    seq = env['ir.sequence'].create({'name': 'Test ORM broken', 'code': 'test.orm.broken',
                                     'prefix': 'BAD%(year)'})
    with pytest.raises(UserError, match='Invalid prefix or suffix'):
        seq.next_by_id()


def test_internal_user_draws_numbers_only_through_sudo(env):
    """next_by_code needs write access on ir.sequence; code numbering for a user draws with sudo()."""
    user = new_test_user(env, login='seq_user', groups='base.group_user')
    with pytest.raises(AccessError):
        env['ir.sequence'].with_user(user).next_by_code(CODE)
    value = env['ir.sequence'].with_user(user).sudo().next_by_code(CODE)
    assert value.startswith('TA')
