"""Domains (addon-api.md §8): every operator with the NULL semantics of the SQL the real
server generates, prefix operators, dotted paths, x2many terms, active_test, child_of,
parent_of. These must hold on SQLite exactly as on PostgreSQL."""
from datetime import date

import pytest


@pytest.fixture
def scalars(env, tag_factory):
    """Five test.orm.scalar records keyed s1..s5; s4 has no value at all.

    key  char        int   float  bool   date        datetime             selection tag
    s1   'Apple'       5   1.5    True   2026-01-15  2026-01-31 10:00:00  'a'       red
    s2   'apple pie'  12   2.5    False  2026-02-01  2026-02-01 00:00:00  'b'       green
    s3   'Banana'    123   -      -      -           -                    -         -
    s4   -             -   -      -      -           -                    -         -
    s5   'abc'       512   -      -      -           2026-01-30 23:00:00  -         -
    """
    red = tag_factory(name='Domain Red')
    green = tag_factory(name='Domain Green')
    Scalar = env['test.orm.scalar']
    records = {
        's1': Scalar.create({'char_field': 'Apple', 'int_field': 5, 'float_field': 1.5, 'bool_field': True,
                             'date_field': '2026-01-15', 'datetime_field': '2026-01-31 10:00:00',
                             'selection_field': 'a', 'tag_id': red.id}),
        's2': Scalar.create({'char_field': 'apple pie', 'int_field': 12, 'float_field': 2.5, 'bool_field': False,
                             'date_field': '2026-02-01', 'datetime_field': '2026-02-01 00:00:00',
                             'selection_field': 'b', 'tag_id': green.id}),
        's3': Scalar.create({'char_field': 'Banana', 'int_field': 123}),
        's4': Scalar.create({}),
        's5': Scalar.create({'char_field': 'abc', 'int_field': 512, 'datetime_field': '2026-01-30 23:00:00'}),
    }
    records['red'] = red
    records['green'] = green
    return records


ALL = {'s1', 's2', 's3', 's4', 's5'}


def match(env, scalars, domain, context=None):
    """Keys of the scalars matched by `domain` (restricted to the fixture's records)."""
    keys = {k: r for k, r in scalars.items() if k.startswith('s')}
    ids = [r.id for r in keys.values()]
    model = env['test.orm.scalar']
    if context:
        model = model.with_context(**context)
    found = set(model.search([('id', 'in', ids)] + list(domain)).ids)
    return {k for k, r in keys.items() if r.id in found}


# ---------------------------------------------------------------- = and != with NULL

def test_empty_domain_matches_everything(env, scalars):
    """[] matches every record."""
    assert match(env, scalars, []) == ALL


def test_equal(env, scalars):
    """('f', '=', v) matches exactly v."""
    assert match(env, scalars, [('char_field', '=', 'Apple')]) == {'s1'}
    assert match(env, scalars, [('int_field', '=', 12)]) == {'s2'}
    assert match(env, scalars, [('selection_field', '=', 'b')]) == {'s2'}


def test_equal_false_is_null(env, scalars):
    """('f', '=', False) is IS NULL for char, date, selection and many2one."""
    assert match(env, scalars, [('char_field', '=', False)]) == {'s4'}
    assert match(env, scalars, [('date_field', '=', False)]) == {'s3', 's4', 's5'}
    assert match(env, scalars, [('selection_field', '=', False)]) == {'s3', 's4', 's5'}
    assert match(env, scalars, [('tag_id', '=', False)]) == {'s3', 's4', 's5'}


def test_not_equal_false_is_not_null(env, scalars):
    """('f', '!=', False) is IS NOT NULL."""
    assert match(env, scalars, [('char_field', '!=', False)]) == {'s1', 's2', 's3', 's5'}
    assert match(env, scalars, [('tag_id', '!=', False)]) == {'s1', 's2'}
    assert match(env, scalars, [('datetime_field', '!=', False)]) == {'s1', 's2', 's5'}


def test_not_equal_value_also_matches_null(env, scalars):
    """('f', '!=', v) matches every other value AND NULL."""
    assert match(env, scalars, [('char_field', '!=', 'Apple')]) == {'s2', 's3', 's4', 's5'}
    assert match(env, scalars, [('int_field', '!=', 5)]) == {'s2', 's3', 's4', 's5'}
    assert match(env, scalars, [('selection_field', '!=', 'a')]) == {'s2', 's3', 's4', 's5'}


def test_not_equal_on_many2one_also_matches_null(env, scalars):
    """('m2o', '!=', id) matches other targets and empty many2ones."""
    assert match(env, scalars, [('tag_id', '!=', scalars['red'].id)]) == {'s2', 's3', 's4', 's5'}


def test_diamond_operator_is_not_equal(env, scalars):
    """'<>' is an alias of '!='."""
    assert match(env, scalars, [('char_field', '<>', 'Apple')]) == {'s2', 's3', 's4', 's5'}


def test_boolean_false_matches_false_and_null(env, scalars):
    """Boolean: ('b', '=', False) matches false and unset; ('b', '!=', False) only true."""
    assert match(env, scalars, [('bool_field', '=', False)]) == {'s2', 's3', 's4', 's5'}
    assert match(env, scalars, [('bool_field', '!=', False)]) == {'s1'}
    assert match(env, scalars, [('bool_field', '=', True)]) == {'s1'}
    assert match(env, scalars, [('bool_field', '!=', True)]) == {'s2', 's3', 's4', 's5'}


# ---------------------------------------------------------------- ordering comparisons

def test_comparisons_never_match_null(env, scalars):
    """<, <=, >, >= exclude NULL (s4 has no int; s3, s4 have no date)."""
    assert match(env, scalars, [('int_field', '<', 100)]) == {'s1', 's2'}
    assert match(env, scalars, [('int_field', '<=', 12)]) == {'s1', 's2'}
    assert match(env, scalars, [('int_field', '>', 12)]) == {'s3', 's5'}
    assert match(env, scalars, [('int_field', '>=', 12)]) == {'s2', 's3', 's5'}
    assert match(env, scalars, [('date_field', '<', '2030-01-01')]) == {'s1', 's2'}
    assert match(env, scalars, [('float_field', '>', 2.0)]) == {'s2'}


def test_date_compares_with_strings_and_dates(env, scalars):
    """Date fields compare with 'YYYY-MM-DD' strings and date objects alike."""
    assert match(env, scalars, [('date_field', '<', '2026-02-01')]) == {'s1'}
    assert match(env, scalars, [('date_field', '>=', date(2026, 2, 1))]) == {'s2'}
    assert match(env, scalars, [('date_field', '=', date(2026, 1, 15))]) == {'s1'}


def test_datetime_compared_with_a_date_string(env, scalars):
    """Datetime vs 'YYYY-MM-DD': '>' and '<=' use the end of that day, '<' and '>=' its start."""
    assert match(env, scalars, [('datetime_field', '<=', '2026-01-31')]) == {'s1', 's5'}
    assert match(env, scalars, [('datetime_field', '>', '2026-01-31')]) == {'s2'}
    assert match(env, scalars, [('datetime_field', '>=', '2026-01-31')]) == {'s1', 's2'}
    assert match(env, scalars, [('datetime_field', '<', '2026-01-31')]) == {'s5'}


def test_datetime_compared_with_a_date_object(env, scalars):
    """Datetime vs a date object: same end-of-day / start-of-day rule."""
    assert match(env, scalars, [('datetime_field', '<=', date(2026, 1, 31))]) == {'s1', 's5'}
    assert match(env, scalars, [('datetime_field', '>', date(2026, 1, 31))]) == {'s2'}


def test_datetime_compared_with_a_full_timestamp(env, scalars):
    """Datetime vs 'YYYY-MM-DD HH:MM:SS' compares exactly."""
    assert match(env, scalars, [('datetime_field', '>', '2026-01-31 10:00:00')]) == {'s2'}
    assert match(env, scalars, [('datetime_field', '>=', '2026-01-31 10:00:00')]) == {'s1', 's2'}
    assert match(env, scalars, [('datetime_field', '=', '2026-02-01 00:00:00')]) == {'s2'}


# ---------------------------------------------------------------- in / not in

def test_in(env, scalars):
    """('f', 'in', list) matches any listed value."""
    assert match(env, scalars, [('char_field', 'in', ['Apple', 'Banana'])]) == {'s1', 's3'}
    assert match(env, scalars, [('int_field', 'in', [5, 512, 999])]) == {'s1', 's5'}


def test_in_with_false_also_matches_null(env, scalars):
    """A list containing False also matches NULL."""
    assert match(env, scalars, [('char_field', 'in', ['Apple', False])]) == {'s1', 's4'}
    assert match(env, scalars, [('tag_id', 'in', [scalars['red'].id, False])]) == {'s1', 's3', 's4', 's5'}


def test_in_empty_list_matches_nothing(env, scalars):
    """('f', 'in', []) matches nothing."""
    assert match(env, scalars, [('char_field', 'in', [])]) == set()
    assert match(env, scalars, [('id', 'in', [])]) == set()


def test_not_in_also_matches_null(env, scalars):
    """('f', 'not in', list) matches other values AND NULL."""
    assert match(env, scalars, [('char_field', 'not in', ['Apple', 'Banana'])]) == {'s2', 's4', 's5'}
    assert match(env, scalars, [('int_field', 'not in', [5])]) == {'s2', 's3', 's4', 's5'}


def test_not_in_empty_list_matches_everything(env, scalars):
    """('f', 'not in', []) matches every record."""
    assert match(env, scalars, [('char_field', 'not in', [])]) == ALL


def test_not_in_with_false_excludes_null(env, scalars):
    """('f', 'not in', [v, False]) excludes v and NULL."""
    assert match(env, scalars, [('char_field', 'not in', ['Apple', False])]) == {'s2', 's3', 's5'}


def test_equal_with_a_list_is_normalized_to_in(env, scalars):
    """('f', '=', [a, b]) is treated as 'in'; ('f', '!=', [a]) as 'not in'."""
    assert match(env, scalars, [('char_field', '=', ['Apple', 'Banana'])]) == {'s1', 's3'}
    assert match(env, scalars, [('char_field', '!=', ['Apple'])]) == {'s2', 's3', 's4', 's5'}


def test_id_is_searchable(env, scalars):
    """`id` supports =, !=, in, not in."""
    s1, s2 = scalars['s1'], scalars['s2']
    assert match(env, scalars, [('id', '=', s1.id)]) == {'s1'}
    assert match(env, scalars, [('id', '!=', s1.id)]) == ALL - {'s1'}
    assert match(env, scalars, [('id', 'in', [s1.id, s2.id])]) == {'s1', 's2'}
    assert match(env, scalars, [('id', 'not in', [s1.id, s2.id])]) == {'s3', 's4', 's5'}


# ---------------------------------------------------------------- like family

def test_like_is_case_sensitive_substring(env, scalars):
    """like wraps the value in % and respects case (also on SQLite)."""
    assert match(env, scalars, [('char_field', 'like', 'pp')]) == {'s1', 's2'}
    assert match(env, scalars, [('char_field', 'like', 'App')]) == {'s1'}
    assert match(env, scalars, [('char_field', 'like', 'app')]) == {'s2'}
    assert match(env, scalars, [('char_field', 'like', 'BANANA')]) == set()


def test_ilike_is_case_insensitive_substring(env, scalars):
    """ilike wraps the value in % and ignores case."""
    assert match(env, scalars, [('char_field', 'ilike', 'APP')]) == {'s1', 's2'}
    assert match(env, scalars, [('char_field', 'ilike', 'banana')]) == {'s3'}


def test_not_like_and_not_ilike_also_match_null(env, scalars):
    """not like / not ilike match records without the substring, NULL included."""
    assert match(env, scalars, [('char_field', 'not like', 'App')]) == {'s2', 's3', 's4', 's5'}
    assert match(env, scalars, [('char_field', 'not ilike', 'app')]) == {'s3', 's4', 's5'}


def test_like_wildcards_inside_the_value_stay_active(env, scalars):
    """'_' and '%' inside a like value are wildcards."""
    assert match(env, scalars, [('char_field', 'like', 'a_c')]) == {'s5'}
    assert match(env, scalars, [('char_field', 'like', 'p%e')]) == {'s1', 's2'}


def test_equal_like_uses_the_pattern_as_given(env, scalars):
    """=like does not add %: 'a%' means 'starts with a', case-sensitive."""
    assert match(env, scalars, [('char_field', '=like', 'a%')]) == {'s2', 's5'}
    assert match(env, scalars, [('char_field', '=like', 'Apple')]) == {'s1'}
    assert match(env, scalars, [('char_field', '=like', 'pp')]) == set()


def test_equal_ilike_uses_the_pattern_case_insensitively(env, scalars):
    """=ilike does not add % and ignores case."""
    assert match(env, scalars, [('char_field', '=ilike', 'a%')]) == {'s1', 's2', 's5'}
    assert match(env, scalars, [('char_field', '=ilike', 'APPLE')]) == {'s1'}


def test_like_with_empty_value_also_matches_null(env, scalars):
    """('f', 'ilike', '') and ('f', 'like', '') match everything, NULL included."""
    assert match(env, scalars, [('char_field', 'ilike', '')]) == ALL
    assert match(env, scalars, [('char_field', 'like', '')]) == ALL


def test_like_on_a_non_text_column_compares_as_text(env, scalars):
    """An integer compared with ilike is matched on its text form."""
    assert match(env, scalars, [('int_field', 'ilike', '12')]) == {'s2', 's3', 's5'}


def test_like_on_selection(env, scalars):
    """Selection keys are searchable with like."""
    assert match(env, scalars, [('selection_field', 'like', 'a')]) == {'s1'}


# ---------------------------------------------------------------- =?

def test_equal_or_ignore_with_false_matches_everything(env, scalars):
    """('f', '=?', False/None) is always true."""
    assert match(env, scalars, [('char_field', '=?', False)]) == ALL
    assert match(env, scalars, [('char_field', '=?', None)]) == ALL


def test_equal_or_ignore_with_a_value_is_equal(env, scalars):
    """('f', '=?', v) behaves as '='."""
    assert match(env, scalars, [('char_field', '=?', 'Banana')]) == {'s3'}
    assert match(env, scalars, [('int_field', '=?', 5)]) == {'s1'}


# ---------------------------------------------------------------- prefix operators

def test_consecutive_terms_are_anded(env, scalars):
    """[A, B] means A AND B."""
    assert match(env, scalars, [('char_field', 'ilike', 'app'), ('int_field', '>', 10)]) == {'s2'}


def test_explicit_and(env, scalars):
    """['&', A, B]."""
    assert match(env, scalars, ['&', ('char_field', 'ilike', 'a'), ('int_field', '<', 100)]) == {'s1', 's2'}


def test_or(env, scalars):
    """['|', A, B]."""
    assert match(env, scalars, ['|', ('int_field', '=', 5), ('char_field', '=', 'Banana')]) == {'s1', 's3'}


def test_or_of_three_terms(env, scalars):
    """['|', '|', A, B, C]."""
    domain = ['|', '|', ('int_field', '=', 5), ('int_field', '=', 12), ('int_field', '=', 512)]
    assert match(env, scalars, domain) == {'s1', 's2', 's5'}


def test_nested_prefix_operators(env, scalars):
    """['|', '&', A, B, C] = (A and B) or C; ['&', '|', A, B, C] = (A or B) and C."""
    domain = ['|', '&', ('bool_field', '=', True), ('int_field', '=', 5), ('int_field', '>', 100)]
    assert match(env, scalars, domain) == {'s1', 's3', 's5'}
    domain = ['&', '|', ('int_field', '=', 5), ('int_field', '=', 123), ('char_field', 'ilike', 'an')]
    assert match(env, scalars, domain) == {'s3'}


def test_or_followed_by_an_implicit_and(env, scalars):
    """['|', A, B, C] = (A or B) and C."""
    domain = ['|', ('int_field', '=', 5), ('int_field', '=', 12), ('char_field', 'like', 'pie')]
    assert match(env, scalars, domain) == {'s2'}


def test_not_negates_a_term_including_null(env, scalars):
    """['!', ('f', '=', v)] behaves as ('f', '!=', v): NULL matches."""
    assert match(env, scalars, ['!', ('char_field', '=', 'Apple')]) == {'s2', 's3', 's4', 's5'}


def test_not_of_an_or(env, scalars):
    """['!', '|', A, B] = not A and not B (NULL kept, as with !=)."""
    domain = ['!', '|', ('int_field', '=', 5), ('int_field', '=', 12)]
    assert match(env, scalars, domain) == {'s3', 's4', 's5'}


def test_not_of_in(env, scalars):
    """['!', ('f', 'in', list)] = ('f', 'not in', list)."""
    assert match(env, scalars, ['!', ('int_field', 'in', [5, 12])]) == {'s3', 's4', 's5'}


def test_true_and_false_leaves(env, scalars):
    """(1, '=', 1) matches all, (0, '=', 1) none."""
    assert match(env, scalars, [(1, '=', 1)]) == ALL
    assert match(env, scalars, [(0, '=', 1)]) == set()
    assert match(env, scalars, ['|', (0, '=', 1), ('int_field', '=', 5)]) == {'s1'}


def test_terms_may_be_lists(env, scalars):
    """Terms as lists work like tuples."""
    assert match(env, scalars, [['int_field', '=', 5]]) == {'s1'}


def test_operators_are_case_insensitive(env, scalars):
    """Operators are lower-cased: 'ILIKE', 'IN', 'NOT IN'."""
    assert match(env, scalars, [('char_field', 'ILIKE', 'banana')]) == {'s3'}
    assert match(env, scalars, [('int_field', 'IN', [5])]) == {'s1'}
    assert match(env, scalars, [('int_field', 'NOT IN', [5])]) == {'s2', 's3', 's4', 's5'}


def test_search_count_uses_the_same_semantics(env, scalars):
    """search_count(domain) counts what search(domain) returns."""
    ids = [r.id for k, r in scalars.items() if k.startswith('s')]
    Scalar = env['test.orm.scalar']
    assert Scalar.search_count([('id', 'in', ids), ('char_field', '!=', 'Apple')]) == 4
    assert Scalar.search_count([('id', 'in', ids), ('char_field', 'like', 'App')]) == 1


# ---------------------------------------------------------------- many2one paths

def test_many2one_dotted_path(env, scalars):
    """('m2o.field', op, v) filters on the target's field."""
    assert match(env, scalars, [('tag_id.name', '=', 'Domain Red')]) == {'s1'}
    assert match(env, scalars, [('tag_id.name', 'ilike', 'domain')]) == {'s1', 's2'}


def test_many2one_equal_id(env, scalars):
    """('m2o', '=', id) and ('m2o', 'in', ids)."""
    red, green = scalars['red'], scalars['green']
    assert match(env, scalars, [('tag_id', '=', red.id)]) == {'s1'}
    assert match(env, scalars, [('tag_id', 'in', [red.id, green.id])]) == {'s1', 's2'}
    assert match(env, scalars, [('tag_id', 'not in', [red.id])]) == {'s2', 's3', 's4', 's5'}


def test_many2one_compared_with_a_string_uses_name_search(env, scalars):
    """('m2o', 'ilike', text) / ('m2o', '=', name) match on the target's display name."""
    assert match(env, scalars, [('tag_id', 'ilike', 'green')]) == {'s2'}
    assert match(env, scalars, [('tag_id', '=', 'Domain Red')]) == {'s1'}


def test_many2one_path_matches_archived_targets(env, order_factory, category_factory):
    """A many2one path searches the comodel with active_test=False."""
    archived = category_factory(name='Archived Domain Cat')
    order = order_factory(category_id=archived.id)
    archived.active = False
    found = env['test.orm.order'].search([('category_id.name', '=', 'Archived Domain Cat')])
    assert found == order


def test_two_level_path_through_many2one_then_many2many(env, order_factory, tag_factory):
    """('order_id.tag_ids.name', '=', v) on lines."""
    tag = tag_factory(name='Path Tag')
    o1 = order_factory(tag_ids=[(6, 0, [tag.id])], line_ids=[(0, 0, {'label': 'p1'})])
    o2 = order_factory(line_ids=[(0, 0, {'label': 'p2'})])
    lines = env['test.orm.line'].search([('order_id.tag_ids.name', '=', 'Path Tag'),
                                         ('order_id', 'in', [o1.id, o2.id])])
    assert lines == o1.line_ids


# ---------------------------------------------------------------- x2many terms and paths

@pytest.fixture
def orders(env, order_factory, tag_factory):
    """o1: lines a(10), b(60), tags t1 / o2: line a(5), tags t1+t2 / o3: nothing."""
    t1, t2 = tag_factory(name='X2M T1'), tag_factory(name='X2M T2')
    o1 = order_factory(line_ids=[(0, 0, {'label': 'a', 'amount': 10.0}), (0, 0, {'label': 'b', 'amount': 60.0})],
                       tag_ids=[(6, 0, [t1.id])])
    o2 = order_factory(line_ids=[(0, 0, {'label': 'a', 'amount': 5.0})], tag_ids=[(6, 0, [t1.id, t2.id])])
    o3 = order_factory()
    return {'o1': o1, 'o2': o2, 'o3': o3, 't1': t1, 't2': t2}


def match_orders(env, orders, domain):
    keys = {k: r for k, r in orders.items() if k.startswith('o')}
    found = set(env['test.orm.order'].search([('id', 'in', [r.id for r in keys.values()])] + domain).ids)
    return {k for k, r in keys.items() if r.id in found}


def test_one2many_path_matches_when_some_line_matches(env, orders):
    """('line_ids.amount', '>', 50): at least one line satisfies the term."""
    assert match_orders(env, orders, [('line_ids.amount', '>', 50)]) == {'o1'}
    assert match_orders(env, orders, [('line_ids.label', '=', 'a')]) == {'o1', 'o2'}


def test_one2many_path_with_negative_operator_means_some_line_differs(env, orders):
    """('line_ids.label', '!=', 'a') = some line is not 'a' (o2 has only 'a', o3 no line)."""
    assert match_orders(env, orders, [('line_ids.label', '!=', 'a')]) == {'o1'}


def test_one2many_equal_false_means_no_lines(env, orders):
    """('line_ids', '=', False) = no lines; '!=' False = has lines."""
    assert match_orders(env, orders, [('line_ids', '=', False)]) == {'o3'}
    assert match_orders(env, orders, [('line_ids', '!=', False)]) == {'o1', 'o2'}


def test_one2many_in_ids(env, orders):
    """('line_ids', 'in', ids): linked to one of those lines."""
    line_b = orders['o1'].line_ids.filtered(lambda l: l.label == 'b')
    assert match_orders(env, orders, [('line_ids', 'in', line_b.ids)]) == {'o1'}


def test_many2many_in_and_equal(env, orders):
    """('tag_ids', 'in', ids) / ('tag_ids', '=', id): linked to one of them."""
    t1, t2 = orders['t1'], orders['t2']
    assert match_orders(env, orders, [('tag_ids', 'in', [t2.id])]) == {'o2'}
    assert match_orders(env, orders, [('tag_ids', '=', t1.id)]) == {'o1', 'o2'}
    assert match_orders(env, orders, [('tag_ids', 'in', [t1.id, t2.id])]) == {'o1', 'o2'}


def test_many2many_not_in_and_not_equal_mean_linked_to_none(env, orders):
    """('tag_ids', 'not in', ids) / ('tag_ids', '!=', id): linked to none of them."""
    t1, t2 = orders['t1'], orders['t2']
    assert match_orders(env, orders, [('tag_ids', 'not in', [t2.id])]) == {'o1', 'o3'}
    assert match_orders(env, orders, [('tag_ids', '!=', t1.id)]) == {'o3'}


def test_many2many_equal_false_means_no_links(env, orders):
    """('tag_ids', '=', False) = no tag; '!=' False = some tag."""
    assert match_orders(env, orders, [('tag_ids', '=', False)]) == {'o3'}
    assert match_orders(env, orders, [('tag_ids', '!=', False)]) == {'o1', 'o2'}


def test_many2many_dotted_path(env, orders):
    """('tag_ids.name', '=', v) = some linked tag has that name."""
    assert match_orders(env, orders, [('tag_ids.name', '=', 'X2M T2')]) == {'o2'}
    assert match_orders(env, orders, [('tag_ids.name', 'ilike', 'x2m')]) == {'o1', 'o2'}


def test_many2many_compared_with_a_string_uses_name_search(env, orders):
    """('tag_ids', 'ilike', text) matches records linked to a tag whose name matches."""
    assert match_orders(env, orders, [('tag_ids', 'ilike', 'x2m t2')]) == {'o2'}


def test_path_through_inverse_many2one(env, orders):
    """Lines searched by their order's name."""
    o1 = orders['o1']
    assert env['test.orm.line'].search([('order_id.name', '=', o1.name)]) == o1.line_ids


def test_related_non_stored_field_in_domain(env, orders, partner_factory):
    """A non-stored related field is searchable like its path."""
    partner = partner_factory(email='dom@acme.example')
    orders['o2'].partner_id = partner
    assert match_orders(env, orders, [('partner_email', 'ilike', '@acme.')]) == {'o2'}


# ---------------------------------------------------------------- active_test

@pytest.fixture
def active_orders(order_factory):
    live = order_factory(name='Active Test Live')
    archived = order_factory(name='Active Test Archived')
    archived.active = False
    return live, archived


def test_archived_records_are_excluded_by_default(env, active_orders):
    """With an active field, ('active', '=', True) is added implicitly."""
    live, archived = active_orders
    found = env['test.orm.order'].search([('name', 'like', 'Active Test')])
    assert found == live


def test_active_test_false_includes_archived_records(env, active_orders):
    """Context active_test=False disables the implicit filter."""
    live, archived = active_orders
    found = env['test.orm.order'].with_context(active_test=False).search([('name', 'like', 'Active Test')])
    assert found == live | archived


def test_domain_on_active_disables_the_implicit_filter(env, active_orders):
    """A domain that mentions `active` is taken as is."""
    live, archived = active_orders
    Order = env['test.orm.order']
    assert Order.search([('name', 'like', 'Active Test'), ('active', '=', False)]) == archived
    assert Order.search([('name', 'like', 'Active Test'), ('active', 'in', [True, False])]) == live | archived


def test_search_count_respects_active_test(env, active_orders):
    """search_count applies the same implicit filter."""
    Order = env['test.orm.order']
    assert Order.search_count([('name', 'like', 'Active Test')]) == 1
    assert Order.with_context(active_test=False).search_count([('name', 'like', 'Active Test')]) == 2


def test_browse_is_not_filtered_by_active(active_orders):
    """browse() returns archived records; they read normally."""
    _live, archived = active_orders
    assert archived.exists()
    assert archived.active is False


# ---------------------------------------------------------------- hierarchies

@pytest.fixture
def tree(category_factory):
    """root > child > grandchild, plus an unrelated root2."""
    root = category_factory(name='Tree Root')
    child = category_factory(name='Tree Child', parent_id=root.id)
    grandchild = category_factory(name='Tree Grandchild', parent_id=child.id)
    root2 = category_factory(name='Tree Root 2')
    return root, child, grandchild, root2


def test_child_of_returns_the_record_and_its_descendants(env, tree):
    """('id', 'child_of', id) = the record and every descendant."""
    root, child, grandchild, root2 = tree
    found = env['test.orm.category'].search([('id', 'child_of', root.id)])
    assert found == root | child | grandchild


def test_child_of_accepts_a_list(env, tree):
    """child_of with a list of ids unions the subtrees."""
    root, child, grandchild, root2 = tree
    found = env['test.orm.category'].search([('id', 'child_of', [child.id, root2.id])])
    assert found == child | grandchild | root2


def test_parent_of_returns_the_record_and_its_ancestors(env, tree):
    """('id', 'parent_of', id) = the record and every ancestor."""
    root, child, grandchild, root2 = tree
    found = env['test.orm.category'].search([('id', 'parent_of', grandchild.id)])
    assert found == root | child | grandchild


def test_child_of_through_a_many2one(env, tree, order_factory):
    """('category_id', 'child_of', id) on orders."""
    root, child, grandchild, root2 = tree
    in_tree = order_factory(category_id=grandchild.id)
    outside = order_factory(category_id=root2.id)
    found = env['test.orm.order'].search([('category_id', 'child_of', root.id), ('id', 'in', [in_tree.id, outside.id])])
    assert found == in_tree


def test_child_of_follows_reparenting(env, tree):
    """Moving a subtree updates the hierarchy used by child_of."""
    root, child, grandchild, root2 = tree
    child.parent_id = root2
    assert env['test.orm.category'].search([('id', 'child_of', root2.id)]) == root2 | child | grandchild
    assert env['test.orm.category'].search([('id', 'child_of', root.id)]) == root


# ---------------------------------------------------------------- more many2one / hierarchy cases

def test_many2one_path_with_negative_operator_excludes_empty_many2ones(env, scalars):
    """('m2o.f', '!=', v) = 'm2o IN (targets with f != v)': records without a target do not match."""
    assert match(env, scalars, [('tag_id.name', '!=', 'Domain Red')]) == {'s2'}


def test_many2one_negative_name_search_also_matches_null(env, scalars):
    """('m2o', 'not ilike', text): records whose target does not match, and empty many2ones."""
    assert match(env, scalars, [('tag_id', 'not ilike', 'red')]) == {'s2', 's3', 's4', 's5'}


def test_many2one_in_a_list_of_names(env, scalars):
    """('m2o', 'in', [names]) resolves the names on the comodel."""
    assert match(env, scalars, [('tag_id', 'in', ['Domain Red', 'Domain Green'])]) == {'s1', 's2'}


def test_child_of_with_a_name(env, tree):
    """child_of with a string resolves it by name_search (ilike): both roots match here."""
    root, child, grandchild, root2 = tree
    found = env['test.orm.category'].search([('id', 'child_of', 'Tree Root')])
    assert found == root | child | grandchild | root2


def test_parent_of_through_a_many2one(env, tree, order_factory):
    """('category_id', 'parent_of', id): orders whose category is that one or an ancestor."""
    root, child, grandchild, root2 = tree
    on_root = order_factory(category_id=root.id)
    on_grandchild = order_factory(category_id=grandchild.id)
    on_root2 = order_factory(category_id=root2.id)
    ids = [on_root.id, on_grandchild.id, on_root2.id]
    found = env['test.orm.order'].search([('category_id', 'parent_of', child.id), ('id', 'in', ids)])
    assert found == on_root


def test_filtered_domain_follows_the_same_null_rules(env, scalars):
    """filtered_domain uses the search semantics for != and not in (NULL matches)."""
    records = env['test.orm.scalar'].browse([r.id for k, r in scalars.items() if k.startswith('s')])
    kept = records.filtered_domain([('char_field', '!=', 'Apple')])
    assert kept == scalars['s2'] | scalars['s3'] | scalars['s4'] | scalars['s5']
    kept = records.filtered_domain([('int_field', '<', 100)])
    assert kept == scalars['s1'] | scalars['s2']


# ---------------------------------------------------------------- invalid domains, literal values

def test_unknown_field_in_a_domain_raises_value_error(env):
    """('no_such_field', '=', 1) raises ValueError."""
    with pytest.raises(ValueError):
        env['test.orm.scalar'].search([('no_such_field', '=', 1)])


def test_unknown_operator_raises_value_error(env):
    """An operator outside the list raises ValueError."""
    with pytest.raises(ValueError):
        env['test.orm.scalar'].search([('int_field', '===', 1)])


def test_quotes_and_sql_in_values_are_plain_data(env, scalar_factory):
    """Values are parameters: quotes and SQL fragments are matched literally."""
    tricky = scalar_factory(char_field="O'Brien\"; DROP TABLE test_orm_scalar; --")
    found = env['test.orm.scalar'].search([('char_field', '=', "O'Brien\"; DROP TABLE test_orm_scalar; --")])
    assert found == tricky
    assert env['test.orm.scalar'].search([('char_field', 'ilike', "o'brien")]) == tricky


def test_chinese_text_with_like_and_ilike(env, scalar_factory):
    """like/ilike on CJK text match substrings (no case involved)."""
    rec = scalar_factory(char_field='县司法局法治宣传')
    other = scalar_factory(char_field='公共法律服务')
    ids = [rec.id, other.id]
    Scalar = env['test.orm.scalar']
    assert Scalar.search([('id', 'in', ids), ('char_field', 'like', '法治')]) == rec
    assert Scalar.search([('id', 'in', ids), ('char_field', 'ilike', '法')]) == rec | other
    assert Scalar.search([('id', 'in', ids), ('char_field', '=like', '县%')]) == rec


def test_boolean_value_with_in_is_normalized(env, scalars):
    """('f', 'in', True) is read as ('f', '=', True); 'not in' False as '!=' False."""
    assert match(env, scalars, [('bool_field', 'in', True)]) == {'s1'}
    assert match(env, scalars, [('bool_field', 'not in', False)]) == {'s1'}
