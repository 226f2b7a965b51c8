import json

from flectra import api, fields, models, _
from flectra.exceptions import AccessError, UserError, ValidationError

from flectra.addons.fuyi_case.models.fuyi_workflow_guard import check_workflow_vals, workflow_step

from ..tools import exchange_format, integrity as rules

DEFAULT_TYPES = [("breach_of_contract", "Breach of contract (违约毁约)"),
                 ("payment_arrears", "Payment arrears (拖欠账款)"),
                 ("judgment_non_performance", "Judgment not performed (拒不履行司法裁判)"), ("other", "Other")]
SOURCES = [("complaint", "Complaint"), ("judgment", "Court judgment not performed"), ("audit", "Audit"),
           ("hotline", "12345 hotline"), ("arrears_list", "Arrears compiled by the locality"),
           ("dishonest_debtor", "Dishonest judgment debtor list")]
STATES = [("received", "Received"), ("verifying", "Under verification"), ("untrue", "Verified untrue"),
          ("rectification", "Rectification ordered"), ("rectified", "Rectified"),
          ("proposed", "Determination proposed"), ("determined", "Determined default"),
          ("repaired", "Repaired")]
CLASSES = [(rules.MINOR, "Minor"), (rules.GENERAL, "General"), (rules.SERIOUS, "Serious")]
REFUSAL_REASONS = [("personnel_change", "Change of leadership or officials"),
                   ("restructuring", "Institutional restructuring"), ("funds", "No funds"),
                   ("dispute", "Disputes the obligation"), ("other", "Other")]
#: fields only the workflow actions write
WORKFLOW_FIELDS = ("state", "source_judgment_ref", "notice_document_id", "determination_number", "determination_date", "approved_by", "approved_date",
                   "notice_date", "publication_start", "publication_min_end", "publication_end",
                   "earliest_repair_date", "publication_regime", "repair_date", "current_version")
DEFAULT_VERIFICATION_WORKDAYS = 15   #: a setting: NDRC-2023 sets no number for the verification


class FuyiCase(models.Model):
    _inherit = "fuyi.case"

    case_type = fields.Selection(selection_add=[("default_record", "Government default record")],
                                 ondelete={"default_record": "cascade"})


class XinyongDefaultRecord(models.Model):
    """A government default record (政务失信记录) as a case of the shared model.

    Flow (NDRC-2023): received → verification by the superior or competent department → untrue
    (closed, explained to the complainant) or true → rectification ordered → rectified (closed) or
    refused → determination proposed → approved: determined default, notice to the body, shared
    with the credit platform → credit repair. Nothing is deleted: every shared state is a new
    version (xinyong.default.record.version) with its own idempotency key and outbox row.
    """

    _name = "xinyong.default.record"
    _description = "Government default record"
    _inherits = {"fuyi.case": "case_id"}
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_received desc, id desc"   #: newest first

    case_id = fields.Many2one("fuyi.case", required=True, ondelete="restrict", index=True)
    state = fields.Selection(STATES, default="received", required=True, tracking=True, index=True)
    default_type = fields.Selection(DEFAULT_TYPES, string="Default type", required=True, default="payment_arrears",
                                    tracking=True, index=True)
    source = fields.Selection(SOURCES, required=True, default="complaint", tracking=True)
    source_reference = fields.Char(string="Source reference", tracking=True,
                                   help="Complaint number, court case number of the judgment, audit report")
    source_judgment_ref = fields.Char(string="Source judgment", readonly=True, index=True,
                                      help="The yingsu judgment this record was raised from (yingsu.judgment,ID)")
    counterpart_id = fields.Many2one("res.partner", string="Counterparty", index=True, tracking=True)
    promise_id = fields.Many2one("xinyong.promise", string="Promise or contract", index=True)
    obligation_id = fields.Many2one("xinyong.obligation", string="Obligation", index=True)
    amount = fields.Float(string="Amount (yuan)", digits=(16, 2), tracking=True)
    evidence = fields.Text(string="Evidence", help="What proves the default: documents, payment records, judgment")
    evidence_attachment_ids = fields.Many2many("ir.attachment", "xinyong_default_record_evidence_rel", "record_id",
                                               "attachment_id", string="Evidence files")
    verifier_id = fields.Many2one("res.partner", string="Verifying department",
                                  help="The body's superior or competent department (NDRC-2023)")
    verification_result = fields.Text(string="Verification result", tracking=True)
    rectification_due = fields.Date(string="Rectify by", tracking=True)
    refusal_reason = fields.Selection(REFUSAL_REASONS, tracking=True,
                                      help="A change of officials or structure never excuses a default (NDRC-2023)")
    refusal_note = fields.Text()
    determining_department_id = fields.Many2one("res.partner", string="Determining department", tracking=True)
    determination_number = fields.Char(string="Determination document number", readonly=True, tracking=True)
    determination_date = fields.Date(readonly=True, tracking=True)
    approved_by = fields.Many2one("res.users", readonly=True)
    approved_date = fields.Date(readonly=True)
    notice_document_id = fields.Many2one("fuyi.document", string="Notice to the body", readonly=True)
    notice_date = fields.Date(string="Body notified on", readonly=True, tracking=True)
    publication_class = fields.Selection(CLASSES, string="Publication class", default=rules.GENERAL, tracking=True)
    published = fields.Boolean(default=True, help="Minor records are normally not published (REPAIR-2025 item 2)")
    publication_regime = fields.Char(readonly=True, help="REPAIR-2026, or Order 58 before 2026-04-01")
    publication_start = fields.Date(readonly=True)
    publication_min_end = fields.Date(string="Minimum publication ends", readonly=True)
    publication_end = fields.Date(string="Publication ends", readonly=True)
    earliest_repair_date = fields.Date(string="Repair possible from", readonly=True)
    publication_provisional = fields.Boolean(
        string="Provisional dates", compute="_compute_publication_provisional",
        help="The publication end or the repair date falls in a year whose holiday calendar is not loaded yet: "
             "computed all the same (plain calendar arithmetic), shown as provisional")
    repair_date = fields.Date(readonly=True, tracking=True)
    repair_ids = fields.One2many("xinyong.repair", "record_id", string="Repair applications")
    version_ids = fields.One2many("xinyong.default.record.version", "record_id", string="Versions")
    current_version = fields.Integer(readonly=True, default=0)
    outbox_ids = fields.One2many("xinyong.outbox", "record_id", string="Exchange")
    body_default_count = fields.Integer(string="Defaults of this body", compute="_compute_body_default_count",
                                        help="Determined defaults of the same body: repeated defaults are flagged")
    repeated = fields.Boolean(string="Repeated default", compute="_compute_body_default_count",
                              search="_search_repeated")

    @api.depends("agency_id", "state")
    def _compute_body_default_count(self):
        for record in self:
            count = self.sudo().search_count([("agency_id", "=", record.agency_id.id),
                                              ("state", "in", ("determined", "repaired"))]) if record.agency_id else 0
            record.body_default_count = count
            record.repeated = count > 1

    @api.depends("publication_end", "earliest_repair_date")
    def _compute_publication_provisional(self):
        loaded = self.env["fuyi.calendar.year"]._loaded_years() if self else set()
        for record in self:
            dates = [d for d in (record.publication_end, record.earliest_repair_date) if d]
            record.publication_provisional = any(str(d.year) not in {str(y) for y in loaded} for d in dates)

    @api.model
    def _search_repeated(self, operator, value):
        """Records of bodies with more than one determined default (repeated defaults, monitoring)."""
        if operator not in ("=", "!="):
            raise UserError(_("Unsupported search on repeated defaults: %(operator)s.", operator=operator))
        groups = self.sudo().read_group([("state", "in", ("determined", "repaired"))], ["agency_id"], ["agency_id"])
        bodies = [g["agency_id"][0] for g in groups if g["agency_id"] and g["agency_id_count"] > 1]
        positive = (operator == "=") == bool(value)
        return [("agency_id", "in" if positive else "not in", bodies)]

    # --- CRUD ---
    @api.model_create_multi
    def create(self, vals_list):
        check_workflow_vals(self, vals_list, WORKFLOW_FIELDS + ("name",), create=True)
        for vals in vals_list:
            vals["case_type"] = "default_record"
        self.env["fuyi.case"]._number_new_case_vals([vals for vals in vals_list if not vals.get("case_id")])
        with workflow_step():
            records = super().create(vals_list)
        return records

    def write(self, vals):
        check_workflow_vals(self, [vals], WORKFLOW_FIELDS + ("name", "case_type"))
        if vals.keys() & {"default_type", "agency_id", "amount", "counterpart_id", "publication_class"}:
            shared = self.filtered(lambda r: r.current_version)
            if shared and not self.env.context.get("xinyong_correction"):
                raise UserError(_("Record %(name)s was shared with the credit platform: correct it with 更正 "
                                  "(a new version), not by editing.", name=shared[0].name))
        return super().write(vals)

    def unlink(self):
        raise UserError(_("Default records are never deleted: a wrong record is corrected or withdrawn as a "
                          "new version."))

    # --- the determination flow (NDRC-2023) ---
    def _require_state(self, *states):
        for record in self:
            if record.state not in states:
                raise UserError(_("Record %(name)s is %(state)s: this step is not possible now.", name=record.name,
                                  state=dict(self.fields_get(["state"])["state"]["selection"]).get(
                                      record.state, record.state)))

    def _verification_workdays(self):
        text = self.env["ir.config_parameter"].sudo().get_param("xinyong.verification_workdays",
                                                                str(DEFAULT_VERIFICATION_WORKDAYS))
        try:
            return max(1, int(str(text).strip()))
        except ValueError:
            return DEFAULT_VERIFICATION_WORKDAYS

    def action_forward_for_verification(self, date=None, verifier_id=None):
        """Forwarded to the body's superior or competent department for verification (NDRC-2023)."""
        self.ensure_one()
        self._require_state("received")
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        with workflow_step():
            self.write({"state": "verifying", **({"verifier_id": verifier_id} if verifier_id else {})})
            self.case_id._add_deadline("verification", _("Verification of the default"), "NDRC-2023",
                                       date, self._verification_workdays(), "working_day")
        return True

    def action_verify(self, true, result, rectification_due=None, date=None):
        """Verified untrue → closed and explained; true → rectification ordered by a date (NDRC-2023)."""
        self.ensure_one()
        self._require_state("verifying")
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        if not (result or "").strip():
            raise ValidationError(_("State the verification result: it is explained to the complainant."))
        self.case_id._deadline("verification").write({"state": "done"})
        with workflow_step():
            if not true:
                self.write({"state": "untrue", "verification_result": result})
                return True
            due = fields.Date.to_date(rectification_due)
            if not due or due <= date:
                raise ValidationError(_("A rectification order needs a rectification date after %(date)s.", date=date))
            self.write({"state": "rectification", "verification_result": result, "rectification_due": due})
            self.case_id._add_deadline("rectification", _("Rectification of the default"), "NDRC-2023",
                                       date, (due - date).days, "calendar_day", roll_over=False)
        return True

    def action_rectified(self, date=None):
        self.ensure_one()
        self._require_state("rectification")
        self.case_id._deadline("rectification").write({"state": "done"})
        with workflow_step():
            self.write({"state": "rectified"})
        self.message_post(body=_("Rectified on %(date)s: no default is recorded.",
                                 date=date or fields.Date.context_today(self)))
        return True

    def action_open_verify(self):
        self.ensure_one()
        self._require_state("verifying")
        return self._open_step("xinyong.xinyong_default_record_verify_action")

    def action_open_approve(self):
        self.ensure_one()
        self._require_state("proposed")
        return self._open_step("xinyong.xinyong_default_record_approve_action")

    def action_open_correct(self):
        self.ensure_one()
        self._require_state("determined", "repaired")
        return self._open_step("xinyong.xinyong_default_record_correct_action")

    def _open_step(self, xmlid):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["context"] = {"default_record_id": self.id}
        return action

    def action_refuse_rectification(self, reason=None, note=None):
        """Rectification refused: the determination is proposed, whatever the reason — a change of officials or
        restructuring is no excuse (NDRC-2023)."""
        self.ensure_one()
        self._require_state("rectification")
        reason = reason or self.refusal_reason
        if not reason:
            raise ValidationError(_("Choose the reason the body gives for not rectifying."))
        note = note or self.refusal_note
        outcome = rules.determination(True, rectified=False, refusal_reason=reason)
        self.case_id._deadline("rectification").write({"state": "done"})
        with workflow_step():
            self.write({"state": "proposed" if outcome == "determined" else self.state, "refusal_reason": reason,
                        "refusal_note": note})
        if reason in rules.NO_EXCUSE_REASONS:
            self.message_post(body=_("The refusal cites a change of officials or structure, which does not excuse "
                                     "performance (NDRC-2023): determination proposed."))
        return True

    def action_approve(self, number, date=None):
        """A credit-office manager approves the determination: the record is determined, the body is notified,
        publication dates are fixed (REPAIR-2026) and version 1 goes to the exchange outbox."""
        self.ensure_one()
        if not (self.env.su or self.env.user.has_group("xinyong.xinyong_group_manager")):
            raise AccessError(_("Only a credit-office manager approves a determination."))
        self._require_state("proposed")
        if not (number or "").strip():
            raise ValidationError(_("Enter the determination document number."))
        if not self.determining_department_id:
            raise ValidationError(_("Enter the determining department before approving."))
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        pub = rules.publication(self.publication_class, date, strict_after_expiry=self._repair_strict(),
                                published=self.published if self.publication_class == rules.MINOR else None)
        with workflow_step():
            self.write({"state": "determined", "determination_number": number.strip(), "determination_date": date,
                        "approved_by": self.env.uid, "approved_date": fields.Date.context_today(self),
                        "notice_date": date, "published": pub.published, "publication_regime": pub.regime,
                        "publication_start": date if pub.published else False,
                        "publication_min_end": pub.min_end if pub.published else False,
                        "publication_end": pub.max_end if pub.published else False,
                        "earliest_repair_date": pub.earliest_repair})
            self._new_version("determined")
        self._notify_body()
        return True

    def action_correct(self, vals, reason):
        """A correction of a shared record: the change and a new version, sent again (never an edit in place)."""
        self.ensure_one()
        self._require_state("determined", "repaired")
        if not (reason or "").strip():
            raise ValidationError(_("State why the record is corrected."))
        allowed = {"default_type", "amount", "counterpart_id", "source_reference", "promise_id", "evidence"}
        unknown = set(vals) - allowed
        if unknown:
            raise UserError(_("These items cannot be corrected: %(fields)s.", fields=", ".join(sorted(unknown))))
        self.with_context(xinyong_correction=True).write(vals)
        with workflow_step():
            version = self._new_version("corrected", note=reason)
        self.message_post(body=_("Corrected (version %(version)s): %(reason)s", version=version.version,
                                 reason=reason))
        return version

    def _repair_strict(self):
        """Whether repair is possible only from the day after the minimum period (届满后, integrity.md §7)."""
        text = self.env["ir.config_parameter"].sudo().get_param("xinyong.repair_after_expiry_strict", "1")
        return str(text).strip() not in ("0", "false", "False", "")

    def _notify_body(self):
        """The notice to the body (政务失信认定告知书, issued on the determination date); its liaisons get a to-do
        and the record's chatter the notice."""
        self.ensure_one()
        document = self.env["fuyi.document"].sudo().create({"case_id": self.case_id.id,
                                                            "doc_type": "default_determination",
                                                            "recipient_id": self.agency_id.id})
        document.action_issue(date=self.determination_date)
        with workflow_step():
            self.write({"notice_document_id": document.id})
        for user in self.agency_id.agency_liaison_user_ids:
            self.activity_schedule("mail.mail_activity_data_todo", date_deadline=self.determination_date,
                                   summary=_("Default determined: %(number)s", number=self.determination_number),
                                   user_id=user.id)
        self.message_post(body=_("Determined as a government default (%(number)s); the body %(body)s is notified.",
                                 number=self.determination_number, body=self.agency_id.display_name))

    # --- versions and the exchange ---
    def _exchange_items(self, status, version):
        """The agreed data items of one version (integrity.md §5); a natural-person counterparty is left out."""
        self.ensure_one()
        counterpart = self.counterpart_id
        organisation = counterpart and counterpart.party_kind != "person"
        department = self.determining_department_id
        items = {
            "record_id": self.name, "version": version, "entity_name": self.agency_id.name or "",
            "entity_uscc": self.agency_id.uscc or "",
            "counterparty_name": counterpart.name if organisation else None,
            "counterparty_uscc": counterpart.uscc if organisation and counterpart.uscc else None,
            "agreement_reference": self.promise_id.source_reference or self.source_reference or None,
            "field": self.promise_id.field or None, "default_type": self.default_type,
            "amount": self.amount or None, "determining_department": department.name or "",
            "determining_department_uscc": department.uscc or None,
            "determination_number": self.determination_number or "",
            "determination_date": str(self.determination_date or ""),
            "rectification_deadline": str(self.rectification_due) if self.rectification_due else None,
            "status": status, "published": bool(self.published) and status != "repaired",
            "publication_start": str(self.publication_start) if self.publication_start else None,
            "publication_end": str(self.publication_end) if self.publication_end else None,
            "repair_date": str(self.repair_date) if self.repair_date else None,
        }
        return {key: value for key, value in items.items() if value is not None}

    def _gate_reason(self, code):
        """A data-quality gate code (tools/integrity.quality_errors) in the reader's language."""
        kind, _sep, item = code.partition(":")
        items = {
            "entity_uscc": _("the body's unified social credit code"), "entity_name": _("the body's name"),
            "counterparty_uscc": _("the counterparty's unified social credit code"),
            "determining_department": _("the determining department"),
            "determining_department_uscc": _("the determining department's unified social credit code"),
            "determination_number": _("the determination document number"),
            "determination_date": _("the determination date"), "publication_start": _("the publication start"),
            "publication_end": _("the publication end date (公示截止期)"), "repair_date": _("the repair date"),
            "counterparty_name": _("the counterparty's name"), "default_type": _("the default type"),
        }
        label = items.get(item, item)
        if kind == "missing":
            return _("%(item)s is missing.", item=label)
        if kind == "uscc":
            return _("%(item)s is not a valid code (GB 32100-2015 check character).", item=label)
        if kind == "personal":
            return _("%(item)s contains personal data (an identity card or mobile number), which is not sent.",
                     item=label)
        if kind == "publication_order":
            return _("The publication ends before it starts.")
        if kind == "extra_fields":
            return _("Items outside the agreed data items would be sent.")
        return code

    def _database_uuid(self):
        return self.env["ir.config_parameter"].sudo().get_param("database.uuid") or self.env.cr.dbname

    def _new_version(self, status, note=None):
        """A new version and its outbox row, in this transaction (the transactional outbox): the data-quality
        gate and the schema run first, so nothing that would be refused is queued and nothing queued is lost."""
        self.ensure_one()
        number = self.current_version + 1
        items = self._exchange_items(status, number)
        key = rules.idempotency_key(self._database_uuid(), self.name, number)
        try:
            payload_json, payload_xml = exchange_format.gate(items, key)
        except exchange_format.ExportError as error:
            reasons = [self._gate_reason(code) for code in error.codes] or error.errors
            raise ValidationError(_("Record %(name)s cannot be shared with the credit platform:\n%(errors)s",
                                    name=self.name, errors="\n".join(reasons)))
        version = self.env["xinyong.default.record.version"].sudo().create({
            "record_id": self.id, "version": number, "status": status, "idempotency_key": key,
            "data": json.dumps(items, ensure_ascii=False, sort_keys=True), "note": note})
        self.env["xinyong.outbox"].sudo().create({
            "version_id": version.id, "idempotency_key": key, "payload_json": payload_json,
            "payload_xml": payload_xml})
        self.write({"current_version": number})
        # the outbox reaches the record through a related field the cache does not follow
        self.invalidate_recordset(["outbox_ids", "version_ids"])
        return version

    # --- unperformed judgments (from yingsu, when installed) ---
    @api.model
    def _collect_unperformed_judgments(self):
        """A record (state received) for every effective judgment the agency has not performed by its deadline
        (ALL Art. 94; integrity.md §3), once per judgment. yingsu is an optional link: read through the registry,
        never imported, so xinyong installs alone."""
        if "yingsu.judgment" not in self.env:
            return self.browse()
        today = fields.Date.context_today(self)
        judgments = self.env["yingsu.judgment"].sudo().search([
            ("effective_date", "!=", False), ("performance_due", "<", today), ("performed_date", "=", False),
            ("superseded", "=", False)])
        done = set(self.sudo().search([("source_judgment_ref", "in", ["yingsu.judgment,%d" % j.id
                                                                        for j in judgments])]).mapped(
            "source_judgment_ref"))
        vals_list = []
        for judgment in judgments:
            ref = "yingsu.judgment,%d" % judgment.id
            if ref in done or not judgment.agency_id:
                continue
            lawsuit = judgment.lawsuit_id
            plaintiffs = lawsuit.party_ids.filtered(lambda p: p.role == "plaintiff").mapped("partner_id")
            vals_list.append({
                "title": _("Judgment not performed: %(number)s", number=lawsuit.court_case_number or lawsuit.name),
                "agency_id": judgment.agency_id.id, "default_type": "judgment_non_performance",
                "source": "judgment", "source_reference": lawsuit.court_case_number or lawsuit.name,
                "counterpart_id": plaintiffs[:1].id or False, "date_received": today,
                "evidence": _("Effective on %(effective)s; to perform by %(due)s: %(obligation)s",
                              effective=judgment.effective_date, due=judgment.performance_due,
                              obligation=judgment.obligation or ""),
            })
            vals_list[-1]["source_judgment_ref"] = ref
        if not vals_list:
            return self.browse()
        with workflow_step():
            return self.sudo().create(vals_list)

    @api.model
    def action_collect_unperformed_judgments(self):
        """For the credit office: raise the records now (the daily cron does the same); returns their ids."""
        if not (self.env.su or self.env.user.has_group("xinyong.xinyong_group_user")):
            raise AccessError(_("Only the credit office raises records from judgments."))
        return self._collect_unperformed_judgments().ids

    @api.model
    def _cron_collect_unperformed_judgments(self):
        self._collect_unperformed_judgments()
        return True

    # --- sweep ---
    @api.model
    def _cron_publication_end(self):
        """Publication stops by itself when the maximum period ends (REPAIR-2025 item 2): a note on the record."""
        today = fields.Date.context_today(self)
        for record in self.search([("state", "=", "determined"), ("publication_end", "<", today),
                                   ("published", "=", True)]):
            record.with_context(xinyong_correction=True).write({"published": False})
            record.message_post(body=_("The maximum publication period ended on %(date)s: publication stopped.",
                                       date=record.publication_end))
        return True


class XinyongDefaultRecordVersion(models.Model):
    """One shared state of a default record: what the platform was sent, frozen."""

    _name = "xinyong.default.record.version"
    _description = "Default record version"
    _order = "record_id, version"
    _rec_name = "idempotency_key"

    record_id = fields.Many2one("xinyong.default.record", required=True, ondelete="restrict", index=True)
    agency_id = fields.Many2one(related="record_id.agency_id", store=True, index=True)
    version = fields.Integer(required=True, readonly=True)
    status = fields.Selection([("determined", "Determined"), ("corrected", "Corrected"), ("repaired", "Repaired"),
                               ("withdrawn", "Withdrawn")], required=True, readonly=True)
    idempotency_key = fields.Char(required=True, readonly=True, index=True)
    data = fields.Text(string="Data items (JSON)", readonly=True)
    note = fields.Text(readonly=True)

    _sql_constraints = [("version_unique", "unique(record_id, version)", "A version number is used once per record."),
                        ("key_unique", "unique(idempotency_key)", "An idempotency key is used once.")]

    def write(self, vals):
        raise UserError(_("A shared version is frozen: correct the record, which makes a new version."))

    def unlink(self):
        raise UserError(_("Versions are never deleted."))
