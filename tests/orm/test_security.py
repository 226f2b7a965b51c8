"""Security (addon-api.md §10): users and groups, ACLs deny-by-default, group ACLs,
record rules (global AND, group OR), field groups, sudo and with_user."""
import pytest

from flectra.exceptions import AccessError
from flectra.tests import new_test_user


@pytest.fixture
def plain(env):
    """An internal user with no test_orm group."""
    return new_test_user(env, login='sec_plain', groups='base.group_user')


@pytest.fixture
def user(env):
    """A member of test_orm_a.group_a_user."""
    return new_test_user(env, login='sec_user', groups='test_orm_a.group_a_user')


@pytest.fixture
def manager(env):
    """A member of test_orm_a.group_a_manager (implies group_a_user)."""
    return new_test_user(env, login='sec_manager', groups='test_orm_a.group_a_manager')


# ---------------------------------------------------------------- users and groups

def test_new_test_user_gets_the_groups_and_implied_groups(env, manager):
    """new_test_user(groups=...) sets the groups; implied groups follow transitively."""
    assert manager.has_group('test_orm_a.group_a_manager')
    assert manager.has_group('test_orm_a.group_a_user')
    assert manager.has_group('base.group_user')
    assert not manager.has_group('base.group_system')


def test_user_without_the_group(env, plain):
    """has_group is False for groups the user lacks."""
    assert plain.has_group('base.group_user')
    assert not plain.has_group('test_orm_a.group_a_user')


def test_with_user_switches_env_user(env, user):
    """with_user(u) gives an environment whose uid/user is u, not superuser."""
    Order = env['test.orm.order'].with_user(user)
    assert Order.env.uid == user.id
    assert Order.env.user == user
    assert not Order.env.su


def test_records_created_as_a_user_belong_to_that_user(env, user):
    """create_uid is the acting user."""
    order = env['test.orm.order'].with_user(user).create({'name': 'Sec created'})
    assert order.create_uid == user
    assert order.responsible_id == user


# ---------------------------------------------------------------- ACL: deny by default

def test_superuser_may_use_a_model_without_acl(env):
    """The superuser bypasses ACLs: test.orm.secret is usable."""
    secret = env['test.orm.secret'].create({'name': 'hidden'})
    assert env['test.orm.secret'].search([('id', '=', secret.id)]) == secret


def test_model_without_acl_refuses_read(env, manager):
    """No ir.model.access row → even a manager cannot read."""
    secret = env['test.orm.secret'].create({'name': 'hidden'})
    with pytest.raises(AccessError):
        env['test.orm.secret'].with_user(manager).search([])
    with pytest.raises(AccessError):
        secret.with_user(manager).read(['name'])


def test_model_without_acl_refuses_create_write_unlink(env, manager):
    """No ir.model.access row → create, write and unlink are refused."""
    secret = env['test.orm.secret'].create({'name': 'hidden'})
    with pytest.raises(AccessError):
        env['test.orm.secret'].with_user(manager).create({'name': 'x'})
    with pytest.raises(AccessError):
        secret.with_user(manager).write({'name': 'y'})
    with pytest.raises(AccessError):
        secret.with_user(manager).unlink()
    assert secret.name == 'hidden'


def test_access_error_message_names_the_model(env, plain):
    """The denial message mentions the model's technical name."""
    with pytest.raises(AccessError, match=r'test\.orm\.secret'):
        env['test.orm.secret'].with_user(plain).search([])


# ---------------------------------------------------------------- ACL: groups

def test_user_without_group_cannot_read_orders(env, plain):
    """ACL rows of test.orm.order are for group_a_user/manager only."""
    with pytest.raises(AccessError):
        env['test.orm.order'].with_user(plain).search([])


def test_group_user_may_read_create_write(env, user, order_factory):
    """group_a_user: perm_read, perm_write, perm_create."""
    order = order_factory(name='Sec rw')
    as_user = order.with_user(user)
    assert as_user.read(['name'])[0]['name'] == 'Sec rw'
    as_user.write({'note': 'by user'})
    assert order.note == 'by user'
    created = env['test.orm.order'].with_user(user).create({'name': 'Sec by user'})
    assert created.exists()


def test_group_user_may_not_unlink(env, user, order_factory):
    """group_a_user has perm_unlink=0 → AccessError."""
    order = order_factory()
    with pytest.raises(AccessError):
        order.with_user(user).unlink()
    assert order.exists()


def test_group_manager_may_unlink(env, manager, order_factory):
    """group_a_manager has perm_unlink=1."""
    order = order_factory()
    order.with_user(manager).unlink()
    assert not order.exists()


def test_check_access_rights(env, user):
    """check_access_rights(op, raise_exception=False) reports the ACL decision."""
    Order = env['test.orm.order'].with_user(user)
    assert Order.check_access_rights('read', raise_exception=False)
    assert Order.check_access_rights('create', raise_exception=False)
    assert not Order.check_access_rights('unlink', raise_exception=False)
    with pytest.raises(AccessError):
        Order.check_access_rights('unlink')


# ---------------------------------------------------------------- record rules

@pytest.fixture
def docs(env, user, manager):
    """Documents of test.orm.rule.doc covering the rule truth table."""
    Doc = env['test.orm.rule.doc']
    return {
        'user_low': Doc.create({'name': 'user low', 'owner_id': user.id, 'level': 1}),
        'user_high': Doc.create({'name': 'user high', 'owner_id': user.id, 'level': 150}),
        'public_low': Doc.create({'name': 'public low', 'owner_id': env.user.id, 'is_public': True}),
        'public_high': Doc.create({'name': 'public high', 'owner_id': env.user.id, 'is_public': True,
                                   'level': 100}),
        'other_low': Doc.create({'name': 'other low', 'owner_id': env.user.id}),
        'manager_low': Doc.create({'name': 'manager low', 'owner_id': manager.id}),
    }


def visible(env, docs, who=None):
    """Keys of the documents `who` finds (superuser environment when who is None)."""
    ids = [d.id for d in docs.values()]
    Doc = env['test.orm.rule.doc'] if who is None else env['test.orm.rule.doc'].with_user(who)
    found = set(Doc.search([('id', 'in', ids)]).ids)
    return {k for k, d in docs.items() if d.id in found}


def test_superuser_sees_every_document(env, docs):
    """Superuser mode bypasses record rules."""
    assert env.su
    assert visible(env, docs) == set(docs)


def test_group_rule_and_global_rule_for_a_user(env, docs, user):
    """user: global (level < 100) AND own-documents rule."""
    assert visible(env, docs, user) == {'user_low'}


def test_group_rules_are_ored_and_globals_anded_for_a_manager(env, docs, manager):
    """manager: global AND (own OR public) — both group rules apply to a manager."""
    assert visible(env, docs, manager) == {'public_low', 'manager_low'}


def test_sudo_bypasses_record_rules(env, docs, user):
    """sudo() from a user environment sees everything."""
    ids = [d.id for d in docs.values()]
    found = env['test.orm.rule.doc'].with_user(user).sudo().search([('id', 'in', ids)])
    assert set(found.ids) == set(ids)


def test_search_count_is_filtered_by_rules(env, docs, user):
    """search_count applies the rules silently."""
    ids = [d.id for d in docs.values()]
    assert env['test.orm.rule.doc'].with_user(user).search_count([('id', 'in', ids)]) == 1


def test_reading_a_record_outside_the_rules_raises(env, docs, user):
    """read() of a filtered-out record raises AccessError."""
    with pytest.raises(AccessError):
        docs['other_low'].with_user(user).read(['name'])


def test_reading_a_record_hidden_by_the_global_rule_raises(env, docs, user):
    """read() of an own document above level 100 raises (the global rule is ANDed)."""
    with pytest.raises(AccessError):
        docs['user_high'].with_user(user).read(['name'])


def test_writing_a_record_outside_the_rules_raises(env, docs, user):
    """write() of a filtered-out record raises AccessError and changes nothing."""
    with pytest.raises(AccessError):
        docs['other_low'].with_user(user).write({'name': 'hacked'})
    assert docs['other_low'].name == 'other low'


def test_writing_a_record_inside_the_rules_is_allowed(env, docs, user):
    """write() of a visible record succeeds."""
    docs['user_low'].with_user(user).write({'name': 'renamed'})
    assert docs['user_low'].name == 'renamed'


def test_unlink_is_checked_against_rules(env, docs, manager):
    """A manager may unlink visible documents, not the others."""
    docs['public_low'].with_user(manager).unlink()
    assert not docs['public_low'].exists()
    with pytest.raises(AccessError):
        docs['other_low'].with_user(manager).unlink()
    assert docs['other_low'].exists()


def test_create_is_checked_against_rules(env, user, manager):
    """create() checks the new record against the create rules."""
    Doc = env['test.orm.rule.doc'].with_user(user)
    mine = Doc.create({'name': 'created mine'})
    assert mine.owner_id == user
    with pytest.raises(AccessError):
        Doc.create({'name': 'created for someone else', 'owner_id': manager.id})


def test_rule_is_evaluated_per_user(env, docs, user, manager):
    """`user` in domain_force is the current user: each sees their own documents."""
    assert 'manager_low' not in visible(env, docs, user)
    assert 'user_low' not in visible(env, docs, manager)


def test_inactive_rule_is_ignored(env, docs, user):
    """Archiving the global rule lifts the level restriction."""
    env.ref('test_orm_a.rule_doc_global_level').active = False
    assert visible(env, docs, user) == {'user_low', 'user_high'}


def test_check_access_rule(env, docs, user):
    """check_access_rule(op) raises for records outside the rules."""
    docs['user_low'].with_user(user).check_access_rule('read')
    with pytest.raises(AccessError):
        docs['other_low'].with_user(user).check_access_rule('read')


# ---------------------------------------------------------------- field groups

def test_field_with_groups_is_hidden_from_fields_get(env, user, manager):
    """secret_note (groups=group_a_manager) is absent from fields_get for non-members."""
    assert 'secret_note' not in env['test.orm.order'].with_user(user).fields_get()
    assert 'secret_note' in env['test.orm.order'].with_user(manager).fields_get()


def test_field_with_groups_cannot_be_read_by_non_members(env, user, order_factory):
    """read(['secret_note']) by a non-member raises AccessError."""
    order = order_factory(secret_note='classified')
    with pytest.raises(AccessError):
        order.with_user(user).read(['secret_note'])


def test_read_without_fields_omits_protected_fields(env, user, order_factory):
    """read() without a list returns only the fields the user may see."""
    order = order_factory(secret_note='classified')
    [row] = order.with_user(user).read()
    assert 'secret_note' not in row
    assert 'name' in row


def test_field_with_groups_cannot_be_written_by_non_members(env, user, order_factory):
    """write({'secret_note': ...}) by a non-member raises AccessError."""
    order = order_factory(secret_note='classified')
    with pytest.raises(AccessError):
        order.with_user(user).write({'secret_note': 'leaked'})
    assert order.secret_note == 'classified'


def test_field_with_groups_is_readable_by_members(env, manager, order_factory):
    """Members of the group read and write the field."""
    order = order_factory(secret_note='classified')
    as_manager = order.with_user(manager)
    assert as_manager.read(['secret_note'])[0]['secret_note'] == 'classified'
    as_manager.write({'secret_note': 'updated'})
    assert order.secret_note == 'updated'


def test_sudo_reads_protected_fields(env, user, order_factory):
    """sudo() bypasses field groups; the uid stays the user's."""
    order = order_factory(secret_note='classified')
    as_sudo = order.with_user(user).sudo()
    assert as_sudo.secret_note == 'classified'
    assert as_sudo.env.uid == user.id
    assert as_sudo.env.su


def test_sudo_false_restores_checks(env, user, order_factory):
    """sudo(False) leaves superuser mode: checks apply again."""
    order = order_factory(secret_note='classified')
    back = order.with_user(user).sudo().sudo(False)
    assert not back.env.su
    with pytest.raises(AccessError):
        back.read(['secret_note'])


def test_user_has_groups(env, user, manager):
    """user_has_groups('a,b') is true when the user has one of the groups; '!' negates."""
    Order = env['test.orm.order']
    assert Order.with_user(manager).user_has_groups('test_orm_a.group_a_manager')
    assert not Order.with_user(user).user_has_groups('test_orm_a.group_a_manager')
    assert Order.with_user(user).user_has_groups('test_orm_a.group_a_manager,test_orm_a.group_a_user')
    assert Order.with_user(user).user_has_groups('!test_orm_a.group_a_manager')


# ---------------------------------------------------------------- changes at runtime

def test_rule_perm_flags_limit_the_operations(env, docs, user):
    """A global rule with only perm_write applies to write, not to read."""
    env['ir.rule'].create({
        'name': 'Test ORM document: frozen documents are read-only',
        'model_id': env.ref('test_orm_a.model_test_orm_rule_doc').id,
        'domain_force': "[('name', '!=', 'user low')]",
        'perm_read': False, 'perm_write': True, 'perm_create': False, 'perm_unlink': False,
    })
    frozen = docs['user_low'].with_user(user)
    assert frozen.read(['name'])[0]['name'] == 'user low'
    with pytest.raises(AccessError):
        frozen.write({'level': 2})


def test_acl_row_without_group_opens_the_model_to_everyone(env, plain):
    """An ir.model.access row with no group grants its perms to every user."""
    secret = env['test.orm.secret'].create({'name': 'now readable'})
    env['ir.model.access'].create({
        'name': 'test.orm.secret everyone read',
        'model_id': env.ref('test_orm_a.model_test_orm_secret').id,
        'perm_read': True, 'perm_write': False, 'perm_create': False, 'perm_unlink': False,
    })
    assert secret.with_user(plain).read(['name'])[0]['name'] == 'now readable'
    with pytest.raises(AccessError):
        secret.with_user(plain).write({'name': 'still not writable'})


def test_adding_a_group_to_a_user_grants_its_access(env, plain, order_factory):
    """After groups_id += group_a_user the user may read orders."""
    order = order_factory(name='Sec late group')
    with pytest.raises(AccessError):
        order.with_user(plain).read(['name'])
    plain.write({'groups_id': [(4, env.ref('test_orm_a.group_a_user').id)]})
    assert plain.has_group('test_orm_a.group_a_user')
    assert order.with_user(plain).read(['name'])[0]['name'] == 'Sec late group'


def test_sudo_create_keeps_the_real_user_as_creator(env, user):
    """sudo() does not change uid: records created in sudo mode have create_uid = the user."""
    order = env['test.orm.order'].with_user(user).sudo().create({'name': 'Sec sudo create'})
    assert order.create_uid == user
