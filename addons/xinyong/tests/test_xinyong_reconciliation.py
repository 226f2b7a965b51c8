from flectra.exceptions import AccessError, UserError

from .common import XinyongCommon


class TestReconciliation(XinyongCommon):
    """exchange_reconcile stores each run, with the keys of each difference linked to their outbox rows."""

    def setUp(self):
        super().setUp()
        self.Outbox = self.env["xinyong.outbox"].with_user(self.exchange)
        records = [self.determine(self.new_record(), number="县发改信〔2026〕%s号" % n) for n in (1, 2, 3)]
        self.kept, self.lost, self.pending = [record.outbox_ids for record in records]
        for row in (self.kept, self.lost):
            self.Outbox.exchange_acknowledge(row.idempotency_key, "P-%s" % row.id)

    def reconcile(self, held):
        summary = self.Outbox.exchange_reconcile(held)
        return summary, self.env["xinyong.reconciliation"].browse(summary["reconciliation_id"])

    def test_a_run_is_stored_with_the_right_sets(self):
        held = [self.kept.idempotency_key, self.pending.idempotency_key, "STRANGER-1"]
        summary, run = self.reconcile(held)
        self.assertEqual(run.user_id, self.exchange)
        self.assertEqual((run.held_count, run.acknowledged_count, run.missing_count, run.unknown_count,
                          run.unacknowledged_count), (3, 2, 1, 1, 1))
        lines = {(line.kind, line.key): line.outbox_id for line in run.line_ids}
        self.assertEqual(lines, {("missing_on_platform", self.lost.idempotency_key): self.lost,
                                 ("unknown_to_us", "STRANGER-1"): self.env["xinyong.outbox"],
                                 ("held_not_acknowledged", self.pending.idempotency_key): self.pending})
        self.assertEqual(summary["missing_on_platform"], [self.lost.idempotency_key])
        self.assertEqual(summary["unknown_to_us"], ["STRANGER-1"])
        self.assertEqual((summary["held"], summary["acknowledged"]), (3, 2))

    def test_each_call_is_a_new_run(self):
        _summary, first = self.reconcile([self.kept.idempotency_key, self.lost.idempotency_key])
        _summary, second = self.reconcile([self.kept.idempotency_key, self.lost.idempotency_key])
        self.assertNotEqual(first, second)
        self.assertFalse(first.line_ids, "both sides agree")

    def test_requeue_sends_the_same_key_again_and_no_second_row(self):
        _summary, run = self.reconcile([self.kept.idempotency_key])
        line = run.line_ids.filtered(lambda l: l.kind == "missing_on_platform")
        key, rows_before = self.lost.idempotency_key, self.env["xinyong.outbox"].search_count([])
        line.with_user(self.manager).action_requeue()
        self.assertEqual((self.lost.state, self.lost.idempotency_key), ("queued", key))
        self.assertEqual(self.env["xinyong.outbox"].search_count([]), rows_before)
        self.assertEqual(line.requeued_by, self.manager)
        self.assertIn(key, [row["key"] for row in self.Outbox.exchange_pending()])
        self.assertEqual(self.Outbox.exchange_acknowledge(key, "P-again"), "acknowledged")
        self.assertEqual(self.lost.state, "acknowledged")

    def test_requeue_only_by_a_manager_and_only_for_missing_keys(self):
        _summary, run = self.reconcile([self.kept.idempotency_key, "STRANGER-2"])
        missing = run.line_ids.filtered(lambda l: l.kind == "missing_on_platform")
        unknown = run.line_ids.filtered(lambda l: l.kind == "unknown_to_us")
        for user in (self.office, self.exchange):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                missing.with_user(user).action_requeue()
        with self.assertRaises(UserError):
            unknown.with_user(self.manager).action_requeue()
        self.assertEqual(self.lost.state, "acknowledged")

    def test_who_and_when_are_the_servers(self):
        run = self.env["xinyong.reconciliation"].with_user(self.exchange).create(
            {"user_id": self.manager.id, "run_at": "2020-01-01 00:00:00"})
        self.assertEqual(run.user_id, self.exchange)
        self.assertNotEqual(str(run.run_at), "2020-01-01 00:00:00")

    def test_runs_are_never_changed_or_deleted(self):
        _summary, run = self.reconcile([])
        for user in (self.manager, self.exchange):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                run.with_user(user).write({"held_count": 99})
        with self.assertRaises(UserError):
            run.unlink()

    def test_exchange_user_reads_its_runs_and_nothing_else(self):
        _summary, run = self.reconcile([self.kept.idempotency_key])
        self.assertEqual(self.env["xinyong.reconciliation"].with_user(self.exchange).search([]), run)
        self.assertTrue(run.with_user(self.exchange).line_ids.read(["key", "kind"]))
        for model in ("xinyong.default.record", "xinyong.default.record.version", "xinyong.promise",
                      "xinyong.obligation", "xinyong.repair", "xinyong.disclosure", "fuyi.case", "fuyi.document",
                      "fuyi.case.party"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.exchange).search([])
        with self.assertRaises(AccessError):
            self.env["xinyong.reconciliation"].with_user(self.liaison).search([])

    def test_credit_office_sees_every_run(self):
        _summary, run = self.reconcile([])
        self.assertIn(run, self.env["xinyong.reconciliation"].with_user(self.office).search([]))
        with self.assertRaises(AccessError):
            self.env["xinyong.outbox"].with_user(self.office).exchange_reconcile([])
