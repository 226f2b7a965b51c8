#!/usr/bin/env python3
"""Exchange worker of the government integrity records (xinyong): outbox → credit platform.

    FAZHI_RPC_DB=... FAZHI_RPC_LOGIN=exchange FAZHI_RPC_PASSWORD=... \\
    XINYONG_PLATFORM_URL=https://credit.example/api XINYONG_PLATFORM_SECRET=... \\
    python scripts/xinyong_exchange.py --once            # one pass: send what is due, read acks
    python scripts/xinyong_exchange.py --interval 60     # keep going, a pass a minute
    python scripts/xinyong_exchange.py --reconcile       # platform vs outbox, stored as a run

It talks to the server only through xinyong.outbox's public ``exchange_*`` methods (odoorpc, so the
same against fazhi or Flectra) and to the platform over HTTP:

    POST {url}/records    body = the record (JSON, or XML with --format xml); headers
                          X-Idempotency-Key, X-Timestamp, X-Signature = hex HMAC-SHA256 of
                          "<timestamp>\\n<key>\\n<body>" with the shared secret
    GET  {url}/acks       acknowledgements sent later by the platform (may repeat)
    GET  {url}/records    the keys the platform holds (reconciliation)

Answers: 200/201 {"status": "accepted"|"duplicate", "reference": …} → acknowledged; 4xx with
{"status": "rejected", "reason": …} → rejected (a task for the credit office); 5xx, timeouts,
refused connections → retried by the server's backoff; an answer that cannot be parsed → retried
and shown as a task. Every row is marked sent (with a lease) before it is posted, so a worker killed
mid-batch leaves rows the next pass sends again; the platform keeps one record per key, so a
record lands once however often it is sent.
Exit status: 0; 1 when something failed in this pass; 2 for bad settings or no server.
"""
import argparse
import hashlib
import hmac
import json
import os
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fazhi_rpc  # noqa: E402

OUTBOX = "xinyong.outbox"


def sign(secret, timestamp, key, body):
    message = b"%s\n%s\n%s" % (str(timestamp).encode(), key.encode(), body)
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class Platform:
    """The credit platform's HTTP endpoint."""

    def __init__(self, url, secret, timeout=10.0, fmt="json"):
        self.url, self.secret, self.timeout, self.fmt = url.rstrip("/"), secret, timeout, fmt

    def _request(self, method, path, body=None, key=""):
        timestamp = str(int(time.time()))
        data = body if body is not None else b""
        headers = {"X-Timestamp": timestamp, "X-Idempotency-Key": key,
                   "X-Signature": sign(self.secret, timestamp, key, data),
                   "Content-Type": "application/xml" if self.fmt == "xml" else "application/json"}
        request = urllib.request.Request(self.url + path, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def post(self, key, payload):
        return self._request("POST", "/records", payload.encode("utf-8"), key)

    def get_json(self, path):
        status, body = self._request("GET", path)
        if status != 200:
            raise RuntimeError("GET %s answered %s" % (path, status))
        return json.loads(body.decode("utf-8"))


def interpret(status, body):
    """(outcome, detail) of a platform answer: acknowledged, rejected, retry or unparseable."""
    try:
        answer = json.loads(body.decode("utf-8")) if body else {}
        if not isinstance(answer, dict):
            raise ValueError("not an object")
    except (ValueError, UnicodeDecodeError):
        if status >= 500:
            return "retry", "HTTP %s" % status
        return "unparseable", "HTTP %s, answer cannot be parsed: %r" % (status, body[:200])
    if status >= 500:
        return "retry", "HTTP %s: %s" % (status, answer.get("reason") or answer.get("error") or "")
    if status in (200, 201) and answer.get("status") in ("accepted", "duplicate"):
        return "acknowledged", answer.get("reference") or ""
    if 400 <= status < 500 and answer.get("status") == "rejected":
        return "rejected", answer.get("reason") or ""
    return "unparseable", "HTTP %s, unexpected answer %r" % (status, answer)


def run_once(client, platform, batch=50, lease=120, out=sys.stdout):
    """One pass: post every due row, report each answer, then apply the platform's later acks."""
    Outbox = client.env[OUTBOX]
    rows = Outbox.exchange_pending(batch, platform.fmt)
    counts = {"acknowledged": 0, "rejected": 0, "retry": 0, "unparseable": 0}
    for row in rows:
        key = row["key"]
        Outbox.exchange_mark_sent([key], lease)
        try:
            status, body = platform.post(key, row["payload"])
        except (urllib.error.URLError, OSError, TimeoutError) as error:   # outage, refused, timed out
            outcome, detail = "retry", "platform unreachable: %s" % (getattr(error, "reason", None) or error)
        else:
            outcome, detail = interpret(status, body)
        counts[outcome] += 1
        if outcome == "acknowledged":
            Outbox.exchange_acknowledge(key, detail or False)
        elif outcome == "rejected":
            Outbox.exchange_reject(key, detail)
        else:
            Outbox.exchange_fail(key, detail, outcome == "unparseable")
        print("%s v%s: %s %s" % (key[:12], row["version"], outcome, detail), file=out)
    try:
        acks = platform.get_json("/acks")
    except (urllib.error.URLError, OSError, ValueError, RuntimeError) as error:
        print("acks not read: %s" % error, file=out)
        acks = []
    for ack in acks:
        if ack.get("status") == "rejected":
            Outbox.exchange_reject(ack["key"], ack.get("reason") or "")
        elif ack.get("status") in ("accepted", "duplicate"):
            Outbox.exchange_acknowledge(ack["key"], ack.get("reference") or False)
    print("sent %d: acknowledged %d, rejected %d, to retry %d, unparseable %d"
          % (len(rows), counts["acknowledged"], counts["rejected"], counts["retry"], counts["unparseable"]), file=out)
    return counts


def reconcile(client, platform, out=None, err=None):
    """Compare what the platform holds with the outbox; the server stores the run (xinyong.reconciliation,
    shown in the exchange console) and returns its summary, printed here as JSON, with one line on stderr."""
    out, err = out or sys.stdout, err or sys.stderr
    held = [item["key"] for item in platform.get_json("/records")]
    report = client.env[OUTBOX].exchange_reconcile(held)
    print(json.dumps(report, ensure_ascii=False, indent=1), file=out)
    print("reconciliation %s: platform holds %d, acknowledged here %d, missing on the platform %d, unknown to us %d"
          % (report.get("reconciliation_id"), report["held"], report["acknowledged"],
             len(report["missing_on_platform"]), len(report["unknown_to_us"])), file=err)
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description="Send the integrity outbox to the credit platform.")
    parser.add_argument("--once", action="store_true", help="one pass, then exit (the default)")
    parser.add_argument("--interval", type=float, default=0, help="seconds between passes; 0: one pass")
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--lease", type=int, default=120, help="seconds a sent row waits for its answer")
    parser.add_argument("--format", choices=("json", "xml"), default=os.environ.get("XINYONG_PLATFORM_FORMAT", "json"))
    parser.add_argument("--timeout", type=float, default=float(os.environ.get("XINYONG_PLATFORM_TIMEOUT", "10")))
    parser.add_argument("--reconcile", action="store_true",
                        help="compare what the platform holds with what was sent; the server stores the run "
                             "(exchange console > reconciliation runs) and its summary is printed")
    args = parser.parse_args(argv)
    url, secret = os.environ.get("XINYONG_PLATFORM_URL"), os.environ.get("XINYONG_PLATFORM_SECRET")
    if not url or not secret:
        print("set XINYONG_PLATFORM_URL and XINYONG_PLATFORM_SECRET", file=sys.stderr)
        return 2
    client = fazhi_rpc.connect_or_exit()
    platform = Platform(url, secret, timeout=args.timeout, fmt=args.format)
    if args.reconcile:
        reconcile(client, platform)
        return 0
    while True:
        counts = run_once(client, platform, batch=args.batch, lease=args.lease)
        if not args.interval or args.once:
            return 1 if counts["retry"] or counts["unparseable"] else 0
        time.sleep(args.interval)


if __name__ == "__main__":
    sys.exit(main())
