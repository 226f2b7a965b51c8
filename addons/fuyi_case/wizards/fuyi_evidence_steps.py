"""Dialogs for evidence (ARL Arts. 43–47): supplementary evidence allowed, verification, inspection."""
from flectra import api, fields, models, _
from flectra.exceptions import UserError

#: who may inspect the reply and evidence (ARL Art. 47)
INSPECTING_ROLES = ("applicant", "third_party", "agent", "representative")


class FuyiEvidenceDialog(models.AbstractModel):
    """What the dialogs acting on one item of evidence share: the item, taken from the form."""

    _name = "fuyi.evidence.dialog"
    _description = "Evidence dialog"

    @api.model
    def _default_evidence_id(self):
        context = self.env.context
        if context.get("active_model") == "fuyi.evidence" and context.get("active_id"):
            return context["active_id"]
        return False

    evidence_id = fields.Many2one("fuyi.evidence", string="Evidence", required=True, ondelete="cascade",
                                  default=_default_evidence_id)
    submitted_by = fields.Selection(related="evidence_id.submitted_by", string="Submitted by")
    flag_explanation = fields.Text(related="evidence_id.flag_explanation", string="Why it is flagged")


class FuyiEvidenceSupplement(models.TransientModel):
    _name = "fuyi.evidence.supplement"
    _inherit = "fuyi.evidence.dialog"
    _description = "Allow supplementary evidence"

    reason = fields.Text(string="New reasons or evidence raised", required=True,
                         help="What the applicant or third party raised that was not raised when the act was made "
                              "(ARL Art. 46 para 2)")

    def action_confirm(self):
        self.ensure_one()
        if self.evidence_id.submitted_by != "respondent":
            raise UserError(_("Only the respondent supplements evidence with consent (ARL Art. 46 para 2)."))
        if not (self.reason or "").strip():
            raise UserError(_("Name the new reasons or evidence that justify supplementary evidence "
                              "(ARL Art. 46 para 2)."))
        self.evidence_id.action_allow_supplement(self.reason.strip())
        return {"type": "ir.actions.act_window_close"}


class FuyiEvidenceVerify(models.TransientModel):
    _name = "fuyi.evidence.verify"
    _inherit = "fuyi.evidence.dialog"
    _description = "Verify evidence"

    verdict = fields.Selection([("admitted", "Admitted"), ("excluded", "Not admitted")], string="Verification",
                               required=True, default="admitted")
    note = fields.Text(string="Verification note")
    late = fields.Boolean(related="evidence_id.late", string="Submitted late")
    self_collected = fields.Boolean(related="evidence_id.self_collected",
                                    string="Collected by the respondent during the review")

    def action_confirm(self):
        self.ensure_one()
        item = self.evidence_id
        note = (self.note or "").strip()
        if self.verdict == "admitted" and (item.late or item.self_collected) and not note:
            # late or self-collected respondent evidence cannot support the act (ARL Arts. 46, 70)
            raise UserError(_("%(name)s is flagged (%(flags)s): admitting it needs a reason (ARL Arts. 46, 70).",
                              name=item.name, flags=item.flag_explanation))
        if self.verdict == "excluded" and not note:
            raise UserError(_("Say why %(name)s is not admitted: evidence is verified before it founds a decision "
                              "(ARL Art. 43 para 2).", name=item.name))
        item.action_verify(self.verdict == "admitted", note)
        return {"type": "ir.actions.act_window_close"}


class FuyiReconsiderationRecordInspection(models.TransientModel):
    _name = "fuyi.reconsideration.record.inspection"
    _inherit = "fuyi.reconsideration.step"
    _description = "Record an inspection of the materials"

    @api.model
    def _default_evidence_ids(self):
        case_id = self._default_reconsideration_id() or self.env.context.get("default_reconsideration_id")
        return self.env["fuyi.evidence"].search([("reconsideration_id", "=", case_id)]).ids if case_id else []

    requester_id = fields.Many2one("res.partner", string="Inspected by", required=True,
                                   help="The applicant, a third party or their agent (ARL Art. 47)")
    inspection_date = fields.Date(string="Inspected on", required=True, default=fields.Date.context_today)
    evidence_ids = fields.Many2many("fuyi.evidence", "fuyi_reconsideration_record_inspection_evidence_rel",
                                    "wizard_id", "evidence_id", string="Materials asked for",
                                    default=_default_evidence_ids,
                                    help="Confidential items are recorded as withheld, the rest as shown (ARL Art. 47); "
                                         "empty means all materials of the case")
    copied = fields.Boolean(string="Copies made")
    note = fields.Text(string="Note")

    def action_confirm(self):
        self.ensure_one()
        case = self.reconsideration_id
        allowed = case.party_ids.filtered(lambda p: p.role in INSPECTING_ROLES).mapped("partner_id")
        if self.requester_id not in allowed:
            raise UserError(_("Only the applicant, a third party or their agent may inspect the reply and evidence "
                              "(ARL Art. 47): %(name)s is none of them.", name=self.requester_id.name))
        strangers = self.evidence_ids.filtered(lambda e: e.reconsideration_id != case)
        if strangers:
            raise UserError(_("Only the materials of this case can be inspected."))
        self._check_past(self.inspection_date, _("The inspection date"))
        self._check_not_before(self.inspection_date, case.acceptance_date, _("The inspection date"),
                               _("the acceptance date"))
        case.action_record_inspection(self.requester_id.id, date=self.inspection_date,
                                      evidence_ids=self.evidence_ids.ids or None, copied=self.copied,
                                      note=(self.note or "").strip())
        return self._close()


class FuyiEvidence(models.Model):
    _inherit = "fuyi.evidence"

    def _open_evidence_dialog(self, xmlid):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("fuyi_case.%s" % xmlid)
        title = action["name"]
        action.update({"name": _(title), "target": "new", "context": {
            "active_model": self._name, "active_id": self.id, "active_ids": [self.id],
            "default_evidence_id": self.id}})
        return action

    def action_open_allow_supplement(self):
        return self._open_evidence_dialog("fuyi_evidence_supplement_action")

    def action_open_verify(self):
        return self._open_evidence_dialog("fuyi_evidence_verify_action")


class FuyiReconsideration(models.Model):
    _inherit = "fuyi.reconsideration"

    def action_open_record_inspection(self):
        return self._open_dialog("fuyi_reconsideration_record_inspection_action")
