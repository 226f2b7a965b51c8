"""Logging in: passwords, API keys, lock-out after repeated failures (AUTH-3, AUTH-5, AUTH-7)."""
import datetime

import pytest

from flectra.exceptions import AccessDenied
from flectra.tests import new_test_user

from fazhi.tools import clock
from fazhi.tools import password as passwords


@pytest.fixture
def user(env):
    return new_test_user(env, login='auth_user', groups='base.group_user', password='Right-pass-1')


@pytest.fixture
def kdf_calls(monkeypatch):
    calls = []
    original = passwords._pbkdf2

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)
    monkeypatch.setattr(passwords, '_pbkdf2', counting)
    return calls


def test_auth_login_with_the_right_password(env, user):
    assert env['res.users']._login('auth_user', 'Right-pass-1') == user.id
    assert env['res.users.log'].search([('user_id', '=', user.id), ('outcome', '=', 'success')])


def test_auth_3_account_locks_after_five_failures_and_unlocks_after_30_minutes(env, user):
    Users = env['res.users']
    for _ in range(5):
        with pytest.raises(AccessDenied):
            Users._login('auth_user', 'wrong')
    with pytest.raises(AccessDenied):
        Users._login('auth_user', 'Right-pass-1')   # locked: even the right password is refused
    assert env['res.users.log'].search_count([('user_id', '=', user.id), ('outcome', '=', 'locked')]) >= 1
    clock.set_offset(31 * 60)
    assert Users._login('auth_user', 'Right-pass-1') == user.id


def test_auth_3_admin_unlock(env, user):
    for _ in range(5):
        with pytest.raises(AccessDenied):
            env['res.users']._login('auth_user', 'wrong')
    user.action_unlock()
    assert env['res.users']._login('auth_user', 'Right-pass-1') == user.id


def test_auth_3_success_resets_the_failure_count(env, user):
    for _ in range(4):
        with pytest.raises(AccessDenied):
            env['res.users']._login('auth_user', 'wrong')
    env['res.users']._login('auth_user', 'Right-pass-1')
    for _ in range(4):
        with pytest.raises(AccessDenied):
            env['res.users']._login('auth_user', 'wrong')
    assert env['res.users']._login('auth_user', 'Right-pass-1') == user.id


def test_auth_5_unknown_login_and_wrong_password_cost_one_kdf_each(env, user, kdf_calls):
    with pytest.raises(AccessDenied) as unknown:
        env['res.users']._login('nobody_here', 'whatever')
    assert len(kdf_calls) == 1
    with pytest.raises(AccessDenied) as wrong:
        env['res.users']._login('auth_user', 'whatever')
    assert len(kdf_calls) == 2
    assert str(unknown.value) == str(wrong.value) == 'Access Denied'


def test_repeated_rpc_checks_skip_the_kdf_until_the_password_changes(env, user, kdf_calls):
    Users = env['res.users']
    Users._check_uid_password(user.id, 'Right-pass-1')
    first = len(kdf_calls)
    Users._check_uid_password(user.id, 'Right-pass-1')
    assert len(kdf_calls) == first          # served from the per-process credential cache
    user.password = 'Other-pass-2'
    with pytest.raises(AccessDenied):
        Users._check_uid_password(user.id, 'Right-pass-1')
    Users._check_uid_password(user.id, 'Other-pass-2')


def test_deactivated_user_is_refused(env, user):
    env['res.users']._check_uid_password(user.id, 'Right-pass-1')
    user.active = False
    with pytest.raises(AccessDenied):
        env['res.users']._check_uid_password(user.id, 'Right-pass-1')


def test_auth_7_api_keys(env, user):
    Keys = env['res.users.apikeys'].with_user(user)
    with pytest.raises(AccessDenied):
        Keys._generate('script', 'not-my-password')        # creating one needs re-authentication
    key = Keys._generate('script', 'Right-pass-1')
    env['res.users']._check_uid_password(user.id, key)       # usable in place of the password
    row = env['res.users.apikeys'].search([('user_id', '=', user.id)])
    assert key not in (row.key_hash or '') and row.index == key[:8]
    other = new_test_user(env, login='auth_other', groups='base.group_user')
    with pytest.raises(AccessDenied):
        env['res.users']._check_uid_password(other.id, key)  # owner only
    row.unlink()
    with pytest.raises(AccessDenied):
        env['res.users']._check_uid_password(user.id, key)


def test_auth_7_expired_api_key_is_refused(env, user):
    key = env['res.users.apikeys'].with_user(user)._generate('tmp', 'Right-pass-1')
    env['res.users.apikeys'].search([('user_id', '=', user.id)]).expiration_date = \
        clock.now() + datetime.timedelta(days=1)
    env['res.users']._check_uid_password(user.id, key)
    clock.set_offset(2 * 24 * 3600)
    with pytest.raises(AccessDenied):
        env['res.users']._check_uid_password(user.id, key)


def test_password_is_never_stored_in_clear(env, user):
    env.cr.execute("SELECT password FROM res_users WHERE id = %s", [user.id])
    stored = env.cr.fetchone()[0]
    assert stored.startswith('$pbkdf2-sha512$') and 'Right-pass-1' not in stored
    assert user.password == ''
