"""What every benchmark process shares: the run context, timing, the workloads' parameters."""
import datetime
import importlib.util
import json
import os
import random
import resource
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

W1_CASES = {"quick": 100, "default": 500}   #: cases created by W1 (in batches of W1_BATCH)
W1_BATCH = 50
W5_DOCUMENTS = 20
W6_SECONDS = 8.0
OPEN_STATES = ["review", "correction", "accepted", "suspended"]


def load_context(path):
    with open(path) as fp:
        ctx = json.load(fp)
    ctx["as_of"] = datetime.date.fromisoformat(ctx["as_of"])
    return ctx


def emit(result):
    """A worker process's answer: one JSON line on stdout, after a marker."""
    sys.stdout.write("BENCH-RESULT " + json.dumps(result, default=str) + "\n")
    sys.stdout.flush()


def rss_mb(pid="self"):
    try:
        with open("/proc/%s/status" % pid) as fp:
            for line in fp:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def timed(func, min_reps=5, max_reps=50, budget=3.0, setup=None):
    """Median wall time of ``func()`` in seconds (after one warm-up call) and the last result."""
    if setup:
        setup()
    result = func()
    times = []
    started = time.perf_counter()
    while len(times) < max_reps and (len(times) < min_reps or time.perf_counter() - started < budget):
        if setup:
            setup()
        t0 = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def fuyi_tools():
    """tools.identifiers and tools.periods of fuyi_case, without loading the addon (for the peers)."""
    name = "bench_fuyi_tools"
    if name not in sys.modules:
        path = os.path.join(ROOT, "addons", "fuyi_case", "tools", "__init__.py")
        spec = importlib.util.spec_from_file_location(name, path, submodule_search_locations=[os.path.dirname(path)])
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    pkg = sys.modules[name]
    return pkg.identifiers, pkg.periods, pkg.workdays


def work_calendar(rows):
    """A WorkCalendar from (date, kind) rows of fuyi_calendar_day, as the addon builds it."""
    _identifiers, _periods, workdays = fuyi_tools()
    days = [(datetime.date.fromisoformat(str(d)[:10]), kind) for d, kind in rows]
    return workdays.WorkCalendar(days, {d.year for d, _k in days})


# ------------------------------------------------------------------ workload parameters
def w2_params(ctx):
    """A clerk's list: one agency, three years received, open, overdue; ordered by due date."""
    as_of = ctx["as_of"]
    return {"agency_id": ctx["master"]["agencies"][0][0], "date_from": as_of - datetime.timedelta(days=3 * 365),
            "date_to": as_of, "states": OPEN_STATES, "overdue_before": as_of}


def w2_domain(p):
    return [("state", "in", p["states"]), ("agency_id", "=", p["agency_id"]),
            ("date_received", ">=", p["date_from"].isoformat()), ("date_received", "<=", p["date_to"].isoformat()),
            ("next_due_date", "<", p["overdue_before"].isoformat())]


def w2b_domain(p):
    """The same list without the overdue filter and with decided cases: always a full page of 80."""
    return [("state", "in", p["states"] + ["decided"]), ("agency_id", "=", p["agency_id"]),
            ("date_received", ">=", p["date_from"].isoformat()), ("date_received", "<=", p["date_to"].isoformat())]


W2_FIELDS = ["name", "date_received", "applicant_names", "agency_id", "procedure", "next_due_date", "user_id", "state"]
W2_ORDER = "next_due_date, id"
W4_WORKING_DAYS = 3   #: the earliest reminder stage (fuyi_deadline_reminder.DEFAULT_STAGES)
W4_FIELDS = ["name", "kind", "legal_basis", "due_date", "case_id", "user_id"]


def w4_cutoff(ctx, calendar):
    _identifiers, periods, _workdays = fuyi_tools()
    return periods.add_working_days(calendar, ctx["as_of"], W4_WORKING_DAYS).date


# ------------------------------------------------------------------ W1 input, shared by all contenders
def intake_batches(ctx, count, batch=W1_BATCH, seed=4242):
    """The applications W1 registers: per case an applicant (new partner) and the case values.

    Received dates lie in 2026 before the benchmark's today, so every period is computable.
    """
    identifiers, _periods, _workdays = fuyi_tools()
    from bench import generate
    rng = random.Random(seed)
    agencies = ctx["master"]["agencies"]
    acts = ctx["master"]["acts"]
    start = datetime.date(2026, 1, 5)
    span = (ctx["as_of"] - start).days - 10
    out = []
    for b in range(0, count, batch):
        items = []
        for _i in range(min(batch, count - b)):
            agency_id, key = agencies[rng.randrange(len(agencies))]
            act, kind, real_estate = rng.choice(acts.get(key) or [["行政处罚决定", "person", False]])
            if kind == "organisation":
                partner = {"name": generate.org_name(rng), "party_kind": "organisation", "is_company": True,
                           "uscc": generate.uscc(rng, identifiers)}
            else:
                partner = {"name": generate.person_name(rng), "party_kind": "person",
                           "id_number": generate.id_number(rng, identifiers)}
            received = start + datetime.timedelta(days=rng.randrange(span))
            known = received - datetime.timedelta(days=rng.randint(3, 40))
            case = {"agency_id": agency_id, "title": act, "act_description": act, "act_real_estate": real_estate,
                    "act_date": known - datetime.timedelta(days=rng.randint(0, 5)), "act_known_date": known,
                    "date_received": received, "channel": rng.choice(["in_person", "online", "post"]),
                    "request": "请求撤销被申请人作出的%s。" % act,
                    "facts_reasons": "申请人认为被申请人认定事实不清、证据不足。",
                    "user_id": ctx["master"]["clerks"][rng.randrange(len(ctx["master"]["clerks"]))]}
            items.append((partner, case))
        out.append(items)
    return out


W1_TABLES = ("res_partner", "fuyi_case", "fuyi_reconsideration", "fuyi_case_party", "fuyi_deadline")


def w1_row_count(scalar):
    """Rows in the tables every contender's intake writes (7 per case: applicant, case,
    reconsideration, two parties, two deadlines); ``scalar(sql)`` runs one COUNT in the
    contender's own transaction. Counted before and after W1, outside the timing, so that the
    results show that all contenders wrote the same rows."""
    return sum(scalar("SELECT count(*) FROM %s" % table) for table in W1_TABLES)


REVIEW_DEADLINES = [  # what fuyi.reconsideration.create opens (ARL Arts. 30, 31)
    ("acceptance_review", "Acceptance review", "ARL Art. 30 para 1"),
    ("correction_notice", "Correction notice", "ARL Art. 31 para 1"),
]


def review_deadline_rows(calendar, received):
    """The two 5-working-day deadlines of a new application, with due date and explanation."""
    _identifiers, periods, _workdays = fuyi_tools()
    rows = []
    for kind, name, basis in REVIEW_DEADLINES:
        due = periods.compute_due(calendar, received, 5, "working_day")
        rows.append({"kind": kind, "name": name, "legal_basis": basis, "start_event": "application received",
                     "start_date": received, "length": 5, "unit": "working_day", "due_date": due.date,
                     "provisional": due.provisional,
                     "explanation": "\n".join(["%s (%s): 5 Working days from %s." % (name, basis, received)]
                                              + list(due.steps))})
    return rows


def case_number(seq, year, number):
    return "%s%0*d%s" % (seq["prefix"].replace("%(range_year)s", str(year)), seq["padding"], number,
                         seq["suffix"].replace("%(range_year)s", str(year)))
