"""Long work on many cases as queued jobs with progress: documents in batches, statistics exports,
case imports.

The buttons queue the work (``with_delay``) and return the ``fz_job_progress`` client action;
the job reports progress through ``queue.job.set_progress`` (committed apart from the job's own
work, so the user watches it advance) and leaves its file as the job's result attachment.
All the work of a job commits at once with its *done* mark: a job that dies is run again from
the start, never half done. Without a job queue (a server without ``with_delay``) the same
work runs at once and the file is offered for download.
"""
import base64
import csv
import datetime
import io
import re
import unicodedata
import zipfile

from flectra import api, fields, models, _
from flectra.exceptions import AccessError, MissingError, UserError, ValidationError
from ..tools import case_import

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\s]+')
#: statistics figures exported, in column order (labels translated when the file is built)
STAT_COLUMNS = [("received", "Received"), ("accepted", "Accepted"), ("closed", "Closed"),
                ("correction_rate", "Correction rate"), ("mediation_rate", "Mediation rate"),
                ("on_time_rate", "On-time rate")]
STAT_BREAKDOWNS = ("by_procedure", "by_decision_type", "by_outcome")
#: errors a case may raise that concern that case only (anything else fails the whole job)
CASE_ERRORS = (UserError, ValidationError, AccessError, MissingError)
IMPORT_COLUMNS = case_import.COLUMNS
IMPORT_REQUIRED = case_import.REQUIRED
IMPORT_CHANNELS = case_import.CHANNELS
IMPORT_MODULE = case_import.MODULE
_DATE = case_import.DATE


class _Rollback(Exception):
    """Raised inside the import's savepoint to undo every row (errors found, or a dry run)."""


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


import_xmlid_name = case_import.xmlid_name


def _file_name(text):
    return _UNSAFE_NAME.sub("_", text or "").strip("_") or "file"


class FuyiReconsiderationBatch(models.Model):
    _inherit = "fuyi.reconsideration"

    # --- helpers shared by the jobs ---
    def _job_progress(self, done, total, message):
        """Report progress when running as a queued job (no-op otherwise, or without a queue)."""
        if "queue.job" in self.env and hasattr(type(self.env["queue.job"]), "set_progress"):
            self.env["queue.job"].set_progress(done, total, message)

    def _job_result(self, name, data, mimetype):
        """Store the job's file; it becomes the result of the running job, if any."""
        attachment = self.env["ir.attachment"].create({"name": name, "raw": data, "mimetype": mimetype})
        Job = self.env["queue.job"] if "queue.job" in self.env else None
        if Job is not None and hasattr(type(Job), "set_result_attachment"):
            Job.set_result_attachment(attachment)
        return attachment

    def _job_action(self, method_name, title, *args):
        """Queue ``method_name(*args)`` on ``self`` and return the progress client action;
        run it now and offer its file when this server has no job queue."""
        if hasattr(self, "with_delay"):
            job = getattr(self.with_delay(description=title), method_name)(*args)
            if hasattr(job, "db_record"):    # OCA queue_job (Flectra) returns a Job, not its record
                job = job.db_record()
            return {"type": "ir.actions.client", "tag": "fz_job_progress",
                    "params": {"job_id": job.id, "title": title}}
        attachment_id = getattr(self, method_name)(*args)["attachment_id"]
        return {"type": "ir.actions.act_url", "target": "self",
                "url": "/web/content/%d?download=true" % attachment_id}

    # --- documents in batches ---
    def action_generate_documents_batch(self, doc_type, issue=False):
        """Generate (and with ``issue``, issue) a ``doc_type`` document for each case, as a job.

        The job's result is one .zip with a .docx per case and a report (结果.csv) naming every
        case and what happened to it; cases that fail are listed there with the reason, the
        others are generated all the same."""
        labels = dict(self.env["fuyi.document"].fields_get(["doc_type"])["doc_type"]["selection"])
        if doc_type not in labels:
            raise UserError(_("Unknown document type %(type)s.", type=doc_type))
        if not self:
            raise UserError(_("Select at least one case."))
        self.check_access_rights("read")
        self.env["fuyi.document"].check_access_rights("create")
        title = _("Generating %(type)s for %(count)s cases", type=labels[doc_type], count=len(self))
        return self._job_action("_job_generate_documents", title, doc_type, bool(issue))

    def _job_generate_documents(self, doc_type, issue=False):
        """The batch itself: one savepoint per case, so a failing case is reported and undone alone."""
        Document = self.env["fuyi.document"]
        labels = dict(Document.fields_get(["doc_type"])["doc_type"]["selection"])
        total, files, lines, failed = len(self), [], [], []
        self._job_progress(0, total, _("Starting"))
        for index, case in enumerate(self, 1):
            try:
                name = case.name or str(case.id)
            except CASE_ERRORS:
                name = "#%d" % case.id
            try:
                with self.env.cr.savepoint():
                    document = Document.browse(case.action_create_document(doc_type))
                    if issue:
                        document.action_issue()
                    data = document.attachment_id.raw
                    file_name = "%03d_%s_%s.docx" % (index, _file_name(name), _file_name(document.number or doc_type))
                files.append((file_name, data))
                lines.append((name, _("Generated"), document.number or "", file_name, ""))
            except CASE_ERRORS as exc:
                message = str(exc.args[0] if exc.args else exc)
                lines.append((name, _("Not generated"), "", "", message))
                failed.append({"case": name, "reason": message})
            self._job_progress(index, total, _("%(done)s of %(total)s: %(case)s", done=index, total=total,
                                                case=name))
        report = io.StringIO()
        writer = csv.writer(report, lineterminator="\n")
        writer.writerow([_("Case"), _("Status"), _("Document number"), _("File"), _("Reason")])
        writer.writerows(lines)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for file_name, data in files:
                archive.writestr(file_name, data)
            archive.writestr(_("report") + ".csv", report.getvalue().encode("utf-8-sig"))
        today = fields.Date.context_today(self).strftime("%Y%m%d")
        attachment = self._job_result("%s_%s.zip" % (_file_name(labels[doc_type]), today), buffer.getvalue(),
                                      "application/zip")
        summary = _("%(ok)s generated, %(failed)s failed", ok=len(files), failed=len(failed))
        self._job_progress(total, total, summary)
        return {"attachment_id": attachment.id, "generated": len(files), "failed": len(failed), "errors": failed}

    # --- statistics export ---
    @api.model
    def action_export_statistics(self, date_from=False, date_to=False, by_agency=False, file_format="xlsx"):
        """Export the figures of ``get_statistics`` (all agencies, and one row per agency with
        ``by_agency``) for the cases received in the period, as a job producing .xlsx or .csv."""
        if file_format not in ("xlsx", "csv"):
            raise UserError(_("Export format must be xlsx or csv."))
        try:
            date_from = fields.Date.to_date(date_from) if date_from else False
            date_to = fields.Date.to_date(date_to) if date_to else False
        except (TypeError, ValueError):
            raise UserError(_("Dates must be given as YYYY-MM-DD.")) from None
        if date_from and date_to and date_from > date_to:
            raise UserError(_("The start date is after the end date."))
        self.check_access_rights("read")
        title = _("Exporting reconsideration statistics")
        return self.browse()._job_action("_job_export_statistics", title, date_from and str(date_from),
                                         date_to and str(date_to), bool(by_agency), file_format)

    @api.model
    def _job_export_statistics(self, date_from, date_to, by_agency, file_format):
        agencies = []
        if by_agency:
            domain = [("agency_id", "!=", False)]
            if date_from:
                domain.append(("date_received", ">=", date_from))
            if date_to:
                domain.append(("date_received", "<=", date_to))
            agencies = self.search(domain).mapped("agency_id").sorted(lambda a: (a.name or "", a.id))
        total = 1 + len(agencies)
        rows = []
        for index, agency in enumerate([None] + list(agencies), 1):
            figures = self.get_statistics(date_from or None, date_to or None, agency.id if agency else None)
            rows.append((agency.name if agency else _("All agencies"), figures))
            self._job_progress(index, total, agency.name if agency else _("All agencies"))
        keys = {name: sorted({key for _agency, row in rows for key in (row.get(name) or {})})
                for name in STAT_BREAKDOWNS}
        header = [_("Agency")]
        for _key, label in STAT_COLUMNS:    # not in a comprehension: _() reads the language from this frame
            header.append(_(label))
        header += [
            "%s.%s" % (name, key) for name in STAT_BREAKDOWNS for key in keys[name]]
        table = [header]
        for agency_name, row in rows:
            table.append([agency_name] + [row.get(key) for key, _label in STAT_COLUMNS] + [
                (row.get(name) or {}).get(key, 0) for name in STAT_BREAKDOWNS for key in keys[name]])
        period = "%s_%s" % ((date_from or "").replace("-", ""), (date_to or "").replace("-", ""))
        base = "%s_%s" % (_file_name(_("Reconsideration statistics")), period.strip("_") or "all")
        if file_format == "csv":
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerows(table)
            data, name, mimetype = out.getvalue().encode("utf-8-sig"), base + ".csv", "text/csv"
        else:
            import openpyxl
            book = openpyxl.Workbook()
            sheet = book.active
            sheet.title = _("Statistics")[:31]
            for line in table:
                sheet.append(line)
            out = io.BytesIO()
            book.save(out)
            data, name, mimetype = out.getvalue(), base + ".xlsx", XLSX_MIMETYPE
        attachment = self._job_result(name, data, mimetype)
        return {"attachment_id": attachment.id, "rows": len(rows)}

    # --- case import ---
    @api.model
    def action_import_cases(self, file_name, file_content, dry_run=False):
        """Import cases from a .csv (UTF-8) or .xlsx file (``file_content`` in base64) as a job.

        All or nothing: when any row has an error nothing is imported, and the result is a
        report with one line per row saying what is wrong (or would have been imported).
        Rows imported before (same external id) are skipped, so the same file may be
        imported again. ``dry_run`` checks every row and imports nothing."""
        self.check_access_rights("create")
        name = (file_name or "").strip()
        if not name.lower().endswith((".csv", ".xlsx")):
            raise UserError(_("Import a .csv (UTF-8) or .xlsx file."))
        try:
            data = base64.b64decode(file_content or b"", validate=True)
        except (TypeError, ValueError):
            raise UserError(_("The file could not be read.")) from None
        if not data:
            raise UserError(_("The file is empty."))
        self._import_table(name, data)                  # an unreadable file is refused now, not in the job
        upload = self.env["ir.attachment"].create({"name": name, "raw": data})
        title = _("Importing cases from %(file)s", file=name)
        return self.browse()._job_action("_job_import_cases", title, upload.id, bool(dry_run))

    @api.model
    def _import_table(self, name, data):
        """``(mapping {column index: key}, [(row number, cells)])`` of the file; UserError if unusable."""
        if name.lower().endswith(".xlsx"):
            import openpyxl
            try:
                sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
                table = [list(cells) for cells in sheet.iter_rows(values_only=True)]
            except Exception:  # noqa: BLE001 - any unreadable workbook is the user's file, not a bug
                raise UserError(_("The file could not be read.")) from None
        else:
            try:
                table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
            except (UnicodeDecodeError, csv.Error):
                raise UserError(_("The file is not UTF-8: save it as CSV UTF-8 and import it again.")) from None
        if not table:
            raise UserError(_("The file is empty."))
        aliases = {alias.lower(): key for key, names in IMPORT_COLUMNS.items() for alias in names}
        mapping = {}
        for index, title in enumerate(table[0]):
            key = aliases.get(_cell_text(title).lstrip("\ufeff").lower())
            if key and key not in mapping.values():
                mapping[index] = key
        missing = [key for key in IMPORT_REQUIRED if key not in mapping.values()]
        if missing:
            raise UserError(_("Missing required column(s): %(columns)s",
                              columns=", ".join("%s/%s" % (IMPORT_COLUMNS[key][0], key) for key in missing)))
        rows = [(number, cells) for number, cells in enumerate(table[1:], start=2) if any(_cell_text(c) for c in cells)]
        return mapping, rows

    @api.model
    def _import_values(self, raw):
        """The case values of one row, checked; UserError naming the first problem."""
        row = {key: _cell_text(raw.get(key)) for key in IMPORT_COLUMNS}
        for key in ("id_number", "uscc"):   # as the partner stores them: half-width, no spaces, upper case
            row[key] = re.sub(r"\s+", "", unicodedata.normalize("NFKC", row[key])).upper()
        for key in IMPORT_REQUIRED:
            if not row[key]:
                raise UserError(_("%(column)s is required.", column=IMPORT_COLUMNS[key][0]))
        for key in ("date_received", "act_date", "act_known_date"):
            value = raw.get(key)
            if isinstance(value, datetime.datetime):
                row[key] = value.date().isoformat()
            elif isinstance(value, datetime.date):
                row[key] = value.isoformat()
            elif row[key]:
                match = _DATE.fullmatch(unicodedata.normalize("NFKC", row[key]))
                try:
                    row[key] = datetime.date(*(int(part) for part in match.groups())).isoformat()
                except (AttributeError, ValueError):
                    raise UserError(_("%(value)s is not a date (use YYYY-MM-DD).", value=row[key])) from None
        if row["act_amount"]:
            text = unicodedata.normalize("NFKC", row["act_amount"]).replace(",", "").replace("¥", "").replace("元", "")
            try:
                row["act_amount"] = float(text)
            except ValueError:
                raise UserError(_("Amount %(value)s is not a number.", value=row["act_amount"])) from None
        if row["channel"]:
            channel = IMPORT_CHANNELS.get(row["channel"].lower())
            if not channel:
                raise UserError(_("Channel %(value)s is not one of online, in_person, post, oral.",
                                  value=row["channel"]))
            row["channel"] = channel
        return row

    @api.model
    def _import_row(self, row, xmlid_name):
        """Create the case of one checked row (and its applicant when new); returns the case."""
        Partner = self.env["res.partner"]
        agencies = Partner.search([("name", "=", row["respondent"]), ("party_kind", "=", "agency")], limit=2)
        if len(agencies) != 1:
            raise UserError(_("Unknown agency %(name)s: no agency has this exact name.", name=row["respondent"])
                            if not agencies else _("Several agencies are named %(name)s.", name=row["respondent"]))
        identifier = row["id_number"] or row["uscc"]
        if identifier:
            applicant = Partner.search([("identifier_search", "=", identifier)], limit=1)
        else:
            applicant = Partner.search([("name", "=", row["applicant"]),
                                        ("party_kind", "in", ["person", "organisation"])], limit=2)
            if len(applicant) > 1:
                raise UserError(_("Several parties are named %(name)s: add the ID number or credit code.",
                                  name=row["applicant"]))
        if not applicant:
            vals = {"name": row["applicant"], "party_kind": "organisation" if row["uscc"] else "person"}
            vals.update({field: row[field] for field in ("id_number", "uscc", "phone") if row[field]})
            applicant = Partner.create(vals)
        vals = {"date_received": row["date_received"], "agency_id": agencies.id,
                "title": row["title"] or row["act_description"] or "",
                "party_ids": [(0, 0, {"partner_id": applicant.id, "role": "applicant", "is_primary": True}),
                              (0, 0, {"partner_id": agencies.id, "role": "respondent"})]}
        vals.update({field: row[field] for field in ("request", "act_description", "act_date", "act_known_date",
                                                     "act_amount", "channel") if row[field] not in ("", None)})
        case = self.create(vals)
        self.env["ir.model.data"].sudo().create({"module": IMPORT_MODULE, "name": xmlid_name, "model": self._name,
                                                 "res_id": case.id, "noupdate": True})
        return case

    @api.model
    def _job_import_cases(self, attachment_id, dry_run=False):
        upload = self.env["ir.attachment"].browse(attachment_id)
        mapping, rows = self._import_table(upload.name, upload.raw)
        total, report, counts = len(rows), [], {"imported": 0, "skipped": 0, "error": 0}
        Data = self.env["ir.model.data"].sudo()
        seen = {}
        self._job_progress(0, total, _("Starting"))
        try:
            with self.env.cr.savepoint():
                for index, (number, cells) in enumerate(rows, 1):
                    raw = {key: (cells[i] if i < len(cells) else None) for i, key in mapping.items()}
                    status, case_name, message = "error", "", ""
                    try:
                        with self.env.cr.savepoint():
                            row = self._import_values(raw)
                            name = import_xmlid_name(row)
                            existing = Data.search([("module", "=", IMPORT_MODULE), ("name", "=", name),
                                                    ("model", "=", self._name)], limit=1)
                            case = self.browse(existing.res_id).exists() if existing else self.browse()
                            if case:
                                status, case_name, message = "skipped", case.name, _("Already imported")
                            elif name in seen:
                                status, message = "skipped", _("Duplicate of row %(row)s.", row=seen[name])
                            else:
                                existing.unlink()         # the case was deleted since: import the row again
                                seen[name] = number
                                status, case_name = "imported", self._import_row(row, name).name
                    except CASE_ERRORS as exc:
                        message = str(exc.args[0] if exc.args else exc)
                    counts[status] += 1
                    report.append((number, status, case_name, message))
                    self._job_progress(index, total, _("Row %(row)s", row=number))
                if counts["error"] or dry_run:
                    raise _Rollback()
        except _Rollback:
            pass
        undone = bool(counts["error"] or dry_run)
        labels = {"imported": _("Would be imported") if undone else _("Imported"), "skipped": _("Skipped"),
                  "error": _("Error")}
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([_("Row"), _("Status"), _("Case"), _("Reason")])
        for number, status, case_name, message in report:
            writer.writerow([number, labels[status], "" if undone else case_name, message])
        base = upload.name.rsplit(".", 1)[0]
        attachment = self._job_result("%s_%s.csv" % (_file_name(base), _("report")), out.getvalue().encode("utf-8-sig"),
                                      "text/csv")
        if counts["error"]:
            summary = _("%(errors)s row(s) with errors: nothing was imported; correct the file and import it again.",
                        errors=counts["error"])
        elif dry_run:
            summary = _("Checked: %(ok)s row(s) can be imported, %(skipped)s skipped.", ok=counts["imported"],
                        skipped=counts["skipped"])
        else:
            summary = _("%(ok)s imported, %(skipped)s skipped.", ok=counts["imported"], skipped=counts["skipped"])
        self._job_progress(total, total, summary)
        return {"attachment_id": attachment.id, "imported": 0 if undone else counts["imported"],
                "skipped": counts["skipped"], "errors": counts["error"], "dry_run": bool(dry_run)}

