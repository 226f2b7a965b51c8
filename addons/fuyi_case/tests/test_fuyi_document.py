import io
import re

import docx
from freezegun import freeze_time

from flectra.exceptions import AccessError, UserError

from ..tools.numbers import parse_document_number
from .common import FuyiCaseCommon

FULL_ID = "110101197001010008"
MASKED_ID = "110101********0008"
ITEMS = "1. 申请人身份证明复印件\n2、被申请行政复议的行政行为的书面材料\n（3）明确的行政复议请求"


class DocumentCase(FuyiCaseCommon):

    def text(self, document, attachment=None):
        """The paragraphs of the document's file, reopened with python-docx; never the full ID number."""
        raw = (attachment or document.attachment_id).raw
        paragraphs = [p.text for p in docx.Document(io.BytesIO(raw)).paragraphs]
        text = "\n".join(paragraphs)
        self.assertNotIn(FULL_ID, text)
        return text

    def document(self, case, doc_type):
        return self.env["fuyi.document"].browse(case.action_create_document(doc_type))

    def correction_case(self):
        """R1-R3: received Fri 2025-09-26, notice served Fri 2025-10-10, corrections due Thu 2025-10-23."""
        case = self.new_case("2025-09-26", act_description="市监罚〔2025〕8号行政处罚决定", act_date="2025-09-01")
        case.action_request_correction(ITEMS, served_date="2025-10-10")
        return case


class TestCorrectionNotice(DocumentCase):

    def test_correction_notice_lists_every_item_and_the_due_date(self):
        """All items at once (ARL Art. 31 para 1); 10 working days from receipt, due 2025-10-23 (R3)."""
        document = self.document(self.correction_case(), "correction_notice")
        text = self.text(document)
        self.assertIn("行政复议申请补正通知书", text)
        self.assertIn("张三：", text)
        self.assertIn("你于2025年9月26日向本机关提出行政复议申请，对县市场监督管理局2025年9月1日作出的"
                      "市监罚〔2025〕8号行政处罚决定不服", text)
        self.assertIn("1. 申请人身份证明复印件；\n2. 被申请行政复议的行政行为的书面材料；\n3. 明确的行政复议请求。", text)
        self.assertIn("第三十一条第二款和第八十八条第二款", text)
        self.assertIn("十个工作日内", text)
        self.assertIn("最迟于2025年10月23日提交", text)
        self.assertIn("无正当理由逾期不补正的，视为你放弃行政复议申请", text)
        self.assertTrue(text.endswith("县人民政府\n%s" % re.search(r"\d{4}年\d{1,2}月\d{1,2}日$", text).group()))

    def test_notice_before_service_gives_no_date(self):
        """Items entered during review, not yet served: the period runs from receipt, so no date yet."""
        case = self.new_case("2025-09-26", correction_items="身份证明")
        text = self.text(self.document(case, "correction_notice"))
        self.assertIn("1. 身份证明。", text)
        self.assertNotIn("最迟于", text)

    def test_correction_notice_needs_items(self):
        case = self.new_case("2025-09-26")
        with self.assertRaises(UserError) as ctx:
            case.action_create_document("correction_notice")
        self.assertIn("ARL Art. 31 para 1", str(ctx.exception))

    def test_no_correction_notice_once_accepted(self):
        case = self.correction_case()
        case.action_receive_corrections(date="2025-10-20")
        case.action_accept(date="2025-10-24")
        with self.assertRaises(UserError) as ctx:
            case.action_create_document("correction_notice")
        self.assertIn("ARL Art. 31", str(ctx.exception))


class TestNumberingAndVersions(DocumentCase):

    def test_drafts_have_no_number(self):
        document = self.document(self.correction_case(), "correction_notice")
        self.assertEqual(document.state, "draft")
        self.assertFalse(document.number)
        self.assertIn("(draft)", document.name)
        lines = self.text(document).split("\n")
        self.assertEqual(lines[:3], ["县人民政府", "行政复议申请补正通知书", ""])
        self.assertNotIn("县府复补字", "\n".join(lines))

    def test_issuing_draws_gap_free_numbers_per_type_and_year(self):
        first = self.document(self.correction_case(), "correction_notice")
        second = self.document(self.correction_case(), "correction_notice")
        first.action_issue(date="2025-10-10")
        second.action_issue(date="2025-10-10")
        self.assertEqual(first.number, "县府复补字〔2025〕1号")
        self.assertEqual(second.number, "县府复补字〔2025〕2号")
        self.assertEqual(parse_document_number(second.number), {"org": "县府复补字", "year": 2025, "seq": 2})
        self.assertIn("\n县府复补字〔2025〕1号\n", self.text(first))
        self.assertIn("2025年10月10日", self.text(first))
        self.assertEqual((first.state, first.issued_date.isoformat(), first.issued_by), ("issued", "2025-10-10",
                                                                                        self.env.user))
        # a cancelled document keeps its number: the next one is 3, nothing is given back
        second.action_cancel()
        third = self.document(self.correction_case(), "correction_notice")
        third.action_issue(date="2025-10-11")
        self.assertEqual(third.number, "县府复补字〔2025〕3号")
        next_year = self.document(self.new_case("2026-01-05", correction_items="身份证明"), "correction_notice")
        next_year.action_issue(date="2026-01-06")
        self.assertEqual(next_year.number, "县府复补字〔2026〕1号")

    def test_regenerating_a_draft_keeps_every_version(self):
        case = self.correction_case()
        document = self.document(case, "correction_notice")
        first = document.attachment_id
        case.correction_items = ITEMS + "\n4. 授权委托书"
        document.action_generate()
        self.assertEqual(document.version, 2)
        self.assertEqual(sorted(document.attachment_ids.mapped("name")),
                         ["补正通知书-草稿第1版.docx", "补正通知书-草稿第2版.docx"])
        self.assertNotEqual(document.attachment_id, first)
        self.assertNotIn("授权委托书", self.text(document, first))
        self.assertIn("4. 授权委托书。", self.text(document))
        document.action_issue(date="2025-10-10")
        self.assertEqual(document.version, 3)
        self.assertEqual(document.attachment_id.name, "补正通知书-%s.docx" % document.number)
        self.assertEqual(document.attachment_id.mimetype,
                         "application/vnd.openxmlformats-officedocument.wordprocessingml.document")

    def test_issued_documents_refuse_changes_and_deletion(self):
        document = self.document(self.correction_case(), "correction_notice")
        document.action_issue(date="2025-10-10")
        with self.assertRaises(UserError):
            document.action_generate()
        with self.assertRaises(UserError):
            document.action_issue()
        with self.assertRaises(UserError):
            document.write({"recipient_id": self.other_agency.id})
        with self.assertRaises(UserError):
            document.write({"state": "draft"})
        with self.assertRaises(UserError):
            document.unlink()
        with self.assertRaises(UserError):
            document.attachment_id.write({"raw": b"tampered"})
        with self.assertRaises(UserError):
            document.attachment_id.unlink()
        document.served_date = "2025-10-10"
        self.assertEqual(document.served_date.isoformat(), "2025-10-10")
        document.action_cancel()
        with self.assertRaises(UserError):
            document.unlink()

    def test_a_draft_can_be_deleted_with_its_files(self):
        document = self.document(self.correction_case(), "correction_notice")
        attachments = document.attachment_ids
        document.unlink()
        self.assertFalse(attachments.exists())


class TestAcceptanceNotice(DocumentCase):

    def test_acceptance_notice_gives_procedure_and_decision_date(self):
        """Accepted Fri 2025-10-10, ordinary: decision within 60 days, by Tue 2025-12-09 (R10)."""
        case = self.correction_case()
        case.action_receive_corrections(date="2025-10-20")
        case.action_accept(date="2025-10-24")
        text = self.text(self.document(case, "acceptance_notice"))
        self.assertIn("行政复议受理通知书", text)
        self.assertIn("并于2025年10月20日提交了补正材料", text)
        self.assertIn("符合《中华人民共和国行政复议法》第三十条第一款规定的受理条件，本机关决定自2025年10月24日起予以受理",
                      text)
        self.assertIn("本案适用普通程序审理", text)
        self.assertIn("第六十二条第一款", text)
        self.assertIn("最迟于2025年12月23日作出", text)

    def test_acceptance_on_the_worked_example_date(self):
        case = self.new_case("2025-09-26")
        case.action_accept(date="2025-10-10")
        text = self.text(self.document(case, "acceptance_notice"))
        self.assertIn("自2025年10月10日起予以受理", text)
        self.assertIn("最迟于2025年12月9日作出", text)

    def test_deemed_acceptance_is_stated_as_such(self):
        """No decision in the review period: accepted as of its last day (ARL Art. 30 para 3, R5)."""
        case = self.new_case("2025-09-26")
        with freeze_time("2025-10-11 09:00:00"):
            self.env["fuyi.reconsideration"]._cron_deemed_acceptance()
        text = self.text(self.document(case, "acceptance_notice"))
        self.assertIn("根据该条第三款的规定，你的行政复议申请自审查期限届满之日即2025年10月10日起视为受理", text)

    def test_simple_procedure_has_thirty_days(self):
        case = self.new_case("2025-12-20")
        case.action_accept(date="2025-12-31", procedure="simple")
        text = self.text(self.document(case, "acceptance_notice"))
        self.assertIn("本案适用简易程序审理", text)
        self.assertIn("三十日内作出行政复议决定，即最迟于2026年1月30日作出", text)

    def test_no_acceptance_notice_before_acceptance(self):
        case = self.new_case("2025-09-26")
        with self.assertRaises(UserError) as ctx:
            case.action_create_document("acceptance_notice")
        self.assertIn("ARL Art. 30", str(ctx.exception))
        with self.assertRaises(UserError) as ctx:
            case.with_context(lang="zh_CN").action_create_document("acceptance_notice")
        self.assertIn("该申请尚未受理（《行政复议法》第三十条）", str(ctx.exception))


class TestRejectionDecision(DocumentCase):

    def test_jurisdiction_refusal_names_the_competent_body(self):
        """Art. 30 para 1 (6) in the law's words; the competent body named (para 2); the right to sue."""
        self.agency.agency_head_id = self.env["res.partner"].create({"name": "李四", "party_kind": "person"})
        case = self.new_case("2025-09-26", act_description="罚款决定")
        case.action_reject("jurisdiction", competent_body_id=self.other_agency.id, date="2025-10-09")
        document = self.document(case, "rejection_decision")
        document.action_issue(date="2025-10-09")
        text = self.text(document)
        self.assertIn("行政复议申请不予受理决定书\n县府复不受字〔2025〕1号", text)
        self.assertIn("申请人：张三，公民身份号码：%s。" % MASKED_ID, text)
        self.assertIn("被申请人：县市场监督管理局，统一社会信用代码：12330100000000000E，负责人：李四。", text)
        self.assertIn("不符合《中华人民共和国行政复议法》第三十条第一款第六项关于属于本机关的管辖范围的规定", text)
        self.assertIn("本机关决定：对申请人的行政复议申请，不予受理。本案有管辖权的行政复议机关为县自然资源局，"
                      "申请人可以依法向其提出行政复议申请。", text)
        self.assertIn("可以依法向人民法院提起行政诉讼", text)
        self.assertIn("2025年10月9日", text)

    def test_late_application_shows_the_period(self):
        """Knew of the act 2025-11-14: period ended 2026-01-13 (ARL Art. 20, R15)."""
        case = self.new_case("2026-01-14", act_known_date="2025-11-14")
        case.action_reject("late", explanation="申请人未提出正当理由", date="2026-01-15")
        text = self.text(self.document(case, "rejection_decision"))
        self.assertIn("第三十条第一款第四项关于在法定申请期限内提出的规定", text)
        self.assertIn("申请期限至2026年1月13日届满，申请人于2026年1月14日提出申请。申请人未提出正当理由。", text)
        self.assertNotIn("有管辖权的行政复议机关", text)

    def test_no_rejection_decision_for_an_accepted_case(self):
        case = self.new_case("2025-09-26")
        case.action_accept(date="2025-10-10")
        with self.assertRaises(UserError) as ctx:
            case.action_create_document("rejection_decision")
        self.assertIn("ARL Art. 30", str(ctx.exception))

    def test_signature_follows_the_configured_body(self):
        self.env["ir.config_parameter"].sudo().set_param("fuyi_case.body_name", "某县人民政府")
        case = self.new_case("2025-09-26")
        case.action_reject("scope", date="2025-10-09")
        text = self.text(self.document(case, "rejection_decision"))
        self.assertTrue(text.startswith("某县人民政府\n"))
        self.assertIn("\n某县人民政府\n", text)


class TestDocumentAccess(DocumentCase):

    def test_clerk_prepares_and_issues_but_cannot_delete(self):
        case = self.correction_case().with_user(self.clerk)
        document = self.env["fuyi.document"].with_user(self.clerk).browse(case.action_create_document(
            "correction_notice"))
        document.action_issue(date="2025-10-10")
        self.assertEqual(document.number, "县府复补字〔2025〕1号")
        self.assertEqual(document.issued_by, self.clerk)
        with self.assertRaises(AccessError):
            document.unlink()

    def test_liaison_reads_only_issued_documents_of_their_agencies(self):
        mine = self.document(self.correction_case(), "correction_notice")
        draft = self.document(self.correction_case(), "correction_notice")
        mine.action_issue("2025-10-10")
        other_case = self.new_case("2025-09-26", agency_id=self.other_agency.id, correction_items="身份证明",
                                   party_ids=[(0, 0, {"partner_id": self.other_agency.id, "role": "respondent"})])
        self.document(other_case, "correction_notice")
        Documents = self.env["fuyi.document"].with_user(self.liaison)
        self.assertEqual(Documents.search([]), mine.with_user(self.liaison))   # not the draft
        self.assertTrue(draft.exists())
        self.assertTrue(mine.with_user(self.liaison).attachment_id.raw)
        with self.assertRaises(AccessError):
            mine.with_user(self.liaison).write({"served_date": "2025-10-10"})
