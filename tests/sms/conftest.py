"""A loopback SMS gateway for the sms suite: a real HTTP server on 127.0.0.1 with a free port.

``sms_gateway.script(...)`` queues the answers of the next requests (then 200 for ever):

- an int (``200``, ``500``, ``400``): answer with that status; 2xx accepts the message;
- ``'drop'``: close the connection without an answer (nothing accepted);
- ``'accept_drop'``: accept the message, then drop the connection (a lost answer);
- ``'slow'``: accept, then answer only after ``slow_seconds`` (beyond the client's timeout).

Like the contract asks, a key that was accepted once is answered 200 with the same id and
never delivered again; ``deliveries`` counts real deliveries per key, ``keys`` lists every
key received, ``duplicates`` the keys that came again after acceptance.
"""
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class LoopbackGateway:
    def __init__(self):
        self.lock = threading.Lock()
        self.answers = []
        self.requests = []        #: (headers dict, payload dict) of every request
        self.keys = []            #: every key received, in order
        self.accepted = {}        #: key -> provider id
        self.deliveries = {}      #: key -> times really delivered (must stay 1)
        self.duplicates = []      #: keys received again after they were accepted
        self.slow_seconds = 1.5
        self.server = None

    def script(self, *answers):
        with self.lock:
            self.answers.extend(answers)

    @property
    def url(self):
        return 'http://127.0.0.1:%s/send' % self.server.server_address[1]

    def _next_answer(self):
        with self.lock:
            return self.answers.pop(0) if self.answers else 200

    def _accept(self, key):
        """Provider id for ``key``; delivered only the first time."""
        with self.lock:
            if key in self.accepted:
                self.duplicates.append(key)
                return self.accepted[key]
            provider_id = 'gw-%d' % (len(self.accepted) + 1)
            self.accepted[key] = provider_id
            self.deliveries[key] = self.deliveries.get(key, 0) + 1
            return provider_id


def _handler(gateway):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.1'

        def log_message(self, *args):
            pass

        def _reply(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header('Content-Type', 'application/json')
            self.send_header('Content-Length', str(len(data)))
            self.send_header('Connection', 'close')
            self.end_headers()
            self.wfile.write(data)
            self.close_connection = True

        def _drop(self):
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

        def do_POST(self):
            length = int(self.headers.get('Content-Length') or 0)
            payload = json.loads(self.rfile.read(length).decode('utf-8'))
            key = payload.get('key')
            with gateway.lock:
                gateway.requests.append((dict(self.headers), payload))
                gateway.keys.append(key)
            answer = gateway._next_answer()
            if answer == 'drop':
                return self._drop()
            if answer == 'accept_drop':
                gateway._accept(key)
                return self._drop()
            if answer == 'slow':
                provider_id = gateway._accept(key)
                time.sleep(gateway.slow_seconds)
                try:
                    self._reply(200, {'id': provider_id})
                except OSError:
                    pass
                return None
            if 200 <= answer < 300:
                return self._reply(answer, {'id': gateway._accept(key)})
            if answer == 400:
                return self._reply(400, {'error': 'invalid recipient'})
            return self._reply(answer, {'error': 'gateway failure'})
    return Handler


@pytest.fixture
def sms_gateway():
    gateway = LoopbackGateway()
    server = ThreadingHTTPServer(('127.0.0.1', free_port()), _handler(gateway))
    server.daemon_threads = True
    server.block_on_close = False
    gateway.server = server
    thread = threading.Thread(target=server.serve_forever, name='loopback-sms-gateway', daemon=True)
    thread.start()
    try:
        yield gateway
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def gateway_params(env, sms_gateway):
    """Point the database's SMS configuration at the loopback gateway."""
    params = env['ir.config_parameter']
    params.set_param('sms.gateway_url', sms_gateway.url)
    params.set_param('sms.gateway_token', 'tok-SECRET-123')
    params.set_param('sms.gateway_timeout', '0.5')
    return sms_gateway
