from flectra import api, fields, models, _
from flectra.exceptions import UserError

STEPS = [("send", "Sent to the agency"), ("receive", "Received by the agency"),
         ("report", "The agency reported back"), ("escalate", "Escalate (no report in time)")]
MEASURES = [("order", "Ordered to perform within a time limit"), ("talk", "Heads summoned (约谈)"),
            ("criticism", "Circulated criticism (通报批评)")]


class FuyiOpinionLetterFollowup(models.TransientModel):
    """Follow-up of an opinion letter: sent, received (60-day report period, ARL Art. 76), reported, escalated
    (Art. 77)."""

    _name = "fuyi.opinion.letter.followup"
    _description = "Opinion letter follow-up"

    @api.model
    def _default_letter_id(self):
        context = self.env.context
        if context.get("active_model") == "fuyi.opinion.letter" and context.get("active_id"):
            return context["active_id"]
        return False

    @api.model
    def _default_step(self):
        letter = self.env["fuyi.opinion.letter"].browse(self._default_letter_id()).exists()
        if not letter or letter.state == "draft":
            return "send"
        if letter.state == "sent" and not letter.received_date:
            return "receive"
        return "report"

    letter_id = fields.Many2one("fuyi.opinion.letter", string="Letter", required=True, ondelete="cascade",
                                default=_default_letter_id)
    letter_state = fields.Selection(related="letter_id.state", string="Letter state")
    report_due_date = fields.Date(related="letter_id.report_due_date", string="Report due")
    step = fields.Selection(STEPS, string="What happened", required=True, default=_default_step)
    date = fields.Date(required=True, default=fields.Date.context_today)
    report_text = fields.Text(string="What the agency reported")
    measure = fields.Selection(MEASURES, string="Measure")

    def action_confirm(self):
        self.ensure_one()
        letter = self.letter_id
        today = fields.Date.context_today(self)
        if self.date > today:
            raise UserError(_("%(label)s cannot be after today (%(today)s): record what has happened.",
                              label=_("The date"), today=today))
        if self.step == "send":
            letter.action_send(issued_date=self.date)
        elif self.step == "receive":
            if letter.state != "sent":
                raise UserError(_("Send the letter before recording its receipt."))
            if letter.issued_date and self.date < letter.issued_date:
                raise UserError(_("%(label)s (%(date)s) cannot be before %(earlier_label)s (%(earlier)s).",
                                  label=_("The date of receipt"), date=self.date,
                                  earlier_label=_("the date the letter was sent"), earlier=letter.issued_date))
            letter.action_mark_received(self.date)
        elif self.step == "report":
            if letter.state not in ("sent", "escalated"):
                raise UserError(_("Only a letter that was sent can be reported on."))
            letter.action_report(self.report_text, date=self.date)
        else:
            if not self.measure:
                raise UserError(_("Choose the measure: order to perform, summoning of the heads or circulated "
                                  "criticism (ARL Art. 77)."))
            letter.action_escalate(self.measure)
        return {"type": "ir.actions.act_window_close"}


class FuyiOpinionLetter(models.Model):
    _inherit = "fuyi.opinion.letter"

    def action_open_followup(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("fuyi_case.fuyi_opinion_letter_followup_action")
        title = action["name"]
        action.update({"name": _(title), "target": "new", "context": {
            "active_model": self._name, "active_id": self.id, "active_ids": [self.id],
            "default_letter_id": self.id}})
        return action
