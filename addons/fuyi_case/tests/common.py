from flectra.tests import TransactionCase, new_test_user


class FuyiCaseCommon(TransactionCase):
    """Agencies, parties and users every fuyi_case test needs, built in setUp (portable)."""

    def setUp(self):
        super().setUp()
        Partner = self.env["res.partner"]
        self.agency = Partner.create({"name": "县市场监督管理局", "party_kind": "agency",
                                      "uscc": "12330100000000000E"})
        self.other_agency = Partner.create({"name": "县自然资源局", "party_kind": "agency"})
        self.applicant = Partner.create({"name": "张三", "party_kind": "person", "id_number": "110101197001010008"})
        self.clerk = new_test_user(self.env, login="fuyi_clerk", groups="fuyi_case.fuyi_case_group_clerk")
        self.liaison = new_test_user(self.env, login="fuyi_liaison", groups="fuyi_case.fuyi_case_group_liaison")
        self.agency.agency_liaison_user_ids = [(4, self.liaison.id)]

    def new_case(self, received, **values):
        vals = {"date_received": received, "agency_id": self.agency.id, "title": "罚款决定",
                "party_ids": [(0, 0, {"partner_id": self.applicant.id, "role": "applicant", "is_primary": True}),
                              (0, 0, {"partner_id": self.agency.id, "role": "respondent"})]}
        vals.update(values)
        return self.env["fuyi.reconsideration"].create(vals)

    def deadline(self, case, kind):
        deadlines = case.deadline_ids.filtered(lambda d: d.kind == kind and d.state in ("open", "paused"))
        self.assertEqual(len(deadlines), 1, "expected one open %s deadline" % kind)
        return deadlines
