import datetime
import html
import urllib.parse

import pytz

from flectra import api, fields, models, _
from flectra.exceptions import UserError, ValidationError

from ..tools import litigation

STATES = [
    ("registered", "Court notice registered"), ("notified", "Head notified"), ("designated", "Designated"),
    ("absence", "Absence explained"), ("recorded", "Appearance recorded"), ("cancelled", "Cancelled"),
]
DESIGNEE_KINDS = [("head", "Agency head"), ("staff", "Staff with power of attorney")]
CATEGORIES = [("none", "No mandatory category")] + litigation.MANDATORY_CATEGORIES
FLAGS = [("reason_unverified", "Reason not among HEAD-2020 Art. 8 or unverified"),
         ("proof_missing", "No sealed proof of the reason")]


class YingsuAppearance(models.Model):
    """Agency-head court appearance (负责人出庭应诉) for one hearing, as a chain: the court's notice, the
    notice to the head, the designation, the identity certificate or the reasons for absence, and what
    happened in court (ALL Art. 3 para 3; HEAD-2020; ALL-I Arts. 128–132)."""

    _name = "yingsu.appearance"
    _description = "Head court appearance"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "hearing_datetime desc, id desc"
    _rec_name = "name"

    name = fields.Char(compute="_compute_name", store=True)
    lawsuit_id = fields.Many2one("yingsu.lawsuit", string="Lawsuit", required=True, ondelete="cascade", index=True)
    agency_id = fields.Many2one("res.partner", string="Agency summoned", required=True, index=True,
                                domain=[("party_kind", "=", "agency")])
    state = fields.Selection(STATES, default="registered", required=True, tracking=True, index=True)
    hearing_datetime = fields.Datetime(string="Hearing", required=True, tracking=True)
    hearing_date = fields.Date(compute="_compute_hearing_date", store=True, index=True)
    hearing_place = fields.Char(string="Court room")
    notice_received = fields.Date(string="Court notice received", required=True, tracking=True,
                                  help="The day the court's appearance notice (出庭通知书) reached the agency")
    notice_latest = fields.Date(string="Latest service of the notice", compute="_compute_notice_late", store=True,
                                help="At least 3 days before the hearing (HEAD-2020 Art. 5 para 2)")
    notice_late = fields.Boolean(string="Notice served late", compute="_compute_notice_late", store=True)
    mandatory_category = fields.Selection(CATEGORIES, string="Mandatory-notice category", default="none",
                                          required=True, help="Cases where the court shall notify the head "
                                                              "(HEAD-2020 Art. 4 para 1)")
    head_user_ids = fields.Many2many("res.users", compute="_compute_head_users", string="Head users")
    notice_document_id = fields.Many2one("fuyi.document", string="Notice to the head", readonly=True, copy=False)
    designee_id = fields.Many2one("res.partner", string="Appears in court", tracking=True,
                                  domain=[("party_kind", "=", "person")])
    designee_kind = fields.Selection(DESIGNEE_KINDS, string="Appears as", tracking=True)
    designee_position = fields.Char(string="Position")
    designee_authority = fields.Char(string="Authority granted", help="Stated in the power of attorney "
                                                                      "(ALL-I Art. 131 para 2)")
    attorney_attachment_ids = fields.Many2many("ir.attachment", "yingsu_appearance_attorney_rel", "appearance_id",
                                               "attachment_id", string="Sealed power of attorney")
    designated_by = fields.Many2one("res.users", readonly=True)
    designated_on = fields.Date(readonly=True)
    absence_reason = fields.Selection(litigation.ABSENCE_REASONS, string="Reason for the head's absence",
                                      tracking=True)
    absence_reason_text = fields.Text(string="Reason in detail")
    absence_proof_ids = fields.Many2many("ir.attachment", "yingsu_appearance_proof_rel", "appearance_id",
                                         "attachment_id", string="Proof of the reason")
    absence_accepted = fields.Boolean(readonly=True)
    absence_flag = fields.Selection(FLAGS, readonly=True, tracking=True)
    postponement_requested = fields.Boolean(string="Postponement requested",
                                            help="The agency may apply to postpone the hearing (HEAD-2020 Art. 9)")
    result = fields.Selection(litigation.APPEARANCE_RESULTS, string="Who appeared", tracking=True, index=True)
    appeared_id = fields.Many2one("res.partner", string="Person who appeared")
    head_statement = fields.Text(string="What the head said on resolving the dispute",
                                 help="A head who appears gives views on substantive resolution (HEAD-2020 Art. 11)")
    compliant = fields.Boolean(compute="_compute_compliance", store=True)
    compliance_note = fields.Char(compute="_compute_compliance", store=True)
    head_appeared = fields.Boolean(compute="_compute_compliance", store=True, index=True)
    appearance_pct = fields.Float(string="Appearance rate (%)", compute="_compute_compliance", store=True,
                                  group_operator="avg", help="100 when the head appeared, 0 otherwise: the average "
                                                             "over recorded hearings is the appearance rate")
    year = fields.Char(compute="_compute_hearing_date", store=True, index=True)

    @api.depends("lawsuit_id.name", "hearing_datetime")
    def _compute_name(self):
        for appearance in self:
            appearance.name = "%s %s" % (appearance.lawsuit_id.name or "", appearance.hearing_date or "")

    @api.depends("hearing_datetime")
    def _compute_hearing_date(self):
        for appearance in self:
            appearance.hearing_date = appearance._local_date(appearance.hearing_datetime)
            appearance.year = str(appearance.hearing_date.year) if appearance.hearing_date else False

    def _local_date(self, value):
        if not value:
            return False
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "Asia/Shanghai")
        return pytz.utc.localize(value).astimezone(tz).date()

    @api.depends("hearing_datetime", "notice_received")
    def _compute_notice_late(self):
        for appearance in self:
            hearing = appearance._local_date(appearance.hearing_datetime)
            latest = litigation.latest_notice_service(hearing) if hearing else False
            appearance.notice_latest = latest
            appearance.notice_late = bool(latest and appearance.notice_received and appearance.notice_received > latest)

    @api.depends("agency_id.agency_head_id", "agency_id.agency_deputy_ids")
    def _compute_head_users(self):
        for appearance in self:
            heads = appearance._heads()
            appearance.head_user_ids = self.env["res.users"].sudo().search([("partner_id", "in", heads.ids)]) \
                if heads else self.env["res.users"]

    @api.depends("result", "designee_kind", "absence_accepted", "head_statement")
    def _compute_compliance(self):
        for appearance in self:
            result = appearance.result
            appearance.head_appeared = result == "head"
            appearance.appearance_pct = 100.0 if result == "head" else 0.0
            if not result:
                appearance.compliant, appearance.compliance_note = False, False
            elif result in litigation.NON_COMPLIANT_RESULTS:
                appearance.compliant = False
                appearance.compliance_note = litigation.NON_COMPLIANT_RESULTS[result]
            elif result == "staff" and not appearance.absence_accepted:
                appearance.compliant = False
                appearance.compliance_note = "HEAD-2020 Arts. 8, 12"
            else:
                appearance.compliant = True
                appearance.compliance_note = False

    @api.constrains("notice_received", "hearing_datetime")
    def _check_notice_before_hearing(self):
        for appearance in self:
            hearing = appearance._local_date(appearance.hearing_datetime)
            if appearance.notice_received and hearing and appearance.notice_received > hearing:
                raise ValidationError(_(
                    "The court's appearance notice cannot be received on %(received)s, after the hearing of %(hearing)s: "
                    "it is served at least 3 days before the hearing (HEAD-2020 Art. 5 para 2). Check both dates.",
                    received=appearance.notice_received, hearing=hearing))

    @api.constrains("designee_id", "designee_kind", "agency_id")
    def _check_designee(self):
        for appearance in self.filtered("designee_id"):
            appearance._validate_designation(appearance.designee_id, appearance.designee_kind,
                                             appearance.attorney_attachment_ids)

    # --- heads of the agency (HEAD-2020 Art. 2; ALL-I Art. 128 para 1) ---
    def _heads(self):
        self.ensure_one()
        agency = self.agency_id.sudo()
        return agency.agency_head_id | agency.agency_deputy_ids

    def _validate_designation(self, designee, kind, attorney):
        if kind == "head" and designee not in self._heads():
            raise ValidationError(_(
                "%(person)s is not a head of %(agency)s: only its principal or deputy heads count as the head who "
                "appears (HEAD-2020 Art. 2; ALL-I Art. 128 para 1). Designate them as staff with a sealed power of "
                "attorney instead.", person=designee.name, agency=self.agency_id.name))
        if kind == "staff" and not attorney:
            raise ValidationError(_(
                "Staff who appear instead of the head need a power of attorney sealed by the agency, stating their "
                "name, position and authority (ALL-I Art. 131 para 2): attach it."))
        if not kind:
            raise ValidationError(_("Say whether %(person)s appears as a head or as staff.", person=designee.name))

    # --- the chain ---
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("agency_id") and vals.get("lawsuit_id"):
                lawsuit = self.env["yingsu.lawsuit"].browse(vals["lawsuit_id"])
                vals["agency_id"] = lawsuit.agency_id.id
        appearances = super().create(vals_list)
        for appearance in appearances:
            if appearance.notice_late:
                appearance.message_post(body=_(
                    "The court's notice arrived on %(received)s, later than %(latest)s, 3 days before the hearing "
                    "(HEAD-2020 Art. 5 para 2): the agency may ask the court to postpone.",
                    received=appearance.notice_received, latest=appearance.notice_latest))
            lawsuit = appearance.lawsuit_id
            if lawsuit.state in ("filed", "answering") and lawsuit.defence_submitted:
                lawsuit.state = "trial"
        return appearances

    def _check_state(self, allowed, action):
        self.ensure_one()
        if self.state not in allowed:
            raise UserError(_("%(action)s is not possible while the appearance for %(case)s is %(state)s.",
                              action=action, case=self.lawsuit_id.name, state=_(dict(STATES)[self.state])))

    def action_notify_head(self):
        """The notice to the agency head (出庭应诉通知书) as a document, an activity for each head and an e-mail;
        returns the document's id."""
        self.ensure_one()
        self._check_state(("registered", "notified"), _("Notifying the head"))
        heads = self._heads()
        if not heads:
            raise UserError(_("%(agency)s has no head on record: enter its head (and deputies) on the agency first.",
                              agency=self.agency_id.name))
        Document = self.env["fuyi.document"]
        document = self.notice_document_id
        if not document:
            document = Document.create({"case_id": self.lawsuit_id.case_id.id, "doc_type": "appearance_notice",
                                        "appearance_id": self.id, "recipient_id": heads[0].id})
        if document.state == "draft":
            document.action_generate()
        self.write({"notice_document_id": document.id, "state": "notified"})
        summary = _("Court appearance on %(date)s: designate who appears", date=self.hearing_date)
        for user in self.head_user_ids:
            self.activity_schedule("mail.mail_activity_data_todo", date_deadline=self.notice_latest or self.hearing_date,
                                   summary=summary, user_id=user.id)
        self._mail_heads(heads, document)
        self._sms_heads(heads)
        return document.id

    def _sms_heads(self, heads):
        """A short text with the link, to each head with a mobile number (through the SMS queue)."""
        Sms = self.env["sms.sms"].sudo()
        for head in heads:
            number = Sms._normalize_number(head.mobile or head.phone)
            if not number:
                continue
            Sms.create({"number": number, "partner_id": head.id, "res_model": self._name, "res_id": self.id,
                        "body": "%s（案号%s）定于%s开庭，请确认出庭人员或说明情况：%s" % (
                            self.lawsuit_id.name, self.lawsuit_id.court_case_number or "", self._hearing_text(),
                            self._notice_url())})

    def _notice_url(self):
        """The head's notice in the web client, through the login page: a fragment (#...) does not survive
        the login form, a redirect parameter does; a logged-in head goes straight through."""
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "http://127.0.0.1:8069")
        target = "/web#action=yingsu.yingsu_appearance_head_action&id=%d&view_type=form" % self.id
        return "%s/web/login?redirect=%s" % (base.rstrip("/"), urllib.parse.quote(target, safe="/"))

    def _mail_heads(self, heads, document):
        company = self.env.company.sudo()
        for head in heads.filtered("email"):
            body = [
                "<p>%s：</p>" % html.escape(head.name),
                "<p>%s</p>" % html.escape(
                    "%s（案号%s）定于%s开庭审理。依照《中华人民共和国行政诉讼法》第三条第三款，被诉行政机关负责人应当出庭应诉；"
                    "不能出庭的，应当委托行政机关相应的工作人员出庭。" % (
                        self.lawsuit_id.title or self.lawsuit_id.name, self.lawsuit_id.court_case_number or "",
                        self._hearing_text())),
                '<p><a href="%s">%s</a></p>' % (html.escape(self._notice_url()), "确认出庭或说明情况"),
            ]
            vals = {"subject": "出庭应诉通知（%s）" % (self.lawsuit_id.court_case_number or self.lawsuit_id.name),
                    "body_html": "\n".join(body), "recipient_ids": [(6, 0, head.ids)],
                    "model": self._name, "res_id": self.id,
                    "attachment_ids": [(6, 0, document.attachment_id.ids)]}
            if company.email:
                vals["email_from"] = company.email
            self.env["mail.mail"].sudo().create(vals)

    def _hearing_text(self):
        if not self.hearing_datetime:
            return ""
        tz = pytz.timezone(self.env.user.tz or "Asia/Shanghai")
        local = pytz.utc.localize(self.hearing_datetime).astimezone(tz)
        return "%d年%d月%d日%02d:%02d" % (local.year, local.month, local.day, local.hour, local.minute)

    def action_designate(self, designee_id, kind, position="", authority="", attorney_ids=None):
        """The agency designates who appears: a head (HEAD-2020 Art. 2) or staff with a sealed power of
        attorney (ALL-I Art. 131 para 2). Heads may do this from their notice."""
        self.ensure_one()
        self._check_state(("registered", "notified", "designated", "absence"), _("Designation"))
        designee = self.env["res.partner"].browse(designee_id).exists()
        if not designee:
            raise UserError(_("Choose the person who appears."))
        attorney = self.env["ir.attachment"].browse(attorney_ids or []).exists() | self.attorney_attachment_ids
        self._validate_designation(designee, kind, attorney)
        if kind == "staff" and not self.absence_reason:
            raise UserError(_("Staff appear only when the head cannot (ALL Art. 3 para 3): give the reason for the "
                              "head's absence with its proof first (HEAD-2020 Arts. 8, 9)."))
        self.sudo().write({"designee_id": designee.id, "designee_kind": kind, "designee_position": position,
                           "designee_authority": authority, "attorney_attachment_ids": [(6, 0, attorney.ids)],
                           "designated_by": self.env.uid, "designated_on": fields.Date.context_today(self),
                           "state": "designated"})
        self.sudo().activity_ids.filtered(lambda a: a.user_id.id == self.env.uid).action_feedback(
            feedback=_("Designated %(person)s", person=designee.name))
        return True

    def action_report_absence(self, reason, reason_text="", proof_ids=None, postponement=False):
        """The head cannot appear: one of the HEAD-2020 Art. 8 reasons with proof sealed by the agency or signed
        by its principal head (Art. 9); a reason outside the list, or without proof, is flagged (judicial
        suggestion risk, Art. 12)."""
        self.ensure_one()
        self._check_state(("registered", "notified", "designated", "absence"), _("Reporting the head's absence"))
        proof = self.env["ir.attachment"].browse(proof_ids or []).exists() | self.absence_proof_ids
        accepted, rule, flag = litigation.absence_check(reason, bool(proof), reason_text)
        self.sudo().write({"absence_reason": reason if reason in dict(litigation.ABSENCE_REASONS) else False,
                           "absence_reason_text": reason_text, "absence_proof_ids": [(6, 0, proof.ids)],
                           "absence_accepted": accepted, "absence_flag": flag,
                           "postponement_requested": bool(postponement), "state": "absence"})
        if flag:
            self.sudo().message_post(body=_("The head's absence is flagged (%(rule)s): %(flag)s. The court may send a "
                                            "judicial suggestion (HEAD-2020 Art. 12).", rule=rule,
                                            flag=_(dict(FLAGS)[flag])))
        return accepted

    def action_record(self, result, appeared_id=False, statement=""):
        """What happened in court: head appeared, staff appeared, only a lawyer, or nobody (HEAD-2020 Arts. 11, 12;
        ALL-I Arts. 128, 132); a head who appeared states their views on resolving the dispute."""
        self.ensure_one()
        self._check_state(("registered", "notified", "designated", "absence"), _("Recording the appearance"))
        if result not in dict(litigation.APPEARANCE_RESULTS):
            raise UserError(_("Unknown appearance result %(result)s.", result=result))
        appeared = self.env["res.partner"].browse(appeared_id).exists() if appeared_id else self.designee_id
        if result == "head":
            if appeared not in self._heads():
                raise ValidationError(_("%(person)s is not a head of %(agency)s (HEAD-2020 Art. 2): record them as "
                                        "staff.", person=appeared.name or "?", agency=self.agency_id.name))
            if not (statement or "").strip():
                raise ValidationError(_("A head who appears gives views on the substantive resolution of the dispute "
                                        "(HEAD-2020 Art. 11 para 2): record what they said."))
        self.write({"result": result, "appeared_id": appeared.id, "head_statement": statement, "state": "recorded"})
        if result in litigation.NON_COMPLIANT_RESULTS:
            self.message_post(body=_("Non-compliant appearance (%(rule)s): expect a judicial suggestion to the "
                                     "supervisory commission or the superior agency.",
                                     rule=litigation.NON_COMPLIANT_RESULTS[result]))
        return True

    def action_identity_certificate(self):
        """负责人身份证明 (head) or 授权委托书 (staff), before the hearing (HEAD-2020 Art. 6; ALL-I Art. 131);
        returns the document's id."""
        self.ensure_one()
        if not self.designee_id:
            raise UserError(_("Designate who appears first."))
        doc_type = "identity_certificate" if self.designee_kind == "head" else "power_of_attorney"
        document = self.env["fuyi.document"].create({"case_id": self.lawsuit_id.case_id.id, "doc_type": doc_type,
                                                     "appearance_id": self.id, "recipient_id": self.court_partner().id})
        document.action_generate()
        return document.id

    def action_absence_statement(self):
        """不能出庭情况说明 to the court, from the recorded reason (HEAD-2020 Art. 9); returns the document's id."""
        self.ensure_one()
        if not self.absence_reason:
            raise UserError(_("Record the reason for the head's absence first (HEAD-2020 Art. 8)."))
        document = self.env["fuyi.document"].create({"case_id": self.lawsuit_id.case_id.id,
                                                     "doc_type": "absence_statement", "appearance_id": self.id,
                                                     "recipient_id": self.court_partner().id})
        document.action_generate()
        return document.id

    def court_partner(self):
        return self.lawsuit_id.court_id

    # --- warnings and statistics ---
    @api.model
    def _cron_warn_undesignated(self, days=3):
        """Hearings within ``days`` days with nobody designated: an activity for the case's officer."""
        today = fields.Date.context_today(self)
        soon = today + datetime.timedelta(days=days)
        pending = self.search([("state", "in", ("registered", "notified")), ("hearing_date", ">=", today),
                               ("hearing_date", "<=", soon)])
        for appearance in pending:
            user = appearance.lawsuit_id.user_id
            summary = _("Hearing on %(date)s: nobody designated yet", date=appearance.hearing_date)
            if user and not appearance.activity_ids.filtered(lambda a: a.summary == summary):
                appearance.activity_schedule("mail.mail_activity_data_todo", date_deadline=appearance.hearing_date,
                                             summary=summary, user_id=user.id)
        return pending.ids

    @api.model
    def appearance_rate(self, domain=None):
        """出庭率: recorded hearings where the head appeared / recorded hearings (HEAD-2020 Art. 14), in %."""
        recorded = self.search((domain or []) + [("state", "=", "recorded")])
        return litigation.rate(len(recorded.filtered("head_appeared")), len(recorded))
