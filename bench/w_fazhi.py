"""fazhi in-process: the data load (set-up + generator) and workloads W1–W5, W7 (own RSS)."""
import os
import time

from bench import common


def open_env(ctx, uid=None):
    from fazhi.config import config
    from fazhi.orm.api import Environment, SUPERUSER_ID
    from fazhi.orm.registry import Registry
    from fazhi.sql import backend_for
    config["data_dir"] = ctx["data_dir"]
    config["db_url"] = ctx["db_url"] or ""
    cr = backend_for(config).cursor(ctx["db"])
    Registry.for_cursor(cr)
    cr.transaction = None
    return Environment(cr, uid or SUPERUSER_ID, {"lang": "zh_CN", "tz": "Asia/Shanghai"})


def load(ctx):
    """Set up the master data once, then extend the cases to ``ctx['cases']``."""
    from bench import generate
    env = open_env(ctx)
    try:
        master = generate.setup_master_data(env)
        env.cr.commit()
        t0 = time.perf_counter()
        total = generate.extend_to(env, master, ctx["cases"], log=lambda m: print(m, flush=True))
        return {"master": master, "cases": total, "load_seconds": time.perf_counter() - t0}
    finally:
        env.cr.close()


def run(ctx):
    workloads = set(ctx["workloads"])
    env = open_env(ctx)
    clerk = env(user=ctx["master"]["clerks"][0])
    out = {}
    try:
        calendar = env["fuyi.calendar.day"]._work_calendar()
        if "W1" in workloads:
            out.update(w1(ctx, clerk))
        if "W2" in workloads:
            out.update(w2(ctx, clerk))
        if "W3" in workloads:
            out.update(w3(ctx, clerk))
        if "W4" in workloads:
            out.update(w4(ctx, env, calendar))
        if "W5" in workloads:
            out.update(w5(ctx, env))
        out["W7_inproc_rss_mb"] = common.rss_mb()
        out["W7_inproc_peak_mb"] = common.peak_rss_mb()
    finally:
        env.cr.close()
    return out


def _fresh(env):
    """Each measured call starts like a new request: an empty record cache."""
    def setup():
        env.invalidate_all()
    return setup


def w1(ctx, env):
    """Register applications through the ORM in batches: applicant, case, parties, review deadlines."""
    batches = common.intake_batches(ctx, ctx["w1_cases"])
    Partner = env["res.partner"]
    Case = env["fuyi.reconsideration"]
    cr = env.cr

    def scalar(sql):
        cr.execute(sql)
        return cr.fetchone()[0]
    rows_before = common.w1_row_count(scalar)
    n = 0
    t0 = time.perf_counter()
    for items in batches:
        partners = Partner.create([dict(p) for p, _c in items])
        vals = []
        for partner, (_p, case) in zip(partners, items):
            v = dict(case)
            v["party_ids"] = [(0, 0, {"partner_id": partner.id, "role": "applicant", "is_primary": True}),
                              (0, 0, {"partner_id": case["agency_id"], "role": "respondent"})]
            vals.append(v)
        Case.create(vals)
        env.flush_all()
        n += len(items)
    elapsed = time.perf_counter() - t0
    rows = common.w1_row_count(scalar) - rows_before
    cr.rollback()   # the data stays at the measured scale
    return {"W1_cases_per_s": n / elapsed, "W1_rows_per_case": rows / n}


def w2(ctx, env):
    p = common.w2_params(ctx)
    Case = env["fuyi.reconsideration"]
    out = {}
    for key, domain in (("W2", common.w2_domain(p)), ("W2b", common.w2b_domain(p))):
        seconds, rows = common.timed(lambda: Case.search_read(domain, common.W2_FIELDS, limit=80,
                                                              order=common.W2_ORDER), setup=_fresh(env))
        out[key + "_ms"] = seconds * 1000
        out[key + "_rows"] = len(rows)
    return out


def w3(ctx, env):
    Case = env["fuyi.reconsideration"]
    out = {}
    for key, groupby in (("W3a", ["state", "date_received:month"]), ("W3b", ["agency_id", "decision_type"])):
        seconds, groups = common.timed(lambda: Case.read_group([], [groupby[0]], groupby, lazy=False),
                                       setup=_fresh(env))
        out[key + "_ms"] = seconds * 1000
        out[key + "_groups"] = len(groups)
    return out


def w4(ctx, env, calendar):
    """All open deadlines due within N working days (overdue included), as the reminder sweep selects them."""
    Deadline = env["fuyi.deadline"]
    cutoff = common.w4_cutoff(ctx, calendar)
    domain = [("state", "=", "open"), ("due_date", "<=", cutoff.isoformat())]
    seconds, rows = common.timed(lambda: Deadline.search_read(domain, common.W4_FIELDS, order="due_date, id"),
                                 setup=_fresh(env), max_reps=20)
    out = {"W4_ms": seconds * 1000, "W4_rows": len(rows)}

    # for information: the cron's own selection, every open deadline and its reminder stage
    # (fuyi.deadline._cron_send_reminders without sending anything)
    stages = Deadline._reminder_stages()

    def cron_selection():
        reached = 0
        for deadline in Deadline.search([("state", "=", "open"), ("due_date", "!=", False)]):
            if deadline._current_stage(calendar, ctx["as_of"], stages) is not None:
                reached += 1
        return reached
    seconds, reached = common.timed(cron_selection, setup=_fresh(env), min_reps=1, max_reps=3, budget=0)
    out.update({"W4cron_ms": seconds * 1000, "W4cron_rows": reached})
    return out


def w5(ctx, env):
    """Decision documents (行政复议决定书, python-docx) generated per second on one core."""
    cases = env["fuyi.reconsideration"].search([("state", "=", "decided")], limit=common.W5_DOCUMENTS, order="id")
    Document = env["fuyi.document"]
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    for case in cases:
        Document.create({"case_id": case.case_id.id, "doc_type": "decision_document"}).action_generate()
    env.flush_all()
    wall = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    env.cr.rollback()
    return {"W5_docs_per_s": len(cases) / wall, "W5_docs_per_cpu_s": len(cases) / cpu if cpu else None,
            "W5_docs": len(cases)}


def profile(ctx, workload):
    """pyinstrument profile of one workload (bench/run --profile W2), as text."""
    from pyinstrument import Profiler
    env = open_env(ctx)
    clerk = env(user=ctx["master"]["clerks"][0])
    calendar = env["fuyi.calendar.day"]._work_calendar()
    func = {"W1": lambda: w1(ctx, clerk), "W2": lambda: w2(ctx, clerk), "W3": lambda: w3(ctx, clerk),
            "W4": lambda: w4(ctx, env, calendar), "W5": lambda: w5(ctx, env)}[workload]
    profiler = Profiler()
    profiler.start()
    try:
        func()
    finally:
        profiler.stop()
        env.cr.close()
    os.makedirs(ctx["out_dir"], exist_ok=True)
    path = os.path.join(ctx["out_dir"], "profile-%s-%s-%s.txt" % (workload, ctx["backend"], ctx["cases"]))
    with open(path, "w") as fp:
        fp.write(profiler.output_text(unicode=True, color=False, show_all=False))
    return {"profile": path}
