from freezegun import freeze_time
from lxml import etree

from flectra.exceptions import UserError

from ..tools import exchange_format
from .common import XinyongCommon


class TestOutbox(XinyongCommon):

    def setUp(self):
        super().setUp()
        self.record = self.determine(self.new_record())
        self.row = self.record.outbox_ids
        self.Outbox = self.env["xinyong.outbox"].with_user(self.exchange)

    def test_xml_payload_validates_against_the_shipped_xsd(self):
        document = etree.fromstring(self.row.payload_xml.encode())
        self.assertTrue(exchange_format.schema().validate(document))
        broken = self.row.payload_xml.replace(self.body.uscc, "NOT-A-USCC")
        with self.assertRaises(exchange_format.ExportError):
            exchange_format.validate_xml(broken.encode())

    def test_duplicate_acknowledgement_changes_nothing(self):
        key = self.row.idempotency_key
        self.assertEqual(self.Outbox.exchange_acknowledge(key, "P-1"), "acknowledged")
        self.assertEqual(self.Outbox.exchange_acknowledge(key, "P-1"), "duplicate")
        self.assertEqual((self.row.state, self.row.duplicate_acks, self.row.platform_reference),
                         ("acknowledged", 1, "P-1"))
        self.assertEqual(self.Outbox.exchange_reject(key, "late"), "ignored")
        self.assertFalse(self.Outbox.exchange_pending())

    def test_rejection_keeps_the_reason_and_becomes_a_task(self):
        before = len(self.record.activity_ids)
        self.Outbox.exchange_reject(self.row.idempotency_key, "统一社会信用代码与登记不符")
        self.assertEqual((self.row.state, self.row.platform_reason), ("rejected", "统一社会信用代码与登记不符"))
        self.record.invalidate_recordset(["activity_ids"])
        self.assertEqual(len(self.record.activity_ids), before + 1)
        self.assertIn("统一社会信用代码与登记不符", self.record.activity_ids[-1].summary)
        self.assertFalse(self.Outbox.exchange_pending())

    def test_failure_backs_off_then_is_due_again(self):
        with freeze_time("2026-04-10 08:00:00"):
            self.Outbox.exchange_mark_sent([self.row.idempotency_key])
            self.assertEqual(self.row.attempts, 1)
            self.assertFalse(self.Outbox.exchange_pending())     # leased while the answer is awaited
            self.assertEqual(self.Outbox.exchange_fail(self.row.idempotency_key, "HTTP 500"), "retry")
            self.assertEqual(self.row.state, "queued")
            self.assertFalse(self.Outbox.exchange_pending())     # backing off
        with freeze_time("2026-04-10 08:00:31"):
            self.assertEqual(len(self.Outbox.exchange_pending()), 1)

    def test_sent_row_without_answer_is_due_again_after_its_lease(self):
        with freeze_time("2026-04-10 08:00:00"):
            self.Outbox.exchange_mark_sent([self.row.idempotency_key], lease_seconds=60)
        with freeze_time("2026-04-10 08:01:01"):
            self.assertEqual([p["key"] for p in self.Outbox.exchange_pending()], [self.row.idempotency_key])

    def test_unparseable_answer_becomes_a_task(self):
        before = len(self.record.activity_ids)
        self.Outbox.exchange_fail(self.row.idempotency_key, "answer is not JSON: <html>", task=True)
        self.record.invalidate_recordset(["activity_ids"])
        self.assertEqual(len(self.record.activity_ids), before + 1)

    def test_unknown_key_refused(self):
        with self.assertRaises(UserError):
            self.Outbox.exchange_acknowledge("no-such-key")

    def test_reconciliation_lists_differences(self):
        key = self.row.idempotency_key
        self.Outbox.exchange_acknowledge(key)
        self.assertEqual(self.Outbox.exchange_reconcile([key])["missing_on_platform"], [])
        report = self.Outbox.exchange_reconcile(["foreign"])
        self.assertEqual((report["missing_on_platform"], report["unknown_to_us"]), ([key], ["foreign"]))
