"""Multi-row INSERTs in ``create`` (bench W1, issue 7): the rows of a batch that set the same
columns go in one ``INSERT ... VALUES (...), (...) RETURNING id``; ids map to the value dicts in
order, delegated (``_inherits``) parents are batched the same way, and a constraint violation
anywhere in the batch leaves nothing behind and still names the constraint."""
import psycopg2
import pytest

from flectra.exceptions import ValidationError
from flectra.tools import mute_logger
from fazhi.service.transaction import _integrity_error
from fazhi.testing.statements import Statements


def _db_rows(env, table, ids, columns):
    env.flush_all()
    placeholders = ", ".join(["%s"] * len(ids))
    env.cr.execute('SELECT id, %s FROM "%s" WHERE id IN (%s)' % (", ".join(columns), table, placeholders), list(ids))
    return {row[0]: tuple(row[1:]) for row in env.cr.fetchall()}


def test_ids_follow_the_values_in_one_insert(env):
    """Ten tags in one create: one INSERT, record i holds values i, ids increase in that order."""
    names = ['Batch Ins %02d' % i for i in (7, 3, 9, 1, 5, 0, 8, 2, 6, 4)]
    with Statements(env) as st:
        tags = env['test.orm.tag'].create([{'name': n, 'color': i} for i, n in enumerate(names)])
    assert len(st.inserts('test_orm_tag')) == 1
    assert tags.mapped('name') == names
    assert tags.ids == sorted(tags.ids)
    env.invalidate_all()
    rows = _db_rows(env, 'test_orm_tag', tags.ids, ['name', 'color'])
    assert [rows[tid] for tid in tags.ids] == [(n, i) for i, n in enumerate(names)]


def test_mixed_column_sets_in_one_call(env):
    """Rows setting different columns are inserted per column set; each record keeps its values."""
    vals = [{'name': 'Batch Mix A', 'color': 1}, {'name': 'Batch Mix B'}, {'name': 'Batch Mix C', 'color': 3},
            {'name': 'Batch Mix D'}, {'color': 5, 'name': 'Batch Mix E'}]
    with Statements(env) as st:
        tags = env['test.orm.tag'].create(vals)
    assert len(st.inserts('test_orm_tag')) == 2   # {name, color} (key order does not matter) and {name}
    assert tags.mapped('name') == ['Batch Mix %s' % c for c in 'ABCDE']
    env.invalidate_all()
    rows = _db_rows(env, 'test_orm_tag', tags.ids, ['name', 'color'])
    assert [rows[tid] for tid in tags.ids] == [
        ('Batch Mix A', 1), ('Batch Mix B', None), ('Batch Mix C', 3), ('Batch Mix D', None), ('Batch Mix E', 5)]
    assert tags.mapped('color') == [1, 0, 3, 0, 5]


def test_inherits_children_and_parents_are_batched(env):
    """Employees delegating to persons: one INSERT for the persons, one for the employees,
    each employee linked to the person made from its own values."""
    vals = [{'name': 'Batch Emp %d' % i, 'age': 20 + i, 'badge': 'B%d' % i} for i in range(6)]
    with Statements(env) as st:
        employees = env['test.orm.employee'].create(vals)
    assert len(st.inserts('test_orm_person')) == 1
    assert len(st.inserts('test_orm_employee')) == 1
    env.invalidate_all()
    assert [(e.name, e.age, e.badge) for e in employees] == [(v['name'], v['age'], v['badge']) for v in vals]
    assert len(employees.mapped('person_id')) == 6
    # computed fields of the parents were computed from each parent's own name
    assert employees.mapped('person_id.name_upper') == [v['name'].upper() for v in vals]


def test_existing_parent_and_new_parents_in_one_batch(env):
    person = env['test.orm.person'].create({'name': 'Batch Existing'})
    employees = env['test.orm.employee'].create([
        {'name': 'Batch New 1', 'badge': 'N1'}, {'person_id': person.id, 'badge': 'E'},
        {'name': 'Batch New 2', 'badge': 'N2'}])
    env.invalidate_all()
    assert employees.mapped('name') == ['Batch New 1', 'Batch Existing', 'Batch New 2']
    assert employees[1].person_id == person


def test_a_unique_violation_in_the_middle_rolls_the_whole_create_back(env):
    """A duplicate name in the middle of a batch: IntegrityError naming the constraint, and none of
    the batch's rows exists afterwards; the message is the constraint's own."""
    env['test.orm.tag'].create({'name': 'Batch Dup'})
    vals = [{'name': 'Batch Roll %d' % i} for i in range(3)] + [{'name': 'Batch Dup'}] + \
           [{'name': 'Batch Roll %d' % i, 'color': 2} for i in range(3, 6)]
    with pytest.raises(psycopg2.IntegrityError) as info:
        with env.cr.savepoint(), mute_logger('flectra.sql_db'):
            env['test.orm.tag'].create(vals)
    exc = info.value
    name = getattr(exc, 'constraint', None) or exc.diag.constraint_name
    assert name == 'test_orm_tag_name_uniq'
    error = _integrity_error(env.cr.backend, env.cr.dbname, exc, {'lang': 'en_US'})
    assert isinstance(error, ValidationError)
    assert 'Tag names must be unique.' in str(error)
    env.invalidate_all()
    assert not env['test.orm.tag'].search([('name', 'like', 'Batch Roll')])
    assert env['test.orm.tag'].search_count([('name', '=', 'Batch Dup')]) == 1


def test_a_duplicate_inside_the_batch_itself_is_refused(env):
    with pytest.raises(psycopg2.IntegrityError):
        with env.cr.savepoint(), mute_logger('flectra.sql_db'):
            env['test.orm.tag'].create([{'name': 'Batch Twice'}, {'name': 'Batch Other'}, {'name': 'Batch Twice'}])
    env.invalidate_all()
    assert not env['test.orm.tag'].search([('name', 'in', ['Batch Twice', 'Batch Other'])])


def test_large_batches_are_split_and_keep_their_order(env):
    """More rows than one statement takes: several INSERTs, ids still in the order of the values."""
    count = env['test.orm.tag']._INSERT_BATCH_ROWS + 7
    names = ['Batch Big %04d' % (count - i) for i in range(count)]
    with Statements(env) as st:
        tags = env['test.orm.tag'].create([{'name': n} for n in names])
    assert len(st.inserts('test_orm_tag')) == 2
    env.invalidate_all()
    rows = _db_rows(env, 'test_orm_tag', tags.ids, ['name'])
    assert [rows[tid][0] for tid in tags.ids] == names
    assert tags.ids == sorted(tags.ids)


def test_new_lines_of_a_batch_are_created_together(env):
    """(0, 0, vals) lines of several new orders: one INSERT for all lines, each line on its own
    order in command order, and the orders' stored totals computed from their own lines."""
    tag = env['test.orm.tag'].create({'name': 'Batch Lines Tag'})
    vals = [{'name': 'Batch Lines %d' % i,
             'line_ids': [(0, 0, {'label': 'L%d-%d' % (i, j), 'amount': 10.0 * (i + 1) + j}) for j in range(3)]}
            for i in range(4)]
    vals[2]['tag_ids'] = [(4, tag.id)]   # other x2many values are written as before
    with Statements(env) as st:
        orders = env['test.orm.order'].create(vals)
    assert len(st.inserts('test_orm_line')) == 1
    env.invalidate_all()
    for i, order in enumerate(orders):
        assert order.line_ids.sorted('id').mapped('label') == ['L%d-%d' % (i, j) for j in range(3)]
        assert order.total == sum(10.0 * (i + 1) + j for j in range(3))
    assert orders[2].tag_ids == tag and not orders[1].tag_ids


def test_lines_mixing_commands_keep_their_meaning(env):
    """A record whose commands are not only (0, 0, vals) is written command by command."""
    order = env['test.orm.order'].create({'name': 'Batch Old Order', 'line_ids': [(0, 0, {'label': 'moved'})]})
    moved = order.line_ids
    new = env['test.orm.order'].create([
        {'name': 'Batch Mixed', 'line_ids': [(0, 0, {'label': 'fresh'}), (4, moved.id)]},
        {'name': 'Batch Plain', 'line_ids': [(0, 0, {'label': 'plain'})]}])
    env.invalidate_all()
    assert sorted(new[0].line_ids.mapped('label')) == ['fresh', 'moved']
    assert new[1].line_ids.mapped('label') == ['plain']
    assert not order.line_ids
