"""flectra.tests.Form: defaults, onchange methods, save."""
from flectra.tests import Form


def test_form_applies_defaults_onchange_and_creates(env):
    partner = env['res.partner'].create({'name': 'Form partner', 'email': 'form@example.com'})
    form = Form(env['test.orm.order'])
    form.name = 'Form order'
    form.partner_id = partner
    assert form.note == 'Contact: form@example.com'   # the onchange ran in memory
    assert not env['test.orm.order'].search([('name', '=', 'Form order')])
    order = form.save()
    assert order.name == 'Form order' and order.partner_id == partner
    assert order.note == 'Contact: form@example.com'


def test_form_creates_one2many_lines(env):
    with Form(env['test.orm.order']) as form:
        form.name = 'Form with lines'
        form.line_ids = [(0, 0, {'label': 'a', 'amount': 2.0}), (0, 0, {'label': 'b', 'amount': 3.0})]
        assert form.total == 5.0
    order = form.record
    assert sorted(order.line_ids.mapped('label')) == ['a', 'b']
    assert order.total == 5.0


def test_form_on_existing_record_writes_only_changes(env):
    order = env['test.orm.order'].create({'name': 'Existing', 'note': 'keep'})
    form = Form(order)
    form.tax_percent = 7
    assert order.tax_percent != 7   # not written before save
    form.save()
    assert order.tax_percent == 7 and order.note == 'keep' and order.name == 'Existing'
