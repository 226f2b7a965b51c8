import base64
import csv
import io
import json
import zipfile

import docx
import openpyxl
from freezegun import freeze_time

from flectra.exceptions import AccessError, UserError

from .common import FuyiCaseCommon


class TestDocumentBatch(FuyiCaseCommon):
    """Documents for many cases at once: one .zip, one .docx per case, every failure reported."""

    def cases(self):
        good = self.new_case("2025-09-26", correction_items="身份证明\n行政行为的书面材料")
        other = self.new_case("2025-09-29", correction_items="明确的行政复议请求")
        no_items = self.new_case("2025-09-30")           # a notice must list the items (ARL Art. 31 para 1)
        return good | other | no_items

    def archive(self, result):
        attachment = self.env["ir.attachment"].browse(result["attachment_id"])
        self.assertEqual(attachment.mimetype, "application/zip")
        return zipfile.ZipFile(io.BytesIO(attachment.raw))

    def report(self, archive):
        names = [name for name in archive.namelist() if name.endswith(".csv")]
        self.assertEqual(len(names), 1)
        return list(csv.reader(io.StringIO(archive.read(names[0]).decode("utf-8-sig"))))

    @freeze_time("2025-10-01")
    def test_batch_generates_each_case_and_reports_the_failures(self):
        cases = self.cases()
        good, other, no_items = cases
        result = cases._job_generate_documents("correction_notice")
        self.assertEqual((result["generated"], result["failed"]), (2, 1))
        self.assertEqual([error["case"] for error in result["errors"]], [no_items.name])
        self.assertIn("ARL Art. 31 para 1", result["errors"][0]["reason"])
        archive = self.archive(result)
        documents = sorted(name for name in archive.namelist() if name.endswith(".docx"))
        self.assertEqual(len(documents), 2)
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(archive.read(documents[0]))).paragraphs)
        self.assertIn("行政复议申请补正通知书", text)
        self.assertIn("身份证明", text)
        rows = self.report(archive)
        self.assertEqual(len(rows), 4)
        self.assertEqual([row[0] for row in rows[1:]], [good.name, other.name, no_items.name])
        self.assertTrue(rows[1][3].endswith(".docx") and rows[1][3] in documents)
        self.assertEqual(rows[3][3], "")
        self.assertIn("ARL Art. 31 para 1", rows[3][4])
        Document = self.env["fuyi.document"]
        self.assertEqual(len(Document.search([("case_id", "in", (good | other).mapped("case_id").ids)])), 2)
        self.assertFalse(Document.search([("case_id", "=", no_items.case_id.id)]))   # undone, not half made

    @freeze_time("2025-10-01")
    def test_batch_can_issue_the_documents(self):
        cases = self.cases()[:2]
        result = cases._job_generate_documents("correction_notice", issue=True)
        self.assertEqual((result["generated"], result["failed"]), (2, 0))
        documents = self.env["fuyi.document"].search([("case_id", "in", cases.mapped("case_id").ids)])
        self.assertEqual(documents.mapped("state"), ["issued", "issued"])
        self.assertTrue(all(documents.mapped("number")))
        rows = self.report(self.archive(result))
        self.assertEqual(sorted(row[2] for row in rows[1:]), sorted(documents.mapped("number")))

    def test_the_button_queues_a_job_and_returns_the_progress_action(self):
        cases = self.cases()
        action = cases.with_user(self.clerk).action_generate_documents_batch("correction_notice")
        if not hasattr(cases, "with_delay"):          # a server without a job queue: ran at once
            self.assertEqual(action["type"], "ir.actions.act_url")
            return
        self.assertEqual((action["type"], action["tag"]), ("ir.actions.client", "fz_job_progress"))
        job = self.env["queue.job"].browse(action["params"]["job_id"])
        self.assertEqual((job.model_name, job.method_name, job.user_id), ("fuyi.reconsideration",
                                                                         "_job_generate_documents", self.clerk))
        self.assertEqual(job.name, action["params"]["title"])
        # the clerk follows the job the web client polls
        seen = job.with_user(self.clerk).read(["state", "progress_done", "progress_total", "progress_message",
                                               "result_attachment_id", "exc_info"])[0]
        self.assertEqual((seen["progress_done"], seen["progress_total"]), (0, 0))

    def test_the_button_refuses_bad_requests(self):
        cases = self.cases()
        with self.assertRaises(UserError):
            cases.action_generate_documents_batch("no_such_document")
        with self.assertRaises(UserError):
            cases.browse().action_generate_documents_batch("correction_notice")
        with self.assertRaises(AccessError):           # liaisons read cases but prepare no documents
            cases.with_user(self.liaison).action_generate_documents_batch("correction_notice")


class TestStatisticsExport(FuyiCaseCommon):

    def setUp(self):
        super().setUp()
        self.new_case("2025-03-03")
        self.new_case("2025-03-04", agency_id=self.other_agency.id)
        self.new_case("2024-12-30")                       # outside the period

    def test_export_as_csv_with_a_row_per_agency(self):
        Cases = self.env["fuyi.reconsideration"].with_context(lang="zh_CN")
        result = Cases._job_export_statistics("2025-01-01", "2025-12-31", True, "csv")
        attachment = self.env["ir.attachment"].browse(result["attachment_id"])
        self.assertTrue(attachment.name.endswith("_20250101_20251231.csv"))
        rows = list(csv.reader(io.StringIO(attachment.raw.decode("utf-8-sig"))))
        self.assertEqual(rows[0][:4], ["行政机关", "收案数", "已受理", "结案数"])
        self.assertEqual([(row[0], row[1]) for row in rows[1:]],
                         [("全部行政机关", "2"), (self.agency.name, "1"), (self.other_agency.name, "1")])

    def test_export_as_xlsx(self):
        result = self.env["fuyi.reconsideration"]._job_export_statistics(False, False, False, "xlsx")
        attachment = self.env["ir.attachment"].browse(result["attachment_id"])
        sheet = openpyxl.load_workbook(io.BytesIO(attachment.raw)).active
        values = list(sheet.iter_rows(values_only=True))
        self.assertEqual(len(values), 2)
        self.assertEqual(values[1][1], 3)                 # every case received, all agencies

    def test_export_refuses_bad_input(self):
        Cases = self.env["fuyi.reconsideration"]
        for args in ({"file_format": "pdf"}, {"date_from": "2025-13-01"},
                     {"date_from": "2025-06-01", "date_to": "2025-01-01"}):
            with self.assertRaises(UserError):
                Cases.action_export_statistics(**args)
        action = Cases.action_export_statistics("2025-01-01", "2025-12-31", by_agency=True)
        if hasattr(Cases, "with_delay"):
            self.assertEqual(action["tag"], "fz_job_progress")


class TestCaseImport(FuyiCaseCommon):
    """The server-side import: all or nothing, one report line per row, safe to run again."""

    HEADER = "申请日期,申请人,身份证号,被申请人,金额,外部编号\n"

    def upload(self, text):
        return base64.b64encode(text.encode("utf-8")).decode()

    def run_import(self, text, dry_run=False):
        Cases = self.env["fuyi.reconsideration"].with_context(lang="zh_CN")
        action = Cases.action_import_cases("cases.csv", self.upload(text), dry_run=dry_run)
        if hasattr(Cases, "with_delay"):
            job = self.env["queue.job"].browse(action["params"]["job_id"])
            self.assertEqual(job.method_name, "_job_import_cases")
            upload_id = json.loads(job.args)[0]        # the uploaded file, kept as an attachment
        else:  # pragma: no cover - a server without a job queue ran it already
            return None, None
        result = Cases._job_import_cases(upload_id, dry_run)
        report = self.env["ir.attachment"].browse(result["attachment_id"]).raw.decode("utf-8-sig")
        return result, list(csv.reader(io.StringIO(report)))

    def count(self):
        return self.env["fuyi.reconsideration"].search_count([])

    def test_one_bad_row_imports_nothing_and_reports_every_row(self):
        before = self.count()
        text = self.HEADER + ("2025-03-03,李四,,%s,2000,IMP-1\n"
                              "2025年3月4日,王五,,不存在的机关,,IMP-2\n"
                              "2025/3/5,赵六,,%s,一千,IMP-3\n") % (self.agency.name, self.agency.name)
        result, rows = self.run_import(text)
        self.assertEqual((result["imported"], result["errors"]), (0, 2))
        self.assertEqual(self.count(), before)                       # all or nothing
        self.assertFalse(self.env["res.partner"].search([("name", "in", ["李四", "王五", "赵六"])]))
        self.assertEqual(rows[0], ["行号", "状态", "案件", "原因"])
        self.assertEqual([(row[0], row[1]) for row in rows[1:]], [("2", "可导入"), ("3", "错误"), ("4", "错误")])
        self.assertIn("不存在的机关", rows[2][3])
        self.assertIn("一千", rows[3][3])

    def test_good_file_imports_once(self):
        before = self.count()
        text = self.HEADER + ("2025-03-03,李四,,%s,2000,IMP-1\n"
                              "2025-03-04,%s,%s,%s,,IMP-2\n") % (self.agency.name, self.applicant.name,
                                                                 "110101197001010008", self.other_agency.name)
        result, _rows = self.run_import(text, dry_run=True)
        self.assertEqual((result["imported"], result["errors"], self.count()), (0, 0, before))
        result, rows = self.run_import(text)
        self.assertEqual((result["imported"], result["errors"]), (2, 0))
        self.assertEqual(self.count(), before + 2)
        case = self.env["fuyi.reconsideration"].search([("name", "=", rows[2][2])])
        self.assertEqual(case.agency_id, self.other_agency)
        self.assertEqual(case.party_ids.filtered(lambda p: p.role == "applicant").partner_id, self.applicant)
        result, rows = self.run_import(text)                         # again: nothing new
        self.assertEqual((result["imported"], result["skipped"]), (0, 2))
        self.assertEqual(self.count(), before + 2)
        self.assertEqual({row[1] for row in rows[1:]}, {"已跳过"})

    def test_unusable_files_are_refused_at_once(self):
        Cases = self.env["fuyi.reconsideration"]
        with self.assertRaises(UserError):
            Cases.action_import_cases("cases.pdf", self.upload("x"))
        with self.assertRaises(UserError):
            Cases.action_import_cases("cases.csv", self.upload("申请人,被申请人\n张三,县局\n"))   # no 申请日期
        with self.assertRaises(UserError):
            Cases.action_import_cases("cases.csv", "")
        with self.assertRaises(AccessError):
            Cases.with_user(self.liaison).action_import_cases("cases.csv", self.upload(self.HEADER))
