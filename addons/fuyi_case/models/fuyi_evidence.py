"""Evidence in a reconsideration (ARL Arts. 43–47; reconsideration.md §9).

Each item records who submitted it, its statutory kind, when it was collected and submitted; the
rules flag (never silently drop) what the law says cannot support the act: respondent evidence
after the reply period, evidence the respondent collected on its own during the review, and
investigations by fewer than two officers. Inspection of the reply and evidence by the applicant or
a third party is recorded with what was withheld and why (Art. 47).
"""
from flectra import api, fields, models, _
from flectra.exceptions import UserError, ValidationError

#: the eight kinds of evidence (ARL Art. 43 para 1)
EVIDENCE_KINDS = [
    ("documentary", "Documentary evidence (书证)"), ("physical", "Physical evidence (物证)"),
    ("audio_visual", "Audio-visual material (视听资料)"), ("electronic", "Electronic data (电子数据)"),
    ("witness", "Witness testimony (证人证言)"), ("statement", "Statement of a party (当事人的陈述)"),
    ("expert_opinion", "Expert opinion (鉴定意见)"),
    ("inspection_record", "Inspection or on-site record (勘验笔录、现场笔录)"),
]
SUBMITTERS = [("applicant", "Applicant"), ("respondent", "Respondent"), ("third_party", "Third party"),
              ("institution", "Collected by the institution (ARL Art. 45)")]
#: what may be withheld from inspection (ARL Art. 47)
CONFIDENTIALITY = [("none", "Open to inspection"), ("state_secret", "State secret"),
                   ("commercial_secret", "Commercial secret"), ("privacy", "Personal privacy"),
                   ("security", "May endanger national or public security or social stability")]
REVIEW_STATES = [("pending", "Not yet verified"), ("admitted", "Admitted"), ("excluded", "Not admitted")]
MIN_INVESTIGATORS = 2   #: investigations by at least two officers showing credentials (ARL Art. 45)


class FuyiEvidence(models.Model):
    """One item of evidence in a reconsideration case."""

    _name = "fuyi.evidence"
    _description = "Evidence"
    _inherit = ["mail.thread"]
    _order = "reconsideration_id, submitted_date, id"

    reconsideration_id = fields.Many2one("fuyi.reconsideration", string="Case", required=True, ondelete="cascade",
                                         index=True)
    name = fields.Char(string="Evidence", required=True)
    kind = fields.Selection(EVIDENCE_KINDS, string="Kind of evidence", required=True, default="documentary")
    submitted_by = fields.Selection(SUBMITTERS, string="Submitted by", required=True, default="respondent")
    submitter_id = fields.Many2one("res.partner", string="Submitting party")
    purpose = fields.Text(string="What it is to prove")
    collected_date = fields.Date(string="Collected on", help="When the evidence was gathered")
    submitted_date = fields.Date(string="Submitted on", required=True, default=fields.Date.context_today,
                                 tracking=True)
    attachment_ids = fields.Many2many("ir.attachment", "fuyi_evidence_attachment_rel", "evidence_id",
                                      "attachment_id", string="Files")
    proves_request = fields.Boolean(string="Proves the earlier request or the damage",
                                    help="The applicant's burden in failure-to-act and compensation cases "
                                         "(ARL Art. 44 para 2)")
    supplementary = fields.Boolean(string="Supplementary evidence", readonly=True,
                                   help="Allowed by the institution after new reasons or evidence (ARL Art. 46 para 2)")
    supplement_reason = fields.Text(string="New reasons or evidence raised", readonly=True)
    supplement_approved_by = fields.Many2one("res.users", string="Supplement allowed by", readonly=True)
    investigator_ids = fields.Many2many("res.users", "fuyi_evidence_investigator_rel", "evidence_id", "user_id",
                                        string="Investigating officers")
    confidentiality = fields.Selection(CONFIDENTIALITY, string="Confidentiality", required=True, default="none")
    review_state = fields.Selection(REVIEW_STATES, string="Verification", required=True, default="pending",
                                    tracking=True, help="Evidence is verified before it founds a decision "
                                                        "(ARL Art. 43 para 2)")
    review_note = fields.Text(string="Verification note")
    late = fields.Boolean(string="Submitted late", compute="_compute_flags", store=True,
                          help="Respondent evidence after the reply period (ARL Arts. 48, 54, 70)")
    self_collected = fields.Boolean(string="Collected by the respondent during the review", compute="_compute_flags",
                                    store=True, help="Not a basis for the act's legality (ARL Art. 46 para 1)")
    flag_explanation = fields.Text(string="Why it is flagged", compute="_compute_flags", store=True)

    @api.depends("submitted_by", "submitted_date", "collected_date", "supplementary",
                 "reconsideration_id.acceptance_date", "reconsideration_id.case_id.deadline_ids.due_date",
                 "reconsideration_id.case_id.deadline_ids.state")
    def _compute_flags(self):
        for item in self:
            late, collected, notes = False, False, []
            case = item.reconsideration_id
            if item.submitted_by == "respondent" and not item.supplementary:
                reply = case.case_id.deadline_ids.filtered(lambda d: d.kind == "respondent_reply"
                                                           and d.state != "cancelled")[-1:]
                if reply and item.submitted_date and item.submitted_date > reply.due_date:
                    late = True
                    notes.append(_("Submitted after the reply period ending %(date)s (ARL Arts. 48, 54): the act "
                                   "counts as having no such evidence (Art. 70).", date=reply.due_date))
                if case.acceptance_date and item.collected_date and item.collected_date >= case.acceptance_date:
                    collected = True
                    notes.append(_("Collected by the respondent on its own during the review (from %(date)s): not "
                                   "a basis for the act's legality or appropriateness (ARL Art. 46 para 1).",
                                   date=case.acceptance_date))
            item.late = late
            item.self_collected = collected
            item.flag_explanation = "\n".join(notes) or False

    @api.constrains("submitted_by", "investigator_ids")
    def _check_investigators(self):
        for item in self.filtered(lambda e: e.submitted_by == "institution"):
            if len(item.investigator_ids) < MIN_INVESTIGATORS:
                raise ValidationError(_("An investigation is carried out by at least two officers showing their "
                                        "credentials (ARL Art. 45): name them on %(name)s.", name=item.name))

    @api.constrains("submitted_date", "collected_date")
    def _check_dates(self):
        for item in self:
            if item.collected_date and item.submitted_date and item.collected_date > item.submitted_date:
                raise ValidationError(_("%(name)s cannot be submitted before it was collected.", name=item.name))

    @api.constrains("submitter_id", "submitted_by", "reconsideration_id")
    def _check_submitter(self):
        roles = {"applicant": ("applicant", "agent", "representative"), "respondent": ("respondent",),
                 "third_party": ("third_party", "agent")}
        for item in self.filtered(lambda e: e.submitter_id and e.submitted_by in roles):
            lines = item.reconsideration_id.party_ids.filtered(
                lambda p: p.partner_id == item.submitter_id and p.role in roles[item.submitted_by])
            if not lines:
                raise ValidationError(_("%(party)s is not the %(role)s of case %(case)s.",
                                        party=item.submitter_id.name, case=item.reconsideration_id.name,
                                        role=_(dict(SUBMITTERS)[item.submitted_by])))

    def action_allow_supplement(self, reason):
        """The applicant or third party raised reasons or evidence not raised when the act was made: the
        institution lets the respondent supplement its evidence (ARL Art. 46 para 2)."""
        if not (reason or "").strip():
            raise UserError(_("Name the new reasons or evidence that justify supplementary evidence "
                              "(ARL Art. 46 para 2)."))
        for item in self:
            if item.submitted_by != "respondent":
                raise UserError(_("Only the respondent supplements evidence with consent (ARL Art. 46 para 2)."))
            item.write({"supplementary": True, "supplement_reason": reason, "supplement_approved_by": self.env.uid})
        return True

    def action_verify(self, admitted, note=""):
        """Record the verification (ARL Art. 43 para 2); flagged items are not admitted without a reason."""
        for item in self:
            if admitted and (item.late or item.self_collected) and not (note or "").strip():
                raise UserError(_("%(name)s is flagged (%(flags)s): admitting it needs a reason.", name=item.name,
                                  flags=item.flag_explanation))
            item.write({"review_state": "admitted" if admitted else "excluded", "review_note": note})
        return True


class FuyiEvidenceInspection(models.Model):
    """The applicant or a third party inspects and copies the reply and evidence (ARL Art. 47)."""

    _name = "fuyi.evidence.inspection"
    _description = "Inspection of case materials"
    _order = "inspection_date desc, id desc"
    _rec_name = "inspection_date"

    reconsideration_id = fields.Many2one("fuyi.reconsideration", string="Case", required=True, ondelete="cascade",
                                         index=True)
    requester_id = fields.Many2one("res.partner", string="Inspected by", required=True)
    inspection_date = fields.Date(string="Inspected on", required=True, default=fields.Date.context_today)
    reply_included = fields.Boolean(string="Written reply inspected", default=True)
    evidence_ids = fields.Many2many("fuyi.evidence", "fuyi_evidence_inspection_shown_rel", "inspection_id",
                                    "evidence_id", string="Materials inspected")
    copied = fields.Boolean(string="Copies made")
    withheld_ids = fields.Many2many("fuyi.evidence", "fuyi_evidence_inspection_withheld_rel", "inspection_id",
                                    "evidence_id", string="Materials withheld")
    officer_id = fields.Many2one("res.users", string="Officer present", default=lambda self: self.env.user)
    note = fields.Text(string="Note")

    @api.constrains("requester_id", "reconsideration_id")
    def _check_requester(self):
        for inspection in self:
            lines = inspection.reconsideration_id.party_ids.filtered(
                lambda p: p.partner_id == inspection.requester_id
                and p.role in ("applicant", "third_party", "agent", "representative"))
            if not lines:
                raise ValidationError(_("Only the applicant, a third party or their agent may inspect the reply and "
                                        "evidence (ARL Art. 47): %(name)s is none of them.",
                                        name=inspection.requester_id.name))

    @api.constrains("evidence_ids", "withheld_ids", "reconsideration_id")
    def _check_materials(self):
        for inspection in self:
            items = inspection.evidence_ids | inspection.withheld_ids
            if items.filtered(lambda e: e.reconsideration_id != inspection.reconsideration_id):
                raise ValidationError(_("Only the materials of this case can be inspected."))
            shown_secret = inspection.evidence_ids.filtered(lambda e: e.confidentiality != "none")
            if shown_secret:
                raise ValidationError(_("%(name)s involves secrets, privacy or security and is not shown "
                                        "(ARL Art. 47).", name=shown_secret[0].name))
            open_withheld = inspection.withheld_ids.filtered(lambda e: e.confidentiality == "none")
            if open_withheld:
                raise ValidationError(_("%(name)s may not be withheld: only secrets, privacy or security are "
                                        "excepted (ARL Art. 47).", name=open_withheld[0].name))


class FuyiReconsiderationEvidence(models.Model):
    _inherit = "fuyi.reconsideration"

    evidence_ids = fields.One2many("fuyi.evidence", "reconsideration_id", string="Evidence")
    inspection_ids = fields.One2many("fuyi.evidence.inspection", "reconsideration_id", string="Inspections")
    burden_warning = fields.Text(string="Burden of proof", compute="_compute_burden_warning",
                                 help="What the applicant still has to prove (ARL Art. 44 para 2)")

    @api.depends("act_failure_to_act", "compensation_claimed", "evidence_ids.submitted_by",
                 "evidence_ids.proves_request")
    def _compute_burden_warning(self):
        for case in self:
            proved = case.evidence_ids.filtered(lambda e: e.submitted_by == "applicant" and e.proves_request)
            notes = []
            if case.act_failure_to_act and not proved:
                notes.append(_("The applicant must prove having asked the respondent to perform the duty "
                               "(ARL Art. 44 para 2 (1))."))
            if case.compensation_claimed and not proved:
                notes.append(_("The applicant must prove the damage caused by the act (ARL Art. 44 para 2 (2))."))
            case.burden_warning = "\n".join(notes) or False

    def action_record_inspection(self, requester_id, date=None, evidence_ids=None, copied=False, note=""):
        """Inspection of the reply and evidence (Art. 47): everything not confidential is shown, the rest is
        recorded as withheld; returns the inspection id."""
        self.ensure_one()
        if self.state not in ("accepted", "suspended"):
            raise UserError(_("Materials are inspected while the case is pending (ARL Art. 47)."))
        items = self.env["fuyi.evidence"].browse(evidence_ids) if evidence_ids else self.evidence_ids
        inspection = self.env["fuyi.evidence.inspection"].create({
            "reconsideration_id": self.id, "requester_id": requester_id,
            "inspection_date": fields.Date.to_date(date) if date else fields.Date.context_today(self),
            "reply_included": bool(self.reply_date), "copied": copied, "note": note,
            "evidence_ids": [(6, 0, items.filtered(lambda e: e.confidentiality == "none").ids)],
            "withheld_ids": [(6, 0, items.filtered(lambda e: e.confidentiality != "none").ids)]})
        self.message_post(body=_("%(name)s inspected the materials on %(date)s: %(shown)s shown, %(withheld)s "
                                 "withheld (ARL Art. 47).", name=inspection.requester_id.name,
                                 date=inspection.inspection_date, shown=len(inspection.evidence_ids),
                                 withheld=len(inspection.withheld_ids)))
        return inspection.id
