"""出庭应诉通知书, 答辩状 (skeleton), 授权委托书, 负责人身份证明, 不能出庭情况说明 and the reply letter to a
司法建议/检察建议, on fuyi_case's document model and builder."""
from flectra import fields, models, _

from flectra.addons.fuyi_case.report.docx_builder import chinese_date



ALL = "《中华人民共和国行政诉讼法》"
HEAD_2020 = "《最高人民法院关于行政机关负责人出庭应诉若干问题的规定》"
DOC_TYPES = [("appearance_notice", "Court appearance notice to the head"), ("defence_statement", "Defence statement"),
             ("power_of_attorney", "Power of attorney"), ("identity_certificate", "Head identity certificate"),
             ("absence_statement", "Statement of the head's absence"), ("suggestion_reply", "Reply to a suggestion")]


class FuyiDocument(models.Model):
    _inherit = "fuyi.document"

    doc_type = fields.Selection(selection_add=DOC_TYPES, ondelete={key: "cascade" for key, _label in DOC_TYPES})
    appearance_id = fields.Many2one("yingsu.appearance", string="Court appearance", ondelete="set null", index=True)
    suggestion_id = fields.Many2one("yingsu.suggestion", string="Suggestion", ondelete="set null", index=True)

    def _case_models(self):
        models_ = super()._case_models()
        models_["lawsuit"] = "yingsu.lawsuit"
        return models_

    # --- wording shared by the lawsuit documents ---
    def _lawsuit_line(self, lawsuit):
        """原告张三诉县市场监督管理局罚款决定一案（（2025）豫0421行初12号）."""
        plaintiffs = "、".join(lawsuit.party_ids.filtered(lambda p: p.role == "plaintiff").mapped("partner_id.name"))
        defendants = lawsuit.defendant_names or lawsuit.agency_id.name or ""
        number = "（%s）" % lawsuit.court_case_number if lawsuit.court_case_number else ""
        return "原告%s诉%s%s一案%s" % (plaintiffs or "", defendants, lawsuit.act_description or lawsuit.title or "",
                                   number)

    def _appearance(self, lawsuit):
        appearance = self.appearance_id
        if not appearance or appearance.lawsuit_id != lawsuit:
            self._refuse(lawsuit, _("prepare it from the court appearance of this lawsuit."))
        return appearance

    def _agency_name(self, appearance):
        return appearance.agency_id.name or ""

    # --- 出庭应诉通知书 (to the agency head) ---
    def _values_appearance_notice(self, lawsuit):
        """To the head: the hearing, the duty to appear (ALL Art. 3 para 3), the identity certificate before the
        hearing (HEAD-2020 Art. 6) and the accepted reasons for absence (Arts. 8, 9)."""
        appearance = self._appearance(lawsuit)
        heads = appearance._heads()
        if not heads:
            self._refuse(lawsuit, _("the agency has no head on record."))
        place = "在%s" % appearance.hearing_place if appearance.hearing_place else ""
        court = lawsuit.court_id.name or "人民法院"
        return {
            "title": "%s\n行政机关负责人出庭应诉通知书" % self._body_name(),
            "recipient": "%s负责人%s" % (self._agency_name(appearance), heads[0].name),
            "paragraphs": [
                "%s由%s审理，定于%s%s开庭。%s于%s收到人民法院的出庭通知。" % (
                    self._lawsuit_line(lawsuit), court, appearance._hearing_text(), place,
                    self._agency_name(appearance), chinese_date(appearance.notice_received)),
                "依照%s第三条第三款的规定，被诉行政机关负责人应当出庭应诉；不能出庭的，应当委托行政机关相应的工作人员出庭。"
                % ALL,
                "请于开庭前确定出庭人员：负责人出庭的，提交加盖本机关印章的负责人身份证明（%s第六条）；负责人因不可抗力、"
                "意外事件、需要履行他人不能代替的公务或者其他正当理由不能出庭的，提交加盖本机关印章或者由主要负责人签字认可"
                "的证明材料，并委托相应的工作人员出庭（该规定第八条、第九条）。" % HEAD_2020,
                "出庭的负责人应当就实质性解决行政争议发表意见（该规定第十一条）。请通过通知中的链接确认出庭人员或说明情况。",
            ],
        }

    # --- 答辩状 (skeleton prefilled from the case) ---
    def _values_defence_statement(self, lawsuit):
        """Statement of defence with evidence and the normative documents relied on, within 15 days of receiving
        the complaint copy (ALL Art. 67 para 1)."""
        paragraphs = []
        for party in lawsuit.party_ids.sorted(lambda p: (p.role != "defendant", p.role != "co_defendant", p.id)):
            label = {"defendant": "答辩人（被告）", "co_defendant": "答辩人（共同被告）", "plaintiff": "被答辩人（原告）",
                     "third_party": "第三人"}.get(party.role)
            if label:
                paragraphs.append(self._describe_party(label, party.partner_id))
        due = "（答辩期限至%s）" % chinese_date(lawsuit.answer_due_date) if lawsuit.answer_due_date else ""
        paragraphs += [
            "答辩人就%s，依照%s第六十七条第一款的规定，在收到起诉状副本之日起十五日内提出答辩如下%s：" % (
                self._lawsuit_line(lawsuit), ALL, due),
            "一、被诉行政行为认定事实清楚、证据确凿：（请填写）",
            "二、被诉行政行为适用法律、法规正确：（请填写）",
            "三、被诉行政行为符合法定程序：（请填写）",
            "综上，请求人民法院依法判决驳回原告的诉讼请求。",
            "此致",
            lawsuit.court_id.name or "人民法院",
            "附：证据清单",
        ]
        paragraphs += ["%d. %s" % (index, item.name) for index, item in enumerate(lawsuit.evidence_ids, 1)] or \
            ["（无）"]
        return {"title": "行政诉讼答辩状", "recipient": None, "paragraphs": paragraphs,
                "signature": lawsuit.agency_id.name or self._body_name()}

    # --- 授权委托书 / 负责人身份证明 (HEAD-2020 Art. 6; ALL-I Art. 131) ---
    def _values_power_of_attorney(self, lawsuit):
        appearance = self._appearance(lawsuit)
        if appearance.designee_kind != "staff" or not appearance.designee_id:
            self._refuse(lawsuit, _("designate a staff member who appears instead of the head first."))
        agency = self._agency_name(appearance)
        return {
            "title": "授权委托书", "recipient": lawsuit.court_id.name or "人民法院",
            "signature": agency,
            "paragraphs": [
                "委托单位：%s。" % agency,
                "受委托人：%s，职务：%s，系本机关工作人员。" % (appearance.designee_id.name, appearance.designee_position or ""),
                "现委托上列受委托人在%s中，作为本机关的诉讼代理人出庭应诉。" % self._lawsuit_line(lawsuit),
                "代理权限：%s。" % (appearance.designee_authority or "一般代理"),
                "（本委托书须加盖本机关印章，载明工作人员的姓名、职务和代理权限。）",
            ],
        }

    def _values_identity_certificate(self, lawsuit):
        appearance = self._appearance(lawsuit)
        if appearance.designee_kind != "head" or not appearance.designee_id:
            self._refuse(lawsuit, _("designate a head of the agency who appears first (HEAD-2020 Art. 2)."))
        agency = self._agency_name(appearance)
        return {
            "title": "行政机关负责人身份证明", "recipient": lawsuit.court_id.name or "人民法院", "signature": agency,
            "paragraphs": [
                "%s，现任%s%s，系本机关负责人，将于%s出庭参加%s的诉讼活动。" % (
                    appearance.designee_id.name, agency, appearance.designee_position or "负责人",
                    appearance._hearing_text(), self._lawsuit_line(lawsuit)),
                "特此证明。（依照%s第六条，本证明须加盖本机关印章，于开庭前提交。）" % HEAD_2020,
            ],
        }

    # --- 不能出庭情况说明 (HEAD-2020 Arts. 8, 9) ---
    def _values_absence_statement(self, lawsuit):
        appearance = self._appearance(lawsuit)
        if not appearance.absence_reason:
            self._refuse(lawsuit, _("record the reason for the head's absence first (HEAD-2020 Art. 8)."))
        reasons = {"force_majeure": "不可抗力", "accident": "意外事件", "irreplaceable_duty": "需要履行他人不能代替的公务",
                   "other_justified": "其他正当事由"}
        heads = appearance._heads()
        detail = (appearance.absence_reason_text or "").strip().rstrip("。")
        paragraphs = [
            "%s定于%s开庭。本机关负责人%s因%s%s，不能出庭应诉。" % (
                self._lawsuit_line(lawsuit), appearance._hearing_text(), heads[:1].name or "",
                reasons[appearance.absence_reason], "（%s）" % detail if detail else ""),
            "依照%s第八条、第九条的规定，现提交相关证明材料%d份。" % (HEAD_2020, len(appearance.absence_proof_ids)),
        ]
        if appearance.designee_kind == "staff" and appearance.designee_id:
            paragraphs.append("本机关已委托工作人员%s（%s）出庭应诉。" % (appearance.designee_id.name,
                                                             appearance.designee_position or ""))
        if appearance.postponement_requested:
            paragraphs.append("本机关申请延期开庭审理。")
        return {"title": "行政机关负责人不能出庭情况说明", "recipient": lawsuit.court_id.name or "人民法院",
                "signature": self._agency_name(appearance), "paragraphs": paragraphs}

    # --- reply letter to a judicial or procuratorial suggestion ---
    def _values_suggestion_reply(self, lawsuit):
        suggestion = self.suggestion_id
        if not suggestion or not (suggestion.reply_content or "").strip():
            self._refuse(lawsuit, _("the reply has no content."))
        kind = "司法建议" if suggestion.kind == "judicial" else "检察建议"
        content = suggestion.reply_content.strip()
        return {
            "title": "关于%s%s的回复" % (suggestion.name, kind), "recipient": suggestion.issuer_id.name,
            "signature": suggestion.agency_id.name,
            "paragraphs": [
                "贵院%s（%s）于%s收悉。本机关高度重视，现将办理情况回复如下：" % (
                    kind, suggestion.name, chinese_date(suggestion.received_date)),
                content if content[-1] in "。！？" else content + "。",
                "特此回复。",
            ],
        }


class YingsuLawsuit(models.Model):
    _inherit = "yingsu.lawsuit"

    def action_create_document(self, doc_type):
        """A new draft document of this lawsuit, generated from it; returns its id."""
        self.ensure_one()
        document = self.env["fuyi.document"].create({"case_id": self.case_id.id, "doc_type": doc_type})
        document.action_generate()
        return document.id

    def action_defence_statement(self):
        """The 答辩状 skeleton, prefilled from the lawsuit, opened as a draft document."""
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "fuyi.document", "view_mode": "form",
                "views": [[False, "form"]], "res_id": self.action_create_document("defence_statement")}


