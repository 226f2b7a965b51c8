#!/usr/bin/env python3
"""Generate a document (文书) for many reconsideration cases at once, as a job on the server.

    FAZHI_RPC_DB=... FAZHI_RPC_PASSWORD=... python scripts/generate_documents.py correction_notice \
        (--case NUMBER ... | --state STATE [--from DATE] [--to DATE]) [--issue] [--output FILE] [--dry-run]

Starts ``fuyi.reconsideration.action_generate_documents_batch`` on the selected cases (the
same job as the button of the web client), follows its progress (a bar on a terminal, plain
lines otherwise, on stderr) and downloads the result: one .zip with a .docx per case and
结果.csv listing every case, with the reason for each case that failed. ``--issue`` also
issues the documents (draws their numbers): run it once; without it drafts are made, and a
re-run makes new draft versions. ``--dry-run`` lists the selected cases and starts nothing.

The job runs on the server: if this script stops or the server restarts, the script waits for
the server and goes on; ``--follow JOB_ID`` (the id is printed when the job starts) re-attaches
to a running or finished job and downloads its result.

Document types: correction_notice, acceptance_notice, rejection_decision, decision_document, …
(those of fuyi.document on the server). Exit status: 0 when every case got its document,
1 when some did not or the job failed, 2 when the request or the connection is unusable.
"""
import argparse
import csv
import datetime
import io
import os
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fazhi_rpc  # noqa: E402

MODEL = "fuyi.reconsideration"


def iso_date(text):
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError("%r is not a date (YYYY-MM-DD)" % text) from None


def select_cases(client, numbers=(), state=None, date_from=None, date_to=None):
    """``[(id, number)]`` of the cases to process; LookupError names case numbers not found."""
    if numbers:
        rows = client.execute_kw(MODEL, "search_read", [[("name", "in", list(numbers))]], {"fields": ["name"]})
        found = {row["name"]: row["id"] for row in rows}
        missing = [number for number in numbers if number not in found]
        if missing:
            raise LookupError("no case numbered %s" % ", ".join(missing))
        return [(found[number], number) for number in dict.fromkeys(numbers)]
    domain = []
    if state:
        domain.append(("state", "=", state))
    if date_from:
        domain.append(("date_received", ">=", date_from))
    if date_to:
        domain.append(("date_received", "<=", date_to))
    rows = client.execute_kw(MODEL, "search_read", [domain], {"fields": ["name"], "order": "date_received, id"})
    return [(row["id"], row["name"]) for row in rows]


def generated(data):
    """How many documents the result .zip holds."""
    try:
        return sum(1 for name in zipfile.ZipFile(io.BytesIO(data)).namelist() if name.endswith(".docx"))
    except zipfile.BadZipFile:
        return 0


def failures(data):
    """``[(case, reason)]`` from the report inside the result .zip (rows without a file)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return []
    reports = [name for name in archive.namelist() if name.endswith(".csv")]
    if not reports:
        return []
    rows = list(csv.reader(io.StringIO(archive.read(reports[0]).decode("utf-8-sig"))))
    return [(row[0], row[4]) for row in rows[1:] if len(row) >= 5 and not row[3]]


def main(argv=None):
    parser = argparse.ArgumentParser(description="Generate one document per case as a server job, follow its "
                                     "progress and download the .zip (connection from FAZHI_RPC_* variables).")
    parser.add_argument("doc_type", nargs="?", help="document type, e.g. correction_notice")
    parser.add_argument("--follow", type=int, metavar="JOB_ID",
                        help="re-attach to the server job JOB_ID (printed when it started) and fetch its result")
    parser.add_argument("--case", dest="cases", action="append", default=[], metavar="NUMBER",
                        help="a case number (repeat for several)")
    parser.add_argument("--state", help="all cases in this state (e.g. correction, accepted)")
    parser.add_argument("--from", dest="date_from", type=iso_date, help="received on or after (YYYY-MM-DD)")
    parser.add_argument("--to", dest="date_to", type=iso_date, help="received on or before (YYYY-MM-DD)")
    parser.add_argument("--issue", action="store_true", help="also issue the documents (draws their numbers)")
    parser.add_argument("--output", help="file to write (default: the name the server gives, here)")
    parser.add_argument("--dry-run", action="store_true", help="list the selected cases, start nothing")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds to wait for the job (default 3600)")
    parser.add_argument("--poll", type=float, default=1.0, help="seconds between progress checks (default 1)")
    args = parser.parse_args(argv)
    if args.follow is not None:
        if args.doc_type or args.cases or args.state or args.date_from or args.date_to or args.dry_run:
            parser.error("--follow takes no document type nor case selection: the job has them")
        return follow(args)
    if not args.doc_type:
        parser.error("the document type is required (or --follow JOB_ID)")
    if not args.cases and not (args.state or args.date_from or args.date_to):
        parser.error("select cases with --case, or with --state/--from/--to")
    if args.cases and (args.state or args.date_from or args.date_to):
        parser.error("--case cannot be combined with --state/--from/--to")
    client = fazhi_rpc.connect_or_exit()
    try:
        cases = select_cases(client, args.cases, args.state, args.date_from, args.date_to)
    except LookupError as exc:
        print(str(exc).strip("'\""), file=sys.stderr)
        return 2
    if not cases:
        print("no case matches the selection", file=sys.stderr)
        return 2
    if args.dry_run:
        for _case_id, number in cases:
            print(number)
        print("dry run: %d case(s) would get a %s%s" % (len(cases), args.doc_type, " (issued)" if args.issue else ""))
        return 0
    try:
        action = client.execute_kw(MODEL, "action_generate_documents_batch", [[c for c, _n in cases], args.doc_type],
                                   {"issue": args.issue})
        bar = fazhi_rpc.ProgressBar("%s ×%d" % (args.doc_type, len(cases)), total=len(cases))
        _job, attachment_id = fazhi_rpc.run_job_action(
            client, action, bar.label, poll=args.poll, timeout=args.timeout, bar=bar,
            reconnect=fazhi_rpc.connect, on_job=announce)
    except fazhi_rpc.JobFailed as exc:
        print("the job failed: %s" % exc, file=sys.stderr)
        return 1
    except TimeoutError as exc:
        print("%s (it goes on on the server)" % exc, file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - a refusal (bad type, rights) is one line, in the user's language
        print(fazhi_rpc.rpc_error_message(exc), file=sys.stderr)
        return 2
    return save_result(client, attachment_id, args.output)


def announce(job_id):
    print("server job %s (to re-attach: generate_documents.py --follow %s)" % (job_id, job_id), file=sys.stderr)


def save_result(client, attachment_id, output):
    """Download the job's .zip, report the cases that failed; the exit status."""
    if not attachment_id:
        print("the job left no file", file=sys.stderr)
        return 1
    name, data = fazhi_rpc.download_attachment(client, attachment_id)
    path = output or os.path.basename(name) or "documents.zip"
    with open(path, "wb") as fp:
        fp.write(data)
    failed = failures(data)
    for case, reason in failed:
        print("%s: %s" % (case, reason), file=sys.stderr)
    print("%d generated, %d failed — %s" % (generated(data), len(failed), path))
    return 1 if failed else 0


def connect_waiting(timeout):
    """Log in, waiting for a server that is restarting (re-attaching is what one does then)."""
    import time
    deadline = time.monotonic() + timeout
    while True:
        try:
            return fazhi_rpc.connect()
        except fazhi_rpc.ConfigError as exc:
            print("connection settings: %s" % exc, file=sys.stderr)
            sys.exit(2)
        except Exception as exc:  # noqa: BLE001 - only an unreachable server is waited for
            if not fazhi_rpc._unreachable(exc) or time.monotonic() > deadline:
                print("cannot log in to the server: %s" % fazhi_rpc.rpc_error_message(exc), file=sys.stderr)
                sys.exit(2)
            print("server unreachable (%s); retrying" % exc, file=sys.stderr)
            time.sleep(2)


def follow(args):
    """``--follow JOB_ID``: wait for a job started earlier (by this script or the web client)."""
    client = connect_waiting(args.timeout)
    bar = fazhi_rpc.ProgressBar("job %s" % args.follow)
    try:
        job = fazhi_rpc.follow_job(client, args.follow, bar=bar, poll=args.poll, timeout=args.timeout,
                                   reconnect=fazhi_rpc.connect)
    except fazhi_rpc.JobFailed as exc:
        print("the job failed: %s" % exc, file=sys.stderr)
        return 1
    except TimeoutError as exc:
        print("%s (it goes on on the server)" % exc, file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - no such job, no right to read it: one line
        print(fazhi_rpc.rpc_error_message(exc), file=sys.stderr)
        return 2
    return save_result(client, fazhi_rpc.job_attachment(job), args.output)


if __name__ == "__main__":
    sys.exit(main())
