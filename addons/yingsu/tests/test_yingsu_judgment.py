from freezegun import freeze_time

from flectra.exceptions import UserError
from flectra.tests import tagged

from .common import YingsuCommon


@tagged("standard", "at_install")
class TestJudgment(YingsuCommon):

    def judgment(self, lawsuit=None, **values):
        vals = {"lawsuit_id": (lawsuit or self.new_lawsuit()).id, "kind": "judgment", "outcome": "revoke",
                "date": "2026-01-15"}
        vals.update(values)
        return self.env["yingsu.judgment"].create(vals)

    def test_appeal_periods_l3_l4(self):
        """L3: judgment served 2026-01-20 → 2026-02-04; L4: ruling served 2026-02-05 → 2026-02-24 (ALL Art. 85)."""
        judgment = self.judgment()
        judgment.action_serve("2026-01-20")
        self.assertEqual(judgment.appeal_due_date, self.d("2026-02-04"))
        self.assertEqual(self.open_deadline(judgment.lawsuit_id, "appeal").due_date, self.d("2026-02-04"))
        ruling = self.judgment(kind="ruling", outcome="dismiss_suit", date="2026-02-03")
        ruling.action_serve("2026-02-05")
        self.assertEqual(ruling.appeal_due_date, self.d("2026-02-24"))

    def test_appeal_after_the_period_is_refused(self):
        judgment = self.judgment()
        judgment.action_serve("2026-01-20")
        with self.assertRaises(UserError) as error:
            judgment.action_appeal("2026-02-05")
        self.assertIn("ALL Art. 85", str(error.exception))
        self.assertFalse(judgment.appealed)
        self.assertEqual(self.env["yingsu.lawsuit"].search_count([("previous_lawsuit_id", "=", judgment.lawsuit_id.id)]), 0)

    def test_appeal_in_time_opens_the_second_instance(self):
        judgment = self.judgment()
        judgment.action_serve("2026-01-20")
        appeal = self.env["yingsu.lawsuit"].browse(judgment.action_appeal("2026-02-04"))
        self.assertEqual(appeal.instance, "second_instance")
        self.assertEqual(appeal.previous_lawsuit_id, judgment.lawsuit_id)
        self.assertEqual(set(appeal.party_ids.mapped("role")), {"plaintiff", "defendant"})
        final = self.judgment(lawsuit=appeal, outcome="appeal_rejected", date="2026-04-01", final=True)
        self.assertTrue(judgment.superseded)
        final.action_serve("2026-04-03")
        self.assertEqual(final.effective_date, self.d("2026-04-03"))
        self.assertEqual(judgment.lawsuit_id.state, "closed")

    def test_loss_analysis(self):
        lost = self.judgment()
        won = self.judgment(outcome="reject_claim")
        for judgment in lost | won:
            judgment.action_serve("2026-01-20")
            judgment.action_mark_effective()
        self.assertEqual(lost.effective_date, self.d("2026-02-05"))
        self.assertTrue(lost.lost and lost.lawsuit_id.lost)
        self.assertFalse(won.lost)
        self.assertEqual(lost.article, "ALL Art. 70")
        self.assertEqual(won.lawsuit_id.state, "closed")      # nothing to perform
        self.assertEqual(self.env["yingsu.judgment"].loss_rate([("id", "in", (lost | won).ids)]), 50.0)

    def test_effect_before_the_appeal_period_ends_is_refused(self):
        judgment = self.judgment()
        judgment.action_serve("2026-01-20")
        with self.assertRaises(UserError):
            judgment.action_mark_effective("2026-02-03")

    def test_late_performance_fine_exposure_and_enforcement_period_l14_l15(self):
        """L14: due 2026-03-31, performed 2026-04-10 → 10 days, 500–1,000 yuan; L15: enforcement by 2028-03-31."""
        judgment = self.judgment(performance_due="2026-03-31", obligation="退还罚款5000元")
        judgment.action_serve("2026-01-20")
        judgment.action_mark_effective()
        self.assertEqual(self.open_deadline(judgment.lawsuit_id, "performance").due_date, self.d("2026-03-31"))
        self.assertEqual(judgment.enforcement_due_date, self.d("2028-03-31"))
        with freeze_time("2026-04-05"):
            judgment.invalidate_recordset(["performance_state", "default_candidate"])
            judgment._compute_performance()
            self.assertEqual(judgment.performance_state, "overdue")
            self.assertTrue(judgment.default_candidate)
        judgment.action_record_performance("2026-04-10")
        self.assertEqual((judgment.fine_days, judgment.fine_min, judgment.fine_max), (10, 500, 1000))
        self.assertFalse(judgment.default_candidate)
        self.assertEqual(judgment.performance_state, "performed")
        self.assertEqual(judgment.lawsuit_id.case_id.deadline_ids.filtered(lambda d: d.kind == "performance").state,
                         "missed")
