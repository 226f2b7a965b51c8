import datetime

from flectra import api, models

DEMO_AS_OF = datetime.date(2026, 11, 25)   #: fuyi_case's demo "today"


class XinyongDefaultRecordDemo(models.Model):
    _inherit = "xinyong.default.record"

    @api.model
    def action_generate_demo(self):
        """Promises with SME payments (paid, overdue, coming due) and default records in every state, driven
        through the workflow methods. Idempotent: nothing is made twice."""
        Data = self.env["ir.model.data"].sudo()
        if Data.search_count([("module", "=", "xinyong"), ("name", "=", "xinyong_promise_road_demo")]):
            return []
        ref = self.env.ref
        housing = ref("fuyi_case.res_partner_agency_housing_demo", raise_if_not_found=False)
        transport = ref("fuyi_case.res_partner_agency_transport_demo", raise_if_not_found=False)
        town = ref("fuyi_case.res_partner_agency_town_demo", raise_if_not_found=False)
        if not (housing and transport and town):
            return []
        ndrc, build = ref("xinyong.res_partner_ndrc_demo"), ref("xinyong.res_partner_sme_build_demo")
        tech, investor = ref("xinyong.res_partner_sme_tech_demo"), ref("xinyong.res_partner_investor_demo")
        Promise, Obligation = self.env["xinyong.promise"], self.env["xinyong.obligation"]
        road = Promise.create({"name": "城东道路改造工程施工合同", "kind": "contract", "field": "government_investment",
                               "body_id": housing.id, "counterpart_id": build.id, "counterpart_sme": True,
                               "source": "contract", "source_reference": "AHJS-2025-017", "signed_date": "2025-08-01"})
        Obligation.create([
            {"promise_id": road.id, "name": "第一期进度款", "kind": "payment", "delivery_date": "2025-10-15",
             "amount": 600000.0, "paid_amount": 600000.0, "performed_date": "2025-11-10"},
            {"promise_id": road.id, "name": "第二期进度款", "kind": "payment", "delivery_date": "2026-06-30",
             "amount": 800000.0},
            {"promise_id": road.id, "name": "竣工结算款", "kind": "payment", "delivery_date": "2026-11-10",
             "amount": 450000.0},
        ])
        software = Promise.create({"name": "政务服务平台运维服务合同", "kind": "contract", "field": "procurement",
                                   "body_id": transport.id, "counterpart_id": tech.id, "counterpart_sme": True,
                                   "source": "contract", "source_reference": "AHJT-2026-003",
                                   "signed_date": "2026-01-05", "lpr_at_signing": 3.0, "agreed_late_rate": 3.65})
        Obligation.create([{"promise_id": software.id, "name": "年度运维费", "kind": "payment",
                            "delivery_date": "2026-09-30", "agreed_days": 45, "amount": 120000.0}])
        park = Promise.create({"name": "新材料产业园招商引资协议", "kind": "investment", "field": "investment",
                               "body_id": town.id, "counterpart_id": investor.id, "source": "minutes",
                               "source_reference": "安和县政府常务会议纪要〔2024〕12号", "signed_date": "2024-05-20"})
        Obligation.create([{"promise_id": park.id, "name": "兑现土地出让奖励政策", "kind": "policy",
                            "due_date": "2025-12-31", "amount": 2000000.0}])
        for promise, name in ((road, "road"), (software, "software"), (park, "park")):
            Data.create({"module": "xinyong", "name": "xinyong_promise_%s_demo" % name, "model": promise._name,
                         "res_id": promise.id, "noupdate": True})
        Obligation.search([])._refresh_monitoring(today=DEMO_AS_OF)

        base = {"determining_department_id": ndrc.id, "publication_class": "general"}
        records = self.browse()
        # determined and shared: the road contract's second payment, refused "because the previous leader signed"
        arrears = self.create(dict(base, title="拖欠城东道路工程第二期进度款", agency_id=housing.id,
                                   default_type="payment_arrears", source="complaint", source_reference="TS-2026-031",
                                   counterpart_id=build.id, promise_id=road.id, amount=800000.0,
                                   date_received="2026-09-01", evidence="施工合同、验收单、付款申请及催款函"))
        arrears.action_forward_for_verification(date="2026-09-02")
        arrears.action_verify(True, "经核实，工程已于2026年6月30日验收，款项未付。", rectification_due="2026-10-15",
                              date="2026-09-10")
        arrears.action_refuse_rectification("personnel_change", "称合同系前任领导签订")
        arrears.action_approve("安发改信〔2026〕3号", date="2026-10-20")
        records |= arrears
        # repaired: a policy promise broken, then kept
        policy = self.create(dict(base, title="未兑现招商引资土地奖励", agency_id=town.id,
                                  default_type="breach_of_contract", source="hotline", source_reference="12345-2025-8812",
                                  counterpart_id=investor.id, promise_id=park.id, amount=2000000.0,
                                  date_received="2026-01-10", publication_class="minor", published=False))
        policy.action_forward_for_verification(date="2026-01-12")
        policy.action_verify(True, "属实", rectification_due="2026-02-28", date="2026-01-20")
        policy.action_refuse_rectification("restructuring", "乡镇机构改革后称无权兑现")
        policy.action_approve("安发改信〔2026〕1号", date="2026-04-15")
        self.env["xinyong.repair"].create({"record_id": policy.id, "application_date": "2026-05-06",
                                           "performed": True, "performance_note": "奖励资金已于2026年5月拨付"})
        policy.repair_ids.action_decide(True, "已履行承诺", date="2026-05-12")
        records |= policy
        # in progress: under verification; rectification ordered; verified untrue
        pending = self.create(dict(base, title="运维费逾期未付", agency_id=transport.id, default_type="payment_arrears",
                                   source="complaint", source_reference="TS-2026-058", counterpart_id=tech.id,
                                   promise_id=software.id, amount=120000.0, date_received="2026-11-18"))
        pending.action_forward_for_verification(date="2026-11-19")
        order = self.create(dict(base, title="拖欠竣工结算款", agency_id=housing.id, default_type="payment_arrears",
                                 source="audit", source_reference="安审〔2026〕9号", counterpart_id=build.id,
                                 amount=450000.0, date_received="2026-11-02"))
        order.action_forward_for_verification(date="2026-11-03")
        order.action_verify(True, "审计发现结算款未按期支付", rectification_due="2026-12-15", date="2026-11-10")
        untrue = self.create(dict(base, title="反映拖欠设计费", agency_id=transport.id, default_type="payment_arrears",
                                  source="hotline", source_reference="12345-2026-1203", counterpart_id=tech.id,
                                  date_received="2026-06-01"))
        untrue.action_forward_for_verification(date="2026-06-02")
        untrue.action_verify(False, "设计费已于2026年3月付清，已向投诉人说明。", date="2026-06-10")
        records |= pending | order | untrue
        for n, record in enumerate(records, 1):
            Data.create({"module": "xinyong", "name": "xinyong_default_record_%02d_demo" % n, "model": self._name,
                         "res_id": record.id, "noupdate": True})
        return records.ids
