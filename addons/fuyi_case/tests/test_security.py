from flectra.exceptions import AccessError

from .common import FuyiCaseCommon


class TestCaseAccess(FuyiCaseCommon):

    def test_liaison_sees_only_cases_of_their_agencies(self):
        mine = self.new_case("2025-09-26")
        other = self.new_case("2025-09-26", agency_id=self.other_agency.id,
                              party_ids=[(0, 0, {"partner_id": self.other_agency.id, "role": "respondent"})])
        Cases = self.env["fuyi.reconsideration"].with_user(self.liaison)
        self.assertEqual(Cases.search([]), mine.with_user(self.liaison))
        self.assertEqual(self.env["fuyi.case"].with_user(self.liaison).search_count([]), 1)
        with self.assertRaises(AccessError):
            other.with_user(self.liaison).read(["name"])

    def test_liaison_cannot_write_cases(self):
        case = self.new_case("2025-09-26")
        with self.assertRaises(AccessError):
            case.with_user(self.liaison).write({"title": "changed"})

    def test_clerk_registers_and_accepts(self):
        case = self.env["fuyi.reconsideration"].with_user(self.clerk).create({
            "date_received": "2025-09-26", "agency_id": self.agency.id})
        case.action_accept(date="2025-10-09")
        self.assertEqual(case.state, "accepted")
