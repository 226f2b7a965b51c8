"""mail.template: {{ object.field.path }} placeholders only; send_mail queues a mail.mail."""
import pytest

from flectra.exceptions import UserError


@pytest.fixture
def template(env):
    return env['mail.template'].create({
        'name': 'Ticket notice',
        'model_id': env['ir.model']._get_id('test.mail.ticket'),
        'subject': '案件 {{ object.name }} 状态 {{ object.state }}',
        'body_html': '<p>Dear {{ object.partner_id.name or "customer" }}, amount {{ object.amount }}</p>',
        'email_from': 'office@example.com',
        'email_to': '{{ object.partner_id.email }}',
        'partner_to': '{{ object.partner_id.id }}',
    })


@pytest.fixture
def customer(env):
    return env['res.partner'].create({'name': '赵六 <b>', 'email': 'zhao@example.com'})


def test_render_follows_field_paths(env, template, ticket, customer):
    ticket.write({'partner_id': customer.id, 'amount': 7.5, 'name': '复议-001'})
    assert template._render_field('subject', ticket.ids) == {ticket.id: '案件 复议-001 状态 draft'}
    body = template._render_field('body_html', ticket.ids)[ticket.id]
    assert 'Dear 赵六 &lt;b&gt;, amount 7.5' in body


def test_empty_value_uses_the_or_literal(env, template, ticket):
    assert 'Dear customer,' in template._render_field('body_html', ticket.ids)[ticket.id]
    assert template._render_field('email_to', ticket.ids) == {ticket.id: ''}


def test_render_several_records(env, template, ticket_factory):
    first, second = ticket_factory(name='A'), ticket_factory(name='B')
    rendered = template._render_field('subject', (first + second).ids)
    assert rendered == {first.id: '案件 A 状态 draft', second.id: '案件 B 状态 draft'}


@pytest.mark.parametrize('placeholder', [
    '{{ object.__class__ }}',
    '{{ object.name.upper() }}',
    '{{ object.env }}',
    '{{ object._name }}',
    '{{ object.message_post() }}',
    "{{ object['name'] }}",
    '{{ 1 + 1 }}',
    '{{ user.name }}',
])
def test_anything_but_a_field_path_is_refused(env, template, ticket, placeholder):
    template.subject = 'x %s' % placeholder
    with pytest.raises(UserError):
        template._render_field('subject', ticket.ids)


def test_send_mail_queues_a_rendered_mail(env, template, ticket, customer):
    ticket.partner_id = customer
    mail = env['mail.mail'].browse(template.send_mail(ticket.id))
    assert mail.state == 'outgoing'
    assert mail.subject == '案件 %s 状态 draft' % ticket.name
    assert mail.email_to == 'zhao@example.com' and mail.recipient_ids == customer
    assert mail.email_from == 'office@example.com'
    assert (mail.model, mail.res_id, mail.message_type) == ('test.mail.ticket', ticket.id, 'email')
    assert mail.auto_delete and not mail.is_notification
