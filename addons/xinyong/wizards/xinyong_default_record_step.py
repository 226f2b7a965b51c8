from flectra import api, fields, models, _


class XinyongDefaultRecordVerify(models.TransientModel):
    """The verification result (NDRC-2023): untrue closes the record; true orders rectification by a date."""

    _name = "xinyong.default.record.verify"
    _description = "Record the verification"

    record_id = fields.Many2one("xinyong.default.record", string="Default record", required=True, ondelete="cascade")
    verified_true = fields.Boolean(string="The default is true")
    result = fields.Text(string="Verification result", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    rectification_due = fields.Date(string="Rectify by")

    def action_confirm(self):
        self.ensure_one()
        self.record_id.action_verify(self.verified_true, self.result, rectification_due=self.rectification_due,
                                     date=self.date)
        return {"type": "ir.actions.act_window_close"}


class XinyongDefaultRecordApprove(models.TransientModel):
    """A manager approves the determination with its document number and date."""

    _name = "xinyong.default.record.approve"
    _description = "Approve the determination"

    record_id = fields.Many2one("xinyong.default.record", string="Default record", required=True, ondelete="cascade")
    number = fields.Char(string="Determination document number", required=True)
    date = fields.Date(string="Determination date", required=True, default=fields.Date.context_today)

    def action_confirm(self):
        self.ensure_one()
        self.record_id.action_approve(self.number, date=self.date)
        return {"type": "ir.actions.act_window_close"}
