"""CRUD and model API (addon-api.md §7.3): create, defaults, write, unlink with ondelete,
copy, name_search, name_create, display_name, read, search_read, read_group,
default_get, fields_get, search order/limit/offset, error cases."""
from datetime import date

import psycopg2
import pytest

from flectra import fields
from flectra.exceptions import MissingError, UserError
from flectra.tools import mute_logger


# ---------------------------------------------------------------- create

def test_create_with_a_dict_returns_a_singleton(env):
    """create(vals) returns one record of the model."""
    order = env['test.orm.order'].create({'name': 'Crud single'})
    assert len(order) == 1
    assert order._name == 'test.orm.order'
    assert order.name == 'Crud single'


def test_create_with_a_list_returns_records_in_order(env):
    """create([vals, vals]) returns the records in the order of the list."""
    orders = env['test.orm.order'].create([{'name': 'Crud m1'}, {'name': 'Crud m2'}])
    assert len(orders) == 2
    assert orders.mapped('name') == ['Crud m1', 'Crud m2']


def test_create_with_an_empty_list_returns_an_empty_recordset(env):
    """create([]) creates nothing."""
    records = env['test.orm.tag'].create([])
    assert not records and records._name == 'test.orm.tag'


def test_create_fills_defaults(env):
    """Missing fields get their defaults: value, lambda, callable."""
    order = env['test.orm.order'].create({'name': 'Crud defaults'})
    assert order.state == 'draft'
    assert order.tax_percent == 10
    assert order.active is True
    assert order.sequence == 10
    assert order.priority == '0'
    assert order.responsible_id == env.user
    assert order.date_order == fields.Date.context_today(order)


def test_context_default_overrides_the_field_default(env):
    """Context key default_<field> beats the field's default."""
    order = env['test.orm.order'].with_context(default_state='confirmed', default_tax_percent=7).create(
        {'name': 'Crud ctx default'})
    assert order.state == 'confirmed'
    assert order.tax_percent == 7


def test_explicit_value_beats_context_default(env):
    """A value given to create() wins over default_<field>."""
    order = env['test.orm.order'].with_context(default_state='confirmed').create(
        {'name': 'Crud explicit', 'state': 'done'})
    assert order.state == 'done'


def test_create_sets_log_access_fields(env):
    """create_uid/create_date/write_uid/write_date are filled."""
    order = env['test.orm.order'].create({'name': 'Crud log'})
    assert order.create_uid == env.user
    assert order.write_uid == env.user
    assert isinstance(order.create_date, type(fields.Datetime.now()))
    assert order.write_date


def test_create_with_unknown_field_raises(env):
    """create() with an unknown field name raises ValueError 'Invalid field'."""
    with pytest.raises(ValueError, match='Invalid field'):
        env['test.orm.order'].create({'name': 'x', 'no_such_field': 1})


def test_create_without_a_required_value_fails_naming_the_field(env):
    """A missing required value (no default) fails at insert; the error names the column."""
    order = env['test.orm.order'].create({'name': 'Crud required'})
    with pytest.raises(Exception) as info:
        with env.cr.savepoint(), mute_logger('flectra.sql_db'):
            env['test.orm.line'].create({'order_id': order.id})
    assert 'label' in str(info.value)
    assert isinstance(info.value, (psycopg2.IntegrityError, UserError, ValueError))


# ---------------------------------------------------------------- write

def test_write_returns_true_and_updates(env, order_factory):
    """write(vals) returns True and changes the values."""
    order = order_factory()
    assert order.write({'name': 'Crud written', 'tax_percent': 5}) is True
    assert order.name == 'Crud written'
    assert order.tax_percent == 5


def test_write_on_several_records(env, order_factory):
    """write on a recordset writes every record."""
    orders = order_factory() | order_factory()
    orders.write({'note': 'same'})
    assert orders.mapped('note') == ['same', 'same']


def test_write_with_unknown_field_raises(order_factory):
    """write() with an unknown field: ValueError "Invalid field 'x' on model 'test.orm.order'"."""
    order = order_factory()
    with pytest.raises(ValueError, match=r"Invalid field 'no_such_field' on model 'test\.orm\.order'"):
        order.write({'no_such_field': 1})


def test_write_updates_write_date_and_uid(env, order_factory):
    """write_uid is the writing user."""
    order = order_factory()
    order.write({'note': 'x'})
    assert order.write_uid == env.user


def test_write_on_a_deleted_record_raises_missing_error(env, order_factory, flush):
    """Writing on a deleted record raises MissingError (at the latest when flushed)."""
    order = order_factory()
    ghost = env['test.orm.order'].browse(order.id)
    order.unlink()
    with pytest.raises(MissingError):
        with env.cr.savepoint():
            ghost.write({'note': 'boo'})
            flush()


def test_reading_a_deleted_record_raises_missing_error(env, order_factory):
    """Reading a field of a deleted record raises MissingError."""
    order = order_factory()
    order.unlink()
    with pytest.raises(MissingError):
        order.name


# ---------------------------------------------------------------- unlink

def test_unlink_returns_true_and_deletes(env, tag_factory):
    """unlink() returns True; the record no longer exists."""
    tag = tag_factory()
    assert tag.unlink() is True
    assert not tag.exists()


def test_unlink_cascades_to_lines(env, order_factory):
    """line.order_id is ondelete='cascade': deleting the order deletes its lines."""
    order = order_factory(line_ids=[(0, 0, {'label': 'x'})])
    lines = order.line_ids
    order.unlink()
    assert not lines.exists()


def test_unlink_sets_null_on_referencing_many2one(env, tag_factory, order_factory):
    """order.main_tag_id is ondelete='set null': deleting the tag empties it."""
    tag = tag_factory()
    order = order_factory(main_tag_id=tag.id, tag_ids=[(4, tag.id)])
    tag.unlink()
    assert order.exists()
    assert not order.main_tag_id
    assert not order.tag_ids


def test_unlink_is_refused_by_restrict(env, category_factory, order_factory):
    """order.category_id is ondelete='restrict': the category cannot be deleted while used."""
    category = category_factory()
    order_factory(category_id=category.id)
    with pytest.raises((psycopg2.IntegrityError, UserError)):
        with env.cr.savepoint(), mute_logger('flectra.sql_db'):
            category.unlink()
    assert category.exists()


def test_unlink_of_already_deleted_records_is_ignored(env, tag_factory):
    """unlink() of ids deleted earlier does not raise."""
    tag = tag_factory()
    ghost = env['test.orm.tag'].browse(tag.id)
    tag.unlink()
    assert ghost.unlink() is True


def test_unlink_removes_the_xml_id(env):
    """Deleting a data record deletes its ir.model.data row: env.ref() no longer finds it."""
    tag = env.ref('test_orm_a.tag_red')
    tag.unlink()
    assert env.ref('test_orm_a.tag_red', raise_if_not_found=False) is None
    assert not env['ir.model.data'].search([('module', '=', 'test_orm_a'), ('name', '=', 'tag_red')])


# ---------------------------------------------------------------- copy

def test_copy_duplicates_copyable_fields(env, order_factory, tag_factory):
    """copy() keeps plain fields and many2many links, not one2many lines."""
    tag = tag_factory()
    order = order_factory(note='n', tax_percent=20, tag_ids=[(4, tag.id)],
                          line_ids=[(0, 0, {'label': 'l', 'amount': 3.0})])
    dup = order.copy()
    assert dup != order
    assert dup.name == order.name
    assert dup.note == 'n'
    assert dup.tax_percent == 20
    assert dup.tag_ids == tag
    assert not dup.line_ids
    assert order.line_ids


def test_copy_resets_state_and_non_copy_fields(env, order_factory):
    """`state` and copy=False fields are not copied (state back to its default)."""
    order = order_factory(state='done', reference='REF-COPY')
    dup = order.copy()
    assert dup.state == 'draft'
    assert dup.reference != 'REF-COPY'


def test_copy_with_default_overrides(order_factory):
    """copy(default={...}) overrides values."""
    order = order_factory()
    dup = order.copy(default={'name': 'Crud copy override'})
    assert dup.name == 'Crud copy override'


# ---------------------------------------------------------------- names

def test_display_name_uses_name(order_factory):
    """Models with a `name` field display it."""
    order = order_factory(name='Crud display')
    assert order.display_name == 'Crud display'


def test_display_name_uses_rec_name(order_factory):
    """_rec_name = 'label' on lines."""
    order = order_factory(line_ids=[(0, 0, {'label': 'Shown Label'})])
    assert order.line_ids.display_name == 'Shown Label'


def test_display_name_without_rec_name(scalar_factory):
    """A model without name/_rec_name displays '<model>,<id>'."""
    rec = scalar_factory()
    assert rec.display_name == 'test.orm.scalar,%d' % rec.id


def test_name_search_returns_id_and_display_name(env, order_factory):
    """name_search(name) → [(id, display_name)] with ilike by default."""
    a = order_factory(name='Crud Alphabet')
    order_factory(name='Crud Beta')
    result = env['test.orm.order'].name_search('alphab')
    assert result == [(a.id, 'Crud Alphabet')]


def test_name_search_with_domain_operator_and_limit(env, order_factory):
    """name_search(name, args, operator, limit) positionally."""
    a = order_factory(name='Crud NS one', tax_percent=1)
    b = order_factory(name='Crud NS two', tax_percent=2)
    Order = env['test.orm.order']
    assert Order.name_search('Crud NS', [('tax_percent', '=', 2)]) == [(b.id, 'Crud NS two')]
    assert Order.name_search('Crud NS one', [], '=') == [(a.id, 'Crud NS one')]
    assert len(Order.name_search('Crud NS', [], 'ilike', 1)) == 1


def test_name_search_on_rec_name(env, order_factory):
    """name_search searches the _rec_name field."""
    order = order_factory(line_ids=[(0, 0, {'label': 'Findable Line'})])
    result = env['test.orm.line'].name_search('findable')
    assert result == [(order.line_ids.id, 'Findable Line')]


def test_name_create(env):
    """name_create(name) creates a record from its name → (id, display_name)."""
    tag_id, display = env['test.orm.tag'].name_create('Crud Named')
    assert display == 'Crud Named'
    assert env['test.orm.tag'].browse(tag_id).name == 'Crud Named'


# ---------------------------------------------------------------- read / search_read

def test_read_returns_dicts_with_many2one_pairs_and_x2many_ids(env, order_factory, tag_factory, partner_factory):
    """read(): many2one → (id, display_name); x2many → ids; always 'id'."""
    partner = partner_factory(name='Crud Reader')
    tag = tag_factory()
    order = order_factory(name='Crud read', partner_id=partner.id, tag_ids=[(4, tag.id)])
    [row] = order.read(['name', 'partner_id', 'tag_ids', 'category_id'])
    assert row['id'] == order.id
    assert row['name'] == 'Crud read'
    assert tuple(row['partner_id']) == (partner.id, 'Crud Reader')
    assert row['tag_ids'] == [tag.id]
    assert row['category_id'] is False


def test_read_with_classic_write_gives_bare_ids(order_factory, partner_factory):
    """read(load='_classic_write') returns many2one ids."""
    partner = partner_factory()
    order = order_factory(partner_id=partner.id)
    [row] = order.read(['partner_id'], load='_classic_write')
    assert row['partner_id'] == partner.id


def test_read_values_by_type(order_factory):
    """read() returns dates as date objects, floats, ints, selection keys."""
    order = order_factory(date_order='2026-03-01', tax_percent=15, state='done',
                          line_ids=[(0, 0, {'label': 'x', 'amount': 2.5})])
    [row] = order.read(['date_order', 'tax_percent', 'state', 'total'])
    assert row['date_order'] == date(2026, 3, 1)
    assert row['tax_percent'] == 15
    assert row['state'] == 'done'
    assert row['total'] == 2.5


def test_read_without_fields_returns_all_readable_fields(order_factory):
    """read() without a field list returns every field."""
    order = order_factory()
    [row] = order.read()
    for name in ('id', 'name', 'total', 'line_ids', 'display_name', 'create_date'):
        assert name in row


def test_read_skips_deleted_records(env, order_factory):
    """read() silently drops ids that no longer exist."""
    o1, o2 = order_factory(), order_factory()
    both = o1 | o2
    o2.unlink()
    rows = env['test.orm.order'].browse(both.ids).read(['name'])
    assert [row['id'] for row in rows] == [o1.id]


def test_read_unknown_field_raises(order_factory):
    """read(['nope']) raises ValueError."""
    with pytest.raises(ValueError):
        order_factory().read(['no_such_field'])


def test_search_read(env, order_factory):
    """search_read(domain, fields) = read() of search()."""
    order = order_factory(name='Crud SR', tax_percent=3)
    rows = env['test.orm.order'].search_read([('id', '=', order.id)], ['name', 'tax_percent'])
    assert rows == [{'id': order.id, 'name': 'Crud SR', 'tax_percent': 3}]


def test_search_read_with_order_and_limit(env, order_factory):
    """search_read accepts offset, limit and order."""
    order_factory(name='Crud SRO b')
    order_factory(name='Crud SRO a')
    order_factory(name='Crud SRO c')
    rows = env['test.orm.order'].search_read([('name', 'like', 'Crud SRO')], ['name'], offset=1, limit=1,
                                             order='name desc')
    assert [r['name'] for r in rows] == ['Crud SRO b']


# ---------------------------------------------------------------- search order / limit

def test_search_follows_model_order_with_desc_and_many2one(env, order_factory, category_factory):
    """_order = 'priority desc, category_id, name, id': urgent first, then by category name."""
    cat_b = category_factory(name='Order Cat B')
    cat_a = category_factory(name='Order Cat A')
    o1 = order_factory(name='Ord 1', category_id=cat_b.id)
    o2 = order_factory(name='Ord 2', category_id=cat_a.id)
    o3 = order_factory(name='Ord 3', category_id=cat_a.id, priority='1')
    o4 = order_factory(name='Ord 0', category_id=cat_b.id)
    found = env['test.orm.order'].search([('id', 'in', [o1.id, o2.id, o3.id, o4.id])])
    assert found.ids == [o3.id, o2.id, o4.id, o1.id]


def test_search_explicit_order(env, order_factory):
    """order='field desc' overrides _order."""
    a = order_factory(name='Crud ord a', tax_percent=1)
    b = order_factory(name='Crud ord b', tax_percent=3)
    c = order_factory(name='Crud ord c', tax_percent=2)
    found = env['test.orm.order'].search([('id', 'in', [a.id, b.id, c.id])], order='tax_percent desc')
    assert found.ids == [b.id, c.id, a.id]
    found = env['test.orm.order'].search([('id', 'in', [a.id, b.id, c.id])], order='name')
    assert found.ids == [a.id, b.id, c.id]


def test_nulls_last_ascending_first_descending(env, scalar_factory):
    """NULL sorts last ascending and first descending (PostgreSQL rule, also on SQLite)."""
    s1 = scalar_factory(char_field='b')
    s2 = scalar_factory()
    s3 = scalar_factory(char_field='a')
    ids = [s1.id, s2.id, s3.id]
    Scalar = env['test.orm.scalar']
    assert Scalar.search([('id', 'in', ids)], order='char_field, id').ids == [s3.id, s1.id, s2.id]
    assert Scalar.search([('id', 'in', ids)], order='char_field desc, id').ids == [s2.id, s1.id, s3.id]


def test_search_limit_and_offset(env, tag_factory):
    """limit and offset slice the ordered result."""
    tags = [tag_factory(name='Crud LO %d' % i) for i in range(5)]
    Tag = env['test.orm.tag']
    found = Tag.search([('name', 'like', 'Crud LO')], offset=1, limit=2)
    assert found.ids == [tags[1].id, tags[2].id]
    assert Tag.search_count([('name', 'like', 'Crud LO')]) == 5


# ---------------------------------------------------------------- read_group

@pytest.fixture
def grouped(env, order_factory, category_factory):
    cat = category_factory(name='RG Cat')
    o1 = order_factory(name='RG one', category_id=cat.id, date_order='2026-01-10', tax_percent=10,
                       line_ids=[(0, 0, {'label': 'a', 'amount': 1.0}), (0, 0, {'label': 'b', 'amount': 2.0})])
    o2 = order_factory(name='RG two', category_id=cat.id, date_order='2026-01-20', tax_percent=20,
                       line_ids=[(0, 0, {'label': 'c', 'amount': 4.0})])
    o3 = order_factory(name='RG three', date_order='2026-02-05', tax_percent=30)
    return cat, o1, o2, o3


def test_read_group_by_many2one_with_sum(env, grouped):
    """Lines grouped by order: (id, name) group value, <groupby>_count, summed amount."""
    cat, o1, o2, o3 = grouped
    rows = env['test.orm.line'].read_group([('order_id', 'in', [o1.id, o2.id])], ['amount:sum'], ['order_id'])
    by_order = {tuple(r['order_id'])[0]: r for r in rows}
    assert set(by_order) == {o1.id, o2.id}
    assert tuple(by_order[o1.id]['order_id']) == (o1.id, 'RG one')
    assert by_order[o1.id]['order_id_count'] == 2
    assert by_order[o1.id]['amount'] == 3.0
    assert by_order[o2.id]['amount'] == 4.0
    assert '__domain' in by_order[o1.id]


def test_read_group_with_empty_many2one_group(env, grouped):
    """Orders without category form a group whose value is False."""
    cat, o1, o2, o3 = grouped
    rows = env['test.orm.order'].read_group([('id', 'in', [o1.id, o2.id, o3.id])], ['tax_percent:sum'],
                                            ['category_id'])
    by_cat = {(r['category_id'] and tuple(r['category_id'])[0]): r for r in rows}
    assert by_cat[cat.id]['category_id_count'] == 2
    assert by_cat[cat.id]['tax_percent'] == 30
    assert by_cat[False]['category_id_count'] == 1


def test_read_group_by_month(env, grouped):
    """'date_order:month' groups by month with a 'January 2026' label (en_US)."""
    cat, o1, o2, o3 = grouped
    rows = env['test.orm.order'].read_group([('id', 'in', [o1.id, o2.id, o3.id])], ['tax_percent:sum'],
                                            ['date_order:month'])
    by_month = {r['date_order:month']: r for r in rows}
    assert set(by_month) == {'January 2026', 'February 2026'}
    assert by_month['January 2026']['date_order_count'] == 2
    assert by_month['January 2026']['tax_percent'] == 30
    assert by_month['February 2026']['tax_percent'] == 30


def test_read_group_not_lazy_uses_count(env, grouped):
    """lazy=False groups by every field and reports __count."""
    cat, o1, o2, o3 = grouped
    rows = env['test.orm.order'].read_group([('id', 'in', [o1.id, o2.id, o3.id])], ['tax_percent:sum'],
                                            ['category_id', 'state'], lazy=False)
    counts = sorted(r['__count'] for r in rows)
    assert counts == [1, 2]


def test_read_group_domain_of_a_group_selects_its_records(env, grouped):
    """A group's __domain finds exactly the records of that group."""
    cat, o1, o2, o3 = grouped
    rows = env['test.orm.order'].read_group([('id', 'in', [o1.id, o2.id, o3.id])], ['tax_percent:sum'],
                                            ['category_id'])
    [row] = [r for r in rows if r['category_id'] and tuple(r['category_id'])[0] == cat.id]
    assert env['test.orm.order'].search(row['__domain']) == o1 | o2


# ---------------------------------------------------------------- default_get / fields_get

def test_default_get_returns_defaults(env):
    """default_get(fields) returns the default of each requested field."""
    values = env['test.orm.order'].default_get(['state', 'tax_percent', 'active', 'responsible_id', 'name'])
    assert values['state'] == 'draft'
    assert values['tax_percent'] == 10
    assert values['active'] is True
    assert values['responsible_id'] == env.user.id
    assert 'name' not in values or values['name'] is False


def test_default_get_honours_context_defaults(env):
    """default_<field> in the context takes precedence."""
    values = env['test.orm.order'].with_context(default_state='done', default_note='ctx').default_get(
        ['state', 'note'])
    assert values == {'state': 'done', 'note': 'ctx'}


def test_fields_get_describes_fields(env):
    """fields_get() maps field names to their type, string, relation, selection, required."""
    desc = env['test.orm.order'].fields_get(['state', 'partner_id', 'line_ids', 'name', 'total'])
    assert desc['state']['type'] == 'selection'
    assert ['draft', 'Draft'] in [list(item) for item in desc['state']['selection']]
    assert desc['partner_id']['type'] == 'many2one'
    assert desc['partner_id']['relation'] == 'res.partner'
    assert desc['partner_id']['string'] == 'Partner'
    assert desc['line_ids']['type'] == 'one2many'
    assert desc['line_ids']['relation'] == 'test.orm.line'
    assert desc['name']['required'] is True
    assert desc['total']['type'] == 'float'
    assert desc['total']['readonly'] is True


def test_fields_get_without_arguments_lists_every_field(env):
    """fields_get() covers every field, including the automatic ones."""
    desc = env['test.orm.order'].fields_get()
    for name in ('name', 'tag_ids', 'id', 'display_name', 'create_uid', 'write_date'):
        assert name in desc


def test_fields_get_attributes_filter(env):
    """fields_get(attributes=[...]) returns only those attributes."""
    desc = env['test.orm.order'].fields_get(['name', 'state'], attributes=['type'])
    assert desc == {'name': {'type': 'char'}, 'state': {'type': 'selection'}}


# ---------------------------------------------------------------- archiving, name_get, misc

def test_action_archive_and_unarchive(env, order_factory):
    """action_archive() sets active False; action_unarchive() back to True."""
    order = order_factory()
    order.action_archive()
    assert order.active is False
    assert not env['test.orm.order'].search([('id', '=', order.id)])
    order.action_unarchive()
    assert order.active is True
    assert env['test.orm.order'].search([('id', '=', order.id)]) == order


def test_toggle_active_flips_each_record(order_factory):
    """toggle_active() inverts active per record."""
    live, archived = order_factory(), order_factory()
    archived.active = False
    (live | archived).toggle_active()
    assert live.active is False
    assert archived.active is True


def test_name_get_returns_id_and_display_name_pairs(order_factory):
    """name_get() (F2 API, kept by fazhi) → [(id, display_name)]."""
    order = order_factory(name='Crud name_get')
    assert [tuple(pair) for pair in order.name_get()] == [(order.id, 'Crud name_get')]


def test_search_order_by_many2one_desc(env, order_factory, category_factory):
    """order='category_id desc' sorts by the comodel's _order (name), reversed."""
    cat_a = category_factory(name='Desc Cat A')
    cat_b = category_factory(name='Desc Cat B')
    o_a = order_factory(category_id=cat_a.id)
    o_b = order_factory(category_id=cat_b.id)
    found = env['test.orm.order'].search([('id', 'in', [o_a.id, o_b.id])], order='category_id desc')
    assert found.ids == [o_b.id, o_a.id]


def test_read_group_uses_the_field_aggregator_by_default(env, grouped):
    """A plain field name in `fields` is aggregated with its default operator (sum for floats)."""
    cat, o1, o2, o3 = grouped
    rows = env['test.orm.line'].read_group([('order_id', '=', o1.id)], ['amount'], ['order_id'])
    assert len(rows) == 1
    assert rows[0]['amount'] == 3.0


def test_read_group_orderby_and_limit(env, grouped):
    """orderby sorts the groups; limit keeps the first ones."""
    cat, o1, o2, o3 = grouped
    domain = [('id', 'in', [o1.id, o2.id, o3.id])]
    rows = env['test.orm.order'].read_group(domain, ['tax_percent:sum'], ['name'], orderby='name desc', limit=2)
    assert [r['name'] for r in rows] == ['RG two', 'RG three']


def test_unlink_cascades_down_a_hierarchy(env, category_factory):
    """parent_id ondelete='cascade': deleting a category deletes its whole subtree."""
    root = category_factory()
    child = category_factory(parent_id=root.id)
    grandchild = category_factory(parent_id=child.id)
    root.unlink()
    assert not (root | child | grandchild).exists()


def test_restrict_blocks_a_cascading_delete(env, category_factory, order_factory):
    """A cascade that would delete a record still referenced through 'restrict' fails as a whole."""
    root = category_factory()
    leaf = category_factory(parent_id=root.id)
    order_factory(category_id=leaf.id)
    with pytest.raises((psycopg2.IntegrityError, UserError)):
        with env.cr.savepoint(), mute_logger('flectra.sql_db'):
            root.unlink()
    assert (root | leaf).exists() == root | leaf


def test_context_default_of_an_unknown_field_is_ignored(env):
    """default_<name> for a field the model lacks is ignored by create()."""
    order = env['test.orm.order'].with_context(default_no_such_field=1).create({'name': 'Crud ignored'})
    assert order.name == 'Crud ignored'


def test_search_order_with_an_unknown_field_raises(env):
    """order='no_such_field' raises ValueError."""
    with pytest.raises(ValueError):
        env['test.orm.order'].search([], order='no_such_field')


def test_search_order_is_validated_against_injection(env):
    """An order clause with SQL in it is refused (ValueError or UserError), not executed."""
    with pytest.raises((ValueError, UserError)):
        with env.cr.savepoint():
            env['test.orm.tag'].search([], order='name; DROP TABLE test_orm_tag')
    assert env['test.orm.tag'].search_count([]) >= 2


@pytest.mark.parametrize('groupby, labels', [
    ('date_order:day', {'10 Jan 2026', '20 Jan 2026', '05 Feb 2026'}),
    ('date_order:quarter', {'Q1 2026'}),
    ('date_order:year', {'2026'}),
])
def test_read_group_date_granularities(env, grouped, groupby, labels):
    """Date group labels: day 'dd MMM yyyy', quarter 'QQQ yyyy', year 'yyyy' (en_US)."""
    cat, o1, o2, o3 = grouped
    rows = env['test.orm.order'].read_group([('id', 'in', [o1.id, o2.id, o3.id])], ['tax_percent:sum'], [groupby])
    assert {r[groupby] for r in rows} == labels


def test_read_group_date_without_granularity_is_by_month(env, grouped):
    """groupby 'date_order' alone groups by month."""
    cat, o1, o2, o3 = grouped
    rows = env['test.orm.order'].read_group([('id', 'in', [o1.id, o2.id, o3.id])], ['tax_percent:sum'],
                                            ['date_order'])
    assert {r['date_order'] for r in rows} == {'January 2026', 'February 2026'}


def test_copy_keeps_links_of_an_explicit_relation_table(order_factory, tag_factory):
    """Many2many with an explicit table is copied too."""
    tag = tag_factory()
    order = order_factory(extra_tag_ids=[(4, tag.id)])
    assert order.copy().extra_tag_ids == tag
