from flectra import api, fields, models, _
from flectra.exceptions import ValidationError

from ..tools import rubric as rules

VETO_EFFECTS = [(rules.VETO_UNQUALIFIED, "Unqualified, score kept"), (rules.VETO_ZERO, "Unqualified, score 0")]


class JianduRubric(models.Model):
    """A scoring rubric (评分标准) as configuration: sections, items, veto items and grade thresholds.

    No national standard exists (enforcement_supervision.md §4): each province or sector keeps
    its own, versioned; a campaign uses one version, which is then no longer edited.
    """

    _name = "jiandu.rubric"
    _description = "Scoring rubric"
    _order = "name, version desc"

    name = fields.Char(required=True)
    version = fields.Char(default="1", required=True)
    active = fields.Boolean(default=True)
    veto_effect = fields.Selection(VETO_EFFECTS, string="Effect of a veto", default=rules.VETO_UNQUALIFIED,
                                   required=True)
    dispute_tolerance = fields.Float(string="Dispute tolerance (points)", default=5.0,
                                     help="Two reviewers whose totals differ by more, or who differ on grade or "
                                          "veto, make the file disputed")
    section_ids = fields.One2many("jiandu.rubric.section", "rubric_id", string="Sections", copy=True)
    item_ids = fields.One2many("jiandu.rubric.item", "rubric_id", string="Items", copy=True)
    grade_ids = fields.One2many("jiandu.rubric.grade", "rubric_id", string="Grades", copy=True)
    total_points = fields.Float(compute="_compute_total_points", string="Full marks")

    @api.depends("section_ids.points")
    def _compute_total_points(self):
        for rubric in self:
            rubric.total_points = sum(rubric.section_ids.mapped("points"))

    def _to_rule(self):
        """The rubric as the pure ``tools.rubric.Rubric`` (item and section codes are record ids)."""
        self.ensure_one()
        fail = self.grade_ids.filtered("failing").sorted("min_score")[:1]
        return rules.Rubric(
            sections=tuple(rules.Section(str(s.id), s.points, s.floor) for s in self.section_ids),
            items=tuple(rules.Item(str(i.id), str(i.section_id.id) if i.section_id else "", i.deduction,
                                   i.max_deduction, i.veto) for i in self.item_ids),
            grades=tuple(rules.Grade(str(g.id), g.min_score) for g in self.grade_ids),
            veto_effect=self.veto_effect, fail_grade=str(fail.id) if fail else "")

    def check_configuration(self):
        """Refuse a rubric that cannot score, naming the rule."""
        for rubric in self:
            try:
                rules.check_rubric(rubric._to_rule())
            except rules.RubricError as exc:
                raise ValidationError(_("Rubric %(name)s cannot be used: %(reason)s (rule: %(rule)s).",
                                        name=rubric.display_name, reason=str(exc), rule=exc.rule)) from None
        return True


class JianduRubricSection(models.Model):
    _name = "jiandu.rubric.section"
    _description = "Rubric section"
    _order = "rubric_id, sequence, id"

    rubric_id = fields.Many2one("jiandu.rubric", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    points = fields.Float(required=True, help="Full marks of the section")
    floor = fields.Float(default=0.0, help="The section never scores below this (0: no negative scores)")

    @api.constrains("points", "floor")
    def _check_points(self):
        for section in self:
            if section.points <= 0 or not 0 <= section.floor <= section.points:
                raise ValidationError(_("Section %(name)s: points must be positive and the floor between 0 and "
                                        "the points.", name=section.name))


class JianduRubricItem(models.Model):
    _name = "jiandu.rubric.item"
    _description = "Rubric item"
    _order = "rubric_id, veto desc, sequence, id"

    rubric_id = fields.Many2one("jiandu.rubric", required=True, ondelete="cascade", index=True)
    section_id = fields.Many2one("jiandu.rubric.section", string="Section", ondelete="restrict",
                                 domain="[('rubric_id', '=', rubric_id)]")
    sequence = fields.Integer(default=10)
    code = fields.Char(required=True, help="Stable key, e.g. fewer_than_two_officers")
    name = fields.Char(string="Standard", required=True)
    deduction = fields.Float(string="Deduction per defect")
    max_deduction = fields.Float(string="Maximum deduction", help="Most the item may take off; 0: up to the section")
    veto = fields.Boolean(string="Veto item", help="一票否决: failing it makes the file unqualified whatever the score")
    legal_basis = fields.Char(string="Legal basis")

    _sql_constraints = [("code_unique", "unique(rubric_id, code)", "Item codes are unique within a rubric.")]

    @api.constrains("veto", "section_id", "deduction", "max_deduction")
    def _check_item(self):
        for item in self:
            if item.veto:
                continue
            if not item.section_id:
                raise ValidationError(_("Item %(name)s: a scored item belongs to a section.", name=item.name))
            if item.deduction <= 0 or item.max_deduction < 0:
                raise ValidationError(_("Item %(name)s: the deduction per defect must be positive.", name=item.name))


class JianduRubricGrade(models.Model):
    _name = "jiandu.rubric.grade"
    _description = "Grade"
    _order = "rubric_id, min_score desc"

    rubric_id = fields.Many2one("jiandu.rubric", required=True, ondelete="cascade", index=True)
    code = fields.Selection([("excellent", "Excellent"), ("good", "Good"), ("qualified", "Qualified"),
                             ("unqualified", "Unqualified")], required=True)
    name = fields.Char(string="Label", required=True, help="As the province writes it, e.g. 优秀")
    min_score = fields.Float(string="From score", required=True, help="Inclusive lower bound")
    failing = fields.Boolean(string="Unqualified grade", help="The grade of a vetoed file; not counted as qualified")
