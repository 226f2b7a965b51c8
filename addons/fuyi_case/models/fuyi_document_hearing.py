from flectra import fields, models, _

from ..report.docx_builder import chinese_date
from .fuyi_document import LAW


class FuyiDocumentHearing(models.Model):
    """听证通知书: time, place and matters in writing, at least 5 working days before (ARL Art. 51)."""

    _inherit = "fuyi.document"

    doc_type = fields.Selection(selection_add=[("hearing_notice", "Hearing notice")],
                                ondelete={"hearing_notice": "cascade"})

    def _values_hearing_notice(self, case):
        hearings = case.hearing_ids.filtered(lambda h: h.kind == "hearing" and h.state in ("planned", "notified"))
        if not hearings:
            self._refuse(case, _("plan the hearing first (ARL Art. 50)."))
        hearing = hearings.sorted("hearing_date")[-1]
        # documents show local time; China Standard Time unless the user says otherwise
        tz = self.env.context.get("tz") or self.env.user.tz or "Asia/Shanghai"
        local = fields.Datetime.context_timestamp(hearing.with_context(tz=tz), hearing.hearing_date)
        when = "%s%02d时%02d分" % (chinese_date(local.date()), local.hour, local.minute)
        officers = "、".join(hearing.officer_ids.mapped("name"))
        you = self._you()
        return {
            "title": "%s\n行政复议听证通知书" % self._body_name(),
            "recipient": self._recipient_name(),
            "paragraphs": [
                "%s于%s向本机关提出的行政复议申请（%s），本机关决定依照%s第五十条的规定举行听证。现将有关事项通知如下："
                % (you, chinese_date(case.date_received), case.name, LAW),
                "一、听证时间：%s。" % when,
                "二、听证地点：%s。" % (hearing.place or "另行通知"),
                "三、听证事项：申请人对%s不服一案。" % self._act(case),
                "四、听证主持人：%s；听证员：%s；记录员：%s。" % (hearing.presiding_id.name or "", officers,
                                                      hearing.recorder_id.name or ""),
                "五、%s可以委托一至二名代理人参加听证（%s第十七条）；认为听证人员与本案有利害关系的，可以在听证开始前"
                "申请回避。" % (you, LAW),
                "六、申请人无正当理由拒不参加听证的，视为放弃听证权利（%s第五十一条第二款）；被申请人的负责人应当参加听证，"
                "不能参加的，应当说明理由并委托相应的工作人员参加（该条第三款）。" % LAW,
            ],
        }
