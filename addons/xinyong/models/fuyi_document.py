"""政务失信认定告知书: the notice to the body of its determined default, as a fuyi.document type."""
from flectra import fields, models, _

from flectra.addons.fuyi_case.report.docx_builder import chinese_date

TYPE_WORDS = {"breach_of_contract": "违约毁约", "payment_arrears": "拖欠账款",
              "judgment_non_performance": "拒不履行司法裁判", "other": "其他失信"}
REFUSAL_WORDS = {"personnel_change": "领导或人员变动", "restructuring": "机构调整", "funds": "资金不足",
                 "dispute": "对义务有异议", "other": "其他"}


class FuyiDocument(models.Model):
    _inherit = "fuyi.document"

    doc_type = fields.Selection(selection_add=[("default_determination", "Notice of a determined default")],
                                ondelete={"default_determination": "cascade"})

    def _case_models(self):
        models_ = super()._case_models()
        models_["default_record"] = "xinyong.default.record"
        return models_

    def _issue_missing(self):
        """The notice goes to the body; the reconsideration parties fuyi_case checks do not apply."""
        if self.doc_type == "default_determination":
            return [] if self.recipient_id else [_("the body the notice is addressed to")]
        return super()._issue_missing()

    def _values_default_determination(self, record):
        if record.state not in ("determined", "repaired") or not record.determination_number:
            self._refuse(record.case_id, _("the notice follows the approved determination."))
        paragraphs = ["你单位%s一事，经%s核实属实。" % (record.title or "", record.verifier_id.name or "有关部门")]
        if record.rectification_due:
            refusal = REFUSAL_WORDS.get(record.refusal_reason, "")
            paragraphs.append("已责令你单位于%s前整改，你单位未予整改%s。" % (
                chinese_date(record.rectification_due), "（所称理由：%s）" % refusal if refusal else ""))
        paragraphs.append("依据《国家发展改革委关于完善政府诚信履约机制优化民营经济发展环境的通知》（发改财金〔2023〕1103号），"
                          "经批准，认定你单位存在%s失信行为（认定文号：%s，认定部门：%s），记入政务诚信记录，并推送信用信息共享平台。"
                          % (TYPE_WORDS.get(record.default_type, "失信"), record.determination_number,
                             record.determining_department_id.name or ""))
        if record.published and record.publication_end:
            paragraphs.append("该失信信息自%s起公示，至%s止。" % (chinese_date(record.publication_start),
                                                           chinese_date(record.publication_end)))
        if record.earliest_repair_date:
            paragraphs.append("自%s起，你单位纠正失信行为、履行相关义务并作出信用承诺的，可以申请信用修复。"
                              % chinese_date(record.earliest_repair_date))
        return {"title": "%s\n政务失信认定告知书" % self._body_name(), "recipient": record.agency_id.name,
                "paragraphs": paragraphs}
