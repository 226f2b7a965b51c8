import datetime

from flectra import api, fields, models, _
from flectra.exceptions import UserError, ValidationError

from ..tools import periods

NOTICE_WORKING_DAYS = 5   #: written notice at least 5 working days before the hearing (ARL Art. 51 para 1)


class FuyiHearing(models.Model):
    """Hearing (听证, ARL Arts. 50–51) or hearing of opinions (听取意见, Art. 49) in a reconsideration."""

    _name = "fuyi.hearing"
    _description = "Hearing"
    _inherit = ["mail.thread"]
    _order = "hearing_date desc, id desc"

    reconsideration_id = fields.Many2one("fuyi.reconsideration", required=True, ondelete="cascade", index=True)
    kind = fields.Selection([("hearing", "Hearing (听证)"), ("opinion", "Hearing of opinions (听取意见)")],
                            required=True, default="hearing")
    hearing_date = fields.Datetime(string="Date and time", required=True, tracking=True)
    place = fields.Char(tracking=True)
    presiding_id = fields.Many2one("res.users", string="Presiding officer")
    officer_ids = fields.Many2many("res.users", "fuyi_hearing_officer_rel", "hearing_id", "user_id",
                                   string="Hearing officers")
    recorder_id = fields.Many2one("res.users", string="Recorder")
    notice_date = fields.Date(string="Notice sent on", tracking=True)
    latest_notice_date = fields.Date(compute="_compute_latest_notice", store=True,
                                     help="Last day the written notice may go out (ARL Art. 51)")
    record = fields.Text(string="Hearing record (听证笔录)")
    respondent_head_attended = fields.Boolean(string="Respondent's head attended", tracking=True)
    respondent_head_absence_reason = fields.Text(string="Why the head did not attend")
    respondent_representative = fields.Char(string="Attending for the respondent")
    state = fields.Selection([("planned", "Planned"), ("notified", "Notified"), ("held", "Held"),
                              ("waived", "Waived by the applicant"), ("cancelled", "Cancelled")],
                             default="planned", required=True, tracking=True)

    @api.depends("hearing_date", "kind")
    def _compute_latest_notice(self):
        """5 working days before, the notice day counted as the 5th (R17); strict reading configurable (R17b)."""
        strict = self.env["ir.config_parameter"].sudo().get_param("fuyi_case.hearing_notice_strict") == "1"
        calendar = self.env["fuyi.calendar.day"]._work_calendar() if self else None
        for hearing in self:
            if hearing.kind != "hearing" or not hearing.hearing_date:
                hearing.latest_notice_date = False
                continue
            day = hearing.hearing_date.date()
            latest = periods.add_working_days(calendar, day, -NOTICE_WORKING_DAYS).date
            hearing.latest_notice_date = latest - datetime.timedelta(days=1) if strict else latest

    @api.constrains("kind", "officer_ids", "presiding_id")
    def _check_panel(self):
        for hearing in self.filtered(lambda h: h.kind == "hearing"):
            if hearing.state in ("notified", "held") and (not hearing.presiding_id or len(hearing.officer_ids) < 2):
                raise ValidationError(_("A hearing needs a presiding officer and at least two hearing officers "
                                        "(ARL Art. 50 para 3)."))

    def action_send_notice(self, date=None):
        """Written notice of time, place and matters, in time (ARL Art. 51 para 1)."""
        for hearing in self:
            sent = fields.Date.to_date(date) if date else fields.Date.context_today(self)
            if hearing.kind == "hearing":
                if not hearing.presiding_id or len(hearing.officer_ids) < 2 or not hearing.recorder_id:
                    raise UserError(_("Name the presiding officer, at least two hearing officers and the recorder "
                                      "before notifying (ARL Art. 50 para 3)."))
                if sent > hearing.latest_notice_date:
                    raise UserError(_("The notice must reach the parties at least 5 working days before the "
                                      "hearing, i.e. by %(date)s (ARL Art. 51 para 1). Move the hearing instead.",
                                      date=hearing.latest_notice_date))
            hearing.write({"notice_date": sent, "state": "notified"})
        return True

    def action_hold(self, record, head_attended, absence_reason="", representative=""):
        """The hearing took place: the record is mandatory; the head's absence must be explained (Art. 51 para 3)."""
        self.ensure_one()
        if self.state != "notified":
            raise UserError(_("Only a notified hearing can be held."))
        if not (record or "").strip():
            raise UserError(_("A hearing record (听证笔录) is required (ARL Art. 50 para 3)."))
        if self.kind == "hearing" and not head_attended and not ((absence_reason or "").strip()
                                                                   and (representative or "").strip()):
            raise UserError(_("The respondent's head shall attend; if not, record why and who attended instead "
                              "(ARL Art. 51 para 3)."))
        self.write({"state": "held", "record": record, "respondent_head_attended": head_attended,
                    "respondent_head_absence_reason": absence_reason, "respondent_representative": representative})
        return True

    def action_applicant_absent(self):
        """Absent without justification: the applicant waives the hearing (Art. 51 para 2)."""
        self.write({"state": "waived"})
        return True
