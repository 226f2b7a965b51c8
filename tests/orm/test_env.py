"""Environment (addon-api.md §1, §7.1): env.ref, env.user, context handling, unknown
models, environment switching, exception classes, _()."""
import pytest

import flectra
from flectra import SUPERUSER_ID, _
from flectra.exceptions import (AccessDenied, AccessError, MissingError, RedirectWarning,
                                UserError, ValidationError)


def test_ref_returns_the_record(env):
    """env.ref('module.name') returns the record of that xml id."""
    tag = env.ref('test_orm_a.tag_red')
    assert tag._name == 'test.orm.tag'
    assert tag.name == 'Red'


def test_ref_of_a_model_xml_id(env):
    """Model xml ids model_<model_underscored> point at ir.model records."""
    model = env.ref('test_orm_a.model_test_orm_tag')
    assert model._name == 'ir.model'
    assert model.model == 'test.orm.tag'


def test_ref_of_a_missing_xml_id_raises_value_error(env):
    """env.ref() of an unknown xml id raises ValueError."""
    with pytest.raises(ValueError):
        env.ref('test_orm_a.no_such_record')


def test_ref_without_raising_returns_none(env):
    """env.ref(..., raise_if_not_found=False) returns None."""
    assert env.ref('test_orm_a.no_such_record', raise_if_not_found=False) is None


def test_superuser_environment(env):
    """The test env runs as superuser: uid 1, su, user = base.user_root."""
    assert SUPERUSER_ID == 1
    assert env.uid == SUPERUSER_ID
    assert env.su
    assert env.is_superuser()
    assert env.user == env.ref('base.user_root')
    assert env.user._name == 'res.users'


def test_admin_user_xml_id(env):
    """base.user_admin is id 2 with login admin."""
    admin = env.ref('base.user_admin')
    assert admin.id == 2
    assert admin.login == 'admin'


def test_company(env):
    """env.company is the user's company (base.main_company here); env.companies contains it."""
    assert env.company == env.ref('base.main_company')
    assert env.company in env.companies


def test_unknown_model_raises_key_error(env):
    """env['no.such.model'] raises KeyError."""
    with pytest.raises(KeyError):
        env['test.orm.no.such.model']


def test_model_membership(env):
    """`name in env` tells whether a model exists."""
    assert 'test.orm.order' in env
    assert 'test.orm.no.such.model' not in env


def test_model_recordset_is_bound_to_env(env):
    """env[model].env is that environment."""
    assert env['test.orm.tag'].env is env


def test_with_context_keywords_update_the_context(env):
    """with_context(key=value) adds to the current context."""
    records = env['test.orm.tag'].with_context(alpha=1).with_context(beta=2)
    assert records.env.context['alpha'] == 1
    assert records.env.context['beta'] == 2


def test_with_context_dict_replaces_the_context(env):
    """with_context({...}) replaces the context."""
    records = env['test.orm.tag'].with_context(alpha=1).with_context({'beta': 2})
    assert 'alpha' not in records.env.context
    assert records.env.context['beta'] == 2


def test_with_context_does_not_change_the_original(env):
    """The original recordset keeps its context."""
    base = env['test.orm.tag']
    base.with_context(gamma=3)
    assert 'gamma' not in base.env.context


def test_context_is_immutable(env):
    """env.context cannot be modified in place."""
    with pytest.raises((TypeError, NotImplementedError, AttributeError)):
        env.context['x'] = 1


def test_env_call_builds_a_new_environment(env):
    """env(context=...), env(su=False) and env(user=...) build new environments."""
    ctx_env = env(context={'delta': 4})
    assert ctx_env.context.get('delta') == 4
    assert ctx_env.uid == env.uid
    # uid 1 is the superuser: its environments are always in superuser mode, as in Flectra
    assert env(su=False).su
    admin = env.ref('base.user_admin')
    admin_env = env(user=admin.id)
    assert admin_env.uid == admin.id
    assert admin_env.user == admin


def test_with_company(env):
    """with_company(c) sets env.company."""
    company = env.ref('base.main_company')
    assert env['test.orm.tag'].with_company(company).env.company == company


def test_sudo_keeps_the_context(env):
    """sudo() keeps the context."""
    records = env['test.orm.tag'].with_context(epsilon=5).sudo()
    assert records.env.context['epsilon'] == 5
    assert records.env.su


def test_exception_hierarchy():
    """ValidationError, AccessError, MissingError, AccessDenied are UserErrors; RedirectWarning is not."""
    for cls in (ValidationError, AccessError, MissingError, AccessDenied):
        assert issubclass(cls, UserError)
    assert not issubclass(RedirectWarning, UserError)
    assert str(AccessDenied()) == 'Access Denied'
    assert str(UserError('boom')) == 'boom'
    assert flectra.exceptions.UserError is UserError


def test_translate_without_translation_is_identity_with_formatting(env):
    """_(src) returns src; _(src, *args) applies %-formatting."""
    assert _('Plain text') == 'Plain text'
    assert _('Hello %s', 'world') == 'Hello world'
    assert _('%(a)s and %(b)s', a='x', b='y') == 'x and y'


def test_savepoint_rolls_back_on_error(env, tag_factory):
    """with env.cr.savepoint(): an exception undoes the block's writes only."""
    tag = tag_factory(color=1)
    with pytest.raises(RuntimeError):
        with env.cr.savepoint():
            tag.color = 5
            env['test.orm.tag'].create({'name': 'Env rolled back'})
            env['test.orm.tag'].search([('name', '=', 'Env rolled back')])
            raise RuntimeError('undo')
    assert not env['test.orm.tag'].search([('name', '=', 'Env rolled back')])


def test_superuser_is_admin_and_system(env):
    """In superuser mode is_admin() and is_system() are true."""
    assert env.is_admin()
    assert env.is_system()
