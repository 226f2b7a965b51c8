from flectra import fields, models


def _readable_documents_domain(records):
    """The reader's record rules on documents: a case's document list names no draft the reader
    may not open (issue 11 item 9; the liaison rule shows issued documents only)."""
    if records.env.su:
        return []
    return list(records.env["ir.rule"]._compute_domain("fuyi.document", "read") or [])


class FuyiCaseAccess(models.Model):
    _inherit = "fuyi.case"

    document_ids = fields.One2many(domain=_readable_documents_domain)
