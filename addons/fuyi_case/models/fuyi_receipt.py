"""Documents received by post: the postmark decides timeliness.

Time in the post does not count: a document posted before the period ends is in time (CPL Art. 85
para 4, applied to reconsideration by ARL Art. 88 para 1). A deadline met by a posted document keeps the
posting date, and its "why this date" says so; the case shows the timeliness of the application,
the corrections and the reply, judged by the postmark where there is one.
"""
from flectra import api, fields, models, _

from .fuyi_case import cite

POSTING_BASIS = "CPL Art. 85 para 4; ARL Art. 88 para 1"


class FuyiDeadline(models.Model):
    _inherit = "fuyi.deadline"

    posted_date = fields.Date(string="Posted on", readonly=True,
                              help="Postmark of the document that met this deadline: posted before the period ended, "
                                   "it is in time (CPL Art. 85 para 4, applied by ARL Art. 88)")

    def action_done(self, date=None, posted_date=None):
        """Close the deadline; a posted document is judged by its postmark, not by its arrival."""
        result = super().action_done(date)
        posted = fields.Date.to_date(posted_date) if posted_date else False
        if posted:
            for deadline in self:
                deadline.write({"posted_date": posted,
                                "state": "done" if deadline.due_date and posted <= deadline.due_date else "missed"})
        return result

    def _explanation_lines(self, calendar):
        lines = super()._explanation_lines(calendar)
        if self.kind == "correction_period":
            case = self.env["fuyi.reconsideration"].search([("case_id", "=", self.case_id.id)], limit=1)
            if case.correction_late_reason:
                lines.append(_("The correction notice was recorded after the acceptance review had ended, when the "
                               "application counted as accepted (%(basis)s); reason recorded: %(reason)s",
                               basis=cite("ARL Art. 30 para 3", self.env), reason=case.correction_late_reason))
        if self.posted_date and self.state in ("done", "missed"):
            lines.append(self._posting_line())
        return lines

    def _posting_line(self):
        self.ensure_one()
        if self.state == "done":
            return _("Posted on %(posted)s (postmark), received on %(received)s: in time, time in the post does not "
                     "count (%(basis)s).", posted=self.posted_date, received=self.done_date,
                     basis=cite(POSTING_BASIS, self.env))
        return _("Posted on %(posted)s (postmark), after the last day %(due)s: late (%(basis)s).",
                 posted=self.posted_date, due=self.due_date, basis=cite(POSTING_BASIS, self.env))


class FuyiReconsideration(models.Model):
    _inherit = "fuyi.reconsideration"

    timeliness_explanation = fields.Text(string="Timeliness", compute="_compute_timeliness_explanation",
                                         help="Whether the application, the corrections and the reply came in time, "
                                              "judged by the postmark where there is one")

    @api.depends("date_received", "date_posted", "application_due_date", "corrections_received",
                 "corrections_posted", "reply_date", "case_id.deadline_ids.state")
    @api.depends_context("lang")
    def _compute_timeliness_explanation(self):
        for case in self:
            lines = []
            if case.application_due_date:
                lodged = case.date_posted or case.date_received
                status = _("late") if case.application_late else _("in time")
                if case.date_posted:
                    lines.append(_("Application: posted on %(posted)s (postmark), received on %(received)s; the "
                                   "application period (%(period)s) ended on %(due)s: %(status)s (%(basis)s).",
                                   posted=case.date_posted, received=case.date_received,
                                   period=cite("ARL Art. 20 para 1", case.env), due=case.application_due_date,
                                   status=status, basis=cite(POSTING_BASIS, case.env)))
                elif lodged:
                    lines.append(_("Application: received on %(received)s; the application period (%(period)s) ended "
                                   "on %(due)s: %(status)s.", received=lodged,
                                   period=cite("ARL Art. 20 para 1", case.env), due=case.application_due_date,
                                   status=status))
            for kind, label in (("correction_period", _("Corrections")), ("respondent_reply", _("Reply"))):
                for deadline in case.case_id.deadline_ids.filtered(
                        lambda d: d.kind == kind and d.state in ("done", "missed")):
                    if deadline.posted_date:
                        lines.append("%s: %s" % (label, deadline._posting_line()))
                    else:
                        lines.append(_("%(what)s: received on %(received)s, last day %(due)s: %(status)s.",
                                       what=label, received=deadline.done_date, due=deadline.due_date,
                                       status=_("in time") if deadline.state == "done" else _("late")))
            case.timeliness_explanation = "\n".join(lines) or False
