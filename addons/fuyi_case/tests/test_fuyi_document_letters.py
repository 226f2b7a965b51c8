import base64
import datetime
import io

import docx

from flectra.exceptions import UserError

from .common import FuyiCaseCommon

D = datetime.date
FULL_ID = "110101197001010008"


class LetterCase(FuyiCaseCommon):

    def text(self, document):
        raw = base64.b64decode(document.attachment_id.datas)
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(raw)).paragraphs)
        self.assertNotIn(FULL_ID, text)
        return text

    def accepted(self, procedure="ordinary", **values):
        case = self.new_case("2025-09-26", act_description="市监罚〔2025〕8号行政处罚决定", act_date="2025-09-01",
                             request="撤销罚款决定", facts_reasons="处罚决定认定事实不清。", **values)
        case.action_accept(date="2025-10-10", procedure=procedure)
        return case

    def document(self, case, doc_type):
        return self.env["fuyi.document"].browse(case.action_create_document(doc_type))


class TestReplyNotice(LetterCase):

    def test_ordinary_reply_notice_gives_ten_working_days_and_the_consequences(self):
        """ARL Art. 48 (10 working days), Art. 46 (no evidence collected alone), Art. 70 (no reply)."""
        case = self.accepted()
        service = self.env["fuyi.service"].browse(case.action_send_copy_to_respondent(date="2025-10-17"))
        service.action_mark_served(date="2025-10-20")
        document = self.document(case, "reply_notice")
        text = self.text(document)
        self.assertEqual(document.recipient_id, self.agency)
        self.assertIn("提出答复通知书", text)
        self.assertIn("县市场监督管理局：", text)
        self.assertIn("申请人张三对县市场监督管理局2025年9月1日作出的市监罚〔2025〕8号行政处罚决定不服", text)
        self.assertIn("本机关于2025年10月10日依法予以受理", text)
        self.assertIn("第四十八条和第八十八条第二款", text)
        self.assertIn("十个工作日内", text)
        self.assertIn("最迟于2025年11月3日提交", text)        # R7
        self.assertIn("第四十六条第一款", text)
        self.assertIn("第七十条", text)
        self.assertIn("第三人提供证据的除外", text)
        document.action_issue("2025-10-17")
        self.assertEqual(document.number, "县府复答字〔2025〕1号")
        second = self.document(self.accepted(), "reply_notice")
        second.action_issue("2025-10-20")
        self.assertEqual(second.number, "县府复答字〔2025〕2号")

    def test_simple_procedure_reply_notice_gives_five_working_days(self):
        case = self.accepted("simple")
        text = self.text(self.document(case, "reply_notice"))
        self.assertIn("第五十四条", text)
        self.assertIn("五个工作日内", text)
        self.assertIn("适用简易程序", text)
        self.assertNotIn("最迟于", text)     # not served yet: no date

    def test_no_reply_notice_before_acceptance(self):
        case = self.new_case("2025-09-26")
        with self.assertRaises(UserError) as ctx:
            case.action_create_document("reply_notice")
        self.assertIn("Arts. 48, 54", str(ctx.exception))


class TestMediationDocument(LetterCase):

    def setUp(self):
        super().setUp()
        self.third = self.env["res.partner"].create({"name": "李四", "party_kind": "person"})

    def mediation_case(self):
        case = self.accepted(mediation_agreement="被申请人将罚款数额变更为二千元，申请人撤回其他请求")
        case.party_ids = [(0, 0, {"partner_id": self.third.id, "role": "third_party"})]
        return case

    def test_mediation_document_states_request_facts_result_and_effect(self):
        case = self.mediation_case()
        document = self.document(case, "mediation_document")
        text = self.text(document)
        self.assertIn("行政复议调解书", text)
        self.assertIn("申请人：张三，公民身份号码：110101********0008", text)
        self.assertIn("被申请人：县市场监督管理局", text)
        self.assertIn("第三人：李四", text)
        self.assertIn("申请人请求：撤销罚款决定", text)
        self.assertIn("被申请人将罚款数额变更为二千元，申请人撤回其他请求。", text)
        self.assertIn("第五条", text)
        self.assertIn("第七十三条第一款", text)
        self.assertIn("第三人（签名或者盖章）：李四", text)
        document.action_issue("2025-11-10")
        self.assertEqual(document.number, "县府复调字〔2025〕1号")

    def test_the_case_closes_once_every_party_signed(self):
        """ARL Art. 73 para 1: signed or sealed by every party and sealed by the body."""
        case = self.mediation_case()
        with self.assertRaises(UserError):
            case.action_record_mediation_signature(self.applicant.ids, date="2025-11-10")   # not issued yet
        self.document(case, "mediation_document").action_issue("2025-11-10")
        stranger = self.env["res.partner"].create({"name": "王五", "party_kind": "person"})
        with self.assertRaises(UserError):
            case.action_record_mediation_signature(stranger.ids)
        case.action_record_mediation_signature((self.applicant | self.agency).ids, date="2025-11-11")
        self.assertEqual(case.state, "accepted")        # the third party has not signed yet
        case.action_record_mediation_signature(self.third.ids, date="2025-11-12")
        self.assertEqual((case.state, case.closed_on), ("mediated", D(2025, 11, 12)))

    def test_failed_mediation_cancels_the_document_and_asks_for_a_decision(self):
        """ARL Art. 73 para 2: a party retracts before it takes effect → decide promptly."""
        case = self.mediation_case()
        document = self.document(case, "mediation_document")
        document.action_issue("2025-11-10")
        case.action_record_mediation_signature(self.applicant.ids)
        with self.assertRaises(UserError):
            case.action_mediation_failed("")
        case.action_mediation_failed("被申请人在调解书生效前反悔")
        self.assertEqual(document.state, "cancelled")
        self.assertFalse(case.mediation_signed_party_ids)
        self.assertEqual(case.state, "accepted")
        self.assertTrue(any("Art. 73 para 2" in (m.body or "") for m in case.message_ids))

    def test_no_mediation_document_without_an_agreement(self):
        case = self.accepted()
        with self.assertRaises(UserError) as ctx:
            case.action_create_document("mediation_document")
        self.assertIn("Art. 73", str(ctx.exception))


class TestOpinionAndRecommendationLetters(LetterCase):

    def test_opinion_letter_r18_report_within_60_days_copied_to_the_superior(self):
        """ARL Art. 76: report within 60 days of receipt; R18: received 2025-11-03 → Sun 2026-01-04."""
        superior = self.env["res.partner"].create({"name": "市市场监督管理局", "party_kind": "agency"})
        self.agency.superior_department_id = superior
        case = self.accepted()
        letter = self.env["fuyi.opinion.letter"].create({
            "reconsideration_id": case.id, "recipient_id": self.agency.id,
            "content": "你单位在办理同类案件中存在告知程序不规范的问题，请依法纠正"})
        letter.action_send(issued_date="2025-10-30")
        letter.action_mark_received("2025-11-03")
        document = self.env["fuyi.document"].browse(letter.action_create_document())
        text = self.text(document)
        self.assertEqual((document.doc_type, document.recipient_id), ("opinion_letter", self.agency))
        self.assertIn("行政复议意见书", text)
        self.assertIn("县市场监督管理局：", text)
        self.assertIn("第七十六条", text)
        self.assertIn("告知程序不规范的问题，请依法纠正。", text)
        self.assertIn("六十日内，即最迟于2026年1月4日", text)
        self.assertIn("第七十七条", text)
        self.assertIn("抄送：市市场监督管理局。", text)
        document.action_issue("2025-10-30")
        self.assertEqual(document.number, "县府复意字〔2025〕1号")

    def test_recommendation_letter_cites_the_implementing_regulations(self):
        case = self.accepted()
        letter = self.env["fuyi.opinion.letter"].create({
            "reconsideration_id": case.id, "recipient_id": self.agency.id, "kind": "recommendation",
            "content": "建议完善电子监控设备设置公告制度。"})
        document = self.env["fuyi.document"].browse(letter.action_create_document())
        text = self.text(document)
        self.assertEqual(document.doc_type, "recommendation_letter")
        self.assertIn("行政复议建议书", text)
        self.assertIn("《中华人民共和国行政复议法实施条例》第五十七条第二款", text)
        self.assertIn("建议完善电子监控设备设置公告制度。", text)
        document.action_issue("2025-11-01")
        self.assertEqual(document.number, "县府复建字〔2025〕1号")

    def test_a_letter_document_needs_its_letter(self):
        case = self.accepted()
        with self.assertRaises(UserError):
            case.action_create_document("opinion_letter")
