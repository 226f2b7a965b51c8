"""Long work as jobs with progress, end to end: the fuyi_case document batch run by `fazhi serve`
alone (embedded runner) and by a `fazhi worker` on Redis; the operator scripts follow the jobs
over RPC (progress lines on stderr, the result file written)."""
import csv
import datetime
import io
import os
import socket
import subprocess
import sys
import zipfile

from queue_support import ADMIN_PASSWORD, REPO, tx, wait_for

FAST = {"FAZHI_QUEUE_VISIBILITY_TIMEOUT": 3, "FAZHI_QUEUE_RESTORE_INTERVAL": 1, "FAZHI_QUEUE_CRON_INTERVAL": 1,
        "FAZHI_QUEUE_SWEEP_INTERVAL": 1, "FAZHI_QUEUE_REPUBLISH_AFTER": 1, "FAZHI_QUEUE_STALE_AFTER": 3}
AGENCY = "批处理测试县市场监督管理局"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _cases(dbname):
    """Four cases received today, so in acceptance review (not deemed accepted by the cron); the
    third has no items to correct, so its correction notice is refused (ARL Art. 31 para 1) and
    must show up as failed in the result."""
    today = datetime.date.today().isoformat()

    def build(env):
        Partner = env["res.partner"]
        agency = Partner.create({"name": AGENCY, "party_kind": "agency"})
        applicant = Partner.create({"name": "批处理申请人", "party_kind": "person"})
        cases = env["fuyi.reconsideration"]
        for index, items in enumerate(["身份证明", "行政行为的书面材料", "", "复议请求"]):
            cases |= cases.create({
                "date_received": today, "agency_id": agency.id, "title": "罚款决定",
                "correction_items": items or False,
                "party_ids": [(0, 0, {"partner_id": applicant.id, "role": "applicant", "is_primary": True}),
                              (0, 0, {"partner_id": agency.id, "role": "respondent"})]})
        return [(case.id, case.name) for case in cases]
    return tx(dbname, build)


def _job(dbname, job_id):
    def read(env):
        job = env["queue.job"].browse(job_id)
        values = job.read(["state", "progress_done", "progress_total", "progress_message", "exc_info", "attempts"])[0]
        values["zip"] = job.result_attachment_id.raw if job.result_attachment_id else None
        return values
    return tx(dbname, read)


def _check_result(data, cases):
    archive = zipfile.ZipFile(io.BytesIO(data))
    documents = [name for name in archive.namelist() if name.endswith(".docx")]
    assert len(documents) == 3, archive.namelist()
    report = [name for name in archive.namelist() if name.endswith(".csv")]
    rows = list(csv.reader(io.StringIO(archive.read(report[0]).decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == [name for _id, name in cases]
    failed = [row for row in rows[1:] if not row[3]]
    assert [row[0] for row in failed] == [cases[2][1]]
    assert "第三十一条" in failed[0][4]                          # the refusal names the article (zh_CN)


def _documents(dbname, cases):
    return tx(dbname, lambda env: env["fuyi.document"].search_count(
        [("case_id", "in", env["fuyi.reconsideration"].browse([c for c, _n in cases]).mapped("case_id").ids)]))


def _start_batch(dbname, cases):
    def start(env):
        admin = env.ref("base.user_admin")
        records = env["fuyi.reconsideration"].with_user(admin).browse([c for c, _n in cases])
        return records.action_generate_documents_batch("correction_notice")
    action = tx(dbname, start)
    assert (action["type"], action["tag"]) == ("ir.actions.client", "fz_job_progress")
    return action["params"]["job_id"]


def run_script(port, dbname, script, *args):
    env = dict(os.environ, FAZHI_RPC_HOST="127.0.0.1", FAZHI_RPC_PORT=str(port), FAZHI_RPC_DB=dbname,
               FAZHI_RPC_LOGIN="admin", FAZHI_RPC_PASSWORD=ADMIN_PASSWORD, FAZHI_RPC_PROTOCOL="jsonrpc")
    return subprocess.run([sys.executable, str(REPO / "scripts" / script)] + [str(a) for a in args],
                          capture_output=True, text=True, env=env, cwd=str(REPO), timeout=300)


def test_serve_alone_runs_the_batch_and_the_scripts_follow_it(fuyi_db, procs, tmp_path):
    cases = _cases(fuyi_db)
    port = _free_port()
    server = procs("serve", "serve", "-d", fuyi_db, "--port", str(port), FAZHI_QUEUE_TICK=1)
    wait_for(lambda: "fazhi serving" in server.log() or not server.alive(), 60, "the server", procs=[server])
    assert server.alive(), server.log()

    # the web client's button: a job the embedded runner runs, with progress and a result
    job_id = _start_batch(fuyi_db, cases)
    job = wait_for(lambda: (lambda j: j if j["state"] in ("done", "failed") else None)(_job(fuyi_db, job_id)), 90,
                   "the batch job", procs=[server])
    assert job["state"] == "done", job["exc_info"]
    assert (job["progress_done"], job["progress_total"]) == (4, 4)
    assert job["progress_message"] == "已生成 3 份，1 件未生成"      # the user's language (zh_CN)
    _check_result(job["zip"], cases)
    assert _documents(fuyi_db, cases) == 3

    # the operator script: same job over RPC, progress on stderr (not a TTY: plain lines), file written
    output = tmp_path / "notices.zip"
    proc = run_script(port, fuyi_db, "generate_documents.py", "correction_notice",
                      *sum((["--case", name] for _id, name in cases), []), "--output", output)
    assert proc.returncode == 1, proc.stdout + proc.stderr         # one case failed
    assert "correction_notice ×4: 4/4 100%" in proc.stderr, proc.stderr
    assert "3 generated, 1 failed — %s" % output in proc.stdout
    assert cases[2][1] in proc.stderr and "第三十一条" in proc.stderr       # the failed case and why
    _check_result(output.read_bytes(), cases)
    assert _documents(fuyi_db, cases) == 6                          # new drafts, per re-run

    assert "server job" in proc.stderr and "--follow" in proc.stderr           # how to re-attach

    # re-attaching to a job by its id (here the web client's): its result, nothing run again
    followed = tmp_path / "followed.zip"
    again = run_script(port, fuyi_db, "generate_documents.py", "--follow", str(job_id), "--output", followed)
    assert again.returncode == 1, again.stdout + again.stderr               # the same failed case
    assert "3 generated, 1 failed — %s" % followed in again.stdout
    _check_result(followed.read_bytes(), cases)
    assert _documents(fuyi_db, cases) == 6
    missing = run_script(port, fuyi_db, "generate_documents.py", "--follow", "999999")
    assert missing.returncode == 2 and missing.stderr.strip(), missing.stderr

    dry = run_script(port, fuyi_db, "generate_documents.py", "correction_notice", "--state", "review", "--dry-run")
    assert dry.returncode == 0 and "dry run: 4 case(s)" in dry.stdout, dry.stdout + dry.stderr
    bad = run_script(port, fuyi_db, "generate_documents.py", "no_such_type", "--case", cases[0][1])
    assert bad.returncode == 2 and "no_such_type" in bad.stderr, bad.stderr

    # the statistics export as a job, downloaded as .xlsx
    xlsx = tmp_path / "stats.xlsx"
    proc = run_script(port, fuyi_db, "export_statistics.py", "--job", "--by-agency", "--format", "xlsx",
                      "--output", xlsx)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "statistics: 2/2 100%" in proc.stderr, proc.stderr
    import openpyxl
    rows = list(openpyxl.load_workbook(xlsx).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("行政机关", "收案数")
    assert rows[1][1] == 4 and rows[2][:2] == (AGENCY, 4)

    # the import script shows its progress per row
    sample = tmp_path / "cases.csv"
    sample.write_text("申请日期,申请人,被申请人,外部编号\n%s,进度申请人,%s,PROG-1\n" % (datetime.date.today(), AGENCY), encoding="utf-8")
    proc = run_script(port, fuyi_db, "import_cases.py", sample)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "import: 1/1 100% row 2: imported" in proc.stderr, proc.stderr

    # the import as a server job: all rows or none, the report downloaded
    def count():
        return tx(fuyi_db, lambda env: env["fuyi.reconsideration"].search_count([]))
    before = count()
    today = datetime.date.today()
    sample.write_text("申请日期,申请人,被申请人,外部编号\n%s,进度申请人,%s,PROG-1\n%s,作业申请人,%s,PROG-2\n"
                      "%s,作业申请人乙,不存在的机关,PROG-3\n" % (today, AGENCY, today, AGENCY, today), encoding="utf-8")
    report = tmp_path / "job-report.csv"
    proc = run_script(port, fuyi_db, "import_cases.py", sample, "--job", "--report", report)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "import: 3/3 100%" in proc.stderr, proc.stderr
    assert "1 行有错误，未导入任何案件" in proc.stdout
    assert count() == before                                        # nothing half-imported
    rows = list(csv.reader(io.StringIO(report.read_text(encoding="utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == ["已跳过", "可导入", "错误"] and "不存在的机关" in rows[3][3]
    sample.write_text("申请日期,申请人,被申请人,外部编号\n%s,进度申请人,%s,PROG-1\n%s,作业申请人,%s,PROG-2\n"
                      % (today, AGENCY, today, AGENCY), encoding="utf-8")
    proc = run_script(port, fuyi_db, "import_cases.py", sample, "--job", "--report", report)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "已导入 1 件，跳过 1 行" in proc.stdout
    assert count() == before + 1


def test_a_worker_on_redis_runs_the_batch(fuyi_db, redis_url, queue_name, procs, monkeypatch):
    cases = _cases(fuyi_db)
    monkeypatch.setenv("FAZHI_BROKER_URL", redis_url)
    worker = procs("worker", "--log-level", "info", "worker", "--concurrency", "1",
                   **dict(FAST, FAZHI_BROKER_URL=redis_url, FAZHI_QUEUE_NAME=queue_name))
    job_id = _start_batch(fuyi_db, cases)
    job = wait_for(lambda: (lambda j: j if j["state"] in ("done", "failed") else None)(_job(fuyi_db, job_id)), 120,
                   "the batch job on the worker", procs=[worker])
    assert job["state"] == "done", job["exc_info"]
    assert (job["progress_done"], job["progress_total"], job["attempts"]) == (4, 4, 1)
    _check_result(job["zip"], cases)
    assert _documents(fuyi_db, cases) == 3
