from flectra import fields, models, _

from ..report.docx_builder import chinese_date
from .fuyi_document import LAW

#: decision type → (article of the ARL, what the body decides, in the words of the law)
DECISION_WORDING = {
    "vary": ("第六十三条", "变更%s"),
    "revoke": ("第六十四条", "撤销%s"),
    "partial_revoke": ("第六十四条", "部分撤销%s"),
    "confirm_illegal": ("第六十五条", "确认%s违法"),
    "order_performance": ("第六十六条", "责令被申请人在%s内履行法定职责"),
    "confirm_invalid": ("第六十七条", "确认%s无效"),
    "uphold": ("第六十八条", "维持%s"),
    "reject_request": ("第六十九条", "驳回申请人的行政复议请求"),
    "dismiss_application": ("第三十三条", "驳回申请人的行政复议申请"),
    # Art. 71 para 1 in the law's words ("决定被申请人承担依法订立、继续履行、采取补救措施或者赔偿损失等责任")
    "agreement_remedy": ("第七十一条第一款", "被申请人承担依法订立、继续履行、采取补救措施或者赔偿损失等责任"),
    # Art. 71 para 2: the respondent changed or ended the agreement lawfully but owes compensation
    "agreement_compensation": ("第七十一条第二款", "被申请人依法给予合理补偿"),
    # decisions on record only: compensation now goes with the main decision (COMPENSATION_CLAUSE)
    "compensation": ("第七十二条", "被申请人依法给予赔偿"),
}
#: ARL Art. 72: "同时决定被申请人依法给予赔偿", added to a revocation, variation or confirmation of illegality
COMPENSATION_CLAUSE = "；同时决定被申请人依法给予赔偿"


class FuyiDocumentDecision(models.Model):
    """行政复议决定书: the decision of every statutory type (ARL Arts. 63–72, 33), effective on service (Art. 75)."""

    _inherit = "fuyi.document"

    doc_type = fields.Selection(selection_add=[("decision_document", "Decision document")],
                                ondelete={"decision_document": "cascade"})

    def _values_decision_document(self, case):
        if case.state != "decided" or not case.decision_type:
            self._refuse(case, _("the case has not been decided (ARL Art. 61); decide it first."))
        article, wording = DECISION_WORDING[case.decision_type]
        act = self._act(case)
        if case.decision_type == "order_performance":
            decided = wording % ("%d日" % case.performance_days if case.performance_days else "一定期限")
        elif "%s" in wording:
            decided = wording % act
        else:
            decided = wording
        if case.decision_type in ("revoke", "partial_revoke") and case.performance_days:
            decided += "，并责令被申请人在%d日内重新作出行政行为" % case.performance_days
        if case.decision_compensation:
            article += "、第七十二条"
            decided += COMPENSATION_CLAUSE
        paragraphs = [self._describe_party("申请人", partner) for partner in self._applicants()]
        paragraphs += [self._describe_party("被申请人", partner) for partner in self._parties("respondent")]
        paragraphs.append("申请人对%s不服，于%s向本机关提出行政复议申请，本机关于%s依法予以受理%s。"
                          % (act, chinese_date(case.date_received), chinese_date(case.acceptance_date),
                             "，适用简易程序" if case.procedure == "simple" else ""))
        if case.request:
            paragraphs.append("申请人请求：%s" % case.request.strip())
        if case.facts_reasons:
            paragraphs.append("申请人称：%s" % case.facts_reasons.strip())
        reply = case.case_id.deadline_ids.filtered(lambda d: d.kind == "respondent_reply" and d.state != "cancelled")
        article_reply = "第五十四条" if case.procedure == "simple" else "第四十八条"
        if case.reply_date and not case.reply_late:
            paragraphs.append("被申请人于%s提出书面答复，并提交了作出行政行为的证据、依据和其他有关材料。"
                              % chinese_date(case.reply_date))
            if case.reply_summary:
                paragraphs.append("被申请人称：%s" % case.reply_summary.strip())
        elif case.reply_late or (reply and reply.filtered(lambda d: d.state in ("open", "missed"))
                                 and case.no_reply_proposal):
            # Art. 70: the fact is stated; the conclusion drawn from it is the body's, in its reasons
            paragraphs.append("被申请人未在%s%s规定的期限内提出书面答复、提交作出行政行为的证据、依据和其他有关材料。"
                              % (LAW, article_reply))
        elif reply.filtered(lambda d: d.state == "done"):
            paragraphs.append("被申请人依法提交了书面答复及作出行政行为的证据、依据和其他有关材料。")
        if case.hearing_ids.filtered(lambda h: h.state == "held"):
            paragraphs.append("本机关依法组织了听证。")
        if case.advisory_opinion:
            paragraphs.append("本案经行政复议委员会咨询，委员会提出了咨询意见。")
        # the review of a normative document is answered in the decision (ARL Art. 59)
        for review in case.normative_review_ids.filtered(lambda r: r.state == "concluded"):
            clause = review.clause or ""
            if review.result == "lawful":
                paragraphs.append("经审查，%s%s合法（%s第五十九条）。" % (review.document_name, clause, LAW))
            else:
                # Art. 59 names the grounds (超越权限或者违反上位法), not a bare 不合法
                paragraphs.append("经审查，%s%s超越权限或者违反上位法，本机关决定停止该条款的执行，并责令制定机关予以纠正"
                                  "（%s第五十九条）。"
                                  % (review.document_name, clause, LAW))
        if case.decision_summary:
            paragraphs.append("本机关认为：%s" % case.decision_summary.strip())
        paragraphs.append("根据%s%s的规定，本机关决定：%s。" % (LAW, article, decided))
        paragraphs.append("申请人如不服本决定，可以自收到本决定书之日起十五日内，依法向人民法院提起行政诉讼。")
        paragraphs.append("本决定书自送达之日起发生法律效力（%s第七十五条）。" % LAW)
        return {"title": "%s\n行政复议决定书" % self._body_name(), "recipient": None, "paragraphs": paragraphs}
