"""ir.ui.view: arch validation and inheritance (xpath / field / attributes specs)."""
import psycopg2
import pytest
from lxml import etree

from flectra.exceptions import ValidationError

BASE_FORM = """
<form string="Partner">
    <sheet>
        <group name="main">
            <field name="name"/>
            <field name="email"/>
        </group>
        <group name="other">
            <field name="phone"/>
        </group>
    </sheet>
</form>"""


@pytest.fixture
def base_view(env):
    return env['ir.ui.view'].create({'name': 'test.partner.form', 'model': 'res.partner', 'arch': BASE_FORM})


def _extend(env, parent, arch, **vals):
    vals.update({'name': vals.get('name', 'ext'), 'model': parent.model, 'inherit_id': parent.id, 'arch': arch})
    return env['ir.ui.view'].create(vals)


def _fields(view):
    return [f.get('name') for f in etree.fromstring(view.get_combined_arch()).iter('field')]


def test_defaults_type_from_arch_and_mode(env, base_view):
    assert base_view.type == 'form' and base_view.mode == 'primary' and base_view.priority == 16
    ext = _extend(env, base_view, '<field name="email" position="after"><field name="website"/></field>')
    assert ext.mode == 'extension' and ext.type == 'form'


def test_malformed_arch_is_rejected(env):
    with pytest.raises(ValidationError, match='Invalid view broken definition'):
        env['ir.ui.view'].create({'name': 'broken', 'model': 'res.partner', 'arch': '<form><field name="name"></form>'})


def test_unknown_field_is_rejected(env):
    with pytest.raises(ValidationError, match='nonexistent'):
        env['ir.ui.view'].create({'name': 'bad field', 'model': 'res.partner',
                                  'arch': '<tree><field name="name"/><field name="nonexistent"/></tree>'})


def test_unknown_field_added_by_extension_is_rejected(env, base_view):
    with pytest.raises(ValidationError, match='nope'):
        _extend(env, base_view, '<field name="name" position="after"><field name="nope"/></field>')


def test_fields_of_embedded_subview_are_not_checked_against_the_parent(env):
    arch = """<form><field name="child_ids"><tree><field name="name"/><field name="function_only_on_child"/></tree></field></form>"""
    env['ir.ui.view'].create({'name': 'sub', 'model': 'res.partner', 'arch': arch})


def test_view_of_unknown_model_is_only_parsed(env):
    env['ir.ui.view'].create({'name': 'later', 'model': 'not.installed.model', 'arch': '<form><field name="x"/></form>'})


def test_spec_target_missing_is_rejected(env, base_view):
    with pytest.raises(ValidationError, match='cannot be located'):
        _extend(env, base_view, '<xpath expr="//field[@name=\'mobile\']" position="after"><field name="website"/></xpath>')


def test_xpath_positions(env, base_view):
    _extend(env, base_view, """<data>
        <xpath expr="//group[@name='main']" position="inside"><field name="website"/></xpath>
        <xpath expr="//field[@name='name']" position="before"><field name="ref"/></xpath>
        <xpath expr="//field[@name='name']" position="after"><field name="vat"/><field name="comment"/></xpath>
    </data>""")
    assert _fields(base_view) == ['ref', 'name', 'vat', 'comment', 'email', 'website', 'phone']


def test_field_spec_replace_and_attributes(env, base_view):
    _extend(env, base_view, """<data>
        <field name="phone" position="replace"><field name="mobile"/></field>
        <field name="email" position="attributes">
            <attribute name="required">1</attribute>
            <attribute name="string">E-mail</attribute>
        </field>
        <group name="other" position="attributes"><attribute name="name"></attribute></group>
    </data>""")
    arch = etree.fromstring(base_view.get_combined_arch())
    assert [f.get('name') for f in arch.iter('field')] == ['name', 'email', 'mobile']
    email = arch.xpath("//field[@name='email']")[0]
    assert email.get('required') == '1' and email.get('string') == 'E-mail'
    assert arch.xpath('//group')[1].get('name') is None


def test_replace_with_nothing_removes(env, base_view):
    _extend(env, base_view, '<field name="phone" position="replace"/>')
    assert 'phone' not in _fields(base_view)


def test_attribute_add_remove(env, base_view):
    _extend(env, base_view, """<form position="attributes">
        <attribute name="class" add="o_a o_b" separator=" "/>
    </form>""")
    _extend(env, base_view, """<form position="attributes">
        <attribute name="class" remove="o_a" add="o_c" separator=" "/>
    </form>""", priority=20)
    assert etree.fromstring(base_view.get_combined_arch()).get('class') == 'o_b o_c'


def test_move_and_dollar_zero(env, base_view):
    _extend(env, base_view, """<data>
        <field name="name" position="before"><field name="phone" position="move"/></field>
        <field name="email" position="replace"><div class="wrap">$0</div></field>
    </data>""")
    arch = etree.fromstring(base_view.get_combined_arch())
    assert [f.get('name') for f in arch.iter('field')] == ['phone', 'name', 'email']
    assert arch.xpath("//div[@class='wrap']/field[@name='email']")


def test_extensions_apply_by_priority_then_id(env, base_view):
    _extend(env, base_view, '<field name="name" position="after"><field name="vat"/></field>', priority=30)
    _extend(env, base_view, '<field name="name" position="after"><field name="ref"/></field>', priority=10)
    # priority 10 runs first, so vat (priority 30) ends up right after name
    assert _fields(base_view)[:3] == ['name', 'vat', 'ref']


def test_extension_of_extension_and_inactive(env, base_view):
    ext = _extend(env, base_view, '<field name="name" position="after"><field name="vat"/></field>')
    _extend(env, ext, '<field name="vat" position="after"><field name="ref"/></field>')
    assert _fields(base_view) == ['name', 'vat', 'ref', 'email', 'phone']
    ext.active = False  # its children go with it
    assert _fields(base_view) == ['name', 'email', 'phone']


def test_inactive_extension_is_not_applied(env, base_view):
    ext = _extend(env, base_view, '<field name="name" position="after"><field name="vat"/></field>')
    ext.active = False
    assert 'vat' not in _fields(base_view)


def test_primary_view_inheriting_another(env, base_view):
    """A primary child starts from its parent's arch; the parent does not change."""
    child = _extend(env, base_view, '<field name="phone" position="after"><field name="vat"/></field>',
                    mode='primary', name='variant')
    assert child.mode == 'primary'
    assert 'vat' in _fields(child)
    assert 'vat' not in _fields(base_view)
    # extensions of the parent reach the child too
    _extend(env, base_view, '<field name="name" position="after"><field name="ref"/></field>')
    assert _fields(child) == ['name', 'ref', 'email', 'phone', 'vat']


def test_extension_mode_needs_parent(env):
    with pytest.raises(psycopg2.IntegrityError):
        with env.cr.savepoint():
            env['ir.ui.view'].create({'name': 'orphan', 'model': 'res.partner', 'mode': 'extension',
                                      'type': 'form', 'arch': '<form/>'})


def test_default_view(env, base_view):
    low = env['ir.ui.view'].create({'name': 'low', 'model': 'res.partner', 'priority': 1,
                                    'arch': '<form><field name="name"/></form>'})
    assert env['ir.ui.view'].default_view('res.partner', 'form') == low.id
    assert env['ir.ui.view'].default_view('res.partner', 'calendar') is False
