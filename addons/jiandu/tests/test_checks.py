"""File checks and enforcement periods: worked examples E1–E10 and E12 of enforcement_supervision.md."""
import datetime

from flectra.tests import BaseCase
from flectra.addons.fuyi_case.tests.test_workdays import table_calendar

from ..tools import checks, enforcement_periods
from ..tools.checks import Certificate, DecisionFacts

D = datetime.date


class TestEnforcementPeriods(BaseCase):
    """E1–E7, each in both readings: adjusted working weekends count (default) and Mon–Fri."""

    def setUp(self):
        super().setUp()
        self.adj = table_calendar()
        self.monfri = table_calendar(adjusted_workday_counts=False)

    def assertDue(self, kind, start, adj, monfri):
        self.assertEqual(enforcement_periods.due(self.adj, kind, start).date, adj, "adjusted weekends count")
        self.assertEqual(enforcement_periods.due(self.monfri, kind, start).date, monfri, "Mon–Fri reading")

    def test_e1_penalty_decision_published_within_7_working_days(self):
        self.assertDue("publish_penalty", D(2025, 9, 26), D(2025, 10, 13), D(2025, 10, 15))

    def test_e2_other_decision_published_within_20_working_days(self):
        self.assertDue("publish_other", D(2025, 9, 26), D(2025, 10, 30), D(2025, 11, 3))

    def test_e3_revoked_publication_withdrawn_within_3_working_days(self):
        self.assertDue("withdraw_publication", D(2026, 2, 12), D(2026, 2, 24), D(2026, 2, 25))

    def test_e4_hearing_requested_within_5_working_days(self):
        self.assertDue("hearing_request", D(2026, 4, 30), D(2026, 5, 11), D(2026, 5, 12))

    def test_e5_hearing_notified_7_working_days_before(self):
        self.assertDue("hearing_notice", D(2026, 5, 20), D(2026, 5, 11), D(2026, 5, 11))

    def test_e6_decision_within_90_calendar_days_rolls_over_the_holiday(self):
        due = enforcement_periods.due(self.adj, "decision", D(2025, 11, 20))
        self.assertEqual(due.date, D(2026, 2, 24))
        self.assertTrue(any("2026-02-18" in step for step in due.steps))

    def test_e7_decision_served_within_7_working_days(self):
        self.assertDue("service", D(2026, 2, 13), D(2026, 3, 2), D(2026, 3, 4))


class TestOfficerChecks(BaseCase):

    def test_e10_certificate_expired_before_the_inspection_fails(self):
        """E10: certificate expired 2026-03-31, inspection on 2026-04-02."""
        certificate = Certificate("ZF-001", expiry_date=D(2026, 3, 31))
        self.assertIn("expired", checks.certificate_problem(certificate, D(2026, 4, 2)))
        self.assertIsNone(checks.certificate_problem(certificate, D(2026, 3, 31)))

    def test_suspended_missing_or_out_of_scope_certificates_fail(self):
        self.assertEqual(checks.certificate_problem(None, D(2026, 1, 5)), "no certificate")
        self.assertIn("suspended", checks.certificate_problem(Certificate("X", "suspended"), D(2026, 1, 5)))
        scoped = Certificate("X", categories=frozenset({"market"}))
        self.assertIn("does not cover", checks.certificate_problem(scoped, D(2026, 1, 5), "environment"))
        self.assertIsNone(checks.certificate_problem(scoped, D(2026, 1, 5), "market"))

    def test_e8_one_officer_on_a_penalty_is_the_art_42_veto(self):
        failures = checks.officer_failures([("张三", Certificate("ZF-001"))], D(2026, 3, 2))
        self.assertEqual([(f.code, f.article) for f in failures], [("fewer_than_two_officers", "APL Art. 42")])

    def test_two_officers_one_expired_leaves_one_qualified(self):
        failures = checks.officer_failures([("张三", Certificate("ZF-001")),
                                            ("李四", Certificate("ZF-002", expiry_date=D(2026, 3, 31)))],
                                           D(2026, 4, 2))
        self.assertEqual({f.code for f in failures}, {"unqualified_officer", "fewer_than_two_officers"})
        ok = checks.officer_failures([("张三", Certificate("ZF-001")), ("李四", Certificate("ZF-002"))],
                                     D(2026, 4, 2))
        self.assertEqual(ok, [])


class TestLegalReviewAndPrescription(BaseCase):

    def test_e9_licence_revoked_after_hearing_without_legal_review(self):
        """E9: APL Art. 58 para 1 item (2): the decision should not have been made."""
        (failure,) = checks.legal_review_failures(DecisionFacts(major_rights_with_hearing=True))
        self.assertEqual((failure.code, failure.article), ("no_legal_review", "APL Art. 58 para 1 (2)"))
        self.assertEqual(checks.legal_review_failures(DecisionFacts(major_rights_with_hearing=True,
                                                                    legal_review_done=True)), [])
        self.assertEqual(checks.legal_review_failures(DecisionFacts()), [])

    def test_e12_discovered_two_years_and_a_day_later_is_time_barred(self):
        (failure,) = checks.prescription_failures(D(2024, 3, 10), D(2026, 3, 11))
        self.assertEqual(failure.code, "prescription_expired")
        self.assertEqual(checks.prescription_failures(D(2024, 3, 10), D(2026, 3, 10)), [])

    def test_harm_to_life_or_finance_extends_prescription_to_five_years(self):
        self.assertEqual(checks.prescription_failures(D(2024, 3, 10), D(2026, 3, 11), True), [])
        self.assertTrue(checks.prescription_failures(D(2024, 3, 10), D(2029, 3, 11), True))


class TestCitations(BaseCase):

    def test_enforcement_laws_are_cited_in_chinese(self):
        from ..tools.citations import cite_zh
        self.assertEqual(cite_zh("APL Art. 58 para 1 (2)"), "《行政处罚法》第五十八条第一款第二项")
        self.assertEqual(cite_zh("APL Art. 42"), "《行政处罚法》第四十二条")
        self.assertEqual(cite_zh("3S-2018; APL Art. 85"), "国办发〔2018〕118号；《行政处罚法》第八十五条")
        self.assertEqual(cite_zh("ACL Art. 69"), "《行政强制法》第六十九条")
