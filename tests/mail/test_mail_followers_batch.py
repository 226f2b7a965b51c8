"""Followers and creation notes of many records at once (bench W1, issue 7): one subscription per
assigned user, one INSERT of the followers' subtypes, one create of the creation notes."""
from flectra.tests import new_test_user


def test_batch_creation_subscribes_and_logs_every_record(env):
    users = [new_test_user(env, login='fb_user_%d' % i) for i in range(2)]
    Ticket = env['test.mail.ticket']
    tickets = Ticket.create([{'name': 'FB %d' % i, 'user_id': users[i % 2].id if i < 4 else False}
                             for i in range(5)])
    default_subtypes = env['mail.message.subtype']._default_subtypes(Ticket._name)
    for i, ticket in enumerate(tickets):
        expected = env.user.partner_id | (users[i % 2].partner_id if i < 4 else env['res.partner'])
        assert ticket.message_partner_ids == expected
        for follower in ticket.message_follower_ids:
            assert follower.subtype_ids == default_subtypes
        notes = ticket.message_ids
        assert len(notes) == 1
        assert notes.record_name == 'FB %d' % i and notes.subtype_id == env.ref('mail.mt_note')
        assert notes.author_id == env.user.partner_id and notes.body == '<p>Test Ticket created</p>'
    env.invalidate_all()
    rows = env['mail.followers'].search([('res_model', '=', Ticket._name), ('res_id', 'in', tickets.ids)])
    assert all(row.subtype_ids == default_subtypes for row in rows) and len(rows) == 9


def test_followers_with_other_subtype_commands_still_work(env, ticket):
    partner = env['res.partner'].create({'name': 'FB partner'})
    note = env.ref('mail.mt_note')
    follower = env['mail.followers'].create({'res_model': ticket._name, 'res_id': ticket.id,
                                             'partner_id': partner.id, 'subtype_ids': [(4, note.id)]})
    assert follower.subtype_ids == note
    other = env['res.partner'].create({'name': 'FB other'})
    plain = env['mail.followers'].create({'res_model': ticket._name, 'res_id': ticket.id, 'partner_id': other.id})
    assert not plain.subtype_ids
