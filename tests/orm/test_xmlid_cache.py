"""xml-id look-ups (``env.ref``, ``has_group``) cached across transactions (bench W1, issue 7)
under the database's cache token: every change of ir.model.data (create, write, unlink, the
loader's re-registration, the deletion of a record that has an xml id) is seen by the next
look-up, in this transaction and in others, and a rolled-back change is forgotten."""
import pytest


def lookups(env, func):
    """The result of ``func()`` and the number of ir_model_data queries it ran."""
    seen = []
    original = env.cr.execute

    def execute(query, params=None, log_exceptions=True):
        if 'ir_model_data' in query:
            seen.append(query)
        return original(query, params, log_exceptions)
    env.cr.execute = execute
    try:
        return func(), len(seen)
    finally:
        env.cr.execute = original


def test_a_repeated_lookup_does_not_query(env):
    env.cr.rollback()   # a transaction that has changed nothing shares the cache
    first, _n = lookups(env, lambda: env.ref('base.group_user'))
    again, queries = lookups(env, lambda: env.ref('base.group_user'))
    assert again == first and queries == 0
    env.cr.rollback()   # a new transaction: still cached
    _has, queries = lookups(env, lambda: env.user.has_group('base.group_user'))
    assert queries == 0


def test_changes_are_seen_by_the_next_lookup(env):
    tag = env['test.orm.tag'].create({'name': 'Xmlid Cache Tag'})
    other = env['test.orm.tag'].create({'name': 'Xmlid Cache Other'})
    Data = env['ir.model.data']
    assert env.ref('test_orm_a.xmlid_cache_tag', raise_if_not_found=False) is None
    data = Data.create({'module': 'test_orm_a', 'name': 'xmlid_cache_tag', 'model': 'test.orm.tag',
                        'res_id': tag.id})
    assert env.ref('test_orm_a.xmlid_cache_tag') == tag
    data.write({'res_id': other.id})
    assert env.ref('test_orm_a.xmlid_cache_tag') == other
    Data._register_xmlid('test_orm_a.xmlid_cache_tag', 'test.orm.tag', tag.id, False)   # the loader's path
    assert env.ref('test_orm_a.xmlid_cache_tag') == tag
    tag.unlink()   # deletes its xml id too
    assert Data._xmlid_to_res_id('test_orm_a.xmlid_cache_tag') is False
    Data._register_xmlid('test_orm_a.xmlid_cache_tag', 'test.orm.tag', other.id, False)
    assert env.ref('test_orm_a.xmlid_cache_tag') == other
    Data.search([('module', '=', 'test_orm_a'), ('name', '=', 'xmlid_cache_tag')]).unlink()
    assert env.ref('test_orm_a.xmlid_cache_tag', raise_if_not_found=False) is None


def test_a_rolled_back_change_is_forgotten(env):
    tag = env['test.orm.tag'].create({'name': 'Xmlid Rollback Tag'})
    assert env.ref('test_orm_a.xmlid_rollback', raise_if_not_found=False) is None
    with pytest.raises(RuntimeError):
        with env.cr.savepoint():
            env['ir.model.data'].create({'module': 'test_orm_a', 'name': 'xmlid_rollback',
                                         'model': 'test.orm.tag', 'res_id': tag.id})
            assert env.ref('test_orm_a.xmlid_rollback') == tag
            raise RuntimeError('roll back')
    env.invalidate_all()
    assert env.ref('test_orm_a.xmlid_rollback', raise_if_not_found=False) is None


def test_a_committed_change_reaches_other_transactions(env, in_transaction):
    """Another cursor (as another process would) adds and removes an xml id: seen at once."""
    def lookup(e):
        return e['ir.model.data']._xmlid_to_res_id('test_orm_a.xmlid_other_process')
    group_id = env.ref('base.group_user').id
    env.cr.rollback()
    try:
        assert lookup(env) is False                      # cached (negative) under the current token
        in_transaction(lambda e: e['ir.model.data'].create({
            'module': 'test_orm_a', 'name': 'xmlid_other_process', 'model': 'res.groups', 'res_id': group_id}))
        env.cr.rollback()
        assert lookup(env) == group_id
        assert in_transaction(lookup) == group_id
        in_transaction(lambda e: e['ir.model.data'].search([('name', '=', 'xmlid_other_process')]).unlink())
        env.cr.rollback()
        assert lookup(env) is False
    finally:
        env.cr.rollback()
        in_transaction(lambda e: e['ir.model.data'].search([('name', '=', 'xmlid_other_process')]).unlink())
