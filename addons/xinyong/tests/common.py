from flectra.tests import TransactionCase, new_test_user

from flectra.addons.fuyi_case.tools import identifiers


def uscc(first17):
    """A valid USCC made from its first 17 characters (GB 32100-2015 check character)."""
    return first17 + identifiers.uscc_check_char(first17)


class XinyongCommon(TransactionCase):
    """Two bodies with liaisons, an SME, the determining department and users of every integrity role."""

    def setUp(self):
        super().setUp()
        Partner = self.env["res.partner"]
        self.body = Partner.create({"name": "县住房和城乡建设局", "party_kind": "agency",
                                    "uscc": uscc("11410421MB1234567")})
        self.other_body = Partner.create({"name": "县交通运输局", "party_kind": "agency",
                                          "uscc": uscc("11410421MB7654321")})
        self.sme = Partner.create({"name": "某建筑工程有限公司", "party_kind": "organisation",
                                   "uscc": uscc("91410421MA1234567")})
        self.department = Partner.create({"name": "县发展和改革委员会", "party_kind": "agency",
                                          "uscc": uscc("11410421MB0000001")})
        self.office = new_test_user(self.env, login="xy_office", groups="xinyong.xinyong_group_user")
        self.manager = new_test_user(self.env, login="xy_manager", groups="xinyong.xinyong_group_manager")
        self.liaison = new_test_user(self.env, login="xy_body", groups="xinyong.xinyong_group_body")
        self.other_liaison = new_test_user(self.env, login="xy_body2", groups="xinyong.xinyong_group_body")
        self.exchange = new_test_user(self.env, login="xy_exchange", groups="xinyong.xinyong_group_exchange")
        self.body.agency_liaison_user_ids = [(4, self.liaison.id)]
        self.other_body.agency_liaison_user_ids = [(4, self.other_liaison.id)]

    def new_record(self, body=None, received="2026-04-01", **values):
        vals = {"date_received": received, "agency_id": (body or self.body).id, "title": "拖欠工程款",
                "default_type": "payment_arrears", "source": "complaint", "counterpart_id": self.sme.id,
                "amount": 1000000.0, "determining_department_id": self.department.id}
        vals.update(values)
        return self.env["xinyong.default.record"].with_user(self.office).create(vals)

    def determine(self, record, date="2026-04-10", number="县发改信〔2026〕1号", klass="general"):
        """The NDRC-2023 flow to a determined default: verified true, rectification refused, approved."""
        record = record.with_user(self.office)
        record.publication_class = klass
        record.action_forward_for_verification(date="2026-04-02")
        record.action_verify(True, "属实", rectification_due="2026-04-08", date="2026-04-03")
        record.action_refuse_rectification("personnel_change", "前任领导签的")
        record.with_user(self.manager).action_approve(number, date=date)
        return record
