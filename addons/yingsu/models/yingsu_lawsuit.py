from flectra import api, fields, models, _
from flectra.exceptions import UserError, ValidationError

from ..tools import litigation

INSTANCES = [("first_instance", "First instance"), ("second_instance", "Second instance"), ("retrial", "Retrial")]
STATES = [
    ("filed", "Filed"), ("answering", "Answer period"), ("trial", "In trial"), ("judged", "Judged"),
    ("effective", "Effective"), ("closed", "Closed"),
]
CAUSES = [
    ("penalty", "Administrative penalty"), ("compulsion", "Administrative compulsion"),
    ("licensing", "Administrative licensing"), ("expropriation", "Expropriation and compensation"),
    ("information", "Government information disclosure"), ("inaction", "Failure to act"),
    ("agreement", "Administrative agreement"), ("registration", "Registration and confirmation"),
    ("reconsideration", "Reconsideration decision"), ("other", "Other"),
]
#: reconsideration decisions that make the original agency and the reconsideration body co-defendants: upholding
#: (incl. rejecting the request, ALL Art. 26 para 2; ALL-I Art. 133) or partly upholding (ALL-I Art. 134)
UPHOLDING_DECISIONS = ("uphold", "reject_request", "partial_revoke")
#: decisions that change the original act: the reconsideration body alone is defendant (ALL Art. 26 para 2)
CHANGING_DECISIONS = ("vary", "revoke", "confirm_illegal", "confirm_invalid", "order_performance")
DEFENDANT_ROLES = ("defendant", "co_defendant")


class FuyiCase(models.Model):
    _inherit = "fuyi.case"

    case_type = fields.Selection(selection_add=[("lawsuit", "Administrative lawsuit")],
                                 ondelete={"lawsuit": "cascade"})


class FuyiCaseParty(models.Model):
    _inherit = "fuyi.case.party"

    role = fields.Selection(selection_add=[("plaintiff", "Plaintiff"), ("defendant", "Defendant"),
                                           ("co_defendant", "Co-defendant")],
                            ondelete={"plaintiff": "cascade", "defendant": "cascade", "co_defendant": "cascade"})

    @api.constrains("role", "partner_id")
    def _check_defendant_is_agency(self):
        for party in self:
            if party.role in DEFENDANT_ROLES and party.partner_id.party_kind != "agency":
                raise ValidationError(_("A defendant must be an administrative agency (ALL Art. 26): %(name)s is not.",
                                        name=party.partner_id.display_name))


class YingsuLawsuit(models.Model):
    """An administrative lawsuit against an agency (行政诉讼案件), one per instance.

    The common case (number, parties, agency, deadlines, documents) is the delegated fuyi.case;
    the court, its case number, the instance and the court clocks live here.
    """

    _name = "yingsu.lawsuit"
    _description = "Administrative lawsuit"
    _inherits = {"fuyi.case": "case_id"}
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_received desc, id desc"   #: newest first

    case_id = fields.Many2one("fuyi.case", required=True, ondelete="cascade", index=True)
    state = fields.Selection(STATES, default="filed", required=True, tracking=True, index=True)
    court_id = fields.Many2one("res.partner", string="Court", index=True)
    court_case_number = fields.Char(string="Court case number", index=True, tracking=True, copy=False,
                                    help="案号 in the official format, e.g. （2025）豫0421行初12号")
    instance = fields.Selection(INSTANCES, required=True, default="first_instance", tracking=True, index=True)
    cause = fields.Selection(CAUSES, string="Cause of action", default="other", index=True)
    act_description = fields.Char(string="Contested act")
    act_date = fields.Date(string="Date of the act")
    reconsideration_id = fields.Many2one("fuyi.reconsideration", string="Reconsideration case", index=True,
                                         ondelete="set null")
    previous_lawsuit_id = fields.Many2one("yingsu.lawsuit", string="Previous instance", index=True,
                                          ondelete="set null")
    complaint_received = fields.Date(string="Complaint copy received", tracking=True,
                                     help="Starts the 15 days for the defence and evidence (ALL Art. 67 para 1)")
    answer_due_date = fields.Date(string="Defence and evidence due", compute="_compute_answer_due", store=True)
    defence_submitted = fields.Date(string="Defence statement submitted", tracking=True)
    evidence_submitted = fields.Date(string="Evidence submitted", tracking=True)
    evidence_late = fields.Boolean(compute="_compute_answer_due", store=True,
                                   help="Evidence after the period counts as no evidence (ALL Art. 34 para 2)")
    evidence_ids = fields.One2many("yingsu.lawsuit.evidence", "lawsuit_id", string="Evidence")
    appearance_ids = fields.One2many("yingsu.appearance", "lawsuit_id", string="Hearings and appearances")
    judgment_ids = fields.One2many("yingsu.judgment", "lawsuit_id", string="Judgments and rulings")
    defendant_names = fields.Char(string="Defendants", compute="_compute_defendant_names", store=True)
    lost = fields.Boolean(string="Lost", compute="_compute_outcome", store=True, index=True,
                          help="An effective judgment went against the agency (败诉)")
    loss_pct = fields.Float(string="Loss rate (%)", compute="_compute_outcome", store=True, group_operator="avg")
    judged = fields.Boolean(compute="_compute_outcome", store=True)
    year = fields.Char(compute="_compute_year", store=True, index=True)

    _sql_constraints = [("court_case_number_unique", "unique(court_case_number)",
                         "A court case number is registered only once.")]

    @api.depends("case_id.deadline_ids.due_date", "case_id.deadline_ids.state", "evidence_submitted")
    def _compute_answer_due(self):
        for lawsuit in self:
            answer = lawsuit.case_id.deadline_ids.filtered(lambda d: d.kind == "answer" and d.state != "cancelled")
            due = answer[-1:].due_date if answer else False
            lawsuit.answer_due_date = due
            lawsuit.evidence_late = bool(due and lawsuit.evidence_submitted and lawsuit.evidence_submitted > due)

    @api.depends("case_id.party_ids.role", "case_id.party_ids.partner_id")
    def _compute_defendant_names(self):
        for lawsuit in self:
            defendants = lawsuit.party_ids.filtered(lambda p: p.role in DEFENDANT_ROLES).mapped("partner_id")
            lawsuit.defendant_names = "、".join(defendants.mapped("name")) or False

    @api.depends("judgment_ids.lost", "judgment_ids.effective_date", "judgment_ids.superseded")
    def _compute_outcome(self):
        for lawsuit in self:
            final = lawsuit.judgment_ids.filtered(lambda j: not j.superseded).sorted(lambda j: (j.date, j.id))[-1:]
            lawsuit.judged = bool(final)
            lawsuit.lost = bool(final and final.lost)
            lawsuit.loss_pct = 100.0 if lawsuit.lost else 0.0

    @api.depends("date_received")
    def _compute_year(self):
        for lawsuit in self:
            lawsuit.year = str(lawsuit.date_received.year) if lawsuit.date_received else False

    @api.constrains("court_case_number", "instance")
    def _check_court_case_number(self):
        for lawsuit in self.filtered("court_case_number"):
            number = litigation.parse_case_number(lawsuit.court_case_number)
            if number.instance != lawsuit.instance:
                raise ValidationError(_(
                    "Court case number %(number)s is a %(found)s number (type code %(code)s), but the lawsuit is "
                    "registered as %(instance)s.", number=number.text, code=number.type_code,
                    found=_(dict(INSTANCES)[number.instance]), instance=_(dict(INSTANCES)[lawsuit.instance])))

    # --- CRUD ---
    @api.model
    def _normalize_vals(self, vals):
        """Court case numbers are normalised (look-alike brackets, full-width digits) and refused when
        they are not in the official format, before anything is written."""
        if vals.get("court_case_number"):
            try:
                vals["court_case_number"] = litigation.parse_case_number(vals["court_case_number"]).text
            except litigation.CaseNumberError as exc:
                raise ValidationError(_("Invalid court case number %(value)s: %(reason)s (official format, "
                                        "e.g. （2025）豫0421行初12号).", value=vals["court_case_number"],
                                        reason=_(str(exc)))) from None
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.setdefault("case_type", "lawsuit")
            self._normalize_vals(vals)
        self.env["fuyi.case"]._number_new_case_vals([vals for vals in vals_list if not vals.get("case_id")])
        lawsuits = super().create(vals_list)
        for lawsuit in lawsuits:
            lawsuit.case_id._assign_number()
            if lawsuit.complaint_received:
                lawsuit._open_answer_deadlines(lawsuit.complaint_received)
        return lawsuits

    def write(self, vals):
        return super().write(self._normalize_vals(dict(vals)))

    # --- answer and evidence (ALL Art. 67) ---
    def action_receive_complaint(self, date=None):
        """Complaint copy received: defence and evidence within 15 days (ALL Art. 67 para 1); delayed-evidence
        application (ALL Art. 36; ALL-I Art. 34) and jurisdiction objection (ALL-I Art. 10) in the same 15 days."""
        self.ensure_one()
        if self.complaint_received:
            raise UserError(_("The complaint copy of %(case)s was already registered as received on %(date)s.",
                              case=self.name, date=self.complaint_received))
        received = fields.Date.to_date(date) if date else fields.Date.context_today(self)
        if received < self.date_received:
            raise UserError(_("The complaint copy cannot be received before the lawsuit was registered (%(date)s).",
                              date=self.date_received))
        self.write({"complaint_received": received, "state": "answering"})
        self._open_answer_deadlines(received)
        return True

    def _open_answer_deadlines(self, received):
        """First instance: defence and evidence, delayed evidence, jurisdiction objection, 15 days each
        (ALL Art. 67; ALL Art. 36; ALL-I Art. 10); on appeal the answer to the appeal, 15 days (ALL-I Art. 108)."""
        if self.instance == "second_instance":
            clocks = (("answer", "appeal_answer", _("Answer to the appeal"), _("appeal copy received")),)
        else:
            event = _("complaint copy received")
            clocks = (("answer", "answer", _("Defence statement and evidence"), event),
                      ("delayed_evidence", "delayed_evidence", _("Application to delay evidence"), event),
                      ("jurisdiction_objection", "jurisdiction_objection", _("Jurisdiction objection"), event))
        vals = []
        for kind, period, name, event in clocks:
            length, unit, basis, _event = litigation.PERIODS[period]
            vals.append(self.case_id._deadline_vals(kind, name, basis, received, length, unit, start_event=event))
        if self.state == "filed":
            self.state = "answering"
        return self.env["fuyi.deadline"].create(vals)

    def action_submit_defence(self, date=None, evidence_date=None):
        """Defence statement and evidence filed: the answer deadline is met or missed (ALL Arts. 34, 67)."""
        self.ensure_one()
        answer = self.case_id._deadline("answer")
        if not answer:
            raise UserError(_("Register the receipt of the complaint copy first: it starts the 15 days "
                              "(ALL Art. 67 para 1)."))
        filed = fields.Date.to_date(date) if date else fields.Date.context_today(self)
        evidence = fields.Date.to_date(evidence_date) if evidence_date else filed
        answer.action_done(max(filed, evidence))
        self.case_id._deadline("delayed_evidence").action_cancel()
        self.case_id._deadline("jurisdiction_objection").action_cancel()
        self.write({"defence_submitted": filed, "evidence_submitted": evidence, "state": "trial"})
        return True

    def action_apply_delayed_evidence(self, reason, date=None):
        """Written application to produce evidence late, within the 15 days (ALL Art. 36 para 1; ALL-I Art. 34);
        refused after the period, when the evidence is then deemed missing."""
        self.ensure_one()
        deadline = self.case_id._deadline("delayed_evidence")
        if not deadline:
            raise UserError(_("Register the receipt of the complaint copy first: it starts the 15 days "
                              "(ALL Art. 67 para 1)."))
        if not (reason or "").strip():
            raise UserError(_("Say why the evidence cannot be produced in time (force majeure or another "
                              "justified reason, ALL Art. 36 para 1)."))
        applied = fields.Date.to_date(date) if date else fields.Date.context_today(self)
        if applied > deadline.due_date:
            raise UserError(_("The application to produce evidence late was due by %(date)s (ALL-I Art. 34): "
                              "evidence not produced in time counts as no evidence (ALL Art. 34 para 2).",
                              date=deadline.due_date))
        deadline.action_done(applied)
        self.message_post(body=_("Application to produce evidence late filed on %(date)s: %(reason)s",
                                 date=applied, reason=reason.strip()))
        return True

    def action_register_court_notice(self):
        """A new court appearance of this lawsuit (the court's notice), for the defendant agency."""
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "yingsu.appearance", "view_mode": "form",
                "views": [[False, "form"]], "target": "current",
                "context": {"default_lawsuit_id": self.id, "default_agency_id": self.agency_id.id}}

    def action_register_notices(self, hearing_datetime, notice_received, place="", category="none"):
        """The court's notice to every defendant agency: one appearance each, since a co-defendant's head
        (e.g. the county government after an upheld reconsideration decision) has the same duty (ALL Art. 3
        para 3; HEAD-2020 Arts. 1, 3); returns the new appearances' ids."""
        self.ensure_one()
        agencies = self._defendant_agencies() or self.agency_id
        return self.env["yingsu.appearance"].create([
            {"lawsuit_id": self.id, "agency_id": agency.id, "hearing_datetime": hearing_datetime,
             "notice_received": notice_received, "hearing_place": place, "mandatory_category": category}
            for agency in agencies]).ids

    # --- defendants (ALL Art. 26) ---
    def _defendant_agencies(self):
        return self.party_ids.filtered(lambda p: p.role in DEFENDANT_ROLES).mapped("partner_id")

    def _log_deadline_moved(self, deadline, old, reason):
        self.message_post(body=_("Deadline %(name)s moved from %(old)s to %(new)s (%(reason)s).",
                                 name=deadline.name, old=old, new=deadline.due_date, reason=reason))


class FuyiCaseLawsuitLog(models.Model):
    _inherit = "fuyi.case"

    def _log_deadline_moved(self, deadline, old, reason):
        for lawsuit in self.env["yingsu.lawsuit"].sudo().search([("case_id", "in", self.ids)]):
            lawsuit._log_deadline_moved(deadline, old, reason)
        return super()._log_deadline_moved(deadline, old, reason)


class YingsuLawsuitEvidence(models.Model):
    """An item of the defendant's evidence (ALL Arts. 34–36), often carried over from reconsideration."""

    _name = "yingsu.lawsuit.evidence"
    _description = "Lawsuit evidence"
    _order = "lawsuit_id, sequence, id"

    lawsuit_id = fields.Many2one("yingsu.lawsuit", string="Lawsuit", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Evidence", required=True)
    purpose = fields.Text(string="What it is to prove")
    source_evidence_id = fields.Many2one("fuyi.evidence", string="From reconsideration evidence", ondelete="set null")
    attachment_ids = fields.Many2many("ir.attachment", "yingsu_evidence_attachment_rel", "evidence_id",
                                      "attachment_id", string="Files")
