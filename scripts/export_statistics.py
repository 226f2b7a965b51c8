#!/usr/bin/env python3
"""Export reconsideration statistics (行政复议统计) over RPC, as CSV or JSON.

    FAZHI_RPC_DB=... FAZHI_RPC_PASSWORD=... python scripts/export_statistics.py \
        --from 2025-01-01 --to 2025-12-31 [--agency NAME | --by-agency] [--format csv|json] [--output FILE]

The figures are those of ``fuyi.reconsideration.get_statistics`` (cases received in the period):
received, accepted, closed, by procedure, by decision type, by outcome, correction rate (纠错率),
mediation rate and on-time rate. ``--by-agency`` adds one row per agency concerned by a case of
the period, after the row of all agencies. Read-only: safe to run any number of times.

``--job`` has the server build the file instead (``fuyi.reconsideration.action_export_statistics``,
the job the web client starts; ``--format csv`` or ``xlsx``, Chinese column titles): the script
follows the job's progress on stderr (a bar on a terminal) and downloads the file to
``--output`` (default: the server's file name, here).
"""
import argparse
import csv
import datetime
import io
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fazhi_rpc  # noqa: E402

MODEL = "fuyi.reconsideration"
SCALARS = ("received", "accepted", "closed", "correction_rate", "mediation_rate", "on_time_rate")
BREAKDOWNS = ("by_procedure", "by_decision_type", "by_outcome")
ALL_AGENCIES = "全部 / all"


def iso_date(text):
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError("%r is not a date (YYYY-MM-DD)" % text) from None


def statistics(client, date_from, date_to, agency_id=None):
    """``get_statistics`` without the case ids (figures only)."""
    figures = client.execute_kw(MODEL, "get_statistics", [date_from or False, date_to or False, agency_id or False])
    figures = dict(figures)
    figures.pop("case_ids", None)
    return figures


def find_agency(client, name):
    ids = client.execute_kw("res.partner", "search", [[("name", "=", name), ("party_kind", "=", "agency")]],
                            {"limit": 2})
    if len(ids) != 1:
        raise LookupError("%s agency named %r" % ("no" if not ids else "more than one", name))
    return ids[0]


def agencies_of_period(client, date_from, date_to):
    """``[(id, name)]`` of the agencies concerned by the cases received in the period, by name."""
    domain = [("agency_id", "!=", False)]
    if date_from:
        domain.append(("date_received", ">=", date_from))
    if date_to:
        domain.append(("date_received", "<=", date_to))
    rows = client.execute_kw(MODEL, "search_read", [domain], {"fields": ["agency_id"]})
    agencies = {row["agency_id"][0]: row["agency_id"][1] for row in rows if row["agency_id"]}
    return sorted(agencies.items(), key=lambda item: (item[1], item[0]))


def collect(client, date_from=None, date_to=None, agency=None, by_agency=False):
    """The export rows: dicts with agency, agency_id and the figures."""
    if agency:
        agency_id = find_agency(client, agency)
        return [dict(agency=agency, agency_id=agency_id, **statistics(client, date_from, date_to, agency_id))]
    rows = [dict(agency=ALL_AGENCIES, agency_id=None, **statistics(client, date_from, date_to))]
    if by_agency:
        for agency_id, name in agencies_of_period(client, date_from, date_to):
            rows.append(dict(agency=name, agency_id=agency_id, **statistics(client, date_from, date_to, agency_id)))
    return rows


def to_csv(rows):
    """One line per row; breakdowns flattened to ``by_procedure.ordinary`` etc. (0 when absent)."""
    keys = {name: sorted({key for row in rows for key in (row.get(name) or {})}) for name in BREAKDOWNS}
    header = ["agency", "agency_id"] + list(SCALARS) + ["%s.%s" % (name, key) for name in BREAKDOWNS
                                                          for key in keys[name]]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        line = [row["agency"], row["agency_id"] or ""] + [row.get(name) for name in SCALARS]
        for name in BREAKDOWNS:
            line += [(row.get(name) or {}).get(key, 0) for key in keys[name]]
        writer.writerow(line)
    return out.getvalue()


def to_json(rows, date_from, date_to):
    return json.dumps({"date_from": date_from, "date_to": date_to, "rows": rows}, ensure_ascii=False, indent=2) + "\n"


def run_job(client, args):
    """The export as a server job: follow its progress, download its file."""
    try:
        action = client.execute_kw(MODEL, "action_export_statistics", [args.date_from or False, args.date_to or False],
                                   {"by_agency": args.by_agency, "file_format": args.format})
        _job, attachment_id = fazhi_rpc.run_job_action(client, action, "statistics")
    except fazhi_rpc.JobFailed as exc:
        print("the export job failed: %s" % exc, file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - a refusal is one line, in the user's language
        print(fazhi_rpc.rpc_error_message(exc), file=sys.stderr)
        return 1
    if not attachment_id:
        print("the export job left no file", file=sys.stderr)
        return 1
    name, data = fazhi_rpc.download_attachment(client, attachment_id)
    path = args.output or os.path.basename(name)
    with open(path, "wb") as fp:
        fp.write(data)
    print("%d bytes written to %s" % (len(data), path))
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description="Export reconsideration statistics over RPC "
                                     "(connection from FAZHI_RPC_* environment variables).")
    parser.add_argument("--from", dest="date_from", type=iso_date, help="first day received (YYYY-MM-DD)")
    parser.add_argument("--to", dest="date_to", type=iso_date, help="last day received (YYYY-MM-DD)")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--agency", help="only the cases of this agency (exact name)")
    group.add_argument("--by-agency", action="store_true", help="also one row per agency")
    parser.add_argument("--format", choices=("csv", "json", "xlsx"), default="csv",
                        help="csv (default) or json; with --job: csv or xlsx")
    parser.add_argument("--job", action="store_true", help="let the server build the file as a job and download it")
    parser.add_argument("--output", help="file to write (default: standard output)")
    parser.add_argument("--dry-run", action="store_true", help="accepted for symmetry: the export only reads")
    args = parser.parse_args(argv)
    if args.date_from and args.date_to and args.date_from > args.date_to:
        parser.error("--from is after --to")
    if args.job and (args.agency or args.format == "json"):
        parser.error("--job exports all agencies (and --by-agency) as csv or xlsx")
    if not args.job and args.format == "xlsx":
        parser.error("--format xlsx needs --job")
    client = fazhi_rpc.connect_or_exit()
    if args.job:
        return run_job(client, args)
    try:
        rows = collect(client, args.date_from, args.date_to, args.agency, args.by_agency)
    except LookupError as exc:
        print(str(exc).strip("'\""), file=sys.stderr)
        return 1
    text = to_csv(rows) if args.format == "csv" else to_json(rows, args.date_from, args.date_to)
    if args.output:
        with open(args.output, "w", newline="", encoding="utf-8-sig" if args.format == "csv" else "utf-8") as fp:
            fp.write(text)
        print("%d row(s) written to %s" % (len(rows), args.output))
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
