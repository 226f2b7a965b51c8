"""Export of list rows to .xlsx, values formatted as the web client shows them.

Fields the user may not read (``groups`` on the field) are left out, so a masked identifier
column is the only identifier a user without the full-value right gets (PII-2, PIPL Art. 51).
"""
import io

import pytz

from .. import exceptions


def _format(env, record, field, tz):
    value = record[field.name]
    if field.type == "many2one":
        return value.display_name if value else ""
    if field.type in ("one2many", "many2many"):
        return ", ".join(value.mapped("display_name"))
    if field.type == "selection":
        if value is False or value is None:
            return ""
        labels = dict(field.get_description(env).get("selection") or [])
        return labels.get(value, value)
    if field.type == "boolean":
        return env._("Yes") if value else env._("No")
    if field.type == "date":
        return value.strftime("%Y-%m-%d") if value else ""
    if field.type == "datetime":
        if not value:
            return ""
        return pytz.utc.localize(value).astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")
    if field.type in ("integer", "float", "monetary"):
        return value
    if field.type == "binary":
        return ""
    if value is False or value is None:
        return ""
    return str(value)


def export_rows(env, data, columns, max_rows):
    """``(title, header, rows)`` of the export described by ``data`` (see the web contract)."""
    model_name = data["model"]
    if model_name not in env:
        raise exceptions.UserError(env._("Object %s doesn't exist", model_name))
    context = data.get("context") if isinstance(data.get("context"), dict) else {}
    model = env[model_name].with_context(**{k: v for k, v in context.items() if k != "lang"})
    model.check_access_rights("read")
    ids = data.get("ids")
    if ids:
        if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
            raise ValueError("ids must be a list of integers")
        records = model.browse(ids).exists()
        records.check_access_rule("read")
    else:
        domain = data.get("domain") or []
        if not isinstance(domain, list):
            raise ValueError("domain must be a list")
        records = model.search(domain, limit=max_rows)
    if len(records) > max_rows:
        raise exceptions.UserError(env._("Too many rows to export (at most %(max)s).", max=max_rows))
    fields_ = []
    for column in columns:
        field = model._fields.get(column["name"])
        if field is None:
            raise exceptions.UserError(env._("Unknown field %(field)s on %(model)s.",
                                             field=column["name"], model=model_name))
        if not model._field_allowed(field):
            continue   # not readable by this user (e.g. a full ID number): left out
        label = column.get("label") if isinstance(column.get("label"), str) else None
        fields_.append((field, label or field.get_description(env)["string"]))
    tz = pytz.timezone(env.user.tz or "Asia/Shanghai") if "tz" in env.user._fields else pytz.timezone("Asia/Shanghai")
    rows = [[_format(env, rec, field, tz) for field, _label in fields_] for rec in records]
    title = env._(model._description or model_name)
    return title, [label for _field, label in fields_], rows


def xlsx_bytes(title, header, rows):
    import openpyxl
    from openpyxl.styles import Font
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "".join(c for c in title if c not in "[]:*?/\\")[:31] or "Sheet1"
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":
                cell.data_type = "s"   # user text starting with "=" stays text, never a formula
    for index, label in enumerate(header, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = max(10, min(60, len(label) * 2 + 4))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
