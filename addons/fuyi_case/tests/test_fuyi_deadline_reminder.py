from freezegun import freeze_time

from flectra.tests import new_test_user

from .common import FuyiCaseCommon


class TestReminders(FuyiCaseCommon):

    def setUp(self):
        super().setUp()
        self.clerk.partner_id.email = "clerk@example.cn"
        self.case = self.new_case("2025-09-26", user_id=self.clerk.id)   # review due Fri 2025-10-10
        self.Deadline = self.env["fuyi.deadline"]

    def reminders(self, stage=None):
        domain = [("deadline_id.case_id", "=", self.case.case_id.id)]
        if stage is not None:
            domain.append(("stage", "=", stage))
        return self.env["fuyi.deadline.reminder"].search(domain)

    def test_nothing_before_the_first_stage(self):
        with freeze_time("2025-09-27 08:00:00"):
            self.assertEqual(self.Deadline._cron_send_reminders(), 0)

    def test_three_working_days_before_gives_an_activity_and_an_email(self):
        # counting back from Fri 10-10: 10-09, 09-30, 09-29 (the National Day holidays are skipped)
        with freeze_time("2025-09-29 08:00:00"):
            self.Deadline._cron_send_reminders()
        self.assertEqual(set(self.reminders(3).mapped("channel")), {"activity", "email"})
        activities = self.case.activity_ids
        # written in the clerk's language, the deadline named as she reads it
        review = self.case.deadline_ids.filtered(lambda d: d.kind == "acceptance_review")
        self.assertTrue(activities and review.with_context(lang=self.clerk.lang).name in activities[0].summary)
        self.assertTrue(self.env["mail.mail"].search([("email_to", "=", "clerk@example.cn")]))

    def test_a_second_sweep_sends_nothing_more(self):
        with freeze_time("2025-09-30 08:00:00"):
            first = self.Deadline._cron_send_reminders()
            second = self.Deadline._cron_send_reminders()
        self.assertGreater(first, 0)
        self.assertEqual(second, 0)

    def test_clock_jump_over_stages_sends_only_the_current_one(self):
        with freeze_time("2025-10-10 08:00:00"):
            self.Deadline._cron_send_reminders()
        self.assertEqual(set(self.reminders().mapped("stage")), {0})

    def test_overdue_escalates_to_the_leads(self):
        lead = new_test_user(self.env, login="reminder_lead", groups="fuyi_case.fuyi_case_group_lead")
        with freeze_time("2025-10-13 08:00:00"):
            self.Deadline._cron_send_reminders()
        overdue = self.reminders(-1)
        self.assertIn(lead, overdue.mapped("user_id"))
        self.assertIn(self.clerk, overdue.mapped("user_id"))

    def test_closed_deadlines_are_not_reminded(self):
        self.case.action_accept(date="2025-10-09")
        with freeze_time("2025-10-10 08:00:00"):
            self.Deadline._cron_send_reminders()
        self.assertFalse(self.reminders().filtered(lambda r: r.deadline_id.kind == "acceptance_review"))
