"""Seeded data for the benchmarks: agencies, clerks, parties, reconsideration cases and deadlines.

The base data goes straight into the real tables of a database created with
``fazhi db create … --install fuyi_case`` (COPY on PostgreSQL, executemany on SQLite), so that
10k, 100k and 1M cases load in seconds to minutes; the ORM path itself is measured by W1.

Realism: one county, a dozen agencies, cases received over eight years up to ``AS_OF``; the
state of a case follows from its age (recent ones in review, correction or accepted; old ones
mostly decided, some withdrawn, mediated, rejected …, a few stale and overdue); every
person has a valid GB 11643 ID number, every organisation a valid USCC (tools/identifiers.py);
deadlines are computed with the addon's own period rules over the loaded holiday calendar.

The same seed and the same scales give the same rows: cases are generated in index order
and ``extend_to`` only adds the cases missing up to the requested count.
"""
import csv
import datetime
import io
import random

AS_OF = datetime.date(2026, 11, 25)     #: the benchmark's "today" (the holiday calendar ends in 2026)
FIRST_DAY = datetime.date(2019, 1, 1)   #: the oldest case in the data
SEED = 7
CLERK_PASSWORD = "bench-clerk-password"
COUNTY = "安和县"
REGIONS = ("330381", "330382", "330327", "330102", "110105")   #: division codes of ID numbers / USCCs

AGENCIES = [  # (key, name)
    ("amr", "安和县市场监督管理局"), ("psb", "安和县公安局"), ("nr", "安和县自然资源局"),
    ("eco", "安和县生态环境分局"), ("housing", "安和县住房和城乡建设局"), ("hrss", "安和县人力资源和社会保障局"),
    ("health", "安和县卫生健康局"), ("transport", "安和县交通运输局"), ("agri", "安和县农业农村局"),
    ("emergency", "安和县应急管理局"), ("cgzf", "安和县综合行政执法局"), ("town", "安和县城关镇人民政府"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强海燕红梅玉兰文斌春梅晓东丽娟晓明海波建军小红金凤"
ORG_WORDS = ["恒达", "兴隆", "华安", "永盛", "瑞丰", "宏远", "金鼎", "嘉禾", "天成", "鑫源", "和顺", "博远", "安泰", "新禾", "众诚"]
ORG_KINDS = ["商贸有限公司", "建筑工程有限公司", "餐饮管理有限公司", "农业专业合作社", "食品有限公司", "物流有限公司",
             "科技有限公司", "运输有限公司", "医疗器械有限公司", "房地产开发有限公司"]
DECISIONS = ["uphold"] * 50 + ["revoke"] * 12 + ["vary"] * 5 + ["confirm_illegal"] * 8 + ["order_performance"] * 6 + \
    ["reject_request"] * 7 + ["dismiss_application"] * 8 + ["partial_revoke"] * 2 + ["confirm_invalid"] + ["compensation"]
DECISION_ARTICLES = {
    "vary": "ARL Art. 63", "revoke": "ARL Art. 64", "partial_revoke": "ARL Art. 64", "confirm_illegal": "ARL Art. 65",
    "order_performance": "ARL Art. 66", "confirm_invalid": "ARL Art. 67", "uphold": "ARL Art. 68",
    "reject_request": "ARL Art. 69", "dismiss_application": "ARL Art. 33", "compensation": "ARL Art. 72",
}
REJECT_REASONS = ["late", "scope", "no_interest", "duplicate", "jurisdiction"]
CHANNELS = ["in_person", "in_person", "online", "online", "post", "oral"]
OPEN_STATES = ("review", "correction", "accepted", "suspended")


def tools():
    """The addon's pure rules (identifiers, periods); importable once a registry is loaded."""
    from flectra.addons.fuyi_case.tools import identifiers, periods
    return identifiers, periods


# ------------------------------------------------------------------ identities and names
def person_name(rng):
    given = GIVEN[rng.randrange(len(GIVEN))] + (GIVEN[rng.randrange(len(GIVEN))] if rng.random() < 0.7 else "")
    return SURNAMES[rng.randrange(len(SURNAMES))] + given


def id_number(rng, identifiers):
    """A valid GB 11643 number: division code, birth date 1950–2004, sequence, check character."""
    born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(55 * 365))
    first17 = "%s%s%03d" % (rng.choice(REGIONS), born.strftime("%Y%m%d"), rng.randrange(1, 1000))
    return first17 + identifiers.id_number_check_char(first17)


def uscc(rng, identifiers):
    """A valid GB 32100 code: 91 (enterprise), division code, organisation code with its check, check."""
    body = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    body = "".join(ch if ch.isdigit() or "A" <= ch <= "Z" else "0" for ch in body)
    inner = body + identifiers.organization_code_check_char(body)
    first17 = "91" + rng.choice(REGIONS) + inner
    return first17 + identifiers.uscc_check_char(first17)


def org_name(rng):
    return "%s%s%s" % (COUNTY, rng.choice(ORG_WORDS) + rng.choice(ORG_WORDS), rng.choice(ORG_KINDS))


# ------------------------------------------------------------------ set-up through the ORM
def setup_master_data(env):
    """Agencies, clerks and acts, created once through the ORM; returns what the generator needs."""
    Partner = env["res.partner"]
    agencies = Partner.search([("party_kind", "=", "agency"), ("ref", "=like", "bench-%")], order="id")
    if not agencies:
        agencies = Partner.create([{"name": name, "ref": "bench-%s" % key, "party_kind": "agency",
                                    "is_company": True, "street": COUNTY + "人民路%d号" % (i + 1)}
                                   for i, (key, name) in enumerate(AGENCIES)])
    Users = env["res.users"].with_context(no_reset_password=True)
    clerks = Users.search([("login", "=like", "bench_clerk%")], order="id")
    if not clerks:
        group = env.ref("fuyi_case.fuyi_case_group_clerk")
        # only the first clerk logs in (over RPC): one password hash, not five
        clerks = Users.create([dict({"name": person_name(random.Random(i)), "login": "bench_clerk%d" % i,
                                     "groups_id": [(6, 0, [group.id])]}, **({"password": CLERK_PASSWORD} if i == 1 else {}))
                               for i in range(1, 6)])
    # the scheduler would sweep reminders in the middle of a measurement: no crons in a bench database
    env["ir.cron"].sudo().search([]).write({"active": False})
    from flectra.addons.fuyi_case.models.fuyi_demo import ACTS, DECISION_TEXTS
    keys = dict(AGENCIES)
    acts = {}
    for key, _profile, act, kind, facts in ACTS:
        if key in keys:
            acts.setdefault(key, []).append((act, kind, bool(facts.get("act_real_estate"))))
    return {
        "agencies": [(a.id, a.ref[len("bench-"):]) for a in agencies],
        "clerks": clerks.ids,
        "acts": acts,
        "decision_texts": DECISION_TEXTS,
        "digest_key": Partner._identifier_key().decode(),
        "sequence": _case_sequence(env),
        "admin": env.ref("base.user_admin").id,
    }


def _case_sequence(env):
    seq = env["ir.sequence"].sudo().search([("code", "=", "fuyi.case.reconsideration")], limit=1)
    return {"id": seq.id, "prefix": seq.prefix or "", "suffix": seq.suffix or "", "padding": seq.padding or 0}


# ------------------------------------------------------------------ the generator
class Generator:
    """Rows for cases ``[start, stop)``; case i is a function of (seed, i) only."""

    def __init__(self, master, calendar, seed=SEED, as_of=AS_OF):
        self.master = master
        self.calendar = calendar
        self.seed = seed
        self.as_of = as_of
        self.identifiers, self.periods = tools()
        self._due_cache = {}
        self.span = (as_of - FIRST_DAY).days

    # --- dates ---
    def due(self, start, length, unit):
        key = (start, length, unit)
        hit = self._due_cache.get(key)
        if hit is None:
            due = self.periods.compute_due(self.calendar, start, length, unit)
            hit = self._due_cache[key] = (due.date, due.provisional, "\n".join(due.steps))
        return hit

    def workday(self, start, n):
        return self.due(start, n, "working_day")[0]

    def received_date(self, rng):
        # more cases in recent years (a growing caseload): the square root of a uniform draw
        return self.as_of - datetime.timedelta(days=int(self.span * (1 - rng.random() ** 0.5)))

    # --- one case ---
    def case(self, index):
        rng = random.Random(self.seed * 1_000_003 + index)
        m = self.master
        agency_id, key = m["agencies"][rng.randrange(len(m["agencies"]))]
        act, kind, real_estate = rng.choice(m["acts"].get(key) or [("行政处罚决定", "person", False)])
        received = self.received_date(rng)
        age = (self.as_of - received).days
        state = self._state(rng, age)
        known = received - datetime.timedelta(days=rng.randint(3, 50))
        rec = {
            "state": state, "channel": rng.choice(CHANNELS), "act_description": act,
            "act_date": known - datetime.timedelta(days=rng.randint(0, 10)), "act_known_date": known,
            "act_real_estate": real_estate, "application_due_date": known + datetime.timedelta(days=60),
            "procedure": "simple" if rng.random() < 0.35 else "ordinary",
            "request": "请求撤销被申请人作出的%s。" % act,
            "facts_reasons": "申请人认为被申请人认定事实不清、证据不足，适用依据错误，程序违法。",
        }
        if rec["channel"] == "oral":
            rec["oral_record"] = "申请人当面口头提出行政复议申请，记录人当场记录申请人基本情况、请求、主要事实、理由和时间。"
        applicant_kind = kind if rng.random() < 0.8 else ("organisation" if kind == "person" else "person")
        applicant = self._partner(rng, applicant_kind)
        parties = [(applicant, "applicant", True), (("agency", agency_id), "respondent", False)]
        if rng.random() < 0.25:
            parties.append((("agent", rng.randrange(400)), "agent", False))
        if rng.random() < 0.08:
            parties.append((self._partner(rng, "person"), "third_party", False))
        deadlines = self._deadlines(rng, rec, received)
        open_dues = [d["due_date"] for d in deadlines if d["state"] == "open"]
        case = {
            "index": index, "title": act, "agency_id": agency_id, "date_received": received,
            "user_id": m["clerks"][rng.randrange(len(m["clerks"]))],
            "next_due_date": min(open_dues) if open_dues else None,
            "applicant_names": applicant["name"],
        }
        return case, rec, parties, deadlines

    def _state(self, rng, age):
        r = rng.random()
        if age < 6:
            return "review" if r < 0.75 else "correction"
        if age < 20:
            return "correction" if r < 0.15 else "accepted" if r < 0.85 else "rejected"
        if age < 75:
            return ("accepted" if r < 0.62 else "suspended" if r < 0.70 else "decided" if r < 0.88
                    else "withdrawn" if r < 0.94 else "mediated")
        # old cases are closed, but a few stale ones (accepted, suspended) are overdue: what W2 looks for
        return ("decided" if r < 0.66 else "rejected" if r < 0.74 else "withdrawn" if r < 0.83
                else "mediated" if r < 0.91 else "terminated" if r < 0.94 else "abandoned" if r < 0.965
                else "accepted" if r < 0.99 else "suspended")

    def _partner(self, rng, kind):
        if kind == "organisation":
            return {"name": org_name(rng), "party_kind": "organisation", "is_company": True,
                    "uscc": uscc(rng, self.identifiers)}
        return {"name": person_name(rng), "party_kind": "person", "is_company": False,
                "id_number": id_number(rng, self.identifiers)}

    def _deadline(self, kind, name, basis, start, length, unit, state, cap=None, event=None, done=None):
        due, provisional, steps = self.due(start, length, unit)
        explanation = "%s (%s): %d %s from %s.\n%s" % (name, basis, length, unit.replace("_", " ") + "s",
                                                        start, steps)
        if done is not None and state == "done" and done > due:
            state = "missed"
        return {"kind": kind, "name": name, "legal_basis": basis, "start_event": event, "start_date": start,
                "length": length, "unit": unit, "extension_cap": cap, "due_date": due, "provisional": provisional,
                "explanation": explanation, "state": state, "done_date": done if state in ("done", "missed") else None}

    def _deadlines(self, rng, rec, received):
        state = rec["state"]
        out = []
        if state == "review":
            out.append(self._deadline("acceptance_review", "Acceptance review", "ARL Art. 30 para 1", received, 5,
                                      "working_day", "open", event="application received"))
            out.append(self._deadline("correction_notice", "Correction notice", "ARL Art. 31 para 1", received, 5,
                                      "working_day", "open", event="application received"))
            return out
        served = self.workday(received, rng.randint(1, 4))
        out.append(self._deadline("acceptance_review", "Acceptance review", "ARL Art. 30 para 1", received, 5,
                                  "working_day", "cancelled" if state == "correction" else "done",
                                  event="application received", done=served))
        out.append(self._deadline("correction_notice", "Correction notice", "ARL Art. 31 para 1", received, 5,
                                  "working_day", "done", event="application received", done=served))
        if state == "correction":
            rec["correction_items"] = "1. 申请人身份证明材料复印件；\n2. 明确具体的行政复议请求。"
            rec["correction_notice_served"] = served
            out.append(self._deadline("correction_period", "Corrections due", "ARL Art. 31 para 2", served, 10,
                                      "working_day", "open", event="correction notice served"))
            return out
        if state == "abandoned":
            rec["correction_notice_served"] = served
            out.append(self._deadline("correction_period", "Corrections due", "ARL Art. 31 para 2", served, 10,
                                      "working_day", "missed", event="correction notice served"))
            return out
        if state == "rejected":
            rec["reject_reason"] = rng.choice(REJECT_REASONS)
            rec["reject_explanation"] = "经审查，该申请不符合受理条件。"
            return out
        accepted = self.workday(received, rng.randint(2, 5))
        rec["acceptance_date"] = accepted
        simple = rec["procedure"] == "simple"
        closed = state not in ("accepted", "suspended")
        copy_done = self.workday(accepted, rng.randint(1, 3))
        copy_open = copy_done > self.as_of
        out.append(self._deadline("copy_to_respondent", "Copy to respondent", "ARL Art. 54" if simple else "ARL Art. 48",
                                  accepted, 3 if simple else 7, "working_day", "open" if copy_open else "done",
                                  event="acceptance", done=None if copy_open else copy_done))
        length = 30 if simple else 60
        decision_state = "open" if state == "accepted" else "paused" if state == "suspended" else "done"
        end = None
        if closed:
            end = accepted + datetime.timedelta(days=rng.randint(10, length + 5))
            end = min(end, self.as_of)
            rec["closed_on"] = end
        out.append(self._deadline("decision", "Decision", "ARL Art. 62 para 2" if simple else "ARL Art. 62 para 1",
                                  accepted, length, "calendar_day", decision_state, cap=0 if simple else 30,
                                  event="acceptance", done=end))
        if state == "suspended":
            rec["suspend_ground"] = rng.choice(["5", "6", "8"])
            rec["suspended_on"] = min(accepted + datetime.timedelta(days=rng.randint(5, 25)), self.as_of)
        elif state == "decided":
            decision = rng.choice(DECISIONS)
            article, finding, result = self.master["decision_texts"].get(decision, ("", "", "决定维持该行政行为"))
            rec.update(decision_type=decision, decision_article=DECISION_ARTICLES[decision], decision_date=end,
                       decided_on_time=True, performance_days=60 if "%(days)s" in result else 0,
                       decision_summary="经审理查明，被申请人作出的该行政行为%s。根据《中华人民共和国行政复议法》%s的规定，%s。"
                       % (finding, article, result % {"days": 60}))
        elif state == "terminated":
            rec["terminate_ground"] = rng.choice(["withdrawn", "death", "criminal_measure"])
        return out


# ------------------------------------------------------------------ bulk loading
TABLE_COLUMNS = {
    "res_partner": ["id", "name", "active", "is_company", "type", "lang", "tz", "company_id", "street", "party_kind",
                    "id_number", "id_number_masked", "uscc", "identifier_digest", "commercial_partner_id",
                    "create_uid", "create_date", "write_uid", "write_date"],
    "fuyi_case": ["id", "name", "case_type", "title", "agency_id", "applicant_names", "date_received", "next_due_date",
                  "user_id", "company_id", "active", "create_uid", "create_date", "write_uid", "write_date"],
    "fuyi_reconsideration": ["id", "case_id", "state", "channel", "request", "facts_reasons", "oral_record",
                             "act_description", "act_date", "act_known_date", "act_real_estate",
                             "application_due_date", "application_late", "beyond_absolute_limit", "correction_items",
                             "correction_notice_served", "acceptance_date", "deemed_accepted", "reject_reason",
                             "reject_explanation", "procedure", "facts_clear", "decision_type", "decision_article",
                             "decision_date", "decision_summary", "performance_days", "decided_on_time",
                             "suspend_ground", "suspended_on", "terminate_ground", "closed_on",
                             "create_uid", "create_date", "write_uid", "write_date"],
    "fuyi_case_party": ["id", "case_id", "partner_id", "role", "is_primary", "sequence",
                        "create_uid", "create_date", "write_uid", "write_date"],
    "fuyi_deadline": ["id", "name", "case_id", "kind", "legal_basis", "start_event", "start_date", "length", "unit",
                      "roll_over", "extension_length", "extension_cap", "paused_days", "calendar_version", "due_date",
                      "provisional", "explanation", "state", "done_date", "user_id",
                      "create_uid", "create_date", "write_uid", "write_date"],
}
CLOSED_BOOL_DEFAULTS = {"act_real_estate": False, "application_late": False, "beyond_absolute_limit": False,
                        "deemed_accepted": False, "facts_clear": True, "decided_on_time": False}


def current_count(cr):
    cr.execute("SELECT COUNT(*) FROM fuyi_reconsideration")
    return cr.fetchone()[0]


def extend_to(env, master, total, batch=20000, log=print):
    """Add generated cases until the database holds ``total`` reconsideration cases; commits."""
    cr = env.cr
    have = current_count(cr)
    if have >= total:
        return have
    calendar = env["fuyi.calendar.day"]._work_calendar()
    gen = Generator(master, calendar)
    agents = _ensure_agents(env, master, gen)
    postgres = cr.dialect.__class__.__name__.lower().startswith("postgres")
    start = have
    while start < total:
        stop = min(total, start + batch)
        rows = _rows(cr, gen, master, agents, start, stop)
        for table in ("res_partner", "fuyi_case", "fuyi_reconsideration", "fuyi_case_party", "fuyi_deadline"):
            _insert(cr, table, rows[table], postgres)
        _advance_numbers(env, master, rows["numbers"])
        cr.commit()
        log("  loaded cases %d–%d" % (start + 1, stop))
        start = stop
    if postgres:
        for table in TABLE_COLUMNS:
            cr.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT MAX(id) FROM " + table + "))",
                       [table])
        cr.commit()
        cr._cnx.autocommit = True
        try:
            cr._obj.execute("VACUUM ANALYZE")
        finally:
            cr._cnx.autocommit = False
    else:
        cr.execute("ANALYZE")
        cr.commit()
    return total


def _ensure_agents(env, master, gen):
    """400 lawyers (agents), shared by many cases, created once."""
    Partner = env["res.partner"]
    agents = Partner.search([("ref", "=like", "bench-agent-%")], order="id").ids
    if not agents:
        rng = random.Random(gen.seed)
        vals = []
        for i in range(400):
            p = gen._partner(rng, "person")
            p["ref"] = "bench-agent-%d" % i
            p["function"] = "律师"
            vals.append(p)
        agents = Partner.create(vals).ids
        env.cr.commit()
    return agents


def _next_ids(cr, table):
    cr.execute("SELECT COALESCE(MAX(id), 0) FROM " + table)
    return cr.fetchone()[0] + 1


def _rows(cr, gen, master, agents, start, stop):
    identifiers = gen.identifiers
    key = master["digest_key"].encode()
    now = datetime.datetime(2026, 11, 25, 8, 0, 0)
    uid = master["admin"]
    audit = [uid, now, uid, now]
    ids = {t: _next_ids(cr, t) for t in TABLE_COLUMNS}
    numbers = _numbers_in_use(cr, master)
    rows = {t: [] for t in TABLE_COLUMNS}
    used = {}
    for index in range(start, stop):
        case, rec, parties, deadlines = gen.case(index)
        case_id = ids["fuyi_case"]
        ids["fuyi_case"] += 1
        year = case["date_received"].year
        used[year] = used.get(year, numbers.get(year, 0)) + 1
        seq = master["sequence"]
        name = "%s%0*d%s" % (seq["prefix"].replace("%(range_year)s", str(year)), seq["padding"], used[year],
                             seq["suffix"].replace("%(range_year)s", str(year)))
        rows["fuyi_case"].append([case_id, name, "reconsideration", case["title"], case["agency_id"],
                                  case["applicant_names"], case["date_received"], case["next_due_date"],
                                  case["user_id"], 1, True] + audit)
        rec_row = dict(CLOSED_BOOL_DEFAULTS, **rec)
        rows["fuyi_reconsideration"].append(
            [ids["fuyi_reconsideration"], case_id] + [rec_row.get(c) for c in TABLE_COLUMNS["fuyi_reconsideration"][2:-4]]
            + audit)
        ids["fuyi_reconsideration"] += 1
        for seq_no, (who, role, primary) in enumerate(parties, 1):
            if isinstance(who, tuple):
                partner_id = who[1] if who[0] == "agency" else agents[who[1]]
            else:
                partner_id = ids["res_partner"]
                ids["res_partner"] += 1
                ident = who.get("id_number") or who.get("uscc")
                rows["res_partner"].append([
                    partner_id, who["name"], True, who["is_company"], "contact", "zh_CN", "Asia/Shanghai", 1,
                    COUNTY + "某街道%d号" % (index % 300 + 1), who["party_kind"], who.get("id_number"),
                    identifiers.mask_id_number(who["id_number"]) if who.get("id_number") else None,
                    who.get("uscc"), identifiers.identifier_digest(ident, key), partner_id] + audit)
            rows["fuyi_case_party"].append([ids["fuyi_case_party"], case_id, partner_id, role, primary,
                                            seq_no * 10] + audit)
            ids["fuyi_case_party"] += 1
        for d in deadlines:
            rows["fuyi_deadline"].append([
                ids["fuyi_deadline"], d["name"], case_id, d["kind"], d["legal_basis"], d["start_event"],
                d["start_date"], d["length"], d["unit"], True, 0, d["extension_cap"], 0, 0, d["due_date"],
                d["provisional"], d["explanation"], d["state"], d["done_date"], case["user_id"]] + audit)
            ids["fuyi_deadline"] += 1
    rows["numbers"] = used
    return rows


def _numbers_in_use(cr, master):
    """Highest case number drawn per year, from the sequence's yearly ranges."""
    cr.execute("SELECT date_from, number_next FROM ir_sequence_date_range WHERE sequence_id = %s",
               [master["sequence"]["id"]])
    out = {}
    for date_from, number_next in cr.fetchall():
        year = int(str(date_from)[:4])
        out[year] = max(out.get(year, 0), number_next - 1)
    return out


def _advance_numbers(env, master, numbers):
    """Move each year's range of the case sequence past the numbers just used, so W1 draws new ones."""
    Seq = env["ir.sequence"].sudo().browse(master["sequence"]["id"])
    Range = env["ir.sequence.date_range"].sudo()
    for year, last in numbers.items():
        day = datetime.date(year, 6, 30)
        rng = Range.search([("sequence_id", "=", Seq.id), ("date_from", "<=", day), ("date_to", ">=", day)], limit=1)
        if not rng:
            rng = Seq._create_date_range_seq(day)
        env.cr.flush()
        env.cr.execute("UPDATE ir_sequence_date_range SET number_next = %s WHERE id = %s", [last + 1, rng.id])
    env.invalidate_all()


def _insert(cr, table, rows, postgres):
    if not rows:
        return
    cols = TABLE_COLUMNS[table]
    if postgres:
        buf = io.StringIO()
        writer = csv.writer(buf)
        for row in rows:
            writer.writerow(["\\N" if v is None else ("t" if v is True else "f" if v is False else v) for v in row])
        buf.seek(0)
        cr._obj.copy_expert("COPY %s (%s) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
                            % (table, ", ".join('"%s"' % c for c in cols)), buf)
    else:
        cr._obj.executemany("INSERT INTO %s (%s) VALUES (%s)" % (table, ", ".join('"%s"' % c for c in cols),
                                                                ", ".join("?" * len(cols))),
                            [[str(v) if isinstance(v, (datetime.date, datetime.datetime)) else v
                              for v in row] for row in rows])
