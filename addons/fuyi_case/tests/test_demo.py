import os

from flectra.tests import TransactionCase
from flectra.tools import convert_file

from ..models.fuyi_demo import DEMO_AS_OF, EVIDENCE_CASE_RECEIVED, NORMATIVE_CASE_RECEIVED, SCENARIOS
from ..models.fuyi_reconsideration_outcome import DECISION_TYPES
from ..tools import identifiers

DEMO_FILE = os.path.join(os.path.dirname(os.path.dirname(__file__)), "demo", "fuyi_case_demo.xml")


class TestDemo(TransactionCase):
    """The demo county: agencies, parties and about fifty cases in every state (loaded with --demo)."""

    @classmethod
    def setUpClass(cls):
        """Load the demo file once for the class (rolled back with the class transaction)."""
        super().setUpClass()
        # The server's data loader, as `--demo` runs it: the records, then the <function> generating cases.
        convert_file(cls.env, "fuyi_case", "demo/fuyi_case_demo.xml", {}, mode="init", noupdate=True, kind="demo",
                     pathname=DEMO_FILE)
        cls.case_ids = cls.env["ir.model.data"].search([
            ("module", "=", "fuyi_case"), ("model", "=", "fuyi.reconsideration"),
            ("name", "=like", "fuyi_reconsideration_%_demo")]).mapped("res_id")

    def setUp(self):
        super().setUp()
        self.cases = self.env["fuyi.reconsideration"].browse(self.case_ids)

    def test_a_county_with_a_dozen_agencies_with_valid_credit_codes_heads_and_liaisons(self):
        agencies = self.env["res.partner"].search([("party_kind", "=", "agency"), ("name", "=like", "安和县%")])
        self.assertGreaterEqual(len(agencies), 12)
        for agency in agencies:
            self.assertEqual(identifiers.validate_uscc(agency.uscc), agency.uscc)
        departments = agencies.filtered("agency_head_id")
        self.assertGreaterEqual(len(departments), 12)
        self.assertTrue(all(a.agency_liaison_user_ids for a in departments))

    def test_applicants_have_valid_fictitious_identifiers(self):
        """People carry ID numbers with the never-issued sequence code 000; organisations a credit code."""
        data = self.env["ir.model.data"].search([("module", "=", "fuyi_case"),
                                                 ("name", "=like", "res_partner_applicant_%_demo")])
        applicants = self.env["res.partner"].browse(data.mapped("res_id"))
        self.assertGreaterEqual(len(applicants), 20)
        for person in applicants.filtered(lambda p: p.party_kind == "person"):
            self.assertEqual(identifiers.validate_id_number(person.id_number)[14:17], "000")
        for organisation in applicants.filtered(lambda p: p.party_kind == "organisation"):
            identifiers.validate_uscc(organisation.uscc)

    def test_about_fifty_cases_in_every_state_and_with_every_decision_type(self):
        self.assertEqual(len(self.cases), len(SCENARIOS))
        self.assertGreaterEqual(len(self.cases), 45)
        states = {key for key, _label in self.env["fuyi.reconsideration"]._fields["state"].selection}
        # every state but "forwarded", which no workflow method reaches yet (readme/ROADMAP.md)
        self.assertEqual(set(self.cases.mapped("state")), states - {"forwarded"})
        # compensation is decided with the main decision (ARL Art. 72), not as a type of its own
        self.assertEqual(set(self.cases.filtered("decision_type").mapped("decision_type")),
                         set(dict(DECISION_TYPES)) - {"compensation"})
        self.assertTrue(self.cases.filtered("decision_compensation"))
        accepted = self.cases.filtered("acceptance_date")
        self.assertEqual(set(accepted.mapped("procedure")), {"simple", "ordinary"})
        self.assertEqual(set(self.cases.filtered(lambda c: c.state == "accepted").mapped("procedure")),
                         {"simple", "ordinary"})
        years = {case.date_received.year for case in self.cases}
        self.assertEqual(years, {2025, 2026})
        self.assertTrue(all(self.cases.mapped("name")))

    def test_cases_carry_hearings_committee_letters_and_publications(self):
        hearings = self.cases.mapped("hearing_ids")
        self.assertEqual(set(hearings.mapped("kind")), {"hearing", "opinion"})
        self.assertTrue({"held", "notified", "waived"} <= set(hearings.mapped("state")))
        sittings = self.env["fuyi.committee.sitting"].search([("reconsideration_ids", "in", self.cases.ids)])
        self.assertTrue(sittings.mapped("opinion_ids"))
        self.assertTrue(self.cases.filtered("advisory_opinion"))
        letters = self.env["fuyi.opinion.letter"].search([("reconsideration_id", "in", self.cases.ids)])
        self.assertEqual(set(letters.mapped("kind")), {"opinion", "recommendation"})
        self.assertTrue({"sent", "reported", "escalated"} <= set(letters.mapped("state")))
        self.assertTrue({"published", "approved", "review"} <= set(self.cases.mapped("publication_state")))
        published = self.cases.filtered(lambda c: c.publication_state == "published")
        for case in published:
            for name in case._person_names():
                self.assertNotIn(name, case.publication_text)

    def test_a_pending_case_has_verified_flagged_and_private_evidence_and_an_inspection(self):
        """The evidence screens (ARL Arts. 43–47) are filled: kinds, submitters, flags, verification."""
        case = self.cases.filtered(lambda c: c.date_received == EVIDENCE_CASE_RECEIVED)
        self.assertEqual(case.state, "accepted")
        evidence = case.evidence_ids
        self.assertGreaterEqual(len(evidence), 5)
        self.assertTrue({"documentary", "inspection_record", "statement", "witness"} <= set(evidence.mapped("kind")))
        self.assertEqual(set(evidence.mapped("submitted_by")), {"respondent", "applicant", "institution"})
        self.assertEqual(set(evidence.mapped("review_state")), {"admitted", "excluded", "pending"})
        late = evidence.filtered("late")
        self.assertEqual(len(late), 1)
        self.assertEqual(late.review_state, "excluded")
        self.assertIn("第七十条", late.review_note)
        self.assertFalse(evidence.filtered("self_collected"))
        survey = evidence.filtered(lambda e: e.submitted_by == "institution")
        self.assertGreaterEqual(len(survey.investigator_ids), 2)               # Art. 45
        private = evidence.filtered(lambda e: e.confidentiality != "none")
        self.assertEqual(len(private), 1)
        inspection = case.inspection_ids
        self.assertEqual(len(inspection), 1)
        applicant = case.party_ids.filtered(lambda p: p.role == "applicant").partner_id
        self.assertEqual(inspection.requester_id, applicant)
        self.assertTrue(inspection.copied)
        self.assertEqual(inspection.withheld_ids, private)                     # Art. 47 exception
        self.assertEqual(inspection.evidence_ids, evidence - private)
        dates = evidence.mapped("submitted_date") + [inspection.inspection_date]
        self.assertLess(max(dates), DEMO_AS_OF)

    def test_a_normative_document_review_is_running_with_the_drafting_body_answered(self):
        """Arts. 39 (9), 56–58: the case is suspended, the drafting body asked and answered, 30 days running."""
        reviews = self.cases.mapped("normative_review_ids")
        self.assertEqual(len(reviews), 1)
        case = reviews.reconsideration_id
        self.assertEqual(case.date_received, NORMATIVE_CASE_RECEIVED)
        self.assertEqual((case.state, case.suspend_ground), ("suspended", "9"))
        self.assertEqual((reviews.state, reviews.origin, reviews.handling), ("open", "ex_officio", "self"))
        self.assertEqual(reviews.drafting_body_id, case.agency_id)
        self.assertTrue(reviews.clause)
        self.assertTrue(reviews.drafting_reply)
        self.assertLess(reviews.drafting_notice_date, reviews.drafting_reply_date)
        self.assertLess(reviews.drafting_reply_date, DEMO_AS_OF)
        states = {d.kind: d.state for d in reviews.deadline_ids}
        self.assertEqual(states, {"normative_handling": "open", "normative_drafting_notice": "done",
                                  "normative_drafting_reply": "done"})

    def test_statistics_over_the_demo_are_not_trivial(self):
        figures = self.env["fuyi.reconsideration"].get_statistics("2025-01-01", "2026-12-31")
        self.assertGreaterEqual(figures["received"], len(self.cases))
        self.assertGreaterEqual(figures["accepted"], 30)
        self.assertGreaterEqual(figures["closed"], 30)
        self.assertEqual(set(figures["by_procedure"]), {"simple", "ordinary"})
        self.assertGreater(figures["correction_rate"], 0)
        self.assertLess(figures["correction_rate"], 1)
        self.assertGreater(figures["mediation_rate"], 0)
        self.assertTrue(0 < figures["on_time_rate"] < 1)
        self.assertEqual(len(figures["by_decision_type"]), len(DECISION_TYPES) - 1)   # no compensation alone

    def test_generating_again_does_nothing(self):
        """Idempotent: a second call (e.g. an upgrade) finds the demo cases and creates none."""
        count = self.env["fuyi.reconsideration"].search_count([])
        self.assertEqual(self.env["fuyi.reconsideration"].action_generate_demo_cases(), [])
        self.assertEqual(self.env["fuyi.reconsideration"].search_count([]), count)

    def test_liaison_sees_only_the_cases_of_their_agency(self):
        liaison = self.env.ref("fuyi_case.res_users_liaison_hrss_demo")
        agency = self.env.ref("fuyi_case.res_partner_agency_hrss_demo")
        visible = self.env["fuyi.reconsideration"].with_user(liaison).search([("id", "in", self.cases.ids)])
        self.assertTrue(visible)
        self.assertEqual(set(visible.mapped("agency_id").ids), {agency.id})
