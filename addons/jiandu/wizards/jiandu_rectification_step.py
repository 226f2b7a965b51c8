from flectra import fields, models


class JianduRectificationStep(models.TransientModel):
    """The agency's rectification report, or the supervisor's verification of it."""

    _name = "jiandu.rectification.step"
    _description = "Rectification step"

    rectification_id = fields.Many2one("jiandu.rectification", required=True, ondelete="cascade")
    step = fields.Selection([("reply", "Report"), ("verify", "Verify")], required=True, default="reply")
    reply = fields.Text(string="Rectification report")
    date = fields.Date(default=fields.Date.context_today)
    passed = fields.Boolean(string="Rectified", default=True)
    note = fields.Text(string="Verification note")

    def action_confirm(self):
        self.ensure_one()
        if self.step == "reply":
            self.rectification_id.action_reply(self.reply, self.date)
        else:
            self.rectification_id.action_verify(self.passed, self.note)
        return {"type": "ir.actions.act_window_close"}
