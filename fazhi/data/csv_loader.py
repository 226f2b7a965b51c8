"""Loading CSV data files (``ir.model.access.csv`` and friends) as Flectra does.

The file name gives the model (``res.partner.csv``, ``res.partner-demo.csv``), the first row
the fields. ``id`` holds the xml id of the row, ``<field>:id`` (or ``<field>/id``) xml ids of
related records (comma-separated for many2many), ``<field>/.id`` database ids. The rows of a
file are written in one ``_load_records`` call, split only before a row that refers to an
earlier row of the same file; a row that cannot be converted or written raises ParseError
naming its line.
"""
import csv
import io
import logging
import os

from . import ParseError, XmlIds, describe_error

_logger = logging.getLogger(__name__)

_RELATIONAL = ("many2one", "many2many", "one2many", "reference")
_TRUE = ("1", "true", "yes", "t", "y")
_FALSE = ("0", "false", "no", "f", "n", "")


class _RowError(Exception):
    def __init__(self, index, cause):
        super().__init__(cause)
        self.index = index


def model_of(path: str) -> str:
    """Return the model a CSV file loads into: the file name up to the first ``-``.

    Args:
        path: the CSV file, named ``<model>.csv`` or ``<model>-<suffix>.csv``.

    Returns:
        The model name, e.g. ``ir.model.access``.
    """
    stem = os.path.splitext(os.path.basename(path))[0]
    return stem.split("-", 1)[0]


def parse_header(header: list[str], fields: dict, model_name: str) -> list[tuple[str, str]]:
    """Read the header row into ``(kind, field name)`` pairs.

    Kinds: ``'xmlid'`` for the ``id`` column, ``'ref'`` for ``field:id`` / ``field/id``,
    ``'dbid'`` for ``field/.id``, ``'value'`` for a plain field.

    Args:
        header: the cells of the first row.
        fields: the model's fields by name (``Model._fields``).
        model_name: the model, for messages.

    Returns:
        One pair per column.

    Raises:
        ValueError: an empty, duplicate or unknown column, or a sub-field path.
    """
    columns, seen = [], set()
    for cell in header:
        name = cell.strip()
        if name == "id":
            kind = "xmlid"
        elif name.endswith((":id", "/id")) and not name.endswith("/.id"):
            kind, name = "ref", name[:-3]
        elif name.endswith("/.id"):
            kind, name = "dbid", name[:-4]
        else:
            kind = "value"
        if not name:
            raise ValueError("empty column name in the header")
        if name in seen:
            raise ValueError("column %r appears twice" % name)
        seen.add(name)
        if kind != "xmlid":
            if "/" in name or ":" in name:
                raise ValueError("column %r: importing sub-fields is not supported" % cell)
            if name not in fields:
                raise ValueError("unknown field %r on model %r" % (name, model_name))
            if kind != "value" and fields[name].type not in _RELATIONAL:
                raise ValueError("column %r: field %r is not relational" % (cell, name))
        columns.append((kind, name))
    return columns


def to_bool(cell: str) -> bool:
    """Read a boolean cell: 1/0, true/false, yes/no in any case; empty is False.

    Raises:
        ValueError: any other text.
    """
    text = cell.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError("%r is not a boolean (use 1 or 0)" % cell)


class CsvLoader:
    """Converts the rows of one CSV file and loads them.

    Args:
        env: a superuser Environment.
        module: the module owning the file.
        path: the file.
        mode: ``'init'`` or ``'update'``.
        noupdate: load as noupdate data.
        idref: ``{xml id as written: database id}``, shared by the files of one module.
    """

    def __init__(self, env, module: str, path: str, mode: str, noupdate: bool, idref: dict):
        self.env = env
        self.module = module
        self.path = path
        self.mode = mode
        self.noupdate = noupdate
        self.idref = idref
        self.xmlids = XmlIds(env, module, idref)

    def read_rows(self) -> tuple[list[str], list[tuple[int, list[str]]]]:
        """Return the header and ``[(line, cells)]`` of the non-empty rows."""
        try:
            with open(self.path, encoding="utf-8-sig", newline="") as f:
                text = f.read()
        except UnicodeDecodeError as exc:
            raise ParseError(self.path, 1, "not UTF-8 text: %s" % exc) from None
        reader = csv.reader(io.StringIO(text), quotechar='"', delimiter=",")
        rows, header, line = [], None, 1
        try:
            for cells in reader:
                if header is None:
                    header = cells
                elif any(cell.strip() for cell in cells):
                    rows.append((line, cells))
                line = reader.line_num + 1
        except csv.Error as exc:
            raise ParseError(self.path, reader.line_num, "malformed CSV: %s" % exc) from None
        return header or [], rows

    def load(self) -> None:
        """Load the rows of the file, in as few ``_load_records`` calls as references allow.

        Raises:
            ParseError: naming the header (line 1) or the row that failed.
        """
        model_name = model_of(self.path)
        if model_name not in self.env:
            raise ParseError(self.path, 1, "unknown model %r (taken from the file name)" % model_name)
        model = self.env[model_name].with_context(install_module=self.module, install_filename=self.path)
        header, rows = self.read_rows()
        if not header:
            return
        try:
            columns = parse_header(header, model._fields, model_name)
        except ValueError as exc:
            raise ParseError(self.path, 1, str(exc)) from None
        if self.mode == "update" and ("xmlid", "id") not in columns:
            # Without xml ids an upgrade would duplicate every row.
            _logger.error("%s has no 'id' column: not reloaded on upgrade", self.path)
            return

        batch, pending = [], set()  # rows not yet written: (line, data, xml id as written); their xml ids
        for line, cells in rows:
            if pending and self._refers_to(columns, cells, pending):
                # This row points at an earlier row of the file, which must exist first.
                self._write_batch(model, batch)
                batch, pending = [], set()
            try:
                converted = self._convert(columns, cells, model)
            except Exception as exc:
                raise ParseError(self.path, line, describe_error(exc)) from exc
            if converted is not None:
                batch.append((line, *converted))
                if converted[0]["xml_id"]:
                    pending.add(converted[0]["xml_id"])
        if batch:
            self._write_batch(model, batch)

    def _refers_to(self, columns, cells, xml_ids: set) -> bool:
        for (kind, _name), cell in zip(columns, cells):
            if kind != "ref":
                continue
            for ref in filter(None, (part.strip() for part in cell.split(","))):
                try:
                    if self.xmlids.full(ref) in xml_ids:
                        return True
                except ValueError:
                    pass  # a malformed id is reported when the row is converted
        return False

    def _write_batch(self, model, batch) -> None:
        records = self._write(model, batch)
        for (_line, _data, as_written), record_id in zip(batch, records.ids):
            if as_written:
                self.idref[as_written] = record_id

    def _convert(self, columns, cells, model) -> tuple[dict, str | None] | None:
        """Return the ``_load_records`` entry of a row and its xml id as written, or None to skip."""
        if len(cells) != len(columns):
            raise ValueError("the row has %d cells, the header %d" % (len(cells), len(columns)))
        xml_id = next((cell.strip() for (kind, _), cell in zip(columns, cells) if kind == "xmlid"), "")
        xml_id = xml_id or None
        full = self.xmlids.full(xml_id) if xml_id else None
        if full and self.noupdate and self.mode != "init":
            # Upgrading noupdate data: rows that exist are kept as they are, unread.
            existing = self.xmlids.existing(full)
            if existing is not None:
                self.idref[xml_id] = existing.id
                return None
        if full and not self.xmlids.check_owner(full, self.noupdate, True):
            return None
        values = {}
        for (kind, name), cell in zip(columns, cells):
            if kind == "xmlid":
                continue
            try:
                values[name] = self._cell_value(kind, model._fields[name], cell)
            except (ValueError, TypeError) as exc:
                raise ValueError("column %r: %s" % (name, describe_error(exc))) from exc
        return {"xml_id": full, "values": values, "noupdate": self.noupdate}, xml_id

    def _cell_value(self, kind: str, field, cell: str):
        ftype = field.type
        text = cell.strip()
        if kind == "ref":
            names = [name.strip() for name in text.split(",") if name.strip()]
            if ftype == "reference":
                return ("%s,%s" % self.xmlids.lookup(names[0])) if names else False
            ids = [self.xmlids.id_get(name) for name in names]
            return self._relational(ftype, ids)
        if kind == "dbid":
            return self._relational(ftype, [int(part) for part in text.split(",") if part.strip()])
        if ftype == "boolean":
            return to_bool(cell)
        if not text:
            return False
        if ftype == "integer":
            return int(text)
        if ftype in ("float", "monetary"):
            return float(text)
        if ftype in ("many2one", "many2many"):
            names = text.split(",") if ftype == "many2many" else [text]
            return self._relational(ftype, [self._by_name(field, name.strip()) for name in names])
        if ftype == "one2many":
            raise ValueError("one2many values need the %s/id column form" % field.name)
        return cell

    @staticmethod
    def _relational(ftype: str, ids: list):
        if ftype == "many2one":
            if len(ids) > 1:
                raise ValueError("a many2one takes one reference, got %d" % len(ids))
            return ids[0] if ids else False
        return [(6, 0, ids)]

    def _by_name(self, field, name: str) -> int:
        comodel = self.env[field.comodel_name]
        rec_name = getattr(comodel, "_rec_name", None) or "name"
        found = comodel.search([(rec_name, "=", name)], limit=2)
        if len(found) != 1:
            raise ValueError("%s %r on %s" % ("no record named" if not found else "several records named",
                                             name, field.comodel_name))
        return found.id

    def _write(self, model, data_list):
        """One ``_load_records`` call; on failure, replay row by row to name the bad one."""
        cr = self.env.cr
        update = self.mode == "update"
        try:
            with cr.savepoint():
                records = model._load_records([data for _line, data, _ in data_list], update)
                cr.flush()
            return records
        except Exception as exc:
            batch_error = exc
        bad = self._find_bad_row(model, data_list, update)
        if bad is None:
            # Each row loads alone but not all together (e.g. two rows with one unique key).
            first, last = data_list[0][0], data_list[-1][0]
            cause = "rows %d-%d: %s" % (first, last, describe_error(batch_error))
            raise ParseError(self.path, first, cause) from batch_error
        line, exc = bad
        raise ParseError(self.path, line, describe_error(exc)) from exc

    def _find_bad_row(self, model, data_list, update):
        cr = self.env.cr
        found = None

        class _Undo(Exception):
            pass
        try:
            # Inside one savepoint that is always rolled back: the replay leaves no trace.
            with cr.savepoint():
                for line, data, _ in data_list:
                    try:
                        with cr.savepoint():
                            model._load_records([data], update)
                            cr.flush()
                    except Exception as exc:
                        found = (line, exc)
                        break
                raise _Undo()
        except _Undo:
            pass
        return found


def load_csv(env, module: str, path: str, mode: str, noupdate: bool = False,
             idref: dict | None = None) -> None:
    """Load one CSV data file; see :func:`fazhi.data.load_data_file`.

    Raises:
        ParseError: naming line 1 for header problems, or the line of the failing row.
    """
    CsvLoader(env, module, path, mode, noupdate, {} if idref is None else idref).load()
