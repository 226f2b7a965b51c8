from freezegun import freeze_time

from .common import FuyiCaseCommon


class TestOneActivityPerDeadline(FuyiCaseCommon):
    """Issue 13 item 3: each reminder stage (3 and 1 working days before, on the day, overdue)
    updated nothing and added another to-do, so the case showed the same deadline three times."""

    def setUp(self):
        super().setUp()
        self.case = self.new_case("2025-09-26", user_id=self.clerk.id)   # review due Fri 2025-10-10
        self.Deadline = self.env["fuyi.deadline"]

    def todos(self):
        return self.case.activity_ids.filtered(lambda a: a.user_id == self.clerk)

    def test_each_stage_updates_the_one_activity(self):
        summaries = []
        for day in ("2025-09-29", "2025-10-09", "2025-10-10", "2025-10-13"):
            with freeze_time(day + " 08:00:00"):
                self.Deadline._cron_send_reminders()
            todos = self.todos().filtered(lambda a: a.fuyi_deadline_id.kind == "acceptance_review")
            self.assertEqual(len(todos), 1, day)
            summaries.append(todos.summary)
        self.assertEqual(len(set(summaries)), 4, summaries)      # the text follows the stage
        self.assertEqual(todos.date_deadline.isoformat(), "2025-10-10")

    def test_a_done_activity_is_followed_by_a_new_one_at_the_next_stage(self):
        with freeze_time("2025-09-29 08:00:00"):
            self.Deadline._cron_send_reminders()
            self.todos().action_done()
        self.assertFalse(self.todos())
        with freeze_time("2025-10-13 08:00:00"):
            self.Deadline._cron_send_reminders()
        self.assertEqual(len(self.todos().filtered(lambda a: a.fuyi_deadline_id.kind == "acceptance_review")), 1)

    def test_the_reminder_is_in_the_users_language_with_the_article_cited(self):
        self.clerk.lang = "zh_CN"
        with freeze_time("2025-10-13 08:00:00"):
            self.Deadline._cron_send_reminders()
        todo = self.todos().filtered(lambda a: a.fuyi_deadline_id.kind == "acceptance_review")
        self.assertIn("已超期", todo.summary)
        self.assertIn("《行政复议法》第三十条", todo.summary)
        self.assertIn("受理审查", todo.summary)          # the deadline's name too, not "Acceptance review"
        self.assertNotIn("ARL", todo.summary)

    def test_the_legal_basis_reads_as_a_citation(self):
        deadline = self.case.deadline_ids.filtered(lambda d: d.kind == "acceptance_review")
        self.assertTrue(deadline.legal_basis.startswith("ARL Art. 30"))
        zh = deadline.with_context(lang="zh_CN")
        self.assertTrue(zh.legal_basis_display.startswith("《行政复议法》第三十条"), zh.legal_basis_display)
