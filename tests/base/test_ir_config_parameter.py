"""ir.config_parameter: database-wide key/value settings, for Settings users only."""
import psycopg2
import pytest

from flectra.exceptions import AccessError
from flectra.tests import new_test_user


def test_get_missing_returns_default(env):
    Param = env['ir.config_parameter']
    assert Param.get_param('fazhi.test.missing') is False
    assert Param.get_param('fazhi.test.missing', 'fallback') == 'fallback'


def test_set_get_update_delete(env):
    """set_param returns the old value; False or None deletes the parameter."""
    Param = env['ir.config_parameter']
    assert Param.set_param('fazhi.test.key', 'one') is False
    assert Param.get_param('fazhi.test.key') == 'one'
    assert Param.set_param('fazhi.test.key', 'two') == 'one'
    assert Param.get_param('fazhi.test.key') == 'two'
    assert Param.set_param('fazhi.test.key', False) == 'two'
    assert Param.get_param('fazhi.test.key') is False
    assert not Param.search([('key', '=', 'fazhi.test.key')])
    Param.set_param('fazhi.test.key', 'three')
    Param.set_param('fazhi.test.key', None)
    assert Param.get_param('fazhi.test.key', 'gone') == 'gone'


def test_values_are_stored_as_strings(env):
    Param = env['ir.config_parameter']
    Param.set_param('fazhi.test.number', 42)
    assert Param.get_param('fazhi.test.number') == '42'


def test_key_is_unique(env):
    Param = env['ir.config_parameter']
    Param.create({'key': 'fazhi.test.unique', 'value': 'a'})
    with pytest.raises(psycopg2.IntegrityError):
        with env.cr.savepoint():
            Param.create({'key': 'fazhi.test.unique', 'value': 'b'})


def test_only_settings_users_access_parameters(env):
    """Internal users get AccessError; code acting for them reads through sudo()."""
    env['ir.config_parameter'].set_param('fazhi.test.secret', 's3cret')
    user = new_test_user(env, login='param_user', groups='base.group_user')
    Param = env['ir.config_parameter'].with_user(user)
    with pytest.raises(AccessError):
        Param.get_param('fazhi.test.secret')
    with pytest.raises(AccessError):
        Param.set_param('fazhi.test.secret', 'changed')
    assert Param.sudo().get_param('fazhi.test.secret') == 's3cret'
    admin = new_test_user(env, login='param_admin', groups='base.group_user,base.group_system')
    assert env['ir.config_parameter'].with_user(admin).get_param('fazhi.test.secret') == 's3cret'


def test_init_creates_default_parameters_once(env):
    Param = env['ir.config_parameter']
    Param.init()
    uuid = Param.get_param('database.uuid')
    assert uuid and Param.get_param('database.secret')
    Param.init()
    assert Param.get_param('database.uuid') == uuid
