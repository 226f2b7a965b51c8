from flectra import api, fields, models, _
from flectra.exceptions import UserError

REPORT_DAYS = 60   #: the recipient reports its correction within 60 days of receipt (ARL Art. 76)


class FuyiOpinionLetter(models.Model):
    """意见书 (ARL Art. 76) or 建议书 (ARL-IR Art. 57): follow-up until the agency reports back."""

    _name = "fuyi.opinion.letter"
    _description = "Opinion letter"
    _inherit = ["mail.thread"]
    _order = "issued_date desc, id desc"

    reconsideration_id = fields.Many2one("fuyi.reconsideration", required=True, ondelete="cascade", index=True)
    kind = fields.Selection([("opinion", "Opinion letter (意见书)"), ("recommendation", "Recommendation letter (建议书)")],
                            required=True, default="opinion")
    recipient_id = fields.Many2one("res.partner", string="Agency", required=True, domain=[("party_kind", "=", "agency")])
    content = fields.Text(required=True)
    issued_date = fields.Date(tracking=True)
    received_date = fields.Date(tracking=True, help="Receipt by the agency starts the 60-day report period")
    report_due_date = fields.Date(compute="_compute_report_due", store=True)
    report_date = fields.Date(tracking=True)
    report_text = fields.Text()
    copied_to_superior = fields.Boolean(tracking=True, help="Copied to the agency's superior department (ARL Art. 79)")
    escalation = fields.Selection([("order", "Ordered to perform within a time limit"), ("talk", "Heads summoned (约谈)"),
                                   ("criticism", "Circulated criticism (通报批评)")], tracking=True,
                                  help="ARL Art. 77")
    state = fields.Selection([("draft", "Draft"), ("sent", "Sent"), ("reported", "Reported back"),
                              ("escalated", "Escalated")], default="draft", required=True, tracking=True)

    @api.depends("received_date", "kind")
    def _compute_report_due(self):
        from ..tools import periods
        calendar = self.env["fuyi.calendar.day"]._work_calendar() if self else None
        for letter in self:
            if letter.kind == "opinion" and letter.received_date:
                letter.report_due_date = periods.add_calendar_days(calendar, letter.received_date, REPORT_DAYS).date
            else:
                letter.report_due_date = False

    def action_send(self, issued_date=None):
        for letter in self:
            if letter.state != "draft":
                raise UserError(_("Only a draft letter can be sent."))
            letter.write({"state": "sent", "issued_date": fields.Date.to_date(issued_date) if issued_date
                          else fields.Date.context_today(self)})
        return True

    def action_mark_received(self, date):
        self.write({"received_date": fields.Date.to_date(date)})
        return True

    def action_report(self, text, date=None):
        self.ensure_one()
        if not (text or "").strip():
            raise UserError(_("Record what the agency reported."))
        self.write({"state": "reported", "report_text": text,
                    "report_date": fields.Date.to_date(date) if date else fields.Date.context_today(self)})
        return True

    def action_escalate(self, measure):
        """No report in time: order performance, summon the heads or circulate criticism (ARL Art. 77)."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        if self.state != "sent" or not self.report_due_date or self.report_due_date >= today:
            raise UserError(_("Escalation is possible once the report period has passed without a report "
                              "(ARL Art. 77)."))
        self.write({"state": "escalated", "escalation": measure})
        return True

    @api.model
    def _overdue(self):
        today = fields.Date.context_today(self)
        return self.search([("state", "=", "sent"), ("report_due_date", "<", today)])
