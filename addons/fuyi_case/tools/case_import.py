"""The case-import file format, shared by the server-side import job
(models/fuyi_document_batch.py) and the operator script scripts/import_cases.py, so that both read
the same columns and give a row the same external id (each skips rows the other imported).

Pure: no ORM, so the script can load this file on its own.
"""
import hashlib
import re

#: import columns: key → accepted headers (Chinese or English)
COLUMNS = {
    "date_received": ("申请日期", "收到日期", "date_received"),
    "applicant": ("申请人", "applicant"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "id_number"),
    "uscc": ("统一社会信用代码", "uscc"),
    "phone": ("电话", "联系电话", "phone"),
    "respondent": ("被申请人", "respondent"),
    "act_description": ("行政行为", "act_description"),
    "act_date": ("行为日期", "act_date"),
    "act_known_date": ("知道日期", "act_known_date"),
    "act_amount": ("金额", "act_amount"),
    "request": ("请求", "复议请求", "request"),
    "external_ref": ("外部编号", "external_ref"),
    "title": ("标题", "title"),
    "channel": ("渠道", "申请方式", "channel"),
}
REQUIRED = ("date_received", "applicant", "respondent")
DATE_COLUMNS = ("date_received", "act_date", "act_known_date")
CHANNELS = {"online": "online", "网上": "online", "网络": "online", "in_person": "in_person",
            "当面": "in_person", "现场": "in_person", "post": "post", "邮寄": "post", "oral": "oral",
            "口头": "oral"}
#: the ir.model.data module of imported cases (Flectra's own import uses the same name)
MODULE = "__import__"
DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]00:00(?::00)?)?")


def xmlid_name(row):
    """``fuyi_case_<external_ref>`` (a hash when it has other characters), else a hash of the row."""
    ref = row.get("external_ref") or ""
    if ref:
        safe = re.sub(r"[^0-9A-Za-z_]+", "_", ref).strip("_")
        if safe != ref:
            safe = (safe + "_" if safe else "") + hashlib.sha1(ref.encode("utf-8")).hexdigest()[:10]
        return "fuyi_case_%s" % safe[:120]
    canonical = "\x1f".join("%s=%s" % (key, row.get(key) or "") for key in sorted(COLUMNS))
    return "fuyi_case_%s" % hashlib.sha1(canonical.encode("utf-8")).hexdigest()[:16]
