from flectra import fields, models, _

from ..report.docx_builder import chinese_date
from .fuyi_document import LAW

#: ARL Art. 39 para 1, in the words of the law (check against the official 2023 text)
SUSPEND_WORDING = {
    "1": "作为申请人的公民死亡，其近亲属尚未确定是否参加行政复议",
    "2": "作为申请人的公民丧失参加行政复议的行为能力，尚未确定法定代理人参加行政复议",
    "3": "作为申请人的公民下落不明",
    "4": "作为申请人的法人或者其他组织终止，尚未确定权利义务承受人",
    "5": "申请人、被申请人因不可抗力或者其他正当理由，不能参加行政复议",
    "6": "依照该法规定进行调解、和解，申请人和被申请人同意中止",
    "7": "行政复议案件涉及的法律适用问题需要有权机关作出解释或者确认",
    "8": "行政复议案件审理需要以其他案件的审理结果为依据，而其他案件尚未审结",
    "9": "有该法第五十六条或者第五十七条规定的情形",
    "10": "需要中止行政复议的其他情形",
}
CHINESE_ITEMS = {"1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六", "7": "七", "8": "八", "9": "九",
                 "10": "十"}
#: ARL Art. 41, in the words of the law
TERMINATE_WORDING = {
    "withdrawn": ("一", "申请人撤回行政复议申请，行政复议机构准予撤回"),
    "death": ("二", "作为申请人的公民死亡，没有近亲属或者其近亲属放弃行政复议权利"),
    "dissolved": ("三", "作为申请人的法人或者其他组织终止，没有权利义务承受人或者其权利义务承受人放弃行政复议权利"),
    "criminal_measure": ("四", "申请人对行政拘留或者限制人身自由的行政强制措施不服申请行政复议后，因同一违法行为涉嫌犯罪，"
                              "被采取刑事强制措施"),
    "long_suspension": ("五", "依照该法第三十九条第一款第一项、第二项、第四项的规定中止行政复议满六十日，行政复议中止的原因仍未消除"),
}


class FuyiDocumentSuspension(models.Model):
    """中止/恢复/终止通知书: suspension and resumption are notified in writing (ARL Art. 39 paras 2–3);
    termination under Art. 41."""

    _inherit = "fuyi.document"

    doc_type = fields.Selection(selection_add=[
        ("suspension_notice", "Suspension notice"), ("resumption_notice", "Resumption notice"),
        ("termination_notice", "Termination notice")],
        ondelete={"suspension_notice": "cascade", "resumption_notice": "cascade", "termination_notice": "cascade"})

    def _opening(self, case):
        return "申请人对%s不服，于%s向本机关提出行政复议申请（%s），本机关于%s依法予以受理。" % (
            self._act(case), chinese_date(case.date_received), case.name, chinese_date(case.acceptance_date))

    def _values_suspension_notice(self, case):
        if case.state != "suspended" or not case.suspend_ground:
            self._refuse(case, _("the case is not suspended (ARL Art. 39)."))
        ground = case.suspend_ground
        return {
            "title": "%s\n行政复议中止审理通知书" % self._body_name(),
            "recipient": self._recipient_name(),
            "paragraphs": [
                self._opening(case),
                "因%s，根据%s第三十九条第一款第%s项的规定，本机关决定自%s起中止该案的审理。"
                % (SUSPEND_WORDING[ground], LAW, CHINESE_ITEMS[ground], chinese_date(case.suspended_on)),
                # the law does not say this in words: the body's reading of Arts. 39 and 62, stated as such
                "本机关依照该法第三十九条、第六十二条理解，中止审理的期间不计算在行政复议期限内。",
                "中止的原因消除后，本机关将及时恢复审理，并书面告知当事人（该法第三十九条第二款、第三款）。",
            ],
        }

    def _values_resumption_notice(self, case):
        if not case.resumed_on or case.state == "suspended":
            self._refuse(case, _("the case has not been resumed after a suspension (ARL Art. 39 para 2)."))
        return {
            "title": "%s\n行政复议恢复审理通知书" % self._body_name(),
            "recipient": self._recipient_name(),
            "paragraphs": [
                self._opening(case),
                "本机关曾于%s因%s中止该案的审理。现中止的原因已经消除，根据%s第三十九条第二款、第三款的规定，本机关决定"
                "自%s起恢复审理。" % (chinese_date(case.last_suspended_on),
                                   SUSPEND_WORDING.get(case.last_suspend_ground, "法定事由"), LAW,
                                   chinese_date(case.resumed_on)),
            ],
        }

    def _values_termination_notice(self, case):
        if case.state not in ("terminated", "withdrawn") or not case.terminate_ground:
            self._refuse(case, _("the case has not been terminated (ARL Art. 41)."))
        item, wording = TERMINATE_WORDING[case.terminate_ground]
        return {
            "title": "%s\n行政复议终止通知书" % self._body_name(),
            "recipient": self._recipient_name(),
            "paragraphs": [
                self._opening(case),
                "因%s，根据%s第四十一条第%s项的规定，本机关决定终止该案的行政复议。" % (wording, LAW, item),
            ],
        }
