"""res.lang: installed languages and their formats."""
import pytest

from flectra.exceptions import UserError


def test_builtin_languages(env):
    langs = dict(env['res.lang'].get_installed())
    assert langs['en_US'] == 'English (US)'
    assert 'zh_CN' in langs and '简体中文' in langs['zh_CN']
    assert env.ref('base.lang_en').code == 'en_US'
    assert env.ref('base.lang_zh_CN').date_format == '%Y-%m-%d'


def test_lang_get(env):
    assert env['res.lang']._lang_get('zh_CN').code == 'zh_CN'
    assert not env['res.lang']._lang_get('xx_XX')


def test_format_grouping(env):
    lang = env.ref('base.lang_en')
    assert lang.format('%.2f', 1234567.891, grouping=True) == '1,234,567.89'
    assert lang.format('%d', -1234, grouping=True) == '-1,234'
    assert lang.format('%.1f', 1234.5) == '1234.5'


def test_code_is_immutable_and_en_us_undeletable(env):
    lang = env.ref('base.lang_en')
    with pytest.raises(UserError):
        lang.write({'code': 'en_GB'})
    with pytest.raises(UserError):
        lang.unlink()


def test_invalid_grouping(env):
    from flectra.exceptions import ValidationError
    with pytest.raises(ValidationError):
        env['res.lang'].create({'name': 'Test', 'code': 'xx_TT', 'grouping': '[3,a]'})
