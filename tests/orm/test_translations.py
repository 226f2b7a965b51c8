"""Translations: _() and field labels follow the environment's language (zh_CN by default)."""
import pytest

from flectra.exceptions import AccessError, ValidationError
from flectra.tests import new_test_user


@pytest.fixture
def zh(env):
    return env(context={'lang': 'zh_CN'})


def test_unknown_field_error_is_in_the_users_language(env, zh):
    with pytest.raises(ValueError, match="模型 'res.partner' 上没有字段 'nope'"):
        zh['res.partner'].create({'name': 'x', 'nope': 1})
    with pytest.raises(ValueError, match="Invalid field 'nope' on model 'res.partner'"):
        env['res.partner'].create({'name': 'x', 'nope': 1})


def test_missing_required_value_names_the_translated_label(zh):
    with pytest.raises(ValidationError) as info:
        zh['res.users'].create({'name': 'No login'})
    assert '登录名' in str(info.value) and 'login' in str(info.value) and 'res.users' in str(info.value)


def test_bad_domain_and_wrong_value_in_chinese(zh):
    with pytest.raises(ValueError, match='搜索条件'):
        zh['res.partner'].search([('nope', '=', 1)])
    with pytest.raises(ValueError, match='的值无效'):
        zh['res.partner'].create({'name': 'x', 'type': 'not-a-type'})


def test_field_labels_and_selections_are_translated(env, zh):
    assert zh['res.partner'].fields_get(['name'])['name']['string'] == '名称'
    assert env['res.partner'].with_context(lang='en_US').fields_get(['name'])['name']['string'] == 'Name'
    labels = dict(zh['res.partner'].fields_get(['type'])['type']['selection'])
    assert labels['contact'] == '联系人'


def test_access_error_in_chinese(zh):
    user = new_test_user(zh, login='zh_user', groups='base.group_user')
    with pytest.raises(AccessError, match='您不能读取“系统参数”'):
        zh['ir.config_parameter'].with_user(user).search([])


def test_addon_code_translates_from_its_po_file(zh):
    """_() in addon code uses the addon's i18n/zh_CN.po and the caller's context language."""
    partner = zh['res.partner'].create({'name': 'p', 'email': 'p@example.cn'})
    order = zh['test.orm.order'].new({'name': 'o', 'partner_id': partner.id})
    order._onchange_partner_id()
    assert order.note == '联系人：p@example.cn'
