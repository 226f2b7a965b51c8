import datetime
import io

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from flectra.tests import BaseCase

from ..report.docx_builder import OfficialDocumentBuilder, _set_run_font, chinese_date

DATE = datetime.date(2025, 10, 10)


def build(number="县府复受字〔2025〕1号", cc=()):
    data = OfficialDocumentBuilder().build(
        "县人民政府\n行政复议受理通知书", number, "张三",
        ["你于2025年9月26日提出的行政复议申请收悉。", "本案适用普通程序审理。"], "县人民政府", DATE, cc=cc)
    return docx.Document(io.BytesIO(data))


def runs(element):
    return list(element.iter(qn("w:r")))


class TestOfficialLayout(BaseCase):
    """GB/T 9704-2012: page, fonts, number line, signature and page numbers."""

    def paragraph(self, document, text):
        matches = [p for p in document.paragraphs if p.text == text]
        self.assertEqual(len(matches), 1, "expected one paragraph %r" % text)
        return matches[0]

    def test_a4_page_with_the_official_margins(self):
        """A4 with top 37, bottom 35, left 28, right 26 mm: a 156×225 mm text area (§5.2)."""
        section = build().sections[0]
        for length, expected in ((section.page_width, 210), (section.page_height, 297), (section.top_margin, 37),
                                 (section.bottom_margin, 35), (section.left_margin, 28), (section.right_margin, 26)):
            self.assertAlmostEqual(length.mm, expected, delta=0.05)
        self.assertAlmostEqual(section.page_width.mm - 28 - 26, 156, delta=0.05)

    def test_every_run_names_its_east_asian_font(self):
        """w:eastAsia on every run, body and footers alike (python-docx issue #1139)."""
        document = build(cc=["县市场监督管理局"])
        section = document.sections[0]
        all_runs = runs(document.element.body) + runs(section.footer._element) + runs(section.even_page_footer._element)
        self.assertGreater(len(all_runs), 10)
        for run in all_runs:
            fonts = run.find(qn("w:rPr")).find(qn("w:rFonts"))
            self.assertTrue(fonts.get(qn("w:eastAsia")), "run without an East-Asian font: %r" % run.xpath("string(.)"))
            self.assertIsNone(fonts.get(qn("w:asciiTheme")))

    def test_title_in_xiaobiaosong_erhao_centred(self):
        document = build()
        for paragraph, line in zip(document.paragraphs, ("县人民政府", "行政复议受理通知书")):
            self.assertEqual(paragraph.text, line)
            self.assertEqual(paragraph.alignment, WD_ALIGN_PARAGRAPH.CENTER)
            run = paragraph.runs[0]
            self.assertEqual(run.font.size.pt, 22)
            self.assertEqual(run._r.rPr.rFonts.get(qn("w:eastAsia")), "方正小标宋简体")

    def test_body_in_fangsong_sanhao_with_two_character_indent(self):
        paragraph = self.paragraph(build(), "本案适用普通程序审理。")
        fmt = paragraph.paragraph_format
        self.assertEqual(paragraph.runs[0].font.size.pt, 16)
        self.assertEqual(paragraph.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")), "仿宋_GB2312")
        self.assertEqual(fmt.first_line_indent.pt, 32)
        self.assertEqual(fmt.element.pPr.ind.get(qn("w:firstLineChars")), "200")
        self.assertTrue(28 <= fmt.line_spacing.pt <= 29, fmt.line_spacing.pt)

    def test_number_centred_and_recipient_flush_left(self):
        document = build()
        self.assertEqual(self.paragraph(document, "县府复受字〔2025〕1号").alignment, WD_ALIGN_PARAGRAPH.CENTER)
        recipient = self.paragraph(document, "张三：")
        self.assertIn(recipient.alignment, (WD_ALIGN_PARAGRAPH.LEFT, None))
        self.assertIsNone(recipient.paragraph_format.first_line_indent)

    def test_draft_has_no_number_line_text(self):
        texts = [p.text for p in build(number=None).paragraphs]
        self.assertFalse([t for t in texts if "〔" in t])
        self.assertEqual(texts[:4], ["县人民政府", "行政复议受理通知书", "", ""])

    def test_signature_and_chinese_date_right_aligned_at_the_end(self):
        """Date four characters from the right, signature centred over it (§7.3.5.1)."""
        document = build()
        date = document.paragraphs[-1]
        self.assertEqual(date.text, "2025年10月10日")
        signature = document.paragraphs[-2]
        self.assertEqual(signature.text, "县人民政府")
        self.assertEqual(date.alignment, WD_ALIGN_PARAGRAPH.RIGHT)
        self.assertEqual(signature.alignment, WD_ALIGN_PARAGRAPH.RIGHT)
        self.assertEqual(date.paragraph_format.right_indent.pt, 4 * 16)
        self.assertEqual(signature.paragraph_format.right_indent.pt, 5 * 16)

    def test_copy_to_line_in_sihao(self):
        document = build(cc=["县市场监督管理局", "县司法局"])
        line = self.paragraph(document, "抄送：县市场监督管理局，县司法局。")
        self.assertEqual(line.runs[0].font.size.pt, 14)
        self.assertIsNotNone(line.paragraph_format.element.pPr.find(qn("w:pBdr")))

    def test_page_numbers_with_dashes_outside_edges(self):
        """— 1 — in 四号 宋体, odd pages right and even pages left (§7.5)."""
        document = build()
        section = document.sections[0]
        self.assertTrue(document.settings.odd_and_even_pages_header_footer)
        odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
        for paragraph, alignment in ((odd, WD_ALIGN_PARAGRAPH.RIGHT), (even, WD_ALIGN_PARAGRAPH.LEFT)):
            self.assertEqual(paragraph.text, "— 1 —")
            self.assertEqual(paragraph.alignment, alignment)
            self.assertIn(" PAGE ", paragraph._p.xpath("string(.//w:instrText)"))
            self.assertEqual(paragraph.runs[0].font.size.pt, 14)
            self.assertEqual(paragraph.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")), "宋体")

    def test_fonts_declared_with_fallbacks(self):
        document = build()
        part = next(p for p in document.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
        self.assertIn('w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>', part.blob.decode())

    def test_chinese_date_has_no_leading_zeros(self):
        self.assertEqual(chinese_date(datetime.date(2025, 1, 5)), "2025年1月5日")
        self.assertEqual(chinese_date(DATE), "2025年10月10日")

    def test_set_run_font_sets_every_slot(self):
        document = docx.Document()
        run = _set_run_font(document.add_paragraph().add_run("行政复议"), "仿宋_GB2312", 16, bold=True)
        fonts = run._r.rPr.rFonts
        self.assertEqual([fonts.get(qn("w:%s" % slot)) for slot in ("ascii", "hAnsi", "eastAsia")],
                         ["仿宋_GB2312"] * 3)
        self.assertEqual(run.font.size.pt, 16)
        self.assertTrue(run.font.bold)

    def test_date_must_be_a_date(self):
        with self.assertRaises(TypeError):
            OfficialDocumentBuilder().build("标题", None, None, [], "县人民政府", "2025-10-10")
