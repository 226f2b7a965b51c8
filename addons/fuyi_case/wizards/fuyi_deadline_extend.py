from flectra import api, fields, models, _
from flectra.exceptions import UserError


class FuyiDeadlineExtend(models.TransientModel):
    """An approved extension of a statutory deadline, within its legal cap (e.g. ARL Art. 62 para 1)."""

    _name = "fuyi.deadline.extend"
    _description = "Extend a deadline"

    @api.model
    def _default_deadline_id(self):
        context = self.env.context
        if context.get("active_model") == "fuyi.deadline" and context.get("active_id"):
            return context["active_id"]
        return False

    deadline_id = fields.Many2one("fuyi.deadline", string="Deadline", required=True, ondelete="cascade",
                                  default=_default_deadline_id, domain=[("state", "in", ("open", "paused"))])
    case_id = fields.Many2one(related="deadline_id.case_id", string="Case")
    legal_basis = fields.Char(related="deadline_id.legal_basis", string="Legal basis")
    due_date = fields.Date(related="deadline_id.due_date", string="Due date now")
    extension_cap = fields.Integer(related="deadline_id.extension_cap", string="Largest extension allowed")
    extension_length = fields.Integer(related="deadline_id.extension_length", string="Already extended by")
    length = fields.Integer(string="Extend by", required=True, default=1)
    reason = fields.Text(required=True, help="Why the case cannot be finished in time (e.g. complex facts)")
    deadline_kind = fields.Char(related="deadline_id.kind", string="Kind of deadline")
    create_document = fields.Boolean(string="Prepare the extension notice", default=True,
                                     help="The parties are told of an extended decision period in writing "
                                          "(ARL Art. 62 para 1)")

    def action_confirm(self):
        self.ensure_one()
        deadline = self.deadline_id
        if deadline.state not in ("open", "paused"):
            raise UserError(_("Deadline %(name)s is already closed.", name=deadline.name))
        if not (self.reason or "").strip():
            raise UserError(_("An extension needs a reason."))
        if self.length <= 0:
            raise UserError(_("An extension must add at least one day."))
        case = self.env["fuyi.reconsideration"].search([("case_id", "=", deadline.case_id.id)], limit=1)
        if deadline.kind == "decision" and case:
            # the case's own action: head's approval, no extension in the simple procedure (ARL Art. 62)
            case.action_extend_decision(self.length, self.reason.strip())
            if self.create_document:
                step = self.env["fuyi.reconsideration.step"]
                return step._open_document(case.action_create_document("extension_notice"))
            return {"type": "ir.actions.act_window_close"}
        if deadline.kind == "correction_period" and case:
            # the applicant's justified reason, recorded on the case (ARL Art. 31 para 2)
            case.action_extend_correction_period(self.length, self.reason.strip())
            return {"type": "ir.actions.act_window_close"}
        old = deadline.due_date
        deadline.action_extend(self.length, self.reason.strip())
        deadline.case_id._log_deadline_moved(deadline, old, _("extension approved: %(reason)s",
                                                               reason=self.reason.strip()))
        return {"type": "ir.actions.act_window_close"}


class FuyiDeadline(models.Model):
    _inherit = "fuyi.deadline"

    def action_open_extend(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("fuyi_case.fuyi_deadline_extend_action")
        title = action["name"]
        action.update({"name": _(title), "target": "new", "context": {
            "active_model": self._name, "active_id": self.id, "active_ids": [self.id], "default_deadline_id": self.id}})
        return action
