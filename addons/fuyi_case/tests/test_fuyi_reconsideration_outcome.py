import datetime

from flectra.exceptions import UserError
from flectra.tests import new_test_user

from .common import FuyiCaseCommon

D = datetime.date


class TestRoutingOnCases(FuyiCaseCommon):

    def test_r23_small_penalty_routed_simple_with_the_rule_recorded(self):
        case = self.new_case("2025-09-26", act_amount=2800)
        case.action_accept(date="2025-10-10")
        self.assertEqual((case.procedure, case.routing_rule, case.routing_article),
                         ("simple", "small_amount", "ARL Art. 53 para 1 (3)"))
        self.assertEqual(self.deadline(case, "decision").length, 30)

    def test_r24_larger_penalty_routed_ordinary(self):
        case = self.new_case("2025-09-26", act_amount=3000.01)
        case.action_accept(date="2025-10-10")
        self.assertEqual(case.procedure, "ordinary")
        self.assertEqual(self.deadline(case, "decision").due_date, D(2025, 12, 9))

    def test_complex_case_requires_hearing_and_committee(self):
        case = self.new_case("2025-09-26", complexity_factors="group_dispute,evidence_doubts,complex_legal")
        case.action_accept(date="2025-10-10")
        self.assertTrue(case.hearing_required and case.committee_required)
        self.assertEqual(case.procedure, "ordinary")

    def test_override_needs_a_lead_and_a_reason(self):
        case = self.new_case("2025-09-26", act_amount=50000)
        with self.assertRaises(UserError):
            case.with_user(self.clerk).action_override_routing("simple", "small dispute")
        lead = new_test_user(self.env, login="fuyi_lead", groups="fuyi_case.fuyi_case_group_lead")
        with self.assertRaises(UserError):
            case.with_user(lead).action_override_routing("simple", "")
        case.with_user(lead).action_override_routing("simple", "all facts admitted")
        case.action_accept(date="2025-10-10")
        self.assertEqual((case.procedure, case.routing_rule), ("simple", "override"))

    def test_conversion_to_ordinary_gives_60_days_from_the_original_acceptance(self):
        """Art. 55; the limit runs from the original acceptance (reconsideration.md §13 default)."""
        case = self.new_case("2025-09-26", act_amount=100)
        case.action_accept(date="2025-10-10")
        lead = new_test_user(self.env, login="fuyi_lead2", groups="fuyi_case.fuyi_case_group_lead")
        with self.assertRaises(UserError):
            case.with_user(self.clerk).action_convert_to_ordinary("unsuitable")
        case.with_user(lead).action_convert_to_ordinary("evidence disputed")
        decision = self.deadline(case, "decision")
        self.assertEqual((case.procedure, decision.due_date, decision.extension_cap), ("ordinary", D(2025, 12, 9), 30))


class TestOutcomes(FuyiCaseCommon):

    def accepted_case(self, **values):
        case = self.new_case("2025-09-26", **values)
        case.action_accept(date="2025-10-10", procedure="ordinary")
        return case

    def test_decision_in_time_closes_the_clock(self):
        case = self.accepted_case()
        case.action_decide("revoke", date="2025-12-01", summary="撤销罚款决定", performance_days=30)
        self.assertEqual((case.state, case.decision_article, case.decided_on_time), ("decided", "ARL Art. 64", True))
        self.assertEqual(case.case_id.deadline_ids.filtered(lambda d: d.kind == "decision").state, "done")

    def test_late_decision_is_recorded_as_missed(self):
        case = self.accepted_case()
        case.action_decide("uphold", date="2025-12-10")
        self.assertFalse(case.decided_on_time)
        self.assertEqual(case.case_id.deadline_ids.filtered(lambda d: d.kind == "decision").state, "missed")

    def test_cannot_decide_an_unaccepted_case(self):
        case = self.new_case("2025-09-26")
        with self.assertRaises(UserError) as ctx:
            case.action_decide("uphold")
        self.assertIn("ARL Art. 61", str(ctx.exception))

    def test_suspension_stops_the_decision_clock(self):
        case = self.accepted_case()
        case.action_suspend("6", date="2025-10-20")
        self.assertEqual(case.state, "suspended")
        case.action_resume(date="2025-11-19")
        self.assertEqual(case.state, "accepted")
        self.assertEqual(self.deadline(case, "decision").due_date, D(2026, 1, 8))

    def test_r19_termination_after_60_days_of_suspension(self):
        case = self.accepted_case()
        case.action_suspend("1", date="2025-10-20")
        with self.assertRaises(UserError):
            case.action_terminate("long_suspension", date="2025-12-18")
        case.action_terminate("long_suspension", date="2025-12-19")
        self.assertEqual(case.state, "terminated")

    def test_r19_full_days_reading_is_configurable(self):
        self.env["ir.config_parameter"].set_param("fuyi_case.suspension_full_days", "1")
        case = self.accepted_case()
        case.action_suspend("2", date="2025-10-20")
        with self.assertRaises(UserError):
            case.action_terminate("long_suspension", date="2025-12-19")
        case.action_terminate("long_suspension", date="2025-12-20")

    def test_long_suspension_termination_needs_the_right_ground(self):
        case = self.accepted_case()
        case.action_suspend("6", date="2025-10-20")
        with self.assertRaises(UserError):
            case.action_terminate("long_suspension", date="2026-01-20")

    def test_mediation_and_withdrawal_close_the_case(self):
        mediated = self.accepted_case()
        mediated.action_mediate(date="2025-11-01")
        self.assertEqual(mediated.state, "mediated")
        self.assertFalse(mediated.case_id.deadline_ids.filtered(lambda d: d.state == "open"))
        withdrawn = self.accepted_case()
        withdrawn.action_withdraw(date="2025-11-02")
        self.assertEqual((withdrawn.state, withdrawn.terminate_ground), ("withdrawn", "withdrawn"))

    def test_statistics_from_case_facts(self):
        revoked = self.accepted_case()
        revoked.action_decide("revoke", date="2025-11-01")
        upheld = self.accepted_case()
        upheld.action_decide("uphold", date="2025-12-20")
        mediated = self.accepted_case()
        mediated.action_mediate(date="2025-11-03")
        self.accepted_case()
        rejected = self.new_case("2025-09-26")
        rejected.action_reject("scope", date="2025-10-09")
        figures = self.env["fuyi.reconsideration"].get_statistics("2025-09-01", "2025-09-30", self.agency.id)
        self.assertEqual((figures["received"], figures["accepted"], figures["closed"]), (5, 4, 4))
        self.assertEqual(figures["correction_rate"], 0.25)
        self.assertEqual(figures["mediation_rate"], 0.25)
        self.assertEqual(figures["on_time_rate"], 0.5)
        self.assertEqual(set(figures["case_ids"]), set((revoked | upheld | mediated | rejected).ids) | {
            c.id for c in self.env["fuyi.reconsideration"].search([]) if c.state == "accepted"})
