import base64
import io

import docx

from flectra.exceptions import UserError

from .common import FuyiCaseCommon


class TestSuspensionDocuments(FuyiCaseCommon):

    def text(self, case, doc_type):
        document = self.env["fuyi.document"].browse(case.action_create_document(doc_type))
        parsed = docx.Document(io.BytesIO(base64.b64decode(document.attachment_id.datas)))
        return document, "\n".join(p.text for p in parsed.paragraphs)

    def test_suspension_and_resumption_are_notified_in_writing(self):
        """ARL Art. 39 paras 2–3: both in writing, naming the ground and the dates."""
        case = self.new_case("2025-09-26")
        case.action_accept(date="2025-10-10", procedure="ordinary")
        with self.assertRaises(UserError):
            case.action_create_document("suspension_notice")
        case.action_suspend("6", date="2025-10-20")
        document, text = self.text(case, "suspension_notice")
        self.assertIn("第三十九条第一款第六项", text)
        self.assertIn("2025年10月20日起中止", text)
        document.action_issue("2025-10-20")
        self.assertEqual(document.number, "县府复中字〔2025〕1号")
        with self.assertRaises(UserError):
            case.action_create_document("resumption_notice")
        case.action_resume(date="2025-11-19")
        _document, text = self.text(case, "resumption_notice")
        self.assertIn("2025年11月19日起恢复审理", text)
        self.assertIn("调解、和解", text)

    def test_termination_notice_cites_the_ground(self):
        case = self.new_case("2025-09-26")
        case.action_accept(date="2025-10-10", procedure="ordinary")
        case.action_suspend("1", date="2025-10-20")
        case.action_terminate("long_suspension", date="2025-12-19")
        _document, text = self.text(case, "termination_notice")
        self.assertIn("第四十一条第五项", text)
        self.assertIn("中止行政复议满六十日", text)
