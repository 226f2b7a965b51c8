from flectra import api, fields, models, _
from flectra.exceptions import UserError, ValidationError


class FuyiCommitteeMember(models.Model):
    """A member of the reconsideration committee (行政复议委员会, ARL Art. 52)."""

    _name = "fuyi.committee.member"
    _description = "Committee member"
    _order = "name"

    partner_id = fields.Many2one("res.partner", required=True, ondelete="restrict")
    name = fields.Char(related="partner_id.name", store=True)
    user_id = fields.Many2one("res.users", help="Login of the member, to record their own opinion")
    member_type = fields.Selection([("official", "Government department"), ("expert", "Expert"),
                                    ("scholar", "Scholar")], required=True, default="official")
    employer_id = fields.Many2one("res.partner", string="Works for",
                                  help="A member working for a respondent agency may not sit on its cases")
    active = fields.Boolean(default=True)

    def _conflicts_with(self, reconsideration):
        """Why this member may not sit on the case (empty when none): party or employed by one."""
        self.ensure_one()
        parties = reconsideration.party_ids.mapped("partner_id") | reconsideration.agency_id
        reasons = []
        if self.partner_id in parties:
            reasons.append(_("%(name)s is a party to the case", name=self.name))
        if self.employer_id and self.employer_id in parties:
            reasons.append(_("%(name)s works for %(agency)s, a party", name=self.name, agency=self.employer_id.name))
        return reasons


class FuyiCommitteeSitting(models.Model):
    """A committee sitting that gives advisory opinions on referred cases (ARL Art. 52)."""

    _name = "fuyi.committee.sitting"
    _description = "Committee sitting"
    _order = "sitting_date desc"
    _rec_name = "sitting_date"

    sitting_date = fields.Date(required=True)
    reconsideration_ids = fields.Many2many("fuyi.reconsideration", "fuyi_committee_sitting_case_rel",
                                           "sitting_id", "reconsideration_id", string="Cases")
    member_ids = fields.Many2many("fuyi.committee.member", "fuyi_committee_sitting_member_rel", "sitting_id",
                                  "member_id", string="Members present")
    opinion_ids = fields.One2many("fuyi.committee.opinion", "sitting_id", string="Members' opinions")
    state = fields.Selection([("planned", "Planned"), ("held", "Held")], default="planned", required=True)

    @api.constrains("member_ids", "reconsideration_ids")
    def _check_conflicts(self):
        for sitting in self:
            for case in sitting.reconsideration_ids:
                for member in sitting.member_ids:
                    reasons = member._conflicts_with(case)
                    if reasons:
                        raise ValidationError(_("Conflict of interest on case %(case)s: %(reasons)s.",
                                                case=case.name, reasons="; ".join(reasons)))

    def action_record_advisory_opinion(self, reconsideration_id, text):
        """The committee's advisory opinion on a case, recorded (Art. 52 para 3)."""
        self.ensure_one()
        case = self.env["fuyi.reconsideration"].browse(reconsideration_id)
        if case not in self.reconsideration_ids:
            raise UserError(_("Case %(case)s is not on the agenda of this sitting.", case=case.name))
        if not (text or "").strip():
            raise UserError(_("The advisory opinion must be recorded in writing (ARL Art. 52 para 3)."))
        opinions = self.opinion_ids.filtered(lambda o: o.reconsideration_id == case)
        if not opinions:
            raise UserError(_("Record each member's opinion before the committee's advisory opinion."))
        case.write({"advisory_opinion": text, "advisory_sitting_id": self.id})
        self.state = "held"
        return True


class FuyiCommitteeOpinion(models.Model):
    """One member's opinion on one case at a sitting."""

    _name = "fuyi.committee.opinion"
    _description = "Committee member opinion"

    sitting_id = fields.Many2one("fuyi.committee.sitting", required=True, ondelete="cascade")
    reconsideration_id = fields.Many2one("fuyi.reconsideration", required=True, ondelete="cascade")
    member_id = fields.Many2one("fuyi.committee.member", required=True, ondelete="restrict")
    position = fields.Selection([("uphold", "Uphold the act"), ("correct", "Correct the act"),
                                 ("other", "Other")], required=True)
    opinion = fields.Text(required=True)

    _sql_constraints = [("one_opinion", "unique(sitting_id, reconsideration_id, member_id)",
                         "A member gives one opinion per case and sitting.")]

    @api.constrains("member_id", "sitting_id")
    def _check_member_present(self):
        for opinion in self:
            if opinion.member_id not in opinion.sitting_id.member_ids:
                raise ValidationError(_("%(name)s did not sit: no opinion can be recorded.", name=opinion.member_id.name))


class FuyiReconsiderationCommittee(models.Model):
    _inherit = "fuyi.reconsideration"

    committee_referred = fields.Boolean(readonly=True, tracking=True)
    advisory_opinion = fields.Text(readonly=True, tracking=True, help="Important reference, not binding (Art. 61)")
    advisory_sitting_id = fields.Many2one("fuyi.committee.sitting", readonly=True)

    def action_refer_to_committee(self):
        for case in self:
            if case.state not in ("accepted", "suspended"):
                raise UserError(_("Only an accepted case can be referred to the committee (ARL Art. 52)."))
            case.committee_referred = True
        return True

    def action_decide(self, decision_type, date=None, summary="", performance_days=0, **kwargs):
        for case in self:
            if case.committee_required and not case.advisory_opinion:
                raise UserError(_("Case %(case)s must be referred to the committee and its advisory opinion recorded "
                                  "before the decision (ARL Art. 52 para 2).", case=case.name))
        return super().action_decide(decision_type, date=date, summary=summary, performance_days=performance_days,
                                     **kwargs)
