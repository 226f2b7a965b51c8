from flectra import api, fields, models, _
from flectra.exceptions import UserError, ValidationError

from ..tools import litigation

KINDS = [("judicial", "Judicial suggestion (司法建议)"), ("procuratorial", "Procuratorial suggestion (检察建议)")]
SUB_KINDS = [
    ("normative_document", "Unlawful normative document"), ("governance", "Comprehensive governance"),
    ("head_appearance", "Head-appearance failure"), ("non_performance", "Refusal to perform a judgment"),
    ("public_interest", "Public interest (PIL)"), ("general", "General"),
]
STATES = [("received", "Received"), ("assigned", "Assigned"), ("replied", "Replied"), ("closed", "Closed")]
UNITS = [("calendar_day", "Calendar days"), ("month", "Months")]


def default_period(kind, sub_kind, urgent=False):
    """(length, unit, legal basis) of the reply when the document sets none: 60 days for a normative-document
    suggestion (ALL-I Art. 149 para 4), 2 months for a governance one (JS-2023 Art. 8) and for a procuratorial
    one, 15 days when urgent (ALL Art. 25 para 4; PIL-I Art. 21)."""
    if kind == "procuratorial":
        key = "procuratorial_suggestion_urgent" if urgent else "procuratorial_suggestion_reply"
    elif sub_kind == "normative_document":
        key = "normative_suggestion_reply"
    else:
        key = "governance_suggestion_reply"
    length, unit, basis, _event = litigation.PERIODS[key]
    return length, unit, basis


class YingsuSuggestion(models.Model):
    """A judicial or procuratorial suggestion received by an agency, assigned, answered in writing within its
    period; the on-time reply rate (按期办复率) counts those answered by the due date."""

    _name = "yingsu.suggestion"
    _description = "Judicial or procuratorial suggestion"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "received_date desc, id desc"

    name = fields.Char(string="Document number", required=True, tracking=True,
                       help="e.g. 豫0421法建〔2025〕3号 (JS-2023 Art. 7)")
    kind = fields.Selection(KINDS, required=True, default="judicial", index=True)
    sub_kind = fields.Selection(SUB_KINDS, string="Type", required=True, default="governance")
    urgent = fields.Boolean(help="Damage continuing to expand: 15 days to reply (PIL-I Art. 21)")
    issuer_id = fields.Many2one("res.partner", string="Issued by", required=True, help="Court or procuratorate")
    agency_id = fields.Many2one("res.partner", string="Addressee agency", required=True, index=True,
                                domain=[("party_kind", "=", "agency")])
    lawsuit_id = fields.Many2one("yingsu.lawsuit", string="Lawsuit", index=True, ondelete="set null")
    problems = fields.Text(string="Problems found")
    suggestions = fields.Text(string="Suggestions")
    received_date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    period_length = fields.Integer(string="Reply period", help="As set by the document; empty = statutory default")
    period_unit = fields.Selection(UNITS, string="Period unit", default="calendar_day")
    reply_basis = fields.Char(compute="_compute_reply_due", store=True, string="Legal basis of the period")
    reply_due_date = fields.Date(compute="_compute_reply_due", store=True, index=True, tracking=True)
    reply_explanation = fields.Text(compute="_compute_reply_due", store=True, string="Why this date")
    responsible_user_id = fields.Many2one("res.users", string="Responsible", tracking=True)
    state = fields.Selection(STATES, default="received", required=True, tracking=True, index=True)
    reply_date = fields.Date(readonly=True, tracking=True)
    reply_content = fields.Text(readonly=True)
    on_time = fields.Boolean(compute="_compute_on_time", store=True, index=True)
    on_time_pct = fields.Float(string="On-time reply rate (%)", compute="_compute_on_time", store=True,
                               group_operator="avg")
    rectification = fields.Text(string="Rectification items")
    year = fields.Char(compute="_compute_on_time", store=True, index=True)

    _sql_constraints = [("number_unique", "unique(kind, issuer_id, name)",
                         "This suggestion is already registered.")]

    @api.depends("kind", "sub_kind", "urgent", "received_date", "period_length", "period_unit")
    def _compute_reply_due(self):
        calendar = self.env["fuyi.calendar.day"]._work_calendar() if self else None
        from flectra.addons.fuyi_case.tools import periods
        for suggestion in self:
            if not suggestion.received_date:
                suggestion.reply_due_date = suggestion.reply_basis = suggestion.reply_explanation = False
                continue
            length, unit, basis = default_period(suggestion.kind, suggestion.sub_kind, suggestion.urgent)
            if suggestion.period_length:
                length, unit = suggestion.period_length, suggestion.period_unit or "calendar_day"
                basis = "JS-2023 Art. 8" if suggestion.kind == "judicial" else basis
            due = periods.compute_due(calendar, suggestion.received_date, length, unit)
            suggestion.reply_due_date = due.date
            suggestion.reply_basis = basis
            suggestion.reply_explanation = "\n".join(due.steps)

    @api.depends("state", "reply_date", "reply_due_date", "received_date")
    def _compute_on_time(self):
        for suggestion in self:
            on_time = bool(suggestion.reply_date and suggestion.reply_due_date and
                           suggestion.reply_date <= suggestion.reply_due_date)
            suggestion.on_time = on_time
            suggestion.on_time_pct = 100.0 if on_time else 0.0
            suggestion.year = str(suggestion.received_date.year) if suggestion.received_date else False

    @api.constrains("period_length")
    def _check_period(self):
        for suggestion in self:
            if suggestion.period_length and suggestion.period_length < 0:
                raise ValidationError(_("A reply period cannot be negative."))

    def action_assign(self, user_id):
        self.ensure_one()
        user = self.env["res.users"].browse(user_id).exists()
        if not user:
            raise UserError(_("Choose who answers the suggestion."))
        self.write({"responsible_user_id": user.id, "state": "assigned"})
        self.activity_schedule("mail.mail_activity_data_todo", date_deadline=self.reply_due_date,
                               summary=_("Reply to %(name)s", name=self.name), user_id=user.id)
        return True

    def action_reply(self, content, date=None):
        """The written reply (ALL-I Art. 149 para 4; JS-2023 Art. 8; PIL-I Art. 21): refused without content."""
        self.ensure_one()
        if self.state in ("replied", "closed"):
            raise UserError(_("Suggestion %(name)s was already answered on %(date)s.", name=self.name,
                              date=self.reply_date))
        if not (content or "").strip():
            raise UserError(_("A reply to suggestion %(name)s must say how it was handled: the reply is in writing "
                              "(%(basis)s). Enter its content.", name=self.name, basis=self.reply_basis or ""))
        replied = fields.Date.to_date(date) if date else fields.Date.context_today(self)
        if replied < self.received_date:
            raise UserError(_("A reply cannot precede the receipt of the suggestion (%(date)s).",
                              date=self.received_date))
        self.write({"reply_content": content.strip(), "reply_date": replied, "state": "replied"})
        self.activity_ids.action_feedback(feedback=_("Replied on %(date)s", date=replied))
        return True

    def action_create_document(self):
        """The reply letter as a draft document of the lawsuit; returns its id."""
        self.ensure_one()
        if not self.lawsuit_id:
            raise UserError(_("Link the suggestion to its lawsuit first: documents are filed with a case."))
        if not (self.reply_content or "").strip():
            raise UserError(_("Enter the reply first."))
        document = self.env["fuyi.document"].create({"case_id": self.lawsuit_id.case_id.id, "doc_type": "suggestion_reply",
                                                     "suggestion_id": self.id, "recipient_id": self.issuer_id.id})
        document.action_generate()
        return document.id

    @api.model
    def on_time_reply_rate(self, domain=None):
        """按期办复率: suggestions answered by their due date / suggestions due (or answered), in %."""
        today = fields.Date.context_today(self)
        counted = self.search((domain or []) + ["|", ("state", "in", ("replied", "closed")),
                                                ("reply_due_date", "<", today)])
        return litigation.rate(len(counted.filtered("on_time")), len(counted))
