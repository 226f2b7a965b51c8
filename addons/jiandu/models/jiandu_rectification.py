from flectra import api, fields, models, _
from flectra.exceptions import AccessError, UserError

STATES = [("draft", "Draft"), ("issued", "Issued"), ("replied", "Replied"), ("closed", "Closed")]
#: the supervision regulations' article on rectification is not verified yet (enforcement_supervision.md §6)
RECTIFICATION_BASIS = "《行政执法监督条例》"


class JianduRectification(models.Model):
    """Finding → rectification notice (整改通知书) → agency's report → verification → closure.

    The reply deadline is a fuyi.deadline of the file, so reminders and the overdue badge come
    from the shared clock; an unanswered notice past its deadline is escalated by the cron.
    """

    _name = "jiandu.rectification"
    _description = "Rectification"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    name = fields.Char(compute="_compute_name", store=True)
    file_id = fields.Many2one("jiandu.case.file", string="File", required=True, ondelete="cascade", index=True)
    campaign_id = fields.Many2one("jiandu.review.campaign", string="Campaign", ondelete="set null", index=True)
    review_id = fields.Many2one("jiandu.review", string="Review", ondelete="set null")
    agency_id = fields.Many2one("res.partner", related="file_id.agency_id", store=True, string="Agency", index=True)
    state = fields.Selection(STATES, default="draft", required=True, tracking=True, index=True)
    findings = fields.Text(required=True, tracking=True, help="The problems found, one per line")
    requirements = fields.Text(help="What the agency must do")
    days = fields.Integer(string="Days to rectify", default=30, required=True)
    issued_date = fields.Date(readonly=True, tracking=True)
    deadline_id = fields.Many2one("fuyi.deadline", readonly=True, string="Deadline")
    due_date = fields.Date(related="deadline_id.due_date", store=True, string="Due", index=True)
    document_id = fields.Many2one("fuyi.document", readonly=True, string="Notice")
    notice_number = fields.Char(related="document_id.number", string="Notice number")
    reply = fields.Text(string="Rectification report", tracking=True)
    reply_date = fields.Date(readonly=True, tracking=True)
    verification_note = fields.Text(tracking=True)
    verified_by = fields.Many2one("res.users", readonly=True)
    closed_date = fields.Date(readonly=True, tracking=True)
    escalation_level = fields.Integer(readonly=True, default=0, tracking=True,
                                      help="Raised each time the deadline passes without a report")
    overdue = fields.Boolean(compute="_compute_overdue", string="Overdue")

    @api.depends("document_id.number", "file_id")
    def _compute_name(self):
        for record in self:
            record.name = record.document_id.number or _("Rectification of %(file)s", file=record.file_id.name or "")

    @api.depends_context("tz")
    def _compute_overdue(self):
        today = fields.Date.context_today(self)
        for record in self:
            record.overdue = record.state == "issued" and bool(record.due_date) and record.due_date < today

    @api.model
    def _prepare_from_review(self, review):
        """A rectification listing the findings of a review (deductions and failed veto items)."""
        lines = []
        for line in review.findings():
            text = line.item_id.name
            if line.reason:
                text += "：%s" % line.reason
            if line.evidence:
                text += "（%s）" % line.evidence
            if line.item_id.legal_basis:
                text += "［%s］" % line.item_id.legal_basis
            lines.append(text)
        return {"file_id": review.file_id.id, "campaign_id": review.campaign_id.id, "review_id": review.id,
                "findings": "\n".join(lines) or _("See the review of the file."),
                "days": review.campaign_id.rectification_days}

    def _check_supervisor(self):
        if not self.env.su and not self.env.user.has_group("jiandu.jiandu_group_manager"):
            raise AccessError(_("Only a supervisor can issue, verify or close rectifications."))

    def action_issue(self, date=None):
        """Issue the 整改通知书 (numbered, frozen) and start the agency's deadline."""
        self._check_supervisor()
        for record in self:
            if record.state != "draft":
                raise UserError(_("%(name)s has already been issued.", name=record.name))
            if not record.agency_id:
                raise UserError(_("File %(file)s names no agency to address the notice to.",
                                  file=record.file_id.display_name))
            issued = fields.Date.to_date(date) if date else fields.Date.context_today(self)
            record.write({"issued_date": issued, "state": "issued"})
            document = self.env["fuyi.document"].create({"case_id": record.file_id.case_id.id,
                                                         "doc_type": "rectification_notice",
                                                         "recipient_id": record.agency_id.id})
            record.document_id = document
            document.action_issue(date=issued)
            record.deadline_id = record.file_id.case_id._add_deadline(
                "rectification", _("Rectification report"), RECTIFICATION_BASIS, issued, record.days, "calendar_day",
                start_event=_("rectification notice issued"))
        return True

    def action_reply(self, reply, date=None):
        """The agency reports its rectification (only a member of the agency may)."""
        self.ensure_one()
        members = self.agency_id.sudo().agency_liaison_user_ids
        if not self.env.su and self.env.user not in members and not self.env.user.has_group("jiandu.jiandu_group_manager"):
            raise AccessError(_("Only %(agency)s can report on this rectification.", agency=self.agency_id.name))
        if self.state != "issued":
            raise UserError(_("%(name)s is not waiting for a report.", name=self.name))
        if not (reply or "").strip():
            raise UserError(_("The rectification report is empty."))
        replied = fields.Date.to_date(date) if date else fields.Date.context_today(self)
        record = self.sudo()
        record.write({"reply": reply, "reply_date": replied, "state": "replied"})
        if record.deadline_id.state in ("open", "paused"):
            record.deadline_id.write({"state": "done", "done_date": replied})
        return True

    def action_verify(self, passed, note):
        """Check the report: accepted closes the rectification, rejected sends it back with a new period."""
        self._check_supervisor()
        self.ensure_one()
        if self.state != "replied":
            raise UserError(_("%(name)s has no report to verify.", name=self.name))
        if not (note or "").strip():
            raise UserError(_("Record what the verification found."))
        today = fields.Date.context_today(self)
        if passed:
            self.write({"verification_note": note, "verified_by": self.env.uid, "state": "closed",
                        "closed_date": today})
        else:
            self.write({"verification_note": note, "verified_by": self.env.uid, "state": "issued"})
            self.deadline_id = self.file_id.case_id._add_deadline(
                "rectification", _("Rectification report"), RECTIFICATION_BASIS, today, self.days, "calendar_day",
                start_event=_("rectification report rejected"))
        return True

    def _open_step(self, step):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "jiandu.rectification.step", "view_mode": "form",
                "target": "new", "context": {"default_rectification_id": self.id, "default_step": step}}

    def action_open_reply(self):
        return self._open_step("reply")

    def action_open_verify(self):
        return self._open_step("verify")

    @api.model
    def _cron_escalate_overdue(self):
        """Notices past their deadline without a report: escalate one level and tell the supervisors."""
        today = fields.Date.context_today(self)
        overdue = self.search([("state", "=", "issued"), ("due_date", "<", today)])
        supervisors = self.env.ref("jiandu.jiandu_group_manager").users
        escalated = self.browse()
        for record in overdue:
            if record.deadline_id.state != "open":
                continue   # this deadline was escalated already: once per deadline, safe to run twice
            record.deadline_id.write({"state": "missed"})
            record.escalation_level += 1
            escalated |= record
            record.message_post(body=_("%(agency)s has not reported on %(name)s, due %(date)s: escalated to level "
                                       "%(level)s.", agency=record.agency_id.name, name=record.name,
                                       date=record.due_date, level=record.escalation_level))
            for user in supervisors[:1]:
                record.activity_schedule(summary=_("Overdue rectification: %(name)s", name=record.name),
                                         user_id=user.id)
        return escalated.ids
