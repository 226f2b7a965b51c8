import datetime

from flectra import api, fields, models, _
from flectra.exceptions import UserError

CHANNELS = [
    ("direct", "Direct service (直接送达)"), ("post", "By post (邮寄送达)"), ("electronic", "Electronic (电子送达)"),
    ("agent", "Through an agent (委托送达)"), ("retention", "Left at the address (留置送达)"),
    ("public_notice", "Public notice (公告送达)"),
]
PUBLIC_NOTICE_DAYS = 30   #: deemed served 30 days after the notice (CPL 2023 Art. 95, via ARL Art. 88)


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
