"""Demo data: a review campaign over 42 enforcement files of 6 agencies of the demo county.

Built through the same methods users call (import-like creation, draw, cross-review assignment,
item-by-item scoring, rectification), seeded, so every install gets the same campaign.
"""
import datetime
import random

from flectra import api, models

DEMO_SEED = 2026
#: (fuyi_case demo xml id, name if that demo is not loaded, enforcement category, typical cause)
AGENCIES = [
    ("res_partner_agency_amr_demo", "安和县市场监督管理局", "市场监管", "未按规定明码标价"),
    ("res_partner_agency_psb_demo", "安和县公安局", "治安管理", "违反治安管理规定"),
    ("res_partner_agency_nr_demo", "安和县自然资源局", "自然资源", "非法占用土地"),
    ("res_partner_agency_eco_demo", "安和县生态环境局", "生态环境", "超标排放污染物"),
    ("res_partner_agency_transport_demo", "安和县交通运输局", "交通运输", "未取得道路运输经营许可"),
    ("res_partner_agency_cgzf_demo", "安和县城市管理综合执法局", "城市管理", "违规设置户外广告"),
]
FILES_PER_AGENCY = 8
#: reviewers: (login, name, index of their agency in AGENCIES, or None for the justice bureau)
REVIEWERS = [("jd_reviewer_amr", "钱法明", 0), ("jd_reviewer_eco", "孙守正", 3), ("jd_reviewer_cgzf", "周依法", 5),
             ("jd_reviewer_justice", "吴公允", None)]
SCORED_DEFECTS = ["index_order", "unpaginated_page", "signature_missing", "evidence_chain", "citation_incomplete",
                  "discretion_unexplained", "remedy_period_missing", "service_proof_missing", "publication_late"]


class JianduDemo(models.AbstractModel):
    _name = "jiandu.demo"
    _description = "Enforcement supervision demo data"

    @api.model
    def action_generate_demo(self):
        """Create the demo campaign (idempotent: nothing happens once it exists)."""
        Data = self.env["ir.model.data"].sudo()
        if Data.search_count([("module", "=", "jiandu"), ("name", "=", "jiandu_review_campaign_demo")]):
            return False
        rng = random.Random(DEMO_SEED)
        agencies = self._demo_agencies()
        supervisor, reviewers = self._demo_users(agencies)
        officers = self._demo_officers(agencies, rng)
        self._demo_files(agencies, officers, rng)
        campaign = self.env["jiandu.review.campaign"].create({
            "name": "2026年上半年行政处罚案卷评查", "rubric_id": self.env.ref("jiandu.rubric_default").id,
            "date_from": "2026-01-01", "date_to": "2026-06-30", "seed": "20260701", "sampling_method": "risk",
            "per_agency": True, "sample_rate": 0.875, "reviewer_ids": [(6, 0, reviewers.ids)],
            "agency_ids": [(6, 0, [a.id for a in agencies])]})
        Data.create({"module": "jiandu", "name": "jiandu_review_campaign_demo", "model": campaign._name,
                     "res_id": campaign.id, "noupdate": True})
        campaign.action_draw_sample()
        campaign.action_assign_reviewers()
        # about three quarters scored and submitted; the rest waits for its reviewer
        for index, review in enumerate(campaign.review_ids.sorted("id")):
            if index % 4 == 3:
                continue
            for code in rng.sample(SCORED_DEFECTS, rng.randint(0, 4)):
                line = review.line_ids.filtered(lambda l, code=code: l.item_id.code == code)
                line.write({"defect_count": 1, "reason": "演示：%s" % line.item_id.name, "evidence": "第%d页" % rng.randint(2, 40)})
            review.with_user(review.reviewer_id).action_submit()
        self._demo_rectifications(campaign, supervisor)
        self._demo_supervision_case(agencies)
        return campaign.id

    def _demo_agencies(self):
        Partner = self.env["res.partner"]
        agencies = []
        for xmlid, name, category, _cause in AGENCIES:
            agency = self.env.ref("fuyi_case.%s" % xmlid, raise_if_not_found=False)
            if not agency:
                agency = Partner.search([("name", "=", name), ("party_kind", "=", "agency")], limit=1) or \
                    Partner.create({"name": name, "party_kind": "agency", "is_company": True})
            agency.write({"is_enforcement_body": True, "enforcement_announcement": "announced",
                          "enforcement_announcement_date": "2026-01-10", "enforcement_categories": category})
            agencies.append(agency)
        return agencies

    def _demo_users(self, agencies):
        Users = self.env["res.users"].with_context(no_reset_password=True)
        supervisor = Users.search([("login", "=", "jd_supervisor")]) or Users.create({
            "name": "郑监督", "login": "jd_supervisor", "email": "zhengjiandu@anhe.example.cn",
            "groups_id": [(6, 0, [self.env.ref("jiandu.jiandu_group_manager").id])]})
        justice = self.env.ref("fuyi_case.res_partner_justice_bureau_demo", raise_if_not_found=False)
        reviewers = self.env["res.users"]
        for login, name, agency_index in REVIEWERS:
            user = Users.search([("login", "=", login)]) or Users.create({
                "name": name, "login": login, "email": "%s@anhe.example.cn" % login,
                "groups_id": [(6, 0, [self.env.ref("jiandu.jiandu_group_reviewer").id])]})
            agency = agencies[agency_index] if agency_index is not None else justice
            if agency:
                agency.agency_liaison_user_ids = [(4, user.id)]
            reviewers |= user
        for agency in agencies:
            for liaison in agency.agency_liaison_user_ids - reviewers:
                liaison.groups_id = [(4, self.env.ref("jiandu.jiandu_group_agency").id)]
        return supervisor, reviewers

    def _demo_officers(self, agencies, rng):
        Officer = self.env["jiandu.enforcement.officer"]
        surnames = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许"
        officers = {}
        for index, agency in enumerate(agencies):
            records = Officer.browse()
            for n in range(3):
                expiry = datetime.date(2026, 3, 31) if n == 2 and index % 2 else datetime.date(2028, 12, 31)
                records |= Officer.create({
                    "name": surnames[(index * 3 + n) % len(surnames)] + "执法%d" % (n + 1), "agency_id": agency.id,
                    "certificate_number": "ZF99%02d%03d" % (index, n + 1), "certificate_authority": "江岭市司法局",
                    "certificate_scope": AGENCIES[index][2], "certificate_issue_date": "2023-01-01",
                    "certificate_expiry_date": expiry, "legal_qualification": n == 0,
                    "training_ids": [(0, 0, {"name": "行政执法人员年度培训", "date": "2026-03-%02d" % (n + 10),
                                             "hours": rng.choice([16, 24, 24])})]})
            officers[agency.id] = records
        return officers

    def _demo_files(self, agencies, officers, rng):
        Files = self.env["jiandu.case.file"]
        vals_list = []
        for index, agency in enumerate(agencies):
            for n in range(FILES_PER_AGENCY):
                decided = datetime.date(2026, 1 + (n % 6), 5 + rng.randint(0, 20))
                filed = decided - datetime.timedelta(days=rng.randint(15, 80))
                published = decided + datetime.timedelta(days=rng.choice([2, 3, 5, 6, 12])) if n % 5 else False
                vals_list.append({
                    "external_ref": "JL-DEMO-%d%02d" % (index + 1, n + 1),
                    "file_number": "安%s罚〔2026〕%d号" % ("市监公自环交城"[index], n + 1),
                    "agency_id": agency.id, "act_kind": "penalty", "enforcement_category": AGENCIES[index][2],
                    "title": AGENCIES[index][3], "date_received": filed, "filing_date": filed,
                    "decision_date": decided, "published_date": published, "penalty_amount": rng.choice(
                        [500, 2000, 5000, 10000, 50000]), "full_record": n % 7 != 3,
                    "hearing_held": n == 6, "major_rights": n == 6, "legal_review_date": decided if n != 6 or index % 3
                    else False, "source": "import"})
        files = Files.create(vals_list)
        Act = self.env["jiandu.enforcement.act"]
        for record in files:
            team = officers[record.agency_id.id]
            # one file in eight was inspected by a single officer (APL Art. 42)
            signers = team[:1] if record.external_ref.endswith("04") else team[:2]
            Act.create({"file_id": record.id, "name": "现场检查笔录", "date": record.filing_date,
                        "officer_ids": [(6, 0, signers.ids)]})
            Act.create({"file_id": record.id, "name": "行政处罚决定", "date": record.decision_date,
                        "officer_ids": [(6, 0, team[1:3].ids if record.external_ref.endswith("05") else team[:2].ids)]})
        return files

    def _demo_rectifications(self, campaign, supervisor):
        Rectification = self.env["jiandu.rectification"]
        unqualified = campaign.file_ids.filtered(lambda f: f.result_review_id and not f.qualified).sorted("id")
        for index, record in enumerate(unqualified[:3]):
            rectification = Rectification.create(Rectification._prepare_from_review(record.result_review_id))
            rectification.with_user(supervisor).action_issue(date="2026-07-20")
            if index == 0:
                member = record.agency_id.agency_liaison_user_ids[:1]
                rectification.with_user(member or supervisor).action_reply(
                    "已对案卷存在的问题逐项整改，并组织执法人员专题培训。", date="2026-08-10")
                rectification.with_user(supervisor).action_verify(True, "经核查，整改到位。")

    def _demo_supervision_case(self, agencies):
        complainant = self.env["res.partner"].create({"name": "陈晓", "party_kind": "person"})
        case = self.env["jiandu.supervision.case"].create({
            "title": "反映重复罚款", "source": "hotline_12345", "source_ref": "12345-2026-08812",
            "complainant_id": complainant.id, "agency_id": agencies[5].id, "issue": "arbitrary_fine",
            "complaint": "同一户外广告被两次处罚。", "date_received": "2026-05-11"})
        case.action_investigate()
