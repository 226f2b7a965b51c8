import datetime

from freezegun import freeze_time

from flectra.exceptions import UserError
from flectra.tests import Form, new_test_user

from .common import FuyiCaseCommon


class WizardCase(FuyiCaseCommon):
    """Dialogs are opened from the case form the way the web client does: the button's action
    carries the context, the dialog form is filled and its confirm button called."""

    def setUp(self):
        super().setUp()
        self.lead = new_test_user(self.env, login="fuyi_lead_wizard", groups="fuyi_case.fuyi_case_group_lead")

    def open_dialog(self, record, method, user=None):
        """Call the form button as ``user`` and fill the dialog it opens (a Form on the wizard)."""
        record = record.with_user(user or self.clerk)
        action = getattr(record, method)()
        self.assertEqual(action["type"], "ir.actions.act_window")
        self.assertEqual(action["target"], "new")
        self.assertEqual(action["views"][0][1], "form")
        wizard_model = record.env[action["res_model"]].with_context(**action["context"])
        return Form(wizard_model)

    def confirm(self, form):
        return form.save().action_confirm()

    def accepted_case(self, **values):
        values.setdefault("act_description", "罚款2000元的行政处罚决定")   # a decision states the act (issue 13)
        case = self.new_case("2025-09-26", **values)
        case.action_accept(date="2025-10-10")
        return case


@freeze_time("2025-10-15 09:00:00")
class TestIntakeDialogs(WizardCase):

    def test_request_corrections_lists_items_and_opens_the_notice(self):
        case = self.new_case("2025-10-13")
        form = self.open_dialog(case, "action_open_request_correction")
        self.assertEqual(form.reconsideration_id, case.with_user(self.clerk))
        form.items = "申请人身份证明\n\n行政行为的书面材料"
        form.served_date = datetime.date(2025, 10, 14)
        result = self.confirm(form)
        self.assertEqual(case.state, "correction")
        self.assertEqual(case.correction_items, "申请人身份证明\n行政行为的书面材料")
        self.assertEqual(case.correction_notice_served, datetime.date(2025, 10, 14))
        self.assertEqual(result["res_model"], "fuyi.document")
        document = self.env["fuyi.document"].browse(result["res_id"])
        self.assertEqual(document.doc_type, "correction_notice")
        self.assertTrue(document.attachment_id)

    def test_request_corrections_refuses_blank_items_and_future_dates(self):
        case = self.new_case("2025-10-13")
        form = self.open_dialog(case, "action_open_request_correction")
        form.items = "   \n  "
        with self.assertRaisesRegex(UserError, "Art. 31"):
            self.confirm(form)
        form = self.open_dialog(case, "action_open_request_correction")
        form.items = "申请人身份证明"
        form.served_date = datetime.date(2025, 10, 16)
        with self.assertRaisesRegex(UserError, "after today"):
            self.confirm(form)
        self.assertEqual(case.state, "review")

    def test_receive_corrections_restarts_the_review(self):
        case = self.new_case("2025-10-13")
        case.action_request_correction("申请人身份证明", served_date="2025-10-13")
        form = self.open_dialog(case, "action_open_receive_corrections")
        self.assertEqual(form.correction_items, "申请人身份证明")
        form.received_date = datetime.date(2025, 10, 10)
        with self.assertRaisesRegex(UserError, "cannot be before"):
            self.confirm(form)
        form = self.open_dialog(case, "action_open_receive_corrections")
        form.received_date = datetime.date(2025, 10, 15)
        self.assertEqual(self.confirm(form)["type"], "ir.actions.act_window_close")
        self.assertEqual(case.state, "review")
        self.assertEqual(self.deadline(case, "acceptance_review").start_date, datetime.date(2025, 10, 15))

    def test_reject_for_jurisdiction_names_the_competent_body(self):
        case = self.new_case("2025-10-13")
        form = self.open_dialog(case, "action_open_reject")
        form.reject_reason = "jurisdiction"
        with self.assertRaisesRegex(UserError, "competent body"):
            self.confirm(form)
        form = self.open_dialog(case, "action_open_reject")
        form.reject_reason = "jurisdiction"
        form.competent_body_id = self.other_agency
        result = self.confirm(form)
        self.assertEqual(case.state, "rejected")
        self.assertEqual(case.competent_body_id, self.other_agency)
        self.assertEqual(self.env["fuyi.document"].browse(result["res_id"]).doc_type, "rejection_decision")

    def test_reject_needs_an_explanation_unless_jurisdiction(self):
        case = self.new_case("2025-10-13")
        form = self.open_dialog(case, "action_open_reject")
        form.reject_reason = "scope"
        form.create_document = False
        with self.assertRaisesRegex(UserError, "Art. 30 para 2"):
            self.confirm(form)
        form = self.open_dialog(case, "action_open_reject")
        form.reject_reason = "scope"
        form.reject_explanation = "内部人事管理行为"
        form.create_document = False
        self.assertEqual(self.confirm(form)["type"], "ir.actions.act_window_close")
        self.assertEqual(case.reject_reason, "scope")

    def test_forward_an_application_lodged_with_the_penalising_agency(self):
        case = self.new_case("2025-10-13", lodged_with_agency=True, act_on_the_spot=True,
                             agency_received_date="2025-10-13")
        form = self.open_dialog(case, "action_open_forward")
        form.forwarded_to_id = self.other_agency
        form.forwarded_on = datetime.date(2025, 10, 15)
        self.confirm(form)
        self.assertEqual(case.state, "forwarded")
        self.assertEqual(case.forwarded_to_id, self.other_agency)


@freeze_time("2025-11-20 09:00:00")
class TestOutcomeDialogs(WizardCase):

    def test_a_clerk_registers_an_application_in_the_form(self):
        """What the web client does for a new case: defaults, onchange, create with the form's values."""
        Reconsideration = self.env["fuyi.reconsideration"].with_user(self.clerk)
        fields = ["date_received", "channel", "agency_id", "user_id", "title", "act_description", "party_ids"]
        values = Reconsideration.default_get(fields)
        self.assertEqual(values["date_received"], datetime.date(2025, 11, 20))
        Reconsideration.onchange(dict(values), [], {name: "1" for name in fields})
        values.update(title="罚款决定", agency_id=self.agency.id, act_description="罚款2000元", party_ids=[
            (0, 0, {"partner_id": self.applicant.id, "role": "applicant", "is_primary": True}),
            (0, 0, {"partner_id": self.agency.id, "role": "respondent"})])
        case = Reconsideration.create(values)
        self.assertTrue(case.name)
        self.assertEqual((case.state, case.date_received), ("review", datetime.date(2025, 11, 20)))
        self.assertEqual(case.deadline_state, "green")
        self.assertIn("ARL Art. 30", case.with_context(lang="en_US").deadline_explanation)

    def test_decide_then_issue_the_decision_document(self):
        """Issue 5's clerk path: accept, route, decide in the dialog, issue the document."""
        case = self.new_case("2025-09-26", act_sanction="warning", act_description="警告的行政处罚决定")
        case.with_user(self.clerk).action_accept(date="2025-10-10")
        case.with_user(self.clerk).action_route()
        form = self.open_dialog(case, "action_open_decide")
        form.decision_type = "revoke"
        self.assertEqual(form.decision_article, "ARL Art. 64")
        form.decision_summary = "被申请人作出的行政处罚认定事实不清。"
        form.performance_days = 30
        result = self.confirm(form)
        self.assertEqual(case.state, "decided")
        self.assertEqual(case.decision_type, "revoke")
        self.assertEqual(case.performance_days, 30)
        document = self.env["fuyi.document"].browse(result["res_id"])
        self.assertEqual(document.doc_type, "decision_document")
        self.assertEqual(document.state, "draft")
        # the document form's Issue button opens the issue dialog
        issue = self.open_dialog(document, "action_open_issue")
        self.assertEqual(issue.document_id, document.with_user(self.clerk))
        issue.issued_date = datetime.date(2025, 11, 20)
        result = self.confirm(issue)
        self.assertEqual(result["res_id"], document.id)
        self.assertEqual(document.state, "issued")
        self.assertTrue(document.number)
        download = document.with_user(self.clerk).action_download()
        self.assertEqual(download["type"], "ir.actions.act_url")
        self.assertEqual(download["url"], "/web/content/%d?download=true" % document.attachment_id.id)

    def test_decide_refuses_without_reasons_or_performance_period(self):
        case = self.accepted_case()
        form = self.open_dialog(case, "action_open_decide")
        form.decision_type = "uphold"
        with self.assertRaisesRegex(UserError, "reasons"):
            self.confirm(form)
        form = self.open_dialog(case, "action_open_decide")
        form.decision_type = "order_performance"
        form.decision_summary = "被申请人未履行法定职责。"
        with self.assertRaisesRegex(UserError, "Art. 66"):
            self.confirm(form)
        form = self.open_dialog(case, "action_open_decide")
        form.decision_type = "uphold"
        form.decision_summary = "事实清楚。"
        form.decision_date = datetime.date(2025, 10, 1)
        with self.assertRaisesRegex(UserError, "cannot be before"):
            self.confirm(form)
        self.assertEqual(case.state, "accepted")

    def test_a_refused_step_leaves_the_case_unchanged(self):
        """A decision on a case in review is refused by the workflow, with the rule."""
        case = self.new_case("2025-11-19")
        form = self.open_dialog(case, "action_open_decide")
        form.decision_type = "uphold"
        form.decision_summary = "事实清楚。"
        form.create_document = False
        with self.assertRaisesRegex(UserError, "Art. 61"):
            self.confirm(form)
        self.assertEqual(case.state, "review")

    def test_suspend_resume_and_their_notices(self):
        case = self.accepted_case()
        form = self.open_dialog(case, "action_open_suspend")
        form.suspend_ground = "8"
        form.suspended_on = datetime.date(2025, 10, 20)
        result = self.confirm(form)
        self.assertEqual(case.state, "suspended")
        self.assertEqual(self.env["fuyi.document"].browse(result["res_id"]).doc_type, "suspension_notice")
        form = self.open_dialog(case, "action_open_resume")
        self.assertEqual(form.suspend_ground, "8")
        form.resumed_on = datetime.date(2025, 10, 19)
        with self.assertRaisesRegex(UserError, "cannot be before"):
            self.confirm(form)
        form = self.open_dialog(case, "action_open_resume")
        form.resumed_on = datetime.date(2025, 10, 30)
        form.create_document = False
        self.confirm(form)
        self.assertEqual(case.state, "accepted")
        self.assertEqual(self.deadline(case, "decision").paused_days, 10)

    def test_terminate_after_a_long_suspension_only(self):
        case = self.accepted_case()
        case.action_suspend("1", date="2025-10-20")
        form = self.open_dialog(case, "action_open_terminate")
        form.terminate_ground = "long_suspension"
        form.terminated_on = datetime.date(2025, 11, 20)
        with self.assertRaisesRegex(UserError, "60 days"):
            self.confirm(form)
        form = self.open_dialog(case, "action_open_terminate")
        form.terminate_ground = "death"
        form.create_document = False
        self.confirm(form)
        self.assertEqual(case.state, "terminated")

    def test_withdrawal_must_be_voluntary_and_is_noted(self):
        case = self.accepted_case()
        form = self.open_dialog(case, "action_open_withdraw")
        with self.assertRaisesRegex(UserError, "Art. 74"):
            self.confirm(form)
        form = self.open_dialog(case, "action_open_withdraw")
        form.voluntary = True
        form.note = "双方和解"
        self.confirm(form)
        self.assertEqual(case.state, "withdrawn")
        self.assertTrue(any("双方和解" in (body or "") for body in case.message_ids.mapped("body")))

    def test_mediation_needs_the_issued_document_and_every_signature(self):
        case = self.accepted_case(mediation_agreement="被申请人退还罚款。")
        form = self.open_dialog(case, "action_open_mediate")
        with self.assertRaisesRegex(UserError, "Art. 73"):
            self.confirm(form)     # nobody chosen
        form = self.open_dialog(case, "action_open_mediate")
        form.signed_partner_ids = self.applicant
        with self.assertRaisesRegex(UserError, "Art. 73"):
            self.confirm(form)     # no issued mediation document yet
        document = self.env["fuyi.document"].browse(case.action_create_document("mediation_document"))
        document.action_issue(date="2025-11-18")
        form = self.open_dialog(case, "action_open_mediate")
        form.signed_partner_ids = self.applicant
        self.confirm(form)
        self.assertEqual(case.state, "accepted")
        form = self.open_dialog(case, "action_open_mediate")
        self.assertEqual(form.already_signed_ids, self.applicant)
        form.signed_partner_ids = self.agency
        self.confirm(form)
        self.assertEqual(case.state, "mediated")

    def test_mediation_failed_needs_a_reason(self):
        case = self.accepted_case()
        form = self.open_dialog(case, "action_open_mediation_failed")
        form.reason = "  "
        with self.assertRaisesRegex(UserError, "Art. 73"):
            self.confirm(form)
        form = self.open_dialog(case, "action_open_mediation_failed")
        form.reason = "被申请人不同意"
        self.confirm(form)
        self.assertEqual(case.mediation_failed_reason, "被申请人不同意")


@freeze_time("2025-10-15 09:00:00")
class TestRoutingAndDeadlineDialogs(WizardCase):

    def test_override_routing_by_a_lead_with_a_reason(self):
        case = self.accepted_case(act_sanction="warning")
        self.assertEqual(case.procedure, "simple")
        form = self.open_dialog(case, "action_open_override_routing", user=self.lead)
        self.assertEqual(form.procedure, "simple")
        form.procedure = "ordinary"
        form.reason = "涉及群体性纠纷"
        self.confirm(form)
        self.assertEqual(case.procedure, "ordinary")
        self.assertEqual(case.routing_rule, "override")

    def test_override_routing_by_a_clerk_is_refused(self):
        case = self.accepted_case()
        form = self.open_dialog(case, "action_open_override_routing")
        form.procedure = "simple"
        form.reason = "理由"
        with self.assertRaisesRegex(UserError, "lead"):
            self.confirm(form)

    def test_convert_to_ordinary_extends_the_decision_period(self):
        case = self.accepted_case(act_sanction="warning")
        form = self.open_dialog(case, "action_open_convert_ordinary", user=self.lead)
        form.reason = "案情复杂"
        self.confirm(form)
        self.assertEqual(case.procedure, "ordinary")
        self.assertEqual(self.deadline(case, "decision").length, 60)

    def test_extend_the_decision_period_within_the_cap(self):
        case = self.accepted_case()
        form = self.open_dialog(case, "action_open_extend_deadline", user=self.lead)
        self.assertEqual(form.deadline_id, self.deadline(case, "decision").with_user(self.lead))
        self.assertEqual(form.extension_cap, 30)
        form.length = 31
        form.reason = "案情复杂"
        with self.assertRaisesRegex(UserError, "at most 30"):
            self.confirm(form)
        form = self.open_dialog(case, "action_open_extend_deadline", user=self.lead)
        form.length = 30
        form.reason = "案情复杂"
        result = self.confirm(form)
        self.assertEqual(self.deadline(case, "decision").due_date, datetime.date(2026, 1, 8))
        self.assertEqual(self.env["fuyi.document"].browse(result["res_id"]).doc_type, "extension_notice")

    def test_a_clerk_cannot_extend_the_decision_period(self):
        case = self.accepted_case()
        form = self.open_dialog(case, "action_open_extend_deadline")
        form.length = 10
        form.reason = "案情复杂"
        with self.assertRaisesRegex(UserError, "Art. 62"):
            self.confirm(form)

    def test_extend_other_deadlines_from_the_deadline_form(self):
        case = self.accepted_case()
        deadline = case.case_id._add_deadline("test", "Test", "ARL Art. 99", datetime.date(2025, 10, 10), 10,
                                              "calendar_day", extension_cap=5)
        form = self.open_dialog(deadline, "action_open_extend")
        form.length = 0
        form.reason = "理由"
        with self.assertRaisesRegex(UserError, "at least one day"):
            self.confirm(form)
        form = self.open_dialog(deadline, "action_open_extend")
        form.length = 5
        form.reason = "理由"
        self.confirm(form)
        self.assertEqual(deadline.extension_length, 5)


@freeze_time("2025-10-15 09:00:00")
class TestHearingCommitteeLetterDialogs(WizardCase):

    def setUp(self):
        super().setUp()
        self.officers = [new_test_user(self.env, login="fuyi_officer_%d" % i, groups="fuyi_case.fuyi_case_group_clerk")
                         for i in range(4)]

    def test_schedule_notify_and_hold_a_hearing(self):
        case = self.accepted_case()
        form = self.open_dialog(case, "action_open_schedule_hearing")
        form.hearing_date = datetime.datetime(2025, 10, 30, 1, 0)
        form.place = "第一听证室"
        form.presiding_id = self.officers[0]
        with self.assertRaisesRegex(UserError, "Art. 50"):
            self.confirm(form)
        form = self.open_dialog(case, "action_open_schedule_hearing")
        form.hearing_date = datetime.datetime(2025, 10, 30, 1, 0)
        form.place = "第一听证室"
        form.presiding_id = self.officers[0]
        form.officer_ids = self.officers[1] | self.officers[2]
        form.recorder_id = self.officers[3]
        result = self.confirm(form)
        hearing = self.env["fuyi.hearing"].browse(result["res_id"])
        self.assertEqual(hearing.reconsideration_id, case)
        self.assertEqual(hearing.state, "planned")

        notify = self.open_dialog(hearing, "action_open_notify")
        notify.notice_date = datetime.date(2025, 10, 15)
        result = self.confirm(notify)
        self.assertEqual(hearing.state, "notified")
        self.assertEqual(self.env["fuyi.document"].browse(result["res_id"]).doc_type, "hearing_notice")

        hold = self.open_dialog(hearing, "action_open_hold")
        hold.record = "笔录"
        with self.assertRaisesRegex(UserError, "cannot be recorded as held"):
            self.confirm(hold)
        with freeze_time("2025-10-30 09:00:00"):
            hold = self.open_dialog(hearing, "action_open_hold")
            hold.record = "笔录"
            hold.respondent_head_attended = False
            with self.assertRaisesRegex(UserError, "Art. 51"):
                self.confirm(hold)
            hold = self.open_dialog(hearing, "action_open_hold")
            hold.record = "笔录"
            self.confirm(hold)
        self.assertEqual(hearing.state, "held")

    def test_a_hearing_too_close_to_notify_in_time_is_refused(self):
        case = self.accepted_case()
        form = self.open_dialog(case, "action_open_schedule_hearing")
        form.kind = "opinion"
        form.hearing_date = datetime.datetime(2025, 10, 1, 1, 0)
        with self.assertRaisesRegex(UserError, "future"):
            self.confirm(form)
        form = self.open_dialog(case, "action_open_schedule_hearing")
        form.hearing_date = datetime.datetime(2025, 10, 17, 1, 0)
        form.place = "第一听证室"
        form.presiding_id = self.officers[0]
        form.officer_ids = self.officers[1] | self.officers[2]
        form.recorder_id = self.officers[3]
        with self.assertRaisesRegex(UserError, "5 working days"):
            self.confirm(form)

    def test_record_the_advisory_opinion_after_the_members(self):
        case = self.accepted_case()
        case.action_refer_to_committee()
        expert = self.env["fuyi.committee.member"].create({
            "partner_id": self.env["res.partner"].create({"name": "李教授"}).id, "member_type": "expert"})
        sitting = self.env["fuyi.committee.sitting"].create({
            "sitting_date": "2025-10-14", "reconsideration_ids": [(6, 0, case.ids)],
            "member_ids": [(6, 0, expert.ids)]})
        form = self.open_dialog(case, "action_open_advisory_opinion")
        self.assertEqual(form.sitting_id, sitting.with_user(self.clerk))
        form.advisory_opinion = "建议撤销"
        with self.assertRaisesRegex(UserError, "each member"):
            self.confirm(form)
        self.env["fuyi.committee.opinion"].create({
            "sitting_id": sitting.id, "reconsideration_id": case.id, "member_id": expert.id, "position": "correct",
            "opinion": "应撤销"})
        form = self.open_dialog(sitting, "action_open_advisory_opinion")
        self.assertEqual(form.reconsideration_id, case.with_user(self.clerk))
        form.advisory_opinion = "建议撤销"
        self.confirm(form)
        self.assertEqual(case.advisory_opinion, "建议撤销")
        self.assertEqual(sitting.state, "held")

    def test_opinion_letter_follow_up_from_sending_to_escalation(self):
        case = self.accepted_case()
        letter = self.env["fuyi.opinion.letter"].create({"reconsideration_id": case.id, "recipient_id": self.agency.id,
                                                         "content": "请纠正"})
        form = self.open_dialog(letter, "action_open_followup")
        self.assertEqual(form.step, "send")
        form.date = datetime.date(2025, 10, 13)
        self.confirm(form)
        self.assertEqual(letter.state, "sent")
        form = self.open_dialog(letter, "action_open_followup")
        self.assertEqual(form.step, "receive")
        form.date = datetime.date(2025, 10, 12)
        with self.assertRaisesRegex(UserError, "cannot be before"):
            self.confirm(form)
        form = self.open_dialog(letter, "action_open_followup")
        form.date = datetime.date(2025, 10, 14)
        self.confirm(form)
        self.assertEqual(letter.report_due_date, datetime.date(2025, 12, 15))
        form = self.open_dialog(letter, "action_open_followup")
        form.step = "escalate"
        with self.assertRaisesRegex(UserError, "Art. 77"):
            self.confirm(form)      # no measure chosen
        form = self.open_dialog(letter, "action_open_followup")
        form.step = "escalate"
        form.measure = "talk"
        with self.assertRaisesRegex(UserError, "Art. 77"):
            self.confirm(form)      # the report period is still running
        form = self.open_dialog(letter, "action_open_followup")
        form.step = "report"
        form.report_text = "已纠正"
        self.confirm(form)
        self.assertEqual(letter.state, "reported")


@freeze_time("2025-10-15 09:00:00")
class TestDocumentDialogs(WizardCase):

    def test_prepare_a_document_of_a_chosen_type(self):
        case = self.accepted_case()
        form = self.open_dialog(case, "action_open_create_document")
        form.doc_type = "acceptance_notice"
        result = self.confirm(form)
        document = self.env["fuyi.document"].browse(result["res_id"])
        self.assertEqual((document.doc_type, document.case_id), ("acceptance_notice", case.case_id))
        self.assertIn(document, case.document_ids)

    def test_a_document_that_does_not_fit_the_case_is_refused(self):
        case = self.new_case("2025-10-13")
        form = self.open_dialog(case, "action_open_create_document")
        form.doc_type = "decision_document"
        with self.assertRaisesRegex(UserError, "decide it first"):
            self.confirm(form)

    def test_issuing_twice_or_in_the_future_is_refused(self):
        case = self.accepted_case()
        document = self.env["fuyi.document"].browse(case.action_create_document("acceptance_notice"))
        form = self.open_dialog(document, "action_open_issue")
        form.issued_date = datetime.date(2025, 10, 16)
        with self.assertRaisesRegex(UserError, "after today"):
            self.confirm(form)
        form = self.open_dialog(document, "action_open_issue")
        self.confirm(form)
        self.assertEqual(document.state, "issued")
        form = Form(self.env["fuyi.document.issue"].with_user(self.clerk).with_context(
            active_model="fuyi.document", active_id=document.id))
        with self.assertRaisesRegex(UserError, "only a draft"):
            self.confirm(form)

    def test_record_the_reply_closes_the_reply_deadline(self):
        case = self.accepted_case()
        service_id = case.action_send_copy_to_respondent(date="2025-10-10")
        self.env["fuyi.service"].browse(service_id).action_mark_served(date="2025-10-11")
        form = self.open_dialog(case, "action_open_record_reply")
        form.reply_date = datetime.date(2025, 10, 14)
        form.reply_summary = "认为处罚正确"
        self.confirm(form)
        self.assertEqual(case.reply_date, datetime.date(2025, 10, 14))
        self.assertFalse(case.reply_late)


@freeze_time("2025-10-15 09:00:00")
class TestServiceDialog(WizardCase):

    def service(self):
        case = self.accepted_case()
        return case, self.env["fuyi.service"].browse(case.action_send_copy_to_respondent(date="2025-10-13"))

    def test_served_starts_the_reply_period(self):
        case, service = self.service()
        form = self.open_dialog(service, "action_open_record")
        form.served_date = datetime.date(2025, 10, 12)
        with self.assertRaisesRegex(UserError, "before it was sent"):
            self.confirm(form)
        form = self.open_dialog(service, "action_open_record")
        form.served_date = datetime.date(2025, 10, 14)
        self.confirm(form)
        self.assertEqual(service.state, "served")
        self.assertEqual(self.deadline(case, "respondent_reply").start_date, datetime.date(2025, 10, 14))

    def test_failed_service_needs_a_reason(self):
        _case, service = self.service()
        form = self.open_dialog(service, "action_open_record")
        form.outcome = "failed"
        with self.assertRaisesRegex(UserError, "why"):
            self.confirm(form)
        form = self.open_dialog(service, "action_open_record")
        form.outcome = "failed"
        form.failure_reason = "地址不详"
        self.confirm(form)
        self.assertEqual((service.state, service.failure_reason), ("failed", "地址不详"))
        form = self.open_dialog(service, "action_open_record")
        with self.assertRaisesRegex(UserError, "still pending"):
            self.confirm(form)
