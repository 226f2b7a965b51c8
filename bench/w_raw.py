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
    """The same rows as the ORM's intake, inserted by hand: partner, case, case number, parties, deadlines."""
    _identifiers, _periods, _workdays = common.fuyi_tools()
    identifiers = _identifiers
    calendar = common.work_calendar(raw.execute("SELECT date, kind FROM fuyi_calendar_day").fetchall())
    batches = common.intake_batches(ctx, ctx["w1_cases"])
    m = ctx["master"]
    key = m["digest_key"].encode()
    seq = m["sequence"]
    uid = m["clerks"][0]
    audit = [uid, NOW, uid, NOW]
    returning = " RETURNING id"
    n = 0
    t0 = time.perf_counter()
    for items in batches:
        for partner, case in items:
            ident = partner.get("id_number") or partner.get("uscc")
            partner_id = raw.execute(
                "INSERT INTO res_partner (name, active, is_company, type, lang, company_id, party_kind, id_number, "
                "id_number_masked, uscc, identifier_digest, create_uid, create_date, write_uid, write_date) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)" + returning,
                [partner["name"], True, partner.get("is_company", False), "contact", "zh_CN", 1, partner["party_kind"],
                 partner.get("id_number"),
                 identifiers.mask_id_number(partner["id_number"]) if partner.get("id_number") else None,
                 partner.get("uscc"), identifiers.identifier_digest(ident, key)] + audit).fetchone()[0]
            raw.execute("UPDATE res_partner SET commercial_partner_id = %s WHERE id = %s", [partner_id, partner_id])
            received = case["date_received"]
            number = raw.execute(
                "UPDATE ir_sequence_date_range SET number_next = number_next + 1 WHERE sequence_id = %s "
                "AND date_from <= %s AND date_to >= %s RETURNING number_next - 1",
                [seq["id"], received, received]).fetchone()[0]
            deadlines = common.review_deadline_rows(calendar, received)
            case_id = raw.execute(
                "INSERT INTO fuyi_case (name, case_type, title, agency_id, applicant_names, date_received, "
                "next_due_date, user_id, company_id, active, create_uid, create_date, write_uid, write_date) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)" + returning,
                [common.case_number(seq, received.year, number), "reconsideration", case["title"],
                 case["agency_id"], partner["name"], received, min(d["due_date"] for d in deadlines),
                 case["user_id"], 1, True] + audit).fetchone()[0]
            raw.execute(
                "INSERT INTO fuyi_reconsideration (case_id, state, channel, request, facts_reasons, act_description, "
                "act_date, act_known_date, act_real_estate, application_due_date, application_late, "
                "beyond_absolute_limit, procedure, facts_clear, create_uid, create_date, write_uid, write_date) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [case_id, "review", case["channel"], case["request"], case["facts_reasons"], case["act_description"],
                 case["act_date"], case["act_known_date"], case["act_real_estate"],
                 case["act_known_date"] + datetime.timedelta(days=60), False, False, "ordinary", True] + audit)
            raw.cur.executemany(raw.q(
                "INSERT INTO fuyi_case_party (case_id, partner_id, role, is_primary, sequence, create_uid, "
                "create_date, write_uid, write_date) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"),
                [[case_id, partner_id, "applicant", True, 10] + _p(raw, audit),
                 [case_id, case["agency_id"], "respondent", False, 10] + _p(raw, audit)])
            raw.cur.executemany(raw.q(
                "INSERT INTO fuyi_deadline (name, case_id, kind, legal_basis, start_event, start_date, length, unit, "
                "roll_over, extension_length, paused_days, calendar_version, due_date, provisional, explanation, "
                "state, user_id, create_uid, create_date, write_uid, write_date) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"),
                [_p(raw, [d["name"], case_id, d["kind"], d["legal_basis"], d["start_event"], d["start_date"],
                          d["length"], d["unit"], True, 0, 0, 0, d["due_date"], d["provisional"], d["explanation"],
                          "open", case["user_id"]] + audit) for d in deadlines])
            n += 1
    elapsed = time.perf_counter() - t0
    raw.cnx.rollback()
    return {"W1_cases_per_s": n / elapsed}


def _p(raw, values):
    if raw.kind != "sqlite":
        return values
    return [str(v) if isinstance(v, (datetime.date, datetime.datetime)) else v for v in values]
