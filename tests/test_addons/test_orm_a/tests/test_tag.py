import psycopg2

from flectra.tests import TransactionCase
from flectra.tools import mute_logger


class TestTag(TransactionCase):
    """SQL constraints of test.orm.tag."""

    def test_duplicate_name_violates_the_unique_constraint(self):
        """_sql_constraints unique(name): a second tag with the same name is refused."""
        self.env['test.orm.tag'].create({'name': 'Unique Tag'})
        with self.assertRaises(psycopg2.IntegrityError), mute_logger('flectra.sql_db'):
            self.env['test.orm.tag'].create({'name': 'Unique Tag'})

    def test_color_outside_range_violates_the_check_constraint(self):
        """_sql_constraints CHECK(color between 0 and 11)."""
        with self.assertRaises(psycopg2.IntegrityError), mute_logger('flectra.sql_db'):
            self.env['test.orm.tag'].create({'name': 'Bad Color', 'color': 12})

    def test_transaction_is_usable_after_a_violation(self):
        """assertRaises runs in a savepoint: the test continues after the violation."""
        with self.assertRaises(psycopg2.IntegrityError), mute_logger('flectra.sql_db'):
            self.env['test.orm.tag'].create({'name': 'Bad Color', 'color': 99})
        tag = self.env['test.orm.tag'].create({'name': 'Good Color', 'color': 3})
        self.assertEqual(self.env['test.orm.tag'].search([('name', '=', 'Good Color')]), tag)
