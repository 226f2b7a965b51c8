#!/usr/bin/env python3
"""Import reconsideration cases (行政复议案件) from a CSV or Excel file, over RPC.

    FAZHI_RPC_DB=... FAZHI_RPC_PASSWORD=... python scripts/import_cases.py cases.csv [--dry-run]

Columns (Chinese or English headers, any order; * = required):
    申请日期/date_received*, 申请人/applicant*, 被申请人/respondent* (agency name),
    身份证号/id_number, 统一社会信用代码/uscc, 电话/phone, 行政行为/act_description,
    行为日期/act_date, 知道日期/act_known_date, 金额/act_amount, 请求/request,
    外部编号/external_ref, 标题/title, 渠道/channel (online/in_person/post/oral).

Every row is checked locally first (dates, amounts, ID number and credit code checksums);
only then does the script write, row by row. A row is either fully written (new party
records, the case with its party lines, its external id) or not at all: see `import_row`.
Each imported case gets the external id ``__import__.fuyi_case_<external_ref or row hash>``,
so running the same file again skips the rows already imported. ``--dry-run`` checks the
file and looks up agencies, parties and external ids without writing anything.

Progress goes to stderr: a bar on a terminal, a line every few seconds otherwise.
``--job`` uploads the file instead and lets the server import it as one job, all rows or none
(``fuyi.reconsideration.action_import_cases``); its report is in Chinese.

A per-row report (row, status, external id, case, message) goes to ``--report`` (default
``<input>.report.csv``). Exit status: 0 when no row failed, 1 otherwise, 2 when the file or the
connection is unusable.
"""
import argparse
import csv
import datetime
import importlib.util
import json
import os
import re
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fazhi_rpc  # noqa: E402

MODEL = "fuyi.reconsideration"


def _load_format():
    """The file format shared with the server's import job (addons/fuyi_case/tools/case_import.py):
    loaded from its file, as the addon package itself needs a Flectra server to import."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                        "addons", "fuyi_case", "tools", "case_import.py")
    spec = importlib.util.spec_from_file_location("fuyi_case_import_format", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FORMAT = _load_format()
MODULE = FORMAT.MODULE
COLUMNS = FORMAT.COLUMNS
REQUIRED = FORMAT.REQUIRED
DATE_COLUMNS = FORMAT.DATE_COLUMNS
CHANNELS = FORMAT.CHANNELS
xmlid_name = FORMAT.xmlid_name

REPORT_FIELDS = ("row", "status", "external_id", "case", "message")


class FileError(Exception):
    """The file as a whole cannot be imported (unreadable, missing columns)."""


# ------------------------------------------------------------------ local checks
def normalize(text):
    """Full-width to half-width, no whitespace, upper case (as the server normalises identifiers)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or ""))).upper()


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_id_number(text):
    """The normalised 18-character citizen ID number (GB 11643-1999), or ValueError."""
    number = normalize(text)
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValueError("ID number %s must have 17 digits and a final digit or X" % number)
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        birth = None
    if birth is None or birth > datetime.date.today():
        raise ValueError("ID number %s: positions 7-14 are not a valid birth date" % number)
    if "10X98765432"[sum(int(c) * w for c, w in zip(number, _ID_WEIGHTS)) % 11] != number[17]:
        raise ValueError("ID number %s: the check character does not match (GB 11643-1999)" % number)
    return number


def check_uscc(text):
    """The normalised unified social credit code (GB 32100-2015), or ValueError."""
    code = normalize(text)
    if not re.fullmatch(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}", code):
        raise ValueError("credit code %s must have 18 characters: digits and letters except I, O, S, V, Z" % code)
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(code, _USCC_WEIGHTS))
    if _USCC_ALPHABET[(31 - total % 31) % 31] != code[17]:
        raise ValueError("credit code %s: the check character does not match (GB 32100-2015)" % code)
    return code


def parse_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    match = FORMAT.DATE.fullmatch(text)
    if not match:
        raise ValueError("%r is not a date (use YYYY-MM-DD)" % text)
    return datetime.date(*(int(part) for part in match.groups()))


def parse_amount(value):
    if isinstance(value, (int, float)):
        amount = float(value)
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()
        text = text.replace(",", "").replace("¥", "").replace("元", "").strip()
        try:
            amount = float(text)
        except ValueError:
            raise ValueError("amount %r is not a number" % str(value)) from None
    if amount < 0:
        raise ValueError("amount %s is negative" % amount)
    return amount


def text_of(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def validate(raw):
    """``(row, errors)``: the row's checked values (dates as ISO strings) and its problems."""
    row = {key: (raw.get(key) if key in DATE_COLUMNS + ("act_amount",) else text_of(raw.get(key)))
           for key in COLUMNS}
    errors = []
    for key in REQUIRED:
        if not text_of(raw.get(key)):
            errors.append("%s is required" % key)
    for key in DATE_COLUMNS:
        value = raw.get(key)
        if value is None or text_of(value) == "":
            row[key] = ""
            continue
        try:
            row[key] = parse_date(value).isoformat()
        except ValueError as exc:
            errors.append("%s: %s" % (key, exc))
    amount = raw.get("act_amount")
    row["act_amount"] = ""
    if amount is not None and text_of(amount) != "":
        try:
            row["act_amount"] = parse_amount(amount)
        except ValueError as exc:
            errors.append(str(exc))
    if row["id_number"] and row["uscc"]:
        errors.append("give an ID number (person) or a credit code (organisation), not both")
    for key, check in (("id_number", check_id_number), ("uscc", check_uscc)):
        if row[key]:
            try:
                row[key] = check(row[key])
            except ValueError as exc:
                errors.append(str(exc))
    if row["channel"]:
        channel = CHANNELS.get(row["channel"].lower())
        if not channel:
            errors.append("channel %r is not one of online, in_person, post, oral" % row["channel"])
        row["channel"] = channel or ""
    if row["date_received"] and row["act_known_date"] and row["act_known_date"] > row["date_received"]:
        errors.append("act_known_date is after date_received")
    if row["act_date"] and row["act_known_date"] and row["act_date"] > row["act_known_date"]:
        errors.append("act_date is after act_known_date")
    return row, errors


# ------------------------------------------------------------------ reading
def column_map(header):
    """{column index: canonical key}; FileError when a required column is missing."""
    aliases = {alias.lower(): key for key, names in COLUMNS.items() for alias in names}
    mapping, unknown = {}, []
    for index, title in enumerate(header):
        title = text_of(title).lstrip("\ufeff")
        key = aliases.get(title.lower())
        if key and key not in mapping.values():
            mapping[index] = key
        elif title:
            unknown.append(title)
    missing = [key for key in REQUIRED if key not in mapping.values()]
    if missing:
        raise FileError("missing required column(s): %s" % ", ".join(
            "%s/%s" % (COLUMNS[key][0], key) for key in missing))
    if unknown:
        print("ignoring unknown column(s): %s" % ", ".join(unknown), file=sys.stderr)
    return mapping


def read_rows(path, sheet=None):
    """``[(row number, {key: value})]`` of the non-blank data rows (the header is row 1)."""
    if path.lower().endswith((".xlsx", ".xlsm")):
        table = _read_xlsx(path, sheet)
    else:
        if sheet:
            raise FileError("--sheet applies to Excel files only")
        try:
            with open(path, newline="", encoding="utf-8-sig") as fp:
                table = list(csv.reader(fp))
        except UnicodeDecodeError:
            raise FileError("%s is not UTF-8: save the CSV as UTF-8 (Excel: 'CSV UTF-8')" % path) from None
        except OSError as exc:
            raise FileError(str(exc)) from None
    if not table:
        raise FileError("%s is empty" % path)
    mapping = column_map(table[0])
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(text_of(cell) for cell in cells):
            continue
        rows.append((number, {key: (cells[index] if index < len(cells) else None) for index, key in mapping.items()}))
    return rows


def _read_xlsx(path, sheet):
    try:
        import openpyxl
    except ImportError:
        raise FileError("reading .xlsx needs the openpyxl package, which is not installed: "
                        "install it, or save the sheet as CSV UTF-8 and import the CSV") from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook
        raise FileError("cannot read %s: %s" % (path, exc)) from None
    if sheet and sheet not in book.sheetnames:
        raise FileError("no sheet %r in %s (sheets: %s)" % (sheet, path, ", ".join(book.sheetnames)))
    worksheet = book[sheet] if sheet else book.active
    return [list(cells) for cells in worksheet.iter_rows(values_only=True)]


# ------------------------------------------------------------------ server side
class Importer:
    """Looks up and writes over RPC; caches agencies and parties across rows."""

    def __init__(self, client, dry_run=False):
        self.client = client
        self.dry_run = dry_run
        self.agencies = {}
        self.parties = {}

    def call(self, model, method, *args, **kwargs):
        return self.client.execute_kw(model, method, list(args), kwargs)

    def existing_xmlids(self, names):
        """{name: (res_id, case number)} of the external ids whose case still exists."""
        found = {}
        if not names:
            return found
        rows = self.call("ir.model.data", "search_read", [("module", "=", MODULE), ("name", "in", sorted(names))],
                         fields=["name", "model", "res_id"])
        ids = [row["res_id"] for row in rows if row["model"] == MODEL and row["res_id"]]
        cases = {}
        if ids:
            for case in self.call(MODEL, "search_read", [("id", "in", ids)], fields=["name"],
                                  context={"active_test": False}):
                cases[case["id"]] = case["name"]
        for row in rows:
            if row["model"] == MODEL and row["res_id"] in cases:
                found[row["name"]] = (row["res_id"], cases[row["res_id"]])
            elif not self.dry_run:
                # the case was deleted since: drop the stale external id so the row imports again
                self.call("ir.model.data", "unlink", [row["id"]])
        return found

    def agency(self, name):
        if name not in self.agencies:
            ids = self.call("res.partner", "search", [("name", "=", name), ("party_kind", "=", "agency")], limit=2)
            self.agencies[name] = ids
        ids = self.agencies[name]
        if not ids:
            raise LookupError("unknown agency %r: no partner of kind agency has this exact name" % name)
        if len(ids) > 1:
            raise LookupError("several agencies are named %r" % name)
        return ids[0]

    def find_party(self, row):
        """``(partner id or None, cache key)``: by identifier when there is one, else by exact name."""
        identifier = row["id_number"] or row["uscc"]
        key = ("id", identifier) if identifier else ("name", row["applicant"])
        if key in self.parties:
            return self.parties[key], key
        if identifier:
            ids = self.call("res.partner", "search", [("identifier_search", "=", identifier)], limit=2)
        else:
            ids = self.call("res.partner", "search", [("name", "=", row["applicant"]),
                                                      ("party_kind", "in", ["person", "organisation"])], limit=2)
            if len(ids) > 1:
                raise LookupError("several parties are named %r: add the ID number or credit code" % row["applicant"])
        partner_id = ids[0] if ids else None
        if partner_id:
            self.parties[key] = partner_id
        return partner_id, key

    def import_row(self, row, name):
        """Write one row: ``(case id, case number, note)``; on failure undo this row and raise.

        Order: look everything up (agency, existing party), create the missing party, then the
        case *with its party lines in the same create call* (x2many commands), then its external
        id. If a write fails, the records this row created are deleted again (case first, then the
        party), so a failed row leaves nothing behind; parties found (not created) are never touched.
        """
        agency_id = self.agency(row["respondent"])
        partner_id, key = self.find_party(row)
        note = "existing party" if partner_id else "new party"
        if self.dry_run:
            return None, None, "would import (%s)" % note
        created_partner = case_id = None
        try:
            if not partner_id:
                vals = {"name": row["applicant"], "party_kind": "organisation" if row["uscc"] else "person"}
                for field in ("id_number", "uscc", "phone"):
                    if row[field]:
                        vals[field] = row[field]
                partner_id = created_partner = self.call("res.partner", "create", vals)
            case_vals = {
                "date_received": row["date_received"], "agency_id": agency_id,
                "title": row["title"] or row["act_description"] or "",
                "party_ids": [(0, 0, {"partner_id": partner_id, "role": "applicant", "is_primary": True}),
                              (0, 0, {"partner_id": agency_id, "role": "respondent"})],
            }
            for field in ("request", "act_description", "act_date", "act_known_date", "act_amount", "channel"):
                if row[field] not in ("", None):
                    case_vals[field] = row[field]
            case_id = self.call(MODEL, "create", case_vals)
            self.call("ir.model.data", "create", {"module": MODULE, "name": name, "model": MODEL,
                                                  "res_id": case_id, "noupdate": True})
        except Exception as exc:
            leftovers = self.undo(case_id, created_partner)
            message = fazhi_rpc.rpc_error_message(exc)
            if leftovers:
                message += " — UNDO FAILED, delete by hand: %s" % leftovers
            raise RuntimeError(message) from None
        if created_partner:
            self.parties[key] = created_partner
        case_name = self.call(MODEL, "read", [case_id], ["name"])[0]["name"]
        return case_id, case_name, note

    def undo(self, case_id, partner_id):
        """Delete what a failed row created; returns a description of anything that could not be."""
        leftovers = []
        if case_id:
            try:
                parent = self.call(MODEL, "read", [case_id], ["case_id"])[0]["case_id"]
                self.call(MODEL, "unlink", [case_id])
                if parent:
                    # the fuyi.case behind it (_inherits) with its deadlines and party lines
                    parent_id = parent[0] if isinstance(parent, (list, tuple)) else parent
                    if self.call("fuyi.case", "search", [("id", "=", parent_id)], context={"active_test": False}):
                        self.call("fuyi.case", "unlink", [parent_id])
            except Exception as exc:  # noqa: BLE001
                leftovers.append("%s %s (%s)" % (MODEL, case_id, fazhi_rpc.rpc_error_message(exc)))
        if partner_id:
            try:
                self.call("res.partner", "unlink", [partner_id])
            except Exception as exc:  # noqa: BLE001
                leftovers.append("res.partner %s (%s)" % (partner_id, fazhi_rpc.rpc_error_message(exc)))
        return "; ".join(leftovers)


def run(path, client, dry_run=False, sheet=None, progress=None):
    """The report lines, one per data row; ``progress(done, total, message)`` after each row."""
    checked = []
    for number, raw in read_rows(path, sheet):
        row, errors = validate(raw)
        checked.append((number, row, errors, xmlid_name(row)))
    importer = Importer(client, dry_run=dry_run)
    existing = importer.existing_xmlids({name for _n, _r, errors, name in checked if not errors})
    report, seen = [], {}
    for index, (number, row, errors, name) in enumerate(checked, 1):
        line = {"row": number, "status": "error", "external_id": "%s.%s" % (MODULE, name), "case": "", "message": ""}
        if errors:
            line["message"] = "; ".join(errors)
        elif name in existing:
            line.update(status="skipped", case=existing[name][1], message="already imported")
        elif name in seen:
            line.update(status="skipped", message="duplicate of row %s in this file" % seen[name])
        else:
            seen[name] = number
            try:
                _case_id, case_name, note = importer.import_row(row, name)
            except (LookupError, RuntimeError) as exc:
                line["message"] = str(exc).strip("'\"")
            except Exception as exc:  # noqa: BLE001 - a failed look-up: nothing was written for this row
                line["message"] = fazhi_rpc.rpc_error_message(exc)
            else:
                line.update(status="valid" if dry_run else "imported", case=case_name or "", message=note)
        report.append(line)
        if progress is not None:
            progress(index, len(checked), "row %s: %s" % (number, line["status"]))
    return report


def write_report(path, report):
    with open(path, "w", newline="", encoding="utf-8-sig") as fp:
        writer = csv.DictWriter(fp, fieldnames=REPORT_FIELDS)
        writer.writeheader()
        writer.writerows(report)


def run_job(client, path, report_path, dry_run=False):
    """The import as a server job (``fuyi.reconsideration.action_import_cases``): all rows or none.

    Follows the job's progress on stderr and saves its per-row report (Chinese) to ``report_path``.
    Exit status 0 when the rows were imported (or, with ``dry_run``, could be), else 1."""
    import base64
    with open(path, "rb") as fp:
        content = base64.b64encode(fp.read()).decode("ascii")
    try:
        action = client.execute_kw(MODEL, "action_import_cases", [os.path.basename(path), content],
                                   {"dry_run": dry_run})
        job, attachment_id = fazhi_rpc.run_job_action(client, action, "dry run" if dry_run else "import")
    except fazhi_rpc.JobFailed as exc:
        print("the import job failed: %s" % exc, file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - a refusal (unusable file, rights) in the user's language
        print(fazhi_rpc.rpc_error_message(exc), file=sys.stderr)
        return 2
    if attachment_id:
        _name, data = fazhi_rpc.download_attachment(client, attachment_id)
        with open(report_path, "wb") as fp:
            fp.write(data)
    summary = (job or {}).get("progress_message") or "done"
    print("%s — report: %s" % (summary, report_path))
    try:
        errors = json.loads((job or {}).get("result") or "{}").get("errors", 0)
    except ValueError:
        errors = 0
    return 1 if errors else 0


def main(argv=None):
    parser = argparse.ArgumentParser(description="Import reconsideration cases from CSV or Excel over RPC "
                                     "(connection from FAZHI_RPC_* environment variables).")
    parser.add_argument("file", help="a .csv (UTF-8) or .xlsx file")
    parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing on the server")
    parser.add_argument("--sheet", help="the sheet of an Excel file (default: the active one)")
    parser.add_argument("--report", help="per-row report CSV (default: <file>.report.csv)")
    parser.add_argument("--job", action="store_true",
                        help="upload the file and let the server import it as one job: all rows or none")
    args = parser.parse_args(argv)
    report_path = args.report or args.file + ".report.csv"
    try:
        read_rows(args.file, args.sheet)      # file-level problems before connecting
    except FileError as exc:
        print("%s: %s" % (args.file, exc), file=sys.stderr)
        return 2
    client = fazhi_rpc.connect_or_exit()
    if args.job:
        return run_job(client, args.file, report_path, args.dry_run)
    bar = fazhi_rpc.ProgressBar("dry run" if args.dry_run else "import")   # stderr: a bar on a terminal
    report = run(args.file, client, dry_run=args.dry_run, sheet=args.sheet, progress=bar.update)
    bar.finish()
    write_report(report_path, report)
    counts = {}
    for line in report:
        counts[line["status"]] = counts.get(line["status"], 0) + 1
    for line in report:
        if line["status"] == "error":
            print("row %s: %s" % (line["row"], line["message"]), file=sys.stderr)
    summary = ", ".join("%s %d" % (status, counts.get(status, 0))
                        for status in (("valid",) if args.dry_run else ("imported",)) + ("skipped", "error"))
    print("%s%s — report: %s" % ("dry run: " if args.dry_run else "", summary, report_path))
    return 1 if counts.get("error") else 0


if __name__ == "__main__":
    sys.exit(main())
