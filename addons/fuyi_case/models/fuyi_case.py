from flectra import api, fields, models, _
from flectra.exceptions import UserError


class FuyiCase(models.Model):
    """The common case shared by every procedure; each addon's case type delegates to it.

    Number, parties, agency, dates, deadlines and links live here, so "all cases of this agency"
    or "all deadlines due this week" is one search over every procedure.
    """

    _name = "fuyi.case"
    _description = "Case"
    _order = "date_received desc, id desc"   #: newest first

    name = fields.Char(string="Case number", copy=False, index=True, readonly=True,
                       help="Assigned when the case is registered, in the official 〔year〕 format")
    case_type = fields.Selection([("reconsideration", "Administrative reconsideration")], required=True,
                                 index=True)
    title = fields.Char(help="Short description of the dispute")
    agency_id = fields.Many2one("res.partner", string="Agency concerned", index=True,
                                domain=[("party_kind", "=", "agency")])
    party_ids = fields.One2many("fuyi.case.party", "case_id", string="Parties")
    applicant_names = fields.Char(compute="_compute_party_names", store=True)
    dispute_id = fields.Many2one("fuyi.dispute", string="Dispute", index=True)
    related_case_ids = fields.Many2many("fuyi.case", "fuyi_case_related_rel", "case_id", "related_id",
                                        string="Related cases")
    date_received = fields.Date(required=True, default=fields.Date.context_today, index=True)
    deadline_ids = fields.One2many("fuyi.deadline", "case_id", string="Deadlines")
    next_due_date = fields.Date(compute="_compute_next_due", store=True, index=True)
    user_id = fields.Many2one("res.users", string="Handling officer", index=True,
                              default=lambda self: self.env.user)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [("name_type_unique", "unique(case_type, name)", "Case numbers are unique per case type.")]

    @api.depends("party_ids.partner_id", "party_ids.role")
    def _compute_party_names(self):
        for case in self:
            applicants = case.party_ids.filtered(lambda p: p.role in ("applicant", "plaintiff"))
            case.applicant_names = "、".join(applicants.mapped("partner_id.name")) or False

    @api.depends("deadline_ids.due_date", "deadline_ids.state")
    def _compute_next_due(self):
        for case in self:
            dates = [d.due_date for d in case.deadline_ids if d.state == "open" and d.due_date]
            case.next_due_date = min(dates) if dates else False

    # --- numbering ---
    def _sequence_code(self):
        return "fuyi.case.%s" % self.case_type

    def _assign_number(self):
        """Gap-free number per case type and year of receipt (一案一号)."""
        for case in self.filtered(lambda c: not c.name):
            number = self.env["ir.sequence"].sudo().next_by_code(case._sequence_code(),
                                                                 sequence_date=case.date_received)
            if not number:
                raise UserError(_("No case number sequence is configured for %(type)s (code %(code)s).",
                                  type=case.case_type, code=case._sequence_code()))
            case.name = number

    # --- deadlines ---
    def _add_deadline(self, kind, name, legal_basis, start_date, length, unit, **extra):
        self.ensure_one()
        vals = dict(kind=kind, name=name, legal_basis=legal_basis, start_date=start_date, length=length,
                    unit=unit, case_id=self.id, user_id=self.user_id.id, **extra)
        return self.env["fuyi.deadline"].create(vals)

    def _deadline(self, kind, states=("open", "paused")):
        self.ensure_one()
        return self.deadline_ids.filtered(lambda d: d.kind == kind and d.state in states)

    def _log_deadline_moved(self, deadline, old, reason):
        """Override hook: case types with a chatter post the move there."""
        return True

    def action_open_history(self):
        """Every case of the same parties and agency, over all procedures."""
        self.ensure_one()
        partners = self.party_ids.mapped("partner_id") | self.agency_id
        return self.search(["|", ("party_ids.partner_id", "in", partners.ids), ("agency_id", "in", partners.ids)]).ids
