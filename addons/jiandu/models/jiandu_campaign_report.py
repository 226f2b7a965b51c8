from flectra import fields, models, _
from flectra.exceptions import UserError

from flectra.addons.fuyi_case.report.docx_builder import chinese_date
from ..report import campaign_report
from ..tools import indicators

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class JianduReviewCampaign(models.Model):
    _inherit = "jiandu.review.campaign"

    report_attachment_id = fields.Many2one("ir.attachment", string="Report", readonly=True, copy=False)

    def get_indicators(self):
        """The campaign's figures: qualified rate overall and by agency, common defects, officer
        qualification rate, publication timeliness, and each agency's loss rates elsewhere."""
        self.ensure_one()
        files = self.sudo().file_ids
        reviewed = files.filtered("result_review_id")
        by_agency = indicators.qualified_by_agency([(f.agency_id.name or "-", f.qualified) for f in reviewed])
        findings = []
        for record in reviewed:
            for line in record.result_review_id.findings():
                findings.append((line.item_id.name, record.id, 1 if line.veto_failed else line.defect_count))
        agencies = files.mapped("agency_id")
        officers = self.env["jiandu.enforcement.officer"].sudo().search([("agency_id", "in", agencies.ids)])
        on = self.date_to or fields.Date.context_today(self)
        valid = officers.filtered(lambda o: not o.certificate_problem(on))
        risk = self._agency_risk(agencies)
        losses = {}
        for agency in agencies:
            decided = self.env["fuyi.reconsideration"].sudo().search_count(
                [("agency_id", "=", agency.id), ("decision_type", "!=", False)]) \
                if "decision_type" in self.env["fuyi.reconsideration"]._fields else 0
            judged = (self.env["yingsu.lawsuit"].sudo().search_count([("agency_id", "=", agency.id),
                                                                      ("judged", "=", True)])
                      if "yingsu.lawsuit" in self.env and "judged" in self.env["yingsu.lawsuit"]._fields else 0)
            corrections, court_losses = risk.get(agency.id, (0, 0))
            losses[agency.name] = {"reconsideration_correction_rate": indicators.rate(corrections, decided),
                                   "litigation_loss_rate": indicators.rate(court_losses, judged)}
        return {
            "campaign": self.name, "files": len(files), "reviewed": len(reviewed),
            "qualified": len(reviewed.filtered("qualified")),
            "qualified_rate": indicators.rate(len(reviewed.filtered("qualified")), len(reviewed)),
            "by_agency": [dict(row, agency=agency) for agency, row in by_agency.items()],
            "common_defects": [{"item": item, "files": n, "defects": d}
                               for item, n, d in indicators.common_defects(findings)],
            "officers": len(officers), "officers_qualified": len(valid),
            "officer_qualification_rate": indicators.rate(len(valid), len(officers)),
            "publication_timeliness": indicators.publication_timeliness(files.mapped("publication_flag")),
            "loss_rates": [dict(value, agency=name) for name, value in sorted(losses.items())],
        }

    def action_report(self):
        """Build the campaign report (.docx with tables and a chart) and attach it to the campaign."""
        self.ensure_one()
        if not self.file_ids:
            raise UserError(_("Campaign %(name)s has no files yet: draw the sample first.", name=self.name))
        figures = self.get_indicators()
        body = self.env["ir.config_parameter"].sudo().get_param("jiandu.body_name", "县司法局")
        overall = "-" if figures["qualified_rate"] is None else "%.1f%%" % figures["qualified_rate"]
        paragraphs = [
            "根据工作安排，本机关于%s至%s组织开展了%s，按照《%s》对%d件行政执法案卷进行了评查。" % (
                chinese_date(self.date_from), chinese_date(self.date_to), self.name, self.rubric_id.name,
                figures["files"]),
            "抽样采用%s方式，随机种子为%s，抽样结果可复核。" % (
                "风险加权抽样" if self.sampling_method == "risk" else "随机抽样", self.seed),
            "已评查%d件，合格%d件，评查合格率%s。" % (figures["reviewed"], figures["qualified"], overall),
        ]
        if figures["common_defects"]:
            paragraphs.append("主要问题：%s。" % "；".join(
                "%s（%d件）" % (row["item"], row["files"]) for row in figures["common_defects"][:5]))
        if figures["officer_qualification_rate"] is not None:
            paragraphs.append("被评查单位执法人员%d名，持有效执法证件%d名，执法人员持证率%.1f%%。" % (
                figures["officers"], figures["officers_qualified"], figures["officer_qualification_rate"]))
        if figures["publication_timeliness"] is not None:
            paragraphs.append("行政执法决定按时公示率%.1f%%。" % figures["publication_timeliness"])
        paragraphs.append("请各被评查单位对照问题认真整改，并按整改通知书要求报送整改情况。")
        tables = [
            ("一、各单位评查结果", ["单位", "评查案卷", "合格", "合格率（%）"],
             [[row["agency"], row["files"], row["qualified"], row["rate"]] for row in figures["by_agency"]]),
            ("二、常见问题", ["问题", "涉及案卷", "问题数"],
             [[row["item"], row["files"], row["defects"]] for row in figures["common_defects"]]),
            ("三、复议纠错率与诉讼败诉率", ["单位", "复议纠错率（%）", "诉讼败诉率（%）"],
             [[row["agency"], row["reconsideration_correction_rate"], row["litigation_loss_rate"]]
              for row in figures["loss_rates"]]),
        ]
        chart = campaign_report.bar_chart_png([row["agency"] for row in figures["by_agency"]],
                                              [row["rate"] for row in figures["by_agency"]],
                                              "评查合格率", "%")
        data = campaign_report.build_report(
            "%s\n关于%s情况的通报" % (body, self.name), None, None, paragraphs, body,
            fields.Date.context_today(self), tables, [("四、各单位评查合格率", chart)])
        attachment = self.env["ir.attachment"].create({
            "name": "%s.docx" % self.name, "raw": data, "mimetype": DOCX_MIMETYPE,
            "res_model": self._name, "res_id": self.id})
        self.report_attachment_id = attachment
        return {"type": "ir.actions.act_url", "url": "/web/content/%d?download=true" % attachment.id,
                "target": "self"}
