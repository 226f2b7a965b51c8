import datetime

from flectra.tests import TransactionCase, new_test_user


class YingsuCommon(TransactionCase):
    """Agencies with heads and liaisons, a plaintiff, a court and users of every litigation role."""

    def setUp(self):
        super().setUp()
        Partner = self.env["res.partner"]
        self.head = Partner.create({"name": "王局长", "party_kind": "person", "email": "head@example.com"})
        self.deputy = Partner.create({"name": "李副局长", "party_kind": "person"})
        self.staff = Partner.create({"name": "赵科长", "party_kind": "person"})
        self.agency = Partner.create({"name": "县市场监督管理局", "party_kind": "agency", "agency_head_id": self.head.id,
                                      "agency_deputy_ids": [(6, 0, self.deputy.ids)]})
        self.other_head = Partner.create({"name": "陈局长", "party_kind": "person"})
        self.other_agency = Partner.create({"name": "县自然资源局", "party_kind": "agency",
                                            "agency_head_id": self.other_head.id})
        self.plaintiff = Partner.create({"name": "张三", "party_kind": "person"})
        self.court = Partner.create({"name": "县人民法院", "party_kind": "organisation"})
        self.staff_user = new_test_user(self.env, login="ys_staff", groups="yingsu.yingsu_group_user")
        self.liaison = new_test_user(self.env, login="ys_liaison", groups="yingsu.yingsu_group_agency")
        self.agency.agency_liaison_user_ids = [(4, self.liaison.id)]
        self.head_user = new_test_user(self.env, login="ys_head", groups="yingsu.yingsu_group_agency")
        self.head_user.partner_id.write({"name": "王局长（用户）"})
        self.agency.agency_head_id = self.head_user.partner_id
        self.head = self.head_user.partner_id
        self.head.email = "head@example.com"

    def new_lawsuit(self, received="2025-09-20", agency=None, **values):
        agency = agency or self.agency
        vals = {"date_received": received, "agency_id": agency.id, "title": "罚款决定", "court_id": self.court.id,
                "act_description": "罚款决定",
                "party_ids": [(0, 0, {"partner_id": self.plaintiff.id, "role": "plaintiff", "is_primary": True}),
                              (0, 0, {"partner_id": agency.id, "role": "defendant", "is_primary": True})]}
        vals.update(values)
        return self.env["yingsu.lawsuit"].create(vals)

    def new_appearance(self, lawsuit, hearing="2026-03-10 01:30:00", received="2026-03-02", **values):
        vals = {"lawsuit_id": lawsuit.id, "hearing_datetime": hearing, "notice_received": received,
                "hearing_place": "第一审判庭"}
        vals.update(values)
        return self.env["yingsu.appearance"].create(vals)

    def attachment(self, name="proof.pdf"):
        return self.env["ir.attachment"].create({"name": name, "raw": b"%PDF-1.4 proof"})

    @staticmethod
    def d(text):
        return datetime.date.fromisoformat(text)

    def open_deadline(self, lawsuit, kind):
        deadlines = lawsuit.case_id.deadline_ids.filtered(lambda d: d.kind == kind and d.state in ("open", "paused"))
        self.assertEqual(len(deadlines), 1, "expected one open %s deadline" % kind)
        return deadlines
