"""A demo without an SMS gateway logs one warning, not one at every run of the queue (issue 13,
item 12, as for mail)."""
import logging
import sys


def _sms_module(env):
    cls = next(c for c in type(env["sms.sms"]).__mro__ if c.__name__ == "SmsSms")
    return sys.modules[cls.__module__]


def _warnings(caplog):
    return [r for r in caplog.records if r.levelno >= logging.WARNING and "SMS gateway" in r.getMessage()]


def test_without_a_gateway_the_queue_logs_one_warning(env, monkeypatch, caplog):
    monkeypatch.setattr(_sms_module(env), "_NO_GATEWAY_WARNED", set())   # as in a new process
    env["ir.config_parameter"].set_param("sms.gateway_url", "")
    messages = env["sms.sms"].create([{"number": "13800138000", "body": "您的申请已受理。"},
                                      {"number": "13900139000", "body": "您的申请已受理。"}])
    caplog.set_level(logging.DEBUG)
    for _minute in range(4):
        env["sms.sms"].process_sms_queue()
    warnings = _warnings(caplog)
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    assert "2 messages stay queued in database %s" % env.cr.dbname in warnings[0].getMessage()
    assert set(messages.mapped("state")) == {"outgoing"}
