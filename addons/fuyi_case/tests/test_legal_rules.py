"""Rules corrected against the official 2023 texts (issue 12): routing, corrections, posting dates,
respondents, service channels, decisions."""
import datetime
import io

import docx

from flectra.exceptions import UserError, ValidationError
from flectra.tests import new_test_user

from .common import FuyiCaseCommon

D = datetime.date


class TestRoutingOnlyWarning(FuyiCaseCommon):

    def test_warning_plus_fine_is_routed_ordinary_on_acceptance(self):
        """ARL Art. 53 para 1 (2): an act of 警告 plus a 5,000 yuan fine is not only a warning."""
        case = self.new_case("2025-09-26", act_sanction="warning", act_amount=5000)
        case.action_accept(date="2025-10-10")
        self.assertEqual((case.procedure, case.routing_rule), ("ordinary", "default"))
        only = self.new_case("2025-09-26", act_sanction="warning")
        only.action_accept(date="2025-10-10")
        self.assertEqual((only.procedure, only.routing_rule), ("simple", "warning"))
        marked = self.new_case("2025-09-26", act_sanction="circulated_criticism", act_other_measures=True)
        marked.action_accept(date="2025-10-10")
        self.assertEqual(marked.procedure, "ordinary")


class TestCorrectionRules(FuyiCaseCommon):

    def setUp(self):
        super().setUp()
        self.lead = new_test_user(self.env, login="rules_lead", groups="fuyi_case.fuyi_case_group_lead")

    def test_correction_after_the_review_period_is_refused_as_deemed_accepted(self):
        """ARL Art. 30 para 3: after the five working days (R1: to 2025-10-10) the application is deemed
        accepted; a correction notice on 2025-10-13 is refused, citing the rule."""
        case = self.new_case("2025-09-26")
        with self.assertRaises(UserError) as ctx:
            case.with_user(self.clerk).action_request_correction("身份证明", served_date="2025-10-13")
        self.assertIn("Art. 30 para 3", str(ctx.exception))
        with self.assertRaises(UserError):   # a lead too needs a stated reason
            case.with_user(self.lead).action_request_correction("身份证明", served_date="2025-10-13")
        with self.assertRaises(UserError):   # a reason alone does not let a clerk do it
            case.with_user(self.clerk).action_request_correction("身份证明", served_date="2025-10-13",
                                                                 late_reason="申请人来电说明材料正在补寄")
        self.assertEqual(case.state, "review")

    def test_lead_records_a_late_correction_notice_with_its_reason_on_the_case(self):
        """A lead may record a late notice only with a reason, which stays on the case and in its history."""
        case = self.new_case("2025-09-26")
        case.with_user(self.lead).action_request_correction("身份证明", served_date="2025-10-13",
                                                            late_reason="审查期限内已电话告知，书面通知补发")
        self.assertEqual(case.state, "correction")
        self.assertEqual(case.correction_late_reason, "审查期限内已电话告知，书面通知补发")
        self.assertTrue(any("审查期限内已电话告知" in (m.body or "") for m in case.message_ids))
        why = self.deadline(case, "correction_period").with_context(lang="zh_CN").why_this_date
        self.assertIn("第三十条第三款", why)
        self.assertIn("审查期限内已电话告知", why)
        # within the period nothing is asked: no reason recorded
        on_time = self.new_case("2025-09-26")
        on_time.with_user(self.clerk).action_request_correction("身份证明", served_date="2025-10-10")
        self.assertFalse(on_time.correction_late_reason)

    def test_correction_dialog_refuses_a_late_notice_in_chinese_and_takes_a_leads_reason(self):
        """The 通知补正 dialog: refused after the review period with Art. 30 para 3 cited; a lead's reason passes."""
        case = self.new_case("2025-09-26")
        Dialog = self.env["fuyi.reconsideration.request.correction"]
        with self.assertRaises(UserError) as ctx:
            Dialog.with_user(self.clerk).with_context(lang="zh_CN").create({
                "reconsideration_id": case.id, "items": "身份证明", "served_date": "2025-10-13",
                "create_document": False}).action_confirm()
        self.assertIn("视为受理（《行政复议法》第三十条第三款）", str(ctx.exception))
        Dialog.with_user(self.lead).create({
            "reconsideration_id": case.id, "items": "身份证明", "served_date": "2025-10-13",
            "late_reason": "申请人书面请求补正", "create_document": False}).action_confirm()
        self.assertEqual((case.state, case.correction_late_reason), ("correction", "申请人书面请求补正"))

    def test_deemed_acceptance_is_never_cancelled_by_a_correction_notice(self):
        """Once deemed accepted (Art. 30 para 3), a correction notice is refused even for a lead with a reason."""
        case = self.new_case("2025-09-26")
        case.action_accept(date="2025-10-10", deemed=True)
        with self.assertRaises(UserError):
            case.with_user(self.lead).action_request_correction("身份证明", served_date="2025-10-13",
                                                                late_reason="补发")
        self.assertEqual((case.state, case.deemed_accepted), ("accepted", True))

    def test_correction_period_extension_for_a_justified_reason(self):
        """ARL Art. 31 para 2: a reasonable extension of the ten days, with the reason recorded; the default
        cap is a setting (no figure in the law). R3: due 2025-10-23; +5 working days → 2025-10-30."""
        case = self.new_case("2025-09-26")
        case.action_request_correction("身份证明", served_date="2025-10-10")
        period = self.deadline(case, "correction_period")
        self.assertEqual(period.due_date, D(2025, 10, 23))
        self.assertGreater(period.extension_cap, 0)
        with self.assertRaises(UserError):
            case.action_extend_correction_period(5, "  ")
        case.action_extend_correction_period(5, "申请人住院，无法按期提交")
        self.assertEqual(period.due_date, D(2025, 10, 30))
        self.assertEqual(period.extension_reason, "申请人住院，无法按期提交")
        self.assertIn("申请人住院", period.why_this_date)
        self.assertTrue(any("申请人住院" in (m.body or "") for m in case.message_ids))

    def test_correction_period_extended_through_the_deadline_dialog(self):
        """The deadline's 延长 dialog extends the correction period with the applicant's reason (Art. 31 para 2)."""
        case = self.new_case("2025-09-26")
        case.action_request_correction("身份证明", served_date="2025-10-10")
        period = self.deadline(case, "correction_period")
        self.env["fuyi.deadline.extend"].with_user(self.lead).create({
            "deadline_id": period.id, "length": 2, "reason": "申请人出差"}).action_confirm()
        self.assertEqual((period.due_date, period.extension_reason), (D(2025, 10, 27), "申请人出差"))
        self.assertTrue(any("第三十一条第二款" in (m.body or "") or "Art. 31 para 2" in (m.body or "")
                            for m in case.message_ids))

    def test_correction_extension_cap_is_a_setting(self):
        self.env["ir.config_parameter"].sudo().set_param("fuyi_case.correction_extension_cap", "3")
        case = self.new_case("2025-09-26")
        case.action_request_correction("身份证明", served_date="2025-10-10")
        self.assertEqual(self.deadline(case, "correction_period").extension_cap, 3)
        with self.assertRaises(UserError):
            case.action_extend_correction_period(5, "申请人住院")
        case.action_extend_correction_period(3, "申请人住院")
        self.assertEqual(self.deadline(case, "correction_period").due_date, D(2025, 10, 28))


class TestPostingDate(FuyiCaseCommon):

    def test_corrections_posted_in_time_are_in_time(self):
        """CPL Art. 85 para 4 via ARL Art. 88: posted 2025-10-22 (period ends 10-23), received 10-27 → met;
        the posting date shows in "why this date" and in the case's timeliness."""
        case = self.new_case("2025-09-26")
        case.action_request_correction("身份证明", served_date="2025-10-10")
        period = self.deadline(case, "correction_period")
        case.action_receive_corrections(date="2025-10-27", posted_date="2025-10-22")
        self.assertEqual((period.state, period.posted_date, period.done_date),
                         ("done", D(2025, 10, 22), D(2025, 10, 27)))
        self.assertEqual(case.corrections_posted, D(2025, 10, 22))
        self.assertIn("Posted on 2025-10-22 (postmark)", period.why_this_date)
        self.assertIn("in time", period.why_this_date)
        self.assertIn("2025-10-22", case.timeliness_explanation)
        zh = period.with_context(lang="zh_CN")
        self.assertIn("邮戳", zh.why_this_date)
        self.assertIn("第八十五条第四款", zh.why_this_date)
        # the new review runs from the arrival (Art. 31 para 3)
        self.assertEqual(self.deadline(case, "acceptance_review").start_date, D(2025, 10, 27))

    def test_corrections_received_late_without_postmark_are_late(self):
        case = self.new_case("2025-09-26")
        case.action_request_correction("身份证明", served_date="2025-10-10")
        period = self.deadline(case, "correction_period")
        case.action_receive_corrections(date="2025-10-27")
        self.assertEqual(period.state, "missed")
        posted_late = self.new_case("2025-09-26")
        posted_late.action_request_correction("身份证明", served_date="2025-10-10")
        late_period = self.deadline(posted_late, "correction_period")
        posted_late.action_receive_corrections(date="2025-10-27", posted_date="2025-10-24")
        self.assertEqual(late_period.state, "missed")
        with self.assertRaises(UserError):
            self.new_case("2025-09-26").action_receive_corrections(date="2025-10-27", posted_date="2025-10-28")

    def test_application_posted_within_the_period_is_in_time(self):
        """Known 2025-07-01: 60 days end Sat 08-30, rolled to Mon 09-01 (ARL Art. 20); posted 08-29, received
        09-03 → in time; without the postmark → late."""
        posted = self.new_case("2025-09-03", channel="post", act_known_date="2025-07-01", date_posted="2025-08-29")
        self.assertEqual(posted.application_due_date, D(2025, 9, 1))
        self.assertFalse(posted.application_late)
        self.assertIn("2025-08-29", posted.timeliness_explanation)
        unposted = self.new_case("2025-09-03", channel="post", act_known_date="2025-07-01")
        self.assertTrue(unposted.application_late)

    def test_reply_posted_in_time_is_in_time(self):
        """R7: copy served 2025-10-20, reply due 2025-11-03; posted 11-03, received 11-05 → not late."""
        case = self.new_case("2025-09-26")
        case.action_accept(date="2025-10-10", procedure="ordinary")
        service = self.env["fuyi.service"].browse(case.action_send_copy_to_respondent(date="2025-10-14"))
        service.action_mark_served(date="2025-10-20")
        reply = self.deadline(case, "respondent_reply")
        self.assertEqual(reply.due_date, D(2025, 11, 3))
        case.action_record_reply(date="2025-11-05", posted_date="2025-11-03")
        self.assertFalse(case.reply_late)
        self.assertEqual((reply.state, reply.posted_date), ("done", D(2025, 11, 3)))


class TestServiceChannels(FuyiCaseCommon):

    def setUp(self):
        super().setUp()
        self.case = self.new_case("2025-09-26")
        self.case.action_accept(date="2025-10-10")

    def rows(self, channel):
        service = self.env["fuyi.service"].create({
            "case_id": self.case.case_id.id, "kind": "other", "recipient_id": self.applicant.id,
            "channel": channel, "sent_date": "2025-10-11", "document_name": "行政复议受理通知书"})
        service.action_print_proof_of_service()
        parsed = docx.Document(io.BytesIO(service.proof_form_attachment_id.raw))
        return {row.cells[0].text: row.cells[1].text for row in parsed.tables[0].rows}

    def test_agent_channel_is_service_on_an_agent_or_designated_recipient(self):
        """CPL Art. 88: signed by the agent or designated recipient — not 委托送达."""
        rows = self.rows("agent")
        self.assertEqual(rows["送达方式"], "代理人、代收人签收")
        self.assertIn("代收人签收", rows["备注"])
        self.assertIn("第八十八条", rows["备注"])
        self.assertNotIn("委托", rows["送达方式"] + rows["备注"])

    def test_entrusted_service_is_its_own_channel(self):
        """CPL Art. 91: 委托送达 — another body serves on this body's behalf, with its own remark."""
        rows = self.rows("entrusted")
        self.assertEqual(rows["送达方式"], "委托送达")
        self.assertIn("委托其他机关代为送达", rows["备注"])
        self.assertIn("第九十一条", rows["备注"])


class TestCompensationWithTheDecision(FuyiCaseCommon):

    def setUp(self):
        super().setUp()
        self.case = self.new_case("2025-09-26")
        self.case.action_accept(date="2025-10-10", procedure="ordinary")

    def dialog(self, **values):
        vals = {"reconsideration_id": self.case.id, "decision_date": "2025-11-20", "decision_summary": "事实不清。",
                "create_document": False}
        vals.update(values)
        return self.env["fuyi.reconsideration.decide"].create(vals)

    def test_compensation_is_not_a_decision_of_its_own(self):
        """ARL Art. 72: the dialog no longer offers compensation alone; the model refuses it too."""
        offered = dict(self.env["fuyi.reconsideration.decide"].fields_get(["decision_type"])["decision_type"]
                       ["selection"])
        self.assertNotIn("compensation", offered)
        self.assertIn("agreement_compensation", offered)
        with self.assertRaises(UserError):
            self.case.action_decide("compensation", date="2025-11-20")
        with self.assertRaises(UserError):   # only with revoke, vary or confirm illegal
            self.case.action_decide("uphold", date="2025-11-20", compensation=True)
        self.assertEqual(self.case.state, "accepted")

    def test_dialog_decides_compensation_with_a_revocation(self):
        """The dialog offers compensation together with revoke, vary or confirm illegal, citing Art. 72."""
        dialog = self.dialog(decision_type="confirm_illegal", compensation=True)
        self.assertEqual(dialog.decision_article, "ARL Art. 65; Art. 72")
        dialog.action_confirm()
        self.assertEqual((self.case.decision_type, self.case.decision_compensation, self.case.decision_article),
                         ("confirm_illegal", True, "ARL Art. 65; Art. 72"))

    def test_dialog_ignores_compensation_for_other_decisions(self):
        self.dialog(decision_type="uphold", compensation=True).action_confirm()
        self.assertFalse(self.case.decision_compensation)
        self.assertEqual(self.case.decision_article, "ARL Art. 68")

    def test_claimed_compensation_is_proposed_in_the_dialog(self):
        self.case.compensation_claimed = True
        Decide = self.env["fuyi.reconsideration.decide"].with_context(active_model="fuyi.reconsideration",
                                                                      active_id=self.case.id)
        self.assertTrue(Decide.default_get(["compensation"])["compensation"])


class TestAuthorisedOrganisationRespondent(FuyiCaseCommon):

    def setUp(self):
        super().setUp()
        self.brigade = self.env["res.partner"].create({
            "name": "安和县消防救援大队", "party_kind": "organisation", "authorized_organization": True,
            "authorization_basis": "《中华人民共和国消防法》", "uscc": "11330100000000000H"})

    def test_organisation_authorised_by_law_may_be_the_respondent(self):
        """ARL Art. 19: the respondent may be an organisation authorised by law, regulation or rule."""
        case = self.new_case("2025-09-26", party_ids=[
            (0, 0, {"partner_id": self.applicant.id, "role": "applicant", "is_primary": True}),
            (0, 0, {"partner_id": self.brigade.id, "role": "respondent"})])
        self.assertEqual(case.party_ids.filtered(lambda p: p.role == "respondent").partner_id, self.brigade)
        company = self.env["res.partner"].create({"name": "某某有限公司", "party_kind": "organisation"})
        with self.assertRaises(ValidationError):
            self.new_case("2025-09-26", party_ids=[
                (0, 0, {"partner_id": self.applicant.id, "role": "applicant", "is_primary": True}),
                (0, 0, {"partner_id": company.id, "role": "respondent"})])

    def test_authorised_organisation_is_named_as_such_in_documents(self):
        """The decision names the respondent as an authorised organisation, with its basis, not as an agency."""
        case = self.new_case("2025-09-26", party_ids=[
            (0, 0, {"partner_id": self.applicant.id, "role": "applicant", "is_primary": True}),
            (0, 0, {"partner_id": self.brigade.id, "role": "respondent"})])
        case.action_reject("scope", date="2025-10-09")
        document = self.env["fuyi.document"].browse(case.action_create_document("rejection_decision"))
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(document.attachment_id.raw)).paragraphs)
        self.assertIn("被申请人：安和县消防救援大队（法律、法规、规章授权的组织，授权依据：《中华人民共和国消防法》），"
                      "统一社会信用代码：11330100000000000H。", text)
