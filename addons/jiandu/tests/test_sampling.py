"""Sampling and cross review (tools/sampling.py)."""
from collections import Counter

from flectra.tests import BaseCase

from ..tools.sampling import (Reviewer, SamplingError, Unit, agency_risk_weight, assign_reviewers, draw,
                              draw_per_agency, sample_size)


def population(n=60, agencies=6):
    return [Unit(i, "A%d" % (i % agencies), 1.0) for i in range(1, n + 1)]


class TestDraw(BaseCase):

    def test_the_same_seed_gives_the_same_sample_whatever_the_row_order(self):
        units = population()
        first = draw(units, 10, seed=20261207)
        again = draw(list(reversed(units)), 10, seed=20261207)
        self.assertEqual(first, again)
        self.assertEqual(len(set(first)), 10)

    def test_another_seed_gives_another_sample(self):
        units = population()
        self.assertNotEqual(draw(units, 10, seed=1), draw(units, 10, seed=2))

    def test_a_sample_larger_than_the_population_takes_everything(self):
        self.assertEqual(draw(population(5), 9, seed=3), [1, 2, 3, 4, 5])

    def test_size_from_rate_rounds_up_and_keeps_a_minimum(self):
        self.assertEqual(sample_size(41, rate=0.1), 5)
        self.assertEqual(sample_size(3, rate=0.1), 1)
        self.assertEqual(sample_size(3, count=10), 3)
        self.assertEqual(sample_size(0, rate=0.5), 0)
        with self.assertRaises(SamplingError):
            sample_size(10)
        with self.assertRaises(SamplingError):
            sample_size(10, rate=1.5)

    def test_per_agency_draw_reviews_every_agency(self):
        chosen = draw_per_agency(population(), seed=7, rate=0.2)
        agencies = Counter("A%d" % (i % 6) for i in chosen)
        self.assertEqual(set(agencies), {"A%d" % i for i in range(6)})
        self.assertTrue(all(count == 2 for count in agencies.values()))   # 10 files each, 20 % → 2

    def test_risk_weighted_draw_favours_agencies_with_corrections_and_losses(self):
        """Over many seeds, files of an agency weighted 5 are drawn far more often than weight-1 files."""
        heavy = agency_risk_weight(corrections=3, court_losses=1)
        self.assertEqual(heavy, 5)
        units = [Unit(i, "risky" if i <= 10 else "clean", heavy if i <= 10 else 1.0) for i in range(1, 41)]
        risky_draws = sum(1 for seed in range(300) for i in draw(units, 8, seed, weighted=True) if i <= 10)
        share = risky_draws / (300 * 8)
        self.assertGreater(share, 0.45)   # uniform would give 0.25
        self.assertEqual(draw(units, 8, 99, weighted=True), draw(units, 8, 99, weighted=True))


class TestCrossReview(BaseCase):

    def test_no_reviewer_gets_a_file_of_their_own_agency_and_load_is_even(self):
        files = population(30, agencies=3)
        reviewers = [Reviewer(100 + i, {"A%d" % (i % 3)}) for i in range(6)]
        agencies = {r.id: r.agencies for r in reviewers}
        assignment = assign_reviewers(files, reviewers, seed=5)
        for unit in files:
            (reviewer,) = assignment[unit.id]
            self.assertNotIn(unit.agency, agencies[reviewer])
        load = Counter(r for ids in assignment.values() for r in ids)
        self.assertEqual(set(load.values()), {5})
        self.assertEqual(assignment, assign_reviewers(list(reversed(files)), reviewers, seed=5))

    def test_two_reviewers_per_file_are_distinct(self):
        files = population(6, agencies=2)
        reviewers = [Reviewer(1, {"A0"}), Reviewer(2, {"A1"}), Reviewer(3, set()), Reviewer(4, set())]
        for ids in assign_reviewers(files, reviewers, per_file=2).values():
            self.assertEqual(len(set(ids)), 2)

    def test_no_eligible_reviewer_is_refused(self):
        with self.assertRaises(SamplingError) as ctx:
            assign_reviewers([Unit(1, "A0", 1)], [Reviewer(9, {"A0"})])
        self.assertEqual(ctx.exception.rule, "cross_review")
