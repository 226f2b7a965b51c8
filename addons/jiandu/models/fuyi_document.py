"""整改通知书 and the supervision documents (行政执法监督通知书/意见书/决定书) as fuyi.document types."""
from flectra import fields, models, _

from flectra.addons.fuyi_case.report.docx_builder import chinese_date


JIANDU_DOC_TYPES = ("rectification_notice", "supervision_notice", "supervision_opinion", "supervision_decision")


class FuyiDocument(models.Model):
    _inherit = "fuyi.document"

    doc_type = fields.Selection(selection_add=[
        ("rectification_notice", "Rectification notice"), ("supervision_notice", "Enforcement supervision notice"),
        ("supervision_opinion", "Enforcement supervision opinion"),
        ("supervision_decision", "Enforcement supervision decision")],
        ondelete={"rectification_notice": "cascade", "supervision_notice": "cascade",
                  "supervision_opinion": "cascade", "supervision_decision": "cascade"})

    def _case_models(self):
        models_ = super()._case_models()
        models_.update({"enforcement_file": "jiandu.case.file", "supervision": "jiandu.supervision.case"})
        return models_

    def _issue_missing(self):
        """Supervision documents go to an agency; the reconsideration parties (applicant,
        respondent) that fuyi_case checks for its own documents do not apply to them."""
        if self.doc_type in JIANDU_DOC_TYPES:
            return [] if self.recipient_id else [_("the agency the document is addressed to")]
        return super()._issue_missing()

    def _jiandu_body_name(self):
        return self.env["ir.config_parameter"].sudo().get_param("jiandu.body_name", "县司法局")

    def _values_rectification_notice(self, case):
        rectification = self.env["jiandu.rectification"].sudo().search([("document_id", "=", self.id)], limit=1)
        if not rectification:
            self._refuse(case.case_id, _("a rectification notice is issued from a rectification."))
        days = rectification.days
        findings = [line.strip() for line in (rectification.findings or "").splitlines() if line.strip()]
        campaign = rectification.campaign_id
        opening = "本机关%s对你单位%s（%s）进行了评查，发现以下问题：" % (
            "在%s中" % campaign.name if campaign else "", case.file_number or case.name, case.title or "行政执法案卷")
        paragraphs = [opening] + ["%d. %s" % (n, text) for n, text in enumerate(findings, 1)]
        if rectification.requirements:
            paragraphs.append("整改要求：%s" % rectification.requirements)
        paragraphs.append("请你单位自收到本通知书之日起%d日内完成整改，并将整改情况书面报送本机关。" % days)
        return {"title": "%s\n行政执法案卷评查整改通知书" % self._jiandu_body_name(),
                "recipient": rectification.agency_id.name, "paragraphs": paragraphs,
                "signature": self._jiandu_body_name()}

    def _supervision_values(self, case, name):
        paragraphs = ["本机关收到%s反映%s的问题后，依法进行了调查核实。" % (
            case.complainant_id.name or "群众", case.agency_id.name or "有关行政执法机关")]
        if case.findings:
            paragraphs.append("经查：%s" % case.findings)
        if case.measures:
            paragraphs.append(case.measures)
        if case.reply_due_date:
            paragraphs.append("请于%s前将办理情况书面报送本机关。" % chinese_date(case.reply_due_date))
        return {"title": "%s\n%s" % (self._jiandu_body_name(), name), "recipient": case.agency_id.name,
                "paragraphs": paragraphs, "signature": self._jiandu_body_name()}

    def _values_supervision_notice(self, case):
        return self._supervision_values(case, "行政执法监督通知书")

    def _values_supervision_opinion(self, case):
        return self._supervision_values(case, "行政执法监督意见书")

    def _values_supervision_decision(self, case):
        return self._supervision_values(case, "行政执法监督决定书")
