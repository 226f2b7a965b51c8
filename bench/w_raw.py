"""The limit: the same work in hand-written SQL through the DB-API driver (sqlite3 / psycopg2)."""
import datetime
import os
import time

from bench import common

NOW = datetime.datetime(2026, 11, 25, 8, 0, 0)


def connect(ctx):
    """A plain driver connection to the benchmark database, and its placeholder style."""
    if ctx["db_url"]:
        import psycopg2
        from urllib.parse import urlsplit, unquote
        p = urlsplit(ctx["db_url"])
        cnx = psycopg2.connect(dbname=ctx["db"], host=p.hostname, port=p.port, user=unquote(p.username or ""),
                               password=unquote(p.password or ""))
        return cnx, "postgresql"
    import sqlite3
    cnx = sqlite3.connect(os.path.join(ctx["data_dir"], "databases", ctx["db"] + ".sqlite3"))
    return cnx, "sqlite"


class Raw:
    def __init__(self, ctx):
        self.ctx = ctx
        self.cnx, self.kind = connect(ctx)
        self.cur = self.cnx.cursor()

    def q(self, sql):
        return sql.replace("%s", "?") if self.kind == "sqlite" else sql

    def execute(self, sql, params=()):
        self.cur.execute(self.q(sql), [str(p) if isinstance(p, datetime.date) and self.kind == "sqlite" else p
                                       for p in params])
        return self.cur

    def month(self, col):
        return "strftime('%%Y-%%m-01', %s)" % col if self.kind == "sqlite" else "date_trunc('month', %s)::date" % col


W2_SQL = """
SELECT r.id, c.name, c.date_received, c.applicant_names, c.agency_id, a.name, r.procedure, c.next_due_date,
       c.user_id, up.name, r.state
  FROM fuyi_reconsideration r
  JOIN fuyi_case c ON c.id = r.case_id
  LEFT JOIN res_partner a ON a.id = c.agency_id
  LEFT JOIN res_users u ON u.id = c.user_id
  LEFT JOIN res_partner up ON up.id = u.partner_id
 WHERE c.active = %s AND r.state IN ({states}) AND c.agency_id = %s AND c.date_received >= %s
   AND c.date_received <= %s {overdue}
 ORDER BY c.next_due_date NULLS LAST, r.id
 LIMIT 80"""


def run(ctx):
    raw = Raw(ctx)
    out = {}
    workloads = set(ctx["workloads"])
    try:
        if "W1" in workloads:
            out.update(w1(ctx, raw))
        if "W2" in workloads:
            out.update(w2(ctx, raw))
        if "W3" in workloads:
            out.update(w3(ctx, raw))
        if "W4" in workloads:
            out.update(w4(ctx, raw))
    finally:
        raw.cnx.close()
    return out


def w2(ctx, raw):
    p = common.w2_params(ctx)
    out = {}
    for key, states, overdue in (("W2", p["states"], True), ("W2b", p["states"] + ["decided"], False)):
        sql = W2_SQL.format(states=", ".join(["%s"] * len(states)), overdue="AND c.next_due_date < %s" if overdue else "")
        params = [True] + states + [p["agency_id"], p["date_from"], p["date_to"]] + ([p["overdue_before"]] if overdue else [])

        def query():
            rows = raw.execute(sql, params).fetchall()
            # what a client receives: one dict per row, many2one as (id, name)
            return [{"id": r[0], "name": r[1], "date_received": r[2], "applicant_names": r[3],
                     "agency_id": (r[4], r[5]) if r[4] else False, "procedure": r[6], "next_due_date": r[7],
                     "user_id": (r[8], r[9]) if r[8] else False, "state": r[10]} for r in rows]
        seconds, rows = common.timed(query)
        out[key + "_ms"] = seconds * 1000
        out[key + "_rows"] = len(rows)
    return out


def w3(ctx, raw):
    month = raw.month("c.date_received")
    queries = {
        "W3a": "SELECT r.state, %s, COUNT(r.id) FROM fuyi_reconsideration r JOIN fuyi_case c ON c.id = r.case_id "
               "WHERE c.active = %%s GROUP BY r.state, %s ORDER BY 1, 2" % (month, month),
        "W3b": "SELECT c.agency_id, r.decision_type, COUNT(r.id) FROM fuyi_reconsideration r "
               "JOIN fuyi_case c ON c.id = r.case_id "
               "WHERE c.active = %s GROUP BY c.agency_id, r.decision_type ORDER BY 1, 2",
    }
    out = {}

    def grouped(sql):
        rows = raw.execute(sql, [True]).fetchall()
        if "agency_id" in sql:   # the agencies' names, once per agency
            ids = sorted({r[0] for r in rows if r[0] is not None})
            if ids:
                names = dict(raw.execute("SELECT id, name FROM res_partner WHERE id IN (%s)"
                                         % ", ".join(["%s"] * len(ids)), ids).fetchall())
                rows = [((r[0], names.get(r[0])),) + tuple(r[1:]) for r in rows]
        return rows
    for key, sql in queries.items():
        seconds, rows = common.timed(lambda: grouped(sql))
        out[key + "_ms"] = seconds * 1000
        out[key + "_groups"] = len(rows)
    return out


def w4(ctx, raw):
    rows = raw.execute("SELECT date, kind FROM fuyi_calendar_day").fetchall()
    cutoff = common.w4_cutoff(ctx, common.work_calendar(rows))
    sql = ("SELECT d.id, d.name, d.kind, d.legal_basis, d.due_date, d.case_id, c.name, d.user_id, up.name "
           "FROM fuyi_deadline d JOIN fuyi_case c ON c.id = d.case_id "
           "LEFT JOIN res_users u ON u.id = d.user_id LEFT JOIN res_partner up ON up.id = u.partner_id "
           "WHERE d.state = %s AND d.due_date <= %s ORDER BY d.due_date, d.id")
    seconds, rows = common.timed(lambda: raw.execute(sql, ["open", cutoff]).fetchall(), max_reps=20)
    return {"W4_ms": seconds * 1000, "W4_rows": len(rows)}


def w1(ctx, raw):
    """The same rows as the ORM's intake, by hand and batched as fazhi batches them: per batch of
    W1_BATCH one multi-row INSERT per table, and per case the counter update fazhi does
    (``ir.sequence`` ``_row_counter_next``: on PostgreSQL the range row locked first)."""
    _identifiers, _periods, _workdays = common.fuyi_tools()
    identifiers = _identifiers
    calendar = common.work_calendar(raw.execute("SELECT date, kind FROM fuyi_calendar_day").fetchall())
    batches = common.intake_batches(ctx, ctx["w1_cases"])
    m = ctx["master"]
    key = m["digest_key"].encode()
    seq = m["sequence"]
    uid = m["clerks"][0]
    audit = [uid, NOW, uid, NOW]
    rows_before = common.w1_row_count(lambda sql: raw.execute(sql).fetchone()[0])
    n = 0
    t0 = time.perf_counter()
    for items in batches:
        partner_ids = _insert(raw, "res_partner", (
            "name", "active", "is_company", "type", "lang", "company_id", "party_kind", "id_number",
            "id_number_masked", "uscc", "identifier_digest", "create_uid", "create_date", "write_uid", "write_date"),
            [[p["name"], True, p.get("is_company", False), "contact", "zh_CN", 1, p["party_kind"], p.get("id_number"),
              identifiers.mask_id_number(p["id_number"]) if p.get("id_number") else None,
              p.get("uscc"), identifiers.identifier_digest(p.get("id_number") or p.get("uscc"), key)] + audit
             for p, _c in items], returning=True)
        raw.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id IN (%s)"
                    % ", ".join(["%s"] * len(partner_ids)), partner_ids)
        case_rows, case_deadlines = [], []
        for partner, case in items:
            received = case["date_received"]
            number = _next_number(raw, seq, received)
            deadlines = common.review_deadline_rows(calendar, received)
            case_deadlines.append(deadlines)
            case_rows.append([common.case_number(seq, received.year, number), "reconsideration", case["title"],
                              case["agency_id"], partner["name"], received,
                              min(d["due_date"] for d in deadlines), case["user_id"], 1, True] + audit)
        case_ids = _insert(raw, "fuyi_case", (
            "name", "case_type", "title", "agency_id", "applicant_names", "date_received", "next_due_date",
            "user_id", "company_id", "active", "create_uid", "create_date", "write_uid", "write_date"),
            case_rows, returning=True)
        _insert(raw, "fuyi_reconsideration", (
            "case_id", "state", "channel", "request", "facts_reasons", "act_description", "act_date",
            "act_known_date", "act_real_estate", "application_due_date", "application_late",
            "beyond_absolute_limit", "procedure", "facts_clear", "create_uid", "create_date", "write_uid",
            "write_date"),
            [[case_id, "review", c["channel"], c["request"], c["facts_reasons"], c["act_description"],
              c["act_date"], c["act_known_date"], c["act_real_estate"],
              c["act_known_date"] + datetime.timedelta(days=60), False, False, "ordinary", True] + audit
             for case_id, (_p_, c) in zip(case_ids, items)])
        party_cols = ("case_id", "partner_id", "role", "is_primary", "sequence", "create_uid", "create_date",
                      "write_uid", "write_date")
        _insert(raw, "fuyi_case_party", party_cols,
                [row for case_id, partner_id, (_p_, c) in zip(case_ids, partner_ids, items)
                 for row in ([case_id, partner_id, "applicant", True, 10] + audit,
                             [case_id, c["agency_id"], "respondent", False, 10] + audit)])
        _insert(raw, "fuyi_deadline", (
            "name", "case_id", "kind", "legal_basis", "start_event", "start_date", "length", "unit", "roll_over",
            "extension_length", "paused_days", "calendar_version", "due_date", "provisional", "explanation",
            "state", "user_id", "create_uid", "create_date", "write_uid", "write_date"),
            [[d["name"], case_id, d["kind"], d["legal_basis"], d["start_event"], d["start_date"], d["length"],
              d["unit"], True, 0, 0, 0, d["due_date"], d["provisional"], d["explanation"], "open",
              c["user_id"]] + audit
             for case_id, deadlines, (_p_, c) in zip(case_ids, case_deadlines, items) for d in deadlines])
        n += len(items)
    elapsed = time.perf_counter() - t0
    rows = common.w1_row_count(lambda sql: raw.execute(sql).fetchone()[0]) - rows_before
    raw.cnx.rollback()
    return {"W1_cases_per_s": n / elapsed, "W1_rows_per_case": rows / n}


def _next_number(raw, seq, received):
    """The case number counter, drawn per case as fazhi draws it (ir_sequence._row_counter_next)."""
    range_id = raw.execute(
        "SELECT id FROM ir_sequence_date_range WHERE sequence_id = %s AND date_from <= %s AND date_to >= %s"
        + (" FOR UPDATE" if raw.kind != "sqlite" else ""), [seq["id"], received, received]).fetchone()[0]
    return raw.execute("UPDATE ir_sequence_date_range SET number_next = number_next + 1 WHERE id = %s "
                       "RETURNING number_next - 1", [range_id]).fetchone()[0]


def _insert(raw, table, columns, rows, returning=False):
    """One multi-row INSERT; with ``returning`` the new ids in the rows' order (ids are drawn in
    the order of the VALUES, so sorting them restores it whatever order RETURNING gives)."""
    values = "(%s)" % ", ".join(["%s"] * len(columns))
    sql = "INSERT INTO %s (%s) VALUES %s" % (table, ", ".join(columns), ", ".join([values] * len(rows)))
    params = [v for row in rows for v in _p(raw, row)]
    if not returning:
        raw.execute(sql, params)
        return None
    return sorted(r[0] for r in raw.execute(sql + " RETURNING id", params).fetchall())


def _p(raw, values):
    if raw.kind != "sqlite":
        return values
    return [str(v) if isinstance(v, (datetime.date, datetime.datetime)) else v for v in values]
