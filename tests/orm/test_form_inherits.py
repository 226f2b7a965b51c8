"""``Form`` on a model that delegates to a parent (``_inherits``): the parent's required
fields are filled through the form and saved with the child."""
import pytest

from flectra.tests import Form


def test_form_saves_inherited_required_fields(env):
    agency = env['res.partner'].create({'name': '县市场监督管理局', 'party_kind': 'agency'})
    form = Form(env['fuyi.reconsideration'])
    assert form.date_received     # default of the parent's required field
    form.title = '不服罚款决定'
    form.agency_id = agency
    case = form.save()
    assert case.case_id.title == '不服罚款决定'
    assert case.agency_id == agency
    assert case.date_received == case.case_id.date_received
