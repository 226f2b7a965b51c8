def test_probe(env):
    print(env['res.partner']._fields.keys())
    print(env['ir.model.data']._xmlid_lookup('base.group_user'))
    print(env.ref('base.group_user'))
    print('ir.ui.menu' in env, 'ir.actions.act_window' in env, 'ir.actions.report' in env, 'ir.ui.view' in env)
    print(env.ref('fuyi_case.fuyi_case_group_manager').implied_ids, env.ref('fuyi_case.module_category_fuyi_case').name)
