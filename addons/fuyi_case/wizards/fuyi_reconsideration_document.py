"""Dialogs for documents: prepare a draft of a chosen type, issue it under a document number."""
from flectra import api, fields, models, _
from flectra.exceptions import UserError


class FuyiReconsiderationDocument(models.TransientModel):
    _name = "fuyi.reconsideration.document"
    _inherit = "fuyi.reconsideration.step"
    _description = "Prepare a document"

    @api.model
    def _selection_doc_type(self):
        return self.env["fuyi.document"]._fields["doc_type"]._selection_list(self.env)

    doc_type = fields.Selection("_selection_doc_type", string="Document type", required=True)

    def action_confirm(self):
        self.ensure_one()
        return self._create_document(self.doc_type)


class FuyiDocumentIssue(models.TransientModel):
    """Issue a draft: the document number is drawn and the file is frozen (GB/T 9704-2012 §7.2.5)."""

    _name = "fuyi.document.issue"
    _description = "Issue a document"

    @api.model
    def _default_document_id(self):
        context = self.env.context
        if context.get("active_model") == "fuyi.document" and context.get("active_id"):
            return context["active_id"]
        return False

    document_id = fields.Many2one("fuyi.document", string="Document", required=True, ondelete="cascade",
                                  default=_default_document_id, domain=[("state", "=", "draft")])
    doc_type = fields.Selection(related="document_id.doc_type", string="Document type")
    issued_date = fields.Date(string="Issued date", required=True, default=fields.Date.context_today)

    def action_confirm(self):
        self.ensure_one()
        document = self.document_id
        if document.state != "draft":
            raise UserError(_("Document %(name)s has been issued or cancelled: only a draft can be issued.",
                              name=document.name))
        today = fields.Date.context_today(self)
        if self.issued_date > today:
            raise UserError(_("%(label)s cannot be after today (%(today)s): record what has happened.",
                              label=_("The issue date"), today=today))
        document.action_issue(date=self.issued_date)
        return self.env["fuyi.reconsideration.step"]._open_document(document.id)


class FuyiDocument(models.Model):
    _inherit = "fuyi.document"

    def action_open_issue(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("fuyi_case.fuyi_document_issue_action")
        title = action["name"]
        action.update({"name": _(title), "target": "new", "context": {
            "active_model": self._name, "active_id": self.id, "active_ids": [self.id], "default_document_id": self.id}})
        return action

    def action_download(self):
        """The current file, as a download (same-origin URL the web client opens)."""
        self.ensure_one()
        if not self.attachment_id:
            raise UserError(_("Document %(name)s has no file yet: generate it first.", name=self.name))
        return {"type": "ir.actions.act_url", "url": "/web/content/%d?download=true" % self.attachment_id.id,
                "target": "self"}
