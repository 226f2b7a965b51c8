import base64
import io

import docx

from flectra.exceptions import UserError

from .common import FuyiCaseCommon


class TestDecisionDocument(FuyiCaseCommon):

    def text_of(self, document):
        parsed = docx.Document(io.BytesIO(base64.b64decode(document.attachment_id.datas)))
        return "\n".join(p.text for p in parsed.paragraphs)

    def decided(self, decision_type, **kwargs):
        case = self.new_case("2025-09-26", request="撤销罚款决定", act_description="罚款决定")
        case.action_accept(date="2025-10-10", procedure="ordinary")
        case.action_decide(decision_type, date="2025-11-20", summary="被申请人认定事实不清，证据不足。", **kwargs)
        return case

    def test_revocation_with_a_period_to_act_again(self):
        case = self.decided("revoke", performance_days=30)
        document = self.env["fuyi.document"].browse(case.action_create_document("decision_document"))
        text = self.text_of(document)
        self.assertIn("第六十四条", text)
        self.assertIn("撤销县市场监督管理局", text)
        self.assertIn("30日内重新作出行政行为", text)
        self.assertIn("十五日内", text)
        self.assertIn("110101********0008", text)
        self.assertNotIn("110101197001010008", text)
        document.action_issue("2025-11-20")
        self.assertEqual(document.number, "县府复决字〔2025〕1号")

    def test_every_decision_type_cites_its_article(self):
        from ..models.fuyi_document_decision import DECISION_WORDING
        for decision_type, (article, _wording) in DECISION_WORDING.items():
            if decision_type == "compensation":   # on record only: decided with the main decision (Art. 72)
                continue
            case = self.decided(decision_type, performance_days=15)
            document = self.env["fuyi.document"].browse(case.action_create_document("decision_document"))
            self.assertIn(article, self.text_of(document), decision_type)

    def test_no_decision_document_before_the_decision(self):
        case = self.new_case("2025-09-26")
        case.action_accept(date="2025-10-10")
        with self.assertRaises(UserError):
            case.action_create_document("decision_document")
