"""In-memory records (addon-api.md §7.3 new/update, §6 onchange): new() records compute
their fields without touching the database; onchange methods run only when called."""


def test_new_record_is_not_in_the_database(env):
    """new(values) builds a record that search() does not find."""
    record = env['test.orm.order'].new({'name': 'Onchange virtual'})
    assert record.name == 'Onchange virtual'
    assert not env['test.orm.order'].search([('name', '=', 'Onchange virtual')])


def test_new_record_gets_computed_values(env):
    """Computed fields of a new record follow its in-memory lines."""
    record = env['test.orm.order'].new({
        'name': 'Onchange computed', 'tax_percent': 10,
        'line_ids': [(0, 0, {'label': 'v1', 'amount': 20.0}), (0, 0, {'label': 'v2', 'amount': 30.0})],
    })
    assert record.total == 50.0
    assert record.tax == 5.0
    assert record.line_count == 2


def test_onchange_method_sets_values_on_a_new_record(env, partner_factory):
    """Calling the @api.onchange method on a new record assigns its values in memory."""
    partner = partner_factory(email='onchange@example.com')
    record = env['test.orm.order'].new({'name': 'Onchange partner', 'partner_id': partner.id})
    record._onchange_partner_id()
    assert record.note == 'Contact: onchange@example.com'


def test_update_changes_values_in_memory(env):
    """update(values) on a new record changes the cache only."""
    record = env['test.orm.order'].new({'name': 'Onchange update'})
    record.update({'tax_percent': 42})
    assert record.tax_percent == 42
