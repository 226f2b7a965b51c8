"""Published decisions for the public portal (ARL Art. 79): search, read and download.

Every method here is the public boundary: it reads only cases whose publication_state is
'published' and returns plain values built from the redacted publication_text, never the
decision summary, parties or anything else the redaction review did not approve. The
controllers call these with sudo(); nothing else of a case reaches a public page.
"""
import datetime
import re

from flectra import api, fields, models

from flectra.addons.fuyi_case.report.docx_builder import OfficialDocumentBuilder

PUBLISHED_DOMAIN = [("publication_state", "=", "published")]
MAX_LIMIT = 50           #: rows per page a public caller may ask for
MAX_TEXT = 100           #: characters of a search text; longer input is cut, not an error
EXCERPT = 120            #: characters of the redacted text shown in a list row
DEFAULT_BODY_NAME = "县人民政府"


class FuyiReconsiderationPublished(models.Model):
    _inherit = "fuyi.reconsideration"

    # --- helpers ---
    def _portal_published_domain(self, year=None, agency_id=None, decision_type=None, text=None):
        domain = list(PUBLISHED_DOMAIN)
        year = _to_int(year)
        if year and 1900 < year < 3000:
            domain += [("decision_date", ">=", datetime.date(year, 1, 1)),
                       ("decision_date", "<=", datetime.date(year, 12, 31))]
        agency_id = _to_int(agency_id)
        if agency_id:
            domain.append(("agency_id", "=", agency_id))
        if decision_type and decision_type in self._portal_decision_labels():
            domain.append(("decision_type", "=", decision_type))
        text = re.sub(r"\s+", " ", str(text or "")).strip()[:MAX_TEXT]
        if text:
            domain += ["|", ("publication_text", "ilike", text), ("name", "ilike", text)]
        return domain

    def _portal_decision_labels(self):
        """Decision type → label in the portal's language (zh_CN)."""
        Case = self.with_context(lang=self.env.context.get("lang") or "zh_CN")
        return dict(Case.fields_get(["decision_type"])["decision_type"]["selection"])

    def _portal_published_row(self, labels):
        self.ensure_one()
        text = self.publication_text or ""
        excerpt = text[:EXCERPT] + ("…" if len(text) > EXCERPT else "")
        return {"id": self.id, "number": self.name, "decision_type": self.decision_type or "",
                "decision_type_label": labels.get(self.decision_type, ""),
                "agency": self.agency_id.name or "", "decision_date": self.decision_date,
                "published_date": self.published_date, "excerpt": excerpt}

    def _portal_published_record(self, case_id):
        case_id = _to_int(case_id)
        if not case_id:
            return self.browse()
        return self.sudo().search([("id", "=", case_id)] + PUBLISHED_DOMAIN, limit=1)

    # --- the portal's API ---
    @api.model
    def _portal_body_name(self):
        """The reconsideration body's name, for the portal's header (fuyi_case's setting)."""
        return self.env["ir.config_parameter"].sudo().get_param("fuyi_case.body_name", DEFAULT_BODY_NAME)

    @api.model
    def _portal_published_search(self, year=None, agency_id=None, decision_type=None, text=None, offset=0, limit=20):
        """One page of published decisions, newest first, with the total for paging."""
        Case = self.sudo().with_context(lang="zh_CN")
        domain = Case._portal_published_domain(year, agency_id, decision_type, text)
        offset = max(_to_int(offset) or 0, 0)
        limit = min(max(_to_int(limit) or 20, 1), MAX_LIMIT)
        labels = Case._portal_decision_labels()
        cases = Case.search(domain, offset=offset, limit=limit, order="published_date desc, id desc")
        return {"total": Case.search_count(domain), "rows": [case._portal_published_row(labels) for case in cases]}

    @api.model
    def _portal_published_facets(self):
        """What the search form offers: years, agencies and decision types that have publications."""
        Case = self.sudo().with_context(lang="zh_CN")
        cases = Case.search(PUBLISHED_DOMAIN)
        labels = Case._portal_decision_labels()
        years = sorted({case.decision_date.year for case in cases if case.decision_date}, reverse=True)
        agencies = sorted({(case.agency_id.id, case.agency_id.name) for case in cases if case.agency_id},
                          key=lambda pair: pair[1] or "")
        types = [(code, label) for code, label in labels.items() if code in set(cases.mapped("decision_type"))]
        return {"years": years, "agencies": agencies, "decision_types": types}

    @api.model
    def _portal_published_get(self, case_id):
        """One published decision as the page shows it; None for anything not published."""
        case = self.with_context(lang="zh_CN")._portal_published_record(case_id)
        if not case:
            return None
        row = case._portal_published_row(case._portal_decision_labels())
        row.update(text=case.publication_text or "",
                   paragraphs=[line.strip() for line in (case.publication_text or "").splitlines() if line.strip()],
                   body_name=self._portal_body_name())
        return row

    @api.model
    def _portal_published_docx(self, case_id):
        """(file name, .docx bytes) of a published decision, from the redacted text only; None otherwise."""
        decision = self._portal_published_get(case_id)
        if not decision:
            return None
        date = decision["decision_date"] or decision["published_date"] or fields.Date.context_today(self)
        title = "%s\n行政复议决定书" % decision["body_name"]
        data = OfficialDocumentBuilder().build(title, decision["number"], None, decision["paragraphs"] or [""],
                                               decision["body_name"], date)
        filename = "%s.docx" % re.sub(r"[^\w〔〕()（）-]", "_", decision["number"] or "decision")
        return filename, data


def _to_int(value):
    """An id or number from a query string; None for anything that is not a plain integer."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 12:
        return int(value.strip())
    return None
