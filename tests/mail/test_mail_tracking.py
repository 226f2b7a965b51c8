"""Field tracking: the audit trail of tracked fields, written by the pre-commit hook (addon-api.md §16)."""
import datetime

from flectra.tests import new_test_user


def tracking_messages(record):
    return record.message_ids.filtered(lambda m: m.tracking_value_ids)


def tracked(record):
    """{field name: (old, new)} of the newest tracking message of ``record``."""
    message = tracking_messages(record)[:1]
    return {t.field: (t._value(new=False), t._value(new=True)) for t in message.tracking_value_ids}


def test_change_of_each_type_is_tracked_with_typed_values(env, ticket):
    """Selection (label), many2one (id + name), float, date, text, boolean, integer keep typed values."""
    user = new_test_user(env, login='trk_user', name='Zhang San')
    ticket.write({'state': 'open', 'user_id': user.id, 'amount': 12.5, 'deadline': '2026-03-01',
                  'description': 'Long text', 'urgent': True, 'count': 3})
    env.cr.precommit.run()
    message = tracking_messages(ticket)
    assert len(message) == 1
    values = {t.field: t for t in message.tracking_value_ids}
    assert (values['state'].old_value_char, values['state'].new_value_char) == ('Draft', 'Open')
    assert (values['user_id'].old_value_integer, values['user_id'].new_value_integer) == (0, user.id)
    assert values['user_id'].new_value_char == 'Zhang San'
    assert (values['amount'].old_value_float, values['amount'].new_value_float) == (0.0, 12.5)
    assert values['deadline'].new_value_datetime == datetime.datetime(2026, 3, 1)
    assert values['deadline']._value() == datetime.date(2026, 3, 1)
    assert values['description'].new_value_text == 'Long text'
    assert (values['urgent'].old_value_integer, values['urgent'].new_value_integer) == (0, 1)
    assert values['count'].new_value_integer == 3
    assert values['state'].field_id.name == 'state' and values['state'].field_id.model == 'test.mail.ticket'


def test_tracking_message_is_a_note_notification(env, ticket):
    ticket.amount = 3.0
    env.cr.precommit.run()
    message = tracking_messages(ticket)
    assert message.message_type == 'notification'
    assert message.subtype_id == env.ref('mail.mt_note')
    assert message.model == 'test.mail.ticket' and message.res_id == ticket.id
    assert message.author_id == env.user.partner_id


def test_values_follow_tracking_order(env, ticket):
    """Rows come in tracking order: sequence (True = 100), then field name."""
    user = new_test_user(env, login='trk_order')
    ticket.write({'amount': 1.0, 'count': 2, 'description': 'x', 'user_id': user.id, 'state': 'open'})
    env.cr.precommit.run()
    fields = tracking_messages(ticket).tracking_value_ids.mapped('field')
    assert fields == ['state', 'user_id', 'description', 'amount', 'count']


def test_several_writes_make_one_message_from_first_to_last_value(env, ticket):
    ticket.amount = 1.0
    ticket.amount = 2.0
    ticket.state = 'open'
    env.cr.precommit.run()
    assert len(tracking_messages(ticket)) == 1
    assert tracked(ticket) == {'amount': (0.0, 2.0), 'state': ('Draft', 'Open')}


def test_one_message_per_record(env, ticket_factory):
    tickets = ticket_factory() + ticket_factory()
    tickets.write({'state': 'open'})
    env.cr.precommit.run()
    for ticket in tickets:
        assert len(tracking_messages(ticket)) == 1
        assert tracked(ticket) == {'state': ('Draft', 'Open')}


def test_change_back_to_the_initial_value_logs_nothing(env, ticket):
    ticket.amount = 5.0
    ticket.amount = 0.0
    env.cr.precommit.run()
    assert not tracking_messages(ticket)


def test_untracked_field_produces_nothing(env, ticket):
    ticket.write({'note': 'internal', 'partner_id': env.ref('base.main_partner').id})
    env.cr.precommit.run()
    assert not tracking_messages(ticket)


def test_nothing_before_the_precommit_hook_runs(env, ticket):
    ticket.state = 'open'
    assert not tracking_messages(ticket)


def test_creation_logs_a_note_without_tracking_values(env, ticket_factory):
    ticket = ticket_factory(state='open', amount=4.0)
    env.cr.precommit.run()
    assert len(ticket.message_ids) == 1
    assert ticket.message_ids.message_type == 'notification'
    assert 'created' in ticket.message_ids.body
    assert not ticket.message_ids.tracking_value_ids


def test_write_after_create_tracks_from_created_values(env, ticket_factory):
    ticket = ticket_factory(amount=4.0)
    ticket.amount = 6.0
    env.cr.precommit.run()
    assert tracked(ticket) == {'amount': (4.0, 6.0)}


def test_mail_create_nolog_skips_the_creation_note(env):
    ticket = env['test.mail.ticket'].with_context(mail_create_nolog=True).create({'name': 'Quiet'})
    assert not ticket.message_ids
    assert env.user.partner_id in ticket.message_partner_ids


def test_mail_notrack_disables_tracking_only(env):
    Ticket = env['test.mail.ticket'].with_context(mail_notrack=True)
    ticket = Ticket.create({'name': 'No track'})
    ticket.write({'state': 'open'})
    env.cr.precommit.run()
    assert not tracking_messages(ticket)
    assert len(ticket.message_ids) == 1  # the creation note is still there


def test_tracking_disable_turns_everything_off(env):
    ticket = env['test.mail.ticket'].with_context(tracking_disable=True).create({'name': 'Silent'})
    ticket.with_context(tracking_disable=True).write({'state': 'open'})
    env.cr.precommit.run()
    assert not ticket.message_ids
    assert not ticket.message_follower_ids


def test_track_subtype_override_picks_the_subtype(env, ticket):
    ticket.state = 'done'
    env.cr.precommit.run()
    assert tracking_messages(ticket).subtype_id == env.ref('mail.mt_comment')


def test_deleted_record_logs_nothing(env, ticket):
    ticket.state = 'open'
    ticket_id = ticket.id
    ticket.unlink()
    env.cr.precommit.run()
    assert not env['mail.message'].search([('model', '=', 'test.mail.ticket'), ('res_id', '=', ticket_id)])


def test_writes_by_an_internal_user_are_tracked_with_that_author(env, ticket):
    user = new_test_user(env, login='trk_writer')
    ticket.with_user(user).write({'amount': 9.0})
    env.cr.precommit.run()
    assert tracking_messages(ticket).author_id == user.partner_id


def test_rollback_leaves_nothing(env, ticket):
    """A rolled-back transaction drops the captured values: nothing is logged afterwards."""
    ticket.state = 'open'
    assert env.cr.precommit.data
    env.cr.rollback()
    assert not env.cr.precommit.data
    env.cr.precommit.run()
    assert not env['mail.message'].search([('model', '=', 'test.mail.ticket')])


def test_tracking_labels_read_in_the_readers_language(env, ticket):
    """A change made without a language (script, cron) reads in Chinese to a Chinese reader:
    labels are stored in the source language and translated when read."""
    user = new_test_user(env, login='trk_lang', name='Li Si')
    ticket.with_context(lang=None).write({'state': 'open', 'user_id': user.id, 'urgent': True})
    env.cr.precommit.run()
    values = {t.field: t for t in tracking_messages(ticket)[:1].tracking_value_ids}
    assert values['state'].field_desc == 'State'
    assert values['state'].new_value_char == 'Open'
    zh = {name: t.with_context(lang='zh_CN') for name, t in values.items()}
    # the same words the ticket's form shows a Chinese reader
    zh_env = env(context=dict(env.context, lang='zh_CN'))
    labels = dict(zh_env['test.mail.ticket']._fields['state'].get_description(zh_env)['selection'])
    assert labels['open'] != 'Open'
    assert (zh['state'].field_label, zh['state'].old_value_label, zh['state'].new_value_label) == \
        ('状态', labels['draft'], labels['open'])
    assert (zh['user_id'].field_label, zh['user_id'].new_value_label) == ('经办人', 'Li Si')
    assert (zh['urgent'].old_value_label, zh['urgent'].new_value_label) == ('否', '是')
    en = values['state'].with_context(lang='en_US')
    assert (en.field_label, en.new_value_label) == ('State', 'Open')
