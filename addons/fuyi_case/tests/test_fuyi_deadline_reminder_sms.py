from freezegun import freeze_time

from .common import FuyiCaseCommon


class TestSmsReminders(FuyiCaseCommon):
    """Deadline reminders by SMS for staff with a mobile number: one text per deadline, recipient
    and stage, in the recipient's language, delivered by the SMS queue with its idempotency key."""

    def setUp(self):
        super().setUp()
        self.clerk.partner_id.write({"email": "clerk@example.cn", "mobile": "+86 139 0013 9000"})
        self.case = self.new_case("2025-09-26", user_id=self.clerk.id)   # review due Fri 2025-10-10
        self.Deadline = self.env["fuyi.deadline"]

    def texts(self):
        return self.env["sms.sms"].search([("res_model", "=", "fuyi.deadline"),
                                           ("res_id", "in", self.case.case_id.deadline_ids.ids)])

    def test_staff_with_a_mobile_get_one_text_per_stage(self):
        with freeze_time("2025-10-10 08:00:00"):
            self.Deadline._cron_send_reminders()
            self.Deadline._cron_send_reminders()        # a second sweep sends nothing more
        reminders = self.env["fuyi.deadline.reminder"].search([("channel", "=", "sms"),
                                                               ("user_id", "=", self.clerk.id)])
        self.assertEqual(set(reminders.mapped("stage")), {0})
        texts = self.texts()
        self.assertEqual(len(texts), len(reminders))
        self.assertEqual(set(texts.mapped("number")), {"13900139000"})
        self.assertEqual(reminders.mapped("sms_id"), texts)
        self.assertTrue(all(self.case.name in text.body for text in texts))
        self.assertEqual(len(set(texts.mapped("idempotency_key"))), len(texts))

    def test_text_is_in_the_recipients_language(self):
        self.clerk.lang = "zh_CN"
        with freeze_time("2025-10-10 08:00:00"):
            self.Deadline.with_context(lang="en_US")._cron_send_reminders()
        body = self.texts()[:1].body
        self.assertTrue(body)
        self.assertIn(self.case.name, body)
        self.assertNotIn("Due today", body)

    def test_staff_without_a_mobile_get_no_text(self):
        self.clerk.partner_id.mobile = "010-12345678"      # a landline: no SMS
        with freeze_time("2025-10-10 08:00:00"):
            self.Deadline._cron_send_reminders()
        self.assertFalse(self.texts())
        channels = set(self.env["fuyi.deadline.reminder"].search([("user_id", "=", self.clerk.id)])
                       .mapped("channel"))
        self.assertEqual(channels, {"activity", "email"})

    def test_due_today_in_the_countys_timezone(self):
        # 2025-10-09 17:00 UTC is already Friday 10-10 01:00 in Asia/Shanghai: "due today" (stage 0)
        with freeze_time("2025-10-09 17:00:00"):
            self.Deadline.with_context(tz="Asia/Shanghai")._cron_send_reminders()
        stages = set(self.env["fuyi.deadline.reminder"].search([("user_id", "=", self.clerk.id)])
                     .mapped("stage"))
        self.assertEqual(stages, {0})
