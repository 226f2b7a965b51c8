from flectra.exceptions import AccessError

from .common import XinyongCommon


class TestIntegrityAccess(XinyongCommon):

    def setUp(self):
        super().setUp()
        self.mine = self.determine(self.new_record())
        self.theirs = self.determine(self.new_record(body=self.other_body), number="县发改信〔2026〕2号")

    def test_credit_office_sees_all(self):
        records = self.env["xinyong.default.record"].with_user(self.office).search([])
        self.assertTrue((self.mine | self.theirs) <= records.sudo())

    def test_a_body_sees_only_its_own_records(self):
        for model, mine, theirs in (
                ("xinyong.default.record", self.mine, self.theirs),
                ("xinyong.default.record.version", self.mine.version_ids, self.theirs.version_ids),
                ("fuyi.case", self.mine.case_id, self.theirs.case_id),
                ("fuyi.deadline", self.mine.case_id.deadline_ids, self.theirs.case_id.deadline_ids)):
            with self.subTest(model=model):
                self.assertTrue(mine and theirs)
                visible = self.env[model].with_user(self.liaison).search([])
                self.assertTrue(set(mine.ids) <= set(visible.ids), model)
                self.assertFalse(set(theirs.ids) & set(visible.ids), model)
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.liaison).read(["name"])
        with self.assertRaises(AccessError):
            self.mine.with_user(self.liaison).write({"title": "改"})

    def test_a_body_does_not_read_the_outbox(self):
        with self.assertRaises(AccessError):
            self.env["xinyong.outbox"].with_user(self.liaison).search([])

    def test_exchange_user_reads_only_the_outbox_and_writes_only_exchange_states(self):
        Outbox = self.env["xinyong.outbox"].with_user(self.exchange)
        self.assertEqual(len(Outbox.search([])), 2)
        for model in ("xinyong.default.record", "xinyong.promise", "xinyong.repair", "fuyi.case"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.exchange).search([])
        row = self.mine.outbox_ids
        with self.assertRaises(AccessError):
            row.with_user(self.exchange).write({"state": "acknowledged"})
        with self.assertRaises(AccessError):
            row.with_user(self.exchange).write({"payload_json": "{}"})
        pending = Outbox.exchange_pending()
        self.assertEqual({p["key"] for p in pending}, set((self.mine.outbox_ids | self.theirs.outbox_ids).mapped("idempotency_key")))
        self.assertEqual(Outbox.exchange_acknowledge(row.idempotency_key, "P-1"), "acknowledged")
        self.assertEqual(row.state, "acknowledged")

    def test_other_users_cannot_report_exchange_results(self):
        key = self.mine.outbox_ids.idempotency_key
        for user in (self.office, self.liaison):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["xinyong.outbox"].with_user(user).exchange_acknowledge(key)

    def test_a_body_applies_for_repair_of_its_own_records_only(self):
        from freezegun import freeze_time
        Repairs = self.env["xinyong.repair"]
        values = {"application_date": "2026-07-11", "performed": True, "commitment_signed": True}
        with self.assertRaises(AccessError):
            Repairs.with_user(self.liaison).create(dict(values, record_id=self.theirs.id))
        with freeze_time("2026-07-11"):
            repair = Repairs.with_user(self.liaison).create(dict(values, record_id=self.mine.id))
        self.assertEqual(repair.state, "applied")
        with self.assertRaises(AccessError):
            repair.with_user(self.liaison).write({"state": "granted"})
        with self.assertRaises(AccessError):
            repair.with_user(self.liaison).action_decide(True)
