import collections

from flectra import api, fields, models, _
from flectra.exceptions import ValidationError

DEFAULT_MINIMUM = 1


class YingsuTrialAttendance(models.Model):
    """A staff member's attendance at a court hearing (旁听庭审), at least once a year per person (seed plan,
    item 74; the minimum is the ``yingsu.trial_attendance_minimum`` setting)."""

    _name = "yingsu.trial.attendance"
    _description = "Court-hearing attendance"
    _order = "date desc, id desc"

    user_id = fields.Many2one("res.users", string="Staff member", required=True, index=True,
                              default=lambda self: self.env.user)
    agency_id = fields.Many2one("res.partner", string="Agency", index=True, domain=[("party_kind", "=", "agency")])
    date = fields.Date(required=True, default=fields.Date.context_today)
    lawsuit_id = fields.Many2one("yingsu.lawsuit", string="Lawsuit", ondelete="set null")
    court_id = fields.Many2one("res.partner", string="Court")
    note = fields.Text()
    year = fields.Char(compute="_compute_year", store=True, index=True)

    @api.depends("date")
    def _compute_year(self):
        for attendance in self:
            attendance.year = str(attendance.date.year) if attendance.date else False

    @api.model
    def _minimum(self):
        text = self.env["ir.config_parameter"].sudo().get_param("yingsu.trial_attendance_minimum",
                                                                str(DEFAULT_MINIMUM))
        try:
            value = int(str(text).strip())
        except ValueError:
            raise ValidationError(_("The yearly minimum of court-hearing attendances (yingsu.trial_attendance_minimum) "
                                    "must be a whole number, not %(value)s.", value=text)) from None
        return max(value, 0)

    @api.model
    def yearly_rollup(self, year, user_ids=None):
        """{user id: (attendances in ``year``, meets the minimum)} for ``user_ids`` (default: who attended)."""
        year = str(year)
        counts = collections.Counter(a.user_id.id for a in self.search([("year", "=", year)]))
        minimum = self._minimum()
        users = user_ids if user_ids is not None else list(counts)
        return {uid: (counts.get(uid, 0), counts.get(uid, 0) >= minimum) for uid in users}
