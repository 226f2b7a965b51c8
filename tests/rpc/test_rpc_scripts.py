"""The operator scripts (scripts/import_cases.py, export_statistics.py, send_notices.py) run as an
operator runs them: subprocesses against a served instance, connection from FAZHI_RPC_* variables.

The sample file tests/rpc/data/cases_sample.csv has 10 rows: 8 good ones (persons and
organisations, a repeated applicant, a row without external reference, several date formats)
and 2 bad ones (row 7: an agency that does not exist; row 8: an ID number with a wrong check
character).
"""
import csv
import json
import os
import shutil
import subprocess
import sys

import pytest

from rpc_support import ADMIN_PASSWORD, REPO

SAMPLE = REPO / "tests" / "rpc" / "data" / "cases_sample.csv"
AGENCIES = ("样例县市场监督管理局", "样例县公安局", "样例县自然资源局")
BAD_ROWS = {7: "unknown agency", 8: "check character"}
BAD_ROW_IDS = ("330106197511110247",)                 # applicant of the unknown-agency row (valid ID)
BAD_ROW_NAMES = ("样例申请人丁", "样例申请人戊")


def run_script(server, script, *args, login="admin", password=ADMIN_PASSWORD):
    env = dict(os.environ)
    env.update({"FAZHI_RPC_HOST": "127.0.0.1", "FAZHI_RPC_PORT": str(server.port), "FAZHI_RPC_DB": server.dbname,
                "FAZHI_RPC_LOGIN": login, "FAZHI_RPC_PASSWORD": password, "FAZHI_RPC_PROTOCOL": "jsonrpc"})
    return subprocess.run([sys.executable, str(REPO / "scripts" / script)] + [str(arg) for arg in args],
                          capture_output=True, text=True, env=env, cwd=str(REPO), timeout=300)


def read_report(path):
    with open(path, newline="", encoding="utf-8-sig") as fp:
        return {int(row["row"]): row for row in csv.DictReader(fp)}


def counts(client):
    return (client.env["fuyi.reconsideration"].search_count([]), client.env["res.partner"].search_count([]),
            client.env["ir.model.data"].search_count([("module", "=", "__import__")]))


@pytest.fixture(scope="module")
def admin(rpc_server):
    client = rpc_server.odoo()
    Partner = client.env["res.partner"]
    for name in AGENCIES:
        if not Partner.search([("name", "=", name), ("party_kind", "=", "agency")]):
            Partner.create({"name": name, "party_kind": "agency"})
    return client


@pytest.fixture(scope="module")
def imported(rpc_server, admin, tmp_path_factory):
    """Dry run first (nothing may change), then the real import; both reports."""
    work = tmp_path_factory.mktemp("import")
    sample = work / "cases_sample.csv"
    shutil.copy(SAMPLE, sample)
    before = counts(admin)
    dry = run_script(rpc_server, "import_cases.py", sample, "--dry-run", "--report", work / "dry.csv")
    after_dry = counts(admin)
    real = run_script(rpc_server, "import_cases.py", sample)
    return {"work": work, "sample": sample, "before": before, "after_dry": after_dry, "dry": dry,
            "dry_report": read_report(work / "dry.csv"), "real": real,
            "report": read_report(str(sample) + ".report.csv"), "after": counts(admin)}


def test_dry_run_writes_nothing(imported):
    assert imported["dry"].returncode == 1, imported["dry"].stderr
    assert imported["after_dry"] == imported["before"]
    statuses = [row["status"] for row in imported["dry_report"].values()]
    assert statuses.count("valid") == 8 and statuses.count("error") == 2
    assert "dry run: valid 8, skipped 0, error 2" in imported["dry"].stdout


def test_import_sample(imported, admin):
    real, report = imported["real"], imported["report"]
    assert real.returncode == 1, real.stdout + real.stderr
    assert "imported 8, skipped 0, error 2" in real.stdout
    assert sorted(report) == list(range(2, 12))
    errors = {number: row["message"] for number, row in report.items() if row["status"] == "error"}
    assert sorted(errors) == sorted(BAD_ROWS)
    for number, text in BAD_ROWS.items():
        assert text in errors[number], errors
    assert imported["after"][0] == imported["before"][0] + 8
    assert imported["after"][2] == imported["before"][2] + 8

    # each imported row: its external id names a case with the file's values
    Data = admin.env["ir.model.data"]
    Cases = admin.env["fuyi.reconsideration"]
    cases = {}
    for number, row in report.items():
        if row["status"] != "imported":
            continue
        module, name = row["external_id"].split(".", 1)
        data = Data.search_read([("module", "=", module), ("name", "=", name)], ["model", "res_id"])
        assert len(data) == 1 and data[0]["model"] == "fuyi.reconsideration"
        case = Cases.read([data[0]["res_id"]], ["name", "agency_id", "date_received", "act_amount", "party_ids",
                                                 "act_date", "request"])[0]
        assert case["name"] == row["case"]
        cases[number] = case
    assert cases[2]["agency_id"][1] == "样例县市场监督管理局" and cases[2]["act_amount"] == 2000
    assert cases[3]["date_received"] == "2025-03-05" and cases[3]["act_date"] == "2025-02-20"
    assert cases[4]["date_received"] == "2025-03-10" and cases[4]["act_amount"] == 50000
    assert cases[9]["act_amount"] == 30000
    parties = admin.env["fuyi.case.party"].read(cases[4]["party_ids"], ["partner_id", "role", "is_primary"])
    roles = {p["role"]: p for p in parties}
    assert roles["applicant"]["is_primary"] and roles["respondent"]["partner_id"][1] == "样例县市场监督管理局"
    org = admin.env["res.partner"].read([roles["applicant"]["partner_id"][0]], ["party_kind", "uscc"])[0]
    assert org["party_kind"] == "organisation" and org["uscc"] == "91330106MA2K00001K"
    # the repeated applicant (rows 2 and 5) is one partner
    Partner = admin.env["res.partner"]
    assert len(Partner.search([("identifier_search", "=", "11010119800101031X")])) == 1
    assert report[5]["message"] == "existing party"

    # the bad rows left nothing behind
    for identifier in BAD_ROW_IDS:
        assert not Partner.search([("identifier_search", "=", identifier)])
    assert not Partner.search([("name", "in", list(BAD_ROW_NAMES))])
    assert not Cases.search([("act_description", "=", "投诉举报不予立案告知"), ("date_received", "in",
                                                                          ["2025-03-18", "2025-03-20"])])


def test_rerun_imports_nothing_new(imported, rpc_server, admin):
    before = counts(admin)
    again = run_script(rpc_server, "import_cases.py", imported["sample"])
    assert again.returncode == 1
    assert "imported 0, skipped 8, error 2" in again.stdout, again.stdout
    report = read_report(str(imported["sample"]) + ".report.csv")
    skipped = [row for row in report.values() if row["status"] == "skipped"]
    assert len(skipped) == 8 and all(row["message"] == "already imported" for row in skipped)
    assert {row["case"] for row in skipped} == {row["case"] for row in imported["report"].values()
                                                 if row["status"] == "imported"}
    assert counts(admin) == before


def test_failed_case_create_removes_the_new_partner(rpc_server, admin, tmp_path):
    """The server refuses the case (oral application without record): the applicant created for
    the row is deleted again, and the row is reported; the next row still imports."""
    path = tmp_path / "oral.csv"
    path.write_text("external_ref,date_received,applicant,id_number,respondent,channel,act_description\n"
                    "ORAL-1,2025-04-01,口头申请人甲,510107199202290458,样例县公安局,oral,口头申请\n"
                    "ORAL-2,2025-04-02,书面申请人乙,,样例县公安局,post,邮寄申请\n", encoding="utf-8")
    before = counts(admin)
    proc = run_script(rpc_server, "import_cases.py", path)
    assert proc.returncode == 1
    report = read_report(str(path) + ".report.csv")
    assert report[2]["status"] == "error" and "oral application" in report[2]["message"].lower(), report[2]
    assert "UNDO FAILED" not in report[2]["message"]
    assert report[3]["status"] == "imported"
    Partner = admin.env["res.partner"]
    assert not Partner.search([("identifier_search", "=", "510107199202290458")])
    assert not Partner.search([("name", "=", "口头申请人甲")])
    after = counts(admin)
    assert after[0] == before[0] + 1 and after[2] == before[2] + 1
    assert not admin.env["fuyi.case"].search([("title", "=", "口头申请")])


def test_file_level_errors(rpc_server, tmp_path):
    missing = tmp_path / "missing.csv"
    missing.write_text("申请日期,申请人\n2025-01-01,某某\n", encoding="utf-8")
    proc = run_script(rpc_server, "import_cases.py", missing)
    assert proc.returncode == 2 and "被申请人/respondent" in proc.stderr
    xlsx = tmp_path / "cases.xlsx"
    xlsx.write_bytes(b"PK\x03\x04")
    proc = run_script(rpc_server, "import_cases.py", xlsx)
    assert proc.returncode == 2
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        assert "openpyxl" in proc.stderr and "CSV" in proc.stderr


def test_export_statistics_match_get_statistics(rpc_server, admin, imported, tmp_path):
    Cases = admin.env["fuyi.reconsideration"]
    # one accepted case, so that the figures are not all zero
    case_name = imported["report"][2]["case"]
    case_id = Cases.search([("name", "=", case_name)])[0]
    if not Cases.read([case_id], ["acceptance_date"])[0]["acceptance_date"]:
        Cases.browse(case_id).action_accept("2025-03-07")
    agency = "样例县市场监督管理局"
    agency_id = admin.env["res.partner"].search([("name", "=", agency), ("party_kind", "=", "agency")])[0]

    def expected(aid=False):
        figures = dict(admin.execute_kw("fuyi.reconsideration", "get_statistics", ["2025-03-01", "2025-03-31", aid]))
        figures.pop("case_ids")
        return figures

    # JSON, one agency
    out = tmp_path / "stats.json"
    proc = run_script(rpc_server, "export_statistics.py", "--from", "2025-03-01", "--to", "2025-03-31",
                      "--agency", agency, "--format", "json", "--output", out)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["date_from"] == "2025-03-01" and len(data["rows"]) == 1
    row = data["rows"][0]
    assert row.pop("agency") == agency and row.pop("agency_id") == agency_id
    assert row == expected(agency_id)
    assert row["received"] == 3 and row["accepted"] == 1     # rows 2, 4 and 9 of the sample

    # CSV, all agencies and one row per agency
    out = tmp_path / "stats.csv"
    proc = run_script(rpc_server, "export_statistics.py", "--from", "2025-03-01", "--to", "2025-03-31",
                      "--by-agency", "--output", out)
    assert proc.returncode == 0, proc.stderr
    with open(out, newline="", encoding="utf-8-sig") as fp:
        rows = list(csv.DictReader(fp))
    assert rows[0]["agency_id"] == ""
    by_name = {row["agency"]: row for row in rows[1:]}
    assert set(AGENCIES) <= set(by_name)
    for line, aid in [(rows[0], False)] + [(by_name[name], int(by_name[name]["agency_id"])) for name in AGENCIES]:
        figures = expected(aid)
        for key in ("received", "accepted", "closed"):
            assert int(line[key]) == figures[key], (line, figures)
        for key in ("correction_rate", "mediation_rate", "on_time_rate"):
            assert float(line[key]) == pytest.approx(figures[key])
        for key, value in figures["by_procedure"].items():
            assert int(line["by_procedure.%s" % key]) == value

    proc = run_script(rpc_server, "export_statistics.py", "--agency", "没有这个机关")
    assert proc.returncode == 1 and "no agency" in proc.stderr


def test_send_notices(rpc_server, admin, imported):
    """Pending services with a document are listed (every pending one when the server's
    fuyi.service has no document_id); the queue run is safe to repeat and serves nothing."""
    Cases = admin.env["fuyi.reconsideration"]
    Service = admin.env["fuyi.service"]
    case = Cases.read(Cases.search([("name", "=", imported["report"][3]["case"])]), ["case_id", "agency_id"])[0]
    has_document = "document_id" in Service.fields_get([], attributes=["type"])

    def service(name, **extra):
        return Service.create(dict({"case_id": case["case_id"][0], "kind": "other", "channel": "post",
                                    "recipient_id": case["agency_id"][0], "document_name": name}, **extra))

    plain_id = service("样例通知书")
    doc_id = None
    if has_document:
        document_id = admin.env["fuyi.document"].create({"case_id": case["case_id"][0], "doc_type": "acceptance_notice"})
        doc_id = service("样例受理通知书", document_id=document_id)
    proc = run_script(rpc_server, "send_notices.py", "--dry-run")
    assert proc.returncode == 0, proc.stderr
    if has_document:
        assert "service %s:" % doc_id in proc.stdout and "样例受理通知书" in proc.stdout
        assert "service %s:" % plain_id not in proc.stdout
    else:
        assert "no document_id field" in proc.stdout
        assert "service %s:" % plain_id in proc.stdout and "样例通知书" in proc.stdout
    for _attempt in range(2):                  # safe to run twice
        proc = run_script(rpc_server, "send_notices.py")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "mail.mail.process_email_queue: done" in proc.stdout
    states = Service.read([plain_id] + ([doc_id] if doc_id else []), ["state"])
    assert {row["state"] for row in states} == {"pending"}


def test_missing_connection_settings(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("FAZHI_RPC_")}
    proc = subprocess.run([sys.executable, str(REPO / "scripts" / "send_notices.py"), "--dry-run"],
                          capture_output=True, text=True, env=env, cwd=str(tmp_path), timeout=60)
    assert proc.returncode == 2 and "FAZHI_RPC_DB" in proc.stderr
