"""Dialogs for long work run as jobs with progress: documents for many cases, the statistics export and
the import of cases. Each returns the job-progress client action of fuyi_document_batch."""
import base64
import binascii

from flectra import api, fields, models, _
from flectra.exceptions import UserError


class FuyiReconsiderationBatchDocument(models.TransientModel):
    _name = "fuyi.reconsideration.batch.document"
    _description = "Generate documents in a batch"

    @api.model
    def _default_reconsideration_ids(self):
        context = self.env.context
        if context.get("active_model") == "fuyi.reconsideration":
            return context.get("active_ids") or ([context["active_id"]] if context.get("active_id") else [])
        return []

    @api.model
    def _selection_doc_type(self):
        return self.env["fuyi.document"]._fields["doc_type"]._selection_list(self.env)

    reconsideration_ids = fields.Many2many("fuyi.reconsideration", "fuyi_reconsideration_batch_document_case_rel",
                                           "wizard_id", "reconsideration_id", string="Cases",
                                           default=_default_reconsideration_ids)
    case_count = fields.Integer(string="Number of cases", compute="_compute_case_count")
    doc_type = fields.Selection("_selection_doc_type", string="Document type", required=True)
    issue = fields.Boolean(string="Issue the documents",
                           help="Each document gets its document number at once; otherwise drafts are made")

    @api.depends("reconsideration_ids")
    def _compute_case_count(self):
        for wizard in self:
            wizard.case_count = len(wizard.reconsideration_ids)

    def action_confirm(self):
        self.ensure_one()
        if not self.reconsideration_ids:
            raise UserError(_("Select at least one case."))
        return self.reconsideration_ids.action_generate_documents_batch(self.doc_type, issue=self.issue)


class FuyiStatisticsExport(models.TransientModel):
    _name = "fuyi.statistics.export"
    _description = "Export statistics"

    date_from = fields.Date(string="Received from")
    date_to = fields.Date(string="Received until")
    by_agency = fields.Boolean(string="One row per agency")
    file_format = fields.Selection([("xlsx", "Excel (.xlsx)"), ("csv", "CSV (UTF-8)")], string="File format",
                                   required=True, default="xlsx")

    def action_confirm(self):
        self.ensure_one()
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise UserError(_("The start date is after the end date."))
        return self.env["fuyi.reconsideration"].action_export_statistics(
            date_from=self.date_from and str(self.date_from), date_to=self.date_to and str(self.date_to),
            by_agency=self.by_agency, file_format=self.file_format)


class FuyiCaseImport(models.TransientModel):
    _name = "fuyi.case.import"
    _description = "Import cases"

    file = fields.Binary(string="File", required=True, attachment=False,
                         help="A .csv (UTF-8) or .xlsx file with a header row: 申请日期, 申请人, 被申请人 are required")
    file_name = fields.Char(string="File name")
    dry_run = fields.Boolean(string="Check only (import nothing)", default=True,
                             help="Every row is checked and a report made; nothing is imported")

    def action_confirm(self):
        self.ensure_one()
        if not self.file:
            raise UserError(_("Choose the file to import."))
        content = self.file
        if isinstance(content, bytes):
            content = content.decode("ascii", "replace")
        try:
            base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError):
            raise UserError(_("The file could not be read.")) from None
        return self.env["fuyi.reconsideration"].action_import_cases(self.file_name or "", content,
                                                                    dry_run=self.dry_run)
