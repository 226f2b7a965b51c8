import json
import secrets

from flectra import api, fields, models, _
from flectra.exceptions import UserError, ValidationError

from ..tools import sampling

STATES = [("draft", "Draft"), ("reviewing", "Reviewing"), ("closed", "Closed")]
METHODS = [("random", "Random"), ("risk", "Risk-weighted")]
#: reconsideration decisions that correct the agency's act (count towards its risk)
CORRECTING_DECISIONS = ("vary", "revoke", "partial_revoke", "confirm_illegal", "confirm_invalid", "order_performance")


class JianduReviewCampaign(models.Model):
    """A review campaign (评查活动): scope, sampling plan, cross-review assignment, results."""

    _name = "jiandu.review.campaign"
    _description = "Review campaign"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_from desc, id desc"

    name = fields.Char(required=True, tracking=True)
    state = fields.Selection(STATES, default="draft", required=True, tracking=True, index=True)
    rubric_id = fields.Many2one("jiandu.rubric", string="Rubric", required=True, ondelete="restrict")
    date_from = fields.Date(string="Decisions from", required=True)
    date_to = fields.Date(string="Decisions to", required=True)
    agency_ids = fields.Many2many("res.partner", "jiandu_campaign_agency_rel", "campaign_id", "agency_id",
                                  string="Agencies in scope", domain=[("party_kind", "=", "agency")],
                                  help="Empty: every agency")
    act_kind = fields.Selection(lambda self: self.env["jiandu.case.file"]._fields["act_kind"].selection,
                                string="Kind of act", help="Empty: every kind")
    sampling_method = fields.Selection(METHODS, default="random", required=True)
    per_agency = fields.Boolean(string="Draw in each agency", default=True)
    sample_rate = fields.Float(string="Sampling rate", default=0.2, help="Share of the files drawn, 0 to 1")
    sample_count = fields.Integer(string="Files to draw", help="A fixed number instead of the rate (per agency when "
                                                                 "drawing in each agency)")
    seed = fields.Char(copy=False, default=lambda self: str(secrets.randbelow(10 ** 9)), tracking=True,
                       help="Recorded so anyone can repeat the draw and get the same sample")
    draw_log = fields.Text(readonly=True, copy=False, string="Draw record",
                           help="Population, weights, seed and result of the draw, for audit")
    drawn_on = fields.Datetime(readonly=True, copy=False)
    file_ids = fields.Many2many("jiandu.case.file", "jiandu_campaign_file_rel", "campaign_id", "file_id",
                                string="Sampled files", readonly=True, copy=False)
    reviewer_ids = fields.Many2many("res.users", "jiandu_campaign_reviewer_rel", "campaign_id", "user_id",
                                    string="Reviewers")
    reviewers_per_file = fields.Integer(default=1, required=True)
    review_ids = fields.One2many("jiandu.review", "campaign_id", string="Reviews")
    rectification_days = fields.Integer(string="Days to rectify", default=30, required=True,
                                        help="Calendar days the agency has to rectify and report")
    file_count = fields.Integer(compute="_compute_counts", string="Files")
    reviewed_count = fields.Integer(compute="_compute_counts", string="Reviewed")
    qualified_rate = fields.Float(compute="_compute_counts", string="Qualified rate (%)")

    @api.depends("file_ids.review_state", "file_ids.qualified")
    def _compute_counts(self):
        for campaign in self:
            reviewed = campaign.file_ids.filtered(lambda f: f.result_review_id)
            campaign.file_count = len(campaign.file_ids)
            campaign.reviewed_count = len(reviewed)
            qualified = len(reviewed.filtered("qualified"))
            campaign.qualified_rate = round(100.0 * qualified / len(reviewed), 1) if reviewed else 0.0

    @api.constrains("date_from", "date_to", "sample_rate", "sample_count", "reviewers_per_file")
    def _check_plan(self):
        for campaign in self:
            if campaign.date_to < campaign.date_from:
                raise ValidationError(_("The campaign period ends before it starts."))
            if not 0 <= campaign.sample_rate <= 1 or campaign.sample_count < 0:
                raise ValidationError(_("The sampling rate is between 0 and 1 and the number of files is not "
                                        "negative."))
            if campaign.reviewers_per_file < 1:
                raise ValidationError(_("Each file needs at least one reviewer."))

    # --- sampling ---
    def _population_domain(self):
        self.ensure_one()
        domain = [("decision_date", ">=", self.date_from), ("decision_date", "<=", self.date_to)]
        if self.agency_ids:
            domain.append(("agency_id", "in", self.agency_ids.ids))
        if self.act_kind:
            domain.append(("act_kind", "=", self.act_kind))
        return domain

    def _agency_risk(self, agencies):
        """{agency id: (corrections in reconsideration, court losses)}; lawsuits only when yingsu is installed."""
        risk = {agency.id: [0, 0] for agency in agencies}
        Reconsideration = self.env["fuyi.reconsideration"].sudo()
        if "decision_type" in Reconsideration._fields:
            for case in Reconsideration.search([("agency_id", "in", agencies.ids),
                                                ("decision_type", "in", CORRECTING_DECISIONS)]):
                risk[case.agency_id.id][0] += 1
        if "yingsu.lawsuit" in self.env and "lost" in self.env["yingsu.lawsuit"]._fields:
            for lawsuit in self.env["yingsu.lawsuit"].sudo().search([("agency_id", "in", agencies.ids),
                                                                     ("lost", "=", True)]):
                risk[lawsuit.agency_id.id][1] += 1
        return {agency_id: tuple(counts) for agency_id, counts in risk.items()}

    def _sample(self):
        """(chosen file ids, record of the draw): a pure function of the population, plan and seed."""
        self.ensure_one()
        files = self.env["jiandu.case.file"].sudo().search(self._population_domain(), order="id")
        weighted = self.sampling_method == "risk"
        risk = self._agency_risk(files.mapped("agency_id")) if weighted else {}
        weights = {agency_id: sampling.agency_risk_weight(*counts) for agency_id, counts in risk.items()}
        units = [sampling.Unit(f.id, f.agency_id.id or 0, weights.get(f.agency_id.id, 1.0)) for f in files]
        try:
            if self.per_agency:
                chosen = sampling.draw_per_agency(units, self.seed, rate=self.sample_rate or None,
                                                  count=self.sample_count or None, weighted=weighted)
            else:
                size = sampling.sample_size(len(units), rate=self.sample_rate or None, count=self.sample_count or None)
                chosen = sampling.draw(units, size, self.seed, weighted=weighted)
        except sampling.SamplingError as exc:
            raise UserError(_("The sample cannot be drawn: %(reason)s (rule: %(rule)s).", reason=str(exc),
                              rule=exc.rule)) from None
        record = {"seed": self.seed, "method": self.sampling_method, "per_agency": self.per_agency,
                  "rate": self.sample_rate, "count": self.sample_count, "population": [u.id for u in units],
                  "weights": {str(k): v for k, v in sorted(weights.items())},
                  "risk": {str(k): list(v) for k, v in sorted(risk.items())}, "sample": chosen}
        return chosen, record

    def action_draw_sample(self):
        """Draw the files to review with the recorded seed; the draw and its inputs are kept for audit."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(_("Campaign %(name)s has started: its sample is fixed.", name=self.name))
        if not self.seed:
            self.seed = str(secrets.randbelow(10 ** 9))
        chosen, record = self._sample()
        if not chosen:
            raise UserError(_("No enforcement file of the campaign's scope was decided in its period."))
        previous = self.file_ids
        self.write({"file_ids": [(6, 0, chosen)], "draw_log": json.dumps(record, ensure_ascii=False),
                    "drawn_on": fields.Datetime.now()})
        (previous - self.file_ids).sudo().filtered(lambda f: f.review_state == "sampled").write(
            {"review_state": "registered"})
        self.file_ids.sudo().write({"review_state": "sampled"})
        self.message_post(body=_("Sample drawn with seed %(seed)s: %(n)s of %(total)s files.", seed=self.seed,
                                 n=len(chosen), total=len(record["population"])))
        return chosen

    def verify_sample(self):
        """Draw again from the recorded seed: True when it gives the recorded sample (audit)."""
        self.ensure_one()
        if not self.draw_log:
            return False
        recorded = json.loads(self.draw_log)
        chosen, _record = self._sample()
        return chosen == recorded["sample"] == sorted(self.file_ids.ids)

    # --- cross review ---
    def _reviewer_agencies(self, users):
        Partner = self.env["res.partner"]
        return {user.id: set(Partner._jiandu_agencies_of_user(user).ids) for user in users}

    def action_assign_reviewers(self):
        """Cross review: each sampled file gets reviewers from outside its agency, load balanced."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(_("Campaign %(name)s has already been assigned.", name=self.name))
        if not self.file_ids:
            raise UserError(_("Draw the sample before assigning reviewers."))
        self.rubric_id.check_configuration()
        agencies = self._reviewer_agencies(self.reviewer_ids)
        reviewers = [sampling.Reviewer(user.id, agencies[user.id]) for user in self.reviewer_ids]
        units = [sampling.Unit(f.id, f.agency_id.id or 0, 1.0) for f in self.file_ids]
        try:
            assignment = sampling.assign_reviewers(units, reviewers, self.reviewers_per_file, seed=self.seed)
        except sampling.SamplingError as exc:
            raise UserError(_("Reviewers cannot be assigned: %(reason)s (rule: %(rule)s, reviewers never review "
                              "files of their own agency).", reason=str(exc), rule=exc.rule)) from None
        vals = [{"campaign_id": self.id, "file_id": file_id, "reviewer_id": user_id, "role": "first"}
                for file_id, user_ids in sorted(assignment.items()) for user_id in user_ids]
        self.env["jiandu.review"].create(vals)
        self.write({"state": "reviewing"})
        return True

    def action_assign_second_reviewer(self, file_id, user_id):
        """A disputed file gets a second reviewer, whose review decides."""
        self.ensure_one()
        record = self.env["jiandu.case.file"].browse(file_id)
        if record not in self.file_ids:
            raise UserError(_("File %(file)s is not in campaign %(name)s.", file=record.display_name, name=self.name))
        if record.review_state != "disputed":
            raise UserError(_("File %(file)s is not disputed: a second review is for disputed files.",
                              file=record.display_name))
        if user_id in record.review_ids.mapped("reviewer_id").ids:
            raise UserError(_("The second reviewer must be someone who has not reviewed this file yet."))
        return self.env["jiandu.review"].create({"campaign_id": self.id, "file_id": file_id, "reviewer_id": user_id,
                                                 "role": "second"}).id

    def action_close(self):
        self.ensure_one()
        open_reviews = self.review_ids.filtered(lambda r: r.state != "submitted")
        if open_reviews:
            raise UserError(_("%(n)s review(s) of campaign %(name)s are not submitted yet.", n=len(open_reviews),
                              name=self.name))
        disputed = self.file_ids.filtered(lambda f: f.review_state == "disputed")
        if disputed:
            raise UserError(_("Files %(files)s are disputed: a second reviewer decides them first.",
                              files=", ".join(disputed.mapped("display_name"))))
        self.write({"state": "closed"})
        return True
