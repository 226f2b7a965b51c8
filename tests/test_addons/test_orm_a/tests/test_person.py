from flectra.tests import TransactionCase


class TestPersonDelegation(TransactionCase):
    """test.orm.employee delegates to test.orm.person through _inherits."""

    def setUp(self):
        super().setUp()
        self.employee = self.env['test.orm.employee'].create({
            'name': 'Ada', 'email': 'ada@example.com', 'badge': 'B-1'})

    def test_create_creates_the_parent_record(self):
        """Creating a child without person_id creates the person from the delegated values."""
        person = self.employee.person_id
        self.assertTrue(person)
        self.assertEqual(person.name, 'Ada')
        self.assertEqual(person.email, 'ada@example.com')

    def test_parent_fields_read_and_write_through(self):
        """Delegated fields read the parent's value and write to the parent row."""
        self.assertEqual(self.employee.name, 'Ada')
        self.employee.write({'name': 'Ada L.'})
        self.assertEqual(self.employee.person_id.name, 'Ada L.')
        self.employee.person_id.email = 'al@example.com'
        self.assertEqual(self.employee.email, 'al@example.com')

    def test_delegated_field_is_searchable(self):
        """search() on a delegated field filters children by their parent's value."""
        found = self.env['test.orm.employee'].search([('name', '=', 'Ada')])
        self.assertEqual(found, self.employee)

    def test_deleting_the_parent_cascades_to_the_child(self):
        """person_id is ondelete='cascade': unlinking the person removes the employee."""
        self.employee.person_id.unlink()
        self.assertFalse(self.employee.exists())

    def test_person_has_the_mixin_field_and_method(self):
        """test.orm.person inherits test.orm.mixin's field and method."""
        person = self.employee.person_id
        person.mixin_note = 'hello'
        self.assertEqual(person.mixin_describe(), 'test.orm.person:hello')
