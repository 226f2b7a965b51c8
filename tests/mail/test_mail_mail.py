"""Outgoing mail through a real local SMTP server (aiosmtpd): delivery, retries, failures."""
import datetime

from fazhi.tools import clock
from flectra.exceptions import UserError

import pytest


def make_mail(env, **vals):
    vals.setdefault('subject', '行政复议决定书送达通知')
    vals.setdefault('body_html', '<p>您好，复议决定已作出。</p>')
    vals.setdefault('email_from', '"司法局" <office@example.com>')
    vals.setdefault('email_to', 'applicant@example.com')
    return env['mail.mail'].create(vals)


def plain(message):
    return message.get_body(preferencelist=('plain',)).get_content()


def html(message):
    return message.get_body(preferencelist=('html',)).get_content()


def test_chinese_subject_and_body_arrive_intact(env, mail_server, smtp_server):
    partner = env['res.partner'].create({'name': '张三', 'email': 'zhangsan@example.com'})
    mail = make_mail(env, recipient_ids=[(6, 0, partner.ids)], email_cc='cc@example.com',
                     reply_to='reply@example.com')
    mail.send()
    assert mail.state == 'sent' and mail.attempt == 0
    [received] = smtp_server.messages
    assert received['Subject'] == '行政复议决定书送达通知'
    assert '您好，复议决定已作出。' in plain(received)
    assert '<p>您好，复议决定已作出。</p>' in html(received)
    assert received['From'].addresses[0].addr_spec == 'office@example.com'
    assert received['From'].addresses[0].display_name == '司法局'
    to = {a.addr_spec: a.display_name for a in received['To'].addresses}
    assert to == {'zhangsan@example.com': '张三', 'applicant@example.com': ''}
    assert received['Cc'] == 'cc@example.com' and received['Reply-To'] == 'reply@example.com'
    assert received['Message-Id'] == mail.message_id and received['Date']
    mail_from, rcpt_tos = smtp_server.handler.envelopes[0]
    assert mail_from == 'office@example.com'
    assert sorted(rcpt_tos) == ['applicant@example.com', 'cc@example.com', 'zhangsan@example.com']


def test_process_email_queue_sends_due_mails_only(env, mail_server, smtp_server):
    due = make_mail(env, subject='due')
    later = make_mail(env, subject='later', scheduled_date=clock.now() + datetime.timedelta(hours=1))
    env['mail.mail'].process_email_queue()
    assert due.state == 'sent' and later.state == 'outgoing'
    assert [m['Subject'] for m in smtp_server.messages] == ['due']


def test_process_email_queue_limited_to_ids(env, mail_server, smtp_server):
    first, second = make_mail(env, subject='first'), make_mail(env, subject='second')
    env['mail.mail'].process_email_queue(ids=second.ids)
    assert (first.state, second.state) == ('outgoing', 'sent')


def test_auto_delete_keeps_the_chatter_message(env, mail_server, smtp_server, ticket):
    env.user.partner_id.email = 'admin@example.com'
    partner = env['res.partner'].create({'name': 'Follower', 'email': 'follower@example.com'})
    message = ticket.message_post(body='通知', partner_ids=partner.ids, message_type='comment',
                                  subtype_xmlid='mail.mt_comment')
    mail = env['mail.mail'].search([('mail_message_id', '=', message.id)])
    env['mail.mail'].process_email_queue()
    assert not mail.exists() and message.exists()
    [received] = smtp_server.messages
    assert received['To'].addresses[0].addr_spec == 'follower@example.com'
    assert received['Subject'] == ticket.name  # no subject: the record name
    assert received['From'].addresses[0].addr_spec == 'admin@example.com'


def test_default_sender_from_system_parameter(env, mail_server, smtp_server):
    env['ir.config_parameter'].set_param('mail.default.from', 'noreply@example.com')
    mail = make_mail(env, email_from=False)
    mail.send()
    assert mail.state == 'sent'
    assert smtp_server.messages[0]['From'] == 'noreply@example.com'


def test_refused_connection_retries_later_then_succeeds(env, smtp_server, closed_port):
    server = env['ir.mail_server'].create({'name': 'Down', 'smtp_host': '127.0.0.1', 'smtp_port': closed_port})
    mail = make_mail(env)
    env['mail.mail'].process_email_queue()
    assert (mail.state, mail.attempt) == ('outgoing', 1)
    assert mail.scheduled_date > clock.now() and 'connection' in mail.failure_reason.lower()
    server.smtp_port = smtp_server.port
    env['mail.mail'].process_email_queue()
    assert mail.state == 'outgoing' and not smtp_server.messages  # not due yet
    clock.set_offset(120)
    env['mail.mail'].process_email_queue()
    assert mail.state == 'sent' and len(smtp_server.messages) == 1


def test_backoff_grows_and_gives_up(env, closed_port):
    env['ir.mail_server'].create({'name': 'Down', 'smtp_host': '127.0.0.1', 'smtp_port': closed_port})
    mail = make_mail(env)
    delays = []
    for attempt in range(1, 6):
        clock.advance(3600)
        before = clock.now().replace(microsecond=0)
        env['mail.mail'].process_email_queue()
        assert mail.attempt == attempt
        if mail.state == 'outgoing':
            delays.append((mail.scheduled_date - before).total_seconds())
    assert delays == [60, 120, 240, 480]
    assert mail.state == 'exception'


def test_550_reply_marks_exception(env, mail_server, smtp_server):
    mail = make_mail(env, email_to='reject@example.com')
    env['mail.mail'].process_email_queue()
    assert (mail.state, mail.attempt) == ('exception', 1)
    assert '550' in mail.failure_reason and not smtp_server.messages


def test_451_reply_is_transient(env, mail_server, smtp_server):
    mail = make_mail(env, email_to='later@example.com')
    mail.send()
    assert (mail.state, mail.attempt) == ('outgoing', 1) and '451' in mail.failure_reason


def test_bad_address_is_permanent(env, mail_server, smtp_server):
    mail = make_mail(env, email_to='not-an-address')
    mail.send()
    assert mail.state == 'exception' and 'not-an-address' in mail.failure_reason


def test_send_raise_exception(env, mail_server, smtp_server):
    import smtplib
    mail = make_mail(env, email_to='reject@example.com')
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        mail.send(raise_exception=True)


def test_without_server_mails_stay_outgoing(env, no_env_smtp):
    mail = make_mail(env)
    env['mail.mail'].process_email_queue()
    assert (mail.state, mail.attempt) == ('outgoing', 0)
    with pytest.raises(UserError):
        mail.send(raise_exception=True)


def test_environment_fallback_server(env, smtp_server, monkeypatch):
    monkeypatch.setenv('FAZHI_SMTP_HOST', smtp_server.host)
    monkeypatch.setenv('FAZHI_SMTP_PORT', str(smtp_server.port))
    mail = make_mail(env)
    env['mail.mail'].process_email_queue()
    assert mail.state == 'sent' and len(smtp_server.messages) == 1


def test_from_filter_picks_the_server(env, smtp_server, closed_port):
    env['ir.mail_server'].create({'name': 'Other domain', 'smtp_host': '127.0.0.1', 'smtp_port': closed_port,
                                  'from_filter': 'elsewhere.org', 'sequence': 1})
    env['ir.mail_server'].create({'name': 'Ours', 'smtp_host': smtp_server.host, 'smtp_port': smtp_server.port,
                                  'from_filter': 'example.com', 'sequence': 5})
    mail = make_mail(env)
    mail.send()
    assert mail.state == 'sent'


def test_template_force_send(env, mail_server, smtp_server, ticket):
    template = env['mail.template'].create({
        'name': 'Notice', 'model_id': env['ir.model']._get_id('test.mail.ticket'),
        'subject': '关于 {{ object.name }}', 'body_html': '<p>{{ object.name }}</p>',
        'email_from': 'office@example.com', 'email_to': 'x@example.com', 'auto_delete': False})
    mail = env['mail.mail'].browse(template.send_mail(ticket.id, force_send=True))
    assert mail.state == 'sent'
    assert smtp_server.messages[0]['Subject'] == '关于 %s' % ticket.name


def test_cron_runs_the_queue(env, mail_server, smtp_server):
    make_mail(env)
    cron = env.ref('mail.ir_cron_mail_scheduler_action')
    assert (cron.interval_number, cron.interval_type, cron.numbercall) == (1, 'minutes', -1)
    cron.method_direct_trigger()
    assert len(smtp_server.messages) == 1


def test_test_smtp_connection(env, mail_server, closed_port):
    assert mail_server.test_smtp_connection()
    mail_server.smtp_port = closed_port
    with pytest.raises(UserError):
        mail_server.test_smtp_connection()


def test_attachments_travel_with_the_mail(env, mail_server, smtp_server):
    """A served document goes out as a real attachment, bytes intact."""
    import base64
    content = '行政复议决定书'.encode() + bytes(range(256))
    attachment = env['ir.attachment'].create({'name': '决定书.docx', 'datas': base64.b64encode(content),
                                              'mimetype': 'application/vnd.openxmlformats-officedocument.'
                                                          'wordprocessingml.document'})
    mail = make_mail(env, attachment_ids=[(6, 0, attachment.ids)])
    mail.send()
    message = smtp_server.messages[-1]
    parts = list(message.iter_attachments())
    assert len(parts) == 1
    assert parts[0].get_filename() == '决定书.docx'
    assert parts[0].get_content() == content


def test_only_the_system_sends_the_queue(env, mail_server, smtp_server):
    """Issue 11 item 9: an ordinary user cannot send, re-send or run the mail queue."""
    from flectra.exceptions import AccessError
    from flectra.tests import new_test_user
    clerk = new_test_user(env, login='queue_clerk', groups='base.group_user')
    mail = make_mail(env)
    for call in (lambda: mail.with_user(clerk).send(), lambda: mail.with_user(clerk).action_retry(),
                 lambda: env['mail.mail'].with_user(clerk).process_email_queue()):
        with pytest.raises(AccessError):
            call()
    assert mail.state == 'outgoing' and not smtp_server.messages
    admin = env.ref('base.user_admin')
    mail.with_user(admin).send()
    assert mail.state == 'sent' and len(smtp_server.messages) == 1


def test_interrupted_mail_waits_for_the_administrator(env, mail_server, smtp_server, monkeypatch):
    """Issue 18: a mail claimed (handed to SMTP) and never marked is not sent again by the queue;
    after the claim timeout it shows as 'unknown' until the administrator confirms or re-sends it."""
    monkeypatch.setenv('FAZHI_QUEUE_CLAIM_TIMEOUT', '600')
    mail = make_mail(env)
    mail.write({'state': 'sending', 'sending_date': clock.now()})      # a worker died after the claim
    env['mail.mail'].process_email_queue()
    assert mail.state == 'sending' and not smtp_server.messages         # within the timeout: left alone
    clock.set_offset(601)
    env['mail.mail'].process_email_queue()
    assert mail.state == 'unknown' and 'confirm' in mail.failure_reason.lower()
    assert not smtp_server.messages                                     # never re-sent on its own
    other = make_mail(env, subject='other')
    other.write({'state': 'unknown'})
    mail.action_confirm_sent()
    other.action_retry()
    env['mail.mail'].process_email_queue()
    assert (mail.state, other.state) == ('sent', 'sent')
    assert [m['Subject'] for m in smtp_server.messages] == ['other']
