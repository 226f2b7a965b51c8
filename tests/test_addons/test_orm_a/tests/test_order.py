import re

from flectra import fields
from flectra.exceptions import ValidationError
from flectra.tests import TransactionCase


class TestOrder(TransactionCase):
    """Behaviour of test.orm.order as declared by test_orm_a."""

    def setUp(self):
        super().setUp()
        self.partner = self.env['res.partner'].create({'name': 'Order Partner', 'email': 'order@example.com'})
        self.order = self.env['test.orm.order'].create({
            'name': 'Order A-1',
            'partner_id': self.partner.id,
            'line_ids': [
                (0, 0, {'label': 'first', 'amount': 40.0}),
                (0, 0, {'label': 'second', 'amount': 60.0}),
            ],
        })

    def test_total_is_the_sum_of_the_line_amounts(self):
        """The stored total depends on line_ids.amount."""
        self.assertEqual(self.order.total, 100.0)
        self.order.line_ids[0].amount = 10.0
        self.assertEqual(self.order.total, 70.0)

    def test_tax_is_chained_on_the_total(self):
        """tax = total * tax_percent / 100, recomputed when either changes."""
        self.assertEqual(self.order.tax, 10.0)
        self.order.tax_percent = 25
        self.assertEqual(self.order.tax, 25.0)
        self.env['test.orm.line'].create({'label': 'third', 'amount': 100.0, 'order_id': self.order.id})
        self.assertEqual(self.order.tax, 50.0)

    def test_line_count_is_computed_without_storage(self):
        """line_count is a non-stored compute over line_ids."""
        self.assertEqual(self.order.line_count, 2)
        self.assertFalse(self.order._fields['line_count'].store)

    def test_create_takes_the_reference_from_the_sequence(self):
        """create() fills `reference` from ir.sequence code test.orm.order (prefix TA<year>-, padding 4)."""
        self.assertRegex(self.order.reference, r'^TA\d{4}-\d{4}$')
        other = self.env['test.orm.order'].create({'name': 'Order A-2'})
        first = int(re.search(r'(\d{4})$', self.order.reference).group(1))
        second = int(re.search(r'(\d{4})$', other.reference).group(1))
        self.assertEqual(second, first + 1)

    def test_explicit_reference_is_kept(self):
        """A reference given to create() is not replaced by the sequence."""
        order = self.env['test.orm.order'].create({'name': 'Order A-3', 'reference': 'MANUAL'})
        self.assertEqual(order.reference, 'MANUAL')

    def test_defaults_are_applied_on_create(self):
        """state, tax_percent, active, responsible and date default when omitted."""
        self.assertEqual(self.order.state, 'draft')
        self.assertEqual(self.order.tax_percent, 10)
        self.assertTrue(self.order.active)
        self.assertEqual(self.order.responsible_id, self.env.user)
        self.assertEqual(self.order.date_order, fields.Date.context_today(self.order))

    def test_tax_percent_outside_0_100_is_a_validation_error(self):
        """@api.constrains('tax_percent') rejects 101 on write and on create."""
        with self.assertRaises(ValidationError):
            self.order.write({'tax_percent': 101})
        with self.assertRaises(ValidationError):
            self.env['test.orm.order'].create({'name': 'Bad tax', 'tax_percent': -1})

    def test_onchange_is_not_called_by_create(self):
        """@api.onchange methods only run in forms: create() with a partner leaves `note` empty."""
        self.assertFalse(self.order.note)

    def test_related_email_reads_through_the_partner(self):
        """partner_email is related to partner_id.email."""
        self.assertEqual(self.order.partner_email, 'order@example.com')
        self.partner.email = 'changed@example.com'
        self.assertEqual(self.order.partner_email, 'changed@example.com')

    def test_is_big_is_searchable_through_its_search_method(self):
        """is_big (non-stored) is searchable thanks to search='_search_is_big'."""
        big = self.env['test.orm.order'].create({
            'name': 'Big one', 'line_ids': [(0, 0, {'label': 'x', 'amount': 5000.0})]})
        found = self.env['test.orm.order'].search([('is_big', '=', True), ('id', 'in', [big.id, self.order.id])])
        self.assertEqual(found, big)
        found = self.env['test.orm.order'].search([('is_big', '=', False), ('id', 'in', [big.id, self.order.id])])
        self.assertEqual(found, self.order)

    def test_archived_order_is_hidden_from_search(self):
        """active=False hides the order from search unless active_test is False."""
        self.order.action_archive()
        Order = self.env['test.orm.order']
        self.assertFalse(Order.search([('id', '=', self.order.id)]))
        self.assertEqual(Order.with_context(active_test=False).search([('id', '=', self.order.id)]), self.order)

    def test_action_confirm_sets_state(self):
        """A public business method writes the state."""
        self.assertTrue(self.order.action_confirm())
        self.assertEqual(self.order.state, 'confirmed')
