import json

from freezegun import freeze_time

from flectra.exceptions import AccessError, UserError, ValidationError

from .common import XinyongCommon, uscc


class TestDetermination(XinyongCommon):

    def test_record_gets_a_number_of_its_own_sequence(self):
        record = self.new_record()
        self.assertTrue(record.name.startswith("县信〔2026〕"))
        self.assertEqual(record.case_type, "default_record")

    def test_i5_refusal_citing_previous_leadership_becomes_a_determined_default(self):
        record = self.determine(self.new_record())
        self.assertEqual(record.state, "determined")
        self.assertEqual(record.refusal_reason, "personnel_change")
        self.assertEqual((str(record.publication_min_end), str(record.publication_end),
                          str(record.earliest_repair_date)), ("2026-07-10", "2027-04-10", "2026-07-11"))
        self.assertEqual(record.current_version, 1)
        self.assertEqual(len(record.outbox_ids), 1)
        self.assertEqual(record.outbox_ids.state, "queued")
        items = json.loads(record.outbox_ids.payload_json)
        self.assertEqual(items["status"], "determined")
        self.assertEqual(items["entity_uscc"], self.body.uscc)
        self.assertIn("<DeterminationNumber>县发改信〔2026〕1号</DeterminationNumber>", record.outbox_ids.payload_xml)
        # the body is notified with a to-do
        self.assertTrue(record.activity_ids.filtered(lambda a: a.user_id == self.liaison))

    def test_verified_untrue_closes_without_record(self):
        record = self.new_record().with_user(self.office)
        record.action_forward_for_verification(date="2026-04-02")
        self.assertTrue(record.case_id._deadline("verification"))
        record.action_verify(False, "已按合同付款")
        self.assertEqual(record.state, "untrue")
        self.assertFalse(record.outbox_ids)

    def test_rectified_closes_without_record(self):
        record = self.new_record().with_user(self.office)
        record.action_forward_for_verification(date="2026-04-02")
        record.action_verify(True, "属实", rectification_due="2026-04-20", date="2026-04-03")
        self.assertEqual(str(record.case_id._deadline("rectification").due_date), "2026-04-20")
        record.action_rectified()
        self.assertEqual(record.state, "rectified")
        self.assertFalse(record.version_ids)

    def test_only_a_manager_approves(self):
        record = self.new_record().with_user(self.office)
        record.action_forward_for_verification(date="2026-04-02")
        record.action_verify(True, "属实", rectification_due="2026-04-08", date="2026-04-03")
        record.action_refuse_rectification("funds")
        with self.assertRaises(AccessError):
            record.action_approve("县发改信〔2026〕2号", date="2026-04-10")
        self.assertEqual(record.state, "proposed")

    def test_state_cannot_be_written_directly(self):
        record = self.new_record()
        with self.assertRaises(AccessError):
            record.with_user(self.office).write({"state": "determined"})
        with self.assertRaises(AccessError):
            self.new_record(state="determined")

    def test_invalid_body_uscc_refuses_the_determination_and_queues_nothing(self):
        body = self.env["res.partner"].create({"name": "县某局", "party_kind": "agency"})
        record = self.new_record(body=body)
        with self.assertRaises(ValidationError) as refused:
            self.determine(record)
        self.assertIn("the body's unified social credit code is missing", str(refused.exception))
        with self.assertRaises(ValidationError) as refused_zh:
            record.with_context(lang="zh_CN")._new_version("determined")
        self.assertIn("缺少责任单位的统一社会信用代码", str(refused_zh.exception))
        self.assertFalse(self.env["xinyong.outbox"].search([("record_id", "=", record.id)]))

    def test_records_and_versions_are_never_deleted(self):
        record = self.determine(self.new_record())
        with self.assertRaises(UserError):
            record.sudo().unlink()
        with self.assertRaises(UserError):
            record.version_ids.sudo().unlink()
        with self.assertRaises(UserError):
            record.version_ids.sudo().write({"data": "{}"})

    def test_correction_is_a_new_version_with_a_new_key(self):
        record = self.determine(self.new_record())
        with self.assertRaises(UserError):
            record.with_user(self.office).write({"amount": 900000.0})
        version = record.with_user(self.office).action_correct({"amount": 900000.0}, "金额录入错误")
        self.assertEqual(version.version, 2)
        self.assertEqual(version.status, "corrected")
        keys = record.outbox_ids.mapped("idempotency_key")
        self.assertEqual(len(set(keys)), 2)
        self.assertEqual(json.loads(record.version_ids[0].data)["amount"], 1000000.0)
        self.assertEqual(json.loads(version.data)["amount"], 900000.0)


class TestRepair(XinyongCommon):

    def test_repair_before_the_earliest_date_is_refused(self):
        record = self.determine(self.new_record())
        with self.assertRaises(ValidationError) as refused:
            self.env["xinyong.repair"].with_user(self.liaison).create({
                "record_id": record.id, "application_date": "2026-07-10", "performed": True,
                "commitment_signed": True})
        self.assertIn("2026-07-11", str(refused.exception))

    def test_granted_repair_is_a_new_version_and_stops_publication(self):
        record = self.determine(self.new_record())
        repair = self.env["xinyong.repair"].with_user(self.liaison).create({
            "record_id": record.id, "application_date": "2026-07-11", "performed": True, "commitment_signed": True})
        repair.with_user(self.office).action_start_review("材料齐全")
        with self.assertRaises(AccessError):
            repair.with_user(self.office).action_decide(True)
        repair.with_user(self.manager).action_decide(True, "已付清", date="2026-07-15")
        self.assertEqual(record.state, "repaired")
        repaired = record.version_ids.filtered(lambda v: v.status == "repaired")
        items = json.loads(repaired.data)
        self.assertEqual((items["repair_date"], items["published"]), ("2026-07-15", False))
        self.assertEqual(len(record.outbox_ids), 2)

    def test_minor_record_repaired_on_performance(self):
        record = self.determine(self.new_record(published=False), klass="minor")
        self.assertFalse(record.published)
        self.assertEqual(str(record.earliest_repair_date), "2026-04-10")
        repair = self.env["xinyong.repair"].with_user(self.liaison).create({
            "record_id": record.id, "application_date": "2026-04-10", "performed": True})
        self.assertEqual(repair.state, "applied")


class TestObligations(XinyongCommon):

    def new_promise(self, **values):
        vals = {"name": "工程施工合同", "kind": "contract", "field": "government_investment", "body_id": self.body.id,
                "counterpart_id": self.sme.id, "counterpart_sme": True, "source": "contract",
                "source_reference": "HT-2025-01", "signed_date": "2025-10-01"}
        vals.update(values)
        return self.env["xinyong.promise"].with_user(self.office).create(vals)

    def test_i1_sme_payment_due_30_days_after_delivery(self):
        promise = self.new_promise()
        obligation = self.env["xinyong.obligation"].with_user(self.office).create({
            "promise_id": promise.id, "name": "进度款", "kind": "payment", "delivery_date": "2025-12-15",
            "amount": 100000.0})
        self.assertEqual(str(obligation.due_date), "2026-01-14")
        with self.assertRaises(ValidationError):
            obligation.write({"agreed_days": 61})

    def test_i2_overdue_payment_accrues_interest_and_warns(self):
        promise = self.new_promise()
        with freeze_time("2026-02-03"):
            obligation = self.env["xinyong.obligation"].with_user(self.office).create({
                "promise_id": promise.id, "name": "进度款", "kind": "payment", "delivery_date": "2025-12-15",
                "amount": 100000.0})
            self.assertEqual((obligation.warning_level, obligation.days_overdue), ("overdue", 20))
            self.assertAlmostEqual(obligation.accrued_interest, 1000.00, places=2)
            self.assertAlmostEqual(promise.amount_overdue, 100000.0)

    def test_monitoring_sweep_warns_once_per_level(self):
        promise = self.new_promise()
        with freeze_time("2026-01-10"):
            obligation = self.env["xinyong.obligation"].create({
                "promise_id": promise.id, "name": "进度款", "kind": "payment", "delivery_date": "2025-12-15",
                "amount": 100000.0})
            obligation.write({"warning_level": "none"})
            self.env["xinyong.obligation"]._cron_monitor()
            self.assertEqual(obligation.warning_level, "coming_due")
            self.assertEqual(len(promise.activity_ids), 1)
            self.env["xinyong.obligation"]._cron_monitor()
            self.assertEqual(len(promise.activity_ids), 1)
        with freeze_time("2026-01-20"):
            self.env["xinyong.obligation"]._cron_monitor()
            self.assertEqual(obligation.warning_level, "overdue")
            self.assertEqual(len(promise.activity_ids), 2)

    def test_counterpart_without_uscc_refused(self):
        company = self.env["res.partner"].create({"name": "无代码公司", "party_kind": "organisation"})
        with self.assertRaises(ValidationError):
            self.new_promise(counterpart_id=company.id)

    def test_invalid_uscc_refused_on_the_partner(self):
        bad = uscc("91410421MA1234567")
        bad = bad[:17] + ("0" if bad[17] != "0" else "1")
        with self.assertRaises(ValidationError):
            self.env["res.partner"].create({"name": "错码公司", "party_kind": "organisation", "uscc": bad})

    def test_i11_overdue_sme_contracts_of_2025_published_by_31_march(self):
        promise = self.new_promise()
        other = self.new_promise(name="另一合同", source_reference="HT-2025-02")
        Obligation = self.env["xinyong.obligation"]
        Obligation.create({"promise_id": promise.id, "name": "一期", "kind": "payment",
                           "delivery_date": "2025-11-03", "amount": 50000.0})            # due 2025-12-03, unpaid
        Obligation.create({"promise_id": promise.id, "name": "二期", "kind": "payment",
                           "delivery_date": "2025-11-10", "amount": 20000.0,
                           "performed_date": "2026-01-05", "paid_amount": 20000.0})      # paid only in 2026
        Obligation.create({"promise_id": other.id, "name": "尾款", "kind": "payment",
                           "delivery_date": "2025-11-20", "amount": 10000.0,
                           "performed_date": "2025-12-10", "paid_amount": 10000.0})      # paid in time
        report = Obligation.annual_disclosure(2025, self.body.id)
        self.assertEqual(report, {"year": 2025, "publish_by": "2026-03-31", "contracts": 1, "amount": 70000.0})


class TestUnperformedJudgments(XinyongCommon):
    """yingsu → xinyong without a dependency: effective judgments not performed in time raise records once."""

    def test_overdue_judgment_raises_one_record(self):
        if "yingsu.lawsuit" not in self.env:
            self.skipTest("yingsu is not installed")
        court = self.env["res.partner"].create({"name": "县人民法院", "party_kind": "organisation"})
        lawsuit = self.env["yingsu.lawsuit"].create({
            "date_received": "2025-11-03", "agency_id": self.body.id, "title": "工程款", "court_id": court.id,
            "court_case_number": "（2025）豫0421行初88号",
            "party_ids": [(0, 0, {"partner_id": self.sme.id, "role": "plaintiff", "is_primary": True}),
                          (0, 0, {"partner_id": self.body.id, "role": "defendant", "is_primary": True})]})
        judgment = self.env["yingsu.judgment"].create({
            "lawsuit_id": lawsuit.id, "outcome": "pay", "date": "2026-01-20", "final": True,
            "obligation": "支付工程款", "performance_due": "2026-03-01"})
        judgment.action_serve("2026-01-22")
        Records = self.env["xinyong.default.record"]
        with freeze_time("2026-02-27"):
            self.assertFalse(Records._collect_unperformed_judgments())
        with freeze_time("2026-03-02"):
            raised = Records._collect_unperformed_judgments()
            self.assertEqual(len(raised), 1)
            self.assertEqual((raised.state, raised.default_type, raised.source_reference, raised.counterpart_id),
                             ("received", "judgment_non_performance", "（2025）豫0421行初88号", self.sme))
            self.assertFalse(Records._collect_unperformed_judgments())
            with self.assertRaises(AccessError):
                Records.with_user(self.liaison).action_collect_unperformed_judgments()


class TestRepeatedDefaults(XinyongCommon):

    def test_bodies_with_more_than_one_determined_default_are_flagged(self):
        first = self.determine(self.new_record())
        self.assertFalse(first.repeated)
        second = self.determine(self.new_record(), number="县发改信〔2026〕2号")
        other = self.determine(self.new_record(body=self.other_body), number="县发改信〔2026〕3号")
        first.invalidate_recordset()
        self.assertTrue(first.repeated and second.repeated)
        self.assertEqual(first.body_default_count, 2)
        Records = self.env["xinyong.default.record"]
        self.assertEqual(set(Records.search([("repeated", "=", True)]).ids) & set((first | second | other).ids),
                         set((first | second).ids))
        self.assertIn(other, Records.search([("repeated", "=", False)]))


class TestNoticeDocument(XinyongCommon):

    def test_approval_issues_the_notice_to_the_body(self):
        import io

        import docx
        record = self.determine(self.new_record(title="拖欠工程款"))
        document = record.notice_document_id
        self.assertEqual((document.doc_type, document.state, document.recipient_id), (
            "default_determination", "issued", self.body))
        self.assertTrue(document.number.startswith("县司信告字〔2026〕"))
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(document.attachment_id.raw)).paragraphs)
        for expected in ("政务失信认定告知书", "县发改信〔2026〕1号", "拖欠账款失信行为", "2027年4月10日",
                         "2026年7月11日", "领导或人员变动"):
            self.assertIn(expected, text)
        # the body reads its issued notice, not another body's
        self.assertEqual(self.env["fuyi.document"].with_user(self.liaison).search(
            [("id", "=", document.id)]), document.with_user(self.liaison))
        self.assertFalse(self.env["fuyi.document"].with_user(self.other_liaison).search([("id", "=", document.id)]))

    def test_dates_in_a_year_without_a_loaded_calendar_are_provisional(self):
        """integrity.md note on I6-I8: computed all the same, shown as provisional."""
        record = self.determine(self.new_record(), klass="serious")   # ends 2029-04-10, repair from 2027-04-11
        loaded = {str(y) for y in self.env["fuyi.calendar.year"]._loaded_years()}
        self.assertEqual(str(record.publication_end), "2029-04-10")
        self.assertEqual(record.publication_provisional, not {"2027", "2029"} <= loaded)
