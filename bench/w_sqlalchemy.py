"""Peer: SQLAlchemy 2 ORM models of the same tables, doing W1–W3."""
import datetime
import os
import time

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, create_engine, func, select, text, update
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, joinedload, mapped_column, relationship

from bench import common

NOW = datetime.datetime(2026, 11, 25, 8, 0, 0)


class Base(DeclarativeBase):
    pass


class Audit:
    create_uid: Mapped[int | None] = mapped_column(Integer)
    create_date: Mapped[datetime.datetime | None] = mapped_column(DateTime)
    write_uid: Mapped[int | None] = mapped_column(Integer)
    write_date: Mapped[datetime.datetime | None] = mapped_column(DateTime)


class Partner(Audit, Base):
    __tablename__ = "res_partner"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str | None] = mapped_column(String)
    active: Mapped[bool | None] = mapped_column(Boolean)
    is_company: Mapped[bool | None] = mapped_column(Boolean)
    type: Mapped[str | None] = mapped_column(String)
    lang: Mapped[str | None] = mapped_column(String)
    company_id: Mapped[int | None] = mapped_column(Integer)
    party_kind: Mapped[str | None] = mapped_column(String)
    id_number: Mapped[str | None] = mapped_column(String)
    id_number_masked: Mapped[str | None] = mapped_column(String)
    uscc: Mapped[str | None] = mapped_column(String)
    identifier_digest: Mapped[str | None] = mapped_column(String)
    commercial_partner_id: Mapped[int | None] = mapped_column(Integer)


class User(Base):
    __tablename__ = "res_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("res_partner.id"))
    partner: Mapped[Partner] = relationship()


class SeqRange(Base):
    __tablename__ = "ir_sequence_date_range"
    id: Mapped[int] = mapped_column(primary_key=True)
    sequence_id: Mapped[int] = mapped_column(Integer)
    date_from: Mapped[datetime.date] = mapped_column(Date)
    date_to: Mapped[datetime.date] = mapped_column(Date)
    number_next: Mapped[int] = mapped_column(Integer)


class Case(Audit, Base):
    __tablename__ = "fuyi_case"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str | None] = mapped_column(String)
    case_type: Mapped[str] = mapped_column(String)
    title: Mapped[str | None] = mapped_column(String)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("res_partner.id"))
    applicant_names: Mapped[str | None] = mapped_column(String)
    date_received: Mapped[datetime.date] = mapped_column(Date)
    next_due_date: Mapped[datetime.date | None] = mapped_column(Date)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("res_users.id"))
    company_id: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool | None] = mapped_column(Boolean)
    agency: Mapped[Partner | None] = relationship(foreign_keys=[agency_id])
    user: Mapped[User | None] = relationship()
    parties: Mapped[list["CaseParty"]] = relationship(back_populates="case")
    deadlines: Mapped[list["Deadline"]] = relationship(back_populates="case")


class Reconsideration(Audit, Base):
    __tablename__ = "fuyi_reconsideration"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("fuyi_case.id"))
    case: Mapped[Case] = relationship()
    state: Mapped[str] = mapped_column(String)
    channel: Mapped[str] = mapped_column(String)
    request: Mapped[str | None] = mapped_column(Text)
    facts_reasons: Mapped[str | None] = mapped_column(Text)
    act_description: Mapped[str | None] = mapped_column(String)
    act_date: Mapped[datetime.date | None] = mapped_column(Date)
    act_known_date: Mapped[datetime.date | None] = mapped_column(Date)
    act_real_estate: Mapped[bool | None] = mapped_column(Boolean)
    application_due_date: Mapped[datetime.date | None] = mapped_column(Date)
    application_late: Mapped[bool | None] = mapped_column(Boolean)
    beyond_absolute_limit: Mapped[bool | None] = mapped_column(Boolean)
    procedure: Mapped[str | None] = mapped_column(String)
    facts_clear: Mapped[bool | None] = mapped_column(Boolean)
    decision_type: Mapped[str | None] = mapped_column(String)


class CaseParty(Audit, Base):
    __tablename__ = "fuyi_case_party"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("fuyi_case.id"))
    case: Mapped[Case] = relationship(back_populates="parties")
    partner_id: Mapped[int] = mapped_column(ForeignKey("res_partner.id"))
    partner: Mapped[Partner] = relationship()
    role: Mapped[str] = mapped_column(String)
    is_primary: Mapped[bool | None] = mapped_column(Boolean)
    sequence: Mapped[int | None] = mapped_column(Integer)


class Deadline(Audit, Base):
    __tablename__ = "fuyi_deadline"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String)
    case_id: Mapped[int] = mapped_column(ForeignKey("fuyi_case.id"))
    case: Mapped[Case] = relationship(back_populates="deadlines")
    kind: Mapped[str | None] = mapped_column(String)
    legal_basis: Mapped[str] = mapped_column(String)
    start_event: Mapped[str | None] = mapped_column(String)
    start_date: Mapped[datetime.date] = mapped_column(Date)
    length: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String)
    roll_over: Mapped[bool | None] = mapped_column(Boolean)
    extension_length: Mapped[int | None] = mapped_column(Integer)
    paused_days: Mapped[int | None] = mapped_column(Integer)
    calendar_version: Mapped[int | None] = mapped_column(Integer)
    due_date: Mapped[datetime.date | None] = mapped_column(Date)
    provisional: Mapped[bool | None] = mapped_column(Boolean)
    explanation: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String)
    user_id: Mapped[int | None] = mapped_column(Integer)


class CalendarDay(Base):
    __tablename__ = "fuyi_calendar_day"
    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[datetime.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String)


def engine_for(ctx):
    if ctx["db_url"]:
        url = ctx["db_url"].rsplit("/", 1)[0] + "/" + ctx["db"]
        return create_engine(url.replace("postgresql://", "postgresql+psycopg2://", 1))
    return create_engine("sqlite:///" + os.path.join(ctx["data_dir"], "databases", ctx["db"] + ".sqlite3"))


def run(ctx):
    engine = engine_for(ctx)
    out = {}
    workloads = set(ctx["workloads"])
    try:
        if "W1" in workloads:
            out.update(w1(ctx, engine))
        if "W2" in workloads:
            out.update(w2(ctx, engine))
        if "W3" in workloads:
            out.update(w3(ctx, engine))
    finally:
        engine.dispose()
    return out


def w1(ctx, engine):
    """Intake batched as fazhi batches it: per batch of W1_BATCH one flush (SQLAlchemy's
    multi-row "insertmanyvalues" INSERT per table), per case the counter update fazhi does."""
    identifiers, _periods, _workdays = common.fuyi_tools()
    m = ctx["master"]
    key = m["digest_key"].encode()
    seq = m["sequence"]
    uid = m["clerks"][0]
    batches = common.intake_batches(ctx, ctx["w1_cases"])
    n = 0
    with Session(engine) as session:
        calendar = common.work_calendar(session.execute(select(CalendarDay.date, CalendarDay.kind)).all())
        audit = dict(create_uid=uid, create_date=NOW, write_uid=uid, write_date=NOW)
        postgresql = engine.dialect.name == "postgresql"

        def scalar(sql):
            return session.execute(text(sql)).scalar_one()
        rows_before = common.w1_row_count(scalar)
        t0 = time.perf_counter()
        for items in batches:
            partners = []
            with session.no_autoflush:
                for pvals, cvals in items:
                    ident = pvals.get("id_number") or pvals.get("uscc")
                    partner = Partner(name=pvals["name"], active=True, is_company=pvals.get("is_company", False),
                                      type="contact", lang="zh_CN", company_id=1, party_kind=pvals["party_kind"],
                                      id_number=pvals.get("id_number"), uscc=pvals.get("uscc"),
                                      id_number_masked=identifiers.mask_id_number(pvals["id_number"])
                                      if pvals.get("id_number") else None,
                                      identifier_digest=identifiers.identifier_digest(ident, key), **audit)
                    partners.append(partner)
                    received = cvals["date_received"]
                    number = _next_number(session, seq, received, postgresql)
                    deadlines = [Deadline(roll_over=True, extension_length=0, paused_days=0, calendar_version=0,
                                          state="open", user_id=cvals["user_id"], **d, **audit)
                                 for d in common.review_deadline_rows(calendar, received)]
                    case = Case(name=common.case_number(seq, received.year, number), case_type="reconsideration",
                                title=cvals["title"], agency_id=cvals["agency_id"], applicant_names=pvals["name"],
                                date_received=received, next_due_date=min(d.due_date for d in deadlines),
                                user_id=cvals["user_id"], company_id=1, active=True, deadlines=deadlines, **audit)
                    case.parties = [CaseParty(partner=partner, role="applicant", is_primary=True, sequence=10, **audit),
                                    CaseParty(partner_id=cvals["agency_id"], role="respondent", is_primary=False,
                                              sequence=10, **audit)]
                    session.add(Reconsideration(
                        case=case, state="review", channel=cvals["channel"], request=cvals["request"],
                        facts_reasons=cvals["facts_reasons"], act_description=cvals["act_description"],
                        act_date=cvals["act_date"], act_known_date=cvals["act_known_date"],
                        act_real_estate=cvals["act_real_estate"],
                        application_due_date=cvals["act_known_date"] + datetime.timedelta(days=60),
                        application_late=False, beyond_absolute_limit=False, procedure="ordinary", facts_clear=True,
                        **audit))
            session.flush()
            session.execute(update(Partner.__table__).where(Partner.__table__.c.id.in_([p.id for p in partners]))
                            .values(commercial_partner_id=Partner.__table__.c.id))
            n += len(items)
        elapsed = time.perf_counter() - t0
        rows = common.w1_row_count(scalar) - rows_before
        session.rollback()
    return {"W1_cases_per_s": n / elapsed, "W1_rows_per_case": rows / n}


def _next_number(session, seq, received, postgresql):
    """The case number counter, drawn per case as fazhi draws it (ir_sequence._row_counter_next)."""
    table = SeqRange.__table__
    stmt = select(table.c.id).where(table.c.sequence_id == seq["id"], table.c.date_from <= received,
                                    table.c.date_to >= received)
    range_id = session.execute(stmt.with_for_update() if postgresql else stmt).scalar_one()
    return session.execute(update(table).where(table.c.id == range_id)
                           .values(number_next=table.c.number_next + 1)
                           .returning(table.c.number_next - 1)).scalar_one()


def w2(ctx, engine):
    p = common.w2_params(ctx)
    out = {}
    with Session(engine) as session:
        for key, states, overdue in (("W2", p["states"], True), ("W2b", p["states"] + ["decided"], False)):
            stmt = (select(Reconsideration).join(Reconsideration.case)
                    .options(joinedload(Reconsideration.case).joinedload(Case.agency),
                             joinedload(Reconsideration.case).joinedload(Case.user).joinedload(User.partner))
                    .where(Case.active.is_(True), Reconsideration.state.in_(states),
                           Case.agency_id == p["agency_id"], Case.date_received >= p["date_from"],
                           Case.date_received <= p["date_to"]))
            if overdue:
                stmt = stmt.where(Case.next_due_date < p["overdue_before"])
            stmt = stmt.order_by(Case.next_due_date.asc().nulls_last(), Reconsideration.id).limit(80)

            def query():
                session.expunge_all()   # a fresh identity map, like a new request
                return [{"id": r.id, "name": r.case.name, "date_received": r.case.date_received,
                         "applicant_names": r.case.applicant_names,
                         "agency_id": (r.case.agency.id, r.case.agency.name) if r.case.agency else False,
                         "procedure": r.procedure, "next_due_date": r.case.next_due_date,
                         "user_id": (r.case.user.id, r.case.user.partner.name) if r.case.user else False,
                         "state": r.state} for r in session.scalars(stmt).unique()]
            seconds, rows = common.timed(query)
            out[key + "_ms"] = seconds * 1000
            out[key + "_rows"] = len(rows)
    return out


def w3(ctx, engine):
    out = {}
    with Session(engine) as session:
        if engine.dialect.name == "sqlite":
            month = func.strftime("%Y-%m-01", Case.date_received)
        else:
            month = func.date_trunc("month", Case.date_received)
        stmts = {
            "W3a": select(Reconsideration.state, month, func.count(Reconsideration.id)).join(Reconsideration.case)
            .where(Case.active.is_(True)).group_by(Reconsideration.state, month).order_by(Reconsideration.state, month),
            "W3b": select(Case.agency_id, Partner.name, Reconsideration.decision_type, func.count(Reconsideration.id))
            .join(Reconsideration.case).outerjoin(Partner, Partner.id == Case.agency_id)
            .where(Case.active.is_(True))
            .group_by(Case.agency_id, Partner.name, Reconsideration.decision_type)
            .order_by(Partner.name, Reconsideration.decision_type),
        }
        for key, stmt in stmts.items():
            seconds, rows = common.timed(lambda: session.execute(stmt).all())
            out[key + "_ms"] = seconds * 1000
            out[key + "_groups"] = len(rows)
    return out
