from flectra.tests import TransactionCase


class TestOrderExtension(TransactionCase):
    """test_orm_b's extension of test.orm.order and test.orm.line."""

    def setUp(self):
        super().setUp()
        self.order = self.env['test.orm.order'].create({
            'name': 'B order',
            'origin': 'web',
            'line_ids': [(0, 0, {'label': 'l1', 'amount': 100.0, 'discount': 10.0})],
        })

    def test_create_override_changes_values_and_calls_super(self):
        """b's create upper-cases origin; a's create (reached by super()) still sets the reference."""
        self.assertEqual(self.order.origin, 'WEB')
        self.assertRegex(self.order.reference, r'^TA\d{4}-\d{4}$')

    def test_create_override_fills_a_missing_origin(self):
        """Without origin, b's create puts FROM-B; with a list of values each record is processed."""
        orders = self.env['test.orm.order'].create([{'name': 'n1'}, {'name': 'n2', 'origin': 'x'}])
        self.assertEqual(orders.mapped('origin'), ['FROM-B', 'X'])

    def test_write_override_changes_values(self):
        """b's write upper-cases origin before calling super()."""
        self.assertIs(self.order.write({'origin': 'phone'}), True)
        self.assertEqual(self.order.origin, 'PHONE')

    def test_extended_compute_depends_on_line_discount(self):
        """b's _compute_total adds a dependency on line_ids.discount and subtracts it."""
        self.assertEqual(self.order.total, 90.0)
        self.order.line_ids.discount = 30.0
        self.assertEqual(self.order.total, 70.0)
        self.assertEqual(self.order.tax, 7.0)

    def test_selection_add_inserts_values_in_place(self):
        """selection_add=[('review', ...), ('confirmed',), ('cancel', ...)] yields
        draft, review, confirmed, done, cancel."""
        keys = [key for key, _label in self.order._fields['state'].selection]
        self.assertEqual(keys, ['draft', 'review', 'confirmed', 'done', 'cancel'])
        self.order.state = 'review'
        self.assertEqual(self.order.state, 'review')

    def test_data_record_references_xml_ids_of_test_orm_a(self):
        """b's XML uses test_orm_a.* refs and an added selection value."""
        order = self.env.ref('test_orm_b.order_b_data')
        self.assertEqual(order.state, 'review')
        self.assertEqual(order.category_id, self.env.ref('test_orm_a.category_root'))
        self.assertEqual(order.tag_ids, self.env.ref('test_orm_a.tag_red') | self.env.ref('test_orm_a.tag_blue'))
        self.assertEqual(order.origin, 'FROM-B')
        self.assertEqual(order.total, 25.0)

    def test_data_file_updates_a_record_of_test_orm_a(self):
        """<record id="test_orm_a.tag_blue"> in b's data updates a's record (color 2 -> 7)."""
        tag = self.env.ref('test_orm_a.tag_blue')
        self.assertEqual(tag.color, 7)
        self.assertEqual(tag.name, 'Blue')
