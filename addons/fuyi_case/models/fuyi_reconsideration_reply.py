"""The respondent's reply (答复书, ARL Arts. 48, 54, 70), forwarding by the penalising agency (Art. 32),
the extension of the decision limit (Art. 62) and the parties' signatures of a mediation document (Art. 73)."""
from flectra import api, fields, models, _
from flectra.exceptions import UserError

FORWARD_WORKING_DAYS = 5   #: the penalising agency forwards within 5 working days of receipt (ARL Art. 32)
#: Art. 70: what the body may decide when the respondent gives no reply or evidence in time
NO_REPLY_PROPOSALS = [
    ("revoke", "Revoke or partly revoke the act (ARL Art. 70)"),
    ("confirm_illegal", "Confirm the act illegal or invalid (ARL Art. 70)"),
    ("order_performance", "Order the respondent to perform (ARL Art. 70)"),
]


class FuyiReconsiderationReply(models.Model):
    _inherit = "fuyi.reconsideration"

    act_failure_to_act = fields.Boolean(string="Failure to perform a statutory duty",
                                        help="The applicant must show the earlier request (ARL Art. 44 para 2 (1))")
    compensation_claimed = fields.Boolean(string="Compensation claimed",
                                          help="The applicant must show the damage (ARL Art. 44 para 2 (2))")
    # --- the reply (答复书) ---
    reply_date = fields.Date(string="Reply received on", readonly=True, tracking=True)
    reply_summary = fields.Text(string="Summary of the reply")
    reply_attachment_ids = fields.Many2many("ir.attachment", "fuyi_reconsideration_reply_attachment_rel",
                                            "reconsideration_id", "attachment_id", string="Reply and materials",
                                            help="The written reply, the evidence, the legal basis and other materials "
                                                 "(ARL Art. 48)")
    reply_late = fields.Boolean(string="Reply late", readonly=True, tracking=True)
    no_reply_proposal = fields.Selection(NO_REPLY_PROPOSALS, string="Proposed consequence of no reply",
                                         readonly=True, tracking=True,
                                         help="A proposal for the officer, never decided automatically (ARL Art. 70)")
    no_reply_proposed_on = fields.Date(string="Proposed on", readonly=True)
    # --- forwarding by the penalising agency (Art. 32) ---
    lodged_with_agency = fields.Boolean(
        string="Lodged with the penalising agency",
        help="On-the-spot penalty or penalty based on electronic monitoring, filed through the agency that imposed "
             "it (ARL Art. 32)")
    act_electronic_monitoring = fields.Boolean(string="Penalty based on electronic monitoring records")
    agency_received_date = fields.Date(string="Received by the agency on",
                                       help="Starts the 5 working days to forward (ARL Art. 32)")
    forwarded_date = fields.Date(string="Forwarded on", readonly=True, tracking=True)
    forwarded_to_id = fields.Many2one("res.partner", string="Forwarded to", readonly=True, tracking=True,
                                      help="The reconsideration institution the application was sent to")
    forward_note = fields.Text(string="Forwarding note", readonly=True)
    forwarded_late = fields.Boolean(string="Forwarded late", readonly=True)
    # --- mediation document signatures (Art. 73) ---
    mediation_agreement = fields.Text(string="Mediation agreement",
                                      help="The result agreed by the parties, written into the mediation document")
    mediation_signed_party_ids = fields.Many2many("res.partner", "fuyi_reconsideration_mediation_signed_rel",
                                                  "reconsideration_id", "partner_id", string="Signed or sealed by",
                                                  readonly=True)
    mediation_failed_reason = fields.Text(string="Why mediation failed", readonly=True, tracking=True)

    # --- suing after non-acceptance or time-out in reconsideration-first cases (Art. 34) ---
    reconsideration_first = fields.Boolean(
        string="Reconsideration first (复议前置)",
        help="The law requires reconsideration before a lawsuit (ARL Art. 23): after non-acceptance, dismissal or "
             "time-out the applicant may sue within 15 days (ARL Art. 34)")
    sue_by_date = fields.Date(string="Lawsuit possible until", compute="_compute_sue_by_date",
                              help="15 days from receipt of the non-acceptance or dismissal decision, or from the "
                                   "end of the decision period (ARL Art. 34)")

    def _compute_sue_by_date(self):
        from ..tools import periods
        calendar = self.env["fuyi.calendar.day"]._work_calendar() if self else None
        Service = self.env["fuyi.service"].sudo()
        for case in self:
            start = False
            if case.reconsideration_first and (case.state == "rejected" or case.decision_type == "dismiss_application"):
                kind = "rejection_decision" if case.state == "rejected" else "decision"
                served = Service.search([("case_id", "=", case.case_id.id), ("kind", "=", kind),
                                         ("state", "=", "served"), ("recipient_id", "in", case._applicant_ids())],
                                        order="served_date", limit=1)
                start = served.served_date
            elif case.reconsideration_first and case.state in ("accepted", "suspended"):
                decision = case.case_id._deadline("decision", states=("open",))
                if decision and decision.due_date < fields.Date.context_today(case):
                    start = decision.due_date
            case.sue_by_date = periods.add_calendar_days(calendar, start, 15).date if start else False

    def _applicant_ids(self):
        return self.party_ids.filtered(lambda p: p.role == "applicant").mapped("partner_id").ids

    # --- reply ---
    def action_record_reply(self, date=None, attachment_ids=None, summary="", posted_date=None):
        """The respondent's written reply with evidence and basis arrived: the reply deadline closes
        (met or missed, ARL Arts. 48, 54; by the postmark if posted, CPL Art. 85 para 4 via ARL Art. 88);
        a late reply keeps the Art. 70 proposal."""
        self.ensure_one()
        if self.state not in ("accepted", "suspended"):
            raise UserError(_("A reply is recorded for an accepted case (ARL Art. 48)."))
        if self.reply_date:
            raise UserError(_("The reply of case %(case)s was already recorded on %(date)s.", case=self.name,
                              date=self.reply_date))
        deadline = self.case_id._deadline("respondent_reply")
        if not deadline:
            raise UserError(_("The reply period starts when the application copy is served on the respondent "
                              "(ARL Arts. 48, 54): record that service first."))
        received = fields.Date.to_date(date) if date else fields.Date.context_today(self)
        if received < deadline.start_date:
            raise UserError(_("The reply cannot arrive before the application copy was served (%(date)s).",
                              date=deadline.start_date))
        posted = fields.Date.to_date(posted_date) if posted_date else False
        if posted and not deadline.start_date <= posted <= received:
            raise UserError(_("The reply's postmark (%(posted)s) must lie between the service of the application copy "
                              "and the reply's arrival.", posted=posted))
        late = (posted or received) > deadline.due_date
        deadline.action_done(received, posted_date=posted)
        vals = {"reply_date": received, "reply_late": late, "reply_summary": summary or self.reply_summary}
        if attachment_ids:
            vals["reply_attachment_ids"] = [(6, 0, list(attachment_ids))]
        if late and not self.no_reply_proposal:
            vals.update(no_reply_proposal=self._no_reply_proposal(), no_reply_proposed_on=received)
        self.write(vals)
        if late:
            self.message_post(body=_("The reply arrived on %(date)s, after the period ending %(due)s: the act may be "
                                     "treated as having no evidence or basis (ARL Art. 70).", date=received,
                                     due=deadline.due_date))
        return True

    def _no_reply_proposal(self):
        return "order_performance" if self.act_failure_to_act else "revoke"

    def action_propose_no_reply_consequence(self):
        """The reply period ran out without a reply: propose the Art. 70 outcome to the officer, with an
        activity; the decision stays theirs (a third party's evidence may still save the act)."""
        today = fields.Date.context_today(self)
        proposed = self.browse()
        for case in self:
            deadline = case.case_id._deadline("respondent_reply", states=("open",))
            if case.state != "accepted" or case.reply_date or not deadline or deadline.due_date >= today:
                raise UserError(_("Case %(case)s: the Art. 70 consequence is proposed only once the reply period "
                                  "has ended without a reply.", case=case.name))
            proposal = case._no_reply_proposal()
            case.write({"no_reply_proposal": proposal, "no_reply_proposed_on": today})
            third = case.party_ids.filtered(lambda p: p.role == "third_party")
            note = _("The respondent gave no reply, evidence or basis by %(due)s. Under ARL Art. 70 the act is treated "
                     "as having no evidence or basis: proposed outcome %(proposal)s.", due=deadline.due_date,
                     proposal=_(dict(NO_REPLY_PROPOSALS)[proposal]))
            if third:
                note += " " + _("The act concerns a third party: if the third party supplies evidence, Art. 70 "
                                "does not apply.")
            case.message_post(body=note)
            case.activity_schedule(summary=_("No reply: consider the Art. 70 outcome"), note=note,
                                   user_id=case.user_id.id or self.env.uid, date_deadline=today)
            proposed |= case
        return proposed.ids

    @api.model
    def _cron_propose_no_reply(self):
        """Cases whose reply period ended yesterday or earlier without a reply and without a proposal."""
        today = fields.Date.context_today(self)
        deadlines = self.env["fuyi.deadline"].search([("kind", "=", "respondent_reply"), ("state", "=", "open"),
                                                      ("due_date", "<", today)])
        cases = self.search([("case_id", "in", deadlines.mapped("case_id").ids), ("state", "=", "accepted"),
                             ("reply_date", "=", False), ("no_reply_proposal", "=", False)])
        return cases.action_propose_no_reply_consequence() if cases else []

    # --- forwarding (Art. 32) ---
    def _review_deadline_vals(self, start):
        """An application lodged with the penalising agency first has to be forwarded (Art. 32); the
        acceptance review starts when the institution receives it."""
        if self.lodged_with_agency:
            if not (self.act_on_the_spot or self.act_electronic_monitoring):
                raise UserError(_("Only an on-the-spot penalty or a penalty based on electronic monitoring can be "
                                  "filed through the penalising agency (ARL Art. 32)."))
            received = self.agency_received_date or start
            return [self.case_id._deadline_vals("forward", _("Forward to the reconsideration institution"),
                                                "ARL Art. 32", received, FORWARD_WORKING_DAYS, "working_day",
                                                start_event=_("application received by the penalising agency"))]
        return super()._review_deadline_vals(start)

    def action_forward(self, forwarded_to_id, date=None, note=""):
        """The penalising agency keeps its penalty and forwards the application within 5 working days of
        receipt (ARL Art. 32); the record keeps where it went and when."""
        self.ensure_one()
        target = self._transition("forward")
        if not self.lodged_with_agency:
            raise UserError(_("Only an application lodged with the penalising agency is forwarded (ARL Art. 32)."))
        if not forwarded_to_id:
            raise UserError(_("Name the reconsideration institution the application is forwarded to."))
        sent = fields.Date.to_date(date) if date else fields.Date.context_today(self)
        deadline = self.case_id._deadline("forward")
        if deadline and sent < deadline.start_date:
            raise UserError(_("An application cannot be forwarded before the agency received it (%(date)s).",
                              date=deadline.start_date))
        late = bool(deadline) and sent > deadline.due_date
        if deadline:
            deadline.action_done(sent)
        self._cancel_deadlines(("acceptance_review", "correction_notice"))
        self.write({"state": target, "forwarded_date": sent, "forwarded_to_id": forwarded_to_id,
                    "forward_note": note, "forwarded_late": late, "closed_on": sent})
        return True

    # --- extension of the decision limit (Art. 62) ---
    def action_extend_decision(self, days, reason):
        """Complex case: the head of the institution approves up to 30 more days, once the parties are told in
        writing (extension notice); the simple procedure has no extension (ARL Art. 62)."""
        self.ensure_one()
        if self.state not in ("accepted", "suspended"):
            raise UserError(_("Only a pending case's decision limit can be extended (ARL Art. 62)."))
        if self.procedure == "simple":
            raise UserError(_("The simple procedure has no extension (ARL Art. 62 para 2)."))
        if not self.env.user.has_group("fuyi_case.fuyi_case_group_lead"):
            raise UserError(_("An extension must be approved by the head of the reconsideration institution "
                              "(ARL Art. 62 para 1)."))
        deadline = self.case_id._deadline("decision")
        if not deadline:
            raise UserError(_("Case %(case)s has no open decision limit.", case=self.name))
        deadline.action_extend(days, reason)
        self.message_post(body=_("Decision limit extended by %(days)s days to %(date)s: %(reason)s (ARL Art. 62).",
                                 days=days, date=deadline.due_date, reason=reason))
        return True

    # --- mediation document (Art. 73) ---
    def _mediation_parties(self):
        return self.party_ids.filtered(lambda p: p.role in ("applicant", "respondent", "third_party")).mapped(
            "partner_id")

    def action_record_mediation_signature(self, partner_ids, date=None):
        """Parties sign or seal the issued mediation document; once every party has, it takes effect and the
        case closes as mediated (ARL Art. 73 para 1)."""
        self.ensure_one()
        if self.state not in ("accepted", "suspended"):
            raise UserError(_("Signatures are collected while the case is pending (ARL Art. 73)."))
        document = self.env["fuyi.document"].search([("case_id", "=", self.case_id.id),
                                                     ("doc_type", "=", "mediation_document"),
                                                     ("state", "=", "issued")], limit=1)
        if not document:
            raise UserError(_("Issue the mediation document (sealed by the body) before the parties sign it "
                              "(ARL Art. 73 para 1)."))
        partners = self.env["res.partner"].browse(partner_ids)
        strangers = partners - self._mediation_parties()
        if strangers:
            raise UserError(_("%(names)s is not a party to case %(case)s.", names="、".join(strangers.mapped("name")),
                              case=self.name))
        self.write({"mediation_signed_party_ids": [(4, p.id) for p in partners]})
        if not (self._mediation_parties() - self.mediation_signed_party_ids):
            return self.action_mediate(date=date)
        return True

    def action_mediation_failed(self, reason):
        """No agreement, or a party retracts before the document takes effect: decide promptly (Art. 73 para 2)."""
        self.ensure_one()
        if self.state not in ("accepted", "suspended"):
            raise UserError(_("Only a pending mediation can fail (ARL Art. 73 para 2)."))
        if not (reason or "").strip():
            raise UserError(_("Record why the mediation failed."))
        for document in self.env["fuyi.document"].search([("case_id", "=", self.case_id.id),
                                                          ("doc_type", "=", "mediation_document"),
                                                          ("state", "in", ("draft", "issued"))]):
            document.action_cancel()
        self.write({"mediation_failed_reason": reason, "mediation_signed_party_ids": [(5, 0, 0)]})
        self.message_post(body=_("Mediation failed (%(reason)s): the body decides promptly (ARL Art. 73 para 2).",
                                 reason=reason))
        return True
