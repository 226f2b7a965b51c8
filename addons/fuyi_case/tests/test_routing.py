from flectra.tests import BaseCase

from ..tools.routing import RoutingFacts, route


class TestRouting(BaseCase):

    def test_r23_small_fine_is_simple(self):
        """A 2,800 yuan penalty with clear facts may go the simple way (Art. 53 para 1 (3))."""
        routing = route(RoutingFacts(amount=2800))
        self.assertEqual((routing.procedure, routing.rule, routing.article),
                         ("simple", "small_amount", "ARL Art. 53 para 1 (3)"))

    def test_3000_yuan_is_still_simple(self):
        self.assertEqual(route(RoutingFacts(amount=3000)).procedure, "simple")

    def test_r24_above_3000_without_consent_is_ordinary(self):
        routing = route(RoutingFacts(amount=3000.01))
        self.assertEqual((routing.procedure, routing.rule), ("ordinary", "default"))

    def test_consent_of_all_parties_allows_simple(self):
        routing = route(RoutingFacts(amount=50000, all_parties_consent=True))
        self.assertEqual((routing.procedure, routing.article), ("simple", "ARL Art. 53 para 2"))

    def test_warning_is_simple(self):
        self.assertEqual(route(RoutingFacts(sanction="warning")).rule, "warning")

    def test_warning_with_a_large_fine_is_not_only_a_warning(self):
        """Art. 53 para 1 (2) covers an act that is only a warning: 警告 plus 5,000 yuan is ordinary without consent."""
        routing = route(RoutingFacts(sanction="warning", amount=5000))
        self.assertEqual((routing.procedure, routing.rule), ("ordinary", "default"))
        self.assertEqual(route(RoutingFacts(sanction="circulated_criticism", other_measures=True)).procedure,
                         "ordinary")

    def test_warning_with_a_small_fine_or_consent_may_still_be_simple(self):
        """The amount rule (Art. 53 para 1 (3)) or all parties' consent (para 2) may still make it simple."""
        self.assertEqual(route(RoutingFacts(sanction="warning", amount=2000)).rule, "small_amount")
        self.assertEqual(route(RoutingFacts(sanction="warning", amount=5000, all_parties_consent=True)).rule,
                         "consent")

    def test_on_the_spot_and_disclosure_are_simple(self):
        self.assertEqual(route(RoutingFacts(on_the_spot=True)).rule, "on_the_spot")
        self.assertEqual(route(RoutingFacts(information_disclosure=True)).rule, "information_disclosure")

    def test_unclear_facts_block_the_listed_grounds(self):
        self.assertEqual(route(RoutingFacts(facts_clear=False, amount=100)).procedure, "ordinary")

    def test_complex_licence_revocation_needs_hearing_and_committee(self):
        """Three hearing-worthy factors: ordinary, hearing (Art. 50) and committee (Art. 52 (1))."""
        routing = route(RoutingFacts(complexity=frozenset({"group_dispute", "evidence_doubts", "complex_legal"})))
        self.assertEqual(routing.procedure, "ordinary")
        self.assertTrue(routing.hearing_required)
        self.assertTrue(routing.committee_required)

    def test_specialised_case_needs_the_committee_only(self):
        routing = route(RoutingFacts(specialised=True, amount=100))
        self.assertFalse(routing.hearing_required)
        self.assertTrue(routing.committee_required)

    def test_unknown_factor_is_refused(self):
        with self.assertRaises(ValueError):
            route(RoutingFacts(complexity=frozenset({"famous"})))
