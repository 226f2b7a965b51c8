import re

from flectra import api, fields, models, _
from flectra.exceptions import UserError, ValidationError

from ..report.docx_builder import OfficialDocumentBuilder, chinese_date, due_date_text

DOC_TYPES = [
    ("correction_notice", "Correction notice"),
    ("acceptance_notice", "Acceptance notice"),
    ("rejection_decision", "Non-acceptance decision"),
]
STATES = [("draft", "Draft"), ("issued", "Issued"), ("cancelled", "Cancelled")]
#: state changes a document may make: a number once drawn is never given back
STATE_CHANGES = {"draft": {"draft", "issued", "cancelled"}, "issued": {"issued", "cancelled"},
                 "cancelled": {"cancelled"}}
#: what an issued document says, to whom, under which number: frozen once issued
LOCKED_FIELDS = frozenset({"case_id", "doc_type", "number", "version", "attachment_id", "issued_date",
                           "issued_by", "recipient_id"})
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DEFAULT_BODY_NAME = "县人民政府"
LAW = "《中华人民共和国行政复议法》"
#: reject_reason → (item of ARL Art. 30 para 1, the condition in the words of the law, the finding
#: written when an application fails it)
REJECT_GROUNDS = {
    "no_applicant": ("第一项", "有明确的申请人和符合本法规定的被申请人", "没有明确的申请人或者没有符合该法规定的被申请人"),
    "no_interest": ("第二项", "申请人与被申请行政复议的行政行为有利害关系",
                    "申请人与被申请行政复议的行政行为没有利害关系"),
    "no_request": ("第三项", "有具体的行政复议请求和理由", "没有具体的行政复议请求和理由"),
    "late": ("第四项", "在法定申请期限内提出", "超过了法定申请期限"),
    "scope": ("第五项", "属于本法规定的行政复议范围", "不属于该法规定的行政复议范围"),
    "jurisdiction": ("第六项", "属于本机关的管辖范围", "不属于本机关的管辖范围"),
    "duplicate": ("第七项", "行政复议机关未受理过该申请人就同一行政行为提出的行政复议申请，并且人民法院未受理过该申请人"
                  "就同一行政行为提起的行政诉讼", "本机关已经受理过申请人就同一行政行为提出的行政复议申请，或者人民法院已经"
                  "受理过申请人就同一行政行为提起的行政诉讼"),
}
# "1. ", "（一）", "2、", "- " in front of an item someone typed: the notice numbers items itself
_ITEM_NUMBER = re.compile(r"^\s*(?:[（(]?[0-9０-９一二三四五六七八九十]+[)）.．、,，](?!\d)|[-*•·])\s*")


class FuyiDocument(models.Model):
    """A document (文书) of a case: a versioned .docx, numbered from a gap-free sequence when issued.

    Drafts carry no number and are regenerated at will, each time as a new attachment version;
    issuing draws the document number (文号) per document type and year and freezes the document.
    """

    _name = "fuyi.document"
    _description = "Case document"
    _order = "case_id, id"

    case_id = fields.Many2one("fuyi.case", string="Case", required=True, ondelete="cascade", index=True)
    doc_type = fields.Selection(DOC_TYPES, string="Document type", required=True, index=True)
    name = fields.Char(compute="_compute_name", store=True)
    number = fields.Char(string="Document number", readonly=True, copy=False, index=True,
                         help="文号, drawn when the document is issued (GB/T 9704-2012 §7.2.5)")
    state = fields.Selection(STATES, default="draft", required=True, readonly=True, copy=False, index=True)
    version = fields.Integer(default=0, readonly=True, copy=False, help="Raised on every generation of the file")
    attachment_id = fields.Many2one("ir.attachment", string="Current file", readonly=True, copy=False)
    attachment_ids = fields.One2many("ir.attachment", "res_id", string="All versions", readonly=True)
    issued_date = fields.Date(string="Issued date", readonly=True, copy=False)
    issued_by = fields.Many2one("res.users", string="Issued by", readonly=True, copy=False)
    served_date = fields.Date(string="Served on", copy=False, help="送达日期: the day the recipient received it")
    recipient_id = fields.Many2one("res.partner", string="Recipient")

    _sql_constraints = [("number_unique", "unique(doc_type, number)", "A document number is used only once.")]

    @api.depends("doc_type", "number")
    def _compute_name(self):
        labels = dict(self._fields["doc_type"].selection)
        for document in self:
            label = _(labels.get(document.doc_type, document.doc_type or ""))
            document.name = "%s %s" % (label, document.number or _("(draft)"))

    @api.constrains("served_date", "state", "issued_date")
    def _check_served_date(self):
        for document in self.filtered("served_date"):
            if not document.issued_date or document.served_date < document.issued_date:
                raise ValidationError(_("Document %(name)s can only be served once issued, on or after its issue "
                                        "date.", name=document.name))

    # --- CRUD ---
    def write(self, vals):
        locked = LOCKED_FIELDS.intersection(vals)
        if locked:
            frozen = self.filtered(lambda d: d.state != "draft")
            if frozen:
                raise UserError(_("Document %(name)s has been issued or cancelled and can no longer be changed "
                                  "(%(fields)s). Cancel it and prepare a new document instead.",
                                  name=frozen[0].name, fields=", ".join(sorted(locked))))
        if "state" in vals:
            for document in self:
                if vals["state"] not in STATE_CHANGES[document.state]:
                    raise UserError(_("Document %(name)s cannot go from %(old)s back to %(new)s.",
                                      name=document.name, old=_(dict(STATES)[document.state]),
                                      new=_(dict(STATES).get(vals["state"], vals["state"]))))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_numbered(self):
        for document in self.filtered("number"):
            raise UserError(_("Document %(name)s has a document number and stays on file; cancel it instead "
                              "of deleting it.", name=document.name))

    # --- actions ---
    def action_generate(self):
        """Build the file again from the case data, as a new version (drafts only)."""
        for document in self:
            document._check_draft()
            document._generate()
        return True

    def action_issue(self, date=None):
        """Draw the document number (gap-free per type and year) and build the final file."""
        for document in self:
            document._check_draft()
            issued = fields.Date.to_date(date) if date else fields.Date.context_today(self)
            document._prepare_values()  # refuse a misfit before a number is drawn
            document.write({"number": document._next_number(issued), "issued_date": issued,
                            "issued_by": self.env.uid})
            document._generate()
            document.write({"state": "issued"})
        return True

    def action_cancel(self):
        """Withdraw a document; an issued one keeps its number, so the register stays gap-free."""
        self.write({"state": "cancelled"})
        return True

    # --- generation ---
    def _check_draft(self):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(_("Document %(name)s is %(state)s: only a draft can be generated or issued.",
                              name=self.name, state=_(dict(STATES)[self.state])))

    def _next_number(self, issued):
        code = "fuyi.document.%s" % self.doc_type
        number = self.env["ir.sequence"].sudo().next_by_code(code, sequence_date=issued)
        if not number:
            raise UserError(_("No document number sequence is configured for %(type)s (code %(code)s).",
                              type=self.doc_type, code=code))
        return number

    def _generate(self):
        values = self._prepare_values()
        data = OfficialDocumentBuilder().build(**values)
        version = self.version + 1
        attachment = self.env["ir.attachment"].create({
            "name": self._download_name(version), "raw": data, "mimetype": DOCX_MIMETYPE,
            "res_model": self._name, "res_id": self.id})
        vals = {"version": version, "attachment_id": attachment.id}
        applicants = self._applicants()
        if not self.recipient_id and applicants:
            vals["recipient_id"] = applicants[0].id
        self.write(vals)
        return attachment

    def _prepare_values(self):
        """The builder's arguments, as a plain dict; the document type's hook supplies the content."""
        self.ensure_one()
        hook = getattr(self, "_values_%s" % self.doc_type, None)
        if hook is None:
            raise UserError(_("There is no template for documents of type %(type)s.", type=self.doc_type))
        values = {"number": self.number or None, "recipient": None, "cc": [],
                  "signature": self._body_name(), "date": self.issued_date or fields.Date.context_today(self)}
        values.update(hook(self._case_record()))
        return values

    def _case_models(self):
        """Override to add case types: case_type → model of the concrete case."""
        return {"reconsideration": "fuyi.reconsideration"}

    def _case_record(self):
        model = self._case_models().get(self.case_id.case_type)
        record = self.env[model].search([("case_id", "=", self.case_id.id)], limit=1) if model else None
        if not record:
            raise UserError(_("Case %(case)s has no procedure record to build documents from.",
                              case=self.case_id.display_name))
        return record

    def _body_name(self):
        return self.env["ir.config_parameter"].sudo().get_param("fuyi_case.body_name", DEFAULT_BODY_NAME)

    def _refuse(self, case, rule):
        raise UserError(_("%(type)s cannot be prepared for case %(case)s: %(rule)s",
                          type=_(dict(self._fields["doc_type"].selection)[self.doc_type]), case=case.name,
                          rule=rule))

    # --- wording shared by the documents ---
    def _parties(self, role):
        lines = self.case_id.party_ids.filtered(lambda p: p.role == role)
        return lines.sorted(lambda p: (not p.is_primary, p.sequence, p.id)).mapped("partner_id")

    def _applicants(self):
        return self._parties("applicant")

    def _recipient_name(self):
        return self.recipient_id.name or "、".join(self._applicants().mapped("name")) or None

    def _you(self):
        """你 / 你单位 / 你们: how the notice addresses its recipient."""
        recipients = self.recipient_id or self._applicants()
        if len(recipients) > 1:
            return "你们"
        return "你" if recipients.party_kind == "person" else "你单位"

    def _describe_party(self, role_label, partner):
        """申请人：张三，公民身份号码：110101********0008，住所：…… (never the full ID number)."""
        parts = ["%s：%s" % (role_label, partner.name)]
        if partner.party_kind != "person" and partner.authorized_organization:
            # a respondent in its own name by authorisation, not an agency (ARL Art. 19)
            basis = partner.authorization_basis and "，授权依据：%s" % partner.authorization_basis.strip() or ""
            parts[0] += "（法律、法规、规章授权的组织%s）" % basis
        if partner.party_kind == "person" and partner.id_number_masked:
            parts.append("公民身份号码：%s" % partner.id_number_masked)
        elif partner.party_kind != "person" and partner.uscc:
            parts.append("统一社会信用代码：%s" % partner.uscc)
        if partner.street:
            parts.append("住所：%s" % partner.street)
        if (partner.party_kind == "agency" or partner.authorized_organization) and partner.agency_head_id:
            parts.append("负责人：%s" % partner.agency_head_id.name)
        return "，".join(parts) + "。"

    @staticmethod
    def _act(case):
        """县市场监督管理局2025年9月1日作出的罚款决定 — the act complained of."""
        respondents = case.party_ids.filtered(lambda p: p.role == "respondent").mapped("partner_id")
        who = "、".join(respondents.mapped("name")) or case.agency_id.name or ""
        when = chinese_date(case.act_date) if case.act_date else ""
        return "%s%s作出的%s" % (who, when, case.act_description or case.title or "行政行为")

    @staticmethod
    def _correction_items(case):
        """One numbered line per item, "；" between them and "。" after the last."""
        lines = (case.correction_items or "").splitlines()
        items = [_ITEM_NUMBER.sub("", line).strip().rstrip("；;。.，,") for line in lines]
        items = [item for item in items if item]
        last = len(items)
        return ["%d. %s%s" % (index, item, "。" if index == last else "；") for index, item in enumerate(items, 1)]

    # --- one hook per document type ---
    def _values_correction_notice(self, case):
        """补正通知书: every item at once (ARL Art. 31 para 1), 10 working days to correct (para 2)."""
        if case.state not in ("review", "correction"):
            self._refuse(case, _("corrections are asked for during the acceptance review, within 5 working days "
                                 "of receipt (ARL Art. 31 para 1); the case is %(state)s.",
                                 state=_(dict(case._fields["state"].selection).get(case.state, case.state))))
        items = self._correction_items(case)
        if not items:
            self._refuse(case, _("the notice must list every item to correct, all at once (ARL Art. 31 para 1); "
                                 "enter the items to correct first."))
        you = self._you()
        period = case.case_id._deadline("correction_period", states=("open", "paused", "done", "missed"))
        due = "，即最迟于%s提交" % due_date_text(period[-1]) if period else ""
        return {
            "title": "%s\n行政复议申请补正通知书" % self._body_name(),
            "recipient": self._recipient_name(),
            "paragraphs": [
                "%s于%s向本机关提出行政复议申请，对%s不服。经审查，申请材料不齐全或者表述不清楚，本机关无法判断该申请是否"
                "符合%s第三十条第一款的规定。根据该法第三十一条第一款的规定，请%s补正下列事项："
                % (you, chinese_date(case.date_received), self._act(case), LAW, you),
            ] + items + [
                "根据%s第三十一条第二款和第八十八条第二款的规定，请%s自收到本通知书之日起十个工作日内（不含法定休假日）"
                "向本机关提交补正材料%s。有正当理由不能按期补正的，可以向本机关说明理由，本机关可以延长合理的补正期限；"
                "无正当理由逾期不补正的，视为%s放弃行政复议申请，并记录在案。" % (LAW, you, due, you),
                "本机关收到补正材料后，将依照%s第三十一条第三款和第三十条的规定审查是否受理。" % LAW,
            ],
        }

    def _values_acceptance_notice(self, case):
        """受理通知书: accepted as of the acceptance date (ARL Art. 30), procedure, decision due (Art. 62)."""
        if not case.acceptance_date or case.state in ("review", "correction", "rejected", "forwarded", "abandoned"):
            self._refuse(case, _("the application has not been accepted (ARL Art. 30); accept it, or let the "
                                 "review period run out (deemed acceptance, Art. 30 para 3), first."))
        you = self._you()
        corrected = "，并于%s提交了补正材料" % chinese_date(case.corrections_received) if case.corrections_received else ""
        if case.deemed_accepted:
            accepted = ("本机关在%s第三十条第一款规定的审查期限内未作出不予受理决定。根据该条第三款的规定，%s的行政复议申请"
                        "自审查期限届满之日即%s起视为受理。" % (LAW, you, chinese_date(case.acceptance_date)))
        else:
            accepted = ("经审查，该申请符合%s第三十条第一款规定的受理条件，本机关决定自%s起予以受理。"
                        % (LAW, chinese_date(case.acceptance_date)))
        decision = case.case_id._deadline("decision")
        due = "，即最迟于%s作出" % due_date_text(decision[-1]) if decision else ""
        if case.procedure == "simple":
            procedure = "根据%s第三十六条和第五十三条的规定，本案适用简易程序审理。" % LAW
            limit = "根据该法第六十二条第二款的规定，本机关将自受理之日起三十日内作出行政复议决定%s。" % due
        else:
            procedure = "根据%s第三十六条的规定，本案适用普通程序审理。" % LAW
            limit = ("根据该法第六十二条第一款的规定，本机关将自受理之日起六十日内作出行政复议决定%s；情况复杂，不能在规定"
                     "期限内作出行政复议决定的，经行政复议机构的负责人批准，可以适当延长，并书面告知当事人，但延长期限最多"
                     "不得超过三十日。" % due)
        return {
            "title": "%s\n行政复议受理通知书" % self._body_name(),
            "recipient": self._recipient_name(),
            "paragraphs": [
                "%s于%s向本机关提出行政复议申请，对%s不服%s。%s"
                % (you, chinese_date(case.date_received), self._act(case), corrected, accepted),
                procedure + limit,
                "行政复议期间，%s可以依照%s第四十七条的规定查阅、复制被申请人提出的书面答复、作出行政行为的证据、依据和"
                "其他有关材料，但涉及国家秘密、商业秘密、个人隐私或者可能危及国家安全、公共安全、社会稳定的除外。根据该法"
                "第二十九条第一款的规定，行政复议期间，%s不得就同一行政行为向人民法院提起行政诉讼。" % (you, LAW, you),
            ],
        }

    def _values_rejection_decision(self, case):
        """不予受理决定书: the Art. 30 para 1 condition not met, the competent body if jurisdiction (para 2)."""
        if case.state != "rejected" or not case.reject_reason:
            self._refuse(case, _("the application was not refused with one of the ARL Art. 30 reasons; refuse it "
                                 "within the review period first (Art. 30 para 2)."))
        item, condition, finding = REJECT_GROUNDS.get(case.reject_reason, (None, None, None))
        if item:
            # no quotation marks: the conditions are paraphrased, not confirmed against the official text
            # (readme/LAW_QUOTATIONS.md)
            reason = "该申请%s，不符合%s第三十条第一款%s关于%s的规定。" % (finding, LAW, item, condition)
        else:  # a reason added later without its statutory wording: state it as recorded
            reason = "该申请不符合%s第三十条第一款规定的受理条件。" % LAW
        if case.reject_reason == "late" and case.act_known_date and case.application_due_date:
            reason += ("申请人于%s知道该行政行为，依照该法第二十条第一款的规定，申请期限至%s届满，申请人于%s提出申请。"
                       % (chinese_date(case.act_known_date), chinese_date(case.application_due_date),
                          chinese_date(case.date_received)))
        explanation = (case.reject_explanation or "").strip()
        if explanation:
            reason += explanation if explanation[-1] in "。！？" else explanation + "。"
        paragraphs = [self._describe_party("申请人", partner) for partner in self._applicants()]
        paragraphs += [self._describe_party("被申请人", partner) for partner in self._parties("respondent")]
        paragraphs += [
            "申请人对%s不服，于%s向本机关提出行政复议申请。" % (self._act(case), chinese_date(case.date_received)),
            "经审查，本机关认为：" + reason,
        ]
        decision = "根据%s第三十条第二款的规定，本机关决定：对申请人的行政复议申请，不予受理。" % LAW
        if case.reject_reason == "jurisdiction" and case.competent_body_id:
            decision += "本案有管辖权的行政复议机关为%s，申请人可以依法向其提出行政复议申请。" % case.competent_body_id.name
        paragraphs.append(decision)
        if case.reconsideration_first:
            # reconsideration-first cases: 15 days from receipt to sue (ARL Art. 34)
            paragraphs.append("申请人如不服本决定，可以自收到本决定书之日起十五日内，依法向人民法院提起行政诉讼（%s第三十四条）。"
                              % LAW)
        else:
            paragraphs.append("申请人如不服本决定，可以依法向人民法院提起行政诉讼。")
        return {"title": "%s\n行政复议申请不予受理决定书" % self._body_name(), "recipient": None,
                "paragraphs": paragraphs}


class FuyiReconsideration(models.Model):
    _inherit = "fuyi.reconsideration"

    def action_create_document(self, doc_type):
        """A new draft document of this type, generated from the case; returns its id."""
        self.ensure_one()
        document = self.env["fuyi.document"].create({"case_id": self.case_id.id, "doc_type": doc_type})
        document.action_generate()
        return document.id


class IrAttachment(models.Model):
    """The files of a numbered (issued) document are part of the record: no edits, no deletion."""

    _inherit = "ir.attachment"

    def _fuyi_frozen_documents(self):
        ids = [att.res_id for att in self.sudo() if att.res_model == "fuyi.document" and att.res_id]
        documents = self.env["fuyi.document"].sudo().browse(ids).exists()
        return documents.filtered("number")

    def write(self, vals):
        if {"raw", "datas", "name", "res_model", "res_id", "type", "url"}.intersection(vals):
            frozen = self._fuyi_frozen_documents()
            if frozen:
                raise UserError(_("The files of document %(name)s are on record and cannot be changed.",
                                  name=frozen[0].name))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_document_on_record(self):
        frozen = self._fuyi_frozen_documents()
        if frozen:
            raise UserError(_("The files of document %(name)s are on record and cannot be deleted.",
                              name=frozen[0].name))
