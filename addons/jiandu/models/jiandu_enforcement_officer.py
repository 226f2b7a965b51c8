import datetime

from flectra import api, fields, models, _
from flectra.exceptions import ValidationError

from ..tools import checks

CERTIFICATE_STATES = [("valid", "Valid"), ("suspended", "Suspended"), ("revoked", "Revoked"), ("expired", "Expired")]


class JianduEnforcementOfficer(models.Model):
    """An enforcement officer (执法人员) and their enforcement certificate (执法证)."""

    _name = "jiandu.enforcement.officer"
    _description = "Enforcement officer"
    _order = "agency_id, name"

    name = fields.Char(required=True)
    agency_id = fields.Many2one("res.partner", string="Enforcement body", required=True, index=True,
                                domain=[("party_kind", "=", "agency")], ondelete="restrict")
    certificate_number = fields.Char(string="Certificate number", index=True, copy=False)
    certificate_authority = fields.Char(string="Issued by")
    certificate_scope = fields.Char(string="Certificate scope",
                                    help="Comma-separated enforcement categories the certificate covers; empty: all")
    certificate_issue_date = fields.Date(string="Certificate issued on")
    certificate_expiry_date = fields.Date(string="Certificate expires on")
    certificate_state = fields.Selection(CERTIFICATE_STATES, string="Certificate status", default="valid",
                                         required=True)
    legal_qualification = fields.Boolean(string="National legal professional qualification",
                                         help="Needed to act as a first-time legal reviewer (APL Art. 58 para 2)")
    training_ids = fields.One2many("jiandu.officer.training", "officer_id", string="Training")
    training_hours_year = fields.Float(compute="_compute_training_hours_year", string="Training hours this year")
    certificate_expiring = fields.Boolean(compute="_compute_certificate_expiring", search="_search_certificate_expiring",
                                          string="Certificate expiring soon",
                                          help="Expires within the warning period (jiandu.certificate_warning_days)")
    active = fields.Boolean(default=True)

    _sql_constraints = [("certificate_unique", "unique(certificate_number)",
                         "A certificate number belongs to one officer only.")]

    @api.depends("training_ids.hours", "training_ids.date")
    @api.depends_context("tz")
    def _compute_training_hours_year(self):
        year = fields.Date.context_today(self).year
        for officer in self:
            officer.training_hours_year = officer.training_hours(year)

    @api.model
    def _expiry_window(self):
        """(today, last day of the warning window): certificates expiring in it are warned about."""
        text = self.env["ir.config_parameter"].sudo().get_param("jiandu.certificate_warning_days", "30")
        days = int(text) if str(text).strip().isdigit() else 30
        today = fields.Date.context_today(self)
        return today, today + datetime.timedelta(days=days)

    @api.depends("certificate_expiry_date", "certificate_state")
    @api.depends_context("tz")
    def _compute_certificate_expiring(self):
        today, limit = self._expiry_window()
        for officer in self:
            officer.certificate_expiring = bool(officer.certificate_state == "valid" and officer.certificate_expiry_date
                                                and today <= officer.certificate_expiry_date <= limit)

    def _search_certificate_expiring(self, operator, value):
        today, limit = self._expiry_window()
        domain = ["&", "&", ("certificate_state", "=", "valid"), ("certificate_expiry_date", ">=", today),
                  ("certificate_expiry_date", "<=", limit)]
        if (operator == "=") == bool(value):
            return domain
        return ["!"] + domain

    @api.constrains("certificate_issue_date", "certificate_expiry_date")
    def _check_certificate_dates(self):
        for officer in self:
            if (officer.certificate_issue_date and officer.certificate_expiry_date
                    and officer.certificate_expiry_date < officer.certificate_issue_date):
                raise ValidationError(_("Officer %(name)s: the certificate cannot expire before it is issued.",
                                        name=officer.name))

    def _certificate(self):
        self.ensure_one()
        if not self.certificate_number:
            return None
        scope = frozenset(s.strip() for s in (self.certificate_scope or "").split(",") if s.strip())
        return checks.Certificate(self.certificate_number, self.certificate_state, self.certificate_issue_date,
                                  self.certificate_expiry_date, scope)

    def certificate_problem(self, on_date, category=None):
        """Why this officer could not act on ``on_date`` (APL Arts. 42, 55), or False."""
        self.ensure_one()
        return checks.certificate_problem(self._certificate(), fields.Date.to_date(on_date), category) or False

    def training_hours(self, year):
        self.ensure_one()
        return sum(self.training_ids.filtered(lambda t: t.date and t.date.year == year).mapped("hours"))


class JianduOfficerTraining(models.Model):
    """Training attended by an officer; hours are summed per year."""

    _name = "jiandu.officer.training"
    _description = "Officer training"
    _order = "date desc, id desc"

    officer_id = fields.Many2one("jiandu.enforcement.officer", required=True, ondelete="cascade", index=True)
    name = fields.Char(string="Course", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    hours = fields.Float(required=True)

    @api.constrains("hours")
    def _check_hours(self):
        for training in self:
            if training.hours <= 0 or training.hours > 24:
                raise ValidationError(_("Training hours must be more than 0 and at most 24 per entry."))
