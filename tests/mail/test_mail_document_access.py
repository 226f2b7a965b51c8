"""Chatter follows its document (issue 11 item 2), at the ORM level: a record rule on the ticket
hides its messages, tracking values, activities and followers; moving a row to a document the
user may not write is refused; tracked fields the reader may not see keep their changes hidden."""
import pytest
from flectra.exceptions import AccessError
from flectra.tests import new_test_user


@pytest.fixture
def own_tickets_only(env):
    """Internal users see the tickets assigned to them only."""
    env['ir.rule'].create({
        'name': 'own tickets', 'model_id': env['ir.model']._get_id('test.mail.ticket'),
        'domain_force': "[('user_id', '=', user.id)]", 'groups': [(4, env.ref('base.group_user').id)]})


@pytest.fixture
def users(env):
    return (new_test_user(env, login='doc_a', groups='base.group_user'),
            new_test_user(env, login='doc_b', groups='base.group_user'))


def test_rule_on_the_document_hides_its_chatter(env, ticket_factory, users, own_tickets_only):
    user_a, user_b = users
    mine, theirs = ticket_factory(user_id=user_a.id), ticket_factory(user_id=user_b.id)
    for ticket in (mine, theirs):
        ticket.message_post(body='note %s' % ticket.id)
        ticket.write({'amount': 5.0 + ticket.id})
        ticket.activity_schedule(summary='call %s' % ticket.id, user_id=user_b.id)
    env.cr.precommit.run()
    as_a = env(user=user_a.id)
    Message = as_a['mail.message']
    assert set(Message.search([('model', '=', 'test.mail.ticket')]).mapped('res_id')) == {mine.id}
    assert Message.search_count([('res_id', '=', theirs.id), ('model', '=', 'test.mail.ticket')]) == 0
    hidden = env['mail.message'].search([('model', '=', 'test.mail.ticket'), ('res_id', '=', theirs.id)])
    with pytest.raises(AccessError):
        hidden.with_user(user_a).read(['body'])
    assert not as_a['mail.tracking.value'].search([('mail_message_id', 'in', hidden.ids)])
    assert as_a['mail.activity'].search([('res_model', '=', 'test.mail.ticket')]).mapped('res_id') == [mine.id]
    assert not as_a['mail.followers'].search([('res_model', '=', 'test.mail.ticket'), ('res_id', '=', theirs.id)])
    groups = Message.read_group([('model', '=', 'test.mail.ticket')], ['res_id'], ['res_id'])
    assert {g['res_id'] for g in groups} == {mine.id}
    # the author still reads their own message, even once the document is out of reach
    own = mine.with_user(user_a).message_post(body='mine')
    mine.user_id = user_b
    assert own.with_user(user_a).read(['body'])[0]['body']


def test_moving_chatter_to_a_forbidden_document_is_refused(env, ticket_factory, users, own_tickets_only):
    user_a, user_b = users
    mine, theirs = ticket_factory(user_id=user_a.id), ticket_factory(user_id=user_b.id)
    with pytest.raises(AccessError), env.cr.savepoint():
        env['mail.followers'].with_user(user_a).create({'res_model': 'test.mail.ticket', 'res_id': theirs.id,
                                                        'partner_id': user_a.partner_id.id})
    message = mine.with_user(user_a).message_post(body='moved?')
    with pytest.raises(AccessError), env.cr.savepoint():
        message.with_user(user_a).write({'res_id': theirs.id})
    follower = env['mail.followers'].search([('res_model', '=', 'test.mail.ticket'), ('res_id', '=', mine.id),
                                             ('partner_id', '=', user_a.partner_id.id)])
    with pytest.raises(AccessError), env.cr.savepoint():
        follower.with_user(user_a).write({'res_id': theirs.id})
    activity = mine.activity_schedule(summary='mine', user_id=user_a.id)
    with pytest.raises(AccessError), env.cr.savepoint():
        activity.with_user(user_a).write({'res_id': theirs.id})
    env.invalidate_all()
    assert (message.res_id, follower.res_id, activity.res_id) == (mine.id, mine.id, mine.id)


def test_changes_of_a_field_the_reader_may_not_see_stay_hidden(env, ticket, users):
    user_a, _user_b = users
    ticket.write({'internal_note': 'only for administrators', 'amount': 7.0})
    env.cr.precommit.run()
    message = ticket.message_ids.filtered('tracking_value_ids')[:1]
    assert set(message.tracking_value_ids.mapped('field')) == {'internal_note', 'amount'}
    visible = env(user=user_a.id)['mail.tracking.value'].search([('mail_message_id', '=', message.id)])
    assert visible.mapped('field') == ['amount']
    admin = env.ref('base.user_admin')
    seen = env(user=admin.id)['mail.tracking.value'].search([('mail_message_id', '=', message.id)])
    assert set(seen.mapped('field')) == {'internal_note', 'amount'}
