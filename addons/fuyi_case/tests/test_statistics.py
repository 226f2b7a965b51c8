from flectra.tests import BaseCase

from ..tools.statistics import summarize


class TestStatistics(BaseCase):

    def test_correction_rate_counts_the_correcting_decisions_over_closed_cases(self):
        cases = [
            {"accepted": True, "closed": True, "decision_type": "revoke", "outcome": "decided", "on_time": True,
             "procedure": "ordinary"},
            {"accepted": True, "closed": True, "decision_type": "uphold", "outcome": "decided", "on_time": False,
             "procedure": "simple"},
            {"accepted": True, "closed": True, "decision_type": "confirm_illegal", "outcome": "decided",
             "on_time": True, "procedure": "ordinary"},
            {"accepted": True, "closed": True, "outcome": "mediated", "on_time": True, "procedure": "ordinary"},
            {"accepted": True, "closed": False, "procedure": "ordinary"},
            {"accepted": False, "closed": True, "outcome": "rejected"},
        ]
        figures = summarize(cases)
        self.assertEqual((figures["received"], figures["accepted"], figures["closed"]), (6, 5, 5))
        self.assertEqual(figures["correction_rate"], 0.4)          # revoke + confirm_illegal over 5 closed
        self.assertEqual(figures["mediation_rate"], 0.2)
        self.assertEqual(figures["on_time_rate"], 0.75)
        self.assertEqual(figures["by_procedure"], {"ordinary": 4, "simple": 1})

    def test_no_cases_no_division_by_zero(self):
        self.assertEqual(summarize([])["correction_rate"], 0.0)
