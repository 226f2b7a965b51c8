import base64

from flectra import api, fields, models, _
from flectra.exceptions import UserError

from flectra.addons.fuyi_case.tools import identifiers
from ..tools import file_import


class JianduCaseFile(models.Model):
    _inherit = "jiandu.case.file"

    @api.model
    def import_file(self, data, filename, dry_run=False):
        """Import a platform export (base64 CSV or .xlsx) as one transaction.

        Returns ``{"imported": n, "rows": [{"row", "ref", "status", "errors"}]}``. While any row
        is wrong nothing is written; every row is reported, good ones included.
        """
        try:
            raw = base64.b64decode(data or b"", validate=False)
            parsed = file_import.parse_rows(file_import.read_table(raw, filename))
        except file_import.ImportFormatError as exc:
            raise UserError(_("The file cannot be imported: %(reason)s", reason=self._format_error(exc))) from None
        return self._import_rows(parsed, dry_run=dry_run)

    def _format_error(self, exc):
        messages = {
            "missing_columns": lambda p: _("the columns %(columns)s are missing", **p),
            "xlsx": lambda p: _("it is not a readable Excel (.xlsx) file"),
            "encoding": lambda p: _("the CSV file is neither UTF-8 nor GB18030"),
            "file_type": lambda p: _("%(filename)s is neither .csv nor .xlsx", **p),
            "empty": lambda p: _("the file is empty"),
        }
        return messages[exc.rule](exc.params) if exc.rule in messages else str(exc)

    def _row_error(self, rule, params):
        messages = {
            "required": lambda p: _("%(column)s is empty (rule: required column)", **p),
            "date": lambda p: _("%(column)s: %(value)s is not a date (rule: date)", **p),
            "act_kind": lambda p: _("unknown kind of act %(value)s (rule: kind of act)", **p),
            "amount": lambda p: _("%(column)s: %(value)s is not a number (rule: amount)", **p),
            "flag": lambda p: _("%(column)s: %(value)s is neither yes nor no (rule: yes or no)", **p),
        }
        return messages[rule](params)

    @api.model
    def _import_agencies(self):
        agencies = self.env["res.partner"].sudo().search([("party_kind", "=", "agency")])
        return {a.name: a for a in agencies}, {a.uscc: a for a in agencies if a.uscc}

    def _import_rows(self, parsed, dry_run=False):
        by_name, by_uscc = self._import_agencies()
        refs = [values.get("external_ref") for _n, values, _e in parsed if values.get("external_ref")]
        existing = set(self.sudo().with_context(active_test=False).search([("external_ref", "in", refs)])
                       .mapped("external_ref"))
        seen, report, vals_list = set(), [], []
        for number, values, errors in parsed:
            errors = [self._row_error(rule, params) for rule, params in errors]
            ref = values.get("external_ref")
            if ref in existing:
                errors.append(_("platform reference %(ref)s was imported before (rule: import once)", ref=ref))
            elif ref in seen:
                errors.append(_("platform reference %(ref)s appears twice in the file (rule: import once)", ref=ref))
            seen.add(ref)
            agency = None
            if values.get("agency_uscc"):
                try:
                    agency = by_uscc.get(identifiers.validate_uscc(values["agency_uscc"]))
                except identifiers.IdentifierError as exc:
                    errors.append(_("agency credit code %(code)s is invalid: %(reason)s (rule: GB 32100)",
                                    code=values["agency_uscc"], reason=self.env._(str(exc))))
            agency = agency or by_name.get(values.get("agency") or "")
            if values.get("agency") and not agency:
                errors.append(_("unknown agency %(name)s: register it as an agency first (rule: known agency)",
                                name=values["agency"]))
            target_uscc = None
            if values.get("target_uscc"):
                try:
                    target_uscc = identifiers.validate_uscc(values["target_uscc"])
                except identifiers.IdentifierError as exc:
                    errors.append(_("credit code %(code)s of the party is invalid: %(reason)s (rule: GB 32100)",
                                    code=values["target_uscc"], reason=self.env._(str(exc))))
            report.append({"row": number, "ref": ref or "", "status": "error" if errors else "ok",
                           "errors": errors})
            if not errors:
                vals_list.append((values, agency, target_uscc))
        bad = [row for row in report if row["status"] == "error"]
        if bad or dry_run:
            return {"imported": 0, "dry_run": bool(dry_run), "errors": len(bad), "rows": report}
        records = self.create([self._prepare_import_vals(values, agency, uscc) for values, agency, uscc in vals_list])
        return {"imported": len(records), "dry_run": False, "errors": 0, "rows": report, "ids": records.ids}

    def _prepare_import_vals(self, values, agency, target_uscc):
        target = self.env["res.partner"]
        if values.get("target"):
            Partner = self.env["res.partner"].sudo()
            if target_uscc:
                target = Partner.search([("uscc", "=", target_uscc)], limit=1)
            target = target or Partner.search([("name", "=", values["target"]), ("party_kind", "!=", "agency")],
                                              limit=1)
            if not target:
                target = Partner.create({"name": values["target"], "uscc": target_uscc or False,
                                         "party_kind": "organisation" if target_uscc else "person",
                                         "is_company": bool(target_uscc)})
        return {"external_ref": values["external_ref"], "file_number": values.get("file_number") or False,
                "agency_id": agency.id, "act_kind": values["act_kind"], "source": "import",
                "enforcement_category": values.get("enforcement_category") or False,
                "title": values.get("title") or False, "target_id": target.id or False,
                "date_received": values.get("filing_date") or values["decision_date"],
                "filing_date": values.get("filing_date"), "decision_date": values["decision_date"],
                "published_date": values.get("published_date"), "penalty_amount": values["penalty_amount"],
                "full_record": values["full_record"], "legal_review_date": values.get("legal_review_date")}


class JianduCaseFileImport(models.TransientModel):
    """Upload a platform export; see every row's result before and after importing."""

    _name = "jiandu.case.file.import"
    _description = "Import enforcement files"

    data = fields.Binary(string="File", required=True)
    filename = fields.Char()
    report = fields.Text(readonly=True)
    imported = fields.Integer(readonly=True)

    def _run(self, dry_run):
        self.ensure_one()
        result = self.env["jiandu.case.file"].import_file(self.data, self.filename or "", dry_run=dry_run)
        lines = []
        for row in result["rows"]:
            if row["errors"]:
                lines.append(_("Row %(row)s (%(ref)s): %(errors)s", row=row["row"], ref=row["ref"],
                               errors="; ".join(row["errors"])))
            else:
                lines.append(_("Row %(row)s (%(ref)s): OK", row=row["row"], ref=row["ref"]))
        summary = (_("%(n)s row(s) wrong: nothing was imported. Correct them and import again.", n=result["errors"])
                   if result["errors"] else
                   _("Check passed: %(n)s row(s) can be imported.", n=len(result["rows"])) if dry_run else
                   _("%(n)s file(s) imported.", n=result["imported"]))
        self.write({"report": "\n".join([summary] + lines), "imported": result["imported"]})
        return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id, "view_mode": "form",
                "target": "new"}

    def action_check(self):
        return self._run(dry_run=True)

    def action_import(self):
        return self._run(dry_run=False)
