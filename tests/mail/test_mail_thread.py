"""mail.thread: message_post, notifications by e-mail, followers, chatter cleanup (addon-api.md §16)."""
import pytest
from markupsafe import Markup

from flectra.exceptions import AccessError
from flectra.tests import new_test_user


@pytest.fixture
def partner(env):
    return env['res.partner'].create({'name': '李四', 'email': 'lisi@example.com'})


def test_plain_text_body_is_escaped(env, ticket):
    message = ticket.message_post(body='<script>alert(1)</script> & 5 < 6')
    assert '<script>' not in message.body
    assert '&lt;script&gt;' in message.body and '&amp;' in message.body


def test_markup_body_is_kept_as_html(env, ticket):
    message = ticket.message_post(body=Markup('<p>Hearing on <b>Monday</b></p>'))
    assert message.body == '<p>Hearing on <b>Monday</b></p>'


def test_message_post_links_the_message_to_the_record(env, ticket):
    message = ticket.message_post(body='Hello', subject='Greeting', message_type='comment',
                                  subtype_xmlid='mail.mt_comment')
    assert (message.model, message.res_id, message.record_name) == ('test.mail.ticket', ticket.id, ticket.name)
    assert message.subtype_id == env.ref('mail.mt_comment') and message.message_type == 'comment'
    assert message.subject == 'Greeting'
    assert message in ticket.message_ids
    assert message.author_id == env.user.partner_id


def test_message_post_defaults_to_a_note(env, ticket):
    message = ticket.message_post(body='Note')
    assert message.subtype_id == env.ref('mail.mt_note') and message.message_type == 'notification'


def test_message_post_is_keyword_only_and_refuses_model(env, ticket):
    with pytest.raises(TypeError):
        ticket.message_post('positional body')
    with pytest.raises(ValueError):
        ticket.message_post(body='x', model='res.partner')


def test_messages_of_another_model_with_the_same_id_stay_apart(env, ticket):
    env['mail.message'].create({'model': 'res.partner', 'res_id': ticket.id, 'body': 'other'})
    assert all(m.model == 'test.mail.ticket' for m in ticket.message_ids)


def test_partner_recipients_get_a_queued_mail(env, ticket, partner):
    message = ticket.message_post(body='Please check', partner_ids=[partner.id], message_type='comment',
                                  subtype_xmlid='mail.mt_comment')
    mails = env['mail.mail'].search([('mail_message_id', '=', message.id)])
    assert len(mails) == 1
    assert mails.recipient_ids == partner and mails.state == 'outgoing'
    assert mails.is_notification and 'Please check' in mails.body_html
    assert message.partner_ids == partner


def test_followers_of_the_subtype_are_notified_never_the_author(env, ticket, partner):
    author = env['res.partner'].create({'name': 'Author', 'email': 'author@example.com'})
    no_email = env['res.partner'].create({'name': 'No Email'})
    ticket.message_subscribe(partner_ids=[partner.id, author.id, no_email.id])
    message = ticket.message_post(body='Discussion', message_type='comment', subtype_xmlid='mail.mt_comment',
                                  author_id=author.id)
    mails = env['mail.mail'].search([('mail_message_id', '=', message.id)])
    assert mails.mapped('recipient_ids') == partner


def test_internal_note_does_not_notify_followers(env, ticket, partner):
    ticket.message_subscribe(partner_ids=[partner.id])
    message = ticket.message_post(body='Internal', subtype_xmlid='mail.mt_note')
    assert not env['mail.mail'].search([('mail_message_id', '=', message.id)])


def test_attachments_are_created_on_the_record(env, ticket):
    message = ticket.message_post(body='See file', attachments=[('note.txt', b'hello')])
    attachment = message.attachment_ids
    assert attachment.name == 'note.txt' and attachment.res_model == 'test.mail.ticket'
    assert attachment.res_id == ticket.id and attachment.raw == b'hello'


def test_creator_follows_the_new_record(env, ticket):
    assert env.user.partner_id in ticket.message_partner_ids
    assert ticket.message_is_follower


def test_mail_create_nosubscribe(env):
    ticket = env['test.mail.ticket'].with_context(mail_create_nosubscribe=True).create({'name': 'Alone'})
    assert not ticket.message_follower_ids


def test_assigned_user_becomes_a_follower(env, ticket):
    user = new_test_user(env, login='assignee')
    ticket.user_id = user
    assert user.partner_id in ticket.message_partner_ids


def test_subscribe_is_unique_per_record_and_partner(env, ticket, partner):
    ticket.message_subscribe(partner_ids=[partner.id])
    ticket.message_subscribe(partner_ids=[partner.id, partner.id])
    followers = ticket.message_follower_ids.filtered(lambda f: f.partner_id == partner)
    assert len(followers) == 1
    assert followers.subtype_ids == env.ref('mail.mt_comment')


def test_database_refuses_a_duplicate_follower(env, ticket, partner):
    import psycopg2
    ticket.message_subscribe(partner_ids=[partner.id])
    with pytest.raises(psycopg2.IntegrityError):
        with env.cr.savepoint():
            env['mail.followers'].create({'res_model': ticket._name, 'res_id': ticket.id,
                                          'partner_id': partner.id})


def test_subscribe_with_subtypes_replaces_them(env, ticket, partner):
    ticket.message_subscribe(partner_ids=[partner.id])
    note = env.ref('mail.mt_note')
    ticket.message_subscribe(partner_ids=[partner.id], subtype_ids=note.ids)
    follower = ticket.message_follower_ids.filtered(lambda f: f.partner_id == partner)
    assert follower.subtype_ids == note


def test_unsubscribe(env, ticket, partner):
    ticket.message_subscribe(partner_ids=[partner.id])
    ticket.message_unsubscribe(partner_ids=[partner.id])
    assert partner not in ticket.message_partner_ids


def test_search_by_follower(env, ticket_factory, partner):
    followed, other = ticket_factory(), ticket_factory()
    followed.message_subscribe(partner_ids=[partner.id])
    found = env['test.mail.ticket'].search([('message_partner_ids', 'in', partner.ids)])
    assert followed in found and other not in found


def test_user_cannot_subscribe_others_without_write_access(env, ticket, partner):
    reader = new_test_user(env, login='reader_only', groups='base.group_portal')
    with pytest.raises(AccessError):
        ticket.with_user(reader).message_subscribe(partner_ids=[partner.id])


def test_internal_user_posts_and_follows(env, ticket, partner):
    user = new_test_user(env, login='poster')
    record = ticket.with_user(user)
    message = record.message_post(body='From a user', message_type='comment', subtype_xmlid='mail.mt_comment')
    assert message.author_id == user.partner_id
    record.message_subscribe(partner_ids=user.partner_id.ids)
    assert record.message_is_follower


def test_unlink_removes_messages_followers(env, ticket, partner):
    ticket.message_subscribe(partner_ids=[partner.id])
    ticket.message_post(body='bye')
    ticket_id = ticket.id
    ticket.unlink()
    assert not env['mail.message'].search([('model', '=', 'test.mail.ticket'), ('res_id', '=', ticket_id)])
    assert not env['mail.followers'].search([('res_model', '=', 'test.mail.ticket'), ('res_id', '=', ticket_id)])


def test_creation_note_in_the_users_language(env):
    ticket = env['test.mail.ticket'].with_context(lang='zh_CN').create({'name': '中文'})
    assert '已创建' in ticket.message_ids.body


def test_posting_needs_read_access(env, ticket):
    outsider = new_test_user(env, login='outsider', groups='base.group_portal')
    with pytest.raises(AccessError):
        ticket.with_user(outsider).message_post(body='hi')
