"""Reading an enforcement-platform export (CSV or .xlsx) into rows of known columns.

Pure: no ORM. Every problem is reported with its row number and the rule broken; the model
decides whether anything is written (nothing is, while any row is wrong).
"""
import csv
import datetime
import io
import re

#: key → accepted headers (the provincial platform's Chinese headers, or English)
COLUMNS = {
    "external_ref": ("平台编号", "案件编号", "external_ref"),
    "file_number": ("决定书文号", "文号", "file_number"),
    "agency": ("执法主体", "执法机关", "agency"),
    "agency_uscc": ("执法主体统一社会信用代码", "agency_uscc"),
    "act_kind": ("执法类别", "行为类别", "act_kind"),
    "enforcement_category": ("执法领域", "enforcement_category"),
    "title": ("案由", "title"),
    "target": ("当事人", "target"),
    "target_uscc": ("当事人统一社会信用代码", "统一社会信用代码", "target_uscc"),
    "filing_date": ("立案日期", "filing_date"),
    "decision_date": ("决定日期", "decision_date"),
    "published_date": ("公示日期", "published_date"),
    "penalty_amount": ("罚款金额", "penalty_amount"),
    "full_record": ("全过程记录", "full_record"),
    "legal_review_date": ("法制审核日期", "legal_review_date"),
}
REQUIRED = ("external_ref", "agency", "act_kind", "decision_date")
DATE_COLUMNS = ("filing_date", "decision_date", "published_date", "legal_review_date")
ACT_KINDS = {"行政处罚": "penalty", "处罚": "penalty", "penalty": "penalty", "行政许可": "licence", "许可": "licence",
             "licence": "licence", "行政强制": "compulsion", "强制": "compulsion", "compulsion": "compulsion",
             "行政检查": "inspection", "检查": "inspection", "inspection": "inspection", "其他": "other",
             "other": "other"}
YES = {"是", "有", "1", "true", "yes", "y", "√"}
NO = {"否", "无", "0", "false", "no", "n", ""}
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]00:00(?::00)?)?$")


class ImportFormatError(ValueError):
    """The file as a whole cannot be read; ``rule`` and ``params`` let the caller say why in the user's language."""

    def __init__(self, rule, message, **params):
        super().__init__(message)
        self.rule = rule
        self.params = params


def _header_map(header):
    mapping = {}
    for index, title in enumerate(header):
        title = (title or "").strip() if isinstance(title, str) else str(title or "").strip()
        for key, names in COLUMNS.items():
            if title in names or title.lower() in names:
                mapping[index] = key
    missing = [key for key in REQUIRED if key not in mapping.values()]
    if missing:
        columns = ", ".join(COLUMNS[key][0] for key in missing)
        raise ImportFormatError("missing_columns", "Missing columns: %s" % columns, columns=columns)
    return mapping


def read_table(data, filename):
    """Raw rows (lists of cells) of a CSV (UTF-8, with or without BOM; GB18030 accepted) or .xlsx file."""
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        import openpyxl
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:   # openpyxl raises several types for a file that is not a workbook
            raise ImportFormatError("xlsx", "Not a readable .xlsx file: %s" % exc) from None
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    if name.endswith(".csv") or not name:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportFormatError("encoding", "The CSV file is neither UTF-8 nor GB18030")
        return list(csv.reader(io.StringIO(text)))
    raise ImportFormatError("file_type", "Unknown file type %s: use .csv or .xlsx" % filename, filename=filename)


def parse_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = _DATE.match(str(value).strip())
    if not match:
        raise ValueError("not a date: %r" % value)
    return datetime.date(*(int(part) for part in match.groups()))


def parse_rows(table):
    """[(row number, values, errors)] for the data rows of ``table`` (first non-empty row is the header);
    each error is (rule, params)."""
    rows = [row for row in table]
    while rows and not any(str(cell or "").strip() for cell in rows[0]):
        rows.pop(0)
    if not rows:
        raise ImportFormatError("empty", "The file is empty")
    mapping = _header_map(rows[0])
    parsed = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(str(cell or "").strip() for cell in row):
            continue
        values, errors = {}, []
        for index, key in mapping.items():
            cell = row[index] if index < len(row) else None
            values[key] = cell.strip() if isinstance(cell, str) else cell
        for key in REQUIRED:
            if values.get(key) in (None, ""):
                errors.append(("required", {"column": COLUMNS[key][0]}))
        for key in DATE_COLUMNS:
            if values.get(key) not in (None, ""):
                try:
                    values[key] = parse_date(values[key])
                except ValueError:
                    errors.append(("date", {"column": COLUMNS[key][0], "value": str(values[key])}))
                    values[key] = None
            else:
                values[key] = None
        if values.get("act_kind"):
            kind = ACT_KINDS.get(str(values["act_kind"]).strip().lower()) or ACT_KINDS.get(str(values["act_kind"]).strip())
            if not kind:
                errors.append(("act_kind", {"value": str(values["act_kind"])}))
            values["act_kind"] = kind
        if values.get("penalty_amount") not in (None, ""):
            try:
                values["penalty_amount"] = float(str(values["penalty_amount"]).replace(",", ""))
            except ValueError:
                errors.append(("amount", {"column": COLUMNS["penalty_amount"][0],
                                          "value": str(values["penalty_amount"])}))
        else:
            values["penalty_amount"] = 0.0
        flag = str(values.get("full_record") or "").strip().lower()
        if flag not in YES | NO:
            errors.append(("flag", {"column": COLUMNS["full_record"][0], "value": str(values["full_record"])}))
        values["full_record"] = flag in YES
        if values.get("external_ref") is not None:
            values["external_ref"] = str(values["external_ref"]).strip()
        parsed.append((number, values, errors))
    return parsed
