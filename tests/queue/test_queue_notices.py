"""Issue 18: every notice (e-mail and SMS) delivered at least once and never twice to its recipient,
with two workers and two beats against real Redis, a real SMTP server (aiosmtpd) and a loopback SMS
gateway, under a worker ``kill -9`` mid-send, a beat ``kill -9``, an SMTP and gateway outage and
the mail and SMS queues racing on the same service records. We count what arrived.
"""
import asyncio
import collections
import datetime
import email
import email.policy
import json
import signal
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from queue_support import tx, wait_for

N_SERVICES = 16
FAST = {"FAZHI_QUEUE_VISIBILITY_TIMEOUT": 3, "FAZHI_QUEUE_RESTORE_INTERVAL": 1, "FAZHI_QUEUE_SWEEP_INTERVAL": 1,
        "FAZHI_QUEUE_REPUBLISH_AFTER": 1, "FAZHI_QUEUE_STALE_AFTER": 3, "FAZHI_QUEUE_CRON_INTERVAL": 0.5,
        "FAZHI_QUEUE_CLAIM_TIMEOUT": 4}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SlowSink:
    """aiosmtpd handler: keeps every message by Message-Id, takes ``delay`` seconds per message."""

    def __init__(self, delay):
        self.delay = delay
        self.received = collections.Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.original_content or envelope.content,
                                           policy=email.policy.default)
        with self.lock:
            self.received[message["Message-Id"]] += 1
        return "250 Message accepted for delivery"


class Smtp:
    """A real SMTP server on a fixed port that can be stopped and started again (an outage)."""

    def __init__(self, delay):
        self.port = free_port()
        self.sink = SlowSink(delay)
        self.controller = None

    def start(self):
        from aiosmtpd.controller import Controller
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None


class Gateway:
    """The SMS gateway stub: honours idempotency keys, counts real deliveries per key; ``down``
    answers 503 (an outage)."""

    def __init__(self, delay):
        self.delay = delay
        self.down = False
        self.lock = threading.Lock()
        self.delivered = collections.Counter()
        self.requests = 0
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                payload = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
                time.sleep(gateway.delay)
                with gateway.lock:
                    gateway.requests += 1
                    status = 503 if gateway.down else 200
                    if status == 200 and not gateway.delivered[payload["key"]]:
                        gateway.delivered[payload["key"]] = 1   # a repeated key is dropped
                body = json.dumps({"id": "gw-" + payload["key"][:8]} if status == 200 else {"error": "down"})
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(data)
                self.close_connection = True

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self):
        return "http://127.0.0.1:%s/sms" % self.server.server_address[1]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def smtp():
    server = Smtp(delay=0.15)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def gateway():
    stub = Gateway(delay=0.05)
    yield stub
    stub.close()


def _serve_notices(dbname, gateway_url, count):
    """``count`` service records of a notified kind: one mail and one SMS each, one service row
    updated by both queues (the stored ``delivery_state``)."""
    def build(env):
        params = env["ir.config_parameter"]
        params.set_param("mail.default.from", "sfj@county.example.cn")
        params.set_param("sms.gateway_url", gateway_url)
        params.set_param("sms.gateway_timeout", "3")
        Partner = env["res.partner"]
        agency = Partner.create({"name": "县市场监督管理局", "party_kind": "agency"})
        ids = []
        for i in range(count):
            applicant = Partner.create({"name": "申请人%02d" % i, "party_kind": "person",
                                        "email": "applicant%02d@example.cn" % i,
                                        "mobile": "138%08d" % (13800 + i)})
            case = env["fuyi.reconsideration"].create({
                "date_received": datetime.date.today(), "agency_id": agency.id, "title": "罚款决定",
                "party_ids": [(0, 0, {"partner_id": applicant.id, "role": "applicant", "is_primary": True}),
                              (0, 0, {"partner_id": agency.id, "role": "respondent"})]})
            service = env["fuyi.service"].create({"case_id": case.case_id.id, "kind": "correction_notice",
                                                  "recipient_id": applicant.id, "channel": "electronic"})
            ids.append(service.id)
        return ids
    return tx(dbname, build)


def _outbox(dbname):
    def read(env):
        mails = env["mail.mail"].search([])
        texts = env["sms.sms"].search([])
        return ({m.message_id: m.state for m in mails}, {s.idempotency_key: s.state for s in texts})
    return tx(dbname, read)


def _settled(dbname):
    mails, texts = _outbox(dbname)
    return (mails and texts and all(s in ("sent", "unknown") for s in mails.values())
            and all(s == "sent" for s in texts.values()))


class Clock:
    """The workers' clock (FAZHI_CLOCK_FILE): jumped past the next minute so the mail and SMS
    crons (every minute) come due again without waiting."""

    def __init__(self, path):
        self.path = path
        self.offset = 0.0
        path.write_text("0")

    def jump(self, seconds=61):
        self.offset += seconds
        self.path.write_text(str(self.offset))


def _until(predicate, timeout, what, clock, procs):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        clock.jump()
        time.sleep(1.5)
    wait_for(predicate, 1, what, procs=procs)


def test_notices_once_under_kills_outages_and_racing_queues(fuyi_db, redis_url, queue_name, procs, tmp_path,
                                                            smtp, gateway):
    services = _serve_notices(fuyi_db, gateway.url, N_SERVICES)
    clock = Clock(tmp_path / "clock")
    env = dict(FAST, FAZHI_BROKER_URL=redis_url, FAZHI_QUEUE_NAME=queue_name, FAZHI_CLOCK_FILE=clock.path,
               FAZHI_SMTP_HOST="127.0.0.1", FAZHI_SMTP_PORT=smtp.port)
    workers = [procs("worker", "--log-level", "info", "worker", "--concurrency", "2", **env) for _ in range(2)]
    beats = [procs("beat", "--log-level", "info", "beat", **env) for _ in range(2)]
    everyone = workers + beats

    # 1. worker kill -9 in the middle of the mail queue (some mails handed over, others not yet)
    wait_for(lambda: sum(smtp.sink.received.values()) >= 3, 90, "the first mails", procs=everyone)
    killed = [w for w in workers if "sent to" in w.log()] or workers[:1]   # the one sending mail
    killed[0].kill_group(signal.SIGKILL)
    killed[0].popen.wait(10)
    workers.remove(killed[0])
    beats[0].kill_group(signal.SIGKILL)                       # and a beat: the other one goes on
    beats[0].popen.wait(10)
    everyone = workers + beats[1:]
    assert sum(smtp.sink.received.values()) < N_SERVICES, "the queue finished before the kill: nothing tested"

    # 2. an SMTP and gateway outage while the rest is retried (back-off pushed by the clock)
    smtp.stop()
    gateway.down = True
    workers.append(procs("worker", "--log-level", "info", "worker", "--concurrency", "2", **env))
    everyone = workers + beats[1:]
    for _ in range(3):
        clock.jump(61)
        time.sleep(1.5)
    mails, _texts = _outbox(fuyi_db)
    smtp.start()
    gateway.down = False

    # 3. everything settles: sent, or (caught between hand-over and mark by the kill) unknown
    _until(lambda: _settled(fuyi_db), 120, "every notice sent or waiting for confirmation", clock, everyone)
    mails, texts = _outbox(fuyi_db)
    assert len(mails) == len(texts) == N_SERVICES

    # never twice: one arrival per mail, one delivery per text (the stub drops repeated keys,
    # and the mails it could not tell apart arrive once by construction)
    assert all(n == 1 for n in smtp.sink.received.values()), smtp.sink.received
    assert set(gateway.delivered) == set(texts) and all(n == 1 for n in gateway.delivered.values())
    # at least once: every mail marked sent arrived; the unknown ones are at most the kill's in-flight
    sent = {mid for mid, state in mails.items() if state == "sent"}
    assert sent <= set(smtp.sink.received)
    unknown = {mid for mid, state in mails.items() if state == "unknown"}
    assert len(unknown) <= 2, unknown                         # a killed worker held at most its two runs

    # the administrator confirms those that arrived and sends again those that did not
    def settle(env):
        Mail = env["mail.mail"]
        for mail in Mail.search([("state", "=", "unknown")]):
            if mail.message_id in smtp.sink.received:
                mail.action_confirm_sent()
            else:
                mail.action_retry()
    tx(fuyi_db, settle)
    _until(lambda: all(s == "sent" for s in _outbox(fuyi_db)[0].values()), 60, "the re-sent mails", clock,
           everyone)
    mails, texts = _outbox(fuyi_db)
    assert set(smtp.sink.received) == set(mails) and all(n == 1 for n in smtp.sink.received.values())

    # the service records reflect it (both queues updated the same rows, nothing rolled back)
    states = tx(fuyi_db, lambda env: env["fuyi.service"].browse(services).mapped("delivery_state"))
    assert set(states) == {"sent"}, collections.Counter(states)
    assert all(p.alive() for p in everyone)
