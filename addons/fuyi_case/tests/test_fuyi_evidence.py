import datetime

from flectra.exceptions import AccessError, UserError, ValidationError
from flectra.tests import new_test_user

from ..models.fuyi_evidence import EVIDENCE_KINDS
from .common import FuyiCaseCommon

D = datetime.date


class EvidenceCase(FuyiCaseCommon):

    def setUp(self):
        super().setUp()
        self.case = self.new_case("2025-09-26")
        self.case.action_accept(date="2025-10-10", procedure="ordinary")
        service = self.env["fuyi.service"].browse(self.case.action_send_copy_to_respondent(date="2025-10-17"))
        service.action_mark_served(date="2025-10-20")      # reply due Mon 2025-11-03 (R7)
        self.Evidence = self.env["fuyi.evidence"]

    def item(self, **values):
        vals = {"reconsideration_id": self.case.id, "name": "现场检查笔录", "kind": "inspection_record",
                "submitted_by": "respondent", "submitter_id": self.agency.id, "submitted_date": "2025-11-03",
                "collected_date": "2025-08-20"}
        vals.update(values)
        return self.Evidence.create(vals)


class TestEvidenceRules(EvidenceCase):

    def test_the_eight_statutory_kinds(self):
        """ARL Art. 43 para 1 lists eight kinds."""
        self.assertEqual(len(EVIDENCE_KINDS), 8)
        self.assertIn("electronic", dict(EVIDENCE_KINDS))

    def test_respondent_evidence_after_the_reply_period_is_flagged_late(self):
        """ARL Arts. 48, 70: evidence is due with the reply (Mon 2025-11-03)."""
        on_time = self.item()
        late = self.item(name="询问笔录", kind="statement", submitted_date="2025-11-04")
        self.assertFalse(on_time.late)
        self.assertTrue(late.late)
        self.assertIn("2025-11-03", late.flag_explanation)
        applicant_late = self.item(name="缴款凭证", kind="documentary", submitted_by="applicant",
                                   submitter_id=self.applicant.id, submitted_date="2025-11-20")
        self.assertFalse(applicant_late.late)       # the applicant has no such period

    def test_evidence_the_respondent_collected_during_the_review_is_flagged(self):
        """ARL Art. 46 para 1: not a basis for the act's legality."""
        item = self.item(name="补充询问笔录", collected_date="2025-10-15", submitted_date="2025-10-30")
        self.assertTrue(item.self_collected)
        self.assertFalse(item.late)
        self.assertIn("Art. 46 para 1", item.flag_explanation)
        before = self.item(name="原始笔录", collected_date="2025-10-09", submitted_date="2025-10-30")
        self.assertFalse(before.self_collected)

    def test_supplementary_evidence_only_with_consent_after_new_reasons(self):
        """ARL Art. 46 para 2."""
        item = self.item(name="补充证据", collected_date="2025-11-10", submitted_date="2025-11-12")
        self.assertTrue(item.late and item.self_collected)
        with self.assertRaises(UserError):
            item.action_allow_supplement("")
        applicant_item = self.item(name="新证据", submitted_by="applicant", submitter_id=self.applicant.id)
        with self.assertRaises(UserError):
            applicant_item.action_allow_supplement("申请人提出新理由")
        item.action_allow_supplement("申请人在复议中提出了作出行政行为时未提出的新证据")
        self.assertFalse(item.late or item.self_collected)
        self.assertEqual(item.supplement_approved_by, self.env.user)

    def test_investigation_by_at_least_two_officers(self):
        """ARL Art. 45."""
        one = new_test_user(self.env, login="inv1", groups="fuyi_case.fuyi_case_group_clerk")
        two = new_test_user(self.env, login="inv2", groups="fuyi_case.fuyi_case_group_clerk")
        with self.assertRaises(ValidationError) as ctx:
            self.item(name="调查笔录", submitted_by="institution", submitter_id=False,
                      investigator_ids=[(6, 0, one.ids)])
        self.assertIn("Art. 45", str(ctx.exception))
        item = self.item(name="调查笔录", submitted_by="institution", submitter_id=False,
                         investigator_ids=[(6, 0, (one | two).ids)])
        self.assertEqual(len(item.investigator_ids), 2)

    def test_submitter_must_hold_the_role(self):
        with self.assertRaises(ValidationError):
            self.item(submitted_by="applicant", submitter_id=self.agency.id)

    def test_collected_after_submission_is_impossible(self):
        with self.assertRaises(ValidationError):
            self.item(collected_date="2025-11-05", submitted_date="2025-11-03")

    def test_flagged_evidence_is_admitted_only_with_a_reason(self):
        """ARL Art. 43 para 2: evidence is verified before it founds a decision."""
        late = self.item(submitted_date="2025-11-04")
        with self.assertRaises(UserError):
            late.action_verify(True)
        late.action_verify(False, "逾期提交")
        self.assertEqual(late.review_state, "excluded")
        fine = self.item(name="处罚决定书", kind="documentary")
        fine.action_verify(True)
        self.assertEqual(fine.review_state, "admitted")

    def test_applicant_burden_in_failure_to_act_cases(self):
        """ARL Art. 44 para 2 (1): the applicant proves the earlier request."""
        self.case.act_failure_to_act = True
        self.assertIn("Art. 44 para 2 (1)", self.case.burden_warning)
        self.item(name="履职申请书及邮寄凭证", kind="documentary", submitted_by="applicant",
                  submitter_id=self.applicant.id, proves_request=True)
        self.assertFalse(self.case.burden_warning)
        self.case.compensation_claimed = True
        self.assertFalse(self.case.burden_warning)


class TestInspection(EvidenceCase):

    def test_applicant_inspects_everything_but_secrets(self):
        """ARL Art. 47: inspection and copying, except secrets, privacy and security."""
        open_item = self.item(name="处罚决定书", kind="documentary")
        secret = self.item(name="举报人信息", kind="documentary", confidentiality="privacy")
        self.case.action_record_reply(date="2025-11-03")
        inspection = self.env["fuyi.evidence.inspection"].browse(
            self.case.action_record_inspection(self.applicant.id, date="2025-11-05", copied=True))
        self.assertEqual(inspection.evidence_ids, open_item)
        self.assertEqual(inspection.withheld_ids, secret)
        self.assertTrue(inspection.reply_included and inspection.copied)
        self.assertEqual(self.case.inspection_ids, inspection)
        self.assertTrue(any("1 shown, 1 withheld" in (m.body or "") for m in self.case.message_ids))

    def test_only_applicant_or_third_party_inspect(self):
        with self.assertRaises(ValidationError):
            self.case.action_record_inspection(self.agency.id, date="2025-11-05")

    def test_secrets_are_not_shown_and_open_items_not_withheld(self):
        open_item = self.item(name="处罚决定书", kind="documentary")
        secret = self.item(name="商业秘密材料", kind="documentary", confidentiality="commercial_secret")
        Inspection = self.env["fuyi.evidence.inspection"]
        base = {"reconsideration_id": self.case.id, "requester_id": self.applicant.id, "inspection_date": "2025-11-05"}
        with self.assertRaises(ValidationError):
            Inspection.create(dict(base, evidence_ids=[(6, 0, secret.ids)]))
        with self.assertRaises(ValidationError):
            Inspection.create(dict(base, withheld_ids=[(6, 0, open_item.ids)]))

    def test_no_inspection_before_acceptance(self):
        case = self.new_case("2025-09-26")
        with self.assertRaises(UserError):
            case.action_record_inspection(self.applicant.id)


class TestEvidenceAccess(EvidenceCase):

    def test_liaison_sees_own_agency_evidence_only(self):
        mine = self.item()
        other_case = self.new_case("2025-09-26", agency_id=self.other_agency.id,
                                   party_ids=[(0, 0, {"partner_id": self.other_agency.id, "role": "respondent"})])
        other = self.Evidence.create({"reconsideration_id": other_case.id, "name": "x", "submitted_by": "respondent",
                                      "submitted_date": "2025-10-01"})
        self.assertEqual(self.Evidence.with_user(self.liaison).search([]), mine.with_user(self.liaison))
        with self.assertRaises(AccessError):
            other.with_user(self.liaison).read(["name"])
        with self.assertRaises(AccessError):
            mine.with_user(self.liaison).write({"name": "改"})
        self.assertEqual(self.Evidence.with_user(self.clerk).search_count([]), 2)


class TestNormativeAndInspectionAccess(EvidenceCase):

    def test_liaison_sees_reviews_and_inspections_of_own_agency_only(self):
        review_id = self.case.action_request_normative_review("《某办法》", date="2025-10-21")
        inspection_id = self.case.action_record_inspection(self.applicant.id, date="2025-10-22")
        other_applicant = self.env["res.partner"].create({"name": "李四", "party_kind": "person"})
        other_case = self.new_case("2025-09-26", agency_id=self.other_agency.id,
                                   party_ids=[(0, 0, {"partner_id": other_applicant.id, "role": "applicant"}),
                                              (0, 0, {"partner_id": self.other_agency.id, "role": "respondent"})])
        other_case.action_accept(date="2025-10-10")
        other_review_id = other_case.action_request_normative_review("《另一办法》", date="2025-10-21")
        other_inspection_id = other_case.action_record_inspection(other_applicant.id, date="2025-10-22")
        Review = self.env["fuyi.normative.review"]
        self.assertEqual(sorted(Review.search([]).ids), sorted([review_id, other_review_id]))
        self.assertEqual(Review.with_user(self.liaison).search([]).ids, [review_id])
        with self.assertRaises(AccessError):
            Review.with_user(self.liaison).browse(review_id).write({"clause": "第一条"})
        # inspections (issue 11 item 10): the other agency's inspection exists but stays hidden
        Inspection = self.env["fuyi.evidence.inspection"]
        self.assertEqual(sorted(Inspection.search([]).ids), sorted([inspection_id, other_inspection_id]))
        self.assertEqual(Inspection.with_user(self.liaison).search([]).ids, [inspection_id])
        with self.assertRaises(AccessError):
            Inspection.with_user(self.liaison).browse(other_inspection_id).read(["inspection_date"])
