from flectra.exceptions import AccessError, ValidationError

from .common import FuyiCaseCommon


class TestPartyIdentifiers(FuyiCaseCommon):

    def test_id_number_is_validated_and_normalised(self):
        """A lower-case check letter is stored upper-case (GB 11643; P3)."""
        person = self.env["res.partner"].create({"name": "李四", "party_kind": "person",
                                                 "id_number": "33010619851231000x"})
        self.assertEqual(person.id_number, "33010619851231000X")

    def test_invalid_id_number_is_refused_with_the_reason(self):
        with self.assertRaises(ValidationError) as ctx:
            self.env["res.partner"].create({"name": "王五", "party_kind": "person", "id_number": "110101197001010009"})
        self.assertIn("110101197001010009", str(ctx.exception))

    def test_full_width_credit_code_is_normalised(self):
        """Full-width input is accepted after normalisation (GB 32100; U9)."""
        org = self.env["res.partner"].create({"name": "某公司", "party_kind": "organisation",
                                              "uscc": "９１１１０１０８０００００００００７"})
        self.assertEqual(org.uscc, "911101080000000007")

    def test_invalid_credit_code_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env["res.partner"].create({"name": "某公司", "party_kind": "organisation", "uscc": "911101080000000008"})

    def test_masked_id_number_for_everyone_full_for_case_workers(self):
        """Others see 110101********0008; the full number needs the clerk group."""
        self.assertEqual(self.applicant.id_number_masked, "110101********0008")
        outsider = self.env["res.users"].create({"login": "outsider", "name": "Outsider",
                                                 "groups_id": [(6, 0, [self.ref("base.group_user")])]})
        as_outsider = self.applicant.with_user(outsider)
        self.assertEqual(as_outsider.read(["id_number_masked"])[0]["id_number_masked"], "110101********0008")
        with self.assertRaises(AccessError):
            as_outsider.read(["id_number"])
        self.assertEqual(self.applicant.with_user(self.clerk).read(["id_number"])[0]["id_number"],
                         "110101197001010008")

    def test_exact_search_by_identifier_without_the_clear_value(self):
        """The digest column finds the person; it is not the number itself."""
        found = self.env["res.partner"].search([("identifier_search", "=", "110101197001010008")])
        self.assertEqual(found, self.applicant)
        self.assertNotIn("110101197001010008", self.applicant.identifier_digest)
        full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in "12330100000000000E")
        found_org = self.env["res.partner"].search([("identifier_search", "=", full_width)])
        self.assertEqual(found_org, self.agency)

    def test_only_persons_have_an_id_number(self):
        with self.assertRaises(ValidationError):
            self.env["res.partner"].create({"name": "某局", "party_kind": "agency", "id_number": "110101197001010008"})

    def test_respondent_must_be_an_agency(self):
        with self.assertRaises(ValidationError):
            self.new_case("2025-09-26", party_ids=[(0, 0, {"partner_id": self.applicant.id, "role": "respondent"})])

    def test_party_history_is_one_search(self):
        first = self.new_case("2025-09-26")
        second = self.new_case("2025-10-09")
        cases = self.env["fuyi.case"].search(self.applicant._fuyi_case_domain())
        self.assertEqual(cases, (first | second).mapped("case_id"))
