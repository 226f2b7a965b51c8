"""``Model.load(fields, rows)``: import rows of text (CSV style), all or nothing.

Columns are field names, ``field/id`` (xml id), ``field/.id`` (database id) or ``id``
(the row's own xml id; without a module it lives under ``__import__``). Many2one text is
resolved by name; many2many cells hold comma-separated references.
"""
import logging

from ..exceptions import UserError

try:
    from psycopg2 import IntegrityError
except ImportError:  # pragma: no cover - psycopg2 is a dependency
    from ..sql.cursor import IntegrityError

_logger = logging.getLogger(__name__)
_TRUE = {"1", "true", "yes", "y", "t", "on"}
_FALSE = {"0", "false", "no", "n", "f", "off", ""}


class ImportRowError(ValueError):
    def __init__(self, field, message):
        super().__init__(message)
        self.field = field


def _xmlid(text):
    text = text.strip()
    return text if "." in text else "__import__." + text


def _convert(model, column, cell):
    name, _sep, kind = column.partition("/")
    if ":" in name:
        name, kind = name.split(":", 1)
    field = model._fields.get(name)
    if field is None:
        raise ImportRowError(column, model.env._("Unknown field %(field)s on %(model)s", field=name, model=model._name))
    cell = "" if cell is None else (cell if isinstance(cell, str) else str(cell))
    text = cell.strip()
    if field.relational:
        comodel = model.env[field.comodel_name]
        refs = [t.strip() for t in text.split(",") if t.strip()] if field.type != "many2one" else ([text] if text else [])
        ids = []
        for ref in refs:
            if kind == "id":
                found = model.env.ref(_xmlid(ref), raise_if_not_found=False)
                rid = found.id if found else None
            elif kind == ".id":
                rid = int(ref) if ref.isdigit() and comodel.browse(int(ref)).exists() else None
            else:
                matches = comodel.name_search(ref, [], "=", limit=2)
                rid = matches[0][0] if len(matches) == 1 else None
            if rid is None:
                raise ImportRowError(column, model.env._(
                    "No matching record found for %(ref)r in field %(field)s", ref=ref, field=field.string))
            ids.append(rid)
        if field.type == "many2one":
            return name, ids[0] if ids else False
        return name, [(6, 0, ids)]
    if kind:
        raise ImportRowError(column, model.env._("Field %(field)s is not relational", field=name))
    try:
        if field.type == "boolean":
            if text.lower() not in _TRUE | _FALSE:
                raise ValueError(text)
            return name, text.lower() in _TRUE
        if field.type == "integer":
            return name, int(text) if text else 0
        if field.type in ("float", "monetary"):
            return name, float(text) if text else 0.0
        if field.type == "selection":
            if not text:
                return name, False
            selection = field._selection_list(model.env)
            for key, label in selection:
                if text in (str(key), label, model.env._(label)):
                    return name, key
            raise ValueError(text)
    except ValueError:
        raise ImportRowError(column, model.env._("Value %(value)r is not valid for field %(field)s",
                                                 value=text, field=field.string)) from None
    return name, text or False


class _Rollback(Exception):
    pass


def load_rows(model, fields, data):
    """Import ``data`` (rows of cells) into ``model``; nothing is written if a row fails.

    Rows are written in order, so a row may refer to an earlier row's xml id.

    Returns:
        ``{'ids': [ids] or False, 'messages': [{'type', 'message', 'record', 'field'}], 'nextrow': 0}``
    """
    messages = []
    ids = []
    try:
        with model.env.cr.savepoint():
            for index, row in enumerate(data):
                _load_row(model, fields, index, row, ids, messages)
            if messages:
                raise _Rollback()
    except _Rollback:
        return {"ids": False, "messages": messages, "nextrow": 0}
    return {"ids": ids, "messages": [], "nextrow": 0}


def _load_row(model, fields, index, row, ids, messages):
    def error(field, message):
        messages.append({"type": "error", "record": index, "field": field, "message": message})

    if len(row) != len(fields):
        error(False, model.env._("Row %(row)s has %(got)s cells, expected %(expected)s",
                                 row=index + 1, got=len(row), expected=len(fields)))
        return
    values, xml_id, failed = {}, None, False
    for column, cell in zip(fields, row):
        if column == "id":
            xml_id = _xmlid(cell) if cell and cell.strip() else None
            continue
        if column == ".id":
            continue
        try:
            name, value = _convert(model, column, cell)
        except ImportRowError as exc:
            error(exc.field, str(exc))
            failed = True
            continue
        values[name] = value
    if failed:
        return
    try:
        with model.env.cr.savepoint():
            records = model._load_records([{"xml_id": xml_id, "values": values, "noupdate": False}])
    except (UserError, ValueError, IntegrityError) as exc:
        error(False, str(exc))
        return
    ids.extend(records.ids)
