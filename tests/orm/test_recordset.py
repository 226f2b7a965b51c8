"""Recordset behaviour (addon-api.md §7.2, §7.3): set operations, iteration,
mapped/filtered/sorted/filtered_domain, ensure_one, exists, browse, ids, ==, repr."""
import pytest


@pytest.fixture
def tags(tag_factory):
    """Three tags t_a, t_b, t_c (names sort as a < b < c)."""
    return (tag_factory(name='RS a', color=3),
            tag_factory(name='RS b', color=1),
            tag_factory(name='RS c', color=2))


def test_empty_model_recordset_is_falsy_and_has_no_ids(env):
    """env[model] is an empty recordset: falsy, len 0, ids []."""
    records = env['test.orm.tag']
    assert not records
    assert len(records) == 0
    assert records.ids == []
    assert records._name == 'test.orm.tag'


def test_ids_keep_the_order_of_the_recordset(env, tags):
    """ids lists the record ids in recordset order."""
    a, b, c = tags
    records = c + a + b
    assert records.ids == [c.id, a.id, b.id]


def test_id_is_false_on_an_empty_recordset(env):
    """`id` of an empty recordset is False."""
    assert env['test.orm.tag'].id is False


def test_id_on_several_records_raises_value_error(tags):
    """`id` of several records raises ValueError (expected singleton)."""
    a, b, _c = tags
    with pytest.raises(ValueError):
        (a | b).id


def test_iteration_yields_singletons(tags):
    """Iterating a recordset yields singleton recordsets of the same model."""
    a, b, c = tags
    items = list(a + b + c)
    assert [len(item) for item in items] == [1, 1, 1]
    assert [item.id for item in items] == [a.id, b.id, c.id]
    assert all(item._name == 'test.orm.tag' for item in items)


def test_indexing_and_slicing(tags):
    """records[i] is a singleton, records[i:j] a recordset."""
    a, b, c = tags
    records = a + b + c
    assert records[0] == a
    assert records[-1] == c
    assert records[1:] == b + c
    assert records[1:]._name == 'test.orm.tag'


def test_in_tests_membership_of_a_record(tags):
    """`record in records` checks the id."""
    a, b, c = tags
    assert a in (a | b)
    assert c not in (a | b)


def test_concatenation_keeps_duplicates(tags):
    """`+` concatenates and keeps duplicates."""
    a, b, _c = tags
    records = a + b + a
    assert len(records) == 3
    assert records.ids == [a.id, b.id, a.id]


def test_union_removes_duplicates_and_keeps_first_order(tags):
    """`|` is the union: first occurrence order, no duplicates."""
    a, b, c = tags
    records = (b + a) | (a + c)
    assert records.ids == [b.id, a.id, c.id]


def test_intersection(tags):
    """`&` keeps the records present in both, in the order of the left operand."""
    a, b, c = tags
    assert ((c + b + a) & (a + b)).ids == [b.id, a.id]
    assert not (a & b)


def test_difference(tags):
    """`-` removes the right operand's records, keeping the order."""
    a, b, c = tags
    assert ((c + a + b) - b).ids == [c.id, a.id]


def test_equality_ignores_order_and_compares_models(env, tags):
    """== compares model and id set; the same ids in another model are not equal."""
    a, b, _c = tags
    assert (a + b) == (b + a)
    assert (a + b) != a
    assert env['test.orm.order'].browse(a.id) != env['test.orm.tag'].browse(a.id)


def test_subset_comparisons(tags):
    """`<`, `<=`, `>`, `>=` are subset tests."""
    a, b, c = tags
    assert a < (a | b)
    assert (a | b) <= (a | b)
    assert not (a | c) <= (a | b)
    assert (a | b | c) > b
    assert (a | b) >= a


def test_repr_lists_the_ids(env, tags):
    """repr(records) is 'model(id1, id2)'."""
    a, b, _c = tags
    assert repr(a + b) == 'test.orm.tag(%d, %d)' % (a.id, b.id)
    assert repr(a) == 'test.orm.tag(%d,)' % a.id
    assert repr(env['test.orm.tag']) == 'test.orm.tag()'


def test_browse_accepts_int_list_and_tuple(env, tags):
    """browse(id), browse([ids]) and browse((ids)) build recordsets in the given order."""
    a, b, _c = tags
    Tag = env['test.orm.tag']
    assert Tag.browse(a.id) == a
    assert Tag.browse([b.id, a.id]).ids == [b.id, a.id]
    assert Tag.browse((a.id,)) == a
    assert Tag.browse([]).ids == []


def test_browse_does_not_check_existence(env):
    """browse() of an unknown id returns a record; exists() filters it out."""
    record = env['test.orm.tag'].browse(987654321)
    assert len(record) == 1
    assert not record.exists()


def test_exists_keeps_only_existing_records(tags):
    """exists() returns the subset still in the database."""
    a, b, _c = tags
    records = a | b
    b.unlink()
    assert records.exists() == a


def test_ensure_one_returns_self_for_a_singleton(tags):
    """ensure_one() on a singleton returns it."""
    a, _b, _c = tags
    assert a.ensure_one() == a


def test_ensure_one_raises_on_several_records(tags):
    """ensure_one() on two records raises ValueError 'Expected singleton: model(ids)'."""
    a, b, _c = tags
    with pytest.raises(ValueError, match=r'Expected singleton: test\.orm\.tag\(%d, %d\)' % (a.id, b.id)):
        (a + b).ensure_one()


def test_ensure_one_raises_on_an_empty_recordset(env):
    """ensure_one() on an empty recordset raises ValueError."""
    with pytest.raises(ValueError):
        env['test.orm.tag'].ensure_one()


def test_reading_a_field_on_several_records_raises(tags):
    """record.field on several records: ValueError 'Expected singleton'."""
    a, b, _c = tags
    with pytest.raises(ValueError, match='Expected singleton'):
        (a | b).name


def test_mapped_scalar_field_returns_a_list(tags):
    """mapped('name') returns the values, in record order."""
    a, b, c = tags
    assert (c + a + b).mapped('name') == ['RS c', 'RS a', 'RS b']


def test_mapped_callable(tags):
    """mapped(func) applies func to each record."""
    a, b, _c = tags
    assert (a + b).mapped(lambda t: t.color * 10) == [30, 10]


def test_mapped_relational_path_returns_a_deduplicated_recordset(env, order_factory):
    """mapped('line_ids') is the union of the lines; mapped('line_ids.amount') the amounts."""
    o1 = order_factory(line_ids=[(0, 0, {'label': 'm1', 'amount': 1.0}), (0, 0, {'label': 'm2', 'amount': 2.0})])
    o2 = order_factory(line_ids=[(0, 0, {'label': 'm3', 'amount': 3.0})])
    lines = (o1 | o2).mapped('line_ids')
    assert lines._name == 'test.orm.line'
    assert lines == o1.line_ids | o2.line_ids
    assert sorted((o1 | o2).mapped('line_ids.amount')) == [1.0, 2.0, 3.0]
    # mapping back to the orders deduplicates them
    assert lines.mapped('order_id') == o1 | o2
    assert len(lines.mapped('order_id')) == 2


def test_mapped_on_empty_recordset(env):
    """mapped on an empty recordset: [] for scalars, empty recordset for relations."""
    empty = env['test.orm.order']
    assert empty.mapped('name') == []
    lines = empty.mapped('line_ids')
    assert not lines and lines._name == 'test.orm.line'


def test_filtered_with_callable_and_field_name(tags):
    """filtered(func) and filtered('field') keep the matching records in order."""
    a, b, c = tags
    records = a + b + c
    assert records.filtered(lambda t: t.color >= 2) == a + c
    assert records.filtered('color') == records
    b.color = 0
    assert records.filtered('color').ids == [a.id, c.id]


def test_filtered_with_dotted_path(env, order_factory, tag_factory):
    """filtered('a.b') keeps records for which any value along the path is truthy."""
    tag = tag_factory(color=5)
    o1 = order_factory(main_tag_id=tag.id)
    o2 = order_factory()
    assert (o1 + o2).filtered('main_tag_id.color') == o1


def test_filtered_domain(tags):
    """filtered_domain(domain) evaluates a domain in Python, keeping the order."""
    a, b, c = tags
    records = c + b + a
    assert records.filtered_domain([('color', '>=', 2)]).ids == [c.id, a.id]
    assert records.filtered_domain(['|', ('name', '=', 'RS b'), ('color', '=', 3)]).ids == [b.id, a.id]
    assert records.filtered_domain([('name', 'ilike', 'rs')]) == records
    assert not records.filtered_domain([('name', 'in', [])])


def test_sorted_by_field_name_and_reverse(tags):
    """sorted('field') and sorted('field', reverse=True)."""
    a, b, c = tags
    records = a + b + c
    assert records.sorted('color').ids == [b.id, c.id, a.id]
    assert records.sorted('color', reverse=True).ids == [a.id, c.id, b.id]


def test_sorted_by_key_function(tags):
    """sorted(key=func)."""
    a, b, c = tags
    assert (a + b + c).sorted(key=lambda t: -t.color).ids == [a.id, c.id, b.id]


def test_sorted_without_key_uses_model_order(tags):
    """sorted() with no key follows the model's _order (name for tags)."""
    a, b, c = tags
    assert (c + a + b).sorted().ids == [a.id, b.id, c.id]


def test_assigning_a_field_writes_it(env, tags):
    """record.field = value writes the value (visible to search)."""
    a, _b, _c = tags
    a.color = 9
    assert env['test.orm.tag'].search([('id', '=', a.id), ('color', '=', 9)]) == a


def test_reading_a_field_on_an_empty_recordset_gives_the_empty_value(env):
    """An empty recordset reads as the field's empty value."""
    empty = env['test.orm.order']
    assert empty.name is False
    assert empty.tax_percent == 0
    assert empty.total == 0.0
    assert not empty.partner_id and empty.partner_id._name == 'res.partner'
    assert not empty.line_ids and empty.line_ids._name == 'test.orm.line'


def test_records_of_other_environments_compare_equal(env, tags):
    """with_context()/sudo() keep the same ids: equality holds across environments."""
    a, _b, _c = tags
    assert a.with_context(foo=1) == a
    assert a.sudo() == a


def test_browse_of_false_or_none_is_empty(env):
    """browse(False) / browse(None) / browse([]) give an empty recordset."""
    assert env['test.orm.tag'].browse(False).ids == []
    assert env['test.orm.tag'].browse(None).ids == []


def test_in_with_a_field_name_tests_the_model_fields(env):
    """'field' in records tells whether the model has that field."""
    assert 'name' in env['test.orm.tag']
    assert 'no_such_field' not in env['test.orm.tag']


def test_in_with_a_record_of_another_model_raises(env, tags, order_factory):
    """Membership across models is a TypeError."""
    with pytest.raises(TypeError):
        order_factory() in env['test.orm.tag'].browse([t.id for t in tags])


def test_filtered_domain_with_a_dotted_path(env, order_factory, category_factory):
    """filtered_domain follows many2one paths."""
    cat = category_factory(name='FD Cat')
    o1 = order_factory(category_id=cat.id)
    o2 = order_factory()
    assert (o1 + o2).filtered_domain([('category_id.name', '=', 'FD Cat')]) == o1
    assert (o1 + o2).filtered_domain([('category_id', '=', False)]) == o2


def test_unlink_and_exists_on_an_empty_recordset(env):
    """unlink() of nothing returns True; exists() of nothing is empty."""
    empty = env['test.orm.tag']
    assert empty.unlink() is True
    assert not empty.exists()


def test_default_order_is_by_id(env, scalar_factory):
    """A model without _order is searched by id ascending."""
    first, second, third = scalar_factory(), scalar_factory(), scalar_factory()
    ids = [third.id, first.id, second.id]
    assert env['test.orm.scalar'].search([('id', 'in', ids)]).ids == sorted(ids)
