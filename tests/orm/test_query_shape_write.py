"""Query shapes of creating and recomputing (bench W1, issue 7): stored computed fields computed
once per new record, their values written in one UPDATE per batch, search_read not re-checking
what its search found."""
import pytest

from flectra.exceptions import AccessError
from flectra.tests import new_test_user
from fazhi.testing.statements import Statements


def test_recomputed_values_of_many_records_are_written_in_one_update(env):
    """Changing the tax rate of 6 orders writes their taxes in one UPDATE; the values are right."""
    partner = env['res.partner'].create({'name': 'QW partner'})
    Order = env['test.orm.order']
    orders = Order.create([{'name': 'QW %d' % i, 'partner_id': partner.id if i % 2 else False,
                            'line_ids': [(0, 0, {'label': 'l', 'amount': 10.0 * (i + 1)})]}
                           for i in range(6)])
    with Statements(env) as statements:
        orders.write({'tax_percent': 20})
    assert statements.count('UPDATE "test_orm_order" SET "tax"') == 1
    env.invalidate_all()
    assert orders.mapped('tax') == [2.0 * (i + 1) for i in range(6)]
    assert orders.mapped('partner_name') == [False, 'QW partner'] * 3
    # NULL and text values in the same batch
    with Statements(env) as statements:
        partner.name = 'QW renamed'
    env.invalidate_all()
    assert orders.mapped('partner_name') == [False, 'QW renamed'] * 3
    assert statements.count('UPDATE "test_orm_order" SET "partner_name"') == 1


def test_new_record_computes_its_stored_fields_once(env):
    """An order created with 3 lines: its total is computed after the lines, not once per line."""
    with Statements(env) as statements:
        order = env['test.orm.order'].create({'name': 'QW once', 'line_ids': [
            (0, 0, {'label': 'a', 'amount': 1.0}), (0, 0, {'label': 'b', 'amount': 2.0}),
            (0, 0, {'label': 'c', 'amount': 4.0})]})
    assert statements.count('UPDATE "test_orm_order"') <= 2
    env.invalidate_all()
    assert (order.total, order.tax) == (7.0, 0.7)
    assert order.line_ids.mapped('subtotal') == [1.1, 2.2, 4.4]


def test_a_null_computed_value_of_a_new_record_is_not_written(env):
    """A stored related value that is empty on creation is not written again as NULL."""
    with Statements(env) as statements:
        order = env['test.orm.order'].create({'name': 'QW null'})
    assert statements.count('UPDATE "test_orm_order" SET "partner_name"') == 0
    env.invalidate_all()
    assert order.partner_name is False


def test_search_read_returns_what_read_returns_with_fewer_queries(env):
    """search_read does not check again that what its search found exists and is readable."""
    user = new_test_user(env, login='qw_reader', groups='test_orm_a.group_a_user')
    Doc = env['test.orm.rule.doc']
    docs = Doc.create([{'name': 'QW own', 'owner_id': user.id, 'level': 1},
                       {'name': 'QW other', 'owner_id': env.user.id}])
    UserDoc = Doc.with_user(user)
    domain = [('id', 'in', docs.ids)]
    UserDoc.search_read(domain, ['name'])   # access rights and rules known to the transaction
    env.invalidate_all()
    with Statements(env) as searched:
        rows = UserDoc.search_read(domain, ['name', 'owner_id', 'level'])
    env.invalidate_all()
    with Statements(env) as separate:
        expected = UserDoc.search(domain).read(['name', 'owner_id', 'level'])
    assert rows == expected
    assert [row['name'] for row in rows] == ['QW own']
    assert len(searched.sql) < len(separate.sql)
    with pytest.raises(AccessError):
        docs[1].with_user(user).read(['name'])
