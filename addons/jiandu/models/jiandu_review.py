import logging

from flectra import api, fields, models, _
from flectra.exceptions import AccessError, UserError, ValidationError

from ..tools import rubric as rules

_logger = logging.getLogger(__name__)

ROLES = [("first", "Reviewer"), ("second", "Second reviewer")]
STATES = [("draft", "Scoring"), ("submitted", "Submitted")]
COMPUTED_SCORE_FIELDS = frozenset({"total", "grade_id", "vetoed", "section_scores", "score_explanation"})
#: what a reviewer may write on their own review (the chatter's fields included)
REVIEWER_FIELDS = frozenset({"line_ids", "message_follower_ids", "activity_ids", "message_ids"})
#: what a reviewer may write on an item of their own review
REVIEWER_LINE_FIELDS = frozenset({"defect_count", "veto_failed", "reason", "evidence"})


class JianduReview(models.Model):
    """One reviewer's scoring of one file, item by item; totals and grade are computed, never typed."""

    _name = "jiandu.review"
    _description = "File review"
    _rec_name = "file_id"
    _inherit = ["mail.thread"]
    _order = "campaign_id, file_id, role, id"

    campaign_id = fields.Many2one("jiandu.review.campaign", string="Campaign", required=True, ondelete="cascade",
                                  index=True)
    file_id = fields.Many2one("jiandu.case.file", string="File", required=True, ondelete="cascade", index=True)
    agency_id = fields.Many2one("res.partner", related="file_id.agency_id", store=True, string="Agency", index=True)
    rubric_id = fields.Many2one("jiandu.rubric", related="campaign_id.rubric_id", string="Rubric")
    reviewer_id = fields.Many2one("res.users", string="Reviewer", required=True, index=True)
    role = fields.Selection(ROLES, default="first", required=True)
    state = fields.Selection(STATES, default="draft", required=True, tracking=True, index=True)
    line_ids = fields.One2many("jiandu.review.line", "review_id", string="Items")
    section_scores = fields.Text(compute="_compute_score", store=True, string="Section scores")
    total = fields.Float(compute="_compute_score", store=True, string="Total")
    grade_id = fields.Many2one("jiandu.rubric.grade", compute="_compute_score", store=True, string="Grade")
    vetoed = fields.Boolean(compute="_compute_score", store=True, string="Vetoed")
    score_explanation = fields.Text(compute="_compute_score", store=True, string="How the total was reached")
    dispute_reason = fields.Text(tracking=True)
    submitted_on = fields.Datetime(readonly=True)

    _sql_constraints = [("reviewer_file_unique", "unique(campaign_id, file_id, reviewer_id)",
                         "A reviewer reviews a file once per campaign.")]

    def _marks(self):
        self.ensure_one()
        marks = []
        for line in self.line_ids:
            if line.item_id.veto:
                # the reason rule is checked on the line; here the score must never fail to compute
                marks.append(rules.Mark(str(line.item_id.id), 1 if line.veto_failed else 0, line.reason or "-"))
            elif line.defect_count:
                marks.append(rules.Mark(str(line.item_id.id), line.defect_count, line.reason or ""))
        return marks

    @api.depends("line_ids.defect_count", "line_ids.veto_failed", "line_ids.reason", "campaign_id.rubric_id")
    def _compute_score(self):
        for review in self:
            rubric = review.campaign_id.rubric_id
            try:
                result = rules.score(rubric._to_rule(), review._marks())
            except rules.RubricError:
                # an out-of-range count is refused by the line's constraint; until then keep no score
                review.total, review.grade_id, review.vetoed = 0.0, False, False
                review.section_scores = review.score_explanation = False
                continue
            grade = self.env["jiandu.rubric.grade"].browse(int(result.grade)) if result.grade else False
            review.total, review.grade_id, review.vetoed = result.total, grade, bool(result.vetoes)
            review.section_scores = "\n".join("%s: %s" % (s.name, rules._fmt(result.sections[str(s.id)]))
                                              for s in rubric.section_ids)
            review.score_explanation = review._explain(result, grade)

    def _explain(self, result, grade):
        """How the total was reached, in the reader's language."""
        fmt = rules._fmt
        lines = []
        for line in self.line_ids:
            if line.item_id.veto and line.veto_failed:
                lines.append(_("Veto: %(item)s — %(reason)s", item=line.item_id.name, reason=line.reason or ""))
            elif not line.item_id.veto and line.defect_count:
                lines.append(_("%(item)s: %(n)s × %(per)s = −%(points)s", item=line.item_id.name,
                               n=line.defect_count, per=fmt(line.item_id.deduction),
                               points=fmt(line.defect_count * line.item_id.deduction)))
        for section in self.campaign_id.rubric_id.section_ids:
            key = str(section.id)
            lines.append(_("%(section)s: %(points)s − %(deducted)s = %(score)s", section=section.name,
                           points=fmt(section.points), deducted=fmt(result.deductions[key]),
                           score=fmt(result.sections[key])))
        lines.append(_("Total %(total)s, grade %(grade)s", total=fmt(result.total), grade=grade.name if grade else "-"))
        return "\n".join(lines)

    @api.constrains("reviewer_id", "file_id")
    def _check_cross_review(self):
        """交叉评查: nobody reviews a file of their own agency."""
        Partner = self.env["res.partner"]
        for review in self:
            own = Partner._jiandu_agencies_of_user(review.reviewer_id)
            if review.file_id.agency_id and review.file_id.agency_id in own:
                raise ValidationError(_("%(reviewer)s belongs to %(agency)s and cannot review its file %(file)s "
                                        "(rule: cross review).", reviewer=review.reviewer_id.name,
                                        agency=review.file_id.agency_id.name, file=review.file_id.display_name))

    @api.model_create_multi
    def create(self, vals_list):
        reviews = super().create(vals_list)
        lines = []
        for review in reviews:
            found = {}
            record = review.file_id.sudo()
            for failure in record.auto_failures():
                found.setdefault(failure.code, []).append(record.failure_text(failure))
            for item in review.campaign_id.rubric_id.item_ids:
                vals = {"review_id": review.id, "item_id": item.id}
                if item.veto and item.code in found:
                    # pre-filled from the file's data; the reviewer confirms or clears it
                    vals.update(veto_failed=True, reason="; ".join(found[item.code]), auto_found=True)
                lines.append(vals)
        self.env["jiandu.review.line"].create(lines)
        for review in reviews:
            case = review.file_id.case_id.sudo()
            case.jiandu_reviewer_ids = [(4, review.reviewer_id.id)]
        return reviews

    def write(self, vals):
        # totals and grades are never typed: a value sent for them (the web client echoes what its
        # onchange showed) is dropped, and the stored one is recomputed from the items
        typed = COMPUTED_SCORE_FIELDS.intersection(vals)
        if typed:
            _logger.debug("ignoring computed score fields written on %s: %s", self, sorted(typed))
            vals = {key: value for key, value in vals.items() if key not in typed}
        if not self._is_supervisor():
            # a reviewer scores (the lines); assignment, role and state are the campaign's and the buttons'.
            # Computed and related values the web client echoes from its onchange are not the reviewer's input.
            vals = {key: value for key, value in vals.items()
                    if key not in self._fields or not (self._fields[key].compute or self._fields[key].related)}
            refused = set(vals) - REVIEWER_FIELDS
            if refused:
                raise AccessError(_("Only a supervisor can change %(fields)s of a review.",
                                    fields=", ".join(sorted(refused))))
            self._check_own()
        return super().write(vals) if vals else True

    def _is_supervisor(self):
        return self.env.su or self.env.user.has_group("jiandu.jiandu_group_manager")

    def _check_own(self):
        if self.env.su:
            return
        for review in self:
            if review.reviewer_id != self.env.user and not self.env.user.has_group("jiandu.jiandu_group_manager"):
                raise AccessError(_("Review of %(file)s is assigned to %(reviewer)s.", file=review.file_id.display_name,
                                    reviewer=review.reviewer_id.name))

    def action_submit(self):
        """Submit the scores; two first reviews that disagree make the file disputed."""
        self._check_own()
        for review in self:
            if review.state != "draft":
                raise UserError(_("Review of %(file)s is already submitted.", file=review.file_id.display_name))
            review.line_ids._check_line()
            review.sudo().write({"state": "submitted", "submitted_on": fields.Datetime.now()})
            review.sudo()._update_file_state()
        return True

    def action_reopen(self):
        """A supervisor sends a submitted review back to its reviewer."""
        if not self.env.su and not self.env.user.has_group("jiandu.jiandu_group_manager"):
            raise AccessError(_("Only a supervisor can reopen a submitted review."))
        self.write({"state": "draft"})
        return True

    def action_dispute(self, reason):
        """Mark the file disputed (e.g. the agency objects); a second reviewer then decides."""
        self.ensure_one()
        if not (reason or "").strip():
            raise UserError(_("Say why the result is disputed."))
        self.write({"dispute_reason": reason})
        self.file_id.sudo().write({"review_state": "disputed"})
        return True

    def _update_file_state(self):
        self.ensure_one()
        record = self.file_id
        submitted = record.review_ids.filtered(lambda r: r.state == "submitted" and r.campaign_id == self.campaign_id)
        if submitted.filtered(lambda r: r.role == "second"):
            record.review_state = "reviewed"
            return
        firsts = submitted.filtered(lambda r: r.role == "first")
        tolerance = self.campaign_id.rubric_id.dispute_tolerance
        results = [(r.total, r.grade_id.id, r.vetoed) for r in firsts]
        for other in results[1:]:
            first = results[0]
            if (first[1] != other[1] or first[2] != other[2] or abs(first[0] - other[0]) > tolerance + 1e-9):
                record.review_state = "disputed"
                self.campaign_id.message_post(body=_("File %(file)s is disputed: the reviewers' scores differ; "
                                                     "assign a second reviewer.", file=record.display_name))
                return
        pending = record.review_ids.filtered(lambda r: r.state == "draft" and r.role == "first"
                                             and r.campaign_id == self.campaign_id)
        record.review_state = "sampled" if pending else "reviewed"

    def action_create_rectification(self):
        """A draft rectification listing this review's findings (supervisors); returns its id."""
        self.ensure_one()
        if not self.env.su and not self.env.user.has_group("jiandu.jiandu_group_manager"):
            raise AccessError(_("Only a supervisor can issue, verify or close rectifications."))
        if self.state != "submitted":
            raise UserError(_("Review of %(file)s is not submitted yet: its findings are not final.",
                              file=self.file_id.display_name))
        Rectification = self.env["jiandu.rectification"]
        return Rectification.create(Rectification._prepare_from_review(self)).id

    def action_open_dispute(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "jiandu.review.dispute", "view_mode": "form",
                "target": "new", "context": {"default_review_id": self.id}}

    def action_rectify(self):
        """Button: create the rectification and open it."""
        return {"type": "ir.actions.act_window", "res_model": "jiandu.rectification", "view_mode": "form",
                "res_id": self.action_create_rectification()}

    def findings(self):
        """Lines that cost points or failed a veto: the findings of a rectification notice."""
        self.ensure_one()
        return self.line_ids.filtered(lambda l: l.veto_failed or l.defect_count)


class JianduReviewLine(models.Model):
    """The score of one rubric item: defects found (or the veto failed), why, and where in the file."""

    _name = "jiandu.review.line"
    _description = "Review item"
    _rec_name = "item_id"
    _order = "review_id, sequence, id"

    review_id = fields.Many2one("jiandu.review", required=True, ondelete="cascade", index=True)
    item_id = fields.Many2one("jiandu.rubric.item", string="Item", required=True, ondelete="restrict")
    sequence = fields.Integer(related="item_id.sequence", store=True)
    section_id = fields.Many2one(related="item_id.section_id", string="Section")
    veto = fields.Boolean(related="item_id.veto", string="Veto item")
    item_deduction = fields.Float(related="item_id.deduction", string="Per defect")
    max_deduction = fields.Float(related="item_id.max_deduction", string="At most")
    defect_count = fields.Integer(string="Defects", default=0)
    veto_failed = fields.Boolean(string="Veto failed")
    deduction = fields.Float(compute="_compute_deduction", store=True, string="Deducted")
    reason = fields.Text(help="What is wrong; a failed veto item needs it")
    evidence = fields.Char(help="Where in the file, e.g. pages 12–13")
    auto_found = fields.Boolean(string="Found by the checks", readonly=True,
                                help="Pre-filled from the file's data (officers, legal review); confirm or clear it")

    @api.depends("defect_count", "item_id.deduction", "item_id.veto")
    def _compute_deduction(self):
        for line in self:
            line.deduction = 0.0 if line.item_id.veto else line.defect_count * line.item_id.deduction

    @api.constrains("defect_count", "veto_failed", "reason")
    def _check_line(self):
        for line in self:
            item = line.item_id
            if item.veto:
                if line.defect_count:
                    raise ValidationError(_("%(item)s is a veto item: mark it failed rather than count defects.",
                                            item=item.name))
                if line.veto_failed and not (line.reason or "").strip():
                    raise ValidationError(_("Veto item %(item)s failed without a reason: state the reason "
                                            "(rule: a veto needs a reason).", item=item.name))
                continue
            if line.veto_failed:
                raise ValidationError(_("%(item)s is not a veto item.", item=item.name))
            rule = line.review_id.campaign_id.rubric_id._to_rule()
            try:
                rules.item_deduction(rule, rule.item(str(item.id)), line.defect_count)
            except rules.RubricError:
                limit = item.max_deduction or item.section_id.points
                raise ValidationError(_("%(item)s: %(n)s defect(s) × %(per)s points is outside the item's range "
                                        "(0 to %(max)s points; rule: item range).", item=item.name,
                                        n=line.defect_count, per=item.deduction, max=limit)) from None

    def write(self, vals):
        if not self.mapped("review_id")._is_supervisor():
            vals = {key: value for key, value in vals.items()   # values the web client echoes
                    if key not in self._fields or not (self._fields[key].compute or self._fields[key].related)}
        if not self.mapped("review_id")._is_supervisor() and set(vals) - REVIEWER_LINE_FIELDS:
            raise AccessError(_("Only a supervisor can change %(fields)s of a review.",
                                fields=", ".join(sorted(set(vals) - REVIEWER_LINE_FIELDS))))
        if set(vals) & REVIEWER_LINE_FIELDS:
            for line in self:
                if line.review_id.state != "draft":
                    raise UserError(_("Review of %(file)s is submitted; ask a supervisor to reopen it.",
                                      file=line.review_id.file_id.display_name))
            self.mapped("review_id")._check_own()
        return super().write(vals)
