import datetime
import io
import zipfile

import docx

from flectra.tests import BaseCase

from ..report.docx_builder import OfficialDocumentBuilder

DATE = datetime.date(2025, 10, 10)


class TestTemplateReuse(BaseCase):
    """The builder keeps its content-free template between documents (bench W5): each document
    is built on a copy, so nothing of one document shows up in the next."""

    def build(self, title, paragraphs, signature):
        data = OfficialDocumentBuilder().build(title, None, "张三", paragraphs, signature, DATE)
        self.assertIsNone(zipfile.ZipFile(io.BytesIO(data)).testzip())
        return docx.Document(io.BytesIO(data))

    def test_documents_do_not_share_content(self):
        first = self.build("县人民政府\n行政复议决定书", ["第一份文书的正文。"], "县人民政府")
        second = self.build("县人民政府\n行政复议受理通知书", ["第二份文书的正文。"], "县司法局")
        first_texts = [p.text for p in first.paragraphs]
        second_texts = [p.text for p in second.paragraphs]
        self.assertIn("第一份文书的正文。", first_texts)
        self.assertNotIn("第一份文书的正文。", second_texts)
        self.assertIn("第二份文书的正文。", second_texts)
        self.assertEqual(len(first_texts), len(second_texts))
        self.assertEqual((first.core_properties.title, first.core_properties.author),
                         ("县人民政府行政复议决定书", "县人民政府"))
        self.assertEqual((second.core_properties.title, second.core_properties.author),
                         ("县人民政府行政复议受理通知书", "县司法局"))
        self.assertEqual(second.core_properties.language, "zh-CN")
        # the layout parts are those of the first document
        self.assertEqual(second.sections[0].footer.paragraphs[0].text, "— 1 —")
        self.assertEqual(first.styles.element.xml, second.styles.element.xml)
