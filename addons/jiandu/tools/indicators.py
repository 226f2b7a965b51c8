"""Campaign indicators (评查合格率, common defects, officer qualification, publication timeliness,
loss rates) as plain functions of plain rows, so the report and the RPC read the same figures."""
from collections import OrderedDict


def rate(part, whole):
    """Percentage with one decimal; None when there is nothing to count (not 0 %: unknown)."""
    return round(100.0 * part / whole, 1) if whole else None


def qualified_by_agency(results):
    """``results``: (agency, qualified) per reviewed file → {agency: {files, qualified, rate}}, agencies sorted."""
    table = {}
    for agency, qualified in results:
        row = table.setdefault(agency, {"files": 0, "qualified": 0})
        row["files"] += 1
        row["qualified"] += bool(qualified)
    return OrderedDict((agency, dict(row, rate=rate(row["qualified"], row["files"])))
                       for agency, row in sorted(table.items(), key=lambda kv: str(kv[0])))


def common_defects(findings, limit=10):
    """``findings``: (item, file, defects) per finding → [(item, files, defects)], most files first."""
    files, defects = {}, {}
    for item, file_key, count in findings:
        files.setdefault(item, set()).add(file_key)
        defects[item] = defects.get(item, 0) + (count or 1)
    ranked = sorted(files, key=lambda item: (-len(files[item]), -defects[item], str(item)))
    return [(item, len(files[item]), defects[item]) for item in ranked[:limit]]


def publication_timeliness(flags):
    """Share of decisions published on time among those that had to be (ok / ok + late + missing)."""
    due = [flag for flag in flags if flag in ("ok", "late", "missing")]
    return rate(sum(1 for flag in due if flag == "ok"), len(due))
