"""Indicators and the campaign report (.docx with tables and a chart)."""
import io

from docx import Document

from .common import JianduCommon


class TestIndicators(JianduCommon):

    def setUp(self):
        super().setUp()
        self.files = [self.new_file(self.market), self.new_file(self.market),
                      self.new_file(self.environment, published_date="2026-04-30")]
        self.campaign = self.new_campaign()
        self.campaign.action_draw_sample()
        self.campaign.action_assign_reviewers()
        for review in self.campaign.review_ids:
            if review.file_id == self.files[0]:
                self.line(review, "no_legal_review").write({"veto_failed": True, "reason": "未经法制审核"})
            self.line(review, "unpaginated_page").defect_count = 1
            review.action_submit()

    def test_qualified_rate_by_agency_and_common_defects(self):
        figures = self.campaign.get_indicators()
        self.assertEqual((figures["reviewed"], figures["qualified"], figures["qualified_rate"]), (3, 2, 66.7))
        by_agency = {row["agency"]: row for row in figures["by_agency"]}
        self.assertEqual(by_agency["县市场监督管理局"]["rate"], 50.0)
        self.assertEqual(by_agency["县生态环境局"]["rate"], 100.0)
        self.assertEqual(figures["common_defects"][0], {"item": "未编页码（每页）", "files": 3, "defects": 3})
        self.assertEqual(figures["publication_timeliness"], 66.7)   # one published late
        self.assertEqual((figures["officers"], figures["officers_qualified"]), (2, 1))   # one expired by 06-30

    def test_the_report_has_the_figures_a_table_and_a_chart(self):
        self.campaign.action_report()
        document = Document(io.BytesIO(self.campaign.report_attachment_id.raw))
        text = "\n".join(p.text for p in document.paragraphs)
        self.assertIn("评查合格率66.7%", text)
        self.assertIn("随机种子为20260401", text)
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        self.assertIn("县市场监督管理局", cells)
        self.assertIn("50.0", cells)
        self.assertEqual(len(document.inline_shapes), 1)
