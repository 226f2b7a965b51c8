"""Issuing (签发) checks the case data the document needs and says what to fill in; the draft's
text can be read before it is issued; the respondent follows from the agency concerned."""
from flectra import api, fields, models, _
from flectra.exceptions import UserError

from ..report.docx_builder import chinese_date

#: documents that may go out before the application is complete: a correction notice asks for
#: what is missing (ARL Art. 31), a non-acceptance decision may be given because there is no
#: proper respondent (ARL Art. 30 para 1 (1))
_RESPONDENT_NOT_NEEDED = {"correction_notice", "rejection_decision"}
#: documents that state the act complained of as the matter decided: without it the decision read
#: "…作出的王五不服…" (the case title in its place)
_ACT_NEEDED = {"decision_document", "mediation_document"}


class FuyiDocument(models.Model):
    _inherit = "fuyi.document"

    issue_missing = fields.Text(string="To fill in before issuing", compute="_compute_issue_check")
    preview_text = fields.Text(string="Text of the draft", compute="_compute_issue_check")

    @api.depends_context("lang")
    def _compute_issue_check(self):
        for document in self:
            missing = document._issue_missing() if document.state == "draft" else []
            document.issue_missing = "\n".join("· " + item for item in missing) or False
            document.preview_text = document._preview() if document.state == "draft" else False

    def _issue_missing(self):
        """What the case lacks for this document, in words a clerk acts on (empty: nothing)."""
        self.ensure_one()
        case = self._case_models().get(self.case_id.case_type) and self._case_record()
        if not case:
            return []
        missing = []
        # an identified applicant and a proper respondent (ARL Art. 30 para 1 (1)); the documents
        # name both, and without a respondent the decision names no 被申请人
        if not self._applicants():
            missing.append(_("an applicant (add a line on the Parties tab)"))
        if self.doc_type not in _RESPONDENT_NOT_NEEDED and not self._parties("respondent"):
            missing.append(_("the respondent (choose the agency concerned, or add a line on the Parties tab)"))
        if self.doc_type in _ACT_NEEDED and "act_description" in case._fields \
                and not (case.act_description or "").strip():
            missing.append(case._fields["act_description"].get_description(self.env)["string"])
        return missing

    def _preview(self):
        """The draft's text as issuing will print it (the number is drawn on issuing)."""
        try:
            values = self._prepare_values()
        except UserError as exc:
            return exc.args[0] if exc.args else str(exc)
        lines = [values.get("title", "").replace("\n", " "),
                 values.get("number") or _("(the document number is drawn on issuing)")]
        if values.get("recipient"):
            lines.append("%s：" % values["recipient"])
        lines += list(values.get("paragraphs") or [])
        lines += [values.get("signature") or "", chinese_date(values["date"]) if values.get("date") else ""]
        if values.get("cc"):
            lines.append("抄送：%s" % "、".join(values["cc"]))
        return "\n".join(line for line in lines if line)

    def _download_name(self, version):
        """行政复议决定书-县府复决字〔2026〕1号.docx once issued, 行政复议决定书-草稿第2版.docx before: the
        name a clerk files the download under (was decision_document-v2.docx)."""
        # the document is Chinese whatever the clerk's language: so is the name it is filed under
        zh = self.with_context(lang="zh_CN").env
        label = dict(self._fields["doc_type"].get_description(zh)["selection"]).get(self.doc_type, self.doc_type)
        what = self.number or "草稿第%d版" % version
        return "%s-%s.docx" % (label, what.replace("/", "-"))

    def action_issue(self, date=None):
        for document in self:
            missing = document._issue_missing()
            if missing:
                raise UserError(_("%(document)s cannot be issued until this is filled in on case %(case)s:\n%(missing)s",
                                  document=document.display_name, case=document.case_id.name,
                                  missing="\n".join("· " + item for item in missing)))
        return super().action_issue(date=date)


class FuyiReconsideration(models.Model):
    _inherit = "fuyi.reconsideration"

    def write(self, vals):
        # the agency is the delegated case's field: a change through the procedure record moves
        # the respondent line too
        before = {rec.case_id.id: rec.agency_id for rec in self} if "agency_id" in vals else {}
        result = super().write(vals)
        if before:
            self.mapped("case_id")._respondent_from_agency(before)
        return result


class FuyiCase(models.Model):
    _inherit = "fuyi.case"

    @api.model_create_multi
    def create(self, vals_list):
        cases = super().create(vals_list)
        cases._respondent_from_agency({})
        return cases

    def write(self, vals):
        before = {case.id: case.agency_id for case in self} if "agency_id" in vals else {}
        result = super().write(vals)
        if "agency_id" in vals:
            self._respondent_from_agency(before)
        return result

    def _respondent_from_agency(self, before):
        """One fact in one place: the agency concerned is the respondent (ARL Art. 19) unless the
        parties name another; a changed agency moves its respondent line along with it."""
        Party = self.env["fuyi.case.party"]
        for case in self.filtered(lambda c: c.agency_id and c.case_type == "reconsideration"):
            respondents = case.party_ids.filtered(lambda p: p.role == "respondent")
            old = before.get(case.id)
            if not respondents:
                Party.create({"case_id": case.id, "partner_id": case.agency_id.id, "role": "respondent"})
            elif old and old != case.agency_id:
                moved = respondents.filtered(lambda p: p.partner_id == old)
                if moved and case.agency_id not in respondents.mapped("partner_id"):
                    moved.write({"partner_id": case.agency_id.id})
