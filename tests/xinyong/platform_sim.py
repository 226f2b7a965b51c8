"""A stand-in for the credit information sharing platform: a real HTTP server on loopback.

It checks the worker's HMAC signature, keeps one record per idempotency key (a second post of the
same key is answered "duplicate" with the same reference) and can be told how to answer the next
requests: ``accept`` (default), ``reject:<reason>``, ``timeout`` (hold the answer longer than the
client waits, after storing the record — an answer lost on the way back), ``500``, ``garbage``
(an answer that is not JSON), ``down`` (refuse with 503 before storing). With ``duplicate_acks``
every acknowledgement also appears twice in the ``/acks`` feed.
"""
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from lxml import etree


class PlatformSimulator:

    def __init__(self, secret="sim-secret", hold_seconds=5.0):
        self.secret = secret
        self.hold_seconds = hold_seconds
        self.records = {}        # key -> {"payload": str, "reference": str, "posts": int}
        self.posts = []          # (key, outcome) of every request
        self.gets = []           # the path of every signed GET (a worker's pass ends with GET /acks)
        self.modes = []          # answers for the next requests, first first
        self.duplicate_acks = False
        self.acks = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def then(self, *modes):
        with self.lock:
            self.modes.extend(modes)

    def _next_mode(self):
        with self.lock:
            return self.modes.pop(0) if self.modes else "accept"

    def _verify(self, headers, body):
        key = headers.get("X-Idempotency-Key", "")
        expected = hmac.new(self.secret.encode(), b"%s\n%s\n%s" % (
            headers.get("X-Timestamp", "").encode(), key.encode(), body), hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, headers.get("X-Signature", ""))

    def _store(self, key, payload):
        with self.lock:
            record = self.records.get(key)
            if record:
                record["posts"] += 1
                return record, True
            record = {"payload": payload, "reference": "XY-PLAT-%04d" % (len(self.records) + 1), "posts": 1}
            self.records[key] = record
            return record, False

    def _ack(self, key, status, reference=None, reason=None):
        ack = {"key": key, "status": status, "reference": reference, "reason": reason}
        with self.lock:
            self.acks.append(ack)
            if self.duplicate_acks:
                self.acks.append(dict(ack))

    def _handler(self):
        sim = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, payload, raw=None):
                body = raw if raw is not None else json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass   # the client gave up waiting (the timeout mode): the answer is lost, as intended

            def do_GET(self):
                if not sim._verify(self.headers, b""):
                    return self._send(401, {"status": "rejected", "reason": "bad signature"})
                sim.gets.append(self.path)
                if self.path == "/acks":
                    with sim.lock:
                        acks, sim.acks = sim.acks, []
                    return self._send(200, acks)
                if self.path == "/records":
                    with sim.lock:
                        return self._send(200, [{"key": k, "reference": r["reference"]}
                                                for k, r in sim.records.items()])
                return self._send(404, {"error": "not found"})

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                key = self.headers.get("X-Idempotency-Key", "")
                if not sim._verify(self.headers, body):
                    sim.posts.append((key, "bad-signature"))
                    return self._send(401, {"status": "rejected", "reason": "bad signature"})
                mode = sim._next_mode()
                sim.posts.append((key, mode))
                if mode == "down":
                    return self._send(503, None, raw=b"<html>maintenance</html>")
                if mode == "500":
                    return self._send(500, {"error": "internal error"})
                if mode.startswith("reject:"):
                    sim._ack(key, "rejected", reason=mode[7:])
                    return self._send(422, {"status": "rejected", "reason": mode[7:]})
                try:
                    payload = body.decode("utf-8")
                    if self.headers.get("Content-Type") == "application/xml":
                        etree.fromstring(body)
                    else:
                        json.loads(payload)
                except (ValueError, etree.XMLSyntaxError):
                    return self._send(400, {"status": "rejected", "reason": "payload cannot be parsed"})
                record, duplicate = sim._store(key, payload)
                if mode == "garbage":
                    return self._send(200, None, raw=b"OK<br>")
                if mode == "timeout":
                    time.sleep(sim.hold_seconds)   # stored, but the answer comes too late
                status = "duplicate" if duplicate else "accepted"
                sim._ack(key, status, reference=record["reference"])
                return self._send(200, {"status": status, "reference": record["reference"]})

        return Handler
