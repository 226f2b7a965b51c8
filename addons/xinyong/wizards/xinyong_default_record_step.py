from flectra import api, fields, models


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


class XinyongDefaultRecordCorrect(models.TransientModel):
    """A correction of a shared record: a new version goes to the platform; the old one stays."""

    _name = "xinyong.default.record.correct"
    _description = "Correct the record"

    record_id = fields.Many2one("xinyong.default.record", string="Default record", required=True, ondelete="cascade")
    amount = fields.Float(string="Amount (yuan)", digits=(16, 2))
    source_reference = fields.Char(string="Source reference")
    reason = fields.Text(string="Why it is corrected", required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        record = self.env["xinyong.default.record"].browse(values.get("record_id"))
        for name in ("amount", "source_reference"):
            if record and name in fields_list:
                values.setdefault(name, record[name])
        return values

    def action_confirm(self):
        self.ensure_one()
        record = self.record_id
        changes = {name: self[name] for name in ("amount", "source_reference") if self[name] != record[name]}
        self.record_id.action_correct(changes, self.reason)
        return {"type": "ir.actions.act_window_close"}
