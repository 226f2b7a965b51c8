"""提出答复通知书 (ARL Arts. 48, 54), 行政复议调解书 (Art. 73), 行政复议意见书 (Art. 76), 行政复议建议书
(ARL-IR Art. 57 para 2, old regulations) and 延期通知书 (Art. 62 para 1)."""
from flectra import fields, models, _

from ..report.docx_builder import chinese_date, due_date_text
from .fuyi_document import LAW

LAW_IR = "《中华人民共和国行政复议法实施条例》"


class FuyiDocumentLetters(models.Model):
    _inherit = "fuyi.document"

    doc_type = fields.Selection(selection_add=[
        ("reply_notice", "Notice to reply"), ("mediation_document", "Mediation document"),
        ("opinion_letter", "Opinion letter"), ("recommendation_letter", "Recommendation letter"),
        ("extension_notice", "Extension notice")],
        ondelete={"reply_notice": "cascade", "mediation_document": "cascade", "opinion_letter": "cascade",
                  "recommendation_letter": "cascade", "extension_notice": "cascade"})
    opinion_letter_id = fields.Many2one("fuyi.opinion.letter", string="Opinion or recommendation letter",
                                        ondelete="restrict", index=True)

    def _accepted_opening(self, case):
        return "申请人%s对%s不服，于%s向本机关提出行政复议申请，本机关于%s依法予以受理%s。" % (
            "、".join(self._applicants().mapped("name")), self._act(case), chinese_date(case.date_received),
            chinese_date(case.acceptance_date), "，适用简易程序" if case.procedure == "simple" else "")

    def _respondent(self):
        return self._parties("respondent")[:1] or self.case_id.agency_id

    # --- 提出答复通知书 ---
    def _values_reply_notice(self, case):
        """To the respondent with the application copy: reply with evidence and basis within 10 working days
        (ordinary, Art. 48) or 5 (simple, Art. 54) of receipt; Art. 46 and Art. 70 spelled out."""
        if not case.acceptance_date or case.state not in ("accepted", "suspended"):
            self._refuse(case, _("the respondent is asked to reply once the application has been accepted "
                                 "(ARL Arts. 48, 54)."))
        respondent = self._respondent()
        if not respondent:
            self._refuse(case, _("name the respondent first."))
        if not self.recipient_id:
            self.recipient_id = respondent
        simple = case.procedure == "simple"
        article, days = ("第五十四条", "五个工作日") if simple else ("第四十八条", "十个工作日")
        reply = case.case_id._deadline("respondent_reply", states=("open", "paused", "done", "missed"))
        due = "，即最迟于%s提交" % due_date_text(reply[-1]) if reply else ""
        return {
            "title": "%s\n提出答复通知书" % self._body_name(),
            "recipient": respondent.name,
            "paragraphs": [
                self._accepted_opening(case) + "现将行政复议申请书副本（申请笔录复印件）发送你单位。",
                "根据%s%s和第八十八条第二款的规定，请你单位自收到申请书副本（申请笔录复印件）之日起%s内（不含法定休假日），"
                "提出书面答复，并提交作出行政行为的证据、依据和其他有关材料%s。" % (LAW, article, days, due),
                "行政复议期间，你单位不得自行向申请人和其他有关单位或者个人收集证据；自行收集的证据不作为认定行政行为"
                "合法性、适当性的依据（该法第四十六条第一款）。",
                "你单位不按照该法第四十八条、第五十四条的规定提出书面答复、提交作出行政行为的证据、依据和其他有关材料的，"
                "视为该行政行为没有证据、依据，本机关将依照该法第七十条的规定决定撤销、部分撤销该行政行为，确认该行政行为"
                "违法、无效或者决定你单位在一定期限内履行，但是行政行为涉及第三人合法权益，第三人提供证据的除外。",
                "申请人、第三人可以依照该法第四十七条的规定查阅、复制你单位提出的书面答复、作出行政行为的证据、依据和其他"
                "有关材料；涉及国家秘密、商业秘密、个人隐私或者可能危及国家安全、公共安全、社会稳定的，请在提交时注明。",
            ],
        }

    # --- 行政复议调解书 ---
    def _values_mediation_document(self, case):
        """Request, facts, reasons and the agreed result (ARL-IR Art. 50 para 2); effective once signed or sealed
        by every party and sealed by the body (ARL Art. 73 para 1)."""
        if case.state not in ("accepted", "suspended", "mediated") or not case.acceptance_date:
            self._refuse(case, _("mediation takes place in an accepted, pending case (ARL Arts. 5, 73)."))
        agreement = (case.mediation_agreement or "").strip()
        if not agreement:
            self._refuse(case, _("enter the agreement the parties reached first (ARL Art. 73)."))
        parties = [self._describe_party("申请人", partner) for partner in self._applicants()]
        parties += [self._describe_party("被申请人", partner) for partner in self._parties("respondent")]
        parties += [self._describe_party("第三人", partner) for partner in self._parties("third_party")]
        paragraphs = parties + [self._accepted_opening(case)]
        if case.request:
            paragraphs.append("申请人请求：%s" % case.request.strip())
        if case.facts_reasons:
            paragraphs.append("申请人称：%s" % case.facts_reasons.strip())
        if case.reply_summary:
            paragraphs.append("被申请人称：%s" % case.reply_summary.strip())
        paragraphs += [
            "本案经本机关主持调解，各方当事人在自愿、合法的基础上达成如下协议：",
            agreement if agreement[-1] in "。！？" else agreement + "。",
            "上述协议不损害国家利益、社会公共利益和他人合法权益，不违反法律、法规的强制性规定，符合%s第五条的规定。"
            % LAW,
            "本调解书经各方当事人签字或者签章，并加盖本机关印章，即具有法律效力（%s第七十三条第一款）。被申请人应当"
            "履行本调解书（该法第七十七条）。" % LAW,
        ]
        signers = [("申请人", p) for p in self._applicants()] + [("被申请人", p) for p in self._parties("respondent")]
        signers += [("第三人", p) for p in self._parties("third_party")]
        paragraphs += ["%s（签名或者盖章）：%s　　　　年　月　日" % (role, partner.name) for role, partner in signers]
        return {"title": "%s\n行政复议调解书" % self._body_name(), "recipient": None, "paragraphs": paragraphs}

    # --- 行政复议意见书 / 建议书 ---
    def _letter(self, case, kind):
        letter = self.opinion_letter_id
        if not letter or letter.kind != kind or letter.reconsideration_id != case:
            self._refuse(case, _("prepare it from the letter record of this case (ARL Art. 76)."))
        if not (letter.content or "").strip():
            self._refuse(case, _("the letter has no content."))
        if self.recipient_id != letter.recipient_id:
            self.recipient_id = letter.recipient_id
        return letter

    def _letter_cc(self, letter):
        """The copy to the recipient's next-higher competent department (ARL Art. 79 para 2)."""
        superior = letter.recipient_id.superior_department_id
        return [superior.name] if superior else []

    def _values_opinion_letter(self, case):
        """Related acts illegal or improper: correct them and report within 60 days of receipt (ARL Art. 76);
        non-performance is followed up under Art. 77."""
        letter = self._letter(case, "opinion")
        due = "，即最迟于%s" % chinese_date(letter.report_due_date) if letter.report_due_date else ""
        content = letter.content.strip()
        return {
            "title": "%s\n行政复议意见书" % self._body_name(),
            "recipient": letter.recipient_id.name,
            "cc": self._letter_cc(letter),
            "paragraphs": [
                "本机关在办理申请人%s对%s不服申请行政复议一案（%s）中，发现你单位的有关行政行为存在违法或者不当的情形。"
                "根据%s第七十六条的规定，提出如下意见：" % ("、".join(self._applicants().mapped("name")), self._act(case),
                                                 case.name, LAW),
                content if content[-1] in "。！？" else content + "。",
                "请你单位自收到本意见书之日起六十日内%s，将纠正相关违法或者不当行政行为的情况报送本机关（%s第七十六条）。"
                % (due, LAW),
                "你单位不履行或者无正当理由拖延履行的，本机关将依照该法第七十七条的规定责令限期履行，并可以约谈你单位的"
                "有关负责人或者予以通报批评。",
            ],
        }

    def _values_recommendation_letter(self, case):
        """General problems in implementing laws, regulations or rules found in a case (ARL-IR Art. 57 para 2,
        2007 regulations kept as an optional document; no counterpart in the 2023 law)."""
        letter = self._letter(case, "recommendation")
        content = letter.content.strip()
        return {
            "title": "%s\n行政复议建议书" % self._body_name(),
            "recipient": letter.recipient_id.name,
            "paragraphs": [
                "本机关在办理申请人%s对%s不服申请行政复议一案（%s）中，发现有关法律、法规、规章实施中存在带有普遍性的"
                "问题。根据%s第五十七条第二款的规定，提出如下完善制度和改进执法的建议："
                % ("、".join(self._applicants().mapped("name")), self._act(case), case.name, LAW_IR),
                content if content[-1] in "。！？" else content + "。",
                "请你单位研究处理，并将有关情况告知本机关。",
            ],
        }

    # --- 延期通知书 ---
    def _values_extension_notice(self, case):
        """Complex case, extension approved by the head of the institution, notified in writing, at most 30
        days (ARL Art. 62 para 1)."""
        decision = case.case_id._deadline("decision")
        if not decision or not decision.extension_length:
            self._refuse(case, _("the decision limit has not been extended (ARL Art. 62 para 1)."))
        reason = (decision.extension_reason or "").strip().rstrip("。")
        return {
            "title": "%s\n行政复议期限延长通知书" % self._body_name(),
            "recipient": self._recipient_name(),
            "paragraphs": [
                self._accepted_opening(case),
                "因%s，情况复杂，本机关不能在规定期限内作出行政复议决定。经本机关行政复议机构负责人批准，根据%s第六十二条"
                "第一款的规定，本案行政复议期限延长%d日，本机关将最迟于%s作出行政复议决定。"
                % (reason or "案情复杂", LAW, decision.extension_length, due_date_text(decision)),
                "特此通知。",
            ],
        }


class FuyiOpinionLetterDocument(models.Model):
    _inherit = "fuyi.opinion.letter"

    document_ids = fields.One2many("fuyi.document", "opinion_letter_id", string="Documents")

    def action_create_document(self):
        """The 意见书 or 建议书 of this letter as a new draft document; returns its id."""
        self.ensure_one()
        doc_type = "opinion_letter" if self.kind == "opinion" else "recommendation_letter"
        document = self.env["fuyi.document"].create({
            "case_id": self.reconsideration_id.case_id.id, "doc_type": doc_type, "opinion_letter_id": self.id,
            "recipient_id": self.recipient_id.id})
        document.action_generate()
        return document.id
