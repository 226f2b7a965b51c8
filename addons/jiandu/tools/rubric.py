"""案卷评查 scoring: a rubric is data (sections, items, floors, veto items, grade thresholds).

No national scoring standard exists (enforcement_supervision.md §4): provinces differ in points,
weights and cut-offs, so everything here is configuration; only the arithmetic is fixed:
deductions add up per section, a section never falls below its floor (no negative scores), and
any failed veto item (一票否决) makes the file unqualified whatever the score.
"""
from dataclasses import dataclass, field

VETO_UNQUALIFIED = "unqualified"   #: a veto makes the grade the failing one, the score stands
VETO_ZERO = "zero"                 #: a veto also sets the total to 0 (some provinces' rule)


class RubricError(ValueError):
    """A rubric or a score breaks a rule; ``rule`` names it for the user."""

    def __init__(self, rule, message):
        super().__init__(message)
        self.rule = rule


@dataclass(frozen=True)
class Section:
    code: str
    points: float          #: full marks of the section (e.g. appearance 20, content 80)
    floor: float = 0.0     #: the section never scores below this


@dataclass(frozen=True)
class Item:
    code: str
    section: str = ""            #: section code; veto items have none
    deduction: float = 0.0       #: points per defect
    max_deduction: float = 0.0   #: most this item may take off (0: up to the section's points)
    veto: bool = False           #: 一票否决: failing it makes the file unqualified


@dataclass(frozen=True)
class Grade:
    code: str
    min_score: float       #: inclusive lower bound


@dataclass(frozen=True)
class Rubric:
    sections: tuple
    items: tuple
    grades: tuple                      #: any order; the highest threshold met wins
    veto_effect: str = VETO_UNQUALIFIED
    fail_grade: str = "unqualified"    #: the grade a vetoed file gets

    def item(self, code):
        for item in self.items:
            if item.code == code:
                return item
        raise RubricError("unknown_item", "Item %r is not in this rubric" % code)

    def section(self, code):
        for section in self.sections:
            if section.code == code:
                return section
        raise RubricError("unknown_section", "Section %r is not in this rubric" % code)


@dataclass(frozen=True)
class Mark:
    """One reviewer entry: ``count`` defects found for an item (a veto item: failed when count > 0)."""

    item: str
    count: int = 1
    reason: str = ""


@dataclass(frozen=True)
class Score:
    sections: dict            #: section code → score after deductions and floor
    deductions: dict          #: section code → points deducted (before the floor)
    raw_total: float          #: sum of section scores
    total: float              #: raw_total, or 0 when a veto zeroes it
    vetoes: tuple             #: codes of failed veto items
    grade: str
    steps: tuple = field(default=())   #: how the total was reached, for the reviewer


def check_rubric(rubric):
    """Refuse a rubric that cannot score: duplicate codes, items without a section, grades missing."""
    codes = [s.code for s in rubric.sections]
    if len(set(codes)) != len(codes):
        raise RubricError("duplicate_section", "Section codes must be unique")
    items = [i.code for i in rubric.items]
    if len(set(items)) != len(items):
        raise RubricError("duplicate_item", "Item codes must be unique")
    for section in rubric.sections:
        if section.points <= 0 or not 0 <= section.floor <= section.points:
            raise RubricError("section_points", "Section %s: points must be positive and the floor "
                              "between 0 and the points" % section.code)
    for item in rubric.items:
        if item.veto:
            continue
        rubric.section(item.section)
        if item.deduction <= 0 or item.max_deduction < 0:
            raise RubricError("item_deduction", "Item %s: the deduction per defect must be positive" % item.code)
    if not rubric.grades:
        raise RubricError("no_grades", "A rubric needs grade thresholds")
    if rubric.fail_grade not in {g.code for g in rubric.grades}:
        raise RubricError("fail_grade", "The fail grade %r is not one of the grades" % rubric.fail_grade)
    if min(g.min_score for g in rubric.grades) > 0:
        raise RubricError("grade_gap", "The lowest grade threshold must be 0 so that every score has a grade")


def item_deduction(rubric, item, count):
    """Points ``count`` defects of ``item`` take off; refused outside the item's range."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise RubricError("item_range", "Item %s: the number of defects must be a whole number ≥ 0" % item.code)
    if item.veto:
        return 0.0
    points = item.deduction * count
    limit = item.max_deduction or rubric.section(item.section).points
    if points > limit + 1e-9:
        raise RubricError("item_range", "Item %s: %s points is more than the item allows (%s)"
                          % (item.code, _fmt(points), _fmt(limit)))
    return points


def grade_for(rubric, total):
    """The grade of the highest threshold ``total`` reaches."""
    for grade in sorted(rubric.grades, key=lambda g: g.min_score, reverse=True):
        if total >= grade.min_score - 1e-9:
            return grade.code
    return rubric.fail_grade


def score(rubric, marks):
    """Total, section scores, vetoes and grade of a file from the reviewer's ``marks``.

    Deductions are additive within a section; a section never goes below its floor
    (floor 0: no negative scores); a failed veto item makes the file unqualified.
    """
    deducted = {s.code: 0.0 for s in rubric.sections}
    vetoes, steps = [], []
    for mark in marks:
        item = rubric.item(mark.item)
        if item.veto:
            if mark.count:
                if not (mark.reason or "").strip():
                    raise RubricError("veto_reason", "Veto item %s needs a reason" % item.code)
                vetoes.append(item.code)
                steps.append("Veto item %s failed: %s" % (item.code, mark.reason.strip()))
            continue
        points = item_deduction(rubric, item, mark.count)
        if points:
            deducted[item.section] += points
            steps.append("%s: %d × %s = −%s" % (item.code, mark.count, _fmt(item.deduction), _fmt(points)))
    sections = {}
    for section in rubric.sections:
        value = max(section.floor, section.points - deducted[section.code])
        sections[section.code] = round(value, 2)
        steps.append("Section %s: %s − %s = %s%s" % (
            section.code, _fmt(section.points), _fmt(deducted[section.code]), _fmt(value),
            " (floor)" if section.points - deducted[section.code] < section.floor else ""))
    raw_total = round(sum(sections.values()), 2)
    total = 0.0 if vetoes and rubric.veto_effect == VETO_ZERO else raw_total
    grade = rubric.fail_grade if vetoes else grade_for(rubric, total)
    steps.append("Total %s, grade %s%s" % (_fmt(total), grade, " (veto)" if vetoes else ""))
    return Score(sections, {k: round(v, 2) for k, v in deducted.items()}, raw_total, total, tuple(vetoes), grade,
                 tuple(steps))


def disputed(first, second, tolerance):
    """Two reviewers disagree: a different grade, a different veto, or totals further apart than ``tolerance``."""
    return (first.grade != second.grade or set(first.vetoes) != set(second.vetoes)
            or abs(first.total - second.total) > tolerance + 1e-9)


def _fmt(value):
    return ("%.2f" % value).rstrip("0").rstrip(".")
