"""Query shapes found by the benchmarks (bench/, issue 7): delegated (_inherits) fields in domains,
read_group and read, names of many2one values, and the reverse lookups of stored computed fields."""
import datetime


def _employees(env):
    Employee = env['test.orm.employee']
    return [Employee.create({'name': 'QS %s' % name, 'age': age, 'badge': badge})
            for name, age, badge in (('Ann', 30, 'A'), ('Bo', 41, 'B'), ('Cy', 41, 'C'), ('Di', 55, None))]


def test_terms_on_delegated_fields_share_one_join(env):
    """Several terms on the parent's fields join the parent once (no sub-select per term)."""
    ann, bo, cy, di = _employees(env)
    Employee = env['test.orm.employee']
    domain = [('name', 'like', 'QS '), ('age', '>=', 41), ('age', '<', 50)]
    assert Employee.search(domain, order='id') == bo | cy
    sql, _params = Employee._search(domain).select('1')
    assert sql.count('JOIN') == 1
    assert 'IN (SELECT' not in sql


def test_negated_and_or_terms_on_delegated_fields(env):
    ann, bo, cy, di = _employees(env)
    Employee = env['test.orm.employee']
    mine = [('name', 'like', 'QS ')]
    assert Employee.search(mine + [('age', '!=', 41)], order='id') == ann | di
    assert Employee.search(mine + ['|', ('age', '=', 30), ('badge', '=', 'C')], order='id') == ann | cy
    assert Employee.search(mine + ['!', ('name', '=', 'QS Bo')], order='id') == ann | cy | di
    # a delegated term next to an own field, in either order
    assert Employee.search(mine + [('badge', '=', False), ('age', '=', 55)]) == di


def test_read_group_on_delegated_fields(env):
    """read_group groups and aggregates on fields stored on the _inherits parent."""
    _employees(env)
    Employee = env['test.orm.employee']
    groups = Employee.read_group([('name', 'like', 'QS ')], ['age'], ['age'], lazy=False)
    assert [(g['age'], g['__count']) for g in groups] == [(30, 1), (41, 2), (55, 1)]
    bo_groups = Employee.read_group([('name', 'like', 'QS '), ('age', '=', 41)], ['badge'], ['name', 'badge'],
                                    lazy=False)
    assert [(g['name'], g['badge'], g['__count']) for g in bo_groups] == [('QS Bo', 'B', 1), ('QS Cy', 'C', 1)]
    assert Employee.search(bo_groups[0]['__domain']).mapped('badge') == ['B']


def test_read_group_month_labels_and_domains_per_group(env):
    """A month shared by several groups gets the same label and its own correct domain."""
    Order = env['test.orm.order']
    for day, name in ((datetime.date(2025, 3, 3), 'QS m1'), (datetime.date(2025, 3, 20), 'QS m2'),
                      (datetime.date(2025, 4, 1), 'QS m3')):
        Order.create({'name': name, 'date_order': day})
    groups = Order.read_group([('name', 'like', 'QS m')], ['name'], ['name', 'date_order:month'], lazy=False)
    assert len(groups) == 3
    march = [g for g in groups if g['name'] in ('QS m1', 'QS m2')]
    assert march[0]['date_order:month'] == march[1]['date_order:month']
    for g in groups:
        assert Order.search(g['__domain']).mapped('name') == [g['name']]


def test_read_of_delegated_fields_fetches_the_parent(env):
    """read() returns the parent's values, also after the parent changed, and own fields."""
    ann, bo, cy, di = _employees(env)
    bo.person_id.write({'age': 42})
    env.invalidate_all()
    rows = (ann | bo | di).read(['name', 'age', 'badge', 'person_id'])
    assert [(r['name'], r['age'], r['badge']) for r in rows] == [('QS Ann', 30, 'A'), ('QS Bo', 42, 'B'),
                                                                  ('QS Di', 55, False)]
    assert rows[1]['person_id'] == (bo.person_id.id, 'QS Bo')


def test_many2one_names_are_read_together(env):
    """read() of many records names their many2one targets in one go, not one query per target."""
    persons = env['test.orm.person'].create([{'name': 'QS P%d' % i} for i in range(6)])
    employees = env['test.orm.employee'].create([{'person_id': p.id} for p in persons])
    env.invalidate_all()
    before = env.cr.sql_log_count
    rows = employees.read(['person_id'])
    assert [r['person_id'][1] for r in rows] == ['QS P%d' % i for i in range(6)]
    assert env.cr.sql_log_count - before < 6
