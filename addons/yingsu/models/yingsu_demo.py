import datetime
import random

from flectra import api, models, _
from flectra.exceptions import UserError

DEMO_SEED = 2025   #: the same seed gives the same lawsuits on every install
DEMO_AS_OF = datetime.date(2026, 11, 25)   #: the demo's "today" (fuyi_case's): later events stay pending
LAWSUIT_XMLID = "yingsu_lawsuit_%02d_demo"
AGENCIES = ("amr", "psb", "nr", "eco", "housing", "hrss", "transport", "town")
#: (cause, contested act) per agency
ACTS = {
    "amr": [("penalty", "食品安全行政处罚决定"), ("information", "投诉举报不予立案告知")],
    "psb": [("penalty", "治安管理处罚决定（行政拘留）"), ("compulsion", "扣押车辆决定")],
    "nr": [("registration", "不动产登记行为"), ("penalty", "责令退还非法占用土地决定")],
    "eco": [("penalty", "环境违法行政处罚决定"), ("compulsion", "查封排污设备决定")],
    "housing": [("expropriation", "国有土地上房屋征收补偿决定"), ("information", "政府信息公开申请答复")],
    "hrss": [("other", "工伤认定决定"), ("inaction", "未依法处理拖欠工资投诉")],
    "transport": [("penalty", "非法营运行政处罚决定"), ("licensing", "道路运输经营许可不予许可决定")],
    "town": [("compulsion", "强制拆除房屋行为"), ("agreement", "招商引资协议解除通知")],
}
OUTCOME_WEIGHTS = [("reject_claim", 10), ("revoke", 3), ("confirm_illegal", 2), ("withdrawal", 3),
                   ("dismiss_suit", 2), ("perform_duty", 1)]
RESULT_WEIGHTS = [("head", 7), ("staff", 3), ("lawyer_only", 1)]


class YingsuLawsuitDemo(models.Model):
    _inherit = "yingsu.lawsuit"

    @api.model
    def action_generate_demo_lawsuits(self):
        """A county year of litigation (~40 lawsuits over 8 agencies, some from decided reconsideration
        cases), driven through the workflow methods. Deterministic and idempotent."""
        Data = self.env["ir.model.data"].sudo()
        if Data.search_count([("module", "=", "yingsu"), ("model", "=", self._name),
                              ("name", "=like", "yingsu_lawsuit_%_demo")]):
            return []
        ref = self.env.ref
        agencies = {key: ref("fuyi_case.res_partner_agency_%s_demo" % key, raise_if_not_found=False)
                    for key in AGENCIES}
        court = ref("yingsu.res_partner_court_demo", raise_if_not_found=False)
        persons = self.env["res.partner"].browse(Data.search(
            [("module", "=", "fuyi_case"), ("model", "=", "res.partner"),
             ("name", "=like", "res_partner_applicant_%_demo")], order="name").mapped("res_id")).exists()
        if not all(agencies.values()) or not court or not persons:
            raise UserError(_("The demo lawsuits need fuyi_case's demo agencies and parties."))
        rng = random.Random(DEMO_SEED)
        lawsuits = self.browse()
        decided = self.env["fuyi.reconsideration"].search([("state", "=", "decided"),
                                                            ("decision_type", "in", ("uphold", "reject_request")),
                                                            ("decision_date", "!=", False)],
                                                           order="decision_date, id", limit=8)
        for case in decided:
            received = case.decision_date + datetime.timedelta(days=rng.randint(10, 14))
            if received >= DEMO_AS_OF:
                continue
            lawsuit = self.browse(case.action_create_lawsuit({"date_received": received, "court_id": court.id}))
            lawsuits |= lawsuit
        sequence = 0
        while len(lawsuits) < 40:
            key = AGENCIES[sequence % len(AGENCIES)]
            cause, act = ACTS[key][(sequence // len(AGENCIES)) % 2]
            sequence += 1
            received = datetime.date(2025, 1, 6) + datetime.timedelta(days=rng.randint(0, 640))
            if received >= DEMO_AS_OF:
                continue
            plaintiff = persons[rng.randrange(len(persons))]
            agency = agencies[key]
            lawsuits |= self.create({
                "date_received": received, "agency_id": agency.id, "court_id": court.id, "title": act,
                "act_description": act, "cause": cause,
                "party_ids": [(0, 0, {"partner_id": plaintiff.id, "role": "plaintiff", "is_primary": True}),
                              (0, 0, {"partner_id": agency.id, "role": "defendant", "is_primary": True})]})
        numbers = {}
        for index, lawsuit in enumerate(lawsuits.sorted(lambda l: (l.date_received, l.id)), 1):
            year = lawsuit.date_received.year
            numbers[year] = numbers.get(year, 0) + 1
            lawsuit.court_case_number = "（%d）豫9921行初%d号" % (year, numbers[year])
            Data.create({"module": "yingsu", "name": LAWSUIT_XMLID % index, "model": self._name,
                         "res_id": lawsuit.id, "noupdate": True})
            lawsuit._demo_run(rng, court)
        self._demo_liaison(lawsuits, rng, court)
        return lawsuits.ids

    def _demo_run(self, rng, court):
        """Complaint copy → defence → hearing with the head-appearance chain → judgment → effect and
        performance, as far as DEMO_AS_OF allows."""
        received = self.date_received + datetime.timedelta(days=rng.randint(2, 5))
        if received >= DEMO_AS_OF:
            return
        self.action_receive_complaint(received)
        filed = received + datetime.timedelta(days=rng.randint(6, 14))
        if filed >= DEMO_AS_OF:
            return
        self.action_submit_defence(filed)
        hearing = filed + datetime.timedelta(days=rng.randint(25, 60))
        notice = hearing - datetime.timedelta(days=rng.randint(4, 12))
        if notice >= DEMO_AS_OF:
            return
        agency = self.agency_id
        appearance = self.env["yingsu.appearance"].create({
            "lawsuit_id": self.id, "agency_id": agency.id, "notice_received": notice,
            "hearing_datetime": datetime.datetime.combine(hearing, datetime.time(1, 30)),
            "hearing_place": "第%d审判庭" % rng.randint(1, 3)})
        if not agency.agency_head_id:
            return
        appearance.action_notify_head()
        if hearing >= DEMO_AS_OF:
            return
        result = rng.choices([r for r, _w in RESULT_WEIGHTS], [w for _r, w in RESULT_WEIGHTS])[0]
        if result == "head":
            appearance.action_designate(agency.agency_head_id.id, "head", position="局长")
            appearance.action_record("head", statement="愿意在法院主持下协调化解，依法纠正存在的问题")
        elif result == "staff":
            proof = self.env["ir.attachment"].create({"name": "公务证明.pdf", "raw": b"%PDF-1.4 demo"})
            attorney = self.env["ir.attachment"].create({"name": "授权委托书.pdf", "raw": b"%PDF-1.4 demo"})
            appearance.action_report_absence("irreplaceable_duty", "参加市政府专题会议", proof_ids=proof.ids)
            staff = self.env["res.partner"].create({"name": "%s法制科工作人员" % agency.name[3:], "party_kind": "person"})
            appearance.action_designate(staff.id, "staff", position="法制科科长", authority="一般代理",
                                        attorney_ids=attorney.ids)
            appearance.action_record("staff", appeared_id=staff.id)
        else:
            appearance.action_record("lawyer_only")
        decided = hearing + datetime.timedelta(days=rng.randint(20, 50))
        if decided >= DEMO_AS_OF:
            return
        outcome = rng.choices([o for o, _w in OUTCOME_WEIGHTS], [w for _o, w in OUTCOME_WEIGHTS])[0]
        kind = "ruling" if outcome in ("withdrawal", "dismiss_suit") else "judgment"
        vals = {"lawsuit_id": self.id, "kind": kind, "outcome": outcome, "date": decided}
        if outcome in ("revoke", "perform_duty"):
            vals.update(obligation="重新作出行政行为", performance_due=decided + datetime.timedelta(days=75))
        judgment = self.env["yingsu.judgment"].create(vals)
        served = decided + datetime.timedelta(days=rng.randint(1, 6))
        if served >= DEMO_AS_OF:
            return
        judgment.action_serve(served)
        if judgment.appeal_due_date >= DEMO_AS_OF:
            return
        judgment.action_mark_effective()
        if judgment.performance_due and judgment.performance_due < DEMO_AS_OF and rng.random() < 0.8:
            judgment.action_record_performance(judgment.performance_due - datetime.timedelta(days=rng.randint(-5, 10)))

    @api.model
    def _demo_liaison(self, lawsuits, rng, court):
        """Suggestions with replies, two joint meetings with action items, staff trial attendance."""
        Suggestion = self.env["yingsu.suggestion"]
        for index, lawsuit in enumerate(lawsuits[:6], 1):
            received = lawsuit.date_received + datetime.timedelta(days=90)
            if received >= DEMO_AS_OF:
                continue
            suggestion = Suggestion.create({
                "name": "豫9921法建〔%d〕%d号" % (received.year, index), "kind": "judicial",
                "sub_kind": "normative_document" if index % 3 == 0 else "governance", "issuer_id": court.id,
                "agency_id": lawsuit.agency_id.id, "lawsuit_id": lawsuit.id, "received_date": received,
                "problems": "执法程序不规范", "suggestions": "加强执法人员培训，规范告知程序"})
            replied = received + datetime.timedelta(days=rng.randint(20, 70))
            if replied < DEMO_AS_OF:
                suggestion.action_reply("已组织专题培训并修订执法程序规定", replied)
        Meeting = self.env["yingsu.joint.meeting"]
        for day in (datetime.date(2025, 6, 18), datetime.date(2026, 6, 17)):
            meeting = Meeting.create({"name": "%d年府院联席会议" % day.year, "date": day,
                                      "attendee_ids": [(6, 0, (court | lawsuits[:3].mapped("agency_id")).ids)],
                                      "agenda": "通报行政诉讼案件情况，研究负责人出庭应诉工作",
                                      "minutes": "与会单位就败诉案件原因和整改措施进行了研究",
                                      "lawsuit_ids": [(6, 0, lawsuits[:3].ids)]})
            action = self.env["yingsu.joint.meeting.action"].create({
                "meeting_id": meeting.id, "name": "完善行政机关负责人出庭应诉制度",
                "owner_id": lawsuits[0].agency_id.id, "due_date": day + datetime.timedelta(days=60)})
            if action.due_date < DEMO_AS_OF:
                action.action_done("已印发制度", action.due_date)
        staff = self.env.ref("yingsu.res_users_litigation_demo", raise_if_not_found=False)
        if staff:
            for lawsuit in lawsuits[:3]:
                self.env["yingsu.trial.attendance"].create({
                    "user_id": staff.id, "agency_id": lawsuit.agency_id.id, "lawsuit_id": lawsuit.id,
                    "court_id": court.id, "date": lawsuit.date_received + datetime.timedelta(days=45)})
