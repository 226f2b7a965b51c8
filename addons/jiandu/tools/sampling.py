"""抽样 and 交叉评查: which files a campaign reviews, and who reviews each.

Every draw is a pure function of the population, the plan and a recorded seed, so anyone can
re-run it and get the same sample (auditable); the population is sorted by id first, so the
order the database returns rows in does not matter.
"""
import math
import random
from collections import namedtuple

Unit = namedtuple("Unit", "id agency weight")            #: a file that may be drawn
Reviewer = namedtuple("Reviewer", "id agencies")        #: agencies: the reviewer's own agencies (a set)

RISK_BASE = 1.0                   #: every agency's weight before its record counts
RISK_PER_CORRECTION = 1.0         #: per act revoked, varied or confirmed illegal in reconsideration
RISK_PER_COURT_LOSS = 1.0         #: per lawsuit lost


class SamplingError(ValueError):
    def __init__(self, rule, message):
        super().__init__(message)
        self.rule = rule


def sample_size(population, rate=None, count=None, minimum=1):
    """How many of ``population`` files to draw: a fixed count or a rate (rounded up), at least
    ``minimum`` when there is anything to draw, never more than there is."""
    if population <= 0:
        return 0
    if count is not None and count > 0:
        wanted = count
    elif rate is not None and rate > 0:
        if rate > 1:
            raise SamplingError("rate", "The sampling rate must be between 0 and 1")
        wanted = math.ceil(population * rate - 1e-9)
    else:
        raise SamplingError("size", "A sampling plan needs a rate or a count")
    return min(population, max(wanted, minimum))


def agency_risk_weight(corrections=0, court_losses=0):
    """Risk weight of an agency: more of its acts corrected in reconsideration or lost in court,
    more likely its files are drawn."""
    return RISK_BASE + RISK_PER_CORRECTION * corrections + RISK_PER_COURT_LOSS * court_losses


def draw(units, size, seed, weighted=False):
    """``size`` unit ids drawn without replacement, reproducible from ``seed``.

    Plain draws are uniform; weighted draws take each unit with odds proportional to its weight
    (Efraimidis–Spirakis keys u^(1/w): one pass, exact, and still a function of the seed).
    """
    if size < 0:
        raise SamplingError("size", "The sample size cannot be negative")
    ordered = sorted(units, key=lambda u: u.id)
    if size >= len(ordered):
        return [u.id for u in ordered]
    rng = random.Random(str(seed))
    if not weighted:
        return sorted(rng.sample([u.id for u in ordered], size))
    keyed = []
    for unit in ordered:
        if unit.weight <= 0:
            raise SamplingError("weight", "Unit %s has no positive weight" % unit.id)
        keyed.append((rng.random() ** (1.0 / unit.weight), unit.id))
    keyed.sort(reverse=True)
    return sorted(unit_id for _key, unit_id in keyed[:size])


def draw_per_agency(units, seed, rate=None, count=None, weighted=False, minimum=1):
    """A draw in each agency (stratified): every agency in scope is reviewed."""
    by_agency = {}
    for unit in units:
        by_agency.setdefault(unit.agency, []).append(unit)
    chosen = []
    for agency in sorted(by_agency, key=str):
        group = by_agency[agency]
        size = sample_size(len(group), rate=rate, count=count, minimum=minimum)
        chosen += draw(group, size, "%s/%s" % (seed, agency), weighted=weighted)
    return sorted(chosen)


def assign_reviewers(files, reviewers, per_file=1, seed=0):
    """Cross review: {file id: [reviewer ids]}; a reviewer never gets a file of their own agency.

    ``files`` are Units (id, agency). Load is balanced (the least loaded eligible reviewer first;
    ties broken by a seeded shuffle so the assignment is reproducible but not alphabetical).
    """
    rng = random.Random("assign/%s" % seed)
    pool = sorted(reviewers, key=lambda r: r.id)
    rng.shuffle(pool)
    rank = {reviewer.id: index for index, reviewer in enumerate(pool)}
    load = {reviewer.id: 0 for reviewer in pool}
    result = {}
    for unit in sorted(files, key=lambda u: u.id):
        eligible = [r for r in pool if unit.agency not in r.agencies]
        if len(eligible) < per_file:
            raise SamplingError("cross_review", "File %s: only %d reviewer(s) outside its agency, %d needed"
                                % (unit.id, len(eligible), per_file))
        eligible.sort(key=lambda r: (load[r.id], rank[r.id]))
        picked = eligible[:per_file]
        for reviewer in picked:
            load[reviewer.id] += 1
        result[unit.id] = [r.id for r in picked]
    return result


def conflict(reviewer_agencies, file_agency):
    """A reviewer from the file's own agency may not review it (cross review)."""
    return file_agency in set(reviewer_agencies)
