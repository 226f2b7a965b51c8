from flectra import api, fields, models, _
from flectra.exceptions import UserError


class FuyiCommitteeSittingAdvisory(models.TransientModel):
    """The committee's advisory opinion on one case of a sitting, in writing (ARL Art. 52)."""

    _name = "fuyi.committee.sitting.advisory"
    _inherit = "fuyi.reconsideration.step"
    _description = "Record the advisory opinion"

    @api.model
    def _default_sitting_id(self):
        context = self.env.context
        if context.get("active_model") == "fuyi.committee.sitting" and context.get("active_id"):
            return context["active_id"]
        return False

    sitting_id = fields.Many2one("fuyi.committee.sitting", string="Sitting", required=True, ondelete="cascade",
                                 default=_default_sitting_id)
    advisory_opinion = fields.Text(string="Advisory opinion", required=True)

    def action_confirm(self):
        self.ensure_one()
        if not (self.advisory_opinion or "").strip():
            raise UserError(_("The advisory opinion must be recorded in writing (ARL Art. 52 para 3)."))
        self.sitting_id.action_record_advisory_opinion(self.reconsideration_id.id, self.advisory_opinion.strip())
        return self._close()


class FuyiCommitteeSitting(models.Model):
    _inherit = "fuyi.committee.sitting"

    def action_open_advisory_opinion(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("fuyi_case.fuyi_committee_sitting_advisory_action")
        context = {"active_model": self._name, "active_id": self.id, "active_ids": [self.id],
                   "default_sitting_id": self.id}
        if len(self.reconsideration_ids) == 1:
            context["default_reconsideration_id"] = self.reconsideration_ids.id
        title = action["name"]
        action.update({"name": _(title), "target": "new", "context": context})
        return action
