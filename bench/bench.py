"""The benchmark driver: databases, data, every contender in its own process, the table, the results file.

Run through ``bench/run`` (which provides the PostgreSQL cluster and the packages); see bench/README.md.
"""
import argparse
import datetime
import json
import math
import os
import platform
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from bench import common, generate  # noqa: E402

ADMIN_PASSWORD = "bench-admin-password"
SCALES = {"1k": 1000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}
ALL_WORKLOADS = ["W1", "W2", "W3", "W4", "W5", "W6", "W7"]
PEERS = ("sqlalchemy", "django")
PEER_MAX_CASES = 100_000   #: peers run W1–W3 at 10k and 100k (issue 7)
PROFILE_DIR = os.path.join(ROOT, "bench", "results", "profiles")

#: (key, label, better, target) — target: ("raw", x) ≤ x × raw; ("peer", x) ≥ x × best peer;
#: ("max", v) / ("min", v) absolute; None: for information
METRICS = [
    ("W1_cases_per_s", "W1 intake, cases/s", "high", ("peer", 1.0)),
    ("W2_ms", "W2 list (overdue), ms", "low", ("raw", 2.0)),
    ("W2b_ms", "W2b list (page of 80), ms", "low", ("raw", 2.0)),
    ("W2rpc_ms", "W2 over RPC (odoorpc), ms", "low", None),
    ("W3a_ms", "W3a read_group state×month, ms", "low", ("raw", 1.5)),
    ("W3b_ms", "W3b read_group agency×decision, ms", "low", ("raw", 1.5)),
    ("W4_ms", "W4 deadline sweep, ms", "low", ("max", 1000.0)),
    ("W4cron_ms", "W4 cron selection (info), ms", "low", None),
    ("W5_docs_per_cpu_s", "W5 decision documents/s/core", "high", ("min", 50.0)),
    ("W6_reads_per_s", "W6 RPC reads/s, 1 worker", "high", ("min", 60.0)),
    ("W6_2w_reads_per_s", "W6 RPC reads/s, 2 workers (info)", "high", None),
    ("W7_server_rss_mb", "W7 server RSS, MB", "low", ("max", 250.0)),
    ("W7_inproc_rss_mb", "W7 in-process RSS after W1–W5, MB", "low", None),
]


def log(msg):
    print(msg, flush=True)


def fazhi_cmd(backend, data_dir, db_url):
    cmd = [sys.executable, "-m", "fazhi.cli", "--data-dir", data_dir]
    if backend == "postgresql":
        cmd += ["--db-url", db_url]
    return cmd


def worker(kind, ctx, ctx_path):
    with open(ctx_path, "w") as fp:
        json.dump(ctx, fp, default=str)
    proc = subprocess.run([sys.executable, "-m", "bench.worker", kind, ctx_path], cwd=ROOT, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    result = None
    for line in proc.stdout.splitlines():
        if line.startswith("BENCH-RESULT "):
            result = json.loads(line[len("BENCH-RESULT "):])
        elif line.strip():
            log("    " + line)
    if proc.returncode or result is None:
        log("    %s failed (exit %s):\n%s" % (kind, proc.returncode, proc.stderr[-3000:]))
        return None
    return result


def _median_figures(runs):
    """Each figure's median over the rounds (non-numeric values from the first round)."""
    out = dict(runs[0]) if runs else {}
    for key in out:
        values = sorted(r[key] for r in runs if isinstance(r.get(key), (int, float)) and not isinstance(r[key], bool))
        if values and len(values) == len(runs):
            out[key] = statistics.median(values)
    return out


# ------------------------------------------------------------------ the server (W2 over RPC, W6, W7)
def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def descendants(pid):
    """pid and every process below it (from /proc)."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as fp:
                    ppid = int(fp.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


class Server:
    def __init__(self, backend, data_dir, db_url, workers):
        self.port = free_port()
        env = dict(os.environ, FAZHI_BROKER_URL="")
        cmd = fazhi_cmd(backend, data_dir, db_url) + ["serve", "-d", "bench", "--workers", str(workers),
                                                      "--port", str(self.port), "--no-database-manager"]
        self.log = open(os.path.join(data_dir, "server-%d.log" % self.port), "w")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError("fazhi serve exited (see %s)" % self.log.name)
                time.sleep(0.3)
        else:
            raise RuntimeError("fazhi serve did not listen on %d" % self.port)

    def rss(self):
        """(total RSS of the server's processes, largest single process) in MB."""
        values = [common.rss_mb(p) or 0.0 for p in descendants(self.proc.pid)]
        return sum(values), max(values)

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)   # our own session: serve and its gunicorn workers
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        self.log.close()


def rpc_login(port):
    import odoorpc
    odoo = odoorpc.ODOO("127.0.0.1", port=port, timeout=300)
    odoo.login("bench", "bench_clerk1", generate.CLERK_PASSWORD)
    return odoo


def rpc_workloads(ctx, backend, data_dir, db_url, workloads):
    ctx = dict(ctx, as_of=generate.AS_OF)
    out = {}
    server = Server(backend, data_dir, db_url, workers=1)
    try:
        odoo = rpc_login(server.port)
        Case = odoo.env["fuyi.reconsideration"]
        if "W2" in workloads:
            domain = common.w2_domain(common.w2_params(ctx))
            seconds, rows = common.timed(lambda: odoo.execute_kw(
                "fuyi.reconsideration", "search_read", [domain],
                {"fields": common.W2_FIELDS, "limit": 80, "order": common.W2_ORDER}))
            out["W2rpc_ms"] = seconds * 1000
        ids = Case.search([], limit=500)
        if "W6" in workloads:
            out["W6_reads_per_s"] = read_rate(odoo, ids)
        out["W7_server_rss_mb"], out["W7_server_largest_mb"] = server.rss()
    finally:
        server.stop()
    if "W6" in workloads:
        server = Server(backend, data_dir, db_url, workers=2)
        try:
            out["W6_2w_reads_per_s"] = read_rate(rpc_login(server.port), ids, clients=2)
        finally:
            server.stop()
    return out


def read_rate(odoo, ids, clients=1):
    """odoorpc read() calls per second: one record, the list view's fields, for W6_SECONDS."""
    import threading
    counts = [0] * clients
    stop = time.perf_counter() + common.W6_SECONDS
    odoo.execute_kw("fuyi.reconsideration", "read", [ids[:1], common.W2_FIELDS])  # warm-up

    def client(k, conn):
        i = k
        while time.perf_counter() < stop:
            conn.execute_kw("fuyi.reconsideration", "read", [[ids[i % len(ids)]], common.W2_FIELDS])
            counts[k] += 1
            i += clients
    conns = [odoo] + [rpc_login(odoo.port) for _ in range(clients - 1)]
    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k, conns[k])) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.perf_counter() - started)


# ------------------------------------------------------------------ one backend
def run_backend(backend, args, results):
    data_dir = os.path.join(args.work_dir, backend)
    os.makedirs(data_dir, exist_ok=True)
    db_url = args.pg_url if backend == "postgresql" else ""
    env = dict(os.environ, FAZHI_ADMIN_PASSWORD=ADMIN_PASSWORD)
    log("== %s: fazhi db create bench --install fuyi_case" % backend)
    subprocess.run(fazhi_cmd(backend, data_dir, db_url) + ["db", "create", "bench", "--install", "fuyi_case"],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    ctx = {"as_of": generate.AS_OF.isoformat(), "data_dir": data_dir, "db_url": db_url, "db": "bench",
           "backend": backend, "workloads": args.workloads, "out_dir": PROFILE_DIR,
           "w1_cases": common.W1_CASES["quick" if args.quick else "default"]}
    ctx_path = os.path.join(data_dir, "context.json")
    for label, cases in args.scales:
        log("== %s, %s cases: loading" % (backend, label))
        ctx["cases"] = cases
        loaded = worker("load", ctx, ctx_path)
        if loaded is None:
            raise SystemExit("bench: the data load failed on %s" % backend)
        ctx["master"] = loaded["master"]
        log("   %d cases in the database (load %.1f s)" % (loaded["cases"], loaded["load_seconds"]))
        cell = results.setdefault(backend, {}).setdefault(label, {"cases": cases, "load_seconds":
                                                                  loaded["load_seconds"]})
        kinds = [kind for kind in ("fazhi", "raw") + (PEERS if cases <= PEER_MAX_CASES else ())
                 if kind not in PEERS or set(args.workloads) & {"W1", "W2", "W3"}]
        rounds = {kind: [] for kind in kinds}
        for round_no in range(args.rounds):
            # rounds interleave the contenders: the load of a shared machine, which moves from
            # minute to minute, falls on all of them alike
            for kind in kinds:
                log("== %s, %s: %s%s" % (backend, label, kind,
                                         " (round %d of %d)" % (round_no + 1, args.rounds) if args.rounds > 1 else ""))
                started = time.perf_counter()
                rounds[kind].append(worker(kind, ctx, ctx_path) or {})
                log("   %.0f s: %s" % (time.perf_counter() - started, _brief(rounds[kind][-1])))
        for kind in kinds:
            cell[kind] = _median_figures(rounds[kind])
        if set(args.workloads) & {"W2", "W6", "W7"}:
            log("== %s, %s: server (odoorpc)" % (backend, label))
            try:
                rpc = rpc_workloads(ctx, backend, data_dir, db_url, set(args.workloads))
            except Exception as exc:  # a failed server run must not lose the other figures
                log("   server workloads failed: %s" % exc)
                rpc = {}
            cell["fazhi"].update(rpc)
            log("   " + _brief(rpc))
        for workload in args.profile:
            log("== %s, %s: profile %s" % (backend, label, workload))
            worker("profile:" + workload, ctx, ctx_path)
        _save_partial(args, results)


def _brief(d):
    return ", ".join("%s=%.3g" % (k, v) for k, v in sorted(d.items()) if isinstance(v, (int, float)))


def _save_partial(args, results):
    with open(os.path.join(args.work_dir, "partial.json"), "w") as fp:
        json.dump(results, fp, default=str, indent=1)


# ------------------------------------------------------------------ the table
def fmt(v):
    if v is None:
        return "–"
    if isinstance(v, str):
        return v
    if v >= 100:
        return "%.0f" % v
    if v >= 10:
        return "%.1f" % v
    return "%.2f" % v


def evaluate(metric, fazhi, raw, peers, scale_label, backend):
    key, _label, better, target = metric
    f = fazhi.get(key)
    r = raw.get(key)
    peer_values = {name: p.get(key) for name, p in peers.items() if p.get(key) is not None}
    best_name, best = None, None
    if peer_values:
        pick = min if better == "low" else max
        best_name = pick(peer_values, key=peer_values.get)
        best = peer_values[best_name]
    ratio_raw = f / r if f is not None and r else None
    ratio_peer = f / best if f is not None and best else None
    verdict = ""
    if target and f is not None:
        kind, value = target
        if kind == "raw" and ratio_raw is not None:
            verdict = "ok" if ratio_raw <= value else "MISSED"
        elif kind == "peer" and ratio_peer is not None:
            verdict = "ok" if ratio_peer >= value else "MISSED"
        elif kind == "max":
            applies = key != "W4_ms" and key != "W7_server_rss_mb" or (scale_label == "1m" and backend == "postgresql")
            verdict = ("ok" if f <= value else "MISSED") if applies else ("(≤%g at 1M: %s)" % (
                value, "on course" if f <= value else "over"))
        elif kind == "min":
            verdict = "ok" if f >= value else "MISSED"
    return f, r, peer_values, best_name, ratio_raw, ratio_peer, verdict


def target_text(target):
    if not target:
        return "info"
    kind, value = target
    return {"raw": "≤ %g× raw" % value, "peer": "≥ best peer", "max": "≤ %g" % value,
            "min": "≥ %g" % value}[kind]


def exponent(points):
    """Slope of log(value) against log(cases): 1.0 = linear growth, 0 = flat."""
    pts = [(math.log(c), math.log(v)) for c, v in points if v and v > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    den = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / den if den else None


def render(results, meta):
    lines = ["# fazhi benchmarks — %s" % meta["date"], ""]
    lines += ["- machine: %s" % meta["machine"], "- commit: %s" % meta["commit"],
              "- software: %s" % meta["software"], "- scales: %s; W1 creates %s cases per run (rolled back)"
              % (", ".join(meta["scales"]), meta["w1_cases"]), "- wall time: %s" % meta["wall"]]
    if meta.get("load"):
        lines.append("- machine load: %s" % meta["load"])
    if meta.get("rounds", 1) > 1:
        lines.append("- in-process figures: median of %d interleaved rounds" % meta["rounds"])
    lines.append("")
    lines += ["Ratios are fazhi's figure divided by the other's: for times (ms) above 1 means fazhi is slower, "
              "for rates (/s) below 1 means fazhi is slower. Peers are SQLAlchemy (sa) and Django (dj) ORM "
              "models of the same tables; raw is hand-written SQL through sqlite3/psycopg2.", ""]
    for backend, by_scale in results.items():
        for label, cell in by_scale.items():
            lines.append("## %s, %s cases" % (backend, label))
            lines.append("")
            lines.append("| workload | fazhi | raw | sa | dj | fazhi/raw | fazhi/best peer | target | |")
            lines.append("|---|---|---|---|---|---|---|---|---|")
            fazhi, raw = cell.get("fazhi", {}), cell.get("raw", {})
            peers = {"sa": cell.get("sqlalchemy", {}), "dj": cell.get("django", {})}
            for metric in METRICS:
                f, r, pv, _best, rr, rp, verdict = evaluate(metric, fazhi, raw, peers, label, backend)
                if f is None and r is None and not pv:
                    continue
                lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                    metric[1], fmt(f), fmt(r), fmt(pv.get("sa")), fmt(pv.get("dj")), fmt(rr), fmt(rp),
                    target_text(metric[3]), verdict))
            rows = ", ".join("%s %s" % (k.split("_")[0], fazhi[k]) for k in sorted(fazhi) if k.endswith("_rows"))
            lines.append("")
            lines.append("Rows returned: %s. Load of the generated data: %.0f s." % (rows, cell.get("load_seconds", 0)))
            written = ", ".join("%s %g" % (short, cell.get(kind, {})["W1_rows_per_case"])
                                for kind, short in (("fazhi", "fazhi"), ("raw", "raw"), ("sqlalchemy", "sa"),
                                                    ("django", "dj")) if "W1_rows_per_case" in cell.get(kind, {}))
            if written:
                lines.append("W1 rows written per case in the intake tables (%s): %s." % (
                    ", ".join(common.W1_TABLES), written))
            lines.append("")
        if len(by_scale) > 1:
            lines.append("## %s: growth exponent (fit of log figure on log cases, %s)" % (backend, " → ".join(by_scale)))
            lines.append("")
            lines.append("| workload | fazhi | raw |")
            lines.append("|---|---|---|")
            for key, label, _better, _t in METRICS:
                ef = exponent([(c["cases"], c.get("fazhi", {}).get(key)) for c in by_scale.values()])
                er = exponent([(c["cases"], c.get("raw", {}).get(key)) for c in by_scale.values()])
                if ef is not None or er is not None:
                    lines.append("| %s | %s | %s |" % (label, fmt(ef), fmt(er)))
            lines.append("")
    return "\n".join(lines) + "\n"


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as fp:
            cpu = next(line.split(":", 1)[1].strip() for line in fp if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as fp:
            mem = "%.0f GB RAM" % (int(fp.readline().split()[1]) / 1024 / 1024)
    except OSError:
        pass
    return "%s, %d cores, %s, %s" % (cpu or platform.processor(), os.cpu_count() or 0, mem, platform.platform())


def software(pg_version):
    import importlib.metadata as md
    parts = ["Python %s" % platform.python_version(), "SQLite %s" % sqlite3.sqlite_version]
    if pg_version:
        parts.append("PostgreSQL %s" % pg_version)
    for dist in ("SQLAlchemy", "Django", "psycopg2-binary", "gunicorn", "python-docx"):
        try:
            parts.append("%s %s" % (dist, md.version(dist)))
        except md.PackageNotFoundError:
            pass
    return ", ".join(parts)


def commit():
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
        return sha + ("+uncommitted changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv=None):
    parser = argparse.ArgumentParser(prog="bench/run", description="fazhi benchmarks (issue 7)")
    parser.add_argument("--scales", default="10k,100k", help="comma-separated: 1k, 10k, 100k, 1m")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--workloads", default=",".join(ALL_WORKLOADS))
    parser.add_argument("--quick", action="store_true", help="1k cases, a short W1: a smoke run")
    parser.add_argument("--profile", default="", help="workloads to profile with pyinstrument, e.g. W2,W3")
    parser.add_argument("--no-save", action="store_true", help="print the table, write no results file")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run the in-process contenders N times, interleaved, and keep each figure's median")
    parser.add_argument("--work-dir", required=True, help=argparse.SUPPRESS)
    parser.add_argument("--pg-url", default="", help=argparse.SUPPRESS)
    parser.add_argument("--pg-version", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    labels = ["1k"] if args.quick else [s.strip().lower() for s in args.scales.split(",") if s.strip()]
    unknown = [s for s in labels if s not in SCALES]
    if unknown:
        parser.error("unknown scale(s) %s: use %s" % (", ".join(unknown), ", ".join(SCALES)))
    args.scales = sorted(((s, SCALES[s]) for s in labels), key=lambda x: x[1])
    args.workloads = [w.strip().upper() for w in args.workloads.split(",") if w.strip()]
    args.profile = [w.strip().upper() for w in args.profile.split(",") if w.strip()]
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    for b in backends:
        if b not in ("sqlite", "postgresql"):
            parser.error("unknown backend %r: use sqlite, postgresql" % b)
    started = time.time()
    load_before = os.getloadavg()
    results = {}
    for backend in backends:
        run_backend(backend, args, results)
    wall = time.time() - started
    now = datetime.datetime.now(datetime.timezone.utc)
    meta = {"date": now.strftime("%Y-%m-%d %H:%M UTC"), "machine": machine(), "commit": commit(),
            "software": software(args.pg_version), "scales": [s for s, _n in args.scales],
            "w1_cases": common.W1_CASES["quick" if args.quick else "default"],
            "wall": "%.0f min %.0f s" % divmod(wall, 60), "backends": backends, "workloads": args.workloads,
            "rounds": args.rounds, "load": "%.1f at the start, %.1f at the end (1-minute load average)"
            % (load_before[0], os.getloadavg()[0])}
    text = render(results, meta)
    print()
    print(text)
    if not args.no_save:
        out_dir = os.path.join(ROOT, "bench", "results")
        os.makedirs(out_dir, exist_ok=True)
        stem = "%s-%s" % (now.strftime("%Y-%m-%d"), meta["commit"].split("+")[0])
        stem += "-" + "-".join(s for s, _n in args.scales) + "-" + "-".join(backends)
        with open(os.path.join(out_dir, stem + ".json"), "w") as fp:
            json.dump({"meta": meta, "results": results}, fp, indent=1, default=str)
        with open(os.path.join(out_dir, stem + ".md"), "w") as fp:
            fp.write(text)
        if not args.quick and set(args.workloads) >= set(ALL_WORKLOADS):   # a subset is no full table
            shutil.copyfile(os.path.join(out_dir, stem + ".md"), os.path.join(out_dir, "latest.md"))
        print("results: bench/results/%s.md (.json)" % stem)
    for workload in args.profile:
        print("profiles: bench/results/profiles/profile-%s-*.txt" % workload)


if __name__ == "__main__":
    main()
