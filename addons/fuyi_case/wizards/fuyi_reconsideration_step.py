from flectra import api, fields, models, _
from flectra.exceptions import UserError


class FuyiReconsiderationStep(models.AbstractModel):
    """What every dialog acting on one reconsideration case shares: the case, date checks, results."""

    _name = "fuyi.reconsideration.step"
    _description = "Reconsideration step"

    @api.model
    def _default_reconsideration_id(self):
        context = self.env.context
        if context.get("active_model") == "fuyi.reconsideration" and context.get("active_id"):
            return context["active_id"]
        return False

    reconsideration_id = fields.Many2one("fuyi.reconsideration", string="Case", required=True, ondelete="cascade",
                                         default=_default_reconsideration_id)
    case_state = fields.Selection(related="reconsideration_id.state", string="Case state")

    def _check_past(self, date, label):
        """An event recorded here has happened: a date after today is a typing error."""
        today = fields.Date.context_today(self)
        if date and date > today:
            raise UserError(_("%(label)s cannot be after today (%(today)s): record what has happened.",
                              label=label, today=today))

    def _check_not_before(self, date, earlier, label, earlier_label):
        if date and earlier and date < earlier:
            raise UserError(_("%(label)s (%(date)s) cannot be before %(earlier_label)s (%(earlier)s).",
                              label=label, date=date, earlier_label=earlier_label, earlier=earlier))

    def _close(self):
        return {"type": "ir.actions.act_window_close"}

    def _open_document(self, document_id):
        """The generated draft, in its own form, ready to be checked and issued."""
        action = self.env["ir.actions.act_window"]._for_xml_id("fuyi_case.fuyi_document_action")
        title = action["name"]
        action.update({"name": _(title), "res_id": document_id, "view_mode": "form", "target": "current",
                       "views": [[self.env.ref("fuyi_case.fuyi_document_view_form").id, "form"]], "context": {}})
        return action

    def _create_document(self, doc_type):
        return self._open_document(self.reconsideration_id.action_create_document(doc_type))


class FuyiReconsideration(models.Model):
    """Buttons of the case form that open a dialog for an action taking arguments."""

    _inherit = "fuyi.reconsideration"

    def _open_dialog(self, xmlid, **defaults):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("fuyi_case.%s" % xmlid)
        context = {"active_model": self._name, "active_id": self.id, "active_ids": [self.id],
                   "default_reconsideration_id": self.id}
        context.update({"default_%s" % key: value for key, value in defaults.items()})
        title = action["name"]
        action.update({"name": _(title), "context": context, "target": "new"})
        return action

    def action_open_request_correction(self):
        return self._open_dialog("fuyi_reconsideration_request_correction_action")

    def action_open_receive_corrections(self):
        return self._open_dialog("fuyi_reconsideration_receive_corrections_action")

    def action_open_reject(self):
        return self._open_dialog("fuyi_reconsideration_reject_action")

    def action_open_decide(self):
        return self._open_dialog("fuyi_reconsideration_decide_action")

    def action_open_suspend(self):
        return self._open_dialog("fuyi_reconsideration_suspend_action")

    def action_open_resume(self):
        return self._open_dialog("fuyi_reconsideration_resume_action")

    def action_open_terminate(self):
        return self._open_dialog("fuyi_reconsideration_terminate_action")

    def action_open_mediate(self):
        return self._open_dialog("fuyi_reconsideration_mediate_action")

    def action_open_withdraw(self):
        return self._open_dialog("fuyi_reconsideration_withdraw_action")

    def action_open_override_routing(self):
        return self._open_dialog("fuyi_reconsideration_override_routing_action", procedure=self.procedure)

    def action_open_convert_ordinary(self):
        return self._open_dialog("fuyi_reconsideration_convert_ordinary_action")

    def action_open_extend_deadline(self):
        decision = self.case_id._deadline("decision")
        return self._open_dialog("fuyi_deadline_extend_action", deadline_id=decision[:1].id or False)

    def action_open_schedule_hearing(self):
        return self._open_dialog("fuyi_hearing_schedule_action")

    def action_open_advisory_opinion(self):
        sitting = self.env["fuyi.committee.sitting"].search([("reconsideration_ids", "in", self.ids)], limit=1)
        return self._open_dialog("fuyi_committee_sitting_advisory_action", sitting_id=sitting.id or False)

    def action_open_mediation_failed(self):
        return self._open_dialog("fuyi_reconsideration_mediation_failed_action")

    def action_open_forward(self):
        return self._open_dialog("fuyi_reconsideration_forward_action")

    def action_open_record_reply(self):
        return self._open_dialog("fuyi_reconsideration_record_reply_action")

    def action_open_create_document(self):
        return self._open_dialog("fuyi_reconsideration_document_action")
