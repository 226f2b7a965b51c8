from markupsafe import Markup, escape

from flectra import _, api, fields, models
from flectra.exceptions import AccessError


def state_from_deadline(deadline, today):
    """``overdue`` before ``today``, ``today`` on it, ``planned`` after."""
    if deadline < today:
        return "overdue"
    if deadline == today:
        return "today"
    return "planned"


class MailActivity(models.Model):
    """A to-do on a document, due on a date and assigned to a user."""

    _name = "mail.activity"
    _inherit = ["mail.document.access"]
    _description = "Activity"
    _order = "date_deadline asc, id asc"  #: most urgent first
    _rec_name = "summary"

    @api.model
    def _default_activity_type(self):
        return self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)

    res_model_id = fields.Many2one("ir.model", string="Document Model", index=True, ondelete="cascade",
                                   required=True)
    res_model = fields.Char(string="Related Document Model", related="res_model_id.model", store=True,
                            index=True)
    res_id = fields.Many2oneReference(string="Related Document ID", index=True, model_field="res_model",
                                      required=True)
    res_name = fields.Char(string="Document Name", compute="_compute_res_name", store=True)
    activity_type_id = fields.Many2one("mail.activity.type", string="Activity Type", ondelete="restrict",
                                       default=_default_activity_type)
    activity_category = fields.Selection(related="activity_type_id.category")
    icon = fields.Char(related="activity_type_id.icon")
    summary = fields.Char()
    note = fields.Html()
    date_deadline = fields.Date(string="Due Date", index=True, required=True, default=fields.Date.context_today)
    automated = fields.Boolean(help="Scheduled by code (activity_schedule) rather than by a user.")
    user_id = fields.Many2one("res.users", string="Assigned to", index=True, required=True,
                              default=lambda self: self.env.user)
    state = fields.Selection([("overdue", "Overdue"), ("today", "Today"), ("planned", "Planned")],
                             compute="_compute_state")

    @api.depends("res_model", "res_id")
    def _compute_res_name(self):
        for activity in self:
            record = activity._document()
            activity.res_name = record.display_name if record else False

    @api.depends("date_deadline", "user_id.tz")
    @api.depends_context("tz")
    def _compute_state(self):
        for activity in self:
            if not activity.date_deadline:
                activity.state = False
                continue
            # the assignee's today, in the assignee's time zone
            today = fields.Date.context_today(activity.with_context(tz=activity.user_id.sudo().tz or "UTC"))
            activity.state = state_from_deadline(activity.date_deadline, today)

    # --- CRUD ---------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]
        for vals in vals_list:
            model_name = vals.pop("res_model", None)
            if model_name and not vals.get("res_model_id"):
                vals["res_model_id"] = self.env["ir.model"]._get_id(model_name)
        activities = super().create(vals_list)
        activities._check_document_access("write")
        for activity in activities:
            record = activity._document()
            if record is not None and hasattr(record, "message_subscribe") and activity.user_id.partner_id:
                record.sudo().message_subscribe(partner_ids=activity.user_id.partner_id.ids)
        return activities

    def write(self, vals):
        self._check_document_access("write")
        result = super().write(vals)
        if {"res_model_id", "res_id", "user_id"} & set(vals):
            self._check_document_access("write")   # moved or reassigned: checked again
        return result

    def unlink(self):
        self._check_document_access("write")
        return super().unlink()

    _document_model_field = "res_model"

    def _check_document_rows(self, operation):
        # create, write and unlink check the document themselves (_check_document_access)
        return

    def _document(self):
        """The document this activity is about, or None."""
        self.ensure_one()
        if not self.res_model or self.res_model not in self.env or not self.res_id:
            return None
        return self.env[self.res_model].browse(self.res_id)

    def _check_document_access(self, operation):
        """Activities follow their document: changing one needs write access to it, unless it is
        assigned to the current user, who then needs only read access."""
        if self.env.su:
            return
        for activity in self:
            record = activity._document()
            if record is None:
                continue
            mode = "read" if activity.user_id.id == self.env.uid else operation
            try:
                record.check_access_rights(mode)
                record.check_access_rule(mode)
            except AccessError:
                raise AccessError(_("You cannot change the activity \"%(activity)s\" of %(document)s: "
                                    "you have no write access to that document.",
                                    activity=activity.summary or activity.activity_type_id.name or "",
                                    document=activity.res_name or record._description)) from None

    # --- actions ------------------------------------------------------------------------------
    def action_feedback(self, feedback=False, attachment_ids=None):
        """Mark the activities done: post a message on each document, then delete the activities.

        Returns the id of the first posted message (False when nothing was posted).
        """
        messages = self.env["mail.message"]
        for activity in self:
            record = activity._document()
            if record is None:
                continue
            body = activity._prepare_done_body(feedback)
            if hasattr(record, "message_post"):
                message = record.message_post(body=body, subtype_xmlid="mail.mt_activities",
                                              mail_activity_type_id=activity.activity_type_id.id,
                                              attachment_ids=attachment_ids)
            else:
                message = self.env["mail.message"].sudo().create({
                    "body": body, "model": activity.res_model, "res_id": activity.res_id,
                    "message_type": "notification", "subtype_id": self.env.ref("mail.mt_activities").id,
                    "mail_activity_type_id": activity.activity_type_id.id})
            messages |= message
        self._check_document_access("write")
        self.sudo().unlink()
        return messages[:1].id or False

    def action_done(self):
        """Mark the activities done without feedback; returns the first message id."""
        return self.action_feedback()

    def _prepare_done_body(self, feedback):
        self.ensure_one()
        body = Markup('<div class="o_mail_activity_done"><p>%s</p>') % _(
            "%(type)s done (originally assigned to %(user)s)",
            type=self.activity_type_id.name or _("Activity"), user=self.user_id.name or "")
        if self.summary:
            body += Markup("<p>%s</p>") % self.summary
        if feedback:
            lines = escape(feedback).split("\n")
            body += Markup("<p>%s %s</p>") % (_("Feedback:"), Markup("<br/>").join(lines))
        if self.note:
            body += Markup("<div>%s %s</div>") % (_("Original note:"), self.note)
        return body + Markup("</div>")
