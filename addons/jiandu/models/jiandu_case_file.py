from flectra import api, fields, models, _

from ..tools import checks, citations, enforcement_periods
from flectra.addons.fuyi_case.tools import workdays

ACT_KINDS = [("penalty", "Administrative penalty"), ("licence", "Administrative licence"),
             ("compulsion", "Administrative compulsion"), ("inspection", "Administrative inspection"),
             ("other", "Other enforcement act")]
FLAG_STATES = [("ok", "Met"), ("late", "Late"), ("missing", "Missing"), ("not_applicable", "Not applicable"),
               ("unknown", "Not enough data")]
REVIEW_STATES = [("registered", "Registered"), ("sampled", "Sampled"), ("reviewed", "Reviewed"),
                 ("disputed", "Disputed")]
SOURCES = [("manual", "Registered by hand"), ("import", "Imported")]


class FuyiCase(models.Model):
    _inherit = "fuyi.case"

    case_type = fields.Selection(selection_add=[("enforcement_file", "Enforcement case file"),
                                                ("supervision", "Enforcement supervision case")],
                                 ondelete={"enforcement_file": "cascade", "supervision": "cascade"})
    jiandu_reviewer_ids = fields.Many2many(
        "res.users", "jiandu_case_reviewer_rel", "case_id", "user_id", string="Assigned reviewers", readonly=True,
        copy=False, help="Set when a review campaign assigns the file; decides what a reviewer may read")


class JianduCaseFile(models.Model):
    """An enforcement case file (行政执法案卷) under review: a case of the shared model."""

    _name = "jiandu.case.file"
    _description = "Enforcement case file"
    _inherits = {"fuyi.case": "case_id"}
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_received desc, id desc"

    case_id = fields.Many2one("fuyi.case", required=True, ondelete="cascade", index=True)
    file_number = fields.Char(string="Agency file number", index=True, tracking=True,
                              help="The agency's own number of the decision or file, e.g. 县市监罚〔2026〕12号")
    external_ref = fields.Char(string="Platform reference", index=True, copy=False,
                               help="Identifier on the provincial enforcement platform (import key)")
    source = fields.Selection(SOURCES, default="manual", required=True, readonly=True)
    act_kind = fields.Selection(ACT_KINDS, string="Kind of act", default="penalty", required=True, index=True)
    enforcement_category = fields.Char(string="Enforcement category", index=True)
    target_id = fields.Many2one("res.partner", string="Party subject to enforcement", index=True)
    filing_date = fields.Date(string="Filed on", help="立案 date; the 90-day decision period runs from it (APL Art. 60)")
    decision_date = fields.Date(string="Decided on", index=True)
    decision_summary = fields.Text(string="Decision")
    penalty_amount = fields.Float(string="Fine (yuan)")
    # --- three systems (三项制度) ---
    published_date = fields.Date(string="Published on", help="Day the decision information was made public")
    publication_due_date = fields.Date(compute="_compute_publication", store=True, string="Publication due",
                                       help="7 working days for penalties and licences, 20 for other decisions (3S-2018)")
    publication_flag = fields.Selection(FLAG_STATES, compute="_compute_publication", store=True,
                                        string="Publication (执法公示)")
    full_record = fields.Boolean(string="Full-process record kept",
                                 help="Text and audio-visual records of the whole procedure are on file (APL Art. 47)")
    full_record_flag = fields.Selection(FLAG_STATES, compute="_compute_full_record_flag", store=True,
                                        string="Full-process record (全过程记录)")
    major_public_interest = fields.Boolean(help="APL Art. 58 para 1 (1)")
    hearing_held = fields.Boolean(string="Hearing held")
    major_rights = fields.Boolean(string="Major rights of a party affected", help="APL Art. 58 para 1 (2)")
    complex_case = fields.Boolean(string="Difficult or complex case", help="APL Art. 58 para 1 (3)")
    legal_review_date = fields.Date(string="Legal review on", help="法制审核 before the decision (APL Art. 58)")
    legal_review_flag = fields.Selection(FLAG_STATES, compute="_compute_legal_review_flag", store=True,
                                         string="Legal review (法制审核)")
    three_systems_ok = fields.Boolean(compute="_compute_three_systems_ok", store=True, string="Three systems met")
    # --- acts and officers ---
    act_ids = fields.One2many("jiandu.enforcement.act", "file_id", string="Enforcement acts")
    officer_flag = fields.Boolean(compute="_compute_officer_flag", store=True, string="Officer problem",
                                  help="An act of this file was done by an officer without a valid certificate, "
                                       "or a penalty by fewer than two certified officers (APL Art. 42)")
    # --- review ---
    review_ids = fields.One2many("jiandu.review", "file_id", string="Reviews")
    review_state = fields.Selection(REVIEW_STATES, default="registered", required=True, index=True, tracking=True)
    result_review_id = fields.Many2one("jiandu.review", compute="_compute_result", store=True,
                                       string="Deciding review")
    score = fields.Float(compute="_compute_result", store=True, string="Score")
    grade_id = fields.Many2one("jiandu.rubric.grade", compute="_compute_result", store=True, string="Grade")
    qualified = fields.Boolean(compute="_compute_result", store=True, string="Qualified")
    rectification_ids = fields.One2many("jiandu.rectification", "file_id", string="Rectifications")

    _sql_constraints = [("external_ref_unique", "unique(external_ref)",
                         "A platform reference is imported once only.")]

    @api.depends("act_kind", "decision_date", "published_date")
    def _compute_publication(self):
        calendar = self.env["fuyi.calendar.day"]._work_calendar() if self else None
        for record in self:
            due = False
            if record.decision_date:
                kind = "publish_penalty" if record.act_kind in ("penalty", "licence") else "publish_other"
                try:
                    due = enforcement_periods.due(calendar, kind, record.decision_date).date
                except workdays.CalendarNotLoaded:
                    due = False
            record.publication_due_date = due
            if not record.decision_date:
                record.publication_flag = "not_applicable"
            elif not record.published_date:
                record.publication_flag = "missing"
            elif not due:
                record.publication_flag = "unknown"
            else:
                record.publication_flag = "ok" if record.published_date <= due else "late"

    @api.depends("full_record", "act_kind")
    def _compute_full_record_flag(self):
        for record in self:
            record.full_record_flag = "ok" if record.full_record else "missing"

    def _decision_facts(self):
        self.ensure_one()
        return checks.DecisionFacts(major_public_interest=self.major_public_interest,
                                    major_rights_with_hearing=self.major_rights and self.hearing_held,
                                    complex_case=self.complex_case, legal_review_done=bool(self.legal_review_date))

    @api.depends("major_public_interest", "hearing_held", "major_rights", "complex_case", "legal_review_date",
                 "decision_date")
    def _compute_legal_review_flag(self):
        for record in self:
            facts = record._decision_facts()
            required = (facts.major_public_interest or facts.major_rights_with_hearing or facts.complex_case)
            if not required:
                record.legal_review_flag = "ok" if record.legal_review_date else "not_applicable"
            elif not record.legal_review_date:
                record.legal_review_flag = "missing"
            elif record.decision_date and record.legal_review_date > record.decision_date:
                record.legal_review_flag = "late"   # reviewed after the decision: no decision before review
            else:
                record.legal_review_flag = "ok"

    @api.depends("publication_flag", "full_record_flag", "legal_review_flag")
    def _compute_three_systems_ok(self):
        for record in self:
            record.three_systems_ok = all(flag in ("ok", "not_applicable") for flag in
                                          (record.publication_flag, record.full_record_flag, record.legal_review_flag))

    @api.depends("act_ids.officer_problem")
    def _compute_officer_flag(self):
        for record in self:
            record.officer_flag = any(record.act_ids.mapped("officer_problem"))

    @api.depends("review_ids.state", "review_ids.role", "review_ids.total", "review_ids.grade_id")
    def _compute_result(self):
        for record in self:
            review = record._deciding_review()
            record.result_review_id = review
            record.score = review.total if review else 0.0
            record.grade_id = review.grade_id if review else False
            record.qualified = bool(review) and not review.grade_id.failing

    def _deciding_review(self):
        """The second reviewer's review decides a disputed file; otherwise the first submitted one."""
        submitted = self.review_ids.filtered(lambda r: r.state == "submitted")
        second = submitted.filtered(lambda r: r.role == "second")
        return (second or submitted).sorted("id")[-1:] if (second or submitted) else self.env["jiandu.review"]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.setdefault("case_type", "enforcement_file")
        self.env["fuyi.case"]._number_new_case_vals([vals for vals in vals_list if not vals.get("case_id")])
        return super().create(vals_list)

    def failure_text(self, failure):
        """A check's failure in the reader's language, with its article."""
        p = dict(failure.params or {})
        problems = {
            "none": lambda: _("no certificate"),
            "suspended": lambda: _("certificate %(number)s is suspended", number=p["number"]),
            "revoked": lambda: _("certificate %(number)s is revoked", number=p["number"]),
            "not_yet_issued": lambda: _("certificate %(number)s was issued on %(date)s, after the act",
                                        number=p["number"], date=p["date"]),
            "expired": lambda: _("certificate %(number)s expired on %(date)s", number=p["number"], date=p["date"]),
            "out_of_scope": lambda: _("certificate %(number)s does not cover %(category)s", number=p["number"],
                                      category=p["category"]),
        }
        zh = (self.env.lang or "").startswith("zh")   # as _(): no language, the English source
        article = citations.cite_zh(failure.article) if zh else failure.article
        if failure.code == "unqualified_officer" and p.get("kind") in problems:
            text = _("%(officer)s: %(problem)s on %(date)s", officer=p["officer"], problem=problems[p["kind"]](),
                     date=p["date"])
        elif failure.code == "fewer_than_two_officers" and p:
            text = _("%(n)s qualified officer(s) on %(date)s; a penalty needs at least %(minimum)s", **p)
        elif failure.code == "no_legal_review" and p:
            text = _("legal review was mandatory (item %(items)s) but there is no review record: the decision "
                     "should not have been made", **p)
        elif failure.code == "prescription_expired" and p:
            text = _("discovered %(discovered)s, after the prescription period ended on %(end)s: no penalty", **p)
        else:
            text = failure.text
        return _("%(text)s (%(article)s)", text=text, article=article)

    def auto_failures(self):
        """Veto failures the file's data shows (officers APL Art. 42, legal review APL Art. 58)."""
        self.ensure_one()
        failures = list(checks.legal_review_failures(self._decision_facts()))
        for act in self.act_ids:
            failures += act._failures()
        return failures


class JianduEnforcementAct(models.Model):
    """An act recorded in a file (inspection, investigation, decision…), with the officers who did it.

    An officer without a valid certificate that day is flagged on the act (APL Arts. 42, 55)."""

    _name = "jiandu.enforcement.act"
    _description = "Enforcement act"
    _order = "file_id, date, id"

    file_id = fields.Many2one("jiandu.case.file", required=True, ondelete="cascade", index=True)
    name = fields.Char(string="Act", required=True, help="e.g. on-site inspection, inspection record, decision")
    date = fields.Date(required=True)
    officer_ids = fields.Many2many("jiandu.enforcement.officer", string="Officers")
    is_penalty_step = fields.Boolean(string="Penalty step", default=True,
                                     help="Investigation or decision of a penalty: needs two certified officers")
    officer_problem = fields.Text(compute="_compute_officer_problem", store=True, string="Officer problem")

    @api.depends("date", "officer_ids.certificate_state", "officer_ids.certificate_expiry_date",
                 "officer_ids.certificate_issue_date", "officer_ids.certificate_number",
                 "officer_ids.certificate_scope", "is_penalty_step", "file_id.enforcement_category")
    def _compute_officer_problem(self):
        for act in self:
            failures = act._failures()
            act.officer_problem = "\n".join(act.file_id.failure_text(f) for f in failures) or False

    def _failures(self):
        self.ensure_one()
        if not self.date:
            return []
        officers = [(o.name, o._certificate()) for o in self.officer_ids]
        return checks.officer_failures(officers, self.date, self.file_id.enforcement_category or None,
                                       penalty=self.is_penalty_step and self.file_id.act_kind == "penalty")
