"""Review of a normative document inside a case (ARL Arts. 13, 39 (9), 56–60; reconsideration.md §10).

The applicant asks for it with the application (Art. 13) or the institution finds the basis of the act
unlawful itself (Art. 57). The case is suspended (Art. 39 para 1 (9)); a competent body handles the
document within 30 days (Art. 56) after asking the drafting body for a written reply (3 working days
to ask, 10 to answer, Art. 58); a body that is not competent transfers it within 7 working days
(Art. 56) and the transferee answers within 60 days (Art. 60). The outcome goes into the decision
(Art. 59), and the case resumes when no review is pending any more (Art. 39 para 2).
"""
from flectra import fields, models, _
from flectra.exceptions import UserError

ORIGINS = [("applicant", "Applicant's request (ARL Art. 13)"), ("ex_officio", "Found by the institution (ARL Art. 57)")]
HANDLING = [("self", "This body is competent (handle within 30 days)"),
            ("transfer", "Not competent (transfer within 7 working days)")]
STATES = [("open", "Under review"), ("transferred", "Transferred"), ("concluded", "Concluded")]
RESULTS = [("lawful", "Lawful"), ("unlawful", "Unlawful")]


class FuyiNormativeReview(models.Model):
    """A normative document (规范性文件) or other basis of the act under review within a case."""

    _name = "fuyi.normative.review"
    _description = "Normative document review"
    _inherit = ["mail.thread"]
    _order = "request_date desc, id desc"
    _rec_name = "document_name"

    reconsideration_id = fields.Many2one("fuyi.reconsideration", string="Case", required=True, ondelete="cascade",
                                         index=True)
    document_name = fields.Char(string="Normative document", required=True)
    clause = fields.Char(string="Clauses concerned")
    drafting_body_id = fields.Many2one("res.partner", string="Drafting body",
                                       help="The body that made the document (制定机关)")
    origin = fields.Selection(ORIGINS, string="Origin", required=True, default="applicant")
    handling = fields.Selection(HANDLING, string="Handling", required=True, default="self")
    request_date = fields.Date(string="Requested on", required=True, default=fields.Date.context_today)
    suspended_on = fields.Date(string="Case suspended on", readonly=True)
    state = fields.Selection(STATES, string="Status", default="open", required=True, readonly=True, tracking=True)
    # Art. 58: written notice to the drafting body, its written reply
    drafting_notice_date = fields.Date(string="Drafting body notified on", readonly=True, tracking=True)
    drafting_reply_date = fields.Date(string="Drafting body replied on", readonly=True, tracking=True)
    drafting_reply = fields.Text(string="Drafting body's reply", readonly=True)
    # Arts. 56, 60: transfer to the competent organ and its answer
    transferee_id = fields.Many2one("res.partner", string="Transferred to", readonly=True, tracking=True)
    transfer_date = fields.Date(string="Transferred on", readonly=True, tracking=True)
    # Art. 59: outcome
    result = fields.Selection(RESULTS, string="Result", readonly=True, tracking=True)
    result_text = fields.Text(string="Handling opinion", readonly=True)
    result_date = fields.Date(string="Concluded on", readonly=True, tracking=True)
    deadline_ids = fields.Many2many("fuyi.deadline", "fuyi_normative_review_deadline_rel", "review_id",
                                    "deadline_id", string="Deadlines", readonly=True)

    def _case(self):
        return self.reconsideration_id.case_id

    def _open_deadline(self, kind, name, basis, start, length, unit, event):
        deadline = self._case()._add_deadline(kind, name, basis, start, length, unit, start_event=event)
        self.write({"deadline_ids": [(4, deadline.id)]})
        return deadline

    def _deadline(self, kind):
        return self.deadline_ids.filtered(lambda d: d.kind == kind and d.state in ("open", "paused"))

    def _start(self):
        """Suspend the case (Art. 39 para 1 (9)) and open the clocks of Arts. 56 and 58."""
        self.ensure_one()
        case = self.reconsideration_id
        start = self.request_date
        if case.state == "accepted":
            case.action_suspend("9", date=start)
        elif case.state != "suspended":
            raise UserError(_("A normative document is reviewed within an accepted case (ARL Arts. 13, 56); case "
                              "%(case)s is not pending.", case=case.name))
        else:
            start = max(start, case.suspended_on or start)
        self.suspended_on = start
        if self.handling == "self":
            self._open_deadline("normative_handling", _("Handle the normative document"), "ARL Art. 56", start, 30,
                                "calendar_day", _("case suspended for the review"))
            self._open_deadline("normative_drafting_notice", _("Notify the drafting body"), "ARL Art. 58", start, 3,
                                "working_day", _("case suspended for the review"))
        else:
            self._open_deadline("normative_transfer", _("Transfer the normative document"), "ARL Art. 56", start, 7,
                                "working_day", _("case suspended for the review"))

    def action_notify_drafting_body(self, date=None, received_date=None):
        """Written notice to the drafting body to answer on the clauses' legality (Art. 58); it has 10
        working days from receipt."""
        self.ensure_one()
        if self.handling != "self" or self.state != "open":
            raise UserError(_("The drafting body is asked by the body that handles the document itself "
                              "(ARL Art. 58)."))
        if not self.drafting_body_id:
            raise UserError(_("Name the drafting body first."))
        sent = fields.Date.to_date(date) if date else fields.Date.context_today(self)
        received = fields.Date.to_date(received_date) if received_date else sent
        self._deadline("normative_drafting_notice").action_done(sent)
        self._open_deadline("normative_drafting_reply", _("Drafting body's written reply"), "ARL Art. 58", received,
                            10, "working_day", _("notice received by the drafting body"))
        self.drafting_notice_date = sent
        return True

    def action_record_drafting_reply(self, text, date=None):
        self.ensure_one()
        if not self.drafting_notice_date:
            raise UserError(_("The drafting body has not been notified yet (ARL Art. 58)."))
        if not (text or "").strip():
            raise UserError(_("Record what the drafting body answered."))
        replied = fields.Date.to_date(date) if date else fields.Date.context_today(self)
        self._deadline("normative_drafting_reply").action_done(replied)
        self.write({"drafting_reply": text, "drafting_reply_date": replied})
        return True

    def action_transfer(self, transferee_id, date=None, received_date=None):
        """Not competent: transfer within 7 working days (Art. 56); the transferee answers within 60 days of
        receipt (Art. 60)."""
        self.ensure_one()
        if self.handling != "transfer" or self.state != "open":
            raise UserError(_("Only a document this body may not handle is transferred (ARL Art. 56)."))
        if not transferee_id:
            raise UserError(_("Name the competent organ the document is transferred to (ARL Art. 56)."))
        sent = fields.Date.to_date(date) if date else fields.Date.context_today(self)
        received = fields.Date.to_date(received_date) if received_date else sent
        self._deadline("normative_transfer").action_done(sent)
        self._open_deadline("normative_transferee_reply", _("Handling opinion of the competent organ"),
                            "ARL Art. 60", received, 60, "calendar_day", _("transfer received"))
        self.write({"state": "transferred", "transferee_id": transferee_id, "transfer_date": sent})
        return True

    def action_conclude(self, result, text, date=None):
        """The outcome: lawful (stated in the decision) or unlawful (stop applying it, order the drafting body
        to correct it) (Art. 59); for a transfer, the competent organ's answer (Art. 60). The case resumes
        once no review is pending (Art. 39 para 2)."""
        self.ensure_one()
        if result not in dict(RESULTS):
            raise UserError(_("The outcome of the review is lawful or unlawful (ARL Art. 59)."))
        if not (text or "").strip():
            raise UserError(_("Record the handling opinion (ARL Arts. 59, 60)."))
        if self.state == "concluded":
            raise UserError(_("The review of %(name)s is already concluded.", name=self.document_name))
        if self.handling == "transfer" and self.state != "transferred":
            raise UserError(_("Transfer the document to the competent organ first (ARL Art. 56)."))
        done = fields.Date.to_date(date) if date else fields.Date.context_today(self)
        for deadline in self.deadline_ids.filtered(lambda d: d.state in ("open", "paused")):
            if deadline.kind in ("normative_handling", "normative_transferee_reply"):
                deadline.action_done(done)
            else:
                deadline.action_cancel()
        self.write({"state": "concluded", "result": result, "result_text": text, "result_date": done})
        case = self.reconsideration_id
        pending = case.normative_review_ids.filtered(lambda r: r.state != "concluded")
        if case.state == "suspended" and case.suspend_ground == "9" and not pending:
            case.action_resume(date=done)
        return True


class FuyiReconsiderationNormative(models.Model):
    _inherit = "fuyi.reconsideration"

    normative_review_ids = fields.One2many("fuyi.normative.review", "reconsideration_id",
                                           string="Normative document reviews")

    def action_request_normative_review(self, document_name, handling="self", origin="applicant", date=None,
                                        clause="", drafting_body_id=False):
        """Open a review of a normative document (Arts. 13, 56, 57): suspends the case; returns the review id."""
        self.ensure_one()
        if handling not in dict(HANDLING) or origin not in dict(ORIGINS):
            raise UserError(_("Say whether this body handles the document or transfers it, and who raised it."))
        review = self.env["fuyi.normative.review"].create({
            "reconsideration_id": self.id, "document_name": document_name, "handling": handling, "origin": origin,
            "clause": clause, "drafting_body_id": drafting_body_id,
            "request_date": fields.Date.to_date(date) if date else fields.Date.context_today(self)})
        review._start()
        return review.id
