"""ir.actions.*: window actions stored for the client, server actions running Python code."""
import pytest

from flectra.exceptions import AccessError, UserError, ValidationError
from flectra.tests import new_test_user


@pytest.fixture
def partner_model(env):
    return env['ir.model'].search([('model', '=', 'res.partner')])


@pytest.fixture
def server_action(env, partner_model):
    def make(code, **vals):
        vals.update({'name': vals.get('name', 'Test action'), 'model_id': partner_model.id,
                     'state': 'code', 'code': code})
        return env['ir.actions.server'].create(vals)
    return make


def test_window_action_defaults(env):
    action = env['ir.actions.act_window'].create({'name': 'Partners', 'res_model': 'res.partner'})
    assert action.type == 'ir.actions.act_window'
    assert (action.view_mode, action.context, action.limit, action.target) == ('tree,form', '{}', 80, 'current')
    values = action._get_action_dict()
    assert values['res_model'] == 'res.partner'
    assert values['views'] == [[False, 'tree'], [False, 'form']]


def test_window_action_unknown_model_rejected(env):
    with pytest.raises(ValidationError, match='no.such.model'):
        env['ir.actions.act_window'].create({'name': 'Bad', 'res_model': 'no.such.model'})


def test_window_action_groups_relation(env):
    group = env.ref('base.group_system')
    action = env['ir.actions.act_window'].create({'name': 'Admin', 'res_model': 'res.partner',
                                                  'groups_id': [(6, 0, [group.id])]})
    env.cr.execute('SELECT gid FROM ir_act_window_group_rel WHERE act_id = %s', [action.id])
    assert env.cr.fetchall() == [(group.id,)]


def test_window_action_explicit_views(env):
    form = env['ir.ui.view'].create({'name': 'f', 'model': 'res.partner', 'arch': '<form><field name="name"/></form>'})
    action = env['ir.actions.act_window'].create({
        'name': 'Partners', 'res_model': 'res.partner', 'view_mode': 'tree,form',
        'view_ids': [(0, 0, {'view_mode': 'form', 'view_id': form.id, 'sequence': 1})]})
    assert action._get_views() == [(form.id, 'form'), (False, 'tree')]


def test_server_action_runs_code_with_eval_context(env, server_action):
    """The code sees env, model, record(s), user, time/datetime/dateutil, float_compare, log."""
    partner = env['res.partner'].create({'name': 'Before'})
    action = server_action("""
for rec in records:
    rec.write({'name': 'After %s' % (float_compare(1.0, 1.0, precision_digits=2) + 1)})
log('renamed %s' % len(records))
today = datetime.date(2026, 1, 31)
later = today + dateutil.relativedelta.relativedelta(days=1)
assert model._name == 'res.partner' and user.id == uid and record == records
action = {'type': 'ir.actions.act_window', 'res_model': model._name, 'res_id': record.id,
          'tag': str(later > today) + time.strftime('%Y')[:0]}
""")
    result = action.with_context(active_model='res.partner', active_id=partner.id, active_ids=[partner.id]).run()
    assert partner.name == 'After 1'
    assert result == {'type': 'ir.actions.act_window', 'res_model': 'res.partner', 'res_id': partner.id,
                      'tag': 'True'}


def test_server_action_without_result_returns_false(env, server_action):
    assert server_action("x = 1").run() is False


def test_server_action_code_syntax_checked(env, server_action):
    with pytest.raises(ValidationError):
        server_action("def broken(:")


def test_server_action_user_error_propagates(env, server_action):
    with pytest.raises(UserError, match='stop here'):
        server_action("raise UserError('stop here')").run()


def test_server_action_forbidden_code_refused(env, server_action):
    with pytest.raises((ValidationError, ValueError)):
        server_action("import os").run()


def test_server_action_group_restriction(env, server_action):
    action = server_action("x = 1", groups_id=[(6, 0, [env.ref('base.group_system').id])])
    user = new_test_user(env, login='sa_user', groups='base.group_user')
    with pytest.raises(AccessError):
        action.with_user(user).run()


def test_multi_runs_children_in_sequence(env, server_action):
    first = server_action("env['ir.config_parameter'].sudo().set_param('sa.log', 'first')", sequence=1)
    second = server_action("env['ir.config_parameter'].sudo().set_param('sa.log', env['ir.config_parameter'].sudo().get_param('sa.log') + ',second')\naction = {'type': 'ir.actions.act_window_close'}", sequence=2)
    parent = env['ir.actions.server'].create({'name': 'Both', 'model_id': first.model_id.id, 'state': 'multi',
                                               'child_ids': [(6, 0, [second.id, first.id])]})
    assert parent.run() == {'type': 'ir.actions.act_window_close'}
    assert env['ir.config_parameter'].get_param('sa.log') == 'first,second'
    with pytest.raises(ValidationError):
        first.write({'state': 'multi', 'child_ids': [(6, 0, [parent.id])]})


def test_for_xml_id_and_bindings(env, partner_model):
    action = env['ir.actions.act_window'].create({'name': 'Bound', 'res_model': 'res.partner',
                                                  'binding_model_id': partner_model.id})
    env['ir.model.data'].create({'module': 'base', 'name': 'test_bound_action', 'model': action._name,
                                 'res_id': action.id})
    values = env['ir.actions.actions']._for_xml_id('base.test_bound_action')
    assert values['id'] == action.id and values['type'] == 'ir.actions.act_window'
    bindings = env['ir.actions.actions'].get_bindings('res.partner')
    assert action.id in [b['id'] for b in bindings['action']]


def test_report_and_client_actions_store(env):
    report = env['ir.actions.report'].create({'name': 'Decision', 'model': 'res.partner',
                                              'report_name': 'fuyi.decision'})
    assert report.type == 'ir.actions.report' and report.binding_type == 'report'
    client = env['ir.actions.client'].create({'name': 'Dash', 'tag': 'dashboard', 'params': {'a': 1}})
    assert client.type == 'ir.actions.client' and client.params == "{'a': 1}"
