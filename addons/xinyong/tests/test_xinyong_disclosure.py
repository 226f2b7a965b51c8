import io

import docx
from freezegun import freeze_time

from flectra.exceptions import AccessError, UserError

from .common import XinyongCommon


def docx_text(attachment):
    return "\n".join(p.text for p in docx.Document(io.BytesIO(attachment.raw)).paragraphs)


class TestAnnualDisclosure(XinyongCommon):
    """I11 through the screen: the overdue SME contracts of 2025, published by 31 March 2026 (SME-PAY Art. 18)."""

    def setUp(self):
        super().setUp()
        Obligation = self.env["xinyong.obligation"]
        first = self.new_promise("工程施工合同", "HT-2025-01")
        second = self.new_promise("设备采购合同", "HT-2025-02")
        paid_in_time = self.new_promise("监理合同", "HT-2025-03")
        theirs = self.new_promise("道路养护合同", "HT-2025-04", body=self.other_body)
        Obligation.create({"promise_id": first.id, "name": "一期", "kind": "payment",
                           "delivery_date": "2025-11-03", "amount": 50000.0})            # due 2025-12-03, unpaid
        Obligation.create({"promise_id": first.id, "name": "二期", "kind": "payment",
                           "delivery_date": "2025-11-10", "amount": 20000.0,
                           "performed_date": "2026-01-05", "paid_amount": 20000.0})      # paid only in 2026
        Obligation.create({"promise_id": second.id, "name": "货款", "kind": "payment",
                           "delivery_date": "2025-10-08", "amount": 12345.67})           # due 2025-11-07, unpaid
        Obligation.create({"promise_id": paid_in_time.id, "name": "尾款", "kind": "payment",
                           "delivery_date": "2025-11-20", "amount": 10000.0,
                           "performed_date": "2025-12-10", "paid_amount": 10000.0})      # paid in time
        Obligation.create({"promise_id": theirs.id, "name": "养护费", "kind": "payment",
                           "delivery_date": "2025-09-01", "amount": 8000.0})             # the other body's
        Obligation.create({"promise_id": theirs.id, "name": "2026年养护费", "kind": "payment",
                           "delivery_date": "2026-01-05", "amount": 9000.0})            # due in 2026: not counted

    def new_promise(self, name, reference, body=None):
        return self.env["xinyong.promise"].with_user(self.office).create({
            "name": name, "kind": "contract", "body_id": (body or self.body).id, "counterpart_id": self.sme.id,
            "counterpart_sme": True, "source": "contract", "source_reference": reference,
            "signed_date": "2025-09-01"})

    def wizard(self, **values):
        return self.env["xinyong.disclosure.generate"].with_user(self.office).create(values)

    @freeze_time("2026-03-05")
    def test_i11_the_screen_shows_count_and_amount_per_body(self):
        wizard = self.wizard()
        self.assertEqual(wizard.year, 2025, "the previous year by default")
        self.assertEqual(str(wizard.publish_by), "2026-03-31")
        figures = {line.body_id: (line.contract_count, line.amount) for line in wizard.line_ids}
        self.assertEqual(figures, {self.body: (2, 82345.67), self.other_body: (1, 8000.0)})
        self.assertEqual((wizard.contract_count, wizard.amount_total), (3, 90345.67))
        wizard.write({"body_id": self.other_body.id})
        self.assertEqual([(l.body_id, l.contract_count, l.amount) for l in wizard.line_ids],
                         [(self.other_body, 1, 8000.0)])

    @freeze_time("2026-03-05 09:00:00")
    def test_i11_generates_the_publication_with_the_figures_on_record(self):
        action = self.wizard(body_id=self.body.id).action_generate()
        disclosure = self.env["xinyong.disclosure"].browse(action["res_id"])
        self.assertEqual((disclosure.year, disclosure.body_id, disclosure.state), (2025, self.body, "generated"))
        self.assertEqual((disclosure.contract_count, disclosure.amount_total), (2, 82345.67))
        self.assertEqual(str(disclosure.publish_by), "2026-03-31")
        self.assertEqual(disclosure.generated_by, self.office)
        self.assertEqual(str(disclosure.generated_at), "2026-03-05 09:00:00")
        self.assertFalse(disclosure.generated_late)
        attachment = disclosure.attachment_id
        self.assertEqual((attachment.res_model, attachment.res_id), ("xinyong.disclosure", disclosure.id))
        text = docx_text(attachment)
        self.assertIn("县住房和城乡建设局\n2025年度逾期未支付中小企业款项情况公告", text)
        self.assertIn("第十八条第一款", text)
        self.assertIn("合同2份，金额合计82,345.67元", text)
        self.assertNotIn("县交通运输局", text)

    @freeze_time("2026-04-02")
    def test_all_bodies_listed_with_a_total_and_regenerating_keeps_versions(self):
        wizard = self.wizard()
        first = self.env["xinyong.disclosure"].browse(wizard.action_generate()["res_id"])
        self.assertTrue(first.generated_late, "generated after 31 March")
        text = docx_text(first.attachment_id)
        self.assertIn("（一）县交通运输局：逾期尚未支付中小企业款项的合同1份，金额8,000.00元", text)
        self.assertIn("（二）县住房和城乡建设局：逾期尚未支付中小企业款项的合同2份，金额82,345.67元", text)
        self.assertIn("合计：合同3份，金额90,345.67元", text)
        again = self.env["xinyong.disclosure"].browse(wizard.action_generate()["res_id"])
        self.assertEqual(again, first, "one record per year and body")
        self.assertEqual(first.version, 2)
        self.assertEqual(len(first.attachment_ids), 2)

    @freeze_time("2026-03-05")
    def test_a_body_without_overdue_contracts_publishes_a_nil_report(self):
        quiet = self.env["res.partner"].create({"name": "县文化广电和旅游局", "party_kind": "agency"})
        wizard = self.wizard(body_id=quiet.id)
        self.assertEqual([(l.body_id, l.contract_count, l.amount) for l in wizard.line_ids], [(quiet, 0, 0.0)])
        disclosure = self.env["xinyong.disclosure"].browse(wizard.action_generate()["res_id"])
        self.assertIn("2025年度，本单位无逾期尚未支付中小企业款项的合同", docx_text(disclosure.attachment_id))

    @freeze_time("2026-03-05")
    def test_a_year_not_yet_ended_is_refused_in_chinese(self):
        with self.assertRaises(UserError) as refused:
            self.wizard(year=2026)
        self.assertIn("2026", str(refused.exception))
        with self.assertRaises(UserError) as refused:
            self.env["xinyong.disclosure.generate"].with_user(self.office).with_context(lang="zh_CN").create(
                {"year": 2026})
        self.assertIn("已结束", str(refused.exception))

    def test_only_the_credit_office_uses_the_screen(self):
        for user in (self.liaison, self.exchange):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["xinyong.disclosure.generate"].with_user(user).create({"year": 2025})
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["xinyong.disclosure"].with_user(user).search([])


class TestDisclosureReminder(XinyongCommon):
    """From 1 March a to-do for the credit office while last year's disclosure is not generated."""

    def reminders(self, year):
        disclosure = self.env["xinyong.disclosure"].search([("year", "=", year), ("body_id", "=", False)])
        return disclosure.activity_ids.filtered(lambda a: a.user_id == self.manager)

    def test_no_reminder_before_1_march(self):
        Disclosure = self.env["xinyong.disclosure"]
        before = Disclosure.search([("year", "=", 2025)])     # other tests' records may exist
        activities = before.activity_ids
        self.assertFalse(Disclosure._cron_remind(today="2026-02-28"))
        self.assertEqual(Disclosure.search([("year", "=", 2025)]), before)
        self.assertEqual(before.activity_ids, activities)

    def test_reminder_from_1_march_once_per_manager_until_generated(self):
        Disclosure = self.env["xinyong.disclosure"]
        with freeze_time("2026-03-01"):
            self.assertTrue(Disclosure._cron_remind())
            Disclosure._cron_remind()
        activity = self.reminders(2025)
        self.assertEqual(len(activity), 1)
        self.assertEqual(str(activity.date_deadline), "2026-03-31")
        self.assertIn("2026-03-31", activity.summary)
        with freeze_time("2026-03-02"):
            self.env["xinyong.disclosure.generate"].with_user(self.office).create({}).action_generate()
            self.assertFalse(Disclosure._cron_remind())
        self.assertFalse(self.reminders(2025), "generating marks the reminder done")

    def test_per_body_disclosures_count_only_when_every_body_is_covered(self):
        promise = self.env["xinyong.promise"].with_user(self.office).create({
            "name": "合同", "body_id": self.body.id, "counterpart_id": self.sme.id, "counterpart_sme": True,
            "signed_date": "2025-09-01"})
        self.env["xinyong.obligation"].create({"promise_id": promise.id, "name": "款", "kind": "payment",
                                               "delivery_date": "2025-09-01", "amount": 100.0})
        Disclosure = self.env["xinyong.disclosure"]
        with freeze_time("2026-03-03"):
            self.env["xinyong.disclosure.generate"].with_user(self.office).create(
                {"body_id": self.other_body.id}).action_generate()
            self.assertTrue(Disclosure._cron_remind(), "the body with figures has not published")
            self.env["xinyong.disclosure.generate"].with_user(self.office).create(
                {"body_id": self.body.id}).action_generate()
            self.assertFalse(Disclosure._cron_remind())
