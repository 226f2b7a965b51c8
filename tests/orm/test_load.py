"""Model.load: CSV-style import, all or nothing."""


def test_load_creates_records_and_xml_ids(env):
    """Rows become records; 'id' registers xml ids under __import__ when no module is given."""
    result = env['res.partner'].load(['id', 'name', 'is_company', 'parent_id/id'],
                                     [['acme', 'ACME', '1', ''], ['joe', 'Joe', '0', 'acme']])
    assert result['messages'] == []
    acme, joe = env['res.partner'].browse(result['ids'])
    assert acme.is_company and not joe.is_company
    assert joe.parent_id == acme
    assert env.ref('__import__.joe') == joe


def test_load_resolves_many2one_by_name(env):
    env['res.partner'].create({'name': 'Unique Parent Name'})
    result = env['res.partner'].load(['name', 'parent_id'], [['Child', 'Unique Parent Name']])
    child = env['res.partner'].browse(result['ids'])
    assert child.parent_id.name == 'Unique Parent Name'


def test_load_is_all_or_nothing(env):
    """One bad row: no record at all, and a message naming the row and field."""
    before = env['res.partner'].search_count([])
    result = env['res.partner'].load(['name', 'is_company'], [['Good', '1'], ['Bad', 'maybe']])
    assert result['ids'] is False
    assert result['messages'][0]['record'] == 1
    assert result['messages'][0]['field'] == 'is_company'
    assert env['res.partner'].search_count([]) == before


def test_load_reports_unknown_reference(env):
    result = env['res.partner'].load(['name', 'parent_id/id'], [['X', 'no_such_id']])
    assert result['ids'] is False
    assert 'no_such_id' in result['messages'][0]['message']
