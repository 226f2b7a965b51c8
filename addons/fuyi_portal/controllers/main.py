"""The public portal: apply online, follow one's case, read published decisions (issue 17).

Anonymous visitors run as the public user, who has no access to any model. Every handler
calls only the reviewed ``_portal_*`` methods on ``sudo()`` environments; those validate the
input and return plain values. An application is reachable only through the session, after
its tracking code and an SMS code (``SESSION_KEY``); only published decisions have ids in URLs.
"""
import math
import re
import urllib.parse

from markupsafe import Markup

from flectra import http
from flectra.http import request

from . import pages

SESSION_KEY = "fuyi_portal_application"   #: id of the application opened with tracking + SMS code
FLASH_KEY = "fuyi_portal_flash"           #: one message shown on the next status page
RECEIPT_KEY = "fuyi_portal_receipt"       #: the receipt of a submission, shown once after the redirect
PAGE_SIZE = 20
#: the form fields of an application, passed to _portal_submit as strings
APPLY_FIELDS = (
    "applicant_kind", "applicant_name", "applicant_id_number", "applicant_uscc", "legal_representative",
    "mobile", "address", "has_agent", "agent_name", "agent_id_number", "agent_mobile", "respondent_id",
    "act_description", "act_date", "act_known_date", "request", "facts_reasons", "consent_electronic",
    "sms_code",
)
FILE_FIELDS = ("act", "evidence", "power_of_attorney")
MAX_FIELD = 20000         #: characters kept of one text field (the model refuses what is too long)
PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
DOWNLOAD_CSP = "default-src 'none'; sandbox"


def _client_address():
    return request.httprequest.remote_addr or ""


def _text_params(names):
    values = {}
    for name in names:
        value = request.params.get(name)
        values[name] = value.strip()[:MAX_FIELD] if isinstance(value, str) else ""
    return values


def _uploaded(field_names, max_bytes):
    """The chosen files as the model API takes them; reading stops one byte past the limit so
    an oversized file is refused by the model without holding all of it."""
    files = []
    for field in field_names:
        for storage in request.httprequest.files.getlist(field):
            if not storage or not storage.filename:
                continue
            files.append({"field": field, "name": storage.filename, "data": storage.read(max_bytes + 1)})
    return files


def _unplaced(errors, placed):
    """Messages for fields the page has no slot for (shown at the top, so none is lost)."""
    return "；".join(text for field, text in errors.items() if field != "_form" and field not in placed and text)


def _content_disposition(name):
    """``attachment`` with an ASCII fallback and the UTF-8 name (RFC 6266): never inline."""
    ascii_name = re.sub(r"[^A-Za-z0-9._()-]", "_", name or "")
    if not re.search(r"[A-Za-z0-9]", ascii_name.rsplit(".", 1)[0]):
        ascii_name = "download" + ("." + ascii_name.rsplit(".", 1)[1] if "." in ascii_name else "")
    quoted = urllib.parse.quote(name or "download", safe="")
    return "attachment; filename=\"%s\"; filename*=UTF-8''%s" % (ascii_name, quoted)


class FuyiPortal(http.Controller):

    # --- responses ---
    def _body_name(self):
        return request.env["fuyi.reconsideration"].sudo()._portal_body_name()

    def _html(self, title, content, status=200):
        headers = [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store"),
                   ("Content-Security-Policy", PAGE_CSP), ("X-Content-Type-Options", "nosniff"),
                   ("Referrer-Policy", "same-origin")]
        return request.make_response(pages.page(title, content, self._body_name()), headers=headers, status=status)

    def _not_found(self):
        return self._html(pages.block("layout", "not_found_title"), pages.fill("layout", "not_found"), status=404)

    def _download(self, filename, data, mimetype):
        headers = [("Content-Type", mimetype or "application/octet-stream"),
                   ("Content-Disposition", _content_disposition(filename)),
                   ("X-Content-Type-Options", "nosniff"), ("Content-Security-Policy", DOWNLOAD_CSP),
                   ("Cache-Control", "no-store")]
        return request.make_response(data, headers=headers)

    # --- home ---
    @http.route(["/fuyi", "/fuyi/"], type="http", auth="public", methods=["GET"])
    def home(self, **kwargs):
        return self._html(pages.block("home", "title"), pages.fill("home", "content"))

    # --- apply ---
    def _apply_page(self, values=None, errors=None, code_status="", files_chosen=False):
        Application = request.env["fuyi.portal.application"].sudo()
        opts = Application._portal_form_options()
        values = dict(values or {})
        values.setdefault("applicant_kind", "person")
        errors = errors or {}
        checked = {
            "person": values.get("applicant_kind") != "organisation",
            "organisation": values.get("applicant_kind") == "organisation",
            "has_agent": values.get("has_agent") == "1",
            "consent_electronic": values.get("consent_electronic") == "1",
        }
        content = pages.fill(
            "apply", "content",
            csrf_token=request.csrf_token(),
            v={name: values.get(name, "") for name in APPLY_FIELDS},
            c={key: Markup(" checked") if on else Markup("") for key, on in checked.items()},
            e=pages.field_errors(errors),
            form_error=pages.message(errors.get("_form")
                                     or _unplaced(errors, APPLY_FIELDS + FILE_FIELDS + ("files",))),
            code_status=code_status,
            agency_options=pages.options(opts.get("agencies") or [], values.get("respondent_id")),
            file_types=opts.get("file_types") or "",
            max_file_size=pages.size_text(opts.get("max_file_bytes")),
            max_files=opts.get("max_files") or "",
            files_again=pages.fill("apply", "files_again") if files_chosen else Markup(""),
            consent_wording=opts.get("consent_wording") or "",
        )
        return self._html(pages.block("apply", "title"), content)

    @http.route("/fuyi/apply", type="http", auth="public", methods=["GET"])
    def apply_form(self, **kwargs):
        return self._apply_page()

    @http.route("/fuyi/apply", type="http", auth="public", methods=["POST"])
    def apply_submit(self, **kwargs):
        Application = request.env["fuyi.portal.application"].sudo()
        opts = Application._portal_form_options()
        values = _text_params(APPLY_FIELDS)
        files = _uploaded(FILE_FIELDS, int(opts.get("max_file_bytes") or 0))
        result = Application._portal_submit(values, files, _client_address())
        if not result.get("ok"):
            values.pop("sms_code", None)
            return self._apply_page(values, result.get("errors") or {}, files_chosen=bool(files))
        # Post/Redirect/Get: reloading the receipt must not submit again (which, as a duplicate,
        # would replace the tracking code just shown); the receipt is shown once from the session
        request.session[RECEIPT_KEY] = {
            "tracking_code": result["tracking_code"], "case_name": result.get("case_name") or "",
            "duplicate": bool(result.get("duplicate")),
            "acceptance_due": str(result.get("acceptance_due") or ""),
            "acceptance_why": result.get("acceptance_why") or "",
            "acceptance_provisional": bool(result.get("acceptance_provisional")),
        }
        return request.redirect("/fuyi/apply/receipt")

    @http.route("/fuyi/apply/receipt", type="http", auth="public", methods=["GET"])
    def apply_receipt(self, **kwargs):
        receipt = request.session.pop(RECEIPT_KEY, None) if request.session.get(RECEIPT_KEY) else None
        if not isinstance(receipt, dict):
            return self._html(pages.block("receipt", "title"), pages.fill("receipt", "shown"))
        content = pages.fill(
            "receipt", "content",
            tracking_code=receipt["tracking_code"], case_name=receipt["case_name"],
            duplicate=pages.fill("receipt", "duplicate") if receipt["duplicate"] else Markup(""),
            acceptance_due=pages.date_text(receipt["acceptance_due"]),
            acceptance_why=receipt["acceptance_why"],
            provisional=pages.fill("receipt", "provisional") if receipt["acceptance_provisional"] else Markup(""),
        )
        return self._html(pages.block("receipt", "title"), content)

    @http.route("/fuyi/apply/code", type="http", auth="public", methods=["POST"])
    def apply_send_code(self, **kwargs):
        """The SMS code for the applicant's mobile: JSON for the page's script, else the form again."""
        mobile = _text_params(["mobile"])["mobile"]
        result = request.env["fuyi.portal.otp"].sudo()._portal_send_code(mobile, _client_address())
        if request.params.get("format") == "json":
            return request.make_json_response({"ok": bool(result.get("ok")), "message": result.get("message") or ""},
                                              headers=[("Cache-Control", "no-store")])
        values = _text_params(APPLY_FIELDS)
        values.pop("sms_code", None)
        files_chosen = any(s and s.filename for f in FILE_FIELDS for s in request.httprequest.files.getlist(f))
        if result.get("ok"):
            return self._apply_page(values, code_status=result.get("message") or "", files_chosen=files_chosen)
        return self._apply_page(values, {"mobile": result.get("message") or ""}, files_chosen=files_chosen)

    # --- follow my case ---
    def _track_page(self, step, tracking_code="", message=Markup(""), status=200):
        content = pages.fill("track", step, csrf_token=request.csrf_token(), tracking_code=tracking_code,
                             message=message)
        return self._html(pages.block("track", "title"), content, status=status)

    @http.route("/fuyi/track", type="http", auth="public", methods=["GET"])
    def track(self, **kwargs):
        if request.session.get(SESSION_KEY):
            return request.redirect("/fuyi/status")
        return self._track_page("content")

    @http.route("/fuyi/track/code", type="http", auth="public", methods=["POST"])
    def track_send_code(self, **kwargs):
        code = _text_params(["tracking_code"])["tracking_code"][:60]
        result = request.env["fuyi.portal.application"].sudo()._portal_send_track_code(code, _client_address())
        kind = "info" if result.get("ok") else "error"
        return self._track_page("code", code, pages.message(result.get("message") or "", kind))

    @http.route("/fuyi/track/open", type="http", auth="public", methods=["POST"])
    def track_open(self, **kwargs):
        params = _text_params(["tracking_code", "sms_code"])
        code = params["tracking_code"][:60]
        application_id = request.env["fuyi.portal.application"].sudo()._portal_open(
            code, params["sms_code"][:12], _client_address())
        if not application_id:
            # one answer for an unknown code, a wrong SMS code and a blocked address (no enumeration)
            return self._track_page("code", code, pages.message(pages.block("track", "open_failed")))
        request.session[SESSION_KEY] = int(application_id)
        request.session.should_rotate = True   # more access now: an id planted before is worth nothing
        return request.redirect("/fuyi/status")

    @http.route("/fuyi/track/close", type="http", auth="public", methods=["POST"])
    def track_close(self, **kwargs):
        request.session.pop(SESSION_KEY, None)
        request.session.pop(FLASH_KEY, None)
        return request.redirect("/fuyi")

    # --- status ---
    def _opened(self):
        application_id = request.session.get(SESSION_KEY)
        if not isinstance(application_id, int) or application_id <= 0:
            return None
        return request.env["fuyi.portal.application"].sudo().browse(application_id)

    def _status_page(self, application, message=Markup(""), errors=None, note=""):
        status = application._portal_status()
        opts = application._portal_form_options()
        deadlines = [pages.fill("status", "deadline", name=d.get("name") or "",
                                due_date=pages.date_text(d.get("due_date")),
                                why=d.get("why") or "",
                                provisional=pages.fill("status", "provisional") if d.get("provisional") else Markup(""))
                     for d in status.get("deadlines") or []]
        documents = [pages.fill("status", "document", id=d["id"], name=d.get("name") or "",
                                served_on=pages.date_text(d.get("served_on")),
                                read=pages.fill("status", "document_read") if d.get("read") else Markup(""))
                     for d in status.get("documents") or []]
        correction = Markup("")
        if status.get("correction"):
            corr = status["correction"]
            upload = Markup("")
            if status.get("can_upload_corrections"):
                upload = pages.fill("status", "correction_upload", csrf_token=request.csrf_token(),
                                    e=pages.field_errors(errors, "fp-corr"), note=note,
                                    file_types=opts.get("file_types") or "",
                                    max_file_size=pages.size_text(opts.get("max_file_bytes")),
                                    max_files=opts.get("max_files") or "")
            items = corr.get("items") or ""
            correction = pages.fill("status", "correction", due_date=pages.date_text(corr.get("due_date")),
                                    served_on=pages.date_text(corr.get("served_on")), upload=upload,
                                    items=pages.join(pages.fill("decisions", "paragraph", text=line)
                                                     for line in str(items).splitlines() if line.strip()))
        content = pages.fill(
            "status", "content", csrf_token=request.csrf_token(), message=message,
            case_name=status.get("case_name") or "", state=status.get("state") or "",
            state_label=status.get("state_label") or "", applicant_name=status.get("applicant_name") or "",
            respondent=status.get("respondent") or "", submitted_on=pages.date_text(status.get("submitted_on")),
            consent=pages.block("status", "consent_yes" if status.get("consent_electronic") else "consent_no"),
            correction=correction,
            deadlines=pages.fill("status", "deadline_list", items=pages.join(deadlines)) if deadlines
            else pages.block("status", "no_deadlines"),
            documents=pages.fill("status", "document_list", items=pages.join(documents)) if documents
            else pages.block("status", "no_documents"),
        )
        return self._html(pages.block("status", "title"), content)

    @http.route("/fuyi/status", type="http", auth="public", methods=["GET"])
    def status(self, **kwargs):
        application = self._opened()
        if application is None:
            return request.redirect("/fuyi/track")
        flash = request.session.pop(FLASH_KEY, None) if request.session.get(FLASH_KEY) else None
        return self._status_page(application, pages.message(flash, "info") if flash else Markup(""))

    @http.route("/fuyi/status/corrections", type="http", auth="public", methods=["POST"])
    def status_corrections(self, **kwargs):
        application = self._opened()
        if application is None:
            return request.redirect("/fuyi/track")
        opts = application._portal_form_options()
        note = _text_params(["note"])["note"]
        files = _uploaded(["files"], int(opts.get("max_file_bytes") or 0))
        result = application._portal_upload_corrections(files, note, _client_address())
        if result.get("ok"):
            request.session[FLASH_KEY] = result.get("message") or ""
            return request.redirect("/fuyi/status")
        errors = result.get("errors") or {}
        text = errors.get("_form") or _unplaced(errors, ("correction", "files", "note")) or result.get("message")
        return self._status_page(application, pages.message(text), errors, note)

    @http.route("/fuyi/status/document/<int:document_id>", type="http", auth="public", methods=["GET"])
    def status_document(self, document_id, **kwargs):
        """A document served on the opened application's applicant (the model checks it is theirs)."""
        application = self._opened()
        if application is None:
            return request.redirect("/fuyi/track")
        document = application._portal_document(document_id)
        if not document:
            return self._not_found()
        return self._download(document["name"], document["data"], document.get("mimetype"))

    # --- published decisions ---
    @http.route("/fuyi/decisions", type="http", auth="public", methods=["GET"])
    def decisions(self, **kwargs):
        Case = request.env["fuyi.reconsideration"].sudo()
        query = _text_params(["year", "agency_id", "decision_type", "text", "page"])
        page = int(query["page"]) if query["page"].isdigit() and 0 < int(query["page"]) < 100000 else 1
        result = Case._portal_published_search(year=query["year"] or None, agency_id=query["agency_id"] or None,
                                               decision_type=query["decision_type"] or None,
                                               text=query["text"] or None, offset=(page - 1) * PAGE_SIZE,
                                               limit=PAGE_SIZE)
        facets = Case._portal_published_facets()
        rows = [pages.fill("decisions", "row", id=row["id"], number=row["number"] or "",
                           decision_type_label=row["decision_type_label"], agency=row["agency"],
                           decision_date=pages.date_text(row["decision_date"]),
                           published_date=pages.date_text(row["published_date"]), excerpt=row["excerpt"])
                for row in result["rows"]]
        pages_count = max(1, math.ceil(result["total"] / PAGE_SIZE))

        def href(number):
            kept = {k: v for k, v in query.items() if v and k != "page"}
            kept["page"] = number
            return "/fuyi/decisions?" + urllib.parse.urlencode(kept)

        pager = Markup("")
        if pages_count > 1:
            pager = pages.fill("decisions", "pager", page=page, pages=pages_count,
                               previous=pages.fill("decisions", "pager_previous", href=href(page - 1))
                               if page > 1 else Markup(""),
                               next=pages.fill("decisions", "pager_next", href=href(page + 1))
                               if page < pages_count else Markup(""))
        content = pages.fill(
            "decisions", "content", text=query["text"], total=result["total"], pager=pager,
            year_options=pages.options([(y, pages.fill("decisions", "year", year=y)) for y in facets["years"]],
                                       query["year"]),
            type_options=pages.options(facets["decision_types"], query["decision_type"]),
            agency_options=pages.options(facets["agencies"], query["agency_id"]),
            rows=pages.fill("decisions", "row_list", items=pages.join(rows)) if rows
            else pages.block("decisions", "no_rows"),
        )
        return self._html(pages.block("decisions", "title"), content)

    @http.route("/fuyi/decisions/<int:case_id>", type="http", auth="public", methods=["GET"])
    def decision(self, case_id, **kwargs):
        decision = request.env["fuyi.reconsideration"].sudo()._portal_published_get(case_id)
        if not decision:
            return self._not_found()
        content = pages.fill(
            "decisions", "decision", id=decision["id"], number=decision["number"] or "",
            body_name=decision["body_name"], agency=decision["agency"],
            decision_type_label=decision["decision_type_label"],
            decision_date=pages.date_text(decision["decision_date"]),
            published_date=pages.date_text(decision["published_date"]),
            paragraphs=pages.join(pages.fill("decisions", "paragraph", text=text) for text in decision["paragraphs"]),
        )
        return self._html(decision["number"] or pages.block("decisions", "decision_title"), content)

    @http.route("/fuyi/decisions/<int:case_id>/docx", type="http", auth="public", methods=["GET"])
    def decision_docx(self, case_id, **kwargs):
        built = request.env["fuyi.reconsideration"].sudo()._portal_published_docx(case_id)
        if not built:
            return self._not_found()
        filename, data = built
        return self._download(filename, data,
                              "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
