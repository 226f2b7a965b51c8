"""Peer: Django ORM models of the same tables (bench/djapp, managed=False), doing W1–W3."""
import datetime
import os
import time
from urllib.parse import unquote, urlsplit

from bench import common

NOW = datetime.datetime(2026, 11, 25, 8, 0, 0)


def setup(ctx):
    import django
    from django.conf import settings
    if ctx["db_url"]:
        p = urlsplit(ctx["db_url"])
        db = {"ENGINE": "django.db.backends.postgresql", "NAME": ctx["db"], "HOST": p.hostname, "PORT": p.port,
              "USER": unquote(p.username or ""), "PASSWORD": unquote(p.password or "")}
    else:
        db = {"ENGINE": "django.db.backends.sqlite3",
              "NAME": os.path.join(ctx["data_dir"], "databases", ctx["db"] + ".sqlite3")}
    settings.configure(DATABASES={"default": db}, INSTALLED_APPS=["bench.djapp"], USE_TZ=False,
                       DEFAULT_AUTO_FIELD="django.db.models.AutoField")
    django.setup()


def run(ctx):
    setup(ctx)
    out = {}
    workloads = set(ctx["workloads"])
    if "W1" in workloads:
        out.update(w1(ctx))
    if "W2" in workloads:
        out.update(w2(ctx))
    if "W3" in workloads:
        out.update(w3(ctx))
    return out


class _Rollback(Exception):
    pass


def w1(ctx):
    """Intake batched as fazhi batches it: per batch of W1_BATCH one ``bulk_create`` per table
    (ids returned on PostgreSQL and SQLite), per case the counter update fazhi does."""
    from django.db import connection, transaction
    from django.db.models import F
    from bench.djapp.models import CalendarDay, Case, CaseParty, Deadline, Partner, Reconsideration
    identifiers, _periods, _workdays = common.fuyi_tools()
    m = ctx["master"]
    key = m["digest_key"].encode()
    seq = m["sequence"]
    uid = m["clerks"][0]
    audit = dict(create_uid=uid, create_date=NOW, write_uid=uid, write_date=NOW)
    calendar = common.work_calendar(CalendarDay.objects.values_list("date", "kind"))
    batches = common.intake_batches(ctx, ctx["w1_cases"])
    postgresql = connection.vendor == "postgresql"

    def scalar(sql):
        with connection.cursor() as cr:
            cr.execute(sql)
            return cr.fetchone()[0]
    n = 0
    try:
        with transaction.atomic():
            rows_before = common.w1_row_count(scalar)
            t0 = time.perf_counter()
            for items in batches:
                partners = Partner.objects.bulk_create([
                    Partner(name=pvals["name"], active=True, is_company=pvals.get("is_company", False),
                            type="contact", lang="zh_CN", company_id=1, party_kind=pvals["party_kind"],
                            id_number=pvals.get("id_number"), uscc=pvals.get("uscc"),
                            identifier_digest=identifiers.identifier_digest(
                                pvals.get("id_number") or pvals.get("uscc"), key),
                            id_number_masked=identifiers.mask_id_number(pvals["id_number"])
                            if pvals.get("id_number") else None, **audit) for pvals, _c in items])
                Partner.objects.filter(pk__in=[p.pk for p in partners]).update(commercial_partner_id=F("id"))
                cases, case_deadlines = [], []
                for pvals, cvals in items:
                    received = cvals["date_received"]
                    number = _next_number(connection, seq, received, postgresql)
                    deadlines = common.review_deadline_rows(calendar, received)
                    case_deadlines.append(deadlines)
                    cases.append(Case(
                        name=common.case_number(seq, received.year, number), case_type="reconsideration",
                        title=cvals["title"], agency_id=cvals["agency_id"], applicant_names=pvals["name"],
                        date_received=received, next_due_date=min(d["due_date"] for d in deadlines),
                        user_id=cvals["user_id"], company_id=1, active=True, **audit))
                Case.objects.bulk_create(cases)
                Reconsideration.objects.bulk_create([
                    Reconsideration(
                        case=case, state="review", channel=cvals["channel"], request=cvals["request"],
                        facts_reasons=cvals["facts_reasons"], act_description=cvals["act_description"],
                        act_date=cvals["act_date"], act_known_date=cvals["act_known_date"],
                        act_real_estate=cvals["act_real_estate"],
                        application_due_date=cvals["act_known_date"] + datetime.timedelta(days=60),
                        application_late=False, beyond_absolute_limit=False, procedure="ordinary", facts_clear=True,
                        **audit) for case, (_p, cvals) in zip(cases, items)])
                CaseParty.objects.bulk_create([
                    party for case, partner, (_p, cvals) in zip(cases, partners, items) for party in (
                        CaseParty(case=case, partner=partner, role="applicant", is_primary=True, sequence=10, **audit),
                        CaseParty(case=case, partner_id=cvals["agency_id"], role="respondent", is_primary=False,
                                  sequence=10, **audit))])
                Deadline.objects.bulk_create([
                    Deadline(case=case, roll_over=True, extension_length=0, paused_days=0, calendar_version=0,
                             state="open", user_id=cvals["user_id"], **d, **audit)
                    for case, deadlines, (_p, cvals) in zip(cases, case_deadlines, items) for d in deadlines])
                n += len(items)
            elapsed = time.perf_counter() - t0
            rows = common.w1_row_count(scalar) - rows_before
            raise _Rollback()
    except _Rollback:
        pass
    return {"W1_cases_per_s": n / elapsed, "W1_rows_per_case": rows / n}


def _next_number(connection, seq, received, postgresql):
    """The case number counter, drawn per case as fazhi draws it (ir_sequence._row_counter_next);
    Django's update() returns no values, so this is its documented raw-SQL escape hatch."""
    with connection.cursor() as cr:
        cr.execute("SELECT id FROM ir_sequence_date_range WHERE sequence_id = %s AND date_from <= %s "
                   "AND date_to >= %s" + (" FOR UPDATE" if postgresql else ""), [seq["id"], received, received])
        range_id = cr.fetchone()[0]
        cr.execute("UPDATE ir_sequence_date_range SET number_next = number_next + 1 WHERE id = %s "
                   "RETURNING number_next - 1", [range_id])
        return cr.fetchone()[0]


def w2(ctx):
    from django.db.models import F
    from bench.djapp.models import Reconsideration
    p = common.w2_params(ctx)
    out = {}
    for key, states, overdue in (("W2", p["states"], True), ("W2b", p["states"] + ["decided"], False)):
        qs = (Reconsideration.objects.select_related("case__agency", "case__user__partner")
              .filter(case__active=True, state__in=states, case__agency_id=p["agency_id"],
                      case__date_received__gte=p["date_from"], case__date_received__lte=p["date_to"]))
        if overdue:
            qs = qs.filter(case__next_due_date__lt=p["overdue_before"])
        qs = qs.order_by(F("case__next_due_date").asc(nulls_last=True), "id")

        def query():
            return [{"id": r.id, "name": r.case.name, "date_received": r.case.date_received,
                     "applicant_names": r.case.applicant_names,
                     "agency_id": (r.case.agency.id, r.case.agency.name) if r.case.agency else False,
                     "procedure": r.procedure, "next_due_date": r.case.next_due_date,
                     "user_id": (r.case.user.id, r.case.user.partner.name) if r.case.user else False,
                     "state": r.state} for r in qs.all()[:80]]
        seconds, rows = common.timed(query)
        out[key + "_ms"] = seconds * 1000
        out[key + "_rows"] = len(rows)
    return out


def w3(ctx):
    from django.db.models import Count
    from django.db.models.functions import TruncMonth
    from bench.djapp.models import Reconsideration
    base = Reconsideration.objects.filter(case__active=True)
    queries = {
        "W3a": lambda: list(base.annotate(month=TruncMonth("case__date_received")).values("state", "month")
                            .annotate(n=Count("id")).order_by("state", "month")),
        "W3b": lambda: list(base.values("case__agency_id", "case__agency__name", "decision_type")
                            .annotate(n=Count("id")).order_by("case__agency__name", "decision_type")),
    }
    out = {}
    for key, query in queries.items():
        seconds, rows = common.timed(query)
        out[key + "_ms"] = seconds * 1000
        out[key + "_groups"] = len(rows)
    return out
