import datetime
import json

from freezegun import freeze_time
from lxml import etree

from flectra.exceptions import UserError

from .test_wizards import WizardCase

D = datetime.date


@freeze_time("2025-10-20 09:00:00")
class TestEvidenceDialogs(WizardCase):
    """Evidence (ARL Arts. 43–47): verification, supplementary evidence and inspection through dialogs."""

    def setUp(self):
        super().setUp()
        self.case = self.accepted_case()      # accepted 2025-10-10
        Evidence = self.env["fuyi.evidence"]
        self.self_collected = Evidence.create({
            "reconsideration_id": self.case.id, "name": "事后补充的询问笔录", "submitted_by": "respondent",
            "collected_date": "2025-10-12", "submitted_date": "2025-10-13"})
        self.invoice = Evidence.create({
            "reconsideration_id": self.case.id, "name": "发票", "submitted_by": "applicant",
            "submitted_date": "2025-10-11"})
        self.secret = Evidence.create({
            "reconsideration_id": self.case.id, "name": "举报人信息", "submitted_by": "respondent",
            "submitted_date": "2025-10-11", "confidentiality": "privacy"})

    def test_admitting_flagged_evidence_needs_a_reason(self):
        self.assertTrue(self.self_collected.self_collected)
        form = self.open_dialog(self.self_collected, "action_open_verify")
        self.assertEqual(form.evidence_id, self.self_collected.with_user(self.clerk))
        self.assertIn("Art. 46", form.flag_explanation)
        with self.assertRaisesRegex(UserError, "Arts. 46, 70"):
            self.confirm(form)
        form = self.open_dialog(self.self_collected, "action_open_verify")
        form.note = "经申请人质证无异议"
        self.confirm(form)
        self.assertEqual((self.self_collected.review_state, self.self_collected.review_note),
                         ("admitted", "经申请人质证无异议"))

    def test_excluding_evidence_states_why(self):
        form = self.open_dialog(self.invoice, "action_open_verify")
        form.verdict = "excluded"
        with self.assertRaisesRegex(UserError, "Art. 43 para 2"):
            self.confirm(form)
        self.assertEqual(self.invoice.review_state, "pending")
        form = self.open_dialog(self.invoice, "action_open_verify")
        form.verdict = "excluded"
        form.note = "与本案无关"
        self.assertEqual(self.confirm(form)["type"], "ir.actions.act_window_close")
        self.assertEqual(self.invoice.review_state, "excluded")

    def test_only_the_respondent_supplements_and_with_a_reason(self):
        form = self.open_dialog(self.invoice, "action_open_allow_supplement")
        form.reason = "申请人提出新的理由"
        with self.assertRaisesRegex(UserError, "Art. 46 para 2"):
            self.confirm(form)
        form = self.open_dialog(self.self_collected, "action_open_allow_supplement")
        form.reason = "   "
        with self.assertRaisesRegex(UserError, "Art. 46 para 2"):
            self.confirm(form)
        form = self.open_dialog(self.self_collected, "action_open_allow_supplement")
        form.reason = "申请人在复议中提出了作出行政行为时未提出的证据"
        self.confirm(form)
        self.assertTrue(self.self_collected.supplementary)
        self.assertEqual(self.self_collected.supplement_approved_by, self.clerk)
        self.assertFalse(self.self_collected.self_collected)     # consented supplements are not flagged

    def test_inspection_shows_what_is_open_and_records_what_is_withheld(self):
        form = self.open_dialog(self.case, "action_open_record_inspection")
        self.assertEqual(set(form.evidence_ids.ids), {self.self_collected.id, self.invoice.id, self.secret.id})
        form.requester_id = self.other_agency
        with self.assertRaisesRegex(UserError, "Art. 47"):
            self.confirm(form)
        form = self.open_dialog(self.case, "action_open_record_inspection")
        form.requester_id = self.applicant
        form.inspection_date = D(2025, 10, 9)
        with self.assertRaisesRegex(UserError, "cannot be before"):
            self.confirm(form)
        form = self.open_dialog(self.case, "action_open_record_inspection")
        form.requester_id = self.applicant
        form.inspection_date = D(2025, 10, 16)
        form.copied = True
        self.confirm(form)
        inspection = self.case.inspection_ids
        self.assertEqual(len(inspection), 1)
        self.assertEqual(inspection.evidence_ids, self.self_collected | self.invoice)
        self.assertEqual(inspection.withheld_ids, self.secret)
        self.assertTrue(inspection.copied)
        self.assertEqual(inspection.inspection_date, D(2025, 10, 16))


@freeze_time("2025-11-12 09:00:00")
class TestNormativeReviewDialogs(WizardCase):
    """A normative document reviewed within the case (ARL Arts. 13, 39 (9), 56–60), step by step."""

    def setUp(self):
        super().setUp()
        self.drafter = self.env["res.partner"].create({"name": "县人民政府办公室", "party_kind": "agency"})
        self.case = self.accepted_case()

    def request(self, handling="self", date=D(2025, 10, 20)):
        form = self.open_dialog(self.case, "action_open_request_normative_review")
        form.document_name = "《县市场经营秩序管理办法》"
        form.clause = "第八条"
        form.handling = handling
        form.request_date = date
        return form

    def test_request_suspends_the_case_and_opens_the_review(self):
        form = self.request(date=D(2025, 11, 13))
        with self.assertRaisesRegex(UserError, "after today"):
            self.confirm(form)
        form = self.request(date=D(2025, 10, 9))
        with self.assertRaisesRegex(UserError, "cannot be before"):
            self.confirm(form)
        self.assertEqual(self.case.state, "accepted")
        result = self.confirm(self.request())
        review = self.env["fuyi.normative.review"].browse(result["res_id"])
        self.assertEqual((result["res_model"], result["target"]), ("fuyi.normative.review", "current"))
        self.assertEqual((review.reconsideration_id, review.clause), (self.case, "第八条"))
        self.assertEqual((self.case.state, self.case.suspend_ground), ("suspended", "9"))

    def test_notify_reply_and_conclude_then_the_case_resumes(self):
        review = self.env["fuyi.normative.review"].browse(self.confirm(self.request())["res_id"])
        form = self.open_dialog(review, "action_open_notify_drafting_body")
        form.drafting_body_id = self.drafter
        form.notice_date = D(2025, 10, 22)
        form.received_date = D(2025, 10, 21)
        with self.assertRaisesRegex(UserError, "cannot be before"):
            self.confirm(form)
        form = self.open_dialog(review, "action_open_notify_drafting_body")
        form.drafting_body_id = self.drafter
        form.notice_date = D(2025, 10, 22)
        form.received_date = D(2025, 10, 23)
        self.confirm(form)
        self.assertEqual((review.drafting_body_id, review.drafting_notice_date), (self.drafter, D(2025, 10, 22)))
        reply = review.deadline_ids.filtered(lambda d: d.kind == "normative_drafting_reply")
        self.assertEqual(reply.due_date, D(2025, 11, 6))          # 10 working days from receipt (Art. 58)
        form = self.open_dialog(review, "action_open_notify_drafting_body")
        form.drafting_body_id = self.drafter
        with self.assertRaisesRegex(UserError, "already notified"):
            self.confirm(form)
        form = self.open_dialog(review, "action_open_record_drafting_reply")
        form.reply_text = "第八条有上位法依据"
        form.reply_date = D(2025, 10, 21)
        with self.assertRaisesRegex(UserError, "cannot be before"):
            self.confirm(form)
        form = self.open_dialog(review, "action_open_record_drafting_reply")
        form.reply_text = "第八条有上位法依据"
        form.reply_date = D(2025, 11, 5)
        self.confirm(form)
        self.assertEqual(review.drafting_reply_date, D(2025, 11, 5))
        form = self.open_dialog(review, "action_open_conclude")
        form.result = "lawful"
        form.result_text = "  "
        with self.assertRaisesRegex(UserError, "Arts. 59, 60"):
            self.confirm(form)
        form = self.open_dialog(review, "action_open_conclude")
        form.result = "lawful"
        form.result_text = "该条款合法"
        form.result_date = D(2025, 11, 10)
        self.confirm(form)
        self.assertEqual((review.state, review.result, review.result_date), ("concluded", "lawful", D(2025, 11, 10)))
        self.assertEqual((self.case.state, self.case.resumed_on), ("accepted", D(2025, 11, 10)))

    def test_transfer_before_concluding(self):
        review = self.env["fuyi.normative.review"].browse(self.confirm(self.request(handling="transfer"))["res_id"])
        form = self.open_dialog(review, "action_open_conclude")
        form.result = "unlawful"
        form.result_text = "应予纠正"
        with self.assertRaisesRegex(UserError, "Art. 56"):
            self.confirm(form)
        form = self.open_dialog(review, "action_open_notify_drafting_body")
        form.drafting_body_id = self.drafter
        with self.assertRaisesRegex(UserError, "Art. 58"):
            self.confirm(form)         # the competent organ asks the drafter, not this body
        form = self.open_dialog(review, "action_open_transfer")
        form.transferee_id = self.drafter
        form.transfer_date = D(2025, 10, 24)
        form.received_date = D(2025, 10, 23)
        with self.assertRaisesRegex(UserError, "cannot be before"):
            self.confirm(form)
        form = self.open_dialog(review, "action_open_transfer")
        form.transferee_id = self.drafter
        form.transfer_date = D(2025, 10, 24)
        form.received_date = D(2025, 10, 27)
        self.confirm(form)
        self.assertEqual((review.state, review.transferee_id), ("transferred", self.drafter))
        answer = review.deadline_ids.filtered(lambda d: d.kind == "normative_transferee_reply")
        self.assertEqual((answer.start_date, answer.legal_basis), (D(2025, 10, 27), "ARL Art. 60"))
        form = self.open_dialog(review, "action_open_conclude")
        form.result = "unlawful"
        form.result_text = "制定机关已废止该条款"
        form.result_date = D(2025, 11, 11)
        self.confirm(form)
        self.assertEqual((review.state, review.result), ("concluded", "unlawful"))
        self.assertEqual(self.case.state, "accepted")

    def test_review_form_buttons_follow_the_handling(self):
        arch = self.env["fuyi.normative.review"].with_user(self.clerk).get_views([[False, "form"]])
        root = etree.fromstring(arch["views"]["form"]["arch"])
        buttons = {b.get("name"): json.loads(b.get("fz-modifiers") or "{}") for b in root.iter("button")}
        for name in ("action_open_notify_drafting_body", "action_open_record_drafting_reply",
                     "action_open_transfer", "action_open_conclude"):
            self.assertIn("invisible", buttons[name], name)


@freeze_time("2025-10-15 09:00:00")
class TestAcceptDialog(WizardCase):
    """Acceptance on a date (ARL Art. 30) with the routing table or a lead's departure from it (Art. 53)."""

    def test_accept_on_an_earlier_date_by_the_routing_table(self):
        case = self.new_case("2025-10-13", act_sanction="warning")
        form = self.open_dialog(case, "action_open_accept")
        self.assertEqual(form.routed_procedure, "simple")
        self.assertIn("ARL Art. 53", form.routing_text)
        form.acceptance_date = D(2025, 10, 16)
        with self.assertRaisesRegex(UserError, "after today"):
            self.confirm(form)
        form = self.open_dialog(case, "action_open_accept")
        form.acceptance_date = D(2025, 10, 10)
        with self.assertRaisesRegex(UserError, "cannot be before"):
            self.confirm(form)
        form = self.open_dialog(case, "action_open_accept")
        form.acceptance_date = D(2025, 10, 14)
        self.confirm(form)
        self.assertEqual((case.state, case.acceptance_date, case.procedure), ("accepted", D(2025, 10, 14), "simple"))
        self.assertTrue(case.routing_rule)
        self.assertEqual(self.deadline(case, "decision").start_date, D(2025, 10, 14))
        self.assertEqual(self.deadline(case, "decision").legal_basis, "ARL Art. 62 para 2")

    def test_the_dialog_as_the_web_client_opens_it(self):
        """default_get, then onchange for the new record: the routing preview comes with the defaults."""
        case = self.new_case("2025-10-13", act_sanction="warning")
        action = case.with_user(self.clerk).action_open_accept()
        Wizard = self.env[action["res_model"]].with_user(self.clerk).with_context(**action["context"])
        names = ["reconsideration_id", "acceptance_date", "procedure", "routed_procedure", "routing_text",
                 "override_reason"]
        values = Wizard.default_get(names)
        self.assertEqual((values["reconsideration_id"], values["procedure"]), (case.id, "route"))
        result = Wizard.onchange(dict(values), [], {name: "1" for name in names})
        self.assertEqual(result["value"]["routed_procedure"], "simple")
        self.assertIn("ARL Art. 53 para 1 item (2)", result["value"]["routing_text"])

    def test_another_procedure_needs_a_lead_and_a_reason(self):
        case = self.new_case("2025-10-13", act_sanction="warning")
        form = self.open_dialog(case, "action_open_accept")
        form.procedure = "ordinary"
        with self.assertRaisesRegex(UserError, "Art. 53"):
            self.confirm(form)          # no reason
        form = self.open_dialog(case, "action_open_accept")
        form.procedure = "ordinary"
        form.override_reason = "涉及群体性纠纷"
        with self.assertRaisesRegex(UserError, "lead"):
            self.confirm(form)
        self.assertEqual(case.state, "review")
        form = self.open_dialog(case, "action_open_accept", user=self.lead)
        form.procedure = "ordinary"
        form.override_reason = "涉及群体性纠纷"
        self.confirm(form)
        self.assertEqual((case.state, case.procedure, case.routing_rule), ("accepted", "ordinary", "override"))
        self.assertEqual(self.deadline(case, "decision").length, 60)

    def test_acceptance_after_the_review_period_is_refused(self):
        case = self.new_case("2025-09-26")       # review period ended 2025-10-10 (5 working days, holiday)
        form = self.open_dialog(case, "action_open_accept")
        form.acceptance_date = D(2025, 10, 15)
        with self.assertRaisesRegex(UserError, "Art. 30 para 3"):
            self.confirm(form)


@freeze_time("2025-11-26 09:00:00")
class TestSuperiorCopyDialog(WizardCase):
    """Copies to the respondent's next-higher competent department (ARL Art. 79 para 2)."""

    def setUp(self):
        super().setUp()
        Partner = self.env["res.partner"]
        self.county = Partner.create({"name": "县人民政府", "party_kind": "agency"})
        self.superior = Partner.create({"name": "市市场监督管理局", "party_kind": "agency"})
        self.agency.write({"parent_agency_id": self.county.id, "superior_department_id": self.superior.id})
        self.case = self.accepted_case()
        self.case.action_decide("revoke", date="2025-11-20")

    def serve_decision(self):
        for partner in self.applicant | self.agency:
            service = self.env["fuyi.service"].create({
                "case_id": self.case.case_id.id, "kind": "decision", "recipient_id": partner.id,
                "sent_date": "2025-11-21", "document_name": "行政复议决定书"})
            service.action_mark_served(date="2025-11-24")

    def test_decision_copied_once_effective(self):
        form = self.open_dialog(self.case, "action_open_copy_to_superior")
        self.assertEqual(form.superior_id, self.superior.with_user(self.clerk))
        with self.assertRaisesRegex(UserError, "Art. 79 para 2"):
            self.confirm(form)
        self.serve_decision()
        form = self.open_dialog(self.case, "action_open_copy_to_superior")
        form.sent_date = D(2025, 11, 23)
        with self.assertRaisesRegex(UserError, "cannot be before"):
            self.confirm(form)
        self.assertTrue(self.case.superior_copy_missing)
        form = self.open_dialog(self.case, "action_open_copy_to_superior")
        form.sent_date = D(2025, 11, 25)
        form.channel = "post"
        self.confirm(form)
        copy = self.case.superior_copy_ids
        self.assertEqual((copy.kind, copy.superior_id, copy.channel, copy.sent_date),
                         ("decision", self.superior, "post", D(2025, 11, 25)))
        self.assertFalse(self.case.superior_copy_missing)

    def test_opinion_letter_document_and_copy_from_the_letter_form(self):
        letter = self.env["fuyi.opinion.letter"].create({"reconsideration_id": self.case.id,
                                                         "recipient_id": self.agency.id, "content": "规范执法程序"})
        result = letter.with_user(self.clerk).action_open_create_document()
        document = self.env["fuyi.document"].browse(result["res_id"])
        self.assertEqual((result["res_model"], document.doc_type, document.opinion_letter_id),
                         ("fuyi.document", "opinion_letter", letter))
        form = self.open_dialog(letter, "action_open_copy_to_superior")
        self.assertEqual((form.kind, form.opinion_letter_id), ("opinion_letter", letter.with_user(self.clerk)))
        with self.assertRaisesRegex(UserError, "issued"):
            self.confirm(form)
        letter.action_send(issued_date="2025-11-25")
        form = self.open_dialog(letter, "action_open_copy_to_superior")
        form.sent_date = D(2025, 11, 26)
        self.confirm(form)
        self.assertTrue(letter.copied_to_superior)
        self.assertEqual(letter.superior_copy_ids.superior_id, self.superior)


class TestCaseFormShowsTheNewFacts(WizardCase):
    """The case form carries the facts and lists of the recent models, and their buttons."""

    def test_fields_and_buttons_on_the_forms(self):
        result = self.env["fuyi.reconsideration"].with_user(self.clerk).get_views([[False, "form"]])
        root = etree.fromstring(result["views"]["form"]["arch"])
        names = {node.get("name") for node in root.iter("field")}
        for name in ("reply_date", "reply_summary", "reply_late", "reply_attachment_ids", "no_reply_proposal",
                     "lodged_with_agency", "act_electronic_monitoring", "agency_received_date", "forwarded_date",
                     "forwarded_to_id", "forward_note", "forwarded_late", "mediation_agreement",
                     "mediation_signed_party_ids", "act_failure_to_act", "compensation_claimed", "burden_warning",
                     "reconsideration_first", "sue_by_date", "evidence_ids", "inspection_ids", "normative_review_ids",
                     "superior_copy_ids", "decision_effective_date", "superior_copy_missing"):
            self.assertIn(name, names)
        buttons = {node.get("name"): node for node in root.iter("button")}
        for name in ("action_open_accept", "action_propose_no_reply_consequence", "action_open_record_inspection",
                     "action_open_request_normative_review", "action_open_copy_to_superior"):
            self.assertIn("invisible", json.loads(buttons[name].get("fz-modifiers")), name)
        partner = self.env["res.partner"].with_user(self.clerk).get_views(
            [[self.env.ref("fuyi_case.res_partner_view_form_fuyi").id, "form"]])
        self.assertIn('name="superior_department_id"', partner["views"]["form"]["arch"])
        letter = self.env["fuyi.opinion.letter"].with_user(self.clerk).get_views([[False, "form"]])
        self.assertIn('name="action_open_create_document"', letter["views"]["form"]["arch"])
        evidence = self.env["fuyi.evidence"].with_user(self.clerk).get_views([[False, "form"]])
        for name in ("action_open_verify", "action_open_allow_supplement"):
            self.assertIn('name="%s"' % name, evidence["views"]["form"]["arch"])

    @freeze_time("2025-11-03 09:00:00")
    def test_propose_no_reply_consequence_from_the_form(self):
        case = self.accepted_case()
        service_id = case.action_send_copy_to_respondent(date="2025-10-10")
        self.env["fuyi.service"].browse(service_id).action_mark_served(date="2025-10-13")
        self.assertTrue(case.with_user(self.clerk).action_propose_no_reply_consequence())
        self.assertEqual(case.no_reply_proposal, "revoke")
