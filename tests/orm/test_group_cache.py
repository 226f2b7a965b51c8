"""A user's groups are cached across transactions (res.users._get_group_ids, bench W6) under
the database's cache token: a change to a user's groups, to a group's members or to implied
groups is seen by the next call, in the same transaction and in other transactions (another
process reads the same token), and a rolled-back change is forgotten."""
import logging

import pytest

from flectra.tests import new_test_user


@pytest.fixture
def user(env):
    return new_test_user(env, login='group_cache_user', groups='base.group_user')


def groups_of(env, user_id):
    """The user's groups as a fresh request would see them (the transaction's own memo dropped)."""
    env.transaction.__dict__.pop('group_cache', None)
    return env['res.users'].browse(user_id)._get_group_ids()


def test_membership_changes_are_seen_by_the_next_call(env, user):
    manager = env.ref('test_orm_a.group_a_manager')
    assert manager.id not in groups_of(env, user.id)
    user.write({'groups_id': [(4, manager.id)]})
    assert manager.id in groups_of(env, user.id)
    manager.write({'users': [(3, user.id)]})
    assert manager.id not in groups_of(env, user.id)
    manager.write({'users': [(4, user.id)]})
    assert manager.id in groups_of(env, user.id)


def test_implied_groups_changes_are_seen(env, user):
    extra = env['res.groups'].create({'name': 'group cache extra'})
    assert extra.id not in groups_of(env, user.id)
    env.ref('base.group_user').write({'implied_ids': [(4, extra.id)]})
    assert extra.id in groups_of(env, user.id)


def test_a_rolled_back_change_is_forgotten(env, user):
    manager = env.ref('test_orm_a.group_a_manager')
    assert manager.id not in groups_of(env, user.id)
    with pytest.raises(RuntimeError):
        with env.cr.savepoint():
            user.write({'groups_id': [(4, manager.id)]})
            assert manager.id in groups_of(env, user.id)
            raise RuntimeError('roll back')
    env.invalidate_all()
    assert manager.id not in groups_of(env, user.id)
    assert not user.with_user(user).has_group('test_orm_a.group_a_manager')


def test_a_committed_change_reaches_other_transactions(env, user, in_transaction):
    """Another cursor (as another process would) changes the groups: the next transaction sees it."""
    user_id = user.id
    manager_id = env.ref('test_orm_a.group_a_manager').id
    env.cr.commit()    # the user, for the other transactions

    def has_manager(e):
        return e['res.users'].browse(user_id).with_user(user_id).has_group('test_orm_a.group_a_manager')

    try:
        assert in_transaction(has_manager) is False     # cached under the current token
        env.cr.rollback()
        assert has_manager(env) is False                # cached in this process, this cursor too
        env.cr.rollback()
        in_transaction(lambda e: e['res.groups'].browse(manager_id).write({'users': [(4, user_id)]}))
        assert in_transaction(has_manager) is True
        env.cr.rollback()
        assert has_manager(env) is True
        env.cr.rollback()
        in_transaction(lambda e: e['res.users'].browse(user_id).write({'groups_id': [(3, manager_id)]}))
        assert in_transaction(has_manager) is False
        env.cr.rollback()
        assert has_manager(env) is False
    finally:
        env.cr.rollback()
        in_transaction(lambda e: e['res.users'].browse(user_id).unlink())


def test_the_next_transaction_reads_no_groups_again(env, caplog):
    """The point of the cache: a transaction under the same token runs no group query."""
    admin_id = env.ref('base.user_admin').id
    env.cr.rollback()                     # a transaction that changed nothing
    first = groups_of(env, admin_id)
    env.cr.rollback()
    with caplog.at_level(logging.DEBUG, logger='fazhi.sql_db'):
        again = groups_of(env, admin_id)
    assert again == first and env.ref('base.group_user').id in again
    assert not [r for r in caplog.records if 'res_groups' in r.getMessage()]
