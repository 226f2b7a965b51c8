from flectra import api, fields, models, _
from flectra.exceptions import AccessError, UserError, ValidationError

from flectra.addons.fuyi_case.models.fuyi_workflow_guard import check_workflow_vals, workflow_step

from ..tools import integrity as rules

STATES = [("applied", "Applied"), ("review", "Under review"), ("granted", "Repaired"), ("refused", "Refused")]
DEFAULT_REVIEW_WORKDAYS = 10   #: a setting: REPAIR-2026's processing periods could not be read reliably


class XinyongRepair(models.Model):
    """A credit-repair application (信用修复): application, review, decision (REPAIR-2026 Arts. 2-3).

    Applied for only after the minimum publication period (REPAIR-2025 item 2), with the conduct
    corrected and obligations performed and a signed credit commitment; granted, the record's
    publication and sharing stop and the repair result goes to the platform as a new version."""

    _name = "xinyong.repair"
    _description = "Credit repair application"
    _inherit = ["mail.thread"]
    _order = "application_date desc, id desc"

    record_id = fields.Many2one("xinyong.default.record", string="Default record", required=True,
                                ondelete="restrict", index=True)
    agency_id = fields.Many2one(related="record_id.agency_id", store=True, index=True)
    state = fields.Selection(STATES, default="applied", required=True, tracking=True, index=True)
    application_date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    performed = fields.Boolean(string="Obligations performed", help="Conduct corrected, obligations fully performed")
    performance_note = fields.Text(string="How it was corrected")
    commitment_signed = fields.Boolean(string="Credit commitment signed", help="信用承诺书 (REPAIR-2026)")
    attachment_ids = fields.Many2many("ir.attachment", "xinyong_repair_attachment_rel", "repair_id", "attachment_id",
                                      string="Proof")
    review_note = fields.Text(tracking=True)
    decision_date = fields.Date(readonly=True, tracking=True)
    decided_by = fields.Many2one("res.users", readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        check_workflow_vals(self, vals_list, ("state", "decision_date", "decided_by"), create=True)
        repairs = super().create(vals_list)
        for repair in repairs:
            repair._check_application()
            # the review clock is the office's, opened whoever applies (a body may apply)
            repair.record_id.case_id.sudo()._add_deadline("repair_review", _("Review of the repair application"),
                                                   "REPAIR-2026", repair.application_date,
                                                   repair._review_workdays(), "working_day")
        return repairs

    def write(self, vals):
        check_workflow_vals(self, [vals], ("state", "decision_date", "decided_by"))
        return super().write(vals)

    def unlink(self):
        raise UserError(_("Repair applications are never deleted."))

    def _review_workdays(self):
        text = self.env["ir.config_parameter"].sudo().get_param("xinyong.repair_review_workdays",
                                                                str(DEFAULT_REVIEW_WORKDAYS))
        try:
            return max(1, int(str(text).strip()))
        except ValueError:
            return DEFAULT_REVIEW_WORKDAYS

    def _check_application(self):
        """Refuse an application the record cannot take yet (REPAIR-2025 item 2; REPAIR-2026)."""
        self.ensure_one()
        record = self.record_id
        if record.state != "determined":
            raise ValidationError(_("Only a determined default can be repaired; %(name)s is not.", name=record.name))
        pub = rules.Publication(record.publication_class, record.published, record.publication_min_end,
                                record.publication_end, record.earliest_repair_date, record.publication_regime)
        try:
            rules.check_repair_application(pub, self.application_date, self.performed, self.commitment_signed)
        except rules.IntegrityError as error:
            messages = {
                "too_early": _("A repair may be applied for from %(date)s, after the minimum publication period "
                               "(REPAIR-2025 item 2); this application is dated %(applied)s.",
                               date=record.earliest_repair_date, applied=self.application_date),
                "not_performed": _("The conduct must be corrected and the obligations performed before repair "
                                   "(REPAIR-2026 Art. 3)."),
                "no_commitment": _("A signed credit commitment (信用承诺书) is required to apply for repair "
                                   "(REPAIR-2026)."),
            }
            raise ValidationError(messages.get(error.code, str(error)))

    def action_start_review(self, note=None):
        self.ensure_one()
        if self.state != "applied":
            raise UserError(_("This application is already under review or decided."))
        with workflow_step():
            self.write({"state": "review", "review_note": note or self.review_note})
        return True

    def action_decide(self, granted, note=None, date=None):
        """A credit-office manager decides; granted, the record is repaired and a new version is shared."""
        self.ensure_one()
        if not (self.env.su or self.env.user.has_group("xinyong.xinyong_group_manager")):
            raise AccessError(_("Only a credit-office manager decides a repair application."))
        if self.state not in ("applied", "review"):
            raise UserError(_("This application is already decided."))
        if not granted and not (note or "").strip():
            raise ValidationError(_("State why the repair is refused."))
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        record = self.record_id
        record.case_id._deadline("repair_review").write({"state": "done"})
        with workflow_step():
            self.write({"state": "granted" if granted else "refused", "review_note": note or self.review_note,
                        "decision_date": date, "decided_by": self.env.uid})
            if granted:
                record.write({"state": "repaired", "repair_date": date})
                record._new_version("repaired", note=note)
        record.message_post(body=_("Credit repair %(result)s on %(date)s.",
                                   result=_("granted") if granted else _("refused"), date=date))
        return True

    def action_grant(self):
        return self.action_decide(True, self.review_note)

    def action_refuse(self):
        return self.action_decide(False, self.review_note)
