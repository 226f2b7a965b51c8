"""The exchange worker's pass (scripts/xinyong_exchange.py run_once) against the platform simulator, with
the server side in process: every platform answer ends in the right outbox state, and a record lands on
the platform once however often it is sent."""
import io
import json

import pytest

from fazhi.tools import clock

from xinyong_support import uscc


class EnvClient:
    """The slice of odoorpc the worker uses (client.env[model].method(*args)), over an Environment."""

    def __init__(self, env):
        self.env = env


@pytest.fixture
def setup(env):
    from flectra.tests import new_test_user
    Partner = env["res.partner"]
    body = Partner.create({"name": "县住建局", "party_kind": "agency", "uscc": uscc("11410421MB1234567")})
    department = Partner.create({"name": "县发改委", "party_kind": "agency", "uscc": uscc("11410421MB0000001")})
    sme = Partner.create({"name": "某公司", "party_kind": "organisation", "uscc": uscc("91410421MA1234567")})
    exchange = new_test_user(env, login="xy_worker_exchange", groups="xinyong.xinyong_group_exchange")
    records = env["xinyong.default.record"]
    for n in range(3):
        record = records.create({"date_received": "2026-04-01", "agency_id": body.id, "title": "拖欠 %d" % n,
                                 "counterpart_id": sme.id, "amount": 1000.0 * (n + 1),
                                 "determining_department_id": department.id})
        record.action_forward_for_verification(date="2026-04-02")
        record.action_verify(True, "属实", rectification_due="2026-04-08", date="2026-04-03")
        record.action_refuse_rectification("funds")
        record.action_approve("县发改信〔2026〕%d号" % (n + 1), date="2026-04-10")
        records |= record
    return {"client": EnvClient(env(user=exchange)), "records": records, "env": env}


def outbox_states(records):
    records.env.invalidate_all()
    return [row.state for record in records for row in record.sudo().outbox_ids]


def run(worker, setup, platform, fmt="json"):
    out = io.StringIO()
    counts = worker.run_once(setup["client"], worker.Platform(platform.url, platform.secret, timeout=1.0, fmt=fmt),
                             out=out)
    return counts, out.getvalue()


def test_accepts_every_record_once(worker, setup, platform):
    counts, _out = run(worker, setup, platform)
    assert counts["acknowledged"] == 3
    assert outbox_states(setup["records"]) == ["acknowledged"] * 3
    assert len(platform.records) == 3
    row = setup["records"][0].sudo().outbox_ids
    assert row.platform_reference.startswith("XY-PLAT-")
    # nothing left to send
    assert run(worker, setup, platform)[0]["acknowledged"] == 0


def test_xml_format_is_accepted(worker, setup, platform):
    counts, _out = run(worker, setup, platform, fmt="xml")
    assert counts["acknowledged"] == 3
    assert all(p["payload"].startswith("<?xml") for p in platform.records.values())


def test_rejection_500_garbage_and_outage(worker, setup, platform):
    platform.then("reject:统一社会信用代码不符", "500", "garbage")
    counts, out = run(worker, setup, platform)
    assert (counts["rejected"], counts["retry"], counts["unparseable"]) == (1, 1, 1), out
    assert outbox_states(setup["records"]) == ["rejected", "queued", "queued"]
    rejected = setup["records"][0].sudo().outbox_ids
    assert rejected.platform_reason == "统一社会信用代码不符"
    assert any("统一社会信用代码不符" in (a.summary or "") for a in setup["records"][0].sudo().activity_ids)
    garbage = setup["records"][2].sudo()
    assert garbage.activity_ids, "an unparseable answer becomes a task"
    # backing off: nothing is due until the backoff has passed, then both land (the garbage one was stored:
    # the second post is a duplicate on the platform, one record all the same)
    assert run(worker, setup, platform)[0]["acknowledged"] == 0
    clock.set_offset(120)
    counts, out = run(worker, setup, platform)
    assert counts["acknowledged"] == 2, out
    assert outbox_states(setup["records"]) == ["rejected", "acknowledged", "acknowledged"]
    assert len(platform.records) == 2


def test_platform_unreachable_is_retried(worker, setup, platform):
    platform.stop()
    counts, out = run(worker, setup, platform)
    assert counts["retry"] == 3, out
    assert outbox_states(setup["records"]) == ["queued"] * 3
    assert all(row.last_error for r in setup["records"] for row in r.sudo().outbox_ids)


def test_timeout_then_duplicate_lands_once(worker, setup, platform):
    platform.then("timeout")
    platform.duplicate_acks = True
    counts, out = run(worker, setup, platform)
    assert counts["retry"] == 1 and counts["acknowledged"] == 2, out
    # the timed-out record was stored by the platform; its later ack (twice in the feed) acknowledges it
    clock.set_offset(120)
    run(worker, setup, platform)
    assert outbox_states(setup["records"]) == ["acknowledged"] * 3
    assert len(platform.records) == 3
    assert sum(r.sudo().outbox_ids.duplicate_acks for r in setup["records"]) >= 1


def test_bad_signature_is_refused_by_the_platform(worker, setup, platform):
    counts = worker.run_once(setup["client"], worker.Platform(platform.url, "wrong", timeout=1.0), out=io.StringIO())
    assert counts["unparseable"] == 0 and counts["rejected"] == 3
    assert not platform.records


def test_interpret_answers(worker):
    assert worker.interpret(200, json.dumps({"status": "accepted", "reference": "R"}).encode()) == ("acknowledged", "R")
    assert worker.interpret(422, json.dumps({"status": "rejected", "reason": "x"}).encode()) == ("rejected", "x")
    assert worker.interpret(503, b"<html>")[0] == "retry"
    assert worker.interpret(200, b"OK")[0] == "unparseable"
    assert worker.interpret(200, b"[]")[0] == "unparseable"


def test_reconcile_stores_the_run_and_prints_its_summary(worker, setup, platform):
    """--reconcile: the server stores the run (exchange console) and the worker prints the stored summary; a
    version the platform lost is sent again under its own key and lands there once."""
    run(worker, setup, platform)
    rows = setup["records"].sudo().mapped("outbox_ids")
    lost = rows[1].idempotency_key
    del platform.records[lost]
    out, err = io.StringIO(), io.StringIO()
    summary = worker.reconcile(setup["client"], worker.Platform(platform.url, platform.secret, timeout=1.0),
                               out=out, err=err)
    assert json.loads(out.getvalue()) == summary
    assert (summary["held"], summary["acknowledged"]) == (2, 3)
    assert (summary["missing_on_platform"], summary["unknown_to_us"]) == ([lost], [])
    assert "missing on the platform 1" in err.getvalue()
    env = setup["env"]
    stored = env["xinyong.reconciliation"].browse(summary["reconciliation_id"])
    assert stored.user_id.login == "xy_worker_exchange"
    assert [(line.kind, line.key, line.outbox_id) for line in stored.line_ids] == [
        ("missing_on_platform", lost, rows[1])]
    stored.line_ids.action_requeue()     # as the superuser here; the manager in the addon's tests
    counts, _out = run(worker, setup, platform)
    assert counts["acknowledged"] == 1
    assert sorted(platform.records) == sorted(rows.mapped("idempotency_key"))
    assert len(rows.search([])) == 3
