"""Record-rule domains are cached across transactions (ir.rule._compute_domain, bench W6):
a change to a rule, to a rule's groups or to a user's groups is seen by the next call, in the
same transaction and in other transactions (other processes read the same cache token)."""
import pytest

from flectra.tests import new_test_user


@pytest.fixture
def user(env):
    return new_test_user(env, login='rule_cache_user', groups='test_orm_a.group_a_user')


@pytest.fixture
def docs(env, user):
    Doc = env['test.orm.rule.doc']
    return {
        'own_low': Doc.create({'name': 'own low', 'owner_id': user.id, 'level': 1}),
        'own_high': Doc.create({'name': 'own high', 'owner_id': user.id, 'level': 150}),
        'other_low': Doc.create({'name': 'other low', 'owner_id': env.user.id}),
    }


def visible(docs, user):
    ids = [d.id for d in docs.values()]
    found = set(docs['own_low'].env['test.orm.rule.doc'].with_user(user).search([('id', 'in', ids)]).ids)
    return {key for key, doc in docs.items() if doc.id in found}


def new_transaction(env):
    """End the test's transaction (rolled back) and start another one on the same cursor."""
    env.cr.rollback()


def test_a_rule_change_is_seen_by_the_next_call(env, docs, user):
    """Changing the global rule's domain, then archiving it, changes the next search."""
    assert visible(docs, user) == {'own_low'}
    rule = env.ref('test_orm_a.rule_doc_global_level')
    rule.domain_force = "[('level', '<', 1000)]"
    assert visible(docs, user) == {'own_low', 'own_high'}
    rule.active = False
    assert visible(docs, user) == {'own_low', 'own_high'}
    env['ir.rule'].create({'name': 'only low', 'model_id': env['ir.model']._get_id('test.orm.rule.doc'),
                           'domain_force': "[('level', '<', 10)]"})
    assert visible(docs, user) == {'own_low'}


def test_rule_groups_and_user_groups_changes_are_seen(env, docs, user):
    """A group rule given to another group stops applying; a user who leaves the group loses it."""
    group_user = env.ref('test_orm_a.group_a_user')
    assert visible(docs, user) == {'own_low'}
    own_rules = group_user.rule_groups.filtered(lambda r: r.model_id.model == 'test.orm.rule.doc')
    assert own_rules
    # no group rule of the user applies any more: only the global rule restricts
    group_user.write({'rule_groups': [(3, rule.id) for rule in own_rules]})
    own_rules.write({'groups': [(4, env.ref('test_orm_a.group_a_manager').id)]})
    assert visible(docs, user) == {'own_low', 'other_low'}


def test_a_committed_rule_change_reaches_other_transactions(env, docs, user, in_transaction):
    """Another transaction (as another process would) commits a change: the next one sees it."""
    rule_id = env.ref('test_orm_a.rule_doc_global_level').id
    docs_ids = {key: doc.id for key, doc in docs.items()}
    user_id = user.id
    env.cr.commit()    # the documents and the user, for the other transactions

    def seen(e):
        records = {key: e['test.orm.rule.doc'].browse(rid) for key, rid in docs_ids.items()}
        return visible(records, e['res.users'].browse(user_id))

    def set_domain(domain):
        return lambda e: e['ir.rule'].browse(rule_id).write({'domain_force': domain})

    original = env['ir.rule'].browse(rule_id).domain_force
    try:
        assert in_transaction(seen) == {'own_low'}
        in_transaction(set_domain("[('level', '<', 1000)]"))
        assert in_transaction(seen) == {'own_low', 'own_high'}
        new_transaction(env)
        assert seen(env) == {'own_low', 'own_high'}
    finally:
        in_transaction(set_domain(original))
        in_transaction(lambda e: e['test.orm.rule.doc'].browse(list(docs_ids.values())).unlink())
        in_transaction(lambda e: e['res.users'].browse(user_id).unlink())
    assert in_transaction(lambda e: e['ir.rule'].browse(rule_id).domain_force) == original


def test_a_rolled_back_rule_change_is_forgotten(env, docs, user):
    """Domains computed from a rule change that is then rolled back are not used afterwards."""
    rule = env.ref('test_orm_a.rule_doc_global_level')
    assert visible(docs, user) == {'own_low'}
    with pytest.raises(RuntimeError):
        with env.cr.savepoint():
            rule.domain_force = "[(0, '=', 1)]"
            assert visible(docs, user) == set()
            raise RuntimeError('roll back')
    assert rule.domain_force != "[(0, '=', 1)]"
    assert visible(docs, user) == {'own_low'}
