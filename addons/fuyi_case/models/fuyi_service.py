import datetime

from flectra import api, fields, models, _
from flectra.exceptions import UserError

from ..report.proof_of_service import ProofOfServiceBuilder

CHANNELS = [
    ("direct", "Direct service (直接送达)"), ("post", "By post (邮寄送达)"), ("electronic", "Electronic (电子送达)"),
    ("agent", "Signed by an agent or designated recipient (代理人、代收人签收)"),
    ("entrusted", "Entrusted to another body (委托送达)"), ("retention", "Left at the address (留置送达)"),
    ("public_notice", "Public notice (公告送达)"),
]   #: "agent" is still service on the recipient's side (CPL Art. 88); 委托送达 is another body serving (CPL Art. 91)
PUBLIC_NOTICE_DAYS = 30   #: deemed served 30 days after the notice (CPL 2023 Art. 95, via ARL Art. 88)
#: channels whose proof is not a signed receipt: the system's record of arrival (CPL Art. 90) or the
#: notice itself (CPL Art. 95)
NO_PROOF_FORM_CHANNELS = ("electronic", "public_notice")
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CPL = "《中华人民共和国民事诉讼法》"
ARL = "《中华人民共和国行政复议法》"
BLANK_DATE = "　　　　年　　月　　日"
BLANK_NAME = "＿＿＿＿＿＿＿＿"
#: 备注 per channel: what the server records on the form (CPL Arts. 88, 89, 91 via ARL Art. 88 para 1)
PROOF_REMARKS = {
    "direct": "受送达人拒绝签收的，送达人可以邀请有关基层组织或者所在单位的代表到场，说明情况，在本回证上记明拒收事由"
              "和日期，由送达人、见证人签名或者盖章，把文书留在受送达人的住所；也可以把文书留在受送达人的住所，并采用"
              "拍照、录像等方式记录送达过程，即视为送达（%s第八十九条）。" % CPL,
    "retention": "受送达人拒绝签收，拒收事由和日期：＿＿＿＿＿＿＿＿＿＿＿＿。见证人（签名或者盖章）：＿＿＿＿＿＿＿＿。"
                 "文书已留在受送达人的住所，并采用拍照、录像等方式记录送达过程（%s第八十九条）。" % CPL,
    "post": "邮寄送达的，以回执上注明的收件日期为送达日期（%s第九十一条）。" % CPL,
    # CPL Art. 88: the agent or the recipient's designated receiver signs for the recipient
    "agent": "受送达人有代理人的，可以送交其代理人签收；受送达人已指定代收人的，送交代收人签收。代理人或者代收人在本回证上"
             "签收的日期为送达日期（%s第八十八条）。" % CPL,
    # CPL Art. 91: direct service is difficult, another body serves on this body's behalf
    "entrusted": "直接送达有困难，委托其他机关代为送达。受委托机关：＿＿＿＿＿＿＿＿＿＿。受送达人在本回证上签收的日期为"
                 "送达日期（%s第九十一条、第八十七条）。" % CPL,
}


class FuyiService(models.Model):
    """A service record (送达): which document went to whom, how, and when it was served.

    Service dates start the next clocks: the respondent's reply period runs from service of the
    application copy (ARL Arts. 48, 54); a decision takes effect on service (ARL Art. 75).
    """

    _name = "fuyi.service"
    _description = "Service of documents"
    _order = "sent_date desc, id desc"

    case_id = fields.Many2one("fuyi.case", required=True, ondelete="cascade", index=True)
    kind = fields.Selection([
        ("correction_notice", "Correction notice"), ("acceptance_notice", "Acceptance notice"),
        ("rejection_decision", "Non-acceptance decision"), ("copy_to_respondent", "Application copy to respondent"),
        ("hearing_notice", "Hearing notice"), ("decision", "Decision"), ("other", "Other document"),
    ], required=True, default="other")
    document_name = fields.Char(string="Document")
    recipient_id = fields.Many2one("res.partner", string="Recipient", required=True, ondelete="restrict")
    channel = fields.Selection(CHANNELS, required=True, default="direct")
    sent_date = fields.Date(required=True, default=fields.Date.context_today)
    served_date = fields.Date(readonly=True)
    deemed_served = fields.Boolean(readonly=True, help="Served by operation of law (public notice)")
    proof_attachment_id = fields.Many2one("ir.attachment", string="Proof of service (送达回证)")
    state = fields.Selection([("pending", "Sent, not yet served"), ("served", "Served"), ("failed", "Failed")],
                             default="pending", required=True, index=True)
    failure_reason = fields.Char(readonly=True)
    proof_form_attachment_id = fields.Many2one(
        "ir.attachment", string="Proof-of-service form", readonly=True, copy=False,
        help="The blank 送达回证 printed to go with the document; the signed one comes back as the proof")
    proof_form_version = fields.Integer(string="Form version", readonly=True, copy=False, default=0,
                                        help="Raised each time the form is printed again")

    def action_mark_served(self, date=None, proof_attachment_id=False):
        """Record service; public notices are served 30 days after publication (CPL Art. 95)."""
        for service in self:
            if service.state == "served":
                raise UserError(_("%(doc)s was already served on %(date)s.",
                                  doc=service.document_name or service.kind, date=service.served_date))
            if service.channel == "public_notice":
                served = service.sent_date + datetime.timedelta(days=PUBLIC_NOTICE_DAYS)
                deemed = True
            else:
                served = fields.Date.to_date(date) if date else fields.Date.context_today(self)
                deemed = False
                if served < service.sent_date:
                    raise UserError(_("A document cannot be served before it was sent (%(date)s).",
                                      date=service.sent_date))
            service.write({"state": "served", "served_date": served, "deemed_served": deemed,
                           "proof_attachment_id": proof_attachment_id or service.proof_attachment_id.id})
            service._on_served()
        return True

    def action_mark_failed(self, reason):
        self.write({"state": "failed", "failure_reason": reason})
        return True

    def _on_served(self):
        """Override hook: start the clocks that run from service."""
        return True

    # --- 送达回证 ---
    def action_print_proof_of_service(self):
        """Make out the 送达回证 that goes with the document, as a new version, and download it.

        Service follows the Civil Procedure Law (ARL Art. 88 para 1): the recipient dates and signs the
        form, and that date is the service date (CPL Art. 87). The form is not numbered: it is no 公文 of
        its own but part of the served document's file, and quotes that document's 文号. Every
        ``fuyi.document`` type draws a 文号 when issued, so the form is not a document type but a file of
        the service record, versioned the same way (a new attachment per printing).
        """
        self.ensure_one()
        attachment = self._generate_proof_of_service()
        return {"type": "ir.actions.act_url", "url": "/web/content/%d?download=true" % attachment.id,
                "target": "self"}

    def _generate_proof_of_service(self):
        self.ensure_one()
        if self.state != "pending":
            raise UserError(_("The proof of service goes out with the document: %(doc)s is no longer pending "
                              "service.", doc=self.document_name or self._print_label(self, "kind")))
        if self.channel in NO_PROOF_FORM_CHANNELS:
            raise UserError(_("%(channel)s has no proof-of-service form to sign: electronic service is proved by "
                              "the record of arrival (CPL Art. 90), a public notice by the notice itself "
                              "(CPL Art. 95).", channel=self._print_label(self, "channel")))
        data = ProofOfServiceBuilder().build_form(**self._proof_of_service_values())
        version = self.proof_form_version + 1
        attachment = self.env["ir.attachment"].create({
            # the form is printed in Chinese whatever the clerk's language; so is its file name
            "name": "送达回证-%s-第%d版.docx" % ((self.document_name or self.case_id.name or "").replace("/", "-"), version),
            "raw": data, "mimetype": DOCX_MIMETYPE,
            "res_model": self._name, "res_id": self.id})
        self.write({"proof_form_version": version, "proof_form_attachment_id": attachment.id})
        return attachment

    def _proof_of_service_values(self):
        """The form's rows, always in Chinese: it is printed for the recipient, whatever the clerk's language."""
        self.ensure_one()
        case = self.case_id
        document = self.document_id
        if document.state == "cancelled":
            raise UserError(_("Document %(name)s was cancelled and cannot be served.", name=document.name))
        served = self.document_name or (document and self._print_label(document, "doc_type")) or \
            self._print_label(self, "kind")
        if document.number:
            served = "%s（%s）" % (served, document.number)
        return {
            "title": "送达回证",
            "rows": [
                ("案由", case.title or ""),
                ("案号", case.name or ""),
                ("送达文书名称及文号", served),
                ("受送达人", self.recipient_id.name),
                ("送达地点", self._proof_address()),
                ("送达方式", self._print_label(self, "channel")),
                ("受送达人签名或盖章", ""),
                ("签收日期", BLANK_DATE),
                ("代收人及代收理由", ""),
                ("送达人", "%s　　%s" % (BLANK_NAME, BLANK_NAME)),
                ("备注", PROOF_REMARKS.get(self.channel, "")),
            ],
            "tall": ("受送达人签名或盖章", "代收人及代收理由", "送达人", "备注"),
            "notes": ["说明：受送达人在本回证上的签收日期为送达日期（%s第八十八条第一款、%s第八十七条）。" % (ARL, CPL)],
            "signature": self.env["fuyi.document"]._body_name(),
            "date": self.sent_date or fields.Date.context_today(self),
        }

    def _proof_address(self):
        """安和县人民路1号 (邮政编码：…) for a letter; blank when the address is not known."""
        partner = self.recipient_id
        street = "".join(part.strip() for part in (partner.street or "", partner.street2 or "") if part)
        city = (partner.city or "").strip()
        address = street if not city or street.startswith(city) else city + street
        if address and self.channel == "post" and partner.zip:
            address += "（邮政编码：%s）" % partner.zip.strip()
        return address

    @staticmethod
    def _print_label(record, field_name):
        """A selection's label in Chinese, as printed on documents."""
        record = record.with_context(lang="zh_CN")   # _() reads the language of the caller's `record`
        value = record[field_name]
        return _(dict(record._fields[field_name]._selection_list(record.env)).get(value, value or ""))
