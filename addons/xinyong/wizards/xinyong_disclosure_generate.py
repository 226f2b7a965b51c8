from flectra import api, fields, models, _

from ..tools import integrity as rules


class XinyongDisclosureGenerate(models.TransientModel):
    """The screen of the yearly SME-payment disclosure (SME-PAY Art. 18 para 1): choose the year and the body,
    see the figures per body, generate the publication document."""

    _name = "xinyong.disclosure.generate"
    _description = "Generate the annual disclosure of overdue SME payments"

    def _default_year(self):
        return fields.Date.context_today(self).year - 1

    year = fields.Integer(required=True, default=_default_year)
    body_id = fields.Many2one("res.partner", string="Government body", domain=[("party_kind", "=", "agency")],
                              help="Empty: all government bodies")
    publish_by = fields.Date(string="Publish by", compute="_compute_publish_by",
                             help="31 March of the following year (SME-PAY Art. 18 para 1)")
    line_ids = fields.One2many("xinyong.disclosure.generate.line", "wizard_id", string="Figures by body",
                               readonly=True)
    contract_count = fields.Integer(string="Contracts overdue and unpaid", readonly=True)
    amount_total = fields.Float(string="Amount overdue and unpaid (yuan)", digits=(16, 2), readonly=True)
    computed = fields.Boolean(readonly=True)

    @api.depends("year")
    def _compute_publish_by(self):
        for wizard in self:
            wizard.publish_by = rules.annual_disclosure_due(wizard.year) if wizard.year else False

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        wizards._compute_figures()
        return wizards

    def write(self, vals):
        result = super().write(vals)
        if {"year", "body_id"} & set(vals):
            self._compute_figures()
        return result

    def _compute_figures(self):
        Disclosure = self.env["xinyong.disclosure"]
        for wizard in self:
            year = Disclosure._check_year(wizard.year)
            rows = self.env["xinyong.obligation"].annual_disclosure_by_body(year, wizard.body_id.id or None)
            super(XinyongDisclosureGenerate, wizard).write({
                "line_ids": [(5, 0, 0)] + [(0, 0, {"sequence": index, "body_id": row["body_id"],
                                                   "contract_count": row["contracts"], "amount": row["amount"]})
                                           for index, row in enumerate(rows)],
                "contract_count": sum(row["contracts"] for row in rows),
                "amount_total": round(sum(row["amount"] for row in rows), 2),
                "computed": True,
            })

    def action_compute(self):
        """Show the figures again (obligations may have changed since)."""
        self._compute_figures()
        return True

    def action_generate(self):
        """The document from fresh figures, on the (year, body) disclosure record, which is then shown."""
        self.ensure_one()
        Disclosure = self.env["xinyong.disclosure"]
        year = Disclosure._check_year(self.year)
        disclosure = Disclosure._for(year, self.body_id)
        disclosure._generate()
        return {"type": "ir.actions.act_window", "res_model": "xinyong.disclosure", "res_id": disclosure.id,
                "view_mode": "form", "target": "current", "name": _("Annual SME payment disclosure")}


class XinyongDisclosureGenerateLine(models.TransientModel):
    _name = "xinyong.disclosure.generate.line"
    _description = "Disclosure figures of a body (preview)"
    _order = "sequence, id"

    wizard_id = fields.Many2one("xinyong.disclosure.generate", required=True, ondelete="cascade")
    sequence = fields.Integer()
    body_id = fields.Many2one("res.partner", string="Government body")
    contract_count = fields.Integer(string="Contracts overdue and unpaid")
    amount = fields.Float(string="Amount overdue and unpaid (yuan)", digits=(16, 2))
