"""Worked examples of reconsideration.md checked on the case model (the pure day counting is in test_periods)."""
import base64
import datetime
import io

import docx
from freezegun import freeze_time

from .common import FuyiCaseCommon

D = datetime.date


class TestWorkedExamplesOnCases(FuyiCaseCommon):

    def test_r14_simple_decision_rolls_over_the_weekend(self):
        """R14: accepted Fri 2025-12-26, simple, 30 days → raw Sun 2026-01-25 → Mon 2026-01-26."""
        case = self.new_case("2025-12-22")
        case.action_accept(date="2025-12-26", procedure="simple")
        self.assertEqual(self.deadline(case, "decision").due_date, D(2026, 1, 26))

    def test_r16_application_period_ends_on_an_adjusted_working_saturday(self):
        """R16: act served Tue 2025-12-16 → 60 days → Sat 2026-02-14, an adjusted working day: no roll-over."""
        case = self.new_case("2026-02-14", act_known_date="2025-12-16")
        self.assertEqual(case.application_due_date, D(2026, 2, 14))
        self.assertFalse(case.application_late)

    def test_r17_latest_hearing_notice_on_the_model(self):
        """R17: hearing Thu 2026-02-26 → notice by Thu 2026-02-12 (ARL Art. 51 para 1)."""
        case = self.new_case("2026-01-05")
        case.action_accept(date="2026-01-09", procedure="ordinary")
        hearing = self.env["fuyi.hearing"].create({"reconsideration_id": case.id,
                                                   "hearing_date": "2026-02-26 01:30:00"})
        self.assertEqual(hearing.latest_notice_date, D(2026, 2, 12))

    def test_r20_forward_deadline_on_the_model(self):
        """R20: on-the-spot penalty, application received by the agency Tue 2025-09-30 → forward by Tue 2025-10-14."""
        case = self.new_case("2025-09-30", lodged_with_agency=True, act_on_the_spot=True,
                             agency_received_date="2025-09-30")
        self.assertEqual(self.deadline(case, "forward").due_date, D(2025, 10, 14))
        self.assertEqual(self.deadline(case, "forward").legal_basis, "ARL Art. 32")

    def test_routing_hints_warning_and_complex_licence_revocation(self):
        """Routing hints: a warning is simple-eligible; a licence revocation with three hearing-worthy
        factors is ordinary with hearing and committee required (Arts. 50, 52 (1), 53)."""
        warning = self.new_case("2025-09-26", act_sanction="warning")
        warning.action_route()
        self.assertEqual((warning.procedure, warning.routing_rule), ("simple", "warning"))
        licence = self.new_case("2025-09-26", act_description="吊销许可证",
                                complexity_factors="group_dispute, evidence_doubts, complex_legal")
        licence.action_route()
        self.assertEqual((licence.procedure, licence.hearing_required, licence.committee_required),
                         ("ordinary", True, True))

    def test_r21_suing_period_after_non_acceptance(self):
        """R21: reconsideration-first case, non-acceptance decision received Fri 2026-02-06 → 15 days → raw
        Sat 2026-02-21 (Spring Festival) → Tue 2026-02-24 (ARL Art. 34)."""
        case = self.new_case("2026-01-26", reconsideration_first=True)
        case.action_reject("late", "超过申请期限", date="2026-01-30")
        self.assertFalse(case.sue_by_date)                  # not received yet
        service = self.env["fuyi.service"].create({"case_id": case.case_id.id, "kind": "rejection_decision",
                                                   "recipient_id": self.applicant.id, "sent_date": "2026-02-03"})
        service.action_mark_served(date="2026-02-06")
        case.invalidate_recordset(["sue_by_date"])
        self.assertEqual(case.sue_by_date, D(2026, 2, 24))

    def test_suing_period_after_the_decision_period_ran_out(self):
        """Art. 34: time-out — 15 days from the end of the decision period (accepted 2025-10-10 → 2025-12-09)."""
        case = self.new_case("2025-09-26", reconsideration_first=True)
        case.action_accept(date="2025-10-10", procedure="ordinary")
        with freeze_time("2025-12-09 12:00:00"):
            case.invalidate_recordset(["sue_by_date"])
            self.assertFalse(case.sue_by_date)
        with freeze_time("2025-12-10 12:00:00"):
            case.invalidate_recordset(["sue_by_date"])
            self.assertEqual(case.sue_by_date, D(2025, 12, 24))

    def test_non_acceptance_decision_names_the_15_days_in_reconsideration_first_cases(self):
        case = self.new_case("2026-01-26", reconsideration_first=True)
        case.action_reject("late", "超过申请期限", date="2026-01-30")
        document = self.env["fuyi.document"].browse(case.action_create_document("rejection_decision"))
        raw = base64.b64decode(document.attachment_id.datas)
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(raw)).paragraphs)
        self.assertIn("自收到本决定书之日起十五日内，依法向人民法院提起行政诉讼", text)
        self.assertIn("第三十四条", text)
