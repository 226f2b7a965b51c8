"""Activities: deadlines and their state in the assignee's time zone, scheduling, marking done."""
import datetime

import pytest

from fazhi.tools import clock
from flectra import fields
from flectra.exceptions import AccessError
from flectra.tests import new_test_user

DAY = 24 * 3600


@pytest.fixture
def user(env):
    return new_test_user(env, login='act_user', name='Wang Wu', tz='Asia/Shanghai')


def user_today(env, user):
    return fields.Date.context_today(env['mail.activity'].with_context(tz=user.tz))


def make_activity(env, ticket, user, days=0, **vals):
    vals.setdefault('summary', 'Call the applicant')
    return env['mail.activity'].create(dict(vals, res_model_id=env['ir.model']._get_id(ticket._name),
                                            res_id=ticket.id, user_id=user.id,
                                            date_deadline=user_today(env, user) + datetime.timedelta(days=days)))


def test_state_against_the_assignee_today(env, ticket, user):
    overdue = make_activity(env, ticket, user, -1)
    today = make_activity(env, ticket, user, 0)
    planned = make_activity(env, ticket, user, 3)
    assert (overdue.state, today.state, planned.state) == ('overdue', 'today', 'planned')


def test_state_follows_the_shifted_clock(env, ticket, user):
    activity = make_activity(env, ticket, user, 1)
    assert activity.state == 'planned'
    clock.set_offset(DAY)
    activity.invalidate_recordset(['state'])  # non-stored compute cached for the transaction
    assert activity.state == 'today'
    clock.set_offset(2 * DAY)
    activity.invalidate_recordset(['state'])
    assert activity.state == 'overdue'


def test_state_uses_the_assignee_time_zone(env, ticket):
    """At 20:00 UTC it is already tomorrow in Shanghai (UTC+8) but still today in UTC."""
    utc_user = new_test_user(env, login='act_utc', tz='UTC')
    cn_user = new_test_user(env, login='act_cn', tz='Asia/Shanghai')
    now = clock.now()
    target = now.replace(hour=20, minute=0, second=0, microsecond=0)
    clock.set_offset((target - now).total_seconds())
    utc_date = clock.now().date()
    Activity = env['mail.activity']
    model_id = env['ir.model']._get_id(ticket._name)
    for_utc = Activity.create({'res_model_id': model_id, 'res_id': ticket.id, 'user_id': utc_user.id,
                               'date_deadline': utc_date})
    for_cn = Activity.create({'res_model_id': model_id, 'res_id': ticket.id, 'user_id': cn_user.id,
                              'date_deadline': utc_date})
    assert for_utc.state == 'today'
    assert for_cn.state == 'overdue'


def test_defaults(env, ticket):
    activity = env['mail.activity'].create({'res_model': ticket._name, 'res_id': ticket.id})
    assert activity.user_id == env.user
    assert activity.activity_type_id == env.ref('mail.mail_activity_data_todo')
    assert activity.date_deadline == fields.Date.context_today(activity)
    assert activity.res_model == 'test.mail.ticket' and activity.res_name == ticket.name


def test_mixin_fields_show_the_most_urgent_activity(env, ticket, user):
    assert not ticket.activity_ids and not ticket.activity_state
    planned = make_activity(env, ticket, user, 5, summary='Later')
    assert ticket.activity_state == 'planned' and ticket.activity_date_deadline == planned.date_deadline
    urgent = make_activity(env, ticket, user, -2, summary='Late')
    assert ticket.activity_ids == urgent + planned
    assert ticket.activity_state == 'overdue'
    assert ticket.activity_date_deadline == urgent.date_deadline
    assert ticket.activity_summary == 'Late' and ticket.activity_user_id == user


def test_search_by_activity_state_and_user(env, ticket_factory, user):
    late, on_time, idle = ticket_factory(), ticket_factory(), ticket_factory()
    make_activity(env, late, user, -1)
    make_activity(env, on_time, user, 4)
    Ticket = env['test.mail.ticket']
    assert late in Ticket.search([('activity_state', '=', 'overdue')])
    assert on_time not in Ticket.search([('activity_state', '=', 'overdue')])
    assert on_time in Ticket.search([('activity_state', '=', 'planned')])
    assert idle not in Ticket.search([('activity_user_id', '=', user.id)])
    assert late in Ticket.search([('activity_user_id', '=', user.id)])


def test_action_feedback_posts_and_removes(env, ticket, user):
    activity = make_activity(env, ticket, user, 0, summary='Collect evidence')
    message_id = activity.action_feedback(feedback='Evidence received\nsee file')
    assert not activity.exists()
    message = env['mail.message'].browse(message_id)
    assert message.model == 'test.mail.ticket' and message.res_id == ticket.id
    assert message.subtype_id == env.ref('mail.mt_activities')
    assert message.mail_activity_type_id == env.ref('mail.mail_activity_data_todo')
    assert 'Collect evidence' in message.body
    assert 'Evidence received<br>see file' in message.body.replace('<br/>', '<br>')
    assert not ticket.activity_ids


def test_action_done(env, ticket, user):
    activity = make_activity(env, ticket, user)
    assert env['mail.message'].browse(activity.action_done()).exists()
    assert not activity.exists()


def test_activity_schedule_defaults_from_the_type(env, ticket):
    activity = ticket.activity_schedule('mail.mail_activity_data_call')
    call = env.ref('mail.mail_activity_data_call')
    assert activity.activity_type_id == call and activity.automated
    assert activity.date_deadline == fields.Date.context_today(ticket) + datetime.timedelta(days=call.delay_count)
    assert activity.user_id == env.user
    assert activity in ticket.activity_ids


def test_activity_schedule_explicit_values(env, ticket, user):
    deadline = datetime.date(2030, 1, 15)
    activity = ticket.activity_schedule('mail.mail_activity_data_meeting', date_deadline=deadline,
                                        summary='Hearing', note='Room 2', user_id=user.id)
    assert (activity.date_deadline, activity.summary, activity.user_id) == (deadline, 'Hearing', user)
    assert 'Room 2' in activity.note
    assert user.partner_id in ticket.message_partner_ids


def test_activity_feedback_and_unlink_by_type(env, ticket, user):
    ticket.activity_schedule('mail.mail_activity_data_call', user_id=user.id)
    ticket.activity_schedule('mail.mail_activity_data_todo')
    ticket.activity_feedback(['mail.mail_activity_data_call'], feedback='Called')
    assert ticket.activity_ids.activity_type_id == env.ref('mail.mail_activity_data_todo')
    assert any('Called' in m.body for m in ticket.message_ids)
    ticket.activity_unlink(['mail.mail_activity_data_todo'], user_id=user.id)
    assert ticket.activity_ids  # another user's activity stays
    ticket.activity_unlink(['mail.mail_activity_data_todo'])
    assert not ticket.activity_ids


def test_unlink_record_removes_its_activities(env, ticket, user):
    activity = make_activity(env, ticket, user)
    ticket.unlink()
    assert not activity.exists()


def test_user_without_write_access_cannot_edit_others_activities(env, ticket, user):
    activity = make_activity(env, ticket, user)
    portal = new_test_user(env, login='act_portal', groups='base.group_portal')
    with pytest.raises(AccessError):
        activity.with_user(portal).write({'summary': 'Hacked'})


def test_assignee_can_mark_own_activity_done(env, ticket, user):
    activity = make_activity(env, ticket, user)
    assert activity.with_user(user).action_feedback(feedback='ok')
    assert not activity.exists()
