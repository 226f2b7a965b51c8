"""ir.ui.menu: the menu tree and what each user sees of it."""
import pytest

from flectra.exceptions import ValidationError
from flectra.tests import new_test_user


@pytest.fixture
def menus(env):
    """Root / {Partners (action on res.partner), Settings (group_system, action on config params),
    Empty folder, Hidden child under a hidden folder}."""
    Menu = env['ir.ui.menu']
    Action = env['ir.actions.act_window']
    partner_action = Action.create({'name': 'Partners', 'res_model': 'res.partner'})
    param_action = Action.create({'name': 'Params', 'res_model': 'ir.config_parameter'})
    root = Menu.create({'name': 'Test Root', 'sequence': 1})
    partners = Menu.create({'name': 'Partners', 'parent_id': root.id, 'sequence': 20,
                            'action': 'ir.actions.act_window,%d' % partner_action.id})
    settings = Menu.create({'name': 'Settings', 'parent_id': root.id, 'sequence': 10,
                            'groups_id': [(6, 0, [env.ref('base.group_system').id])],
                            'action': 'ir.actions.act_window,%d' % param_action.id})
    params_ungrouped = Menu.create({'name': 'Params (model ACL)', 'parent_id': root.id, 'sequence': 30,
                                    'action': 'ir.actions.act_window,%d' % param_action.id})
    empty = Menu.create({'name': 'Empty folder', 'parent_id': root.id})
    hidden_folder = Menu.create({'name': 'Admin folder', 'parent_id': root.id,
                                 'groups_id': [(6, 0, [env.ref('base.group_system').id])]})
    under_hidden = Menu.create({'name': 'Under hidden', 'parent_id': hidden_folder.id,
                                'action': 'ir.actions.act_window,%d' % partner_action.id})
    return dict(root=root, partners=partners, settings=settings, params_ungrouped=params_ungrouped,
                empty=empty, hidden_folder=hidden_folder, under_hidden=under_hidden)


def _find(tree, name):
    for node in tree['children']:
        if node['name'] == name:
            return node
    return None


def test_complete_name_and_order(env, menus):
    assert menus['under_hidden'].complete_name == 'Test Root/Admin folder/Under hidden'
    children = env['ir.ui.menu'].search([('parent_id', '=', menus['root'].id)])
    assert children[0] == menus['settings']  # sequence 10 first


def test_recursive_menus_are_rejected(env, menus):
    with pytest.raises(ValidationError):
        menus['root'].parent_id = menus['under_hidden']


def test_invalid_action_reference_rejected(env, menus):
    with pytest.raises(ValidationError):
        menus['empty'].write({'action': 'res.partner,1'})


def test_action_reference(env, menus):
    action = menus['partners'].action
    record = action if not isinstance(action, str) else env['ir.actions.act_window'].browse(int(action.split(',')[1]))
    assert record.res_model == 'res.partner'


def test_load_menus_for_internal_user(env, menus):
    """Group-restricted and unreadable-model menus are hidden; empty folders too."""
    user = new_test_user(env, login='menu_user', groups='base.group_user')
    tree = env['ir.ui.menu'].with_user(user).load_menus()
    assert tree['name'] == 'root' and tree['id'] is False
    root = _find(tree, 'Test Root')
    assert root is not None
    assert [c['name'] for c in root['children']] == ['Partners']
    partners = root['children'][0]
    assert partners['action'] == 'ir.actions.act_window,%d' % menus['partners']._action_record().id
    assert partners['parent_id'][0] == menus['root'].id
    assert menus['partners'].id in tree['all_menu_ids']
    assert menus['under_hidden'].id not in tree['all_menu_ids']


def test_load_menus_for_settings_user(env, menus):
    admin = new_test_user(env, login='menu_admin', groups='base.group_user,base.group_system')
    tree = env['ir.ui.menu'].with_user(admin).load_menus()
    root = _find(tree, 'Test Root')
    names = [c['name'] for c in root['children']]
    assert names == ['Settings', 'Admin folder', 'Partners', 'Params (model ACL)']  # by sequence, id
    admin_folder = root['children'][1]
    assert [c['name'] for c in admin_folder['children']] == ['Under hidden']


def test_unlink_promotes_children(env, menus):
    folder = menus['hidden_folder']
    child = menus['under_hidden']
    folder.unlink()
    assert child.exists() and not child.parent_id


def test_copy_numbers_name(env, menus):
    assert menus['partners'].copy().name == 'Partners(1)'
