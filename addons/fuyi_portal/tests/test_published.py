import io

from docx import Document

from flectra.tests import TransactionCase, new_test_user


class TestPublishedDecisions(TransactionCase):
    """Only published, redacted decisions leave through the portal's methods (ARL Art. 79)."""

    def setUp(self):
        super().setUp()
        Partner = self.env["res.partner"]
        self.agency = Partner.create({"name": "县门户测试局", "party_kind": "agency"})
        self.other_agency = Partner.create({"name": "县门户另一局", "party_kind": "agency"})
        self.lead = new_test_user(self.env, login="portal_pub_lead", groups="fuyi_case.fuyi_case_group_lead")
        self.Case = self.env["fuyi.reconsideration"]

    def decided(self, name, agency, decision_type="revoke", decided="2025-11-20"):
        applicant = self.env["res.partner"].create({"name": name, "party_kind": "person"})
        case = self.Case.create({
            "date_received": "2025-09-26", "agency_id": agency.id, "title": "罚款决定",
            "party_ids": [(0, 0, {"partner_id": applicant.id, "role": "applicant", "is_primary": True}),
                          (0, 0, {"partner_id": agency.id, "role": "respondent"})]})
        case.action_accept(date="2025-10-10", procedure="ordinary")
        case.action_decide(decision_type, date=decided,
                           summary="申请人%s（电话13812341234）不服罚款决定，门户测试决定。" % name)
        return case

    def published(self, name, agency, **kwargs):
        case = self.decided(name, agency, **kwargs)
        case.action_prepare_publication()
        case.with_user(self.lead).action_approve_publication()
        case.action_publish(date="2025-12-01")
        return case

    def search_ids(self, **kwargs):
        return [row["id"] for row in self.Case._portal_published_search(limit=50, **kwargs)["rows"]]

    def test_only_published_decisions_are_listed_or_readable(self):
        """A decided, a prepared and an approved-not-published case are neither listed nor readable."""
        published = self.published("李四", self.agency)
        decided = self.decided("王五", self.agency)
        prepared = self.decided("赵六", self.agency)
        prepared.action_prepare_publication()
        approved = self.decided("钱七", self.agency)
        approved.action_prepare_publication()
        approved.with_user(self.lead).action_approve_publication()
        ids = self.search_ids(text="门户测试决定")
        self.assertEqual(ids, [published.id])
        for case in (decided, prepared, approved):
            self.assertIsNone(self.Case._portal_published_get(case.id))
            self.assertIsNone(self.Case._portal_published_docx(case.id))
        self.assertIsNone(self.Case._portal_published_get(max(self.Case.search([]).ids) + 1000))
        self.assertIsNone(self.Case._portal_published_get("1 or 1=1"))

    def test_the_page_carries_the_redacted_text_only(self):
        case = self.published("孙八", self.agency)
        page = self.Case._portal_published_get(case.id)
        self.assertEqual(page["number"], case.name)
        self.assertEqual(page["text"], case.publication_text)
        self.assertNotIn("孙八", str(page))
        self.assertNotIn("13812341234", str(page))
        self.assertEqual(page["decision_type_label"], "撤销")
        self.assertEqual(page["agency"], "县门户测试局")

    def test_docx_is_built_from_the_redacted_text(self):
        case = self.published("周九", self.agency)
        filename, data = self.Case._portal_published_docx(case.id)
        self.assertTrue(filename.endswith(".docx"))
        text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
        self.assertIn("行政复议决定书", text)
        self.assertIn(case.publication_text.strip()[:10], text)
        self.assertNotIn("周九", text)
        self.assertNotIn("13812341234", text)

    def test_search_filters_by_year_agency_type_and_text(self):
        first = self.published("吴一", self.agency, decision_type="revoke", decided="2025-11-20")
        second = self.published("郑二", self.other_agency, decision_type="uphold", decided="2025-11-21")
        both = {first.id, second.id}
        self.assertEqual(set(self.search_ids(text="门户测试决定")) & both, both)
        self.assertEqual(set(self.search_ids(agency_id=str(self.other_agency.id))) & both, {second.id})
        self.assertEqual(set(self.search_ids(decision_type="uphold", text="门户测试决定")) & both, {second.id})
        self.assertEqual(set(self.search_ids(year="2025", text="门户测试决定")) & both, both)
        self.assertEqual(set(self.search_ids(year=2024, text="门户测试决定")) & both, set())
        # an unknown decision type is ignored rather than matching nothing
        self.assertEqual(set(self.search_ids(decision_type="bogus", text="门户测试决定")) & both, both)

    def test_search_pages_and_caps_the_page_size(self):
        for name in ("甲一", "甲二", "甲三"):
            self.published(name, self.agency)
        page = self.Case._portal_published_search(agency_id=self.agency.id, offset=0, limit=2)
        self.assertEqual((page["total"], len(page["rows"])), (3, 2))
        rest = self.Case._portal_published_search(agency_id=self.agency.id, offset=2, limit=2)
        self.assertEqual(len(rest["rows"]), 1)
        self.assertFalse({r["id"] for r in page["rows"]} & {r["id"] for r in rest["rows"]})
        self.assertLessEqual(len(self.Case._portal_published_search(limit=10 ** 6)["rows"]), 50)

    def test_facets_name_only_what_was_published(self):
        self.published("冯三", self.agency, decision_type="uphold", decided="2025-11-20")
        self.decided("陈四", self.other_agency, decision_type="vary")
        facets = self.Case._portal_published_facets()
        agency_ids = [agency_id for agency_id, _name in facets["agencies"]]
        self.assertIn(self.agency.id, agency_ids)
        self.assertNotIn(self.other_agency.id, agency_ids)
        self.assertIn(2025, facets["years"])
        self.assertIn(("uphold", "维持"), facets["decision_types"])
