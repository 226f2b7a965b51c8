"""Loading an addon's data files (XML, CSV, SQL) into a database, as Flectra does.

The module loader calls :func:`load_data_file` for every file named in a manifest's ``data``
(and ``demo``) list, in order. Records go through the ORM (``Model._load_records``), so each
gets its ``ir.model.data`` row (xml id) and upgrades respect ``noupdate``. Any problem raises
:class:`ParseError` naming the file and line, and the caller rolls back the whole install::

    load_data_file(env, "fuyi_case", "/srv/addons/fuyi_case/security/fuyi_case_groups.xml", "init")
    env.ref("fuyi_case.fuyi_case_group_user")      # res.groups(..)
"""
import logging
import os

from fazhi.exceptions import UserError

_logger = logging.getLogger(__name__)

MODES = ("init", "update")


class ParseError(ValueError):
    """A data file could not be loaded; the message names the file and line.

    Args:
        path: the data file.
        line: the line of the offending element, CSV row or SQL statement.
        cause: what went wrong, one line.
    """

    def __init__(self, path: str, line: int | None, cause: str):
        self.path = path
        self.line = line
        self.cause = " ".join(str(cause).split())  # the CLI prints the error on one line
        super().__init__("while parsing %s:%s, %s" % (path, line if line is not None else "?", self.cause))


def describe_error(exc: BaseException) -> str:
    """Return a one-line cause for ``exc``: its message, with its type when that says more."""
    message = " ".join(str(exc).split())
    if isinstance(exc, KeyError) and len(exc.args) == 1:
        message = str(exc.args[0])
    if isinstance(exc, (ValueError, UserError)) and message:
        return message
    return "%s: %s" % (type(exc).__name__, message) if message else type(exc).__name__


class XmlIds:
    """Resolves the xml ids written in one module's data files.

    Args:
        env: the Environment used for ``ir.model.data`` lookups.
        module: the module loading the files; ``name`` means ``<module>.name``.
        idref: ids loaded so far, ``{xml_id as written: database id}``.
    """

    def __init__(self, env, module: str, idref: dict):
        self.env = env
        self.module = module
        self.idref = idref

    def full(self, xml_id: str) -> str:
        """Return ``xml_id`` qualified with the module; ValueError if it has several dots."""
        module, dot, name = xml_id.partition(".")
        if not dot:
            module, name = self.module, xml_id
        if not module or not name or "." in name:
            raise ValueError("The xml id %r must be 'name' or 'module.name' (at most one dot)" % xml_id)
        return "%s.%s" % (module, name)

    def lookup(self, xml_id: str) -> tuple[str, int]:
        """Return ``(model, id)`` of an existing xml id; ValueError when it is unknown."""
        full = self.full(xml_id)
        try:
            model, res_id = self.env["ir.model.data"]._xmlid_lookup(full)[:2]
        except ValueError:
            raise ValueError("External ID not found in the system: %s" % full) from None
        return model, res_id

    def id_get(self, xml_id: str) -> int:
        """Return the database id of ``xml_id``, from this load's ids or the database."""
        if xml_id in self.idref:
            return self.idref[xml_id]
        return self.lookup(xml_id)[1]

    def existing(self, full_xml_id: str):
        """Return the record of ``full_xml_id`` if both its xml id and the row exist, else None."""
        try:
            model, res_id = self.env["ir.model.data"]._xmlid_lookup(full_xml_id)[:2]
        except ValueError:
            return None
        record = self.env[model].browse(res_id).exists()
        return record or None

    def check_owner(self, full_xml_id: str, noupdate: bool, forcecreate: bool) -> bool:
        """Return whether a record of another module may be written (it exists), else skip or fail.

        Raises:
            ValueError: the record belongs to another module and does not exist, unless the
                data is noupdate with ``forcecreate="False"`` (then False: skip it).
        """
        if full_xml_id.partition(".")[0] == self.module or self.existing(full_xml_id) is not None:
            return True
        if noupdate and not forcecreate:
            return False
        raise ValueError("Cannot update missing record %r" % full_xml_id)


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ValueError("data files are loaded in mode 'init' or 'update', not %r" % (mode,))


def load_data_file(env, module: str, path: str, mode: str, noupdate: bool = False,
                   idref: dict | None = None) -> None:
    """Load one data file of ``module`` into the database of ``env``.

    Args:
        env: a superuser Environment of the database being installed or upgraded.
        module: the technical name of the addon owning the file (prefix of its xml ids).
        path: path of the file; ``.xml``, ``.csv`` and ``.sql`` are loaded, ``.js`` ignored.
        mode: ``'init'`` on install, ``'update'`` on upgrade.
        noupdate: load as noupdate data (demo files); XML may also say ``noupdate="1"``.
        idref: xml ids already loaded for this module, ``{xml_id: database id}``; filled in.

    Raises:
        ParseError: the file is unreadable, of an unknown type, or one of its elements, rows
            or statements failed; the message starts ``while parsing <path>:<line>, ``.
        ValueError: ``mode`` is neither ``'init'`` nor ``'update'``.
    """
    _check_mode(mode)
    if idref is None:
        idref = {}
    ext = os.path.splitext(path)[1].lower()
    if ext == ".js":
        return
    if ext not in (".xml", ".csv", ".sql"):
        raise ParseError(path, 1, "cannot load data files of type %r (only .xml, .csv, .sql)" % ext)
    if not os.path.isfile(path):
        raise ParseError(path, 1, "no such data file in addon %r" % module)
    _logger.info("loading %s/%s", module, os.path.basename(path))
    if ext == ".xml":
        load_xml(env, module, path, mode, noupdate, idref)
    elif ext == ".csv":
        load_csv(env, module, path, mode, noupdate, idref)
    else:
        load_sql(env, path)


def split_sql(text: str) -> list[tuple[int, str]]:
    """Split an SQL script into statements, honouring quotes, comments and ``$tag$`` bodies.

    Args:
        text: the script.

    Returns:
        ``[(line of the statement's start, statement)]`` without empty statements.
    """
    statements, buf = [], []
    line, start_line, i, n = 1, None, 0, len(text)

    def take(j, keep=True):
        nonlocal i, line
        chunk = text[i:j]
        buf.append(chunk if keep else " ")  # comments go; a space keeps tokens apart
        line += chunk.count("\n")
        i = j

    while i < n:
        ch = text[i]
        if start_line is None and not ch.isspace() and ch != ";" and not text.startswith(("--", "/*"), i):
            start_line = line
        if text.startswith("--", i):
            end = text.find("\n", i)
            take(n if end < 0 else end, keep=False)
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            take(n if end < 0 else end + 2, keep=False)
        elif ch in ("'", '"'):
            j = i + 1
            while j < n:
                if text[j] == ch:
                    if j + 1 < n and text[j + 1] == ch:  # doubled quote escapes itself
                        j += 2
                        continue
                    break
                j += 1
            take(min(j + 1, n))
        elif ch == "$":
            end_tag = text.find("$", i + 1)
            tag = text[i:end_tag + 1] if end_tag > 0 else ""
            if tag and (tag == "$$" or tag[1:-1].replace("_", "a").isalnum()):
                end = text.find(tag, end_tag + 1)
                take(n if end < 0 else end + len(tag))
            else:
                take(i + 1)
        elif ch == ";":
            statement = "".join(buf).strip()
            if start_line is not None and statement:
                statements.append((start_line, statement))
            buf, start_line = [], None
            i += 1
        else:
            take(i + 1)
    statement = "".join(buf).strip()
    if start_line is not None and statement:
        statements.append((start_line, statement))
    return statements


def load_sql(env, path: str) -> None:
    """Run the statements of an SQL data file, one by one (SQLite runs one per call).

    Args:
        env: the Environment whose cursor runs the statements.
        path: the ``.sql`` file.

    Raises:
        ParseError: a statement failed; names the line where it starts.
    """
    with open(path, encoding="utf-8") as f:
        text = f.read()
    # Pending ORM writes must reach the tables the script reads, and the cache must not
    # keep values the script changed behind the ORM's back.
    env.cr.flush()
    for line, statement in split_sql(text):
        try:
            env.cr.execute(statement)
        except Exception as exc:
            raise ParseError(path, line, describe_error(exc)) from exc
    if hasattr(env, "invalidate_all"):
        env.invalidate_all()


# The loaders import ParseError from this package, so they come after its definition.
from .csv_loader import load_csv  # noqa: E402
from .xml_loader import load_xml  # noqa: E402
