"""Model inheritance (addon-api.md §4.2, §4.4): in-place _inherit across addons, the super()
chain of create/write/compute, selection_add, abstract mixins, _inherits delegation."""
import pytest


# ---------------------------------------------------------------- in-place extension

def test_extension_adds_fields_to_the_existing_model(env):
    """test_orm_b's fields are on test.orm.order / test.orm.line (one model, one registry entry)."""
    assert 'origin' in env['test.orm.order']._fields
    assert 'discount' in env['test.orm.line']._fields
    assert 'total' in env['test.orm.order']._fields


def test_extension_keeps_the_original_fields_and_methods(env, order_factory):
    """Methods of test_orm_a stay callable on the extended model."""
    order = order_factory()
    assert order.action_confirm() is True
    assert order.state == 'confirmed'


def test_create_chain_runs_every_override(env):
    """create: b's override (origin upper-cased) then a's (sequence reference) then base."""
    order = env['test.orm.order'].create({'name': 'Inherit chain', 'origin': 'mail'})
    assert order.origin == 'MAIL'
    assert order.reference and order.reference.startswith('TA')


def test_create_override_applies_to_every_record_of_a_batch(env):
    """@api.model_create_multi receives the whole list."""
    orders = env['test.orm.order'].create([{'name': 'Inh b1'}, {'name': 'Inh b2', 'origin': 'z'}])
    assert orders.mapped('origin') == ['FROM-B', 'Z']
    assert len(set(orders.mapped('reference'))) == 2


def test_write_override_changes_values(env, order_factory):
    """b's write() rewrites origin before calling super()."""
    order = order_factory()
    order.write({'origin': 'phone'})
    assert order.origin == 'PHONE'


def test_write_override_is_used_by_attribute_assignment(order_factory):
    """record.field = value goes through write(), hence through the override."""
    order = order_factory()
    order.origin = 'desk'
    assert order.origin == 'DESK'


def test_extended_compute_dependency(env, order_factory):
    """b adds @api.depends('line_ids.discount') to _compute_total: both dependencies hold."""
    order = order_factory(line_ids=[(0, 0, {'label': 'x', 'amount': 50.0, 'discount': 5.0})])
    assert order.total == 45.0
    order.line_ids.discount = 20.0
    assert order.total == 30.0
    order.line_ids.amount = 100.0
    assert order.total == 80.0


# ---------------------------------------------------------------- selection_add

def test_selection_add_merges_values_in_place(env):
    """[('review', ...), ('confirmed',), ('cancel', ...)] puts review before confirmed, cancel last."""
    selection = env['test.orm.order']._fields['state'].selection
    assert [key for key, _label in selection] == ['draft', 'review', 'confirmed', 'done', 'cancel']
    assert dict(selection)['review'] == 'In Review'
    assert dict(selection)['confirmed'] == 'Confirmed'


def test_selection_add_values_are_writable_and_searchable(env, order_factory):
    """An added key is a valid value."""
    order = order_factory(state='cancel')
    assert order.state == 'cancel'
    assert env['test.orm.order'].search([('state', '=', 'cancel'), ('id', '=', order.id)]) == order


def test_selection_add_is_in_fields_get(env):
    """fields_get reports the merged selection."""
    selection = env['test.orm.order'].fields_get(['state'])['state']['selection']
    assert [item[0] for item in selection] == ['draft', 'review', 'confirmed', 'done', 'cancel']


def test_unknown_selection_value_is_still_refused(order_factory):
    """selection_add does not open the field to arbitrary values."""
    order = order_factory()
    with pytest.raises(ValueError, match='Wrong value'):
        order.write({'state': 'archived'})


# ---------------------------------------------------------------- mixins

def test_abstract_mixin_is_a_model_without_table(env):
    """test.orm.mixin is abstract: it exists in the registry, is not concrete."""
    assert 'test.orm.mixin' in env
    assert env['test.orm.mixin']._abstract


def test_new_model_from_two_mixins_has_their_fields(env):
    """_name + _inherit=[mixin, mixin]: fields of both parents (and of extensions of them)."""
    gadget = env['test.orm.gadget'].create({'name': 'Inh gadget', 'mixin_note': 'n'})
    assert gadget.mixin_note == 'n'
    assert gadget.stamp == 'B'
    assert gadget.mixin_level == 1


def test_new_model_overrides_a_mixin_method_with_super(env):
    """gadget.mixin_describe() calls the mixin's implementation through super()."""
    gadget = env['test.orm.gadget'].create({'name': 'Inh g2', 'mixin_note': 'x'})
    assert gadget.mixin_describe() == 'gadget test.orm.gadget:x'
    assert gadget.stamp_label() == 'stamp:B'


def test_mixin_heirs_are_separate_models(env):
    """Heirs copy the mixin: test.orm.person and test.orm.gadget have their own tables."""
    person = env['test.orm.person'].create({'name': 'Inh person', 'mixin_note': 'p'})
    gadget = env['test.orm.gadget'].create({'name': 'Inh gadget 3', 'mixin_note': 'p'})
    assert person.mixin_describe() == 'test.orm.person:p'
    assert env['test.orm.gadget'].search([('mixin_note', '=', 'p')]) == gadget
    assert env['test.orm.person'].search([('mixin_note', '=', 'p')]) == person


def test_extension_of_a_mixin_reaches_models_inheriting_it_earlier(env):
    """b extends test.orm.mixin; test.orm.person (a) inherits it, so gets mixin_level."""
    person = env['test.orm.person'].create({'name': 'Inh level'})
    assert person.mixin_level == 1
    person.mixin_level = 3
    assert env['test.orm.person'].search([('mixin_level', '=', 3), ('id', '=', person.id)]) == person


def test_every_model_inherits_base(env):
    """Common methods come from the implicit `base` parent."""
    for name in ('test.orm.order', 'test.orm.gadget', 'test.orm.tag'):
        model = env[name]
        assert callable(model.search) and callable(model.name_search) and callable(model.fields_get)


# ---------------------------------------------------------------- _inherits

def test_delegation_create_creates_the_parent(env):
    """Creating an employee with person fields creates the person."""
    employee = env['test.orm.employee'].create({'name': 'Inh Ada', 'age': 36, 'badge': 'A'})
    assert employee.person_id
    assert employee.person_id.name == 'Inh Ada'
    assert employee.person_id.age == 36


def test_delegation_create_with_an_existing_parent(env):
    """Creating an employee with person_id reuses that person."""
    person = env['test.orm.person'].create({'name': 'Inh Existing'})
    employee = env['test.orm.employee'].create({'person_id': person.id, 'badge': 'E'})
    assert employee.person_id == person
    assert employee.name == 'Inh Existing'


def test_delegation_read_and_write(env):
    """Delegated fields read and write the parent record."""
    employee = env['test.orm.employee'].create({'name': 'Inh Bob', 'badge': 'B'})
    employee.write({'name': 'Inh Robert', 'badge': 'C'})
    assert employee.person_id.name == 'Inh Robert'
    assert employee.badge == 'C'
    [row] = employee.read(['name', 'badge', 'person_id'])
    assert row['name'] == 'Inh Robert'
    assert row['badge'] == 'C'


def test_delegated_fields_appear_on_the_child(env):
    """The child lists the parent's fields (also in fields_get)."""
    fields_ = env['test.orm.employee']._fields
    for name in ('name', 'email', 'age', 'mixin_note', 'badge', 'person_id'):
        assert name in fields_
    assert 'name' in env['test.orm.employee'].fields_get()


def test_delegated_field_is_searchable(env):
    """search() on a delegated field."""
    employee = env['test.orm.employee'].create({'name': 'Inh Searchable', 'age': 50})
    assert env['test.orm.employee'].search([('age', '=', 50), ('name', 'like', 'Inh Search')]) == employee


def test_delegation_display_name_is_the_parents_name(env):
    """The child's display name is the delegated name."""
    employee = env['test.orm.employee'].create({'name': 'Inh Display'})
    assert employee.display_name == 'Inh Display'


def test_user_delegates_to_partner(env):
    """res.users delegates to res.partner: name and email live on the partner."""
    user = env['res.users'].create({'name': 'Inh User', 'login': 'inh_user', 'email': 'inh@example.com'})
    assert user.partner_id.name == 'Inh User'
    assert user.partner_id.email == 'inh@example.com'
    user.name = 'Inh User Renamed'
    assert user.partner_id.name == 'Inh User Renamed'


def test_copy_of_a_delegating_record_copies_the_parent(env):
    """copy() of an employee creates a new person holding the copied delegated values."""
    employee = env['test.orm.employee'].create({'name': 'Inh Copy', 'age': 20, 'badge': 'K'})
    dup = employee.copy()
    assert dup.person_id != employee.person_id
    assert dup.name == 'Inh Copy'
    assert dup.age == 20
    assert dup.badge == 'K'


def test_unlink_of_a_delegating_record_keeps_the_parent(env):
    """Deleting the employee does not delete its person (cascade goes the other way)."""
    employee = env['test.orm.employee'].create({'name': 'Inh Keep'})
    person = employee.person_id
    employee.unlink()
    assert person.exists()


def test_delegation_create_with_parent_and_values_writes_the_parent(env):
    """create() with person_id and delegated values writes those values on that person."""
    person = env['test.orm.person'].create({'name': 'Inh Before'})
    employee = env['test.orm.employee'].create({'person_id': person.id, 'name': 'Inh After'})
    assert employee.person_id == person
    assert person.name == 'Inh After'
