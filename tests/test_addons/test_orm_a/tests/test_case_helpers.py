from flectra import SUPERUSER_ID
from flectra.exceptions import ValidationError
from flectra.tests import TransactionCase, tagged


@tagged('post_install', '-at_install')
class TestCaseHelpers(TransactionCase):
    """flectra.tests.TransactionCase helpers addon tests rely on."""

    def setUp(self):
        super().setUp()
        self.order = self.env['test.orm.order'].create({'name': 'Helper order', 'tax_percent': 10})

    def test_env_is_superuser(self):
        """self.env runs as SUPERUSER_ID; self.uid and self.cr are set."""
        self.assertEqual(self.env.uid, SUPERUSER_ID)
        self.assertEqual(self.uid, SUPERUSER_ID)
        self.assertIs(self.cr, self.env.cr)

    def test_ref_and_browse_ref(self):
        """self.ref(xmlid) is the id, self.browse_ref(xmlid) the record."""
        tag = self.env.ref('test_orm_a.tag_red')
        self.assertEqual(self.ref('test_orm_a.tag_red'), tag.id)
        self.assertEqual(self.browse_ref('test_orm_a.tag_red'), tag)

    def test_assert_record_values(self):
        """assertRecordValues compares records with a list of dicts, in order."""
        tags = self.env['test.orm.tag'].create([{'name': 'Helper 1', 'color': 1}, {'name': 'Helper 2', 'color': 2}])
        self.assertRecordValues(tags, [{'name': 'Helper 1', 'color': 1}, {'name': 'Helper 2', 'color': 2}])
        with self.assertRaises(AssertionError):
            self.assertRecordValues(tags, [{'name': 'Helper 1', 'color': 1}, {'name': 'Helper 2', 'color': 3}])

    def test_assert_raises_rolls_back_the_failed_operation(self):
        """assertRaises runs in a savepoint: the refused write leaves the old value."""
        with self.assertRaises(ValidationError):
            self.order.write({'tax_percent': 500})
        self.assertEqual(self.order.tax_percent, 10)
        self.assertEqual(self.env['test.orm.order'].search([('id', '=', self.order.id)]).tax_percent, 10)

    def test_tagged_adds_and_removes_tags(self):
        """@tagged('post_install', '-at_install') sets post_install and drops at_install."""
        self.assertIn('post_install', self.test_tags)
        self.assertNotIn('at_install', self.test_tags)
        self.assertIn('standard', self.test_tags)
