"""x2many write commands (addon-api.md §9) on one2many (inverse ondelete cascade and set
null) and many2many fields, including the short forms odoorpc sends."""
import pytest


@pytest.fixture
def tags(tag_factory):
    return tag_factory(name='Cmd T1'), tag_factory(name='Cmd T2'), tag_factory(name='Cmd T3')


@pytest.fixture
def order(order_factory):
    """An order with lines l1 (10) and l2 (20)."""
    return order_factory(line_ids=[(0, 0, {'label': 'l1', 'amount': 10.0}),
                                   (0, 0, {'label': 'l2', 'amount': 20.0})])


def line(order, label):
    return order.line_ids.filtered(lambda l: l.label == label)


# ---------------------------------------------------------------- one2many (cascade inverse)

def test_o2m_create_command(order):
    """(0, 0, vals) creates a line linked to the order."""
    order.write({'line_ids': [(0, 0, {'label': 'l3', 'amount': 5.0})]})
    assert sorted(order.line_ids.mapped('label')) == ['l1', 'l2', 'l3']
    assert line(order, 'l3').order_id == order


def test_o2m_update_command(order):
    """(1, id, vals) writes on the linked line."""
    l1 = line(order, 'l1')
    order.write({'line_ids': [(1, l1.id, {'amount': 99.0})]})
    assert l1.amount == 99.0
    assert order.total == 119.0


def test_o2m_delete_command(order):
    """(2, id, 0) deletes the line."""
    l1 = line(order, 'l1')
    order.write({'line_ids': [(2, l1.id, 0)]})
    assert not l1.exists()
    assert order.line_ids.mapped('label') == ['l2']


def test_o2m_unlink_command_deletes_a_line_with_cascade_inverse(order):
    """(3, id, 0) on a one2many whose inverse is ondelete='cascade' deletes the line."""
    l1 = line(order, 'l1')
    order.write({'line_ids': [(3, l1.id, 0)]})
    assert not l1.exists()
    assert order.line_ids.mapped('label') == ['l2']


def test_o2m_link_command_moves_a_line(order, order_factory):
    """(4, id, 0) links an existing line: its many2one now points here."""
    other = order_factory()
    l1 = line(order, 'l1')
    other.write({'line_ids': [(4, l1.id, 0)]})
    assert l1.order_id == other
    assert other.line_ids == l1
    assert order.line_ids.mapped('label') == ['l2']


def test_o2m_clear_command_deletes_cascade_lines(order):
    """(5, 0, 0) applies (3) to every line; with a cascade inverse they are deleted."""
    lines = order.line_ids
    order.write({'line_ids': [(5, 0, 0)]})
    assert not order.line_ids
    assert not lines.exists()


def test_o2m_set_command_replaces_the_lines(order, order_factory):
    """(6, 0, ids) keeps/links the listed lines; the others get command 3 (deleted here)."""
    l1, l2 = line(order, 'l1'), line(order, 'l2')
    other = order_factory(line_ids=[(0, 0, {'label': 'x', 'amount': 1.0})])
    x = other.line_ids
    order.write({'line_ids': [(6, 0, [l1.id, x.id])]})
    assert order.line_ids == l1 | x
    assert not l2.exists()
    assert x.order_id == order


def test_o2m_commands_in_create(env, order_factory):
    """create() accepts (0, 0, vals) lines."""
    order = order_factory(line_ids=[(0, 0, {'label': 'c1'}), (0, 0, {'label': 'c2'})])
    assert sorted(order.line_ids.mapped('label')) == ['c1', 'c2']


# ---------------------------------------------------------------- one2many (set null inverse)

def test_o2m_unlink_command_with_set_null_inverse_only_clears_the_link(tag_factory, order_factory):
    """(3, id) on tag.main_order_ids (inverse ondelete='set null') keeps the order."""
    tag = tag_factory()
    o1 = order_factory(main_tag_id=tag.id)
    o2 = order_factory(main_tag_id=tag.id)
    tag.write({'main_order_ids': [(3, o1.id, 0)]})
    assert o1.exists()
    assert not o1.main_tag_id
    assert tag.main_order_ids == o2


def test_o2m_clear_with_set_null_inverse_keeps_records(tag_factory, order_factory):
    """(5,) on a set-null one2many empties it without deleting the records."""
    tag = tag_factory()
    o1 = order_factory(main_tag_id=tag.id)
    tag.write({'main_order_ids': [(5,)]})
    assert o1.exists() and not o1.main_tag_id
    assert not tag.main_order_ids


# ---------------------------------------------------------------- many2many

def test_m2m_create_command(order):
    """(0, 0, vals) creates a tag and links it."""
    order.write({'tag_ids': [(0, 0, {'name': 'Cmd New'})]})
    assert order.tag_ids.mapped('name') == ['Cmd New']


def test_m2m_update_command(order, tags):
    """(1, id, vals) writes on a linked tag."""
    t1 = tags[0]
    order.write({'tag_ids': [(4, t1.id, 0)]})
    order.write({'tag_ids': [(1, t1.id, {'color': 4})]})
    assert t1.color == 4


def test_m2m_delete_command_deletes_the_record(order, tags):
    """(2, id, 0) removes the link and deletes the tag."""
    t1 = tags[0]
    order.write({'tag_ids': [(4, t1.id, 0)]})
    order.write({'tag_ids': [(2, t1.id, 0)]})
    assert not order.tag_ids
    assert not t1.exists()


def test_m2m_unlink_command_keeps_the_record(order, tags):
    """(3, id, 0) only removes the link."""
    t1, t2, _t3 = tags
    order.write({'tag_ids': [(6, 0, [t1.id, t2.id])]})
    order.write({'tag_ids': [(3, t1.id, 0)]})
    assert order.tag_ids == t2
    assert t1.exists()


def test_m2m_link_command(order, tags):
    """(4, id, 0) adds a link; linking twice does not duplicate."""
    t1, t2, _t3 = tags
    order.write({'tag_ids': [(4, t1.id, 0), (4, t2.id, 0), (4, t1.id, 0)]})
    assert order.tag_ids == t1 | t2
    assert len(order.tag_ids) == 2


def test_m2m_clear_command(order, tags):
    """(5, 0, 0) removes every link, the tags stay."""
    order.write({'tag_ids': [(6, 0, [t.id for t in tags])]})
    order.write({'tag_ids': [(5, 0, 0)]})
    assert not order.tag_ids
    assert all(t.exists() for t in tags)


def test_m2m_set_command(order, tags):
    """(6, 0, ids) replaces the whole set."""
    t1, t2, t3 = tags
    order.write({'tag_ids': [(6, 0, [t1.id, t2.id])]})
    order.write({'tag_ids': [(6, 0, [t3.id])]})
    assert order.tag_ids == t3


def test_short_forms(order, tags):
    """(4, id), (3, id) and (5,) are accepted."""
    t1, t2, _t3 = tags
    order.write({'tag_ids': [(4, t1.id), (4, t2.id)]})
    assert order.tag_ids == t1 | t2
    order.write({'tag_ids': [(3, t1.id)]})
    assert order.tag_ids == t2
    order.write({'tag_ids': [(5,)]})
    assert not order.tag_ids


def test_commands_apply_in_order(order, tags):
    """[(5,), (4, t1)] leaves only t1; [(4, t2), (5,)] leaves nothing."""
    t1, t2, t3 = tags
    order.write({'tag_ids': [(6, 0, [t2.id, t3.id])]})
    order.write({'tag_ids': [(5,), (4, t1.id)]})
    assert order.tag_ids == t1
    order.write({'tag_ids': [(4, t2.id), (5,)]})
    assert not order.tag_ids


def test_m2m_commands_in_create(env, order_factory, tags):
    """create() accepts (6, 0, ids), (4, id) and (0, 0, vals) on many2many."""
    t1, t2, _t3 = tags
    order = order_factory(tag_ids=[(6, 0, [t1.id])], extra_tag_ids=[(4, t2.id), (0, 0, {'name': 'Cmd Created'})])
    assert order.tag_ids == t1
    assert sorted(order.extra_tag_ids.mapped('name')) == ['Cmd Created', 'Cmd T2']


def test_explicit_relation_table_is_independent(order, tags):
    """tag_ids and extra_tag_ids use different tables."""
    t1, t2, _t3 = tags
    order.write({'tag_ids': [(6, 0, [t1.id])], 'extra_tag_ids': [(6, 0, [t2.id])]})
    assert order.tag_ids == t1
    assert order.extra_tag_ids == t2


def test_self_referencing_many2many(tags):
    """related_tag_ids links tags to tags through its own table; it is one-directional."""
    t1, t2, t3 = tags
    t1.write({'related_tag_ids': [(6, 0, [t2.id, t3.id])]})
    assert t1.related_tag_ids == t2 | t3
    assert not t2.related_tag_ids


def test_assigning_a_recordset_replaces_the_set(order, tags):
    """record.m2m = recordset replaces the links."""
    t1, t2, t3 = tags
    order.tag_ids = t1 | t2
    assert order.tag_ids == t1 | t2
    order.tag_ids = t3
    assert order.tag_ids == t3


def test_writing_a_list_of_ids_replaces_the_set(order, tags):
    """write({'m2m': [ids]}) replaces the links like (6, 0, ids)."""
    t1, t2, t3 = tags
    order.write({'tag_ids': [t1.id, t2.id]})
    assert order.tag_ids == t1 | t2
    order.write({'tag_ids': [t3.id]})
    assert order.tag_ids == t3


def test_writing_false_clears_the_set(order, tags):
    """write({'m2m': False}) removes every link."""
    order.write({'tag_ids': [(6, 0, [tags[0].id])]})
    order.write({'tag_ids': False})
    assert not order.tag_ids


def test_m2m_links_are_visible_from_search(env, order, tags):
    """Links written by commands are in the database (searchable)."""
    t1 = tags[0]
    order.write({'tag_ids': [(4, t1.id)]})
    assert env['test.orm.order'].search([('tag_ids', 'in', t1.ids)]) == order


def test_create_command_on_several_records_creates_one_line_each(order_factory):
    """write({'line_ids': [(0, 0, vals)]}) on two orders creates a line for each."""
    o1, o2 = order_factory(), order_factory()
    (o1 | o2).write({'line_ids': [(0, 0, {'label': 'shared', 'amount': 1.0})]})
    assert o1.line_ids.mapped('label') == ['shared']
    assert o2.line_ids.mapped('label') == ['shared']
    assert o1.line_ids != o2.line_ids


def test_set_command_with_empty_list_clears(order, tags):
    """(6, 0, []) removes every link."""
    order.write({'tag_ids': [(6, 0, [tags[0].id])]})
    order.write({'tag_ids': [(6, 0, [])]})
    assert not order.tag_ids


def test_unlinking_the_owner_removes_m2m_links_only(env, order_factory, tags):
    """Deleting an order drops its relation rows; the tags survive."""
    t1, t2, _t3 = tags
    order = order_factory(tag_ids=[(6, 0, [t1.id, t2.id])])
    order.unlink()
    assert t1.exists() and t2.exists()
    assert not env['test.orm.order'].search([('tag_ids', 'in', [t1.id, t2.id]), ('name', 'like', 'Factory Order')])
