"""Issue 16 "Done when", end to end: a judgment the agency has not performed past its deadline becomes a
determined default record, is exported, survives a platform outage and a worker killed mid-batch, and
lands on the platform exactly once; a later credit repair is exported and acknowledged.

The server is a served `fazhi serve` (tests/rpc's RpcServer), the worker is scripts/xinyong_exchange.py
run as an operator runs it, the platform is the loopback simulator; time on the server moves with its
clock file (leases and backoff), never by sleeping."""
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from platform_sim import PlatformSimulator
from rpc_support import REPO, RpcServer, make_user_on, unique_name
from xinyong_support import determined_record, uscc


@pytest.fixture(scope="module")
def server():
    server = RpcServer("xinyong")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def platform():
    sim = PlatformSimulator(hold_seconds=60.0).start()
    yield sim
    sim.stop()


def set_clock(server, seconds):
    with open(server.clock_file, "w") as fp:
        fp.write(str(float(seconds)))


def worker(server, platform, user, *args, wait=True):
    env = dict(os.environ)
    env.update({"FAZHI_RPC_HOST": "127.0.0.1", "FAZHI_RPC_PORT": str(server.port), "FAZHI_RPC_DB": server.dbname,
                "FAZHI_RPC_LOGIN": user["login"], "FAZHI_RPC_PASSWORD": user["password"],
                "XINYONG_PLATFORM_URL": platform.url, "XINYONG_PLATFORM_SECRET": platform.secret})
    command = [sys.executable, str(REPO / "scripts" / "xinyong_exchange.py")] + list(args)
    if not wait:
        return subprocess.Popen(command, env=env, cwd=str(REPO), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
    return subprocess.run(command, env=env, cwd=str(REPO), capture_output=True, text=True, timeout=120)


def states(admin, record_ids):
    rows = admin.env["xinyong.outbox"].search_read([("record_id", "in", record_ids)], ["state", "idempotency_key"],
                                                   order="id")
    return [row["state"] for row in rows], [row["idempotency_key"] for row in rows]


def test_unperformed_judgment_to_platform_exactly_once_then_repair(server, platform):
    admin = server.odoo()
    exchange = make_user_on(server, groups=("xinyong.xinyong_group_exchange",), login=unique_name("xy_exchange"))
    Partner = admin.env["res.partner"]
    body = Partner.create({"name": unique_name("县住房和城乡建设局"), "party_kind": "agency",
                           "uscc": uscc("11410421MB1234567")})
    department = Partner.create({"name": unique_name("县发展和改革委员会"), "party_kind": "agency",
                                 "uscc": uscc("11410421MB0000001")})
    company = Partner.create({"name": unique_name("某建筑工程有限公司"), "party_kind": "organisation",
                              "uscc": uscc("91410421MA1234567")})
    court = Partner.create({"name": "县人民法院", "party_kind": "organisation"})

    # an effective judgment ordering the body to pay, not performed by its deadline (yingsu)
    lawsuit_id = admin.env["yingsu.lawsuit"].create({
        "date_received": "2025-11-03", "agency_id": body, "title": "工程款纠纷", "court_id": court,
        "court_case_number": "（2025）豫0421行初88号", "cause": "agreement",
        "party_ids": [(0, 0, {"partner_id": company, "role": "plaintiff", "is_primary": True}),
                      (0, 0, {"partner_id": body, "role": "defendant", "is_primary": True})]})
    Judgments = admin.env["yingsu.judgment"]
    judgment_id = Judgments.create({"lawsuit_id": lawsuit_id, "outcome": "agreement_remedy", "date": "2026-01-20",
                                    "final": True, "obligation": "支付工程款1000000元",
                                    "performance_due": "2026-03-01"})
    judgment = Judgments.browse(judgment_id)
    judgment.action_serve("2026-01-22")
    judgment.action_mark_effective("2026-01-22")
    candidate = Judgments.read([judgment_id], ["default_candidate", "performance_state"])[0]
    assert candidate["default_candidate"] and candidate["performance_state"] == "overdue"

    # the credit office raises the record from the unperformed judgment (yingsu is an optional link);
    # two more records come from complaints, for a batch
    Records = admin.env["xinyong.default.record"]
    raised = Records.action_collect_unperformed_judgments()
    mine = Records.search_read([("id", "in", raised), ("agency_id", "=", body)],
                               ["source_reference", "default_type", "state"])
    assert [(r["source_reference"], r["default_type"], r["state"]) for r in mine] == [
        ("（2025）豫0421行初88号", "judgment_non_performance", "received")]
    Records.write([mine[0]["id"]], {"amount": 1000000.0, "determining_department_id": department,
                                    "publication_class": "general"})
    record_ids = []
    for n, (kind, amount) in enumerate((("judgment_non_performance", 1000000.0), ("payment_arrears", 250000.0),
                                        ("breach_of_contract", 80000.0))):
        if n == 0:
            record_id = mine[0]["id"]
        else:
            record_id = Records.create({
                "date_received": "2026-03-05", "agency_id": body, "title": "拖欠账款", "default_type": kind,
                "source": "complaint", "source_reference": "TS-%d" % n, "counterpart_id": company,
                "amount": amount, "determining_department_id": department, "publication_class": "general"})
        record = Records.browse(record_id)
        record.action_forward_for_verification("2026-03-06")
        record.action_verify(True, "属实", "2026-04-01", "2026-03-10")
        record.action_refuse_rectification("personnel_change", "新领导不认前任签的合同")
        record.action_approve("县发改信〔2026〕%d号" % (n + 1), "2026-04-10")
        record_ids.append(record_id)
    assert Records.read(record_ids[:1], ["state", "earliest_repair_date"])[0] == {
        "id": record_ids[0], "state": "determined", "earliest_repair_date": "2026-07-11"}
    assert states(admin, record_ids)[0] == ["queued"] * 3

    # 1. the platform is down: nothing lands, everything waits for its backoff
    platform.then("down", "down", "down")
    run = worker(server, platform, exchange, "--once")
    assert run.returncode == 1, run.stdout + run.stderr
    assert states(admin, record_ids)[0] == ["queued"] * 3
    assert not platform.records
    assert "to retry 3" in run.stdout
    set_clock(server, 200)

    # 2. the worker is killed mid-batch: the first record lands, the second is stored by the platform
    # but the worker dies waiting for the answer
    platform.then("accept", "timeout")
    proc = worker(server, platform, exchange, "--once", "--timeout", "50", wait=False)
    deadline = time.monotonic() + 60
    while len(platform.posts) < 5 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(platform.posts) == 5, platform.posts
    time.sleep(0.3)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    after_kill, keys = states(admin, record_ids)
    assert after_kill == ["acknowledged", "sent", "queued"], after_kill
    assert len(platform.records) == 2

    # 3. the next run, after the lease: the second is sent again (a duplicate on the platform), the
    # third is sent; the platform holds each record once
    set_clock(server, 600)
    run = worker(server, platform, exchange, "--once")
    assert run.returncode == 0, run.stdout + run.stderr
    assert states(admin, record_ids)[0] == ["acknowledged"] * 3
    assert sorted(platform.records) == sorted(keys)
    assert [platform.records[key]["posts"] for key in keys] == [1, 2, 1]
    held = json.loads(worker(server, platform, exchange, "--reconcile").stdout)
    assert held["missing_on_platform"] == [] and held["unknown_to_us"] == []

    # 4. a later credit repair is exported and acknowledged (a new version with its own key)
    repair_id = admin.env["xinyong.repair"].create({"record_id": record_ids[0], "application_date": "2026-07-11",
                                                    "performed": True, "commitment_signed": True})
    admin.env["xinyong.repair"].browse(repair_id).action_decide(True, "已履行判决", "2026-07-15")
    run = worker(server, platform, exchange, "--once")
    assert run.returncode == 0, run.stdout + run.stderr
    rows = admin.env["xinyong.outbox"].search_read([("record_id", "=", record_ids[0])],
                                                   ["state", "status", "idempotency_key"], order="id")
    assert [(row["status"], row["state"]) for row in rows] == [("determined", "acknowledged"),
                                                               ("repaired", "acknowledged")]
    repaired = json.loads(platform.records[rows[1]["idempotency_key"]]["payload"])
    assert repaired["status"] == "repaired" and repaired["repair_date"] == "2026-07-15"
    assert repaired["published"] is False
    assert len(platform.records) == 4


def test_celery_task_runs_a_pass(server, platform, monkeypatch):
    """scripts/xinyong_exchange_celery.py: the task, registered on fazhi's queue app, is one worker pass
    (run eagerly here; tests/xinyong/test_exchange_scheduled.py runs it in `fazhi worker`)."""
    from fazhi.queue import app as queue_app
    app = queue_app._make_app("redis://127.0.0.1:9/0")   # eager: nothing goes to a broker
    schedule = queue_app.load_includes(app, [str(REPO / "scripts" / "xinyong_exchange_celery.py")])
    assert schedule["xinyong-exchange"]["task"] == "xinyong.exchange_once"
    assert schedule["xinyong-exchange"]["options"]["queue"] == app.conf.task_default_queue
    admin = server.odoo()
    exchange = make_user_on(server, groups=("xinyong.xinyong_group_exchange",), login=unique_name("xy_celery"))
    record, _key = determined_record(admin, 50)
    for name, value in {"FAZHI_RPC_HOST": "127.0.0.1", "FAZHI_RPC_PORT": str(server.port),
                        "FAZHI_RPC_DB": server.dbname, "FAZHI_RPC_LOGIN": exchange["login"],
                        "FAZHI_RPC_PASSWORD": exchange["password"], "XINYONG_PLATFORM_URL": platform.url,
                        "XINYONG_PLATFORM_SECRET": platform.secret}.items():
        monkeypatch.setenv(name, value)
    app.conf.task_always_eager = True
    counts = app.tasks["xinyong.exchange_once"].apply().get()
    assert counts["acknowledged"] >= 1
    rows = admin.env["xinyong.outbox"].search_read([("record_id", "=", record.id)], ["state", "idempotency_key"])
    assert [row["state"] for row in rows] == ["acknowledged"]
    assert rows[0]["idempotency_key"] in platform.records
