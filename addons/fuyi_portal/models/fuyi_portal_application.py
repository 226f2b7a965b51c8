"""An application made on the public portal: the access record of the applicant to their case.

The portal's controllers call only the ``_portal_*`` methods here, with sudo: they are the reviewed
boundary. Each validates its input, answers in Chinese and returns plain values, never records.
"""
import datetime
import logging
import uuid

from flectra import api, fields, models, _
from flectra.exceptions import UserError, ValidationError

from flectra.addons.fuyi_case.tools import identifiers

from ..tools import codes, uploads
from .fuyi_portal_guard import DAY, HOUR, PORTAL_TZ

_logger = logging.getLogger(__name__)

APPLICANT_KINDS = [("person", "Natural person"), ("organisation", "Legal person or other organisation")]
FILE_FIELDS = ("act", "evidence", "power_of_attorney", "correction")
#: the consent the applicant ticks, recorded word for word (CPL Art. 90 applied by ARL Art. 88)
CONSENT_WORDING = ("I agree that documents of this reconsideration case are served on me electronically through "
                   "this website; a document is served when it reaches me here, and my reading it is recorded.")
TEXT_LIMITS = {"applicant_name": 100, "legal_representative": 100, "address": 200, "agent_name": 100,
               "act_description": 500, "request": 2000, "facts_reasons": 10000}


class FuyiPortalApplication(models.Model):
    """Who applied online, from where, with which consent; the tracking code only as a keyed hash."""

    _name = "fuyi.portal.application"
    _description = "Online application"
    _order = "submitted_on desc, id desc"
    _rec_name = "reconsideration_id"

    reconsideration_id = fields.Many2one("fuyi.reconsideration", string="Case", required=True, ondelete="cascade",
                                         index=True)
    case_id = fields.Many2one("fuyi.case", related="reconsideration_id.case_id", store=True, index=True)
    applicant_id = fields.Many2one("res.partner", string="Applicant", ondelete="restrict")
    tracking_hash = fields.Char(string="Tracking code (hashed)", index=True, copy=False, readonly=True)
    tracking_issued_on = fields.Datetime(string="Tracking code issued on", readonly=True)
    mobile = fields.Char(string="Confirmed mobile", readonly=True, groups="fuyi_case.fuyi_case_group_clerk")
    mobile_masked = fields.Char(string="Mobile (masked)", readonly=True)
    submitted_on = fields.Datetime(string="Submitted on", readonly=True, index=True)
    client_ip = fields.Char(string="Submitted from (address)", readonly=True)
    consent_electronic = fields.Boolean(string="Consents to electronic service", readonly=True)
    consent_on = fields.Datetime(string="Consent given on", readonly=True)
    consent_wording = fields.Text(string="Consent wording", readonly=True)
    fingerprint = fields.Char(string="Duplicate fingerprint", index=True, readonly=True)
    duplicate_count = fields.Integer(string="Repeated submissions", default=0, readonly=True,
                                     help="Identical submissions recognised within a day (no second case)")
    corrections_uploaded_on = fields.Datetime(string="Corrections uploaded on", readonly=True)
    state = fields.Selection(related="reconsideration_id.state", string="Case state")

    # --- portal API: the form ---
    @api.model
    def _portal_form_options(self):
        self = self.with_context(lang="zh_CN", tz=PORTAL_TZ).sudo()
        Attempt = self.env["fuyi.portal.attempt"]
        agencies = self.env["res.partner"].search(self._agency_domain(), order="name, id")
        kinds = []
        for key, label in APPLICANT_KINDS:   # not a comprehension: _() finds the language in this frame
            kinds.append((key, _(label)))
        return {
            "agencies": [(agency.id, agency.name) for agency in agencies],
            "max_file_bytes": Attempt._limit("fuyi_portal.max_file_bytes"),
            "max_files": Attempt._limit("fuyi_portal.max_files"),
            "file_types": uploads.TYPES_LABEL,
            "applicant_kinds": kinds,
            "consent_wording": _(CONSENT_WORDING),
        }

    @api.model
    def _agency_domain(self):
        """Respondents: agencies, or organisations authorised by law, regulation or rule (ARL Art. 19)."""
        return ["|", ("party_kind", "=", "agency"), "&", ("party_kind", "=", "organisation"),
                ("authorized_organization", "=", True)]

    # --- portal API: submission ---
    @api.model
    def _portal_submit(self, values, files, ip):
        self = self.with_context(lang="zh_CN", tz=PORTAL_TZ).sudo()
        values = {key: (value.strip() if isinstance(value, str) else value) for key, value in (values or {}).items()}
        Attempt = self.env["fuyi.portal.attempt"]
        over = Attempt._over([("submit", ip or "", HOUR, "fuyi_portal.submit_per_address_hour"),
                              ("submit", ip or "", DAY, "fuyi_portal.submit_per_address_day")])
        if over:
            self.env["fuyi.portal.abuse"]._log("submit_flood", ip or "", ip or "", ip, over[3])
            return {"ok": False, "errors": {"_form": _("Too many applications were submitted from your network; "
                                                       "try again later or apply in person.")}}
        clean, errors = self._validate_submission(values)
        file_list, file_errors = self._validate_files(files or [], required=("act",),
                                                      with_agent=bool(clean.get("has_agent")))
        errors.update(file_errors)
        if errors:
            return {"ok": False, "errors": errors}
        # last, so that a form error does not use the code up
        Otp = self.env["fuyi.portal.otp"]
        otp = Otp._verify("apply", clean["mobile"], values.get("sms_code"), ip)
        if not otp:
            return {"ok": False, "errors": {"sms_code": _("The SMS code is wrong or has expired; request a new "
                                                         "code.")}}
        Attempt._record("submit", ip or "")
        try:
            with self.env.cr.savepoint():
                result = self._portal_register(clean, file_list, ip)
        except (UserError, ValidationError) as exc:
            otp.state = "active"   # nothing was registered: the code still serves the corrected form
            _logger.info("online application refused at registration: %s", exc)
            return {"ok": False, "errors": {"_form": str(exc.args[0] if exc.args else exc)}}
        return result

    @api.model
    def _validate_submission(self, values):
        """(clean values, {field: message}); every missing ARL Art. 22 element and bad identifier named."""
        errors, clean = {}, {}

        def required(name, message, model=self):   # ``model`` carries the language for _()
            text = values.get(name) or ""
            if not text:
                errors[name] = message
            elif len(text) > TEXT_LIMITS.get(name, 200):
                errors[name] = _("Too long: at most %(n)s characters.", n=TEXT_LIMITS.get(name, 200))
            clean[name] = text
            return text

        kind = values.get("applicant_kind")
        if kind not in dict(APPLICANT_KINDS):
            errors["applicant_kind"] = _("Choose whether you apply as a natural person or as an organisation.")
        clean["applicant_kind"] = kind
        required("applicant_name", _("Enter the applicant's name (ARL Art. 22)."))
        if kind == "person":
            clean["id_number"] = self._identifier(values.get("applicant_id_number"), "applicant_id_number",
                                                  identifiers.validate_id_number, errors)
        elif kind == "organisation":
            clean["uscc"] = self._identifier(values.get("applicant_uscc"), "applicant_uscc",
                                             identifiers.validate_uscc, errors)
            required("legal_representative", _("Enter the name of the legal representative or principal "
                                               "person in charge."))
        number = self.env["sms.sms"]._normalize_number(values.get("mobile") or "")
        if not number:
            errors["mobile"] = _("Enter a mainland mobile number: 11 digits starting with 13 to 19.")
        clean["mobile"] = number
        required("address", _("Enter an address where documents can be served on you."))
        clean["has_agent"] = values.get("has_agent") in ("1", "on", "true", True)
        if clean["has_agent"]:
            required("agent_name", _("Enter the agent's name."))
            clean["agent_id_number"] = self._identifier(values.get("agent_id_number"), "agent_id_number",
                                                        identifiers.validate_id_number, errors)
            agent_mobile = values.get("agent_mobile") or ""
            clean["agent_mobile"] = self.env["sms.sms"]._normalize_number(agent_mobile) if agent_mobile else False
            if agent_mobile and not clean["agent_mobile"]:
                errors["agent_mobile"] = _("Enter a mainland mobile number: 11 digits starting with 13 to 19.")
        respondent = self._respondent(values.get("respondent_id"))
        if not respondent:
            errors["respondent_id"] = _("Choose the agency that made the act from the list (ARL Art. 22).")
        clean["respondent"] = respondent
        required("act_description", _("Describe the administrative act you apply against (ARL Art. 22)."))
        today = fields.Date.context_today(self)
        act_date = self._date(values.get("act_date"), "act_date", errors, optional=True)
        known = self._date(values.get("act_known_date"), "act_known_date", errors)
        for name, day in (("act_date", act_date), ("act_known_date", known)):
            if day and day > today:
                errors[name] = _("This date is in the future.")
        if act_date and known and known < act_date and "act_known_date" not in errors:
            errors["act_known_date"] = _("You cannot have learned of the act before it was made.")
        clean["act_date"], clean["act_known_date"] = act_date, known
        required("request", _("State your concrete request (ARL Art. 22)."))
        required("facts_reasons", _("State the main facts and reasons of your application (ARL Art. 22)."))
        clean["consent_electronic"] = values.get("consent_electronic") in ("1", "on", "true", True)
        return clean, errors

    @api.model
    def _identifier(self, text, field, validate, errors):
        """The normalised identifier, or False with the rule it breaks in ``errors`` (the tool's
        messages quote the value, so they are not catalogue entries: one message per error code)."""
        try:
            return validate(text or "")
        except identifiers.IdentifierError as exc:
            person = validate is identifiers.validate_id_number
            messages = {
                "empty": _("Enter the 18-character citizen ID number.") if person else
                _("Enter the 18-character unified social credit code."),
                "length": _("A citizen ID number has 18 characters.") if person else
                _("A unified social credit code has 18 characters."),
                "charset": _("A citizen ID number has 17 digits and a last digit or X.") if person else
                _("A unified social credit code has digits and capital letters except I, O, Z, S and V."),
                "checksum": _("The check digit does not match: the number was probably mistyped; check every "
                              "character against the ID card (GB 11643).") if person else
                _("The check character does not match: the code was probably mistyped; check every character "
                  "against the business licence (GB 32100)."),
                "birth_date": _("The birth date inside the ID number is not a real date."),
                "format": _("Enter the 18-character citizen ID number (15-digit numbers are no longer used).")
                if person else _("Enter the 18-character unified social credit code."),
            }
            errors[field] = messages.get(exc.code) or messages["format"]
            return False

    @api.model
    def _respondent(self, text):
        try:
            agency_id = int(str(text or "").strip())
        except ValueError:
            return self.env["res.partner"]
        return self.env["res.partner"].search(self._agency_domain() + [("id", "=", agency_id)], limit=1)

    @api.model
    def _date(self, text, field, errors, optional=False):
        if not text:
            if not optional:
                errors[field] = _("Enter the date you learned of the act (ARL Art. 22; the 60-day period runs "
                                  "from it, ARL Art. 20).")
            return False
        try:
            day = datetime.date.fromisoformat(str(text))
        except ValueError:
            errors[field] = _("Enter a date as YYYY-MM-DD.")
            return False
        if day.year < 1949:
            errors[field] = _("Enter a date as YYYY-MM-DD.")
            return False
        return day

    @api.model
    def _validate_files(self, files, required=(), with_agent=False):
        """([{field, name, data, kind}], {field: message}): types by their content, sizes, count."""
        Attempt = self.env["fuyi.portal.attempt"]
        max_bytes, max_files = Attempt._limit("fuyi_portal.max_file_bytes"), Attempt._limit("fuyi_portal.max_files")
        errors, accepted = {}, []
        files = [f for f in files if f and (f.get("data") or f.get("name"))]
        if len(files) > max_files:
            errors["files"] = _("At most %(n)s files can be uploaded.", n=max_files)
            return [], errors
        for upload in files:
            field = upload.get("field")
            if field not in FILE_FIELDS:
                errors["files"] = _("Unknown upload field.")
                continue
            data, name = upload.get("data") or b"", uploads.safe_display_name(upload.get("name"))
            if not data:
                errors[field] = _("%(name)s is empty.", name=name)
            elif len(data) > max_bytes:
                errors[field] = _("%(name)s is larger than %(mb)s MB.", name=name, mb=round(max_bytes / 1048576, 1))
            else:
                kind = uploads.sniff(data)
                if not kind:
                    errors[field] = _("%(name)s is not a PDF, JPG, PNG or DOCX file (checked by its content).",
                                      name=name)
                elif not uploads.name_matches(kind, name):
                    errors[field] = _("%(name)s is a %(type)s file by its content, but its name says otherwise; "
                                      "rename it or upload the right file.", name=name,
                                      type=uploads.FILE_TYPES[kind][0])
                else:
                    accepted.append({"field": field, "name": name, "data": data, "kind": kind})
        present = {f["field"] for f in accepted}
        for field in required:
            if field not in present and field not in errors:
                errors[field] = _("Upload the written decision or other document of the act (or a photo of it).")
        if with_agent and "power_of_attorney" not in present and "power_of_attorney" not in errors:
            errors["power_of_attorney"] = _("An agent needs a power of attorney signed by the applicant "
                                            "(ARL Art. 17): upload it.")
        return accepted, errors

    # --- registration ---
    @api.model
    def _fingerprint(self, clean):
        """Same applicant, respondent, act and request: the same application (whitespace ignored)."""
        who = clean.get("id_number") or clean.get("uscc") or ""
        squash = lambda text: "".join((text or "").split())
        return self.env["fuyi.portal.attempt"]._hash("dup", who, clean["respondent"].id,
                                                     squash(clean["act_description"]), squash(clean["request"]))

    @api.model
    def _portal_register(self, clean, files, ip):
        now = fields.Datetime.now()
        fingerprint = self._fingerprint(clean)
        recent = self.search([("fingerprint", "=", fingerprint), ("submitted_on", ">=", now - DAY)],
                             order="submitted_on desc")
        # only the same confirmed mobile may take over the application with a fresh code: anyone else
        # who knows the applicant's ID number would otherwise lock the applicant out of it
        earlier = recent.filtered(lambda app: app.mobile == clean["mobile"])[:1]
        code = codes.new_tracking_code()
        if earlier:
            application, duplicate = earlier, True
            # the SMS code proved the same mobile: the new code replaces the old one
            application.write({"tracking_hash": self._tracking_hash(code), "tracking_issued_on": now,
                               "duplicate_count": application.duplicate_count + 1})
            application.reconsideration_id.message_post(body=_(
                "The same application was submitted again online from %(ip)s; no new case was registered.", ip=ip))
        else:
            duplicate = False
            application = self._create_case(clean, files, ip, fingerprint, code, now)
            if recent:
                application.reconsideration_id.message_post(body=_(
                    "Possibly the same application as case %(case)s (same applicant, respondent, act and request "
                    "within a day), confirmed with another mobile number: check before accepting (ARL Art. 30).",
                    case=recent[0].reconsideration_id.name))
        case = application.reconsideration_id
        review = case.case_id._deadline("acceptance_review")[:1]
        if not duplicate:
            self._send_sms(application.mobile, _(
                "Your reconsideration application was received, tracking code %(code)s. The office decides on "
                "acceptance by %(date)s. Keep the code to follow your case online.",
                code=code, date=review.due_date or ""), application)
        else:
            self._send_sms(application.mobile, _(
                "Your reconsideration application had already been received; your new tracking code is %(code)s "
                "(the earlier code no longer works).", code=code), application)
        return {"ok": True, "tracking_code": code, "duplicate": duplicate, "case_name": case.name,
                "acceptance_due": review.due_date or False,
                "acceptance_why": review.why_this_date or "" if review else "",
                "acceptance_provisional": bool(review.provisional) if review else False}

    @api.model
    def _tracking_hash(self, code):
        return self.env["fuyi.portal.attempt"]._hash("tracking", codes.normalize_tracking_code(code))

    @api.model
    def _partner(self, vals, identifier_field):
        """The existing party with this ID number / credit code, else a new one (no duplicates)."""
        Partner = self.env["res.partner"]
        value = vals.get(identifier_field)
        if value:
            existing = Partner.search([("identifier_search", "=", value)], limit=1)
            if existing:
                missing = {k: v for k, v in vals.items() if k in ("mobile", "street") and v and not existing[k]}
                if missing:
                    existing.write(missing)
                return existing
        return Partner.create(vals)

    @api.model
    def _create_case(self, clean, files, ip, fingerprint, code, now):
        today = fields.Date.context_today(self)
        respondent = clean["respondent"]
        if clean["applicant_kind"] == "person":
            applicant = self._partner({"name": clean["applicant_name"], "party_kind": "person",
                                       "id_number": clean["id_number"], "mobile": clean["mobile"],
                                       "street": clean["address"]}, "id_number")
        else:
            applicant = self._partner({"name": clean["applicant_name"], "party_kind": "organisation",
                                       "is_company": True, "uscc": clean["uscc"], "mobile": clean["mobile"],
                                       "street": clean["address"]}, "uscc")
        parties = [(0, 0, {"partner_id": applicant.id, "role": "applicant", "is_primary": True}),
                   (0, 0, {"partner_id": respondent.id, "role": "respondent"})]
        if clean["applicant_kind"] == "organisation":
            representative = self.env["res.partner"].create({"name": clean["legal_representative"],
                                                             "party_kind": "person"})
            parties.append((0, 0, {"partner_id": representative.id, "role": "representative",
                                   "represented_id": applicant.id}))
        if clean["has_agent"]:
            agent = self._partner({"name": clean["agent_name"], "party_kind": "person",
                                   "id_number": clean["agent_id_number"], "mobile": clean.get("agent_mobile")},
                                  "id_number")
            parties.append((0, 0, {"partner_id": agent.id, "role": "agent", "represented_id": applicant.id}))
        case_vals = {
            "channel": "online", "date_received": today, "agency_id": respondent.id,
            "title": clean["act_description"][:100], "act_description": clean["act_description"],
            "act_date": clean["act_date"], "act_known_date": clean["act_known_date"],
            "request": clean["request"], "facts_reasons": clean["facts_reasons"], "party_ids": parties,
        }
        responsible = self._responsible_user()
        if responsible:
            case_vals["user_id"] = responsible.id
        case = self.env["fuyi.reconsideration"].create(case_vals)
        self._attach(case, files, _("application"))
        application = self.create({
            "reconsideration_id": case.id, "applicant_id": applicant.id,
            "tracking_hash": self._tracking_hash(code), "tracking_issued_on": now,
            "mobile": clean["mobile"], "mobile_masked": identifiers.mask_mobile(clean["mobile"]),
            "submitted_on": now, "client_ip": ip or False, "fingerprint": fingerprint,
            "consent_electronic": clean["consent_electronic"],
            "consent_on": now if clean["consent_electronic"] else False,
            "consent_wording": _(CONSENT_WORDING) if clean["consent_electronic"] else False,
        })
        case.message_post(body=_("Application received online from %(ip)s with %(n)s file(s); electronic service "
                                 "%(consent)s.", ip=ip or "-", n=len(files),
                                 consent=_("consented") if clean["consent_electronic"] else _("not consented")))
        if case.user_id:
            case.activity_schedule(summary=_("Review the online application"), user_id=case.user_id.id,
                                   date_deadline=case.case_id._deadline("acceptance_review")[:1].due_date or today)
        return application

    @api.model
    def _responsible_user(self):
        """The clerk who receives online applications (setting ``fuyi_portal.responsible_user_id``)."""
        text = self.env["ir.config_parameter"].get_param("fuyi_portal.responsible_user_id", "")
        try:
            user = self.env["res.users"].browse(int(text)).exists()
        except (TypeError, ValueError):
            user = self.env["res.users"]
        if not user:
            group = self.env.ref("fuyi_case.fuyi_case_group_clerk", raise_if_not_found=False)
            user = group.users.filtered(lambda u: u.active and not u.share)[:1] if group else user
        return user

    @api.model
    def _attach(self, case, files, stage):
        """The files on the case under server-made names; the uploader's name is kept as the description."""
        labels = {"act": _("Act"), "evidence": _("Evidence"), "power_of_attorney": _("Power of attorney"),
                  "correction": _("Corrections")}
        Attachment = self.env["ir.attachment"]
        created = Attachment
        for index, upload in enumerate(files, 1):
            label, ext, mimetype = uploads.FILE_TYPES[upload["kind"]]
            created |= Attachment.create({
                "name": "%s-%s-%s-%d%s" % (case.name.replace("/", "-") if case.name else "case", labels[upload["field"]],
                                           uuid.uuid4().hex[:8], index, ext[0]),
                "description": _("Uploaded online (%(stage)s) as: %(name)s", stage=stage, name=upload["name"]),
                "raw": upload["data"], "mimetype": mimetype,
                "res_model": "fuyi.reconsideration", "res_id": case.id})
        return created

    @api.model
    def _send_sms(self, number, body, application=None):
        if not number:
            return self.env["sms.sms"]
        return self.env["sms.sms"].sudo().create({"number": number, "body": body,
                                                  "res_model": self._name, "res_id": application.id if application
                                                  else False})

    # --- portal API: opening an application ---
    @api.model
    def _find_by_code(self, tracking_code):
        normalized = codes.normalize_tracking_code(tracking_code)
        if not normalized:
            return self.browse()
        return self.search([("tracking_hash", "=", self._tracking_hash(normalized))], limit=1)

    @api.model
    def _portal_send_track_code(self, tracking_code, ip):
        """The same answer whether the code exists or not; an SMS code only when it does."""
        self = self.with_context(lang="zh_CN", tz=PORTAL_TZ).sudo()
        answer = {"ok": True, "message": _("If the tracking code is right, a code was sent by SMS to the mobile "
                                           "number of the application.")}
        Attempt = self.env["fuyi.portal.attempt"]
        normalized = codes.normalize_tracking_code(tracking_code) or str(tracking_code or "")[:40]
        over = Attempt._over([("track_send", ip or "", HOUR, "fuyi_portal.track_per_address_hour"),
                              ("track_code", normalized, HOUR, "fuyi_portal.track_per_code_hour")])
        if over:
            masked = (normalized[:7] + "****") if over[0] == "track_code" else (ip or "")
            self.env["fuyi.portal.abuse"]._log("track_flood", over[1], masked, ip, over[3])
            return {"ok": False, "message": _("Too many codes were requested; try again later.")}
        Attempt._record("track_send", ip or "")
        Attempt._record("track_code", normalized)
        application = self._find_by_code(tracking_code)
        if application and application.mobile:
            self.env["fuyi.portal.otp"]._issue("track", "app:%d" % application.id, application.mobile, application)
        return answer

    @api.model
    def _portal_open(self, tracking_code, sms_code, ip):
        """The application id, or False for an unknown code and a wrong SMS code alike."""
        self = self.with_context(lang="zh_CN", tz=PORTAL_TZ).sudo()
        Attempt = self.env["fuyi.portal.attempt"]
        if Attempt._count("open_block", ip or "", HOUR) or Attempt._over(
                [("open_fail", ip or "", HOUR, "fuyi_portal.open_failures_per_address_hour")]):
            if not Attempt._count("open_block", ip or "", HOUR):
                Attempt._record("open_block", ip or "")
            self.env["fuyi.portal.abuse"]._log("open_flood", ip or "", ip or "", ip,
                                               "fuyi_portal.open_failures_per_address_hour")
            return False
        application = self._find_by_code(tracking_code)
        Otp = self.env["fuyi.portal.otp"]
        if application and Otp._verify("track", "app:%d" % application.id, sms_code, ip):
            return application.id
        Attempt._record("open_fail", ip or "")
        return False

    # --- portal API: status ---
    def _portal_status(self):
        self.ensure_one()
        self = self.with_context(lang="zh_CN", tz=PORTAL_TZ).sudo()
        case = self.reconsideration_id
        fuyi_case = case.case_id
        applicant = self.applicant_id or fuyi_case.party_ids.filtered(lambda p: p.role == "applicant")[:1].partner_id
        respondent = fuyi_case.party_ids.filtered(lambda p: p.role == "respondent")[:1].partner_id or fuyi_case.agency_id
        deadlines = []
        for deadline in fuyi_case.deadline_ids.filtered(
                lambda d: d.kind in ("acceptance_review", "correction_period", "decision")
                and d.state in ("open", "paused")).sorted(lambda d: (d.due_date or datetime.date.max, d.id)):
            deadlines.append({"name": deadline.name, "due_date": deadline.due_date,
                              "why": deadline.why_this_date or "", "provisional": bool(deadline.provisional)})
        correction = None
        if case.state == "correction":
            period = fuyi_case._deadline("correction_period")[:1]
            correction = {"items": case.correction_items or "", "due_date": period.due_date if period else False,
                          "served_on": case.correction_notice_served or False}
        return {
            "case_name": case.name,
            "state": case.state,
            "state_label": self._state_label(case),
            "submitted_on": self.submitted_on,
            "applicant_name": identifiers.mask_name(applicant.name) if applicant else "",
            "respondent": respondent.name or "",
            "deadlines": deadlines,
            "documents": [{"id": s.id, "name": s.document_name or s.document_id.name or "", "served_on":
                           s.served_date or s.sent_date, "read": bool(s.portal_read_on)}
                          for s in self._served_documents()],
            "correction": correction,
            "can_upload_corrections": case.state == "correction",
            "consent_electronic": self.consent_electronic,
        }

    def _state_label(self, case):
        labels = {"review": _("Acceptance review"), "correction": _("Awaiting corrections"),
                  "accepted": _("Accepted"), "rejected": _("Not accepted"), "forwarded": _("Forwarded"),
                  "abandoned": _("Deemed abandoned"), "suspended": _("Suspended"), "decided": _("Decided"),
                  "mediated": _("Mediated"), "withdrawn": _("Withdrawn"), "terminated": _("Terminated")}
        return labels.get(case.state, case.state)

    def _served_documents(self):
        """Service records addressed to the applicant's side; electronic ones only with consent (CPL Art. 90)."""
        self.ensure_one()
        fuyi_case = self.reconsideration_id.case_id
        recipients = fuyi_case.party_ids.filtered(lambda p: p.role in ("applicant", "agent", "representative")
                                                  ).mapped("partner_id") | self.applicant_id
        services = self.env["fuyi.service"].search([("case_id", "=", fuyi_case.id),
                                                   ("recipient_id", "in", recipients.ids),
                                                   ("state", "!=", "failed")], order="sent_date, id")
        if not self.consent_electronic:
            services = services.filtered(lambda s: s.channel != "electronic")
        return services.filtered(lambda s: s.document_id.attachment_id or s.portal_attachment_id)

    def _portal_document(self, doc_id, ip=None):
        """A document served on this applicant, or None; its first download is the proof of electronic service."""
        self.ensure_one()
        self = self.with_context(lang="zh_CN", tz=PORTAL_TZ).sudo()
        try:
            doc_id = int(doc_id)
        except (TypeError, ValueError):
            return None
        service = self._served_documents().filtered(lambda s: s.id == doc_id)
        if not service:
            return None
        attachment = service.portal_attachment_id or service.document_id.attachment_id
        if not service.portal_read_on:
            service._portal_record_read(ip or self.env.context.get("portal_ip") or self.client_ip)
        name = attachment.name or "document"
        return {"name": name, "data": attachment.raw or b"", "mimetype": attachment.mimetype or
                "application/octet-stream"}

    # --- portal API: corrections ---
    def _portal_upload_corrections(self, files, note, ip):
        self.ensure_one()
        self = self.with_context(lang="zh_CN", tz=PORTAL_TZ).sudo()
        case = self.reconsideration_id
        if case.state != "correction":
            return {"ok": False, "errors": {"_form": _("This application is not awaiting corrections.")}}
        note = (note or "").strip()
        if len(note) > 2000:
            return {"ok": False, "errors": {"note": _("Too long: at most %(n)s characters.", n=2000)}}
        accepted, errors = self._validate_files([dict(f, field="correction") for f in files or []])
        if not accepted and not errors:
            errors["correction"] = _("Upload at least one file with your corrections.")
        if errors:
            return {"ok": False, "errors": errors}
        try:
            with self.env.cr.savepoint():
                attachments = self._attach(case, accepted, _("corrections"))
                # the five working days of review start again from the corrections' arrival (ARL Art. 31 para 3)
                case.action_receive_corrections()
                self.corrections_uploaded_on = fields.Datetime.now()
                case.message_post(body=_("Corrections uploaded online from %(ip)s (%(n)s file(s)). Note: %(note)s",
                                         ip=ip or "-", n=len(attachments), note=note or "-"),
                                  attachment_ids=attachments.ids)
                user = case.user_id or self._responsible_user()
                if user:
                    review = case.case_id._deadline("acceptance_review")[:1]
                    case.activity_schedule(summary=_("Review the corrections uploaded online"), user_id=user.id,
                                           date_deadline=review.due_date or fields.Date.context_today(self))
        except (UserError, ValidationError) as exc:
            return {"ok": False, "errors": {"_form": str(exc.args[0] if exc.args else exc)}}
        review = case.case_id._deadline("acceptance_review")[:1]
        return {"ok": True, "message": _("Your corrections were received. The office decides on acceptance by "
                                         "%(date)s.", date=review.due_date or "")}
