from flectra.exceptions import UserError

from .common import FuyiCaseCommon


class TestIssueChecks(FuyiCaseCommon):
    """Issue 13 items 2 and 5: a case entered in the form had no respondent line (the decision
    named no 被申请人) and no 行政行为 (the title stood in for it); issuing said nothing."""

    def case_from_the_form(self, **values):
        # what the web form sends: the agency and the applicant, no respondent line
        vals = {"date_received": "2025-09-26", "agency_id": self.agency.id, "title": "王五不服罚款",
                "party_ids": [(0, 0, {"partner_id": self.applicant.id, "role": "applicant", "is_primary": True})]}
        vals.update(values)
        return self.env["fuyi.reconsideration"].create(vals)

    def respondents(self, case):
        return case.party_ids.filtered(lambda p: p.role == "respondent").mapped("partner_id")

    def test_the_respondent_follows_from_the_agency(self):
        case = self.case_from_the_form()
        self.assertEqual(self.respondents(case), self.agency)
        other = self.env["res.partner"].create({"name": "县自然资源局", "party_kind": "agency"})
        case.agency_id = other
        self.assertEqual(self.respondents(case), other)       # moved along, not added beside
        # a respondent named on the parties tab is kept as it is
        named = self.new_case("2025-09-26")
        self.assertEqual(self.respondents(named), self.agency)
        self.assertEqual(len(named.party_ids.filtered(lambda p: p.role == "respondent")), 1)

    def test_issuing_lists_what_to_fill_in_and_the_preview_shows_the_text(self):
        case = self.case_from_the_form(request="撤销罚款决定")
        case.action_accept(date="2025-10-10", procedure="ordinary")
        case.action_decide("uphold", date="2025-11-20", summary="事实清楚，证据确凿。")
        document = self.env["fuyi.document"].browse(case.action_create_document("decision_document"))
        act_label = case._fields["act_description"].get_description(self.env)["string"]
        self.assertIn(act_label, document.issue_missing)
        with self.assertRaises(UserError) as ctx:
            document.action_issue("2025-11-20")
        self.assertIn(act_label, str(ctx.exception))
        self.assertFalse(document.number)                     # no number drawn for a refused issue
        self.assertEqual(document.state, "draft")
        case.act_description = "罚款2000元的行政处罚决定"
        self.assertFalse(document.issue_missing)
        preview = document.preview_text
        self.assertIn("行政复议决定书", preview)
        self.assertIn("被申请人：%s" % self.agency.name, preview)
        self.assertIn("罚款2000元的行政处罚决定", preview)
        self.assertNotIn("王五不服罚款作出", preview)
        self.assertEqual(document.attachment_id.name, "行政复议决定书-草稿第1版.docx")
        document.action_issue("2025-11-20")
        self.assertEqual(document.state, "issued")
        self.assertFalse(document.preview_text)
        # the file name a clerk downloads: the document's name and number, in Chinese
        self.assertEqual(document.attachment_id.name, "行政复议决定书-%s.docx" % document.number)
        self.assertRegex(document.attachment_id.name, r"^[^A-Za-z]+\.docx$")

    def test_a_document_without_the_respondent_is_refused(self):
        case = self.case_from_the_form(act_description="罚款决定")
        case.party_ids.filtered(lambda p: p.role == "respondent").unlink()
        case.action_accept(date="2025-10-10", procedure="ordinary")
        document = self.env["fuyi.document"].browse(case.action_create_document("acceptance_notice"))
        with self.assertRaises(UserError) as ctx:
            document.action_issue("2025-10-10")
        self.assertIn("respondent", str(ctx.exception).lower() + document.with_context(lang="en_US").issue_missing)

    def test_every_document_type_has_a_chinese_file_name(self):
        """Translation completeness of generated file names: no document downloads as
        decision_document-v2.docx, whatever the clerk's language."""
        Document = self.env["fuyi.document"].with_context(lang="en_US")
        for doc_type, _label in Document._fields["doc_type"].get_description(Document.env)["selection"]:
            for number in (False, "县府复决字〔2025〕1号"):
                name = Document.new({"doc_type": doc_type, "number": number})._download_name(2)
                self.assertRegex(name, r"^[^A-Za-z]+\.docx$", doc_type)
                self.assertIn(number or "草稿第2版", name)
