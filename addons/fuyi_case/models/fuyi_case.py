import re

from flectra import api, fields, models, _
from flectra.exceptions import UserError

from ..tools import periods
from ..tools.citations import chinese_number

DEADLINE_STATES = [("none", "No open deadline"), ("green", "On time"), ("amber", "Due soon"), ("red", "Overdue")]
DEFAULT_AMBER_WORKDAYS = 3


class FuyiCase(models.Model):
    """The common case shared by every procedure; each addon's case type delegates to it.

    Number, parties, agency, dates, deadlines and links live here, so "all cases of this agency"
    or "all deadlines due this week" is one search over every procedure.
    """

    _name = "fuyi.case"
    _description = "Case"
    _order = "date_received desc, id desc"   #: newest first

    name = fields.Char(string="Case number", copy=False, index=True, readonly=True,
                       help="Assigned when the case is registered, in the official 〔year〕 format")
    case_type = fields.Selection([("reconsideration", "Administrative reconsideration")], required=True,
                                 index=True)
    title = fields.Char(help="Short description of the dispute")
    agency_id = fields.Many2one("res.partner", string="Agency concerned", index=True,
                                domain=[("party_kind", "=", "agency")])
    party_ids = fields.One2many("fuyi.case.party", "case_id", string="Parties")
    applicant_names = fields.Char(compute="_compute_party_names", store=True)
    dispute_id = fields.Many2one("fuyi.dispute", string="Dispute", index=True)
    related_case_ids = fields.Many2many("fuyi.case", "fuyi_case_related_rel", "case_id", "related_id",
                                        string="Related cases")
    date_received = fields.Date(required=True, default=fields.Date.context_today, index=True)
    deadline_ids = fields.One2many("fuyi.deadline", "case_id", string="Deadlines")
    next_due_date = fields.Date(compute="_compute_next_due", store=True, index=True)
    user_id = fields.Many2one("res.users", string="Handling officer", index=True,
                              default=lambda self: self.env.user)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    active = fields.Boolean(default=True)
    document_ids = fields.One2many("fuyi.document", "case_id", string="Documents")
    service_ids = fields.One2many("fuyi.service", "case_id", string="Service records")
    deadline_state = fields.Selection(DEADLINE_STATES, string="Deadline status", compute="_compute_deadline_badge",
                                      search="_search_deadline_state",
                                      help="Red: an open deadline is overdue; amber: the nearest one is due within "
                                           "a few working days; green: otherwise")
    deadline_explanation = fields.Text(string="Deadline explanation", compute="_compute_deadline_badge",
                                       help="Which deadline, its legal basis and due date, and why this date")
    deadline_provisional = fields.Boolean(string="Provisional date", compute="_compute_deadline_badge",
                                          help="The nearest deadline was counted over a year whose holiday notice "
                                               "is not loaded yet")

    _sql_constraints = [("name_type_unique", "unique(case_type, name)", "Case numbers are unique per case type.")]

    @api.depends("party_ids.partner_id", "party_ids.role")
    def _compute_party_names(self):
        for case in self:
            applicants = case.party_ids.filtered(lambda p: p.role in ("applicant", "plaintiff"))
            case.applicant_names = "、".join(applicants.mapped("partner_id.name")) or False

    @api.depends("deadline_ids.due_date", "deadline_ids.state")
    def _compute_next_due(self):
        for case in self:
            dates = [d.due_date for d in case.deadline_ids if d.state == "open" and d.due_date]
            case.next_due_date = min(dates) if dates else False

    # --- deadline badge (green / amber / red) ---
    @api.model
    def _amber_workdays(self):
        text = self.env["ir.config_parameter"].sudo().get_param("fuyi_case.deadline_amber_workdays",
                                                                str(DEFAULT_AMBER_WORKDAYS))
        try:
            value = int(str(text).strip())
        except ValueError:
            return DEFAULT_AMBER_WORKDAYS
        return value if value >= 0 else DEFAULT_AMBER_WORKDAYS

    @api.model
    def _amber_limit(self, calendar, today, amber_days):
        """Last day of the amber window: ``amber_days`` working days after today."""
        return periods.add_working_days(calendar, today, amber_days).date

    @api.model
    def _search_deadline_state(self, operator, value):
        """Same rule as the badge, on the stored nearest open due date (next_due_date)."""
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(_("Unsupported search on the deadline status: %(operator)s.", operator=operator))
        values = [value] if operator in ("=", "!=") else list(value or ())
        today = fields.Date.context_today(self)
        limit = self._amber_limit(self.env["fuyi.calendar.day"]._work_calendar(), today, self._amber_workdays())
        domains = {"none": [("next_due_date", "=", False)], "red": [("next_due_date", "<", today)],
                   "amber": ["&", ("next_due_date", ">=", today), ("next_due_date", "<=", limit)],
                   "green": [("next_due_date", ">", limit)]}
        # the four states split every case: "not red" is "none, amber or green" (no NULL surprises)
        states = set(values) if operator in ("=", "in") else set(domains) - set(values)
        chosen = [domains[state] for state in sorted(states) if state in domains]
        if not chosen:
            return [("id", "in", [])]
        return ["|"] * (len(chosen) - 1) + [term for part in chosen for term in part]

    @api.depends("deadline_ids.due_date", "deadline_ids.state")
    @api.depends_context("lang", "tz")
    def _compute_deadline_badge(self):
        """Computed on every read: the colour depends on today, the text on the reader's language."""
        today = fields.Date.context_today(self)
        calendar = self.env["fuyi.calendar.day"]._work_calendar() if self else None
        amber_days = self._amber_workdays()
        amber_limit = self._amber_limit(calendar, today, amber_days) if calendar else today
        for case in self:
            deadlines = case.deadline_ids.filtered(lambda d: d.state == "open" and d.due_date).sorted(
                lambda d: (d.due_date, d.id))
            if not deadlines:
                case.deadline_state = "none"
                case.deadline_explanation = False
                case.deadline_provisional = False
                continue
            nearest = deadlines[0]
            if nearest.due_date < today:
                state = "red"
                status = _("Overdue since %(date)s (%(n)s days late).", date=nearest.due_date,
                           n=(today - nearest.due_date).days)
            elif nearest.due_date <= amber_limit:
                state = "amber"
                status = (_("Due today.") if nearest.due_date == today else
                          _("Due within %(n)s working days.", n=amber_days))
            else:
                state = "green"
                status = _("Due in %(n)s days.", n=(nearest.due_date - today).days)
            lines = [_("%(name)s (%(basis)s), due %(date)s.", name=self.env._(nearest.name),
                       basis=cite(nearest.legal_basis, self.env), date=nearest.due_date), status]
            if nearest.provisional:
                lines.append(_("Provisional: the holiday calendar of a year it depends on is not loaded yet."))
            overdue = len(deadlines.filtered(lambda d: d.due_date < today))
            if overdue > 1:
                lines.append(_("%(n)s open deadlines are overdue: see the Deadlines tab.", n=overdue))
            elif len(deadlines) > 1:
                lines.append(_("%(n)s more open deadline(s) later: see the Deadlines tab.", n=len(deadlines) - 1))
            lines += ["", _("Why this date:")] + nearest._explanation_lines(calendar)
            case.deadline_state = state
            case.deadline_explanation = "\n".join(lines)
            case.deadline_provisional = nearest.provisional

    # --- numbering ---
    def _sequence_code(self):
        return "fuyi.case.%s" % self.case_type

    def _assign_number(self):
        """Gap-free number per case type and year of receipt (一案一号)."""
        for case in self.filtered(lambda c: not c.name):
            number = self.env["ir.sequence"].sudo().next_by_code(case._sequence_code(),
                                                                 sequence_date=case.date_received)
            if not number:
                raise UserError(_("No case number sequence is configured for %(type)s (code %(code)s).",
                                  type=case.case_type, code=case._sequence_code()))
            case.name = number

    @api.model
    def _number_new_case_vals(self, vals_list):
        """``_assign_number`` for cases about to be created: draws the number of each ``vals``
        without a name (in the order of ``vals_list``) and puts it in the values."""
        today = None
        sequences = {}   # code -> ir.sequence: one look-up per batch instead of one per case
        Sequence = self.env["ir.sequence"].sudo()
        for vals in vals_list:
            if vals.get("name"):
                continue
            case_type = vals.get("case_type")
            code = "fuyi.case.%s" % case_type
            if code not in sequences:
                # the sequence next_by_code would take: the current company's before a shared one
                sequences[code] = Sequence.search([("code", "=", code),
                                                   ("company_id", "in", [self.env.company.id, False])],
                                                  order="company_id", limit=1)
            if not sequences[code]:
                raise UserError(_("No case number sequence is configured for %(type)s (code %(code)s).",
                                  type=case_type, code=code))
            received = vals.get("date_received")
            if not received:
                today = today or self.default_get(["date_received"]).get("date_received")
                received = today
            vals["name"] = sequences[code].next_by_id(sequence_date=received)

    # --- deadlines ---
    def _add_deadline(self, kind, name, legal_basis, start_date, length, unit, **extra):
        self.ensure_one()
        return self.env["fuyi.deadline"].create(
            self._deadline_vals(kind, name, legal_basis, start_date, length, unit, **extra))

    def _deadline_vals(self, kind, name, legal_basis, start_date, length, unit, **extra):
        """Values of a new deadline of this case (to create several in one call)."""
        self.ensure_one()
        return dict(kind=kind, name=name, legal_basis=legal_basis, start_date=start_date, length=length,
                    unit=unit, case_id=self.id, user_id=self.user_id.id, **extra)

    def _deadline(self, kind, states=("open", "paused")):
        self.ensure_one()
        return self.deadline_ids.filtered(lambda d: d.kind == kind and d.state in states)

    def _log_deadline_moved(self, deadline, old, reason):
        """Override hook: case types with a chatter post the move there."""
        return True

    def action_open_history(self):
        """Every case of the same parties and agency, over all procedures."""
        self.ensure_one()
        partners = self.party_ids.mapped("partner_id") | self.agency_id
        return self.search(["|", ("party_ids.partner_id", "in", partners.ids), ("agency_id", "in", partners.ids)]).ids


# --- "why this date" in the reader's language ---------------------------------------------------
# tools/periods explains in English (it has no environment); each step pattern maps to a
# translatable message so the badge reads in the user's language. Unknown steps stay as they are.
_WEEKDAY = r"(?P<wd>Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_DATE = r"\d{4}-\d{2}-\d{2}"


def _weekday(name, env):
    return {"Mon": _("Mon"), "Tue": _("Tue"), "Wed": _("Wed"), "Thu": _("Thu"), "Fri": _("Fri"),
            "Sat": _("Sat"), "Sun": _("Sun")}.get(name, name)


def _rest_reason(text, env):
    text = text.strip()
    if text == "a statutory holiday":
        return _("a statutory holiday")
    match = re.fullmatch(r"an adjusted working (Saturday|Sunday), which this calendar treats as a rest day", text)
    if match:
        return _("an adjusted working day that this calendar treats as a rest day")
    if re.fullmatch(r"a (Saturday|Sunday|weekday) \(rest day\)", text):
        return _("a weekend (rest day)")
    return text


def _step_patterns():
    """(regex, translate(match)) for every step tools/periods writes."""
    return [
        (r"Start day (?P<d>%s) not counted \(CPL Art\. 85 para 2\)" % _DATE,
         lambda m, env: _("Start day %(date)s not counted (CPL Art. 85 para 2).", date=m["d"])),
        (r"Start day (?P<d>%s) not counted \(CPL Art\. 85 para 2; Civil Code Art\. 201\)" % _DATE,
         lambda m, env: _("Start day %(date)s not counted (CPL Art. 85 para 2; Civil Code Art. 201).", date=m["d"])),
        (r"Start day (?P<d>%s) not counted \(Civil Code Art\. 201\)" % _DATE,
         lambda m, env: _("Start day %(date)s not counted (Civil Code Art. 201).", date=m["d"])),
        (r"(?P<n>\d+) working days counted, holidays and rest days skipped \((?P<b>.*)\)",
         lambda m, env: _("%(n)s working days counted, holidays and rest days skipped (%(basis)s).", n=m["n"],
                     basis=cite(m["b"], env))),
        (r"Counting back from (?P<d>%s), which is not counted \(CPL Art\. 85 para 2\)" % _DATE,
         lambda m, env: _("Counting back from %(date)s, which is not counted (CPL Art. 85 para 2).", date=m["d"])),
        (r"(?P<n>\d+) working days counted backwards, holidays and rest days skipped \((?P<b>.*)\)",
         lambda m, env: _("%(n)s working days counted backwards, holidays and rest days skipped (%(basis)s).",
                     n=m["n"], basis=cite(m["b"], env))),
        (r"Statutory holidays skipped: (?P<r>.*) \(State Council holiday notice\)",
         lambda m, env: _("Statutory holidays skipped: %(days)s (State Council holiday notice).",
                     days=m["r"].replace(" to ", " ~ "))),
        (r"Adjusted working day (?P<d>%s) \(%s\) counted as a working day \(State Council holiday notice\)"
         % (_DATE, _WEEKDAY),
         lambda m, env: _("Adjusted working day %(date)s (%(weekday)s) counted as a working day (State Council holiday "
                     "notice).", date=m["d"], weekday=_weekday(m["wd"], env))),
        (r"Adjusted working day (?P<d>%s) \(%s\) not counted: this calendar counts Monday to Friday only"
         % (_DATE, _WEEKDAY),
         lambda m, env: _("Adjusted working day %(date)s (%(weekday)s) not counted: this calendar counts Monday to "
                     "Friday only.", date=m["d"], weekday=_weekday(m["wd"], env))),
        (r"Last day: (?P<d>%s) \(%s\); no roll-over for this period" % (_DATE, _WEEKDAY),
         lambda m, env: _("Last day: %(date)s (%(weekday)s); no roll-over for this period.", date=m["d"],
                     weekday=_weekday(m["wd"], env))),
        (r"Last day: (?P<d>%s) \(%s\) \(provisional\)" % (_DATE, _WEEKDAY),
         lambda m, env: _("Last day: %(date)s (%(weekday)s), provisional.", date=m["d"],
                          weekday=_weekday(m["wd"], env))),
        (r"Last day: (?P<d>%s) \(%s\)" % (_DATE, _WEEKDAY),
         lambda m, env: _("Last day: %(date)s (%(weekday)s).", date=m["d"], weekday=_weekday(m["wd"], env))),
        (r"Raw end (?P<d>%s) is (?P<r>.*): moved to (?P<n>%s) \((?P<b>.*)\)" % (_DATE, _DATE),
         lambda m, env: _("The period would end on %(date)s, %(reason)s: moved to %(new)s (%(basis)s).", date=m["d"],
                     reason=_rest_reason(m["r"], env), new=m["n"], basis=cite(m["b"], env))),
        (r"Raw end (?P<d>%s) is a \w+ but an adjusted working day \(State Council holiday notice\): "
         r"not a rest day, no roll-over" % _DATE,
         lambda m, env: _("The period ends on %(date)s, a weekend day that is an adjusted working day (State Council "
                     "holiday notice): not a rest day, no roll-over.", date=m["d"])),
        (r"The holiday calendar for (?P<y>\d+) is not loaded: .*",
         lambda m, env: _("The holiday calendar for %(year)s is not loaded: only weekends and the fixed-date "
                          "statutory holidays (New Year's Day, 1-2 May, 1-3 October) were treated as rest days, so "
                          "this date is provisional until the State Council holiday notice for %(year)s is loaded.",
                          year=m["y"])),
        (r"Fixed-date statutory holidays skipped: (?P<r>.*) \(.*\)",
         lambda m, env: _("Fixed-date statutory holidays skipped: %(days)s (the national holiday measures, Art. 2).",
                          days=m["r"].replace(" to ", " ~ "))),
        (r"The period was suspended for (?P<n>\d+) days, which do not count \(ARL Art\. 39\): raw end moved from "
         r"(?P<d>%s) to (?P<new>%s) \(%s\)" % (_DATE, _DATE, _WEEKDAY),
         lambda m, env: _("The period was suspended for %(n)s days, which do not count (%(basis)s): the period would "
                          "now end on %(new)s (%(weekday)s) instead of %(date)s.", n=m["n"],
                          basis=cite("ARL Art. 39", env), new=m["new"], date=m["d"],
                          weekday=_weekday(m["wd"], env))),
        (r"Extended by (?P<n>\d+) (?P<unit>[a-z ]+), counted from the end of the original period, (?P<d>%s)" % _DATE,
         lambda m, env: _("Extended by %(n)s %(unit)s, counted from the end of the original period, %(date)s.",
                          n=m["n"], date=m["d"], unit={"working day": _("working days"), "working days": _("working days"),
                                                       "calendar day": _("days"), "calendar days": _("days"),
                                                       "month": _("months"), "months": _("months")}.get(m["unit"], m["unit"]))),
        (r"(?P<n>\d+) calendar days counted: raw end (?P<d>%s) \(%s\)" % (_DATE, _WEEKDAY),
         lambda m, env: _("%(n)s calendar days counted: the period would end on %(date)s (%(weekday)s).", n=m["n"],
                     date=m["d"], weekday=_weekday(m["wd"], env))),
        (r"(?P<n>\d+) months counted: (?P<ym>\d{4}-\d{2}) has no day (?P<day>\d+), so the raw end is the last day "
         r"of that month, (?P<d>%s) \(%s\) \(Civil Code Art\. 202\)" % (_DATE, _WEEKDAY),
         lambda m, env: _("%(n)s months counted: %(month)s has no day %(day)s, so the period would end on the "
                     "last day of that month, %(date)s (%(weekday)s) (Civil Code Art. 202).", n=m["n"], month=m["ym"],
                     day=m["day"], date=m["d"], weekday=_weekday(m["wd"], env))),
        (r"(?P<n>\d+) months counted: raw end on the corresponding day (?P<d>%s) \(%s\) \(Civil Code Art\. 202\)"
         % (_DATE, _WEEKDAY),
         lambda m, env: _("%(n)s months counted: the period would end on the corresponding day %(date)s (%(weekday)s) "
                     "(Civil Code Art. 202).", n=m["n"], date=m["d"], weekday=_weekday(m["wd"], env))),
        (r"(?P<n>\d+) years = (?P<m>\d+) months \(Civil Code Art\. 202\)",
         lambda m, env: _("%(n)s years = %(months)s months (Civil Code Art. 202).", n=m["n"], months=m["m"])),
    ]


def translate_step(step, env):
    """One step of tools/periods in the current language (the caller's environment decides)."""
    for pattern, render in _step_patterns():
        match = re.fullmatch(pattern, step)
        if match:
            return render(match, env)
    return step


_CITATION = re.compile(r"(?P<law>ARL|CPL|ALL|Civil Code) Arts?\. (?P<art>[\d–-]+)(?: para (?P<para>\d+))?"
                       r"(?: \((?P<item>\d+)\))?")
_ARTICLE = re.compile(r"(?<![\w.])Arts?\. (?P<art>[\d–-]+)(?: para (?P<para>\d+))?(?: \((?P<item>\d+)\))?")


def _article_number(text, env):
    """Article numbers are written in Chinese numerals in Chinese citations (第三十条第一款)."""
    if not (env.lang or "").startswith("zh"):
        return text
    return "至".join(chinese_number(part) for part in re.split(r"[–-]", text) if part.isdigit()) or text


def cite(basis, env):
    """'ARL Art. 30 para 1' in the current language (《行政复议法》第三十条第一款 in Chinese)."""
    if not basis:
        return basis

    def article(match, env, law=""):
        text = _("%(law)sArt. %(article)s", law=law, article=_article_number(match["art"], env))
        if match["para"]:
            text += _(" para %(para)s", para=_article_number(match["para"], env))
        if match["item"]:
            text += _(" item (%(item)s)", item=_article_number(match["item"], env))
        return text

    def with_law(match, env=env):
        law = {"ARL": _("ARL "), "CPL": _("CPL "), "ALL": _("ALL "), "Civil Code": _("Civil Code ")}[match["law"]]
        return article(match, env, law)

    parts = []
    for part in basis.split("; "):
        if _CITATION.match(part):
            parts.append(_CITATION.sub(with_law, part))
        else:
            parts.append(_ARTICLE.sub(lambda m: article(m, env), part))
    return _("; ").join(parts)


class FuyiDeadline(models.Model):
    _inherit = "fuyi.deadline"

    why_this_date = fields.Text(string="Why this date", compute="_compute_why_this_date",
                                help="The stored explanation, in the reader's language")

    @api.depends("explanation")
    @api.depends_context("lang")
    def _compute_why_this_date(self):
        calendar = self.env["fuyi.calendar.day"]._work_calendar() if self else None
        for deadline in self:
            deadline.why_this_date = "\n".join(deadline._explanation_lines(calendar)) if deadline.start_date else False

    def _explanation_lines(self, calendar):
        """The stored "why this date" rebuilt in the reader's language (same arithmetic as _compute_due)."""
        self.ensure_one()
        try:
            due = periods.compute_due(calendar, self.start_date, self.length, self.unit, roll_over=self.roll_over,
                                      paused_days=self.paused_days or 0, extension=self.extension_length or 0)
        except (ValueError, TypeError):
            return (self.explanation or "").splitlines()
        units = {"working_day": _("Working days"), "calendar_day": _("Calendar days"), "month": _("Months")}
        lines = [_("%(name)s (%(basis)s): %(length)s %(unit)s from %(start)s.", name=self.env._(self.name),
                   basis=cite(self.legal_basis, self.env), length=self.length, start=self.start_date,
                   unit=units.get(self.unit, self.unit))]
        lines += [translate_step(step, self.env) for step in due.steps]
        if self.extension_length:
            lines.append(_("Includes an approved extension of %(n)s (%(reason)s).", n=self.extension_length,
                           reason=self.extension_reason or ""))
        return lines
