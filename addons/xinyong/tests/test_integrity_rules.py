"""The worked examples I1-I11 of integrity.md and the data-quality gate, as pure rules (no database)."""
import datetime
from decimal import Decimal

from flectra.addons.fuyi_case.tests.pure import PureCase
from flectra.addons.fuyi_case.tests.test_workdays import table_calendar

from ..tools import integrity as rules

D = datetime.date


def uscc(first17):
    from flectra.addons.fuyi_case.tools import identifiers
    return first17 + identifiers.uscc_check_char(first17)


def record(**changes):
    values = {"record_id": "XY-1", "version": 1, "entity_name": "某县住房和城乡建设局",
              "entity_uscc": uscc("11410421MB1234567"), "counterparty_name": "某建筑有限公司",
              "counterparty_uscc": uscc("91410421MA1234567"), "default_type": "payment_arrears", "amount": 1000000.0,
              "determining_department": "某县发展和改革委员会", "determination_number": "县发改信〔2026〕1号",
              "determination_date": "2026-04-10", "status": "determined", "published": True,
              "publication_start": "2026-04-10", "publication_end": "2027-04-10"}
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


class TestSmePayment(PureCase):

    def setUp(self):
        super().setUp()
        self.calendar = table_calendar()

    def test_i1_organ_pays_within_30_days_contract_at_most_60(self):
        term = rules.sme_payment_term(self.calendar, D(2025, 12, 15))
        self.assertEqual(term.due, D(2026, 1, 14))
        self.assertEqual(term.max_due, D(2026, 2, 13))
        self.assertEqual(rules.sme_payment_term(self.calendar, D(2025, 12, 15), agreed_days=60).due, D(2026, 2, 13))
        error = self.assertError(rules.IntegrityError, rules.sme_payment_term, self.calendar, D(2025, 12, 15),
                                 agreed_days=61)
        self.assertEqual(error.code, "agreed_too_long")

    def test_large_enterprise_60_days_by_default(self):
        term = rules.sme_payment_term(self.calendar, D(2025, 12, 15), payer=rules.LARGE_ENTERPRISE)
        self.assertEqual((term.due, term.max_due), (D(2026, 2, 13), None))

    def test_i2_late_interest_without_agreed_rate(self):
        self.assertEqual(rules.late_interest(100000, 20), Decimal("1000.00"))
        self.assertEqual(rules.late_interest(100000, 0), Decimal("0.00"))
        self.assertEqual(rules.late_interest(100000, 20, daily_rate="0.0001"), Decimal("200.00"))
        self.assertEqual(rules.days_late(D(2026, 1, 14), D(2026, 2, 3)), 20)

    def test_agreed_rate_not_below_lpr(self):
        self.assertTrue(rules.check_agreed_rate("0.031", "0.030"))
        self.assertEqual(self.assertError(rules.IntegrityError, rules.check_agreed_rate, "0.02", "0.030").code,
                         "rate_below_lpr")

    def test_i3_complaint_transferred_within_10_working_days(self):
        self.assertEqual(rules.complaint_transfer_due(self.calendar, D(2026, 1, 26)).date, D(2026, 2, 9))

    def test_i4_result_within_30_days_at_most_90_rolled(self):
        due, longest = rules.complaint_result_due(self.calendar, D(2026, 2, 9))
        self.assertEqual(due.date, D(2026, 3, 11))
        self.assertEqual(longest.date, D(2026, 5, 11))   # Sun 05-10 rolls to Monday

    def test_i11_annual_disclosure_by_31_march(self):
        self.assertEqual(rules.annual_disclosure_due(2025), D(2026, 3, 31))


class TestDetermination(PureCase):

    def test_i5_refusal_citing_previous_leadership_is_a_default(self):
        self.assertFalse(rules.refusal_is_excused("personnel_change"))
        self.assertEqual(rules.determination(True, rectified=False, refusal_reason="personnel_change"), "determined")
        self.assertEqual(rules.determination(True), "rectification")
        self.assertEqual(rules.determination(True, rectified=True), "rectified")
        self.assertEqual(rules.determination(False), "untrue")


class TestPublication(PureCase):

    def test_i6_general_class(self):
        pub = rules.publication(rules.GENERAL, D(2026, 4, 10))
        self.assertEqual((pub.min_end, pub.max_end, pub.regime), (D(2026, 7, 10), D(2027, 4, 10), "REPAIR-2026"))
        self.assertEqual(pub.earliest_repair, D(2026, 7, 11))   # 届满后, strict reading (the default)
        self.assertEqual(rules.publication(rules.GENERAL, D(2026, 4, 10), strict_after_expiry=False).earliest_repair,
                         D(2026, 7, 10))

    def test_i7_serious_class(self):
        pub = rules.publication(rules.SERIOUS, D(2026, 4, 10))
        self.assertEqual((pub.min_end, pub.max_end), (D(2027, 4, 10), D(2029, 4, 10)))

    def test_i8_month_end_under_order_58(self):
        pub = rules.publication(rules.GENERAL, D(2025, 11, 30))
        self.assertEqual(pub.min_end, D(2026, 2, 28))
        self.assertEqual(pub.regime, "Order 58")
        self.assertEqual(pub.max_end, D(2028, 11, 30))   # Order 58: 3 years, not REPAIR-2026's 1 year

    def test_i9_minor_class_not_published_repair_on_performance(self):
        pub = rules.publication(rules.MINOR, D(2026, 5, 6))
        self.assertFalse(pub.published)
        self.assertEqual(pub.earliest_repair, D(2026, 5, 6))
        self.assertTrue(rules.check_repair_application(pub, D(2026, 5, 6), performed=True, commitment_signed=False))
        self.assertEqual(self.assertError(rules.IntegrityError, rules.check_repair_application, pub, D(2026, 5, 6),
                                          performed=False, commitment_signed=True).code, "not_performed")

    def test_repair_before_earliest_date_refused(self):
        pub = rules.publication(rules.GENERAL, D(2026, 4, 10))
        error = self.assertError(rules.IntegrityError, rules.check_repair_application, pub, D(2026, 7, 10),
                                 performed=True, commitment_signed=True)
        self.assertEqual(error.code, "too_early")
        self.assertTrue(rules.check_repair_application(pub, D(2026, 7, 11), performed=True, commitment_signed=True))


class TestQualityGate(PureCase):

    def codes(self, rec):
        return {code for code, _message in rules.quality_errors(rec)}

    def test_a_complete_record_passes(self):
        self.assertEqual(rules.quality_errors(record()), [])

    def test_i10_missing_publication_end_rejected(self):
        self.assertIn("missing:publication_end", self.codes(record(publication_end=None)))

    def test_uscc_check_digit(self):
        good = uscc("11410421MB1234567")
        bad = good[:17] + ("0" if good[17] != "0" else "1")
        self.assertIn("uscc:entity_uscc", self.codes(record(entity_uscc=bad)))

    def test_mandatory_and_order_and_personal_data(self):
        self.assertIn("missing:determination_number", self.codes(record(determination_number="")))
        self.assertIn("publication_order", self.codes(record(publication_end="2026-01-01")))
        self.assertIn("extra_fields", self.codes(record(legal_representative_id="410421197001010008")))
        self.assertIn("personal:counterparty_name", self.codes(record(counterparty_name="张三 13800138000")))
        self.assertIn("missing:repair_date", self.codes(record(status="repaired")))

    def test_idempotency_key_stable_per_version(self):
        key = rules.idempotency_key("db-1", "XY-1", 1)
        self.assertEqual(key, rules.idempotency_key("db-1", "XY-1", 1))
        self.assertNotEqual(key, rules.idempotency_key("db-1", "XY-1", 2))
        self.assertNotEqual(key, rules.idempotency_key("db-2", "XY-1", 1))
