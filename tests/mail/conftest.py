"""Fixtures of the mail suite: tickets (test.mail.ticket), users, and a real local SMTP server.

``smtp_server`` runs aiosmtpd on 127.0.0.1 with a free port and keeps what it received in
``smtp_server.messages`` (parsed ``EmailMessage`` objects); a recipient whose address starts
with ``reject`` gets a ``550`` reply, one starting with ``later`` a ``451``.
"""
import email
import email.policy
import functools
import socket

import factory
import pytest

from fazhi.testing.factories import ModelFactory


class TicketFactory(ModelFactory):
    class Meta:
        model = 'test.mail.ticket'

    name = factory.Sequence(lambda n: 'Ticket %04d' % n)


@pytest.fixture
def ticket_factory(env):
    return functools.partial(TicketFactory.create, env=env)


@pytest.fixture
def ticket(ticket_factory):
    return ticket_factory()


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class RecordingHandler:
    """Accepts everything except ``reject*`` (550) and ``later*`` (451) recipients; keeps the mails."""

    def __init__(self):
        self.messages = []
        self.envelopes = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith('reject'):
            return '550 5.1.1 <%s>: mailbox unavailable' % address
        if address.startswith('later'):
            return '451 4.3.0 <%s>: try again later' % address
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(email.message_from_bytes(envelope.original_content or envelope.content,
                                                      policy=email.policy.default))
        return '250 Message accepted for delivery'


class SmtpServer:
    def __init__(self, controller, handler):
        self.controller = controller
        self.handler = handler
        self.host = '127.0.0.1'
        self.port = controller.port

    @property
    def messages(self):
        return self.handler.messages


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller
    handler = RecordingHandler()
    controller = Controller(handler, hostname='127.0.0.1', port=free_port())
    controller.start()
    try:
        yield SmtpServer(controller, handler)
    finally:
        controller.stop()


@pytest.fixture
def mail_server(env, smtp_server):
    """An ir.mail_server record pointing at the local SMTP server."""
    return env['ir.mail_server'].create({'name': 'Local test SMTP', 'smtp_host': smtp_server.host,
                                         'smtp_port': smtp_server.port, 'smtp_encryption': 'none'})


@pytest.fixture
def no_env_smtp(monkeypatch):
    monkeypatch.delenv('FAZHI_SMTP_HOST', raising=False)
    monkeypatch.delenv('FAZHI_SMTP_PORT', raising=False)



@pytest.fixture
def closed_port():
    """A local port nobody listens on: connecting is refused at once."""
    return free_port()
