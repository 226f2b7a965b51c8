"""Constraints (addon-api.md §6, §10.3): @api.constrains raising ValidationError on create,
write and recompute; _sql_constraints unique/check raising psycopg2.IntegrityError on create,
with the transaction usable after a savepoint."""
import psycopg2
import pytest

from flectra.exceptions import UserError, ValidationError
from flectra.tools import mute_logger


# ---------------------------------------------------------------- @api.constrains

def test_constraint_on_create(env):
    """create() with tax_percent 150 raises ValidationError."""
    with pytest.raises(ValidationError, match='between 0 and 100'):
        with env.cr.savepoint():
            env['test.orm.order'].create({'name': 'Con bad', 'tax_percent': 150})


def test_constraint_on_write(env, order_factory):
    """write() with tax_percent -5 raises ValidationError; the value is unchanged after rollback."""
    order = order_factory(tax_percent=20)
    with pytest.raises(ValidationError):
        with env.cr.savepoint():
            order.write({'tax_percent': -5})
    assert env['test.orm.order'].search([('id', '=', order.id), ('tax_percent', '=', 20)]) == order


def test_valid_values_pass_the_constraint(env, order_factory):
    """Boundary values 0 and 100 are accepted."""
    order = order_factory(tax_percent=0)
    order.tax_percent = 100
    assert order.tax_percent == 100


def test_constraint_checks_every_record_of_a_batch(env):
    """create([valid, invalid]) raises; nothing is created."""
    with pytest.raises(ValidationError):
        with env.cr.savepoint():
            env['test.orm.order'].create([{'name': 'Con batch ok', 'tax_percent': 5},
                                          {'name': 'Con batch bad', 'tax_percent': 500}])
    assert not env['test.orm.order'].search([('name', 'like', 'Con batch')])


def test_constraint_on_a_recomputed_stored_field(env, order_factory):
    """@api.constrains('total') runs when total is recomputed from a new line."""
    order = order_factory()
    with pytest.raises(ValidationError, match='cannot exceed'):
        with env.cr.savepoint():
            env['test.orm.line'].create({'label': 'huge', 'amount': 2000000.0, 'order_id': order.id})
            order.total  # recomputation happens at the latest when the value is read
            env['test.orm.order'].search([('total', '>', 0), ('id', '=', order.id)])


def test_validation_error_is_a_user_error():
    """ValidationError subclasses UserError (the RPC layer shows it to the user)."""
    assert issubclass(ValidationError, UserError)


# ---------------------------------------------------------------- SQL constraints

def test_sql_unique_violation_on_create(env, tag_factory):
    """A duplicate tag name raises psycopg2.IntegrityError at create()."""
    tag_factory(name='Con Unique')
    with pytest.raises(psycopg2.IntegrityError):
        with env.cr.savepoint(), mute_logger('flectra.sql_db'):
            env['test.orm.tag'].create({'name': 'Con Unique'})


def test_sql_check_violation_on_create(env):
    """CHECK(color between 0 and 11) raises psycopg2.IntegrityError at create()."""
    with pytest.raises(psycopg2.IntegrityError):
        with env.cr.savepoint(), mute_logger('flectra.sql_db'):
            env['test.orm.tag'].create({'name': 'Con Check', 'color': 42})


def test_transaction_usable_after_sql_violation_in_savepoint(env, tag_factory):
    """After a violation inside env.cr.savepoint(), reads and writes work again."""
    tag = tag_factory(name='Con Usable')
    with pytest.raises(psycopg2.IntegrityError):
        with env.cr.savepoint(), mute_logger('flectra.sql_db'):
            env['test.orm.tag'].create({'name': 'Con Usable'})
    tag.color = 4
    other = env['test.orm.tag'].create({'name': 'Con Usable 2'})
    found = env['test.orm.tag'].search([('name', 'like', 'Con Usable')])
    assert found == tag | other
    assert tag.color == 4


def test_savepoint_undoes_the_work_done_before_the_violation(env):
    """Records created in the failed savepoint before the violation are gone."""
    with pytest.raises(psycopg2.IntegrityError):
        with env.cr.savepoint(), mute_logger('flectra.sql_db'):
            env['test.orm.tag'].create({'name': 'Con Before'})
            env['test.orm.tag'].create({'name': 'Con Before'})
    assert not env['test.orm.tag'].search([('name', '=', 'Con Before')])


def test_unique_constraint_allows_distinct_values(env):
    """Distinct names are fine."""
    tags = env['test.orm.tag'].create([{'name': 'Con D1'}, {'name': 'Con D2'}])
    assert len(tags) == 2


def test_not_null_violation_raises_integrity_error(env, order_factory):
    """A required column without value is a NOT NULL violation (IntegrityError) at create()."""
    order = order_factory()
    with pytest.raises(psycopg2.IntegrityError):
        with env.cr.savepoint(), mute_logger('flectra.sql_db'):
            env['test.orm.line'].create({'order_id': order.id, 'amount': 1.0})
