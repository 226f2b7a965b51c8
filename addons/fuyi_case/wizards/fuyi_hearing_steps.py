"""Dialogs of a hearing (听证, ARL Arts. 50–51): schedule it, notify the parties, hold it."""

from flectra import api, fields, models, _
from flectra.exceptions import UserError


class FuyiHearingSchedule(models.TransientModel):
    _name = "fuyi.hearing.schedule"
    _inherit = "fuyi.reconsideration.step"
    _description = "Schedule a hearing"

    kind = fields.Selection([("hearing", "Hearing (听证)"), ("opinion", "Hearing of opinions (听取意见)")],
                            required=True, default="hearing")
    hearing_date = fields.Datetime(string="Date and time", required=True)
    place = fields.Char()
    presiding_id = fields.Many2one("res.users", string="Presiding officer")
    officer_ids = fields.Many2many("res.users", "fuyi_hearing_schedule_officer_rel", "wizard_id", "user_id",
                                   string="Hearing officers")
    recorder_id = fields.Many2one("res.users", string="Recorder")

    def action_confirm(self):
        self.ensure_one()
        if self.hearing_date <= fields.Datetime.now():
            raise UserError(_("A hearing is scheduled in the future."))
        if self.kind == "hearing":
            if not (self.place or "").strip():
                raise UserError(_("The hearing notice states the time, place and matters (ARL Art. 51 para 1): "
                                  "enter the place."))
            if not self.presiding_id or len(self.officer_ids) < 2 or not self.recorder_id:
                raise UserError(_("A hearing needs a presiding officer, at least two hearing officers and a recorder "
                                  "(ARL Art. 50 para 3)."))
        hearing = self.env["fuyi.hearing"].create({
            "reconsideration_id": self.reconsideration_id.id, "kind": self.kind, "hearing_date": self.hearing_date,
            "place": self.place, "presiding_id": self.presiding_id.id, "officer_ids": [(6, 0, self.officer_ids.ids)],
            "recorder_id": self.recorder_id.id})
        if hearing.latest_notice_date and hearing.latest_notice_date < fields.Date.context_today(self):
            raise UserError(_("The notice must reach the parties at least 5 working days before the hearing, i.e. "
                              "by %(date)s, which has passed (ARL Art. 51 para 1): choose a later date.",
                              date=hearing.latest_notice_date))
        action = self.env["ir.actions.act_window"]._for_xml_id("fuyi_case.fuyi_hearing_action")
        title = action["name"]
        action.update({"name": _(title), "res_id": hearing.id, "view_mode": "form", "target": "current",
                       "views": [[self.env.ref("fuyi_case.fuyi_hearing_view_form").id, "form"]], "context": {}})
        return action


class FuyiHearingStep(models.AbstractModel):
    _name = "fuyi.hearing.step"
    _description = "Hearing step"

    @api.model
    def _default_hearing_id(self):
        context = self.env.context
        if context.get("active_model") == "fuyi.hearing" and context.get("active_id"):
            return context["active_id"]
        return False

    hearing_id = fields.Many2one("fuyi.hearing", string="Hearing", required=True, ondelete="cascade",
                                 default=_default_hearing_id)
    hearing_kind = fields.Selection(related="hearing_id.kind", string="Kind")
    hearing_date = fields.Datetime(related="hearing_id.hearing_date", string="Date and time")


class FuyiHearingNotify(models.TransientModel):
    _name = "fuyi.hearing.notify"
    _inherit = "fuyi.hearing.step"
    _description = "Notify a hearing"

    notice_date = fields.Date(string="Notice sent on", required=True, default=fields.Date.context_today)
    latest_notice_date = fields.Date(related="hearing_id.latest_notice_date", string="Latest notice date")
    create_document = fields.Boolean(string="Prepare the hearing notice", default=True)

    def action_confirm(self):
        self.ensure_one()
        if self.notice_date > fields.Date.context_today(self):
            raise UserError(_("%(label)s cannot be after today (%(today)s): record what has happened.",
                              label=_("The notice date"), today=fields.Date.context_today(self)))
        hearing = self.hearing_id
        if hearing.state != "planned":
            raise UserError(_("Only a planned hearing can be notified."))
        hearing.action_send_notice(date=self.notice_date)
        if self.create_document and hearing.kind == "hearing":
            case = hearing.reconsideration_id
            document_id = case.action_create_document("hearing_notice")
            step = self.env["fuyi.reconsideration.step"]
            return step._open_document(document_id)
        return {"type": "ir.actions.act_window_close"}


class FuyiHearingHold(models.TransientModel):
    _name = "fuyi.hearing.hold"
    _inherit = "fuyi.hearing.step"
    _description = "Record a hearing held"

    record = fields.Text(string="Hearing record (听证笔录)", required=True)
    respondent_head_attended = fields.Boolean(string="Respondent's head attended", default=True)
    respondent_head_absence_reason = fields.Text(string="Why the head did not attend")
    respondent_representative = fields.Char(string="Attending for the respondent")

    def action_confirm(self):
        self.ensure_one()
        hearing = self.hearing_id
        if hearing.hearing_date and hearing.hearing_date.date() > fields.Date.context_today(self):
            raise UserError(_("The hearing is set for %(date)s: it cannot be recorded as held before then.",
                              date=hearing.hearing_date.date()))
        hearing.action_hold(self.record, self.respondent_head_attended,
                            absence_reason=self.respondent_head_absence_reason or "",
                            representative=self.respondent_representative or "")
        return {"type": "ir.actions.act_window_close"}


class FuyiHearing(models.Model):
    _inherit = "fuyi.hearing"

    def _open_dialog(self, xmlid):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("fuyi_case.%s" % xmlid)
        title = action["name"]
        action.update({"name": _(title), "target": "new", "context": {
            "active_model": self._name, "active_id": self.id, "active_ids": [self.id], "default_hearing_id": self.id}})
        return action

    def action_open_notify(self):
        return self._open_dialog("fuyi_hearing_notify_action")

    def action_open_hold(self):
        return self._open_dialog("fuyi_hearing_hold_action")


