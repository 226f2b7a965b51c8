import time

from flectra.tests import TransactionCase


class TestData(TransactionCase):
    """Records declared in test_orm_a's XML data files."""

    def test_ref_fields_point_to_records_of_the_same_file(self):
        """<field ref="..."> without a module prefix resolves in test_orm_a."""
        order = self.env.ref('test_orm_a.order_data')
        self.assertEqual(order.category_id, self.env.ref('test_orm_a.category_child'))
        self.assertEqual(order.main_tag_id, self.env.ref('test_orm_a.tag_red'))
        self.assertEqual(order.category_id.parent_id, self.env.ref('test_orm_a.category_root'))

    def test_eval_values_are_evaluated(self):
        """eval= expressions: arithmetic, x2many commands with ref(), the `time` module."""
        order = self.env.ref('test_orm_a.order_data')
        self.assertEqual(order.tax_percent, 20)
        self.assertEqual(order.tag_ids, self.env.ref('test_orm_a.tag_red') | self.env.ref('test_orm_a.tag_blue'))
        self.assertEqual(sorted(order.line_ids.mapped('label')), ['Data line 1', 'Data line 2'])
        self.assertEqual(order.date_order.strftime('%Y-%m-%d'), time.strftime('%Y-01-01'))

    def test_computed_fields_of_data_records_are_stored(self):
        """Stored computes are computed for records created by data files."""
        order = self.env.ref('test_orm_a.order_data')
        self.assertEqual(order.total, 150.0)
        self.assertEqual(order.tax, 30.0)
        found = self.env['test.orm.order'].search([('total', '=', 150.0), ('id', '=', order.id)])
        self.assertEqual(found, order)

    def test_self_referencing_many2many_from_data(self):
        """related_tag_ids (self-referencing m2m) set with (6, 0, ids) in XML."""
        self.assertEqual(self.env.ref('test_orm_a.tag_blue').related_tag_ids, self.env.ref('test_orm_a.tag_red'))

    def test_sequence_is_loaded_as_noupdate(self):
        """The ir.sequence of a <data noupdate="1"> block is recorded with noupdate."""
        seq = self.env.ref('test_orm_a.seq_test_orm_order')
        self.assertEqual(seq.code, 'test.orm.order')
        self.assertEqual(seq.prefix, 'TA%(year)s-')
        self.assertEqual(seq.padding, 4)
        imd = self.env['ir.model.data'].search([('module', '=', 'test_orm_a'), ('name', '=', 'seq_test_orm_order')])
        self.assertEqual(len(imd), 1)
        self.assertTrue(imd.noupdate)
        self.assertEqual(imd.model, 'ir.sequence')
        self.assertEqual(imd.res_id, seq.id)

    def test_data_records_are_not_noupdate_by_default(self):
        """Records outside a noupdate block get noupdate=False."""
        imd = self.env['ir.model.data'].search([('module', '=', 'test_orm_a'), ('name', '=', 'tag_red')])
        self.assertEqual(len(imd), 1)
        self.assertFalse(imd.noupdate)

    def test_manager_group_implies_user_group(self):
        """group_a_manager implies group_a_user, which implies base.group_user."""
        manager = self.env.ref('test_orm_a.group_a_manager')
        user = self.env.ref('test_orm_a.group_a_user')
        self.assertIn(user, manager.implied_ids)
        self.assertIn(self.env.ref('base.group_user'), user.implied_ids)

    def test_models_are_reflected_with_xml_ids(self):
        """Each model gets an ir.model record with xml id <module>.model_<name_underscored>."""
        model = self.env.ref('test_orm_a.model_test_orm_order')
        self.assertEqual(model._name, 'ir.model')
        self.assertEqual(model.model, 'test.orm.order')
