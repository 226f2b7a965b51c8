from flectra.tests import TransactionCase, new_test_user


class JianduCommon(TransactionCase):
    """Agencies with liaison members, a supervisor, two reviewers from different agencies, files."""

    def setUp(self):
        super().setUp()
        Partner = self.env["res.partner"]
        self.market = Partner.create({"name": "县市场监督管理局", "party_kind": "agency", "is_enforcement_body": True})
        self.environment = Partner.create({"name": "县生态环境局", "party_kind": "agency", "is_enforcement_body": True})
        self.transport = Partner.create({"name": "县交通运输局", "party_kind": "agency", "is_enforcement_body": True})
        self.supervisor = new_test_user(self.env, login="jd_supervisor", groups="jiandu.jiandu_group_manager")
        self.reviewer = new_test_user(self.env, login="jd_reviewer", groups="jiandu.jiandu_group_reviewer")
        self.reviewer2 = new_test_user(self.env, login="jd_reviewer2", groups="jiandu.jiandu_group_reviewer")
        self.market_user = new_test_user(self.env, login="jd_market", groups="jiandu.jiandu_group_agency")
        self.environment_user = new_test_user(self.env, login="jd_env", groups="jiandu.jiandu_group_agency")
        # membership decides cross review and what an agency sees; only an administrator sets it
        self.market.agency_liaison_user_ids = [(4, self.market_user.id), (4, self.reviewer.id)]
        self.environment.agency_liaison_user_ids = [(4, self.environment_user.id), (4, self.reviewer2.id)]
        self.rubric = self.env.ref("jiandu.rubric_default")
        Officer = self.env["jiandu.enforcement.officer"]
        self.officer_a = Officer.create({"name": "王执法", "agency_id": self.market.id, "certificate_number": "ZF-T-001",
                                         "certificate_expiry_date": "2027-12-31"})
        self.officer_b = Officer.create({"name": "赵执法", "agency_id": self.market.id, "certificate_number": "ZF-T-002",
                                         "certificate_expiry_date": "2026-03-31"})

    def new_file(self, agency=None, decided="2026-03-10", **values):
        vals = {"agency_id": (agency or self.market).id, "title": "未按规定明码标价", "act_kind": "penalty",
                "date_received": "2026-01-05", "filing_date": "2026-01-05", "decision_date": decided,
                "published_date": decided, "full_record": True}
        vals.update(values)
        return self.env["jiandu.case.file"].create(vals)

    def item(self, code):
        return self.rubric.item_ids.filtered(lambda i: i.code == code)

    def line(self, review, code):
        return review.line_ids.filtered(lambda l: l.item_id.code == code)

    def new_campaign(self, **values):
        vals = {"name": "2026年第一季度行政处罚案卷评查", "rubric_id": self.rubric.id, "date_from": "2026-01-01",
                "date_to": "2026-06-30", "seed": "20260401", "sample_rate": 1.0,
                "reviewer_ids": [(6, 0, [self.reviewer.id, self.reviewer2.id])]}
        vals.update(values)
        return self.env["jiandu.review.campaign"].create(vals)
