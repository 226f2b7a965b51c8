from flectra import fields, models


class FuyiDocumentIssue(models.TransientModel):
    """The 签发 dialog shows what the case still lacks and the draft's text (issue 13)."""

    _inherit = "fuyi.document.issue"

    issue_missing = fields.Text(related="document_id.issue_missing")
    preview_text = fields.Text(related="document_id.preview_text")
