"""Document wording checked against the official 2023 texts (issue 12, items 8–18): each test reopens
the generated .docx (or reads the message text) and names the rule it checks."""
import io

import docx

from flectra.exceptions import UserError
from flectra.tests import new_test_user

from .common import FuyiCaseCommon


class LegalWordingCase(FuyiCaseCommon):

    def text(self, case, doc_type):
        document = self.env["fuyi.document"].browse(case.action_create_document(doc_type))
        return "\n".join(p.text for p in docx.Document(io.BytesIO(document.attachment_id.raw)).paragraphs)

    def accepted(self, **values):
        case = self.new_case("2025-09-26", **values)
        case.action_accept(date="2025-10-10", procedure="ordinary")
        return case


class TestLegalWording(LegalWordingCase):

    def test_art_30_item_7_says_lawsuit_filed_not_raised(self):
        """ARL Art. 30 para 1 (7): a lawsuit is 提起的 (filed), not 提出的, in the condition and the finding."""
        case = self.new_case("2025-09-26")
        case.action_reject("duplicate", date="2025-10-09")
        text = self.text(case, "rejection_decision")
        self.assertIn("人民法院未受理过该申请人就同一行政行为提起的行政诉讼", text)
        self.assertIn("人民法院已经受理过申请人就同一行政行为提起的行政诉讼", text)
        self.assertNotIn("提出的行政诉讼", text)

    def test_art_41_item_5_names_the_cause_of_the_reconsideration_suspension(self):
        """ARL Art. 41 (5): "行政复议中止的原因仍未消除", in the termination notice and the ground's label."""
        case = self.accepted()
        case.action_suspend("1", date="2025-10-20")
        case.action_terminate("long_suspension", date="2025-12-19")
        text = self.text(case, "termination_notice")
        self.assertIn("中止行政复议满六十日，行政复议中止的原因仍未消除", text)
        label = dict(case.with_context(lang="zh_CN").fields_get(["terminate_ground"])["terminate_ground"]
                     ["selection"])["long_suspension"]
        self.assertIn("行政复议中止的原因仍未消除", label)

    def test_art_62_extension_may_not_exceed_thirty_days(self):
        """ARL Art. 62 para 1: "延长期限最多不得超过三十日" in the acceptance notice."""
        text = self.text(self.accepted(), "acceptance_notice")
        self.assertIn("但延长期限最多不得超过三十日", text)
        self.assertNotIn("最多不超过三十日", text)

    def test_art_59_unlawful_normative_document_exceeds_authority_or_conflicts(self):
        """ARL Art. 59: a clause found wanting is 超越权限或者违反上位法, not merely 不合法."""
        case = self.accepted()
        drafter = self.env["res.partner"].create({"name": "县人民政府办公室", "party_kind": "agency"})
        review = self.env["fuyi.normative.review"].browse(case.action_request_normative_review(
            "《县市场经营秩序管理办法》", handling="self", date="2025-10-20", clause="第八条",
            drafting_body_id=drafter.id))
        review.action_conclude("unlawful", "第八条超越权限设定罚款", date="2025-11-10")
        case.action_decide("revoke", date="2025-12-10")
        text = self.text(case, "decision_document")
        self.assertIn("第八条超越权限或者违反上位法，本机关决定停止该条款的执行", text)
        self.assertNotIn("不合法", text)

    def test_correction_sms_cites_art_31_para_2_and_the_last_day(self):
        """The ten days to correct are ARL Art. 31 para 2; the last day is written 最迟于X, never 于X前."""
        case = self.new_case("2025-09-26")
        case.action_request_correction("身份证明", served_date="2025-10-10")
        service = self.env["fuyi.service"].create({
            "case_id": case.case_id.id, "kind": "correction_notice", "recipient_id": self.applicant.id,
            "sent_date": "2025-10-10"})
        text = service._notification_text()
        self.assertIn("第三十一条第二款", text)
        self.assertIn("请最迟于2025年10月23日", text)
        self.assertNotIn("前按", text)

    def test_extension_notice_states_the_last_day_unambiguously(self):
        """A last allowed day reads 最迟于X (item 17): the extension notice of ARL Art. 62 para 1."""
        case = self.accepted()
        lead = new_test_user(self.env, login="wording_lead", groups="fuyi_case.fuyi_case_group_lead")
        case.with_user(lead).action_extend_decision(30, "案情复杂")
        text = self.text(case, "extension_notice")
        self.assertIn("本机关将最迟于2026年1月8日作出行政复议决定", text)
        self.assertNotIn("日前作出", text)

    def test_suspension_time_rule_is_a_reading_with_its_articles(self):
        """"中止期间不计入行政复议期限" is not the law's words: stated as the body's reading of Arts. 39 and 62."""
        case = self.accepted()
        case.action_suspend("6", date="2025-10-20")
        text = self.text(case, "suspension_notice")
        self.assertNotIn("中止期间不计入行政复议期限", text)
        self.assertIn("本机关依照该法第三十九条、第六十二条理解，中止审理的期间不计算在行政复议期限内", text)

    def decided(self, decision_type, **kwargs):
        case = self.accepted(act_description="罚款决定")
        case.action_decide(decision_type, date="2025-11-20", summary="被申请人认定事实不清，证据不足。", **kwargs)
        return case

    def test_art_71_agreement_remedy_in_the_words_of_the_law(self):
        """ARL Art. 71 para 1: "决定被申请人承担依法订立、继续履行、采取补救措施或者赔偿损失等责任"."""
        text = self.text(self.decided("agreement_remedy"), "decision_document")
        self.assertIn("第七十一条第一款的规定，本机关决定：被申请人承担依法订立、继续履行、采取补救措施或者赔偿损失等责任。",
                      text)
        self.assertNotIn("责令被申请人依法承担", text)

    def test_art_71_para_2_compensation_where_the_agreement_was_lawfully_changed(self):
        """ARL Art. 71 para 2: where the respondent lawfully changed or ended the agreement, compensation (补偿)."""
        text = self.text(self.decided("agreement_compensation"), "decision_document")
        self.assertIn("第七十一条第二款", text)
        self.assertIn("合理补偿", text)

    def test_art_72_compensation_is_decided_together_with_the_revocation(self):
        """ARL Art. 72: "…同时决定被申请人依法给予赔偿" after the revocation, never ordered on its own."""
        text = self.text(self.decided("revoke", performance_days=30, compensation=True), "decision_document")
        self.assertIn("第六十四条、第七十二条的规定，本机关决定：撤销", text)
        self.assertIn("重新作出行政行为；同时决定被申请人依法给予赔偿。", text)
        self.assertNotIn("责令被申请人依法给予赔偿", text)

    def test_unconfirmed_conditions_are_not_in_quotation_marks(self):
        """Art. 30 para 1 conditions are paraphrased (not confirmed verbatim): no quotation marks around them."""
        case = self.new_case("2025-09-26")
        case.action_reject("scope", date="2025-10-09")
        text = self.text(case, "rejection_decision")
        self.assertNotIn("“", text)
        self.assertIn("第三十条第一款第五项关于属于本法规定的行政复议范围的规定", text)

    def test_late_hearing_notice_message_states_the_last_day(self):
        """The refusal names the last allowed day as 最迟于X (ARL Art. 51 para 1), never "X前"."""
        case = self.new_case("2026-01-05")
        case.action_accept(date="2026-01-09", procedure="ordinary")
        officers = [new_test_user(self.env, login="wording_officer_%s" % i, groups="fuyi_case.fuyi_case_group_clerk")
                    for i in range(4)]
        hearing = self.env["fuyi.hearing"].create({
            "reconsideration_id": case.id, "hearing_date": "2026-02-26 09:00:00", "place": "第一听证室",
            "presiding_id": officers[0].id, "recorder_id": officers[3].id,
            "officer_ids": [(6, 0, [officers[1].id, officers[2].id])]})
        with self.assertRaises(UserError) as ctx:
            hearing.with_context(lang="zh_CN").action_send_notice(date="2026-02-13")
        self.assertIn("最迟于2026-02-12", str(ctx.exception))
        self.assertNotIn("2026-02-12前", str(ctx.exception))
