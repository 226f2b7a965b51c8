"""Import of a platform export: one transaction, every row reported, nothing half-imported."""
import base64
import io

import openpyxl

from flectra.exceptions import UserError

from .common import JianduCommon

HEADER = "平台编号,决定书文号,执法主体,执法类别,案由,当事人,当事人统一社会信用代码,立案日期,决定日期,公示日期,罚款金额,全过程记录\n"
GOOD = ("P-001,县市监罚〔2026〕1号,县市场监督管理局,行政处罚,未明码标价,某商贸有限公司,911101080000000007,2026-01-05,2026-02-02,2026-02-04,5000,是\n"
        "P-002,县环罚〔2026〕3号,县生态环境局,行政处罚,超标排放,,,2026/01/06,2026年2月10日,,20000,否\n")


def b64(text):
    return base64.b64encode(text.encode("utf-8")).decode()


class TestImport(JianduCommon):

    def test_good_rows_are_imported_with_their_flags(self):
        result = self.env["jiandu.case.file"].import_file(b64(HEADER + GOOD), "export.csv")
        self.assertEqual((result["imported"], result["errors"]), (2, 0))
        files = self.env["jiandu.case.file"].browse(result["ids"])
        first = files.filtered(lambda f: f.external_ref == "P-001")
        self.assertEqual(first.agency_id, self.market)
        self.assertEqual(first.target_id.uscc, "911101080000000007")
        self.assertEqual(first.publication_flag, "ok")
        second = files.filtered(lambda f: f.external_ref == "P-002")
        self.assertEqual((second.publication_flag, second.full_record_flag), ("missing", "missing"))
        self.assertTrue(first.name.startswith("县执法卷〔2026〕"))

    def test_one_bad_row_imports_nothing_and_every_row_is_reported(self):
        bad = ("P-003,,县市场监督管理局,行政处罚,虚假宣传,某公司,911101080000000008,2026-01-07,2026-02-03,,1000,是\n"
               "P-004,,县不存在局,行政处罚,无证经营,,,2026-01-07,2026-02-03,,1000,是\n")
        before = self.env["jiandu.case.file"].search_count([])
        result = self.env["jiandu.case.file"].import_file(b64(HEADER + GOOD + bad), "export.csv")
        self.assertEqual((result["imported"], result["errors"]), (0, 2))
        self.assertEqual(self.env["jiandu.case.file"].search_count([]), before)
        rows = {row["ref"]: row for row in result["rows"]}
        self.assertEqual(rows["P-001"]["status"], "ok")
        self.assertIn("GB 32100", rows["P-003"]["errors"][0])
        self.assertIn("known agency", rows["P-004"]["errors"][0])

    def test_a_file_already_imported_is_not_imported_twice(self):
        self.env["jiandu.case.file"].import_file(b64(HEADER + GOOD), "export.csv")
        again = self.env["jiandu.case.file"].import_file(b64(HEADER + GOOD), "export.csv")
        self.assertEqual(again["imported"], 0)
        self.assertIn("import once", again["rows"][0]["errors"][0])

    def test_dry_run_checks_without_writing(self):
        result = self.env["jiandu.case.file"].import_file(b64(HEADER + GOOD), "export.csv", dry_run=True)
        self.assertEqual((result["imported"], result["errors"], result["dry_run"]), (0, 0, True))
        self.assertFalse(self.env["jiandu.case.file"].search([("external_ref", "=", "P-001")]))

    def test_excel_export_is_read_too(self):
        book = openpyxl.Workbook()
        sheet = book.active
        for line in (HEADER + GOOD).strip().split("\n"):
            sheet.append(line.split(","))
        out = io.BytesIO()
        book.save(out)
        result = self.env["jiandu.case.file"].import_file(base64.b64encode(out.getvalue()).decode(), "export.xlsx")
        self.assertEqual(result["imported"], 2)

    def test_a_file_without_the_required_columns_is_refused(self):
        with self.assertRaisesRegex(UserError, "执法主体"):
            self.env["jiandu.case.file"].import_file(b64("平台编号,案由\nP-9,x\n"), "export.csv")

    def test_the_upload_screen_reports_each_row(self):
        wizard = self.env["jiandu.case.file.import"].create({"data": b64(HEADER + GOOD), "filename": "export.csv"})
        wizard.action_check()
        self.assertIn("P-001", wizard.report)
        wizard.action_import()
        self.assertEqual(wizard.imported, 2)
