"""Outgoing SMS through a real loopback HTTP gateway: delivery, backoff, permanent errors, idempotency."""
import datetime
import logging

import pytest

from fazhi.tools import clock
from flectra.addons.sms.tools import sms_delivery
from flectra.exceptions import ValidationError

TOKEN = 'tok-SECRET-123'


def make_sms(env, **vals):
    vals.setdefault('number', '13800138000')
    vals.setdefault('body', '您的行政复议申请已受理。')
    return env['sms.sms'].create(vals)


def run_queue(env):
    env['sms.sms'].process_sms_queue()


# --- pure rules --------------------------------------------------------------------------------
@pytest.mark.parametrize('raw, expected', [
    ('13800138000', '13800138000'), ('+86 138-0013-8000', '13800138000'), ('0086 19912345678', '19912345678'),
    ('8613800138000', '13800138000'), ('12800138000', None), ('1380013800', None), ('010-12345678', None),
    ('', None), (None, None),
])
def test_normalize_number(raw, expected):
    assert sms_delivery.normalize_number(raw) == expected


def test_id_numbers_are_detected_and_masked():
    text = '申请人身份证号11010119700101000X，请补正'
    assert sms_delivery.contains_id_number(text)
    masked = sms_delivery.mask_id_numbers(text)
    assert '11010119700101000X' not in masked and '110101********000X' in masked
    assert not sms_delivery.contains_id_number(masked)
    assert not sms_delivery.contains_id_number('案号 县复〔2024〕12号，电话13800138000')


def test_retry_delay_doubles_and_is_capped():
    minutes = [sms_delivery.retry_delay(n).total_seconds() / 60 for n in range(1, 9)]
    assert minutes == [1, 2, 4, 8, 16, 32, 60, 60]
    assert sms_delivery.gives_up('permanent', 1) and not sms_delivery.gives_up('transient', 4)
    assert sms_delivery.gives_up('transient', sms_delivery.MAX_ATTEMPTS)


def test_gateway_repr_hides_the_token():
    gateway = sms_delivery.HttpSmsGateway('https://user:pw@gw.example.com/send?sig=1', token=TOKEN)
    assert TOKEN not in repr(gateway) and 'pw' not in repr(gateway) and 'sig' not in repr(gateway)


# --- the model ---------------------------------------------------------------------------------
def test_number_is_normalised_and_validated(env):
    sms = make_sms(env, number='+86 138 0013 8000')
    assert sms.number == '13800138000' and sms.state == 'outgoing' and len(sms.idempotency_key) == 32
    with pytest.raises(ValidationError):
        make_sms(env, number='12345')


def test_text_with_a_full_id_number_is_refused(env):
    with pytest.raises(ValidationError):
        make_sms(env, body='请携带身份证110101197001010008到场')
    sms = make_sms(env, body=sms_delivery.mask_id_numbers('请携带身份证110101197001010008到场'))
    assert '110101197001010008' not in sms.body


def test_each_message_has_its_own_key(env):
    first, second = make_sms(env), make_sms(env)
    assert first.idempotency_key != second.idempotency_key


def test_cron_runs_the_queue_every_minute(env):
    cron = env.ref('sms.ir_cron_sms_scheduler_action')
    assert cron.code == 'model.process_sms_queue()'
    assert (cron.interval_number, cron.interval_type) == (1, 'minutes')


def test_no_gateway_configured_keeps_messages_queued(env):
    env['ir.config_parameter'].set_param('sms.gateway_url', '')
    sms = make_sms(env)
    run_queue(env)
    assert sms.state == 'outgoing' and sms.attempts == 0


# --- through the loopback gateway ---------------------------------------------------------------
def test_sent_once_with_bearer_token_and_json_body(env, gateway_params, caplog):
    caplog.set_level(logging.DEBUG)
    sms = make_sms(env, body='复议案件已受理', res_model='res.partner', res_id=env.user.partner_id.id)
    run_queue(env)
    assert sms.state == 'sent' and sms.provider_message_id == 'gw-1' and sms.sent_at
    [(headers, payload)] = gateway_params.requests
    assert payload == {'to': '13800138000', 'text': '复议案件已受理', 'key': sms.idempotency_key}
    assert headers['Authorization'] == 'Bearer ' + TOKEN
    assert headers['Idempotency-Key'] == sms.idempotency_key
    run_queue(env)
    sms.send()
    assert len(gateway_params.requests) == 1
    assert gateway_params.deliveries == {sms.idempotency_key: 1}
    assert TOKEN not in caplog.text


def test_500_then_200_is_retried_after_the_backoff(env, gateway_params):
    gateway_params.script(500)
    sms = make_sms(env)
    run_queue(env)
    assert (sms.state, sms.attempts) == ('outgoing', 1)
    assert 'HTTP 500' in sms.error_message
    assert sms.next_attempt == clock.now().replace(microsecond=0) + datetime.timedelta(minutes=1) or \
        abs((sms.next_attempt - clock.now()).total_seconds() - 60) < 5
    run_queue(env)                       # not due yet: no request
    assert len(gateway_params.requests) == 1
    clock.set_offset(61)
    run_queue(env)
    assert sms.state == 'sent' and sms.attempts == 1 and not sms.error_message
    assert gateway_params.keys == [sms.idempotency_key] * 2
    assert gateway_params.deliveries == {sms.idempotency_key: 1}


def test_persistent_500_gives_up_after_the_retry_budget(env, gateway_params):
    gateway_params.script(*[500] * 10)
    sms = make_sms(env)
    waits, elapsed = [], 0
    for _attempt in range(sms_delivery.MAX_ATTEMPTS):
        run_queue(env)
        if sms.state != 'outgoing':
            break
        wait = (sms.next_attempt - clock.now()).total_seconds()
        waits.append(round(wait / 60))
        elapsed += wait + 1
        clock.set_offset(elapsed)
    assert waits == [1, 2, 4, 8]
    assert sms.state == 'error' and sms.attempts == sms_delivery.MAX_ATTEMPTS
    assert 'HTTP 500' in sms.error_message
    clock.set_offset(elapsed + 7200)
    run_queue(env)                       # failed messages are not retried by the queue
    assert len(gateway_params.requests) == sms_delivery.MAX_ATTEMPTS
    assert not gateway_params.deliveries


def test_max_attempts_is_configurable(env, gateway_params):
    env['ir.config_parameter'].set_param('sms.max_attempts', '2')
    gateway_params.script(500, 500)
    sms = make_sms(env)
    run_queue(env)
    clock.set_offset(61)
    run_queue(env)
    assert sms.state == 'error' and sms.attempts == 2


def test_400_is_a_permanent_error_with_the_reason(env, gateway_params):
    gateway_params.script(400)
    sms = make_sms(env)
    run_queue(env)
    assert sms.state == 'error' and sms.attempts == 1
    assert 'HTTP 400' in sms.error_message and 'invalid recipient' in sms.error_message
    clock.set_offset(3600)
    run_queue(env)
    assert len(gateway_params.requests) == 1


def test_retry_after_error_keeps_the_key(env, gateway_params):
    gateway_params.script(400)
    sms = make_sms(env)
    key = sms.idempotency_key
    run_queue(env)
    sms.action_retry()
    run_queue(env)
    assert sms.state == 'sent' and sms.idempotency_key == key


def test_dropped_connection_is_retried(env, gateway_params):
    gateway_params.script('drop')
    sms = make_sms(env)
    run_queue(env)
    assert sms.state == 'outgoing' and sms.attempts == 1 and sms.next_attempt
    clock.set_offset(61)
    run_queue(env)
    assert sms.state == 'sent'
    assert gateway_params.deliveries == {sms.idempotency_key: 1}


def test_lost_answer_is_not_delivered_twice(env, gateway_params):
    """The gateway took the message but the answer was lost: the retry's key is recognised."""
    gateway_params.script('accept_drop')
    sms = make_sms(env)
    run_queue(env)
    assert sms.state == 'outgoing' and sms.attempts == 1
    clock.set_offset(61)
    run_queue(env)
    assert sms.state == 'sent' and sms.provider_message_id == 'gw-1'
    assert gateway_params.keys == [sms.idempotency_key] * 2
    assert gateway_params.duplicates == [sms.idempotency_key]          # duplicate detected by the gateway
    assert gateway_params.deliveries == {sms.idempotency_key: 1}       # ... and dropped


def test_slow_answer_beyond_the_timeout_is_retried_without_a_second_delivery(env, gateway_params):
    gateway_params.script('slow')
    sms = make_sms(env)
    run_queue(env)
    assert sms.state == 'outgoing' and sms.attempts == 1
    assert 'timed out' in sms.error_message
    clock.set_offset(61)
    run_queue(env)
    assert sms.state == 'sent'
    assert gateway_params.deliveries == {sms.idempotency_key: 1}


def test_unreachable_gateway_is_transient(env, sms_gateway):
    from .conftest import free_port  # noqa: F401  (same helper; a closed port refuses at once)
    env['ir.config_parameter'].set_param('sms.gateway_url', 'http://127.0.0.1:%s/send' % free_port())
    sms = make_sms(env)
    run_queue(env)
    assert sms.state == 'outgoing' and sms.attempts == 1
    assert 'unreachable' in sms.error_message or 'failed' in sms.error_message


def test_many_messages_one_delivery_each(env, gateway_params):
    gateway_params.script(200, 500, 'accept_drop', 200)
    messages = env['sms.sms']
    for n in range(4):
        messages |= make_sms(env, body='通知 %s' % n)
    run_queue(env)
    clock.set_offset(61)
    run_queue(env)
    run_queue(env)
    assert set(messages.mapped('state')) == {'sent'}
    assert gateway_params.deliveries == {key: 1 for key in messages.mapped('idempotency_key')}


def test_interrupted_message_goes_again_with_its_key_and_arrives_once(env, gateway_params, monkeypatch):
    """Issue 18: a message handed to the gateway by a worker that died before marking it stays
    'sending'; after the claim timeout it is handed over again with the same key, which the
    gateway recognises: delivered once."""
    monkeypatch.setenv('FAZHI_QUEUE_CLAIM_TIMEOUT', '600')
    sms = make_sms(env)
    gateway_params.script('accept_drop')          # the gateway took it; the worker never heard back
    run_queue(env)
    sms.write({'state': 'sending', 'sending_date': clock.now()})     # as a killed worker leaves it
    run_queue(env)
    assert sms.state == 'sending' and len(gateway_params.keys) == 1   # not before the timeout
    clock.set_offset(601)
    run_queue(env)
    assert sms.state == 'sent'
    assert gateway_params.keys == [sms.idempotency_key] * 2
    assert gateway_params.deliveries == {sms.idempotency_key: 1}


def test_only_the_system_sends_text_messages(env, gateway_params):
    from flectra.exceptions import AccessError
    from flectra.tests import new_test_user
    clerk = new_test_user(env, login='sms_clerk', groups='base.group_user')
    sms = make_sms(env)
    with pytest.raises(AccessError):
        env['sms.sms'].with_user(clerk).process_sms_queue()
    with pytest.raises(AccessError):
        sms.with_user(clerk).send()
    assert sms.state == 'outgoing' and not gateway_params.keys
