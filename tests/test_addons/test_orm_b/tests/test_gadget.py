from flectra.tests import TransactionCase


class TestGadget(TransactionCase):
    """test.orm.gadget = test.orm.mixin + test.orm.stamp.mixin."""

    def setUp(self):
        super().setUp()
        self.gadget = self.env['test.orm.gadget'].create({'name': 'G', 'mixin_note': 'n'})

    def test_fields_of_both_mixins_are_present(self):
        """Fields of each parent mixin and of the in-place extension of test.orm.mixin."""
        for name in ('mixin_note', 'mixin_level', 'stamp', 'name'):
            self.assertIn(name, self.gadget._fields)
        self.assertEqual(self.gadget.stamp, 'B')
        self.assertEqual(self.gadget.mixin_level, 1)

    def test_override_reaches_the_mixin_method_through_super(self):
        """gadget.mixin_describe() prefixes the mixin's result."""
        self.assertEqual(self.gadget.mixin_describe(), 'gadget test.orm.gadget:n')
        self.assertEqual(self.gadget.stamp_label(), 'stamp:B')

    def test_mixin_extension_reaches_earlier_heirs(self):
        """test.orm.person (test_orm_a) inherits the mixin; b's mixin_level reaches it too."""
        person = self.env['test.orm.person'].create({'name': 'P'})
        self.assertIn('mixin_level', person._fields)
        self.assertEqual(person.mixin_level, 1)

    def test_gadget_data_record(self):
        """b's XML creates a gadget."""
        gadget = self.env.ref('test_orm_b.gadget_data')
        self.assertEqual(gadget.mixin_describe(), 'gadget test.orm.gadget:from xml')
