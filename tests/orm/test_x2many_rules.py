"""An x2many read as a user names only the related records that user may read (issue 11 item 9).

As Flectra's x2many read, which searches the comodel as the reading user: the lines of an order
(one2many) and its tags (many2many) under a read rule of a group "restricted" that hides the ones
labelled "hidden". The value the superuser fetched is in the cache shared by every environment of
the transaction; no other user gets it as it is, whichever reads first.
"""
import pytest

from flectra.tests import new_test_user

from fazhi.testing.statements import Statements


@pytest.fixture
def restricted(env):
    """A user of test_orm_a whose group's rules hide lines and tags named "hidden"."""
    group = env['res.groups'].create({'name': 'X2many restricted'})
    for model, field in (('test.orm.line', 'label'), ('test.orm.tag', 'name')):
        env['ir.rule'].create({'name': 'no hidden %s' % model, 'model_id': env['ir.model']._get_id(model),
                               'domain_force': "[('%s', 'not ilike', 'hidden')]" % field,
                               'groups': [(4, group.id)], 'perm_read': True, 'perm_write': False,
                               'perm_create': False, 'perm_unlink': False})
    user = new_test_user(env, login='x2m_restricted', groups='test_orm_a.group_a_user')
    user.write({'groups_id': [(4, group.id)]})
    return user


@pytest.fixture
def free(env):
    """A user of test_orm_a with no rule on lines or tags."""
    return new_test_user(env, login='x2m_free', groups='test_orm_a.group_a_user')


@pytest.fixture
def order(env):
    tags = env['test.orm.tag'].create([{'name': 'X2m shown tag'}, {'name': 'X2m hidden tag'}])
    return env['test.orm.order'].create({
        'name': 'X2m order', 'tag_ids': [(6, 0, tags.ids)],
        'line_ids': [(0, 0, {'label': 'shown line', 'sequence': 1}),
                     (0, 0, {'label': 'hidden line', 'sequence': 2}),
                     (0, 0, {'label': 'shown again', 'sequence': 3})]})


def _names(records, field):
    return records.mapped(field)


def test_user_reads_only_the_lines_and_tags_they_may_read(env, order, restricted):
    env.invalidate_all()
    mine = order.with_user(restricted)
    assert _names(mine.line_ids, 'label') == ['shown line', 'shown again']
    assert _names(mine.tag_ids, 'name') == ['X2m shown tag']
    [row] = mine.read(['line_ids', 'tag_ids'])
    assert row['line_ids'] == mine.line_ids.ids and len(row['line_ids']) == 2
    assert row['tag_ids'] == mine.tag_ids.ids and len(row['tag_ids']) == 1
    # the superuser, and the user in sudo, still see every line and tag
    assert _names(order.line_ids, 'label') == ['shown line', 'hidden line', 'shown again']
    assert len(mine.sudo().tag_ids) == 2


@pytest.mark.parametrize('first', ['superuser', 'free user'])
def test_a_value_fetched_for_another_environment_is_not_handed_over(env, order, restricted, free, first):
    """The superuser (or a user without the rule) reads first, in the same transaction."""
    env.invalidate_all()
    reader = order if first == 'superuser' else order.with_user(free)
    assert len(reader.line_ids) == 3 and len(reader.tag_ids) == 2
    assert len(reader.read(['line_ids'])[0]['line_ids']) == 3
    mine = order.with_user(restricted)
    assert 'hidden line' not in _names(mine.line_ids, 'label')
    assert mine.read(['line_ids', 'tag_ids'])[0]['line_ids'] == mine.line_ids.ids
    assert len(mine.read(['tag_ids'])[0]['tag_ids']) == 1
    # and the other way round: the restricted user's value reaches no one else
    assert len(reader.line_ids) == 3 and len(reader.tag_ids) == 2


def test_restricted_user_first_then_the_others(env, order, restricted, free):
    env.invalidate_all()
    assert len(order.with_user(restricted).line_ids) == 2
    assert len(order.with_user(restricted).read(['tag_ids'])[0]['tag_ids']) == 1
    assert len(order.with_user(free).line_ids) == 3
    assert len(order.with_user(free).read(['tag_ids'])[0]['tag_ids']) == 2
    assert len(order.line_ids) == 3


def test_a_change_of_the_related_record_shows_at_the_next_read(env, order, restricted):
    mine = order.with_user(restricted)
    assert len(mine.line_ids) == 2
    hidden = order.line_ids.filtered(lambda line: line.label == 'hidden line')
    hidden.write({'label': 'now shown'})   # e.g. a draft issued: the rule lets the user read it now
    assert 'now shown' in _names(mine.line_ids, 'label')
    order.line_ids[0].write({'label': 'hidden now'})
    assert 'hidden now' not in _names(mine.line_ids, 'label')
    env['test.orm.line'].create({'label': 'new hidden', 'order_id': order.id})
    env['test.orm.line'].create({'label': 'new shown', 'order_id': order.id})
    labels = _names(mine.line_ids, 'label')
    assert 'new shown' in labels and 'new hidden' not in labels


def test_export_style_names_and_prefetch_batches(env, restricted, order):
    """Many orders read together: the names a list export shows, in as many queries as for the
    superuser (one per x2many for the whole batch)."""
    orders = order | env['test.orm.order'].create([{
        'name': 'X2m batch %d' % i,
        'line_ids': [(0, 0, {'label': 'shown %d' % i}), (0, 0, {'label': 'hidden %d' % i})]} for i in range(5)])
    env.invalidate_all()
    with Statements(env) as as_admin:
        all_names = [', '.join(o.line_ids.mapped('display_name')) for o in orders]
    assert any('hidden' in names for names in all_names)
    mine = orders.with_user(restricted)
    mine.check_access_rights('read')   # the ACL and rules known to the transaction, as in a request
    env['ir.rule'].with_user(restricted)._compute_domain('test.orm.line', 'read')
    env.invalidate_all()
    with Statements(env) as as_user:
        names = [', '.join(o.line_ids.mapped('display_name')) for o in mine]
    assert not any('hidden' in n for n in names)
    assert names[1:] == ['shown %d' % i for i in range(5)]
    # the lines of all six orders in one search, with the user's rule in it
    searches = [[q for q in st.sql if 'FROM "test_orm_line"' in q and '"order_id" IN' in q]
                for st in (as_admin, as_user)]
    assert [len(found) for found in searches] == [1, 1]
    assert 'ilike' in searches[1][0].lower() or 'like' in searches[1][0].lower()
    assert len(as_user.sql) <= len(as_admin.sql)


def test_writing_the_visible_tags_keeps_the_hidden_ones(env, order, restricted):
    """A form sends (6, 0, ids) of the tags it shows: links the user cannot see stay, as in Flectra."""
    mine = order.with_user(restricted)
    extra = env['test.orm.tag'].create({'name': 'X2m extra tag'})
    mine.write({'tag_ids': [(6, 0, mine.tag_ids.ids + [extra.id])]})
    assert sorted(order.tag_ids.mapped('name')) == ['X2m extra tag', 'X2m hidden tag', 'X2m shown tag']
    mine.write({'tag_ids': [(5, 0, 0)]})
    assert order.tag_ids.mapped('name') == ['X2m hidden tag']
    assert not mine.tag_ids


def test_delegated_x2many_reads_the_parent_as_the_user(env, restricted):
    """An ``_inherits`` child's x2many is its parent's, read as the user (not sudo): res.users
    delegates child_ids to its partner."""
    group = env['res.groups'].search([('name', '=', 'X2many restricted')])
    env['ir.rule'].create({'name': 'no hidden contacts', 'model_id': env['ir.model']._get_id('res.partner'),
                           'domain_force': "['|', ('name', 'not ilike', 'hidden'), ('id', '=', user.partner_id.id)]",
                           'groups': [(4, group.id)], 'perm_read': True, 'perm_write': False,
                           'perm_create': False, 'perm_unlink': False})
    env['res.partner'].create([{'name': 'X2m hidden contact', 'parent_id': restricted.partner_id.id},
                               {'name': 'X2m shown contact', 'parent_id': restricted.partner_id.id}])
    env.invalidate_all()
    assert len(restricted.child_ids) == 2   # superuser, through the delegation
    mine = restricted.with_user(restricted)
    assert mine.child_ids.mapped('name') == ['X2m shown contact']
    assert mine.read(['child_ids'])[0]['child_ids'] == mine.child_ids.ids
    assert len(restricted.child_ids) == 2


# ---------------------------------------------------------------- export_data (Flectra's export)

def test_export_data_paths_rows_and_ids(env, order):
    """A relation's subfields: the first related record on the record's row, the others on rows
    after it; many2many names in one cell (import-compatible); '.id' and 'id' (made if missing)."""
    partner = env['res.partner'].create({'name': 'X2m customer'})
    order.write({'partner_id': partner.id})
    datas = order.export_data(['name', 'partner_id', 'partner_id/name', 'line_ids/label', 'line_ids/sequence',
                               'tag_ids', '.id', 'id'])['datas']
    assert datas[0][:5] == ['X2m order', 'X2m customer', 'X2m customer', 'shown line', 1]
    assert datas[0][5] == ','.join(order.tag_ids.mapped('name')) and len(datas[0][5].split(',')) == 2
    assert datas[0][6] == order.id
    xml_id = datas[0][7]
    assert xml_id.startswith('__export__.test_orm_order_%d_' % order.id)
    assert env.ref(xml_id) == order
    assert order.export_data(['id'])['datas'] == [[xml_id]]   # the same one next time
    assert [row[3:5] for row in datas[1:]] == [['hidden line', 2], ['shown again', 3]]
    assert all(row[:3] == ['', '', ''] for row in datas[1:])
    # Flectra's spellings of the id paths
    assert order.export_data(['partner_id.id', 'partner_id:id'])['datas'][0][0] == partner.id


def test_export_data_as_a_user_names_only_what_they_may_read(env, order, restricted):
    env.invalidate_all()
    order.export_data(['line_ids', 'tag_ids'])   # the superuser's values in the shared cache first
    mine = order.with_user(restricted)
    datas = mine.export_data(['name', 'tag_ids', 'line_ids/label'])['datas']
    assert datas == [['X2m order', 'X2m shown tag', 'shown line'], ['', '', 'shown again']]
    [[names]] = mine.with_context(import_compat=False).export_data(['tag_ids/name'])['datas']
    assert names == 'X2m shown tag'
    assert 'hidden' not in repr(mine.export_data(['line_ids', 'tag_ids/id'])['datas'])


def test_export_data_refuses_bad_input_in_the_users_language(env, order, restricted):
    from flectra.exceptions import AccessError, UserError
    zh = order.with_context(lang='zh_CN')
    with pytest.raises(UserError, match='没有字段'):
        zh.export_data(['no_such_field'])
    with pytest.raises(UserError, match='字段名列表'):
        zh.export_data('name')
    with pytest.raises(UserError, match='字段名列表'):
        zh.export_data(['line_ids//label'])
    # a field of a group the user lacks, and a record outside their rules
    with pytest.raises(AccessError):
        order.with_user(restricted).export_data(['secret_note'])
    hidden = order.line_ids.filtered(lambda line: line.label == 'hidden line')
    with pytest.raises(AccessError):
        hidden.with_user(restricted).export_data(['label'])
