from flectra import api, fields, models, _
from flectra.exceptions import UserError

SOURCES = [("hotline_12345", "12345 hotline"), ("letter", "Letter"), ("visit", "Visit"), ("online", "Online"),
           ("referral", "Referral"), ("own_initiative", "Own initiative")]
#: problems named in the official summary of the supervision regulations (enforcement_supervision.md §6)
ISSUES = [("profit_driven", "Profit-driven enforcement"), ("arbitrary_fine", "Arbitrary fines"),
          ("arbitrary_charge", "Arbitrary charges"), ("arbitrary_inspection", "Arbitrary inspections"),
          ("arbitrary_seizure", "Arbitrary seizures"), ("out_of_area", "Unlawful out-of-area enforcement"),
          ("qualification", "Enforcement qualification"), ("other", "Other unlawful enforcement")]
STATES = [("received", "Received"), ("investigating", "Investigating"), ("concluded", "Concluded"),
          ("closed", "Closed")]
OUTCOMES = [("unfounded", "Unfounded"), ("notice", "Supervision notice"), ("opinion", "Supervision opinion"),
            ("decision", "Supervision decision")]
OUTCOME_DOCUMENTS = {"notice": "supervision_notice", "opinion": "supervision_opinion",
                     "decision": "supervision_decision"}


class JianduSupervisionCase(models.Model):
    """A supervision case (监督案件) opened from a complaint (投诉举报), e.g. from the 12345 hotline.

    Concluded by a supervision notice, opinion or decision to the agency, or as unfounded
    (document names per the official summary of the supervision regulations; articles not verified).
    """

    _name = "jiandu.supervision.case"
    _description = "Enforcement supervision case"
    _inherits = {"fuyi.case": "case_id"}
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_received desc, id desc"

    case_id = fields.Many2one("fuyi.case", required=True, ondelete="cascade", index=True)
    state = fields.Selection(STATES, default="received", required=True, tracking=True, index=True)
    source = fields.Selection(SOURCES, default="hotline_12345", required=True)
    source_ref = fields.Char(string="Source reference", help="e.g. the 12345 work-order number")
    complainant_id = fields.Many2one("res.partner", string="Complainant")
    issue = fields.Selection(ISSUES, string="Problem", default="other", required=True)
    complaint = fields.Text(required=True)
    file_id = fields.Many2one("jiandu.case.file", string="Enforcement file concerned")
    findings = fields.Text(tracking=True)
    measures = fields.Text(string="Required measures")
    outcome = fields.Selection(OUTCOMES, tracking=True, readonly=True)
    reply_due_date = fields.Date(string="Agency to report by")
    document_id = fields.Many2one("fuyi.document", readonly=True, string="Document")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.setdefault("case_type", "supervision")
        self.env["fuyi.case"]._number_new_case_vals([vals for vals in vals_list if not vals.get("case_id")])
        return super().create(vals_list)

    def action_investigate(self):
        for record in self:
            if record.state != "received":
                raise UserError(_("%(name)s is already being handled.", name=record.name))
            record.state = "investigating"
        return True

    def action_conclude(self, outcome, findings, measures=None, reply_due_date=None):
        """Record the finding; a notice, opinion or decision is drafted for the agency."""
        self.ensure_one()
        if self.state != "investigating":
            raise UserError(_("%(name)s can be concluded once it is being investigated.", name=self.name))
        if outcome not in dict(OUTCOMES):
            raise UserError(_("Unknown outcome %(outcome)s.", outcome=outcome))
        if not (findings or "").strip():
            raise UserError(_("State what the investigation found."))
        if outcome != "unfounded" and not self.agency_id:
            raise UserError(_("Name the agency the %(document)s is addressed to.",
                              document=_(dict(OUTCOMES)[outcome])))
        self.write({"outcome": outcome, "findings": findings, "measures": measures,
                    "reply_due_date": reply_due_date, "state": "concluded"})
        if outcome in OUTCOME_DOCUMENTS:
            self.document_id = self.env["fuyi.document"].create({
                "case_id": self.case_id.id, "doc_type": OUTCOME_DOCUMENTS[outcome], "recipient_id": self.agency_id.id})
            self.document_id.action_generate()
        return self.document_id.id or False

    def action_close(self):
        for record in self:
            if record.state != "concluded":
                raise UserError(_("%(name)s is not concluded yet.", name=record.name))
            record.state = "closed"
        return True
