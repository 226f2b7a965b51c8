from flectra import api, fields, models

from .fuyi_case import cite


class MailActivity(models.Model):
    _inherit = "mail.activity"

    fuyi_deadline_id = fields.Many2one("fuyi.deadline", string="Deadline", index=True, ondelete="cascade",
                                       readonly=True)


class FuyiDeadline(models.Model):
    _inherit = "fuyi.deadline"

    def _remind_by_activity(self, user, stage):
        """One to-do per deadline and responsible user: a later stage (due in a day, due today,
        overdue) updates the one already on the case rather than adding another beside it. The
        text is in the user's language."""
        self.ensure_one()
        typed = self.case_id._typed_record()
        if not typed or not hasattr(typed, "activity_schedule"):
            return
        deadline = self.with_context(lang=user.lang or self.env.context.get("lang"))
        values = {"summary": deadline._reminder_summary(stage), "note": deadline.explanation or "",
                  "date_deadline": self.due_date}
        current = self.env["mail.activity"].sudo().search(
            [("fuyi_deadline_id", "=", self.id), ("user_id", "=", user.id)], limit=1)
        if current:
            current.write(values)
        else:
            typed.sudo().activity_schedule("mail.mail_activity_data_todo", user_id=user.id, fuyi_deadline_id=self.id,
                                           **values)


class FuyiDeadlineBasis(models.Model):
    _inherit = "fuyi.deadline"

    legal_basis_display = fields.Char(string="Legal basis", compute="_compute_legal_basis_display",
                                      help="The article the period comes from, cited in the reader's language")

    @api.depends("legal_basis")
    @api.depends_context("lang")
    def _compute_legal_basis_display(self):
        for deadline in self:
            deadline.legal_basis_display = cite(deadline.legal_basis, self.env) or False
