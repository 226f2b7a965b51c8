"""Query shape of ``search_read`` (bench W4, issue 7): the requested columns come with the
search's own query (``search_fetch``), many2one names in one query per target model, and the
result is what ``read`` gives."""

from fazhi.testing.statements import Statements


def test_search_read_fetches_the_columns_with_the_search(env):
    order = env['test.orm.order'].create({'name': 'Fetch Order'})
    env['test.orm.line'].create([{'label': 'Fetch %04d' % i, 'amount': i, 'order_id': order.id}
                                 for i in range(1200)])
    env.invalidate_all()
    domain = [('label', 'like', 'Fetch ')]
    fields = ['label', 'amount', 'order_id']
    with Statements(env) as st:
        rows = env['test.orm.line'].search_read(domain, fields, order='amount desc')
    line_queries = [q for q in st.sql if 'FROM "test_orm_line"' in q]
    assert len(line_queries) == 1 and '"label"' in line_queries[0]
    assert len([q for q in st.sql if 'FROM "test_orm_order"' in q]) == 1   # the order names, once
    assert [r['amount'] for r in rows] == [float(i) for i in reversed(range(1200))]
    env.invalidate_all()
    lines = env['test.orm.line'].search(domain, order='amount desc')
    assert rows == lines.read(fields)
    assert rows[0]['order_id'] == (order.id, 'Fetch Order')


def test_search_fetch_keeps_values_already_in_the_cache(env):
    tag = env['test.orm.tag'].create({'name': 'Fetch Cached'})
    env.cache.set(env['test.orm.tag']._fields['color'], tag.id, 7)   # e.g. set by a compute just now
    env['test.orm.tag'].search_fetch([('id', '=', tag.id)], ['name', 'color'])
    assert tag.color == 7


def test_search_read_of_nothing_and_of_all_fields(env):
    assert env['test.orm.tag'].search_read([('name', '=', 'Fetch Nobody')], ['name']) == []
    tag = env['test.orm.tag'].create({'name': 'Fetch All', 'color': 3})
    env.invalidate_all()
    [row] = env['test.orm.tag'].search_read([('id', '=', tag.id)])
    env.invalidate_all()
    assert row == tag.read()[0]
