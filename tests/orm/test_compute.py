"""Computed and related fields (addon-api.md §5.3, §6): stored, non-stored, chained,
inverse, related (stored and not), dotted dependencies, recomputation triggers."""
import pytest


@pytest.fixture
def order(order_factory):
    """An order with two lines (40 + 60) and the default tax_percent 10."""
    return order_factory(line_ids=[
        (0, 0, {'label': 'first', 'amount': 40.0}),
        (0, 0, {'label': 'second', 'amount': 60.0}),
    ])


def search_ids(env, model, domain):
    return set(env[model].search(domain).ids)


def test_stored_compute_is_computed_on_create(order):
    """total = sum(line_ids.amount) right after create."""
    assert order.total == 100.0


def test_stored_compute_is_written_to_the_database(env, order):
    """A stored compute is searchable with its computed value."""
    assert search_ids(env, 'test.orm.order', [('total', '=', 100.0), ('id', '=', order.id)]) == {order.id}


def test_recompute_when_a_line_is_created(env, order, line_factory):
    """Creating a line of the order recomputes total."""
    line_factory(order_id=order.id, amount=25.0)
    assert order.total == 125.0
    assert search_ids(env, 'test.orm.order', [('total', '=', 125.0), ('id', '=', order.id)]) == {order.id}


def test_recompute_when_a_line_amount_is_written(env, order):
    """Writing a line's amount recomputes total (dependency line_ids.amount)."""
    order.line_ids.filtered(lambda l: l.label == 'first').amount = 0.0
    assert order.total == 60.0
    assert search_ids(env, 'test.orm.order', [('total', '=', 60.0), ('id', '=', order.id)]) == {order.id}


def test_recompute_when_a_line_is_deleted(order):
    """Unlinking a line recomputes total."""
    order.line_ids.filtered(lambda l: l.label == 'second').unlink()
    assert order.total == 40.0


def test_recompute_both_orders_when_a_line_moves(order, order_factory):
    """Reparenting a line (writing order_id) recomputes the old and the new order."""
    other = order_factory(line_ids=[(0, 0, {'label': 'o', 'amount': 5.0})])
    line = order.line_ids.filtered(lambda l: l.label == 'second')
    line.order_id = other
    assert order.total == 40.0
    assert other.total == 65.0


def test_recompute_through_x2many_commands(order):
    """Writing line_ids with (1, id, vals) and (0, 0, vals) recomputes total."""
    first = order.line_ids.filtered(lambda l: l.label == 'first')
    order.write({'line_ids': [(1, first.id, {'amount': 1.0}), (0, 0, {'label': 'new', 'amount': 2.0})]})
    assert order.total == 63.0


def test_chained_stored_compute(order):
    """tax depends on total (itself computed) and tax_percent."""
    assert order.tax == 10.0
    order.line_ids[0].amount += 100.0
    assert order.total == 200.0
    assert order.tax == 20.0
    order.tax_percent = 50
    assert order.tax == 100.0


def test_chained_compute_is_stored_after_a_line_change(env, order, line_factory):
    """The chained value reaches the database (searchable) after a line change."""
    line_factory(order_id=order.id, amount=100.0)
    assert search_ids(env, 'test.orm.order', [('tax', '=', 20.0), ('id', '=', order.id)]) == {order.id}


def test_non_stored_compute_follows_its_dependencies(order, line_factory):
    """line_count (not stored) reflects the current lines."""
    assert order.line_count == 2
    line_factory(order_id=order.id)
    assert order.line_count == 3
    order.line_ids.unlink()
    assert order.line_count == 0


def test_dotted_dependency_through_many2one(order):
    """line.subtotal depends on order_id.tax_percent: writing the order recomputes lines."""
    line = order.line_ids.filtered(lambda l: l.label == 'first')
    assert line.subtotal == 44.0
    order.tax_percent = 50
    assert line.subtotal == 60.0


def test_compute_with_inverse_reads_computed_value(order):
    """amount_cents is computed from amount."""
    line = order.line_ids.filtered(lambda l: l.label == 'first')
    assert line.amount_cents == 4000


def test_writing_a_computed_field_with_inverse_calls_the_inverse(order):
    """Writing amount_cents runs the inverse (sets amount) and the order total follows."""
    line = order.line_ids.filtered(lambda l: l.label == 'first')
    line.amount_cents = 1234
    assert line.amount == 12.34
    assert order.total == pytest.approx(72.34)


def test_create_with_a_computed_field_with_inverse(order, env):
    """create() with amount_cents applies the inverse."""
    line = env['test.orm.line'].create({'label': 'cents', 'order_id': order.id, 'amount_cents': 250})
    assert line.amount == 2.5
    assert line.amount_cents == 250


def test_search_method_of_a_non_stored_compute(env, order, order_factory):
    """is_big (search='_search_is_big') is searchable with = True / = False / != True."""
    big = order_factory(line_ids=[(0, 0, {'label': 'big', 'amount': 5000.0})])
    ids = [order.id, big.id]
    assert search_ids(env, 'test.orm.order', [('is_big', '=', True), ('id', 'in', ids)]) == {big.id}
    assert search_ids(env, 'test.orm.order', [('is_big', '=', False), ('id', 'in', ids)]) == {order.id}
    assert search_ids(env, 'test.orm.order', [('is_big', '!=', True), ('id', 'in', ids)]) == {order.id}


def test_related_field_reads_through(order, partner_factory):
    """partner_email is related to partner_id.email and follows partner changes."""
    partner = partner_factory(email='rel@example.com')
    order.partner_id = partner
    assert order.partner_email == 'rel@example.com'
    partner.email = 'other@example.com'
    assert order.partner_email == 'other@example.com'


def test_related_field_is_empty_without_target(order):
    """A related field through an empty many2one reads as empty."""
    assert order.partner_email is False


def test_writing_a_related_field_writes_the_target(order, partner_factory):
    """Related fields are writable from code: the value lands on the related record."""
    partner = partner_factory(email='before@example.com')
    order.partner_id = partner
    order.write({'partner_email': 'after@example.com'})
    assert partner.email == 'after@example.com'


def test_non_stored_related_field_is_searchable(env, order, partner_factory):
    """Related fields are searchable even when not stored."""
    partner = partner_factory(email='findme@example.com')
    order.partner_id = partner
    assert search_ids(env, 'test.orm.order', [('partner_email', '=', 'findme@example.com')]) == {order.id}


def test_stored_related_field_is_recomputed_when_the_target_changes(env, order, partner_factory):
    """partner_name (related, store=True) follows partner renames, also in the database."""
    partner = partner_factory(name='Old Name')
    order.partner_id = partner
    assert order.partner_name == 'Old Name'
    partner.name = 'New Name'
    assert order.partner_name == 'New Name'
    assert search_ids(env, 'test.orm.order', [('partner_name', '=', 'New Name')]) == {order.id}


def test_stored_related_field_follows_a_change_of_the_many2one(order, partner_factory):
    """Changing partner_id recomputes the stored related value."""
    order.partner_id = partner_factory(name='First')
    order.partner_id = partner_factory(name='Second')
    assert order.partner_name == 'Second'


def test_compute_of_many_records_at_once(env, order_factory):
    """A compute method assigns each record of a batch separately."""
    orders = order_factory(line_ids=[(0, 0, {'label': 'a', 'amount': 1.0})]) \
        | order_factory(line_ids=[(0, 0, {'label': 'b', 'amount': 2.0})])
    assert orders.mapped('total') == [1.0, 2.0]
    assert orders.mapped('line_count') == [1, 1]


def test_linking_a_line_to_another_order_recomputes_both(order, order_factory):
    """(4, line_id) on another order moves the line: both totals follow."""
    other = order_factory()
    moved = order.line_ids.filtered(lambda l: l.label == 'first')
    other.write({'line_ids': [(4, moved.id)]})
    assert other.total == 40.0
    assert order.total == 60.0


def test_stored_related_field_is_emptied_when_the_target_is_deleted(order, partner_factory):
    """Deleting the partner (ondelete set null) empties the stored related name."""
    partner = partner_factory(name='Doomed Partner')
    order.partner_id = partner
    assert order.partner_name == 'Doomed Partner'
    partner.unlink()
    assert not order.partner_id
    assert not order.partner_name


def test_stored_compute_is_rounded_to_its_digits(order_factory):
    """tax (digits=(16, 2)) computed as 33.33 * 10% = 3.333 is stored as 3.33."""
    order = order_factory(line_ids=[(0, 0, {'label': 'x', 'amount': 33.33})])
    assert order.tax == 3.33


def test_stored_compute_is_up_to_date_for_ordering(env, order_factory, line_factory):
    """search(order='total desc') right after a line change sees the new totals."""
    small = order_factory(line_ids=[(0, 0, {'label': 's', 'amount': 10.0})])
    large = order_factory(line_ids=[(0, 0, {'label': 'l', 'amount': 20.0})])
    line_factory(order_id=small.id, amount=100.0)
    found = env['test.orm.order'].search([('id', 'in', [small.id, large.id])], order='total desc')
    assert found.ids == [small.id, large.id]


def test_non_stored_field_without_search_matches_everything(env, order_factory):
    """A term on a non-stored field without search= is dropped (logged), as on the real server."""
    o1 = order_factory()
    o2 = order_factory(line_ids=[(0, 0, {'label': 'x'})])
    found = env['test.orm.order'].search([('line_count', '=', 42), ('id', 'in', [o1.id, o2.id])])
    assert found == o1 | o2


def test_one_compute_for_two_fields_on_a_new_record(env):
    """Both fields assigned by one compute method keep their values on an in-memory record
    (what onchange and the web client see), not only the last one assigned."""
    person = env['test.orm.person'].new({'name': 'Wang'})
    assert (person.name_length, person.name_upper) == (4, 'WANG')
    person.update({'name': 'Li'})
    assert (person.name_upper, person.name_length) == ('LI', 2)
