import datetime
import random

from flectra import api, fields, models, _
from flectra.exceptions import UserError

from ..tools import periods
from ..tools.statistics import CORRECTING

DEMO_SEED = 2024   #: the same seed gives the same cases, numbers and dates on every install
DEMO_AS_OF = datetime.date(2026, 11, 25)   #: the demo's "today": later events stay pending
CASE_XMLID = "fuyi_reconsideration_%02d_demo"
CASE_XMLID_LIKE = "fuyi_reconsideration_%_demo"
LOCAL_0930_UTC = datetime.time(1, 30)   #: 09:30 Beijing time, stored in UTC

#: the acts reviewed: (agency key, profile, act, applicant kind, routing facts). The profile says
#: which route the Art. 53 table takes (simple/ordinary/complex/…) and which decisions fit.
ACTS = [
    ("amr", "simple", "食品安全行政处罚决定（罚款2000元）", "organisation", {"act_amount": 2000}),
    ("amr", "ordinary", "虚假广告行政处罚决定（罚款50000元）", "organisation", {"act_amount": 50000}),
    ("amr", "ordinary", "投诉举报不予立案告知", "person", {}),
    ("psb", "simple", "治安管理处罚决定（警告）", "person", {"act_sanction": "warning"}),
    ("psb", "ordinary", "治安管理处罚决定（行政拘留十日）", "person", {}),
    ("psb", "simple", "道路交通安全违法行为处罚决定（当场罚款200元）", "person",
     {"act_on_the_spot": True, "act_amount": 200}),
    ("nr", "complex", "土地权属争议处理决定", "person",
     {"act_real_estate": True, "complexity_factors": "complex_legal,evidence_doubts"}),
    ("nr", "ordinary", "责令退还非法占用土地决定", "person", {"act_real_estate": True}),
    ("eco", "specialised", "环境违法行政处罚决定（罚款200000元）", "organisation",
     {"act_amount": 200000, "specialised": True}),
    ("eco", "ordinary", "查封、扣押决定（排污设备）", "organisation", {}),
    ("housing", "complex", "国有土地上房屋征收补偿决定", "person",
     {"act_real_estate": True, "complexity_factors": "group_dispute,major_public_interest"}),
    ("housing", "info", "政府信息公开申请答复", "person", {"information_disclosure": True}),
    ("housing", "agreement", "房屋征收补偿协议履行", "person", {"act_real_estate": True}),
    ("hrss", "ordinary", "工伤认定决定", "organisation", {}),
    ("hrss", "ordinary", "不予认定工伤决定", "person", {}),
    ("hrss", "inaction", "未依法处理拖欠工资投诉（不履行劳动保障监察职责）", "person", {}),
    ("health", "simple", "医疗机构行政处罚决定（警告）", "organisation", {"act_sanction": "warning"}),
    ("health", "ordinary", "医师执业注册不予许可决定", "person", {}),
    ("transport", "ordinary", "非法营运行政处罚决定（罚款10000元）", "person", {"act_amount": 10000}),
    ("transport", "simple", "超限运输行政处罚决定（罚款2000元）", "organisation", {"act_amount": 2000}),
    ("agri", "ordinary", "销售假种子行政处罚决定（罚款30000元）", "organisation", {"act_amount": 30000}),
    ("agri", "inaction", "未履行农村宅基地审批法定职责", "person", {"act_real_estate": True}),
    ("emergency", "ordinary", "安全生产行政处罚决定（罚款30000元）", "organisation", {"act_amount": 30000}),
    ("emergency", "simple", "安全生产行政处罚决定（警告）", "organisation", {"act_sanction": "warning"}),
    ("cgzf", "ordinary", "责令限期拆除违法建设决定", "person", {"act_real_estate": True}),
    ("cgzf", "simple", "占道经营行政处罚决定（当场罚款500元）", "person", {"act_on_the_spot": True, "act_amount": 500}),
    ("town", "complex", "强制拆除房屋行为", "person", {"act_real_estate": True, "complexity_factors": "evidence_doubts"}),
    ("town", "info", "政府信息公开申请答复", "person", {"information_disclosure": True}),
    ("town", "inaction", "未履行土地承包经营纠纷调处职责", "person", {}),
    ("town", "agreement", "招商引资协议解除通知", "organisation", {}),
    ("edu", "ordinary", "民办学校办学许可不予批准决定", "organisation", {}),
    ("edu", "scope", "《安和县义务教育阶段招生入学办法》（规范性文件）", "person", {}),
    ("civil", "ordinary", "取消最低生活保障待遇决定", "person", {}),
    ("eco", "compensation", "违法查封设备造成损失的行政赔偿", "organisation", {}),
    ("psb", "compensation", "违法扣押车辆造成损失的行政赔偿", "person", {}),
    ("tax", "tax", "税务行政处罚决定（罚款5000元）", "organisation", {"act_amount": 5000}),
]
AGENCY_XMLIDS = {"tax": "fuyi_case.res_partner_other_tax_county_demo"}

#: the cases: (received, outcome, profile, detail, options). ``detail`` is the decision type, the
#: reason for not accepting, or the suspension/termination ground; options are space-separated.
SCENARIOS = [
    ("2025-01-08", "decided", "simple", "uphold", "publish"),
    ("2025-01-20", "decided", "ordinary", "revoke", "opinion agent letter_reported publish"),
    ("2025-02-10", "rejected", "ordinary", "late", ""),
    ("2025-02-24", "decided", "ordinary:罚款", "vary", "opinion publish"),
    ("2025-03-05", "abandoned", "ordinary", "", ""),
    ("2025-03-17", "decided", "complex", "uphold", "third_party extend publish"),
    ("2025-03-31", "mediated", "ordinary", "", "opinion"),
    ("2025-04-14", "decided", "ordinary", "confirm_illegal", "opinion letter_escalated publish"),
    ("2025-04-25", "withdrawn", "ordinary", "", "opinion"),
    ("2025-05-12", "decided", "inaction", "order_performance", "opinion publish"),
    ("2025-05-26", "decided", "ordinary", "dismiss_application", ""),
    ("2025-06-09", "terminated", "ordinary", "long_suspension", ""),
    ("2025-06-23", "decided", "ordinary", "uphold", "correction opinion publish"),
    ("2025-07-07", "rejected", "scope", "scope", ""),
    ("2025-07-21", "decided", "ordinary", "partial_revoke", "opinion public_notice publish"),
    ("2025-08-04", "decided", "inaction", "reject_request", "opinion"),
    ("2025-08-18", "decided", "simple", "uphold", "deemed"),
    ("2025-09-01", "decided", "ordinary", "confirm_invalid", "correction agent opinion publish"),
    ("2025-09-15", "decided", "specialised", "revoke", "opinion letter_reported publish"),
    ("2025-09-26", "decided", "simple", "uphold", "publish"),
    ("2025-10-13", "abandoned", "simple", "", ""),
    ("2025-10-20", "decided", "agreement", "agreement_remedy", "agent opinion publish"),
    ("2025-11-03", "terminated", "ordinary:拘留", "criminal_measure", ""),
    ("2025-11-14", "mediated", "ordinary", "", "opinion suspend6"),
    ("2025-11-24", "decided", "ordinary", "uphold", "opinion late"),
    ("2025-12-08", "decided", "compensation", "confirm_illegal", "opinion compensation"),
    ("2025-12-16", "decided", "simple", "vary", "convert opinion publish"),
    ("2025-12-29", "rejected", "tax", "jurisdiction", ""),
    ("2026-01-12", "decided", "info", "uphold", "publish"),
    ("2026-01-26", "decided", "complex", "revoke", "agent extend letter_recommendation publish"),
    ("2026-02-09", "withdrawn", "simple", "", "early"),
    ("2026-03-02", "decided", "ordinary", "uphold", "opinion suspend5"),
    ("2026-03-16", "decided", "simple", "dismiss_application", ""),
    ("2026-03-30", "mediated", "ordinary", "", "opinion agent"),
    ("2026-04-13", "decided", "complex", "confirm_illegal", "waived extend publish"),
    ("2026-04-27", "terminated", "ordinary", "death", "opinion"),
    ("2026-05-11", "decided", "agreement", "agreement_compensation", "opinion late publish"),
    ("2026-05-25", "decided", "inaction", "order_performance", "opinion letter_sent"),
    ("2026-06-08", "rejected", "ordinary", "duplicate", ""),
    ("2026-06-22", "withdrawn", "ordinary", "", "suspend6"),
    ("2026-07-06", "decided", "simple", "uphold", "publish_review"),
    ("2026-07-20", "decided", "ordinary", "revoke", "opinion publish_approved"),
    ("2026-08-03", "decided", "simple", "uphold", "override opinion"),
    ("2026-08-17", "suspended", "ordinary", "8", "opinion"),
    ("2026-09-07", "suspended", "ordinary", "6", "agent"),
    ("2026-09-21", "accepted", "complex", "", "third_party extend"),
    ("2026-10-12", "accepted", "ordinary", "", "opinion"),
    ("2026-10-26", "accepted", "simple", "", "convert"),
    ("2026-10-28", "corrected", "ordinary", "", ""),
    ("2026-11-02", "accepted", "simple", "", ""),
    ("2026-11-06", "accepted", "simple", "", "unserved"),
    ("2026-11-10", "correction", "ordinary", "", ""),
    ("2026-11-16", "correction", "simple", "", ""),
    ("2026-11-20", "review", "ordinary", "", ""),
    ("2026-11-23", "review", "simple", "", ""),
]

#: the article and wording of each decision type in a summary (ARL Arts. 33, 63–72)
DECISION_TEXTS = {
    "uphold": ("第六十八条", "认定事实清楚，证据确凿，适用依据正确，程序合法，内容适当", "决定维持该行政行为"),
    "vary": ("第六十三条", "认定事实清楚，但内容不适当", "决定变更该行政行为，罚款数额变更为原数额的一半"),
    "revoke": ("第六十四条", "主要事实不清、证据不足", "决定撤销该行政行为，并责令被申请人在%(days)s日内重新作出行政行为"),
    "partial_revoke": ("第六十四条", "部分事实认定证据不足", "决定部分撤销该行政行为，并责令被申请人在%(days)s日内重新作出处理"),
    "confirm_illegal": ("第六十五条", "程序轻微违法，但对申请人权利不产生实际影响", "决定确认该行政行为违法"),
    "order_performance": ("第六十六条", "不履行法定职责", "决定责令被申请人在%(days)s日内履行法定职责"),
    "confirm_invalid": ("第六十七条", "实施主体不具有行政主体资格，属于重大且明显违法", "决定确认该行政行为无效"),
    "reject_request": ("第六十九条", "在受理前已经履行了法定职责", "决定驳回申请人的行政复议请求"),
    "dismiss_application": ("第三十三条", "受理后发现申请人与该行政行为没有利害关系，不符合受理条件",
                            "决定驳回申请人的行政复议申请"),
    "agreement_remedy": ("第七十一条第一款", "未依法履行行政协议", "决定责令被申请人在%(days)s日内继续履行协议并采取补救措施"),
    "agreement_compensation": ("第七十一条第二款", "解除协议合法，但未依法给予补偿", "决定被申请人依法给予合理补偿"),
    "compensation": ("第七十二条", "查封、扣押行为违法并造成申请人财产损失", "决定责令被申请人赔偿申请人直接损失"),
}
REJECT_TEXTS = {
    "late": "申请人于知道该行政行为之日起六十日后提出申请，超过法定申请期限，且无正当理由。",
    "scope": "申请人申请审查的是规范性文件本身，不属于行政复议范围（《中华人民共和国行政复议法》第十二条）。",
    "jurisdiction": "被申请人属于实行垂直领导的税务机关，应当向其上一级主管部门申请行政复议（《中华人民共和国行政复议法》第二十七条）。",
    "duplicate": "申请人已就同一行政行为向人民法院提起行政诉讼，人民法院已经依法受理。",
}
CORRECTION_ITEMS = [
    "1. 申请人身份证明材料复印件；\n2. 被申请行政复议的行政行为的书面决定或者相关证明材料；\n3. 明确具体的行政复议请求。",
    "1. 授权委托书及代理人身份证明；\n2. 申请人与该行政行为有利害关系的证明材料。",
    "1. 申请人签名或者盖章的行政复议申请书；\n2. 知道该行政行为之日的证明材料。",
]
CHANNELS = ["in_person", "in_person", "online", "post", "oral"]
#: the pending cases that show the evidence screens (ARL Arts. 43–47) and a normative document review
#: (Arts. 56–58); fixed offsets, no random draws, so the cases above stay as they are
EVIDENCE_CASE_RECEIVED = datetime.date(2026, 9, 21)
NORMATIVE_CASE_RECEIVED = datetime.date(2026, 10, 12)


class FuyiReconsiderationDemo(models.Model):
    _inherit = "fuyi.reconsideration"

    @api.model
    def action_generate_demo_cases(self):
        """Create the demo cases of demo/fuyi_case_demo.xml through the workflow methods.

        Deterministic (seeded) and idempotent: does nothing once the demo cases exist. Needs the
        demo agencies, parties, staff and committee of the same file. Two pending cases also get
        evidence with an inspection, and a normative document review.
        """
        Data = self.env["ir.model.data"].sudo()
        if Data.search_count([("module", "=", "fuyi_case"), ("model", "=", self._name),
                              ("name", "=like", CASE_XMLID_LIKE)]):
            return []
        demo = self._demo_master_data()
        rng = random.Random(DEMO_SEED)
        calendar = self.env["fuyi.calendar.day"]._work_calendar()
        cases = self.browse()
        order = sorted(range(len(SCENARIOS)), key=lambda i: SCENARIOS[i][0])
        for number, index in enumerate(order, 1):
            case = self._demo_run_scenario(SCENARIOS[index], demo, rng, calendar)
            Data.create({"module": "fuyi_case", "name": CASE_XMLID % number, "model": self._name,
                         "res_id": case.id, "noupdate": True})
            cases |= case
        by_received = {case.date_received: case for case in cases}
        self._demo_evidence(by_received[EVIDENCE_CASE_RECEIVED], demo, calendar)
        self._demo_normative_review(by_received[NORMATIVE_CASE_RECEIVED], calendar)
        return cases.ids

    # --- master data ---
    def _demo_master_data(self):
        ref = self.env.ref
        agencies = {}
        for key in {act[0] for act in ACTS}:
            agencies[key] = ref(AGENCY_XMLIDS.get(key, "fuyi_case.res_partner_agency_%s_demo" % key),
                                raise_if_not_found=False)
        applicants = self._demo_records("res.partner", "res_partner_applicant_")
        staff = {key: ref("fuyi_case.res_users_%s_demo" % key, raise_if_not_found=False)
                 for key in ("lead", "clerk_1", "clerk_2", "clerk_3", "clerk_4")}
        if not all(agencies.values()) or not applicants or not all(staff.values()):
            raise UserError(_("The demo agencies, parties and staff are missing: the demo cases are generated "
                              "only together with the demo data of fuyi_case."))
        return {
            "agencies": agencies,
            "persons": applicants.filtered(lambda p: p.party_kind == "person"),
            "organisations": applicants.filtered(lambda p: p.party_kind == "organisation"),
            "agents": self._demo_records("res.partner", "res_partner_agent_"),
            "members": self._demo_records("fuyi.committee.member", "fuyi_committee_member_"),
            "competent_tax": ref("fuyi_case.res_partner_other_tax_city_demo", raise_if_not_found=False),
            "lead": staff["lead"], "clerks": staff["clerk_1"] | staff["clerk_2"] | staff["clerk_3"],
            "recorder": staff["clerk_4"], "sittings": {},
        }

    def _demo_records(self, model, prefix):
        data = self.env["ir.model.data"].sudo().search(
            [("module", "=", "fuyi_case"), ("model", "=", model), ("name", "=like", prefix + "%_demo")], order="name")
        return self.env[model].browse(data.mapped("res_id")).exists()

    # --- one case ---
    def _demo_run_scenario(self, scenario, demo, rng, calendar):
        received_text, outcome, profile, detail, options = scenario
        options = set(options.split())
        received = fields.Date.to_date(received_text)

        def workday(start, n):
            return periods.add_working_days(calendar, start, n).date

        case = self._demo_create(received, profile, options, outcome, detail, demo, rng)
        profile = profile.partition(":")[0]
        if case.party_ids.filtered(lambda p: p.role == "applicant")[:1].partner_id.party_kind != "person":
            # an organisation does not die: its counterparts are grounds (4) and (3) (Arts. 39, 41)
            detail = {"death": "dissolved"}.get(detail, detail)
        if outcome == "withdrawn" and "early" in options:
            case.action_withdraw(date=workday(received, 2))
            return case
        start = received
        if outcome in ("correction", "corrected", "abandoned") or "correction" in options:
            served = workday(received, rng.randint(1, 4))
            case.action_request_correction(rng.choice(CORRECTION_ITEMS), served_date=served)
            if outcome == "abandoned":
                case.action_abandon()
                return case
            if outcome == "correction":
                return case
            start = workday(served, rng.randint(3, 9))
            if outcome == "corrected":
                start = datetime.date(2026, 11, 19)
            case.action_receive_corrections(date=start)
        if outcome in ("review", "corrected"):
            return case
        review_due = self._demo_deadline(case, "acceptance_review").due_date
        if outcome == "rejected":
            competent = demo["competent_tax"].id if detail == "jurisdiction" else False
            case.action_reject(detail, REJECT_TEXTS[detail], competent_body_id=competent,
                               date=workday(start, rng.randint(2, 5)))
            return case
        # --- acceptance and routing (Arts. 30, 53) ---
        if "override" in options:
            case.with_user(demo["lead"]).action_override_routing(
                "ordinary", "申请人对违法事实的认定提出较大异议，需要听取意见并调查核实，不宜适用简易程序。")
        if "deemed" in options:
            case.action_accept(date=review_due, deemed=True)
            accepted = review_due
        else:
            accepted = workday(start, rng.randint(1, 5))
            case.action_accept(date=accepted)
        if "convert" in options:
            case.with_user(demo["lead"]).action_convert_to_ordinary(
                "审理中发现案情较为复杂，需要听取意见并补充调查，经行政复议机构负责人批准转为普通程序。")
        last = self._demo_copy_and_reply(case, accepted, options, workday, rng)
        if case.procedure == "ordinary" and ("opinion" in options or case.hearing_required):
            last = max(last, self._demo_hearing(case, last, options, outcome, demo, workday, rng))
        if case.committee_required:
            last = max(last, self._demo_committee(case, last, detail, outcome, demo, workday, rng))
        if "extend" in options:
            self._demo_deadline(case, "decision").action_extend(
                30, "案情重大复杂，需要召开听证会并提请行政复议委员会咨询，经行政复议机构负责人批准延长。")
        if outcome == "accepted":
            return case
        # --- suspension (Art. 39) and the other ways a case ends ---
        suspend_ground = {"suspend5": "5", "suspend6": "6"}.get(next((o for o in options if o.startswith("suspend")),
                                                                    ""))
        if outcome == "suspended":
            suspend_ground = detail
        elif outcome == "terminated" and detail == "long_suspension":
            suspend_ground = "1" if case.party_ids.filtered(
                lambda p: p.role == "applicant")[:1].partner_id.party_kind == "person" else "4"
        if suspend_ground:
            suspended = workday(last, rng.randint(2, 6))
            case.action_suspend(suspend_ground, date=suspended)
            last = suspended
            if outcome == "suspended":
                return case
            if suspend_ground == "5":
                last = suspended + datetime.timedelta(days=rng.randint(15, 30))
                case.action_resume(date=last)
        closed = workday(last, rng.randint(3, 8))
        if outcome == "mediated":
            case.action_mediate(date=closed)
        elif outcome == "withdrawn":
            case.action_withdraw(date=closed)
        elif outcome == "terminated":
            if detail == "long_suspension":
                closed = last + datetime.timedelta(days=75)
            case.action_terminate(detail, date=closed)
        else:
            self._demo_decide(case, detail, last, options, demo, workday, rng)
        return case

    def _demo_create(self, received, profile, options, outcome, detail, demo, rng):
        profile, _sep, hint = profile.partition(":")
        agency_key, _profile, act, kind, facts = rng.choice([a for a in ACTS if a[1] == profile and hint in a[2]])
        agency = demo["agencies"][agency_key]
        pool = demo["organisations"] if kind == "organisation" else demo["persons"]
        applicant = rng.choice(pool)
        act_date = received - datetime.timedelta(days=rng.randint(12, 45))
        known = act_date + datetime.timedelta(days=rng.randint(0, 5))
        channel = rng.choice(CHANNELS)
        parties = [(0, 0, {"partner_id": applicant.id, "role": "applicant", "is_primary": True}),
                   (0, 0, {"partner_id": agency.id, "role": "respondent"})]
        if "agent" in options:
            parties.append((0, 0, {"partner_id": rng.choice(demo["agents"]).id, "role": "agent",
                                   "represented_id": applicant.id}))
        if "third_party" in options:
            third = rng.choice(demo["persons"] - applicant)
            parties.append((0, 0, {"partner_id": third.id, "role": "third_party"}))
        if profile == "inaction":
            request = "请求责令被申请人依法履行法定职责（%s）。" % act
        elif profile == "compensation":
            request = "请求责令被申请人赔偿因%s造成的直接损失%s元。" % (act, rng.randrange(20000, 90000, 500))
        elif profile == "agreement":
            request = "请求确认被申请人的%s违法，并责令其继续履行协议。" % act
        else:
            request = "请求撤销被申请人作出的%s。" % act
        vals = dict(facts, **{
            "date_received": received, "agency_id": agency.id, "user_id": rng.choice(demo["clerks"]).id,
            "title": "%s不服%s%s" % (applicant.name, agency.name, act), "act_description": act,
            "act_date": act_date, "act_known_date": known, "channel": channel, "request": request,
            "facts_reasons": "申请人认为，被申请人作出的%s认定事实不清、适用依据错误，侵犯了申请人的合法权益。" % act,
            "party_ids": parties,
        })
        if channel == "oral":
            vals["oral_record"] = "申请人%s于%s到县司法局口头申请行政复议。请求：%s主要事实和理由：不服%s作出的%s。" % (
                applicant.name, received, request, agency.name, act)
        if outcome == "rejected" and detail == "late":
            vals["act_date"] = vals["act_known_date"] = received - datetime.timedelta(days=rng.randint(75, 120))
        return self.create(vals)

    # --- evidence and inspection (Arts. 43–47), a normative document review (Arts. 56–58) ---
    def _demo_reply_day(self, case):
        reply = case.case_id.deadline_ids.filtered(lambda d: d.kind == "respondent_reply")[:1]
        return reply.done_date or reply.start_date, reply.due_date

    def _demo_evidence(self, case, demo, calendar):
        """The respondent's evidence with its reply, one item late and one private, the applicant's own, an
        investigation by two officers (Art. 45), their verification and the applicant's inspection (Art. 47)."""
        def workday(start, n):
            return periods.add_working_days(calendar, start, n).date

        replied, reply_due = self._demo_reply_day(case)
        applicant = case.party_ids.filtered(lambda p: p.role == "applicant")[:1].partner_id
        act_day = case.act_date
        Evidence = self.env["fuyi.evidence"]
        common = {"reconsideration_id": case.id}
        respondent = dict(common, submitted_by="respondent", submitter_id=case.agency_id.id, submitted_date=replied)
        items = Evidence.create([
            dict(respondent, name="%s及送达回证" % case.act_description, kind="documentary",
                 purpose="证明被申请人作出该行政行为并依法送达。", collected_date=act_day),
            dict(respondent, name="现场检查笔录及现场照片", kind="inspection_record",
                 purpose="证明现场检查的情况和认定的事实。", collected_date=act_day - datetime.timedelta(days=12)),
            dict(respondent, name="对申请人的询问笔录", kind="statement",
                 purpose="证明申请人对有关事实的陈述。", collected_date=act_day - datetime.timedelta(days=10)),
            dict(respondent, name="投诉举报材料（含举报人身份信息）", kind="documentary", confidentiality="privacy",
                 purpose="证明案件来源。", collected_date=act_day - datetime.timedelta(days=20)),
            dict(respondent, name="补充调查笔录", kind="statement", submitted_date=workday(reply_due, 4),
                 purpose="补充证明有关事实。", collected_date=act_day - datetime.timedelta(days=8)),
            dict(common, name="申请人提交的现场照片及证人证言", kind="witness", submitted_by="applicant",
                 submitter_id=applicant.id, submitted_date=case.date_received,
                 purpose="证明被申请人认定的事实与实际情况不符。", collected_date=act_day + datetime.timedelta(days=3)),
            dict(common, name="行政复议机构现场勘验笔录", kind="inspection_record", submitted_by="institution",
                 submitted_date=workday(replied, 3), collected_date=workday(replied, 3),
                 investigator_ids=[(6, 0, demo["clerks"][:2].ids)],
                 purpose="核实争议现场的现状。"),
        ])
        decision, inspection, record, private, late, own, survey = items
        (decision | inspection | record | survey).action_verify(True, "经核对原件，与原件一致。")
        late.action_verify(False, "被申请人在答复期限届满后提交，不作为认定该行政行为合法性、适当性的依据"
                                  "（《中华人民共和国行政复议法》第七十条）。")
        case.action_record_inspection(
            applicant.id, date=workday(replied, 5), copied=True,
            note="申请人申请查阅、复制被申请人的书面答复和证据材料；投诉举报人身份信息涉及个人隐私，不予查阅。")

    def _demo_normative_review(self, case, calendar):
        """The institution finds the act based on a normative document it may handle (Art. 57): the case is
        suspended, the drafting body asked for a written answer (Art. 58), the review still running."""
        def workday(start, n):
            return periods.add_working_days(calendar, start, n).date

        replied, _due = self._demo_reply_day(case)
        requested = workday(replied, 3)
        review = self.env["fuyi.normative.review"].browse(case.action_request_normative_review(
            "《%s行政处罚裁量基准（试行）》" % case.agency_id.name, handling="self", origin="ex_officio",
            date=requested, clause="第十二条、第十五条", drafting_body_id=case.agency_id.id))
        notified = workday(requested, 2)
        review.action_notify_drafting_body(date=notified, received_date=notified)
        answered = workday(notified, 6)
        if answered < DEMO_AS_OF:
            review.action_record_drafting_reply(
                "该裁量基准第十二条、第十五条系依据上位法规定细化的裁量情形和幅度，已经合法性审核并向社会公布，"
                "我局认为合法。", date=answered)
        return review

    def _demo_deadline(self, case, kind):
        return case.deadline_ids.filtered(lambda d: d.kind == kind and d.state in ("open", "paused"))[:1]

    def _demo_copy_and_reply(self, case, accepted, options, workday, rng):
        """Application copy to the respondent, its service and the reply (Arts. 48, 54)."""
        simple = case.procedure == "simple"
        sent = workday(accepted, rng.randint(1, 3 if simple else 5))
        service = self.env["fuyi.service"].browse(case.action_send_copy_to_respondent(
            date=sent, channel=rng.choice(["direct", "post", "electronic"])))
        if "unserved" in options:
            return sent
        served = workday(sent, rng.randint(1, 2))
        service.action_mark_served(date=served)
        replied = workday(served, rng.randint(3, 5 if simple else 10))
        if replied < DEMO_AS_OF:
            self._demo_deadline(case, "respondent_reply").action_done(replied)
            return replied
        return served

    def _demo_hearing(self, case, after, options, outcome, demo, workday, rng):
        """听证 for a major or complex case (Arts. 50–51), otherwise 听取意见 (Art. 49)."""
        Hearing = self.env["fuyi.hearing"]
        clerks = demo["clerks"]
        if case.hearing_required:
            day = workday(after, rng.randint(8, 12))
            if outcome == "accepted":
                day = max(day, datetime.date(2026, 12, 3))
            hearing = Hearing.create({
                "reconsideration_id": case.id, "kind": "hearing",
                "hearing_date": datetime.datetime.combine(day, LOCAL_0930_UTC), "place": "安和县司法局行政复议听证室",
                "presiding_id": demo["lead"].id, "officer_ids": [(6, 0, clerks[:2].ids)],
                "recorder_id": demo["recorder"].id})
            hearing.action_send_notice(date=hearing.latest_notice_date - datetime.timedelta(days=rng.randint(0, 3)))
            if day >= DEMO_AS_OF:
                return after
            if "waived" in options:
                hearing.action_applicant_absent()
                return day
            head = case.agency_id.agency_head_id
            attended = rng.random() < 0.7
            hearing.action_hold(
                "听证笔录：主持人宣布听证纪律，核对当事人身份。申请人陈述复议请求和理由，被申请人答辩并出示证据，"
                "双方就主要事实和证据进行质证、辩论并作最后陈述。",
                attended, absence_reason="" if attended else "负责人%s参加县委常委会议，确实无法出席。" % head.name,
                representative="" if attended else "分管副职负责人及法制机构负责人")
            return day
        day = workday(after, rng.randint(2, 6))
        hearing = Hearing.create({
            "reconsideration_id": case.id, "kind": "opinion",
            "hearing_date": datetime.datetime.combine(day, LOCAL_0930_UTC),
            "place": rng.choice(["安和县司法局行政复议接待室", "电话听取意见", "网络视频听取意见"]),
            "presiding_id": case.user_id.id, "officer_ids": [(6, 0, (clerks - case.user_id)[:1].ids)],
            "recorder_id": demo["recorder"].id})
        hearing.action_send_notice(date=workday(after, 1))
        if day >= DEMO_AS_OF:
            return after
        hearing.action_hold("听取意见笔录：申请人陈述了复议请求、事实和理由；被申请人就作出行政行为的事实、"
                            "证据和依据发表了意见。", True)
        return day

    def _demo_committee(self, case, after, decision_type, outcome, demo, workday, rng):
        """Referral to the committee and its recorded advisory opinion (Art. 52)."""
        case.action_refer_to_committee()
        day = workday(after, rng.randint(3, 6))
        if outcome == "accepted":
            day = max(day, datetime.date(2026, 12, 10))
        members = demo["members"].filtered(lambda m: not m._conflicts_with(case))
        Sitting = self.env["fuyi.committee.sitting"]
        key = (day.year, day.month)
        sitting = demo["sittings"].get(key)
        if sitting and sitting.sitting_date >= after and not (sitting.member_ids - members):
            sitting.reconsideration_ids = [(4, case.id)]
        else:
            sitting = Sitting.create({"sitting_date": day, "reconsideration_ids": [(6, 0, case.ids)],
                                      "member_ids": [(6, 0, members.ids)]})
            demo["sittings"][key] = sitting
        if outcome == "accepted":
            return after
        correcting = decision_type in CORRECTING
        for member in sitting.member_ids:
            position = ("correct" if correcting else "uphold") if rng.random() < 0.85 else "other"
            text = {"correct": "被申请人认定事实的主要证据不足，建议予以纠正。",
                    "uphold": "行政行为认定事实清楚，适用依据正确，建议予以维持。",
                    "other": "建议进一步调查核实后再作决定。"}[position]
            self.env["fuyi.committee.opinion"].create({
                "sitting_id": sitting.id, "reconsideration_id": case.id, "member_id": member.id,
                "position": position, "opinion": text})
        sitting.action_record_advisory_opinion(
            case.id, "经委员会讨论，多数委员认为%s。" % ("该行政行为应予纠正" if correcting else "该行政行为应予维持"))
        return sitting.sitting_date

    def _demo_decide(self, case, decision_type, last, options, demo, workday, rng):
        deadline = self._demo_deadline(case, "decision")
        if "late" in options:
            decided = deadline.due_date + datetime.timedelta(days=rng.randint(2, 8))
        else:
            decided = min(workday(last, rng.randint(3, 8)), deadline.due_date)
        article, finding, result = DECISION_TEXTS[decision_type]
        days = 60 if decision_type in ("revoke", "partial_revoke", "agreement_remedy") else 30
        applicant = case.party_ids.filtered(lambda p: p.role == "applicant")[:1].partner_id
        summary = ("申请人%(applicant)s不服被申请人%(agency)s作出的%(act)s，向本机关申请行政复议。本机关依法受理并审查。"
                   "经审理查明，被申请人作出的该行政行为%(finding)s。根据《中华人民共和国行政复议法》%(article)s的规定，"
                   "%(result)s。") % {"applicant": applicant.name, "agency": case.agency_id.name,
                                    "act": case.act_description, "finding": finding, "article": article,
                                    "result": result % {"days": days}}
        performance = days if "%(days)s" in result else 0
        compensation = "compensation" in options   # with the main decision (ARL Art. 72)
        if compensation:
            summary = summary.rstrip("。") + "；同时决定被申请人依法给予赔偿（第七十二条）。"
        case.action_decide(decision_type, date=decided, summary=summary, performance_days=performance,
                           compensation=compensation)
        # the decision takes effect on service (Art. 75)
        Service = self.env["fuyi.service"]
        channel = "public_notice" if "public_notice" in options else rng.choice(["direct", "post"])
        for partner in applicant | case.agency_id:
            service = Service.create({
                "case_id": case.case_id.id, "kind": "decision", "recipient_id": partner.id,
                "channel": "direct" if partner == case.agency_id else channel,
                "sent_date": workday(decided, 1), "document_name": "行政复议决定书"})
            service.action_mark_served(date=workday(decided, rng.randint(1, 3)))
        self._demo_letters(case, decided, options, demo, rng)
        self._demo_publication(case, decided, options, demo, rng)

    def _demo_letters(self, case, decided, options, demo, rng):
        """意见书 with its 60-day report (Art. 76) and a 建议书 (ARL-IR Art. 57)."""
        Letter = self.env["fuyi.opinion.letter"]
        if "letter_recommendation" in options:
            Letter.create({"reconsideration_id": case.id, "kind": "recommendation", "recipient_id": case.agency_id.id,
                           "content": "建议被申请人规范房屋征收程序，完善入户调查、评估结果公示等环节的证据留存。"})
        status = next((o[len("letter_"):] for o in options if o in ("letter_reported", "letter_escalated",
                                                                     "letter_sent")), None)
        if not status:
            return
        letter = Letter.create({
            "reconsideration_id": case.id, "kind": "opinion", "recipient_id": case.agency_id.id,
            "content": "你单位在办理同类案件中存在调查取证不全面、告知程序不规范等问题，请依法予以纠正，"
                       "并自收到本意见书之日起六十日内将纠正情况报送本机关。"})
        issued = decided + datetime.timedelta(days=rng.randint(3, 7))
        letter.action_send(issued_date=issued)
        letter.action_mark_received(issued + datetime.timedelta(days=2))
        letter.copied_to_superior = status != "sent"
        if status == "reported":
            letter.action_report("已组织执法人员专题培训，修订了调查取证和告知程序工作规范，并对同类案件开展自查。",
                                 date=letter.received_date + datetime.timedelta(days=rng.randint(20, 50)))
        elif status == "escalated":
            letter.action_escalate("talk")

    def _demo_publication(self, case, decided, options, demo, rng):
        """Redacted publication with the lead's review (Art. 79)."""
        stage = next((o for o in options if o.startswith("publish")), None)
        if not stage:
            return
        case.action_prepare_publication()
        if stage == "publish_review":
            return
        case.with_user(demo["lead"]).action_approve_publication()
        if stage == "publish":
            case.action_publish(date=decided + datetime.timedelta(days=rng.randint(15, 30)))
