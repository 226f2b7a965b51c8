"""The outgoing mail queue for the administrator (issue 13, item 12): without a mail server the
queue logs one warning, not one per mail per run, and the queue is a menu of the web client
(Settings > Outgoing mail), in Chinese, for the administrator only."""
import logging
import re
import sys

import pytest
from lxml import etree

from fazhi.orm.translate import arch_terms, lookup

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _mail_module(env):
    cls = next(c for c in type(env["mail.mail"]).__mro__ if c.__name__ == "MailMail")
    return sys.modules[cls.__module__]


@pytest.fixture
def fresh_warning(env, monkeypatch):
    """As in a new server process: the missing server not yet logged."""
    monkeypatch.setattr(_mail_module(env), "_NO_SERVER_WARNED", set())
    monkeypatch.delenv("FAZHI_SMTP_HOST", raising=False)
    monkeypatch.delenv("FAZHI_SMTP_PORT", raising=False)


def _mail(env, n):
    return env["mail.mail"].create({"subject": "送达通知 %s" % n, "body_html": "<p>您好</p>",
                                    "email_from": "office@example.com", "email_to": "a%s@example.com" % n})


def _warnings(caplog):
    return [r for r in caplog.records if r.levelno >= logging.WARNING and "mail server" in r.getMessage()]


def test_without_a_server_the_queue_logs_one_warning(env, fresh_warning, caplog):
    env["ir.mail_server"].search([]).unlink()
    mails = _mail(env, 1) | _mail(env, 2) | _mail(env, 3)
    caplog.set_level(logging.DEBUG)
    for _minute in range(5):     # the cron runs the queue every minute
        env["mail.mail"].process_email_queue()
    warnings = _warnings(caplog)
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    message = warnings[0].getMessage()
    assert "3 mails stay queued" in message and env.cr.dbname in message
    assert set(mails.mapped("state")) == {"outgoing"}


def test_a_server_that_comes_and_goes_is_warned_about_again(env, fresh_warning, caplog, smtp_server):
    env["ir.mail_server"].search([]).unlink()
    _mail(env, 1)
    caplog.set_level(logging.WARNING)
    env["mail.mail"].process_email_queue()
    server = env["ir.mail_server"].create({"name": "Local", "smtp_host": smtp_server.host,
                                           "smtp_port": smtp_server.port, "smtp_encryption": "none"})
    env["mail.mail"].process_email_queue()
    assert len(smtp_server.messages) == 1
    server.unlink()
    _mail(env, 2)
    env["mail.mail"].process_email_queue()
    env["mail.mail"].process_email_queue()
    assert len(_warnings(caplog)) == 2


def test_the_queue_is_a_settings_menu_for_the_administrator_only(env):
    menu = env.ref("mail.mail_mail_menu")
    assert menu.action == env.ref("mail.mail_mail_action")
    admin = env.ref("base.user_admin")
    user = env["res.users"].create({"name": "Queue clerk", "login": "queue_clerk_menu",
                                    "groups_id": [(6, 0, [env.ref("base.group_user").id])]})

    def menu_names(who):
        tree = env["ir.ui.menu"].with_user(who).with_context(lang="zh_CN").load_menus()
        names = []

        def walk(nodes, path):
            for node in nodes:
                names.append(path + (node["name"],))
                walk(node["children"], path + (node["name"],))
        walk(tree["children"], ())
        return names
    assert ("设置", "邮件队列") in menu_names(admin)
    assert ("设置", "发件服务器") in menu_names(admin)
    assert not [path for path in menu_names(user) if path[0] == "设置"]


def test_queue_views_are_chinese_and_show_what_waits(env):
    failed = _mail(env, 9)
    failed.write({"state": "exception", "failure_reason": "550 mailbox unavailable"})
    action = env.ref("mail.mail_mail_action")
    Mail = env["mail.mail"].with_context(lang="zh_CN")
    res = Mail.get_views([[False, "list"], [False, "form"], [False, "search"]])
    english = []
    for entry in res["views"].values():
        english += [t for t in arch_terms(etree.fromstring(entry["arch"].encode()))
                    if re.search(r"[A-Za-z]{2}", t) and not CHINESE.search(lookup(t, "zh_CN", "mail"))]
    assert english == []
    shown = {f.get("name") for entry in res["views"].values()
             for f in etree.fromstring(entry["arch"].encode()).iter("field")}
    labels = {name: res["models"]["mail.mail"][name]["string"] for name in shown if name in res["models"]["mail.mail"]}
    assert [name for name, label in labels.items() if not CHINESE.search(label)] == []
    assert {"state", "failure_reason", "attempt", "subject"} <= shown
    # the action's default filter keeps failed mail in sight
    assert "search_default_not_sent" in action.context
    not_sent = etree.fromstring(res["views"]["search"]["arch"].encode()).find(".//filter[@name='not_sent']")
    from fazhi.tools.safe_eval import safe_eval
    assert failed in env["mail.mail"].search(safe_eval(not_sent.get("domain")))
