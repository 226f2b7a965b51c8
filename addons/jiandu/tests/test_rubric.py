"""Rubric scoring (tools/rubric.py): enforcement_supervision.md §4 and worked examples E8, E9, E11."""
from flectra.tests import BaseCase

from ..tools.rubric import Grade, Item, Mark, Rubric, RubricError, Section, VETO_ZERO, check_rubric, disputed, score

GRADES = (Grade("excellent", 90), Grade("good", 80), Grade("qualified", 60), Grade("unqualified", 0))


def ministerial_rubric(grades=GRADES, veto_effect="unqualified"):
    """The ministerial example: appearance 20 + content 80, per-defect deductions, floor 0."""
    return Rubric(
        sections=(Section("appearance", 20), Section("content", 80)),
        items=(Item("index_order", "appearance", 1, 2), Item("unpaginated_page", "appearance", 1, 5),
               Item("remedy_period_missing", "content", 4, 4), Item("evidence_gap", "content", 10, 40),
               Item("fewer_than_two_officers", veto=True), Item("no_legal_review", veto=True)),
        grades=grades, veto_effect=veto_effect)


class TestRubricScore(BaseCase):

    def test_e11_additive_deductions_per_section(self):
        """E11: index out of order −1, 2 unpaginated pages −1 each, no remedy period −4: 17 + 76 = 93."""
        result = score(ministerial_rubric(), [Mark("index_order"), Mark("unpaginated_page", 2),
                                              Mark("remedy_period_missing")])
        self.assertEqual(result.sections, {"appearance": 17, "content": 76})
        self.assertEqual(result.total, 93)
        self.assertEqual(result.grade, "excellent")
        self.assertFalse(result.vetoes)

    def test_e11_grade_follows_the_configured_thresholds(self):
        """The same 93 points are only 'good' where excellent starts at 95."""
        rubric = ministerial_rubric(grades=(Grade("excellent", 95), Grade("good", 85), Grade("qualified", 70),
                                            Grade("unqualified", 0)))
        result = score(rubric, [Mark("index_order"), Mark("unpaginated_page", 2), Mark("remedy_period_missing")])
        self.assertEqual((result.total, result.grade), (93, "good"))

    def test_a_section_never_goes_below_its_floor(self):
        """Floor 0: 5 evidence gaps (−50, capped by the item at 40... here 4 × 10) and more never go negative."""
        rubric = Rubric(sections=(Section("content", 30),), items=(Item("evidence_gap", "content", 10, 40),),
                        grades=GRADES)
        result = score(rubric, [Mark("evidence_gap", 4)])
        self.assertEqual(result.deductions["content"], 40)
        self.assertEqual(result.sections["content"], 0)

    def test_a_deduction_outside_the_items_range_is_refused(self):
        """3 × −4 is more than the item's maximum of 4: refused, naming the rule."""
        with self.assertRaises(RubricError) as ctx:
            score(ministerial_rubric(), [Mark("remedy_period_missing", 3)])
        self.assertEqual(ctx.exception.rule, "item_range")
        with self.assertRaises(RubricError):
            score(ministerial_rubric(), [Mark("index_order", -1)])

    def test_e8_one_officer_is_a_veto_whatever_the_score(self):
        """E8: a perfect file with only one officer signing is unqualified (APL Art. 42)."""
        result = score(ministerial_rubric(), [Mark("fewer_than_two_officers", 1, "only 张三 signed the record")])
        self.assertEqual(result.total, 100)
        self.assertEqual(result.grade, "unqualified")
        self.assertEqual(result.vetoes, ("fewer_than_two_officers",))

    def test_e9_missing_legal_review_vetoes_and_may_zero_the_score(self):
        """E9 under a rubric where a veto scores 0."""
        result = score(ministerial_rubric(veto_effect=VETO_ZERO),
                       [Mark("no_legal_review", 1, "licence revoked after a hearing, no legal review")])
        self.assertEqual((result.raw_total, result.total, result.grade), (100, 0, "unqualified"))

    def test_a_veto_needs_a_reason(self):
        with self.assertRaises(RubricError) as ctx:
            score(ministerial_rubric(), [Mark("no_legal_review", 1, "  ")])
        self.assertEqual(ctx.exception.rule, "veto_reason")

    def test_a_veto_item_not_failed_changes_nothing(self):
        result = score(ministerial_rubric(), [Mark("no_legal_review", 0)])
        self.assertEqual((result.total, result.grade), (100, "excellent"))

    def test_unknown_item_is_refused(self):
        with self.assertRaises(RubricError):
            score(ministerial_rubric(), [Mark("no_such_item")])


class TestRubricConfiguration(BaseCase):

    def test_a_valid_rubric_passes(self):
        check_rubric(ministerial_rubric())

    def test_grades_must_cover_zero(self):
        with self.assertRaises(RubricError) as ctx:
            check_rubric(ministerial_rubric(grades=(Grade("excellent", 90), Grade("unqualified", 60))))
        self.assertEqual(ctx.exception.rule, "grade_gap")

    def test_an_item_in_an_unknown_section_is_refused(self):
        rubric = Rubric(sections=(Section("content", 80),), items=(Item("x", "appearance", 1),), grades=GRADES)
        with self.assertRaises(RubricError):
            check_rubric(rubric)

    def test_floor_above_points_is_refused(self):
        rubric = Rubric(sections=(Section("content", 80, 90),), items=(), grades=GRADES)
        with self.assertRaises(RubricError):
            check_rubric(rubric)


class TestDispute(BaseCase):

    def test_reviewers_disagreeing_on_grade_or_veto_or_beyond_tolerance_dispute(self):
        rubric = ministerial_rubric()
        clean = score(rubric, [])
        minus_4 = score(rubric, [Mark("remedy_period_missing")])
        minus_20 = score(rubric, [Mark("evidence_gap", 2)])
        vetoed = score(rubric, [Mark("no_legal_review", 1, "none")])
        self.assertFalse(disputed(clean, minus_4, tolerance=5))
        self.assertTrue(disputed(clean, minus_20, tolerance=5))
        self.assertTrue(disputed(clean, vetoed, tolerance=50))
