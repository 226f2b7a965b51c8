from flectra.exceptions import AccessError
from flectra.tests import new_test_user, tagged

from .common import YingsuCommon


@tagged("standard", "at_install")
class TestRecordRules(YingsuCommon):
    """Litigation staff see every lawsuit; liaisons and heads only their own agencies' (and nothing else)."""

    def setUp(self):
        super().setUp()
        self.own = self.new_lawsuit()
        self.foreign = self.new_lawsuit(agency=self.other_agency)
        self.own_appearance = self.new_appearance(self.own)
        self.foreign_appearance = self.new_appearance(self.foreign)
        self.reconsideration = self.env["fuyi.reconsideration"].create({
            "date_received": "2025-09-01", "agency_id": self.agency.id, "title": "复议案"})

    def visible(self, user, model, records):
        return self.env[model].with_user(user).search([("id", "in", records.ids)])

    def test_staff_see_all(self):
        both = self.own | self.foreign
        self.assertEqual(self.visible(self.staff_user, "yingsu.lawsuit", both), both)
        lawsuit = self.env["yingsu.lawsuit"].with_user(self.staff_user).create({
            "date_received": "2025-10-01", "agency_id": self.agency.id, "title": "新案"})
        self.assertTrue(lawsuit.name)

    def test_liaison_and_head_see_only_their_agency(self):
        for user in (self.liaison, self.head_user):
            self.assertEqual(self.visible(user, "yingsu.lawsuit", self.own | self.foreign), self.own, user.login)
            self.assertEqual(self.visible(user, "yingsu.appearance", self.own_appearance | self.foreign_appearance),
                             self.own_appearance)
        all_cases = self.own.case_id | self.foreign.case_id | self.reconsideration.case_id
        # the liaison is the agency's liaison in reconsideration too (fuyi_case's rule); the head sees lawsuits only
        self.assertEqual(self.visible(self.liaison, "fuyi.case", all_cases), self.own.case_id | self.reconsideration.case_id)
        self.assertEqual(self.visible(self.head_user, "fuyi.case", all_cases), self.own.case_id)
        self.assertFalse(self.visible(self.head_user, "fuyi.reconsideration", self.reconsideration))

    def test_deputy_head_sees_the_agency_too(self):
        deputy_user = new_test_user(self.env, login="ys_deputy", groups="yingsu.yingsu_group_agency")
        self.agency.agency_deputy_ids = [(4, deputy_user.partner_id.id)]
        self.assertEqual(self.visible(deputy_user, "yingsu.lawsuit", self.own | self.foreign), self.own)

    def test_co_defendant_agency_sees_the_lawsuit(self):
        self.own.party_ids = [(0, 0, {"partner_id": self.other_agency.id, "role": "co_defendant"})]
        other_liaison = new_test_user(self.env, login="ys_other_liaison", groups="yingsu.yingsu_group_agency")
        self.other_agency.agency_liaison_user_ids = [(4, other_liaison.id)]
        self.assertEqual(self.visible(other_liaison, "yingsu.lawsuit", self.own | self.foreign), self.own | self.foreign)

    def test_head_designates_from_the_notice_but_cannot_edit_the_lawsuit(self):
        self.own_appearance.action_notify_head()
        as_head = self.own_appearance.with_user(self.head_user)
        as_head.action_designate(self.head.id, "head", position="局长")
        self.assertEqual(self.own_appearance.designee_id, self.head)
        with self.assertRaises(AccessError):
            self.own.with_user(self.head_user).write({"title": "改"})
        with self.assertRaises(AccessError):
            self.foreign_appearance.with_user(self.head_user).action_designate(self.other_head.id, "head")
