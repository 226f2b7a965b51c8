"""Loading Flectra XML data files: records, menus, actions, function calls, deletions.

A file is first checked against Flectra's data grammar (``xml_grammar``), then loaded element
by element with one ``_tag_<element>`` method each. Values are converted to the target field's
type, and records are written through ``Model._load_records`` so that xml ids and ``noupdate``
behave as on Flectra.
"""
import base64
import copy
import datetime as _datetime
import logging
import os
import re

from dateutil.relativedelta import relativedelta
from lxml import etree

from fazhi.config import config
from fazhi.modules.manifest import SERIE, manifest_path
from fazhi.tools.safe_eval import pytz as safe_pytz
from fazhi.tools.safe_eval import safe_eval
from fazhi.tools.safe_eval import time as safe_time

from . import ParseError, XmlIds, describe_error
from .xml_grammar import ATTRIBUTES, ROOTS, TOP_LEVEL, elements, parse_xml  # noqa: F401 - re-export

_logger = logging.getLogger(__name__)

_FALSE_STRINGS = ("0", "false", "off")


# --- Values ------------------------------------------------------------------------------

def str2bool(value: str) -> bool:
    """Flectra's reading of a boolean written as text: only 0, false and off are False."""
    return value.strip().lower() not in _FALSE_STRINGS


def _attr_bool(node, name: str, default: bool) -> bool:
    value = (node.get(name) or "").strip()
    return str2bool(value) if value else default


_XMLID_PLACEHOLDER = re.compile(r"(?<!%)%\(([^)]+)\)[ds]")


class XmlLoader:
    """Loads one XML data file of one module.

    Args:
        env: a superuser Environment.
        module: the module owning the file.
        path: the file.
        mode: ``'init'`` or ``'update'``.
        noupdate: the default noupdate flag (True for demo files).
        idref: ``{xml id as written: database id}``, shared by the files of one module.
    """

    def __init__(self, env, module: str, path: str, mode: str, noupdate: bool, idref: dict):
        self.module = module
        self.path = path
        self.mode = mode
        self.xmlids = XmlIds(env, module, idref)
        self.idref = idref
        # Innermost scope of nested <data>: environment (uid/context) and noupdate flag.
        self.env = env
        self.noupdate = noupdate
        self._handlers = {tag: getattr(self, "_tag_" + tag) for tag in TOP_LEVEL if tag not in ROOTS}

    def load(self) -> None:
        """Check the file against the grammar, then load it element by element.

        Raises:
            ParseError: naming the line of the element that failed.
        """
        root = parse_xml(self.path)
        self._walk(root)

    # --- traversal ---

    def _walk(self, node) -> None:
        saved = (self.env, self.noupdate)
        try:
            self.env = self._scoped_env(node)
            self.noupdate = _attr_bool(node, "noupdate", self.noupdate)
        except Exception as exc:
            raise ParseError(self.path, node.sourceline, describe_error(exc)) from exc
        try:
            for child in elements(node):
                if child.tag in ROOTS:
                    self._walk(child)
                else:
                    self._at(child, self._handlers[child.tag], child)
        finally:
            self.env, self.noupdate = saved

    def _at(self, node, func, *args, prefix: str = "", flush: bool = True):
        """Run ``func(*args)``; an error becomes a ParseError naming the line of ``node``."""
        try:
            result = func(*args)
            if flush:
                # Write now, so that a constraint failing at flush time names this element.
                self.env.cr.flush()
            return result
        except ParseError:
            raise
        except Exception as exc:
            raise ParseError(self.path, node.sourceline, prefix + describe_error(exc)) from exc

    def _scoped_env(self, node):
        """The environment for ``node``: its ``uid`` and ``context`` attributes applied."""
        uid, context = node.get("uid"), node.get("context")
        if not uid and not context:
            return self.env
        kwargs = {}
        if uid:
            kwargs["user"] = self.xmlids.id_get(uid)
        if context:
            evaluated = safe_eval(context, {"ref": self.xmlids.id_get}, nocopy=True)
            kwargs["context"] = {**self.env.context, **evaluated}
        return self.env(**kwargs)

    def _eval_context(self, model_name: str | None = None) -> dict:
        ctx = {key: value for key, value in self.idref.items() if "." not in key}
        ctx.update(
            time=safe_time,
            DateTime=_datetime.datetime,
            datetime=_datetime.datetime,
            timedelta=_datetime.timedelta,
            relativedelta=relativedelta,
            version=SERIE,
            ref=self.xmlids.id_get,
            pytz=safe_pytz,
        )
        if model_name:
            ctx["obj"] = self._model(model_name).browse
        return ctx

    def _eval(self, expr: str, model_name: str | None = None):
        return safe_eval(expr, self._eval_context(model_name), nocopy=True)

    def _model(self, model_name: str, env=None):
        env = env if env is not None else self.env
        if model_name not in env:
            raise ValueError("Unknown model %r" % model_name)
        return env[model_name]

    # --- records ---

    def _save(self, model, rec_id: str | None, forcecreate: bool, make_values):
        """Write one record unless noupdate rules say to leave it; return it (or None).

        ``make_values`` is called only when the record is written, so that values of a
        skipped record (refs to records gone since) are not evaluated.
        """
        xid = self.xmlids.full(rec_id) if rec_id else None
        if self.noupdate and self.mode != "init":
            # Upgrading noupdate data: keep what exists, create only what is missing.
            if not xid:
                return None
            record = self.xmlids.existing(xid)
            if record is not None:
                self.idref[rec_id] = record.id
                return record
            if not forcecreate:
                return None
        if xid and not self.xmlids.check_owner(xid, self.noupdate, forcecreate):
            return None
        if xid:
            model = model.with_context(install_module=self.module, install_filename=self.path,
                                       install_xmlid=rec_id)
        values = make_values()
        record = model._load_records(
            [{"xml_id": xid, "values": values, "noupdate": self.noupdate}], self.mode == "update")
        if rec_id:
            self.idref[rec_id] = record.id
        return record

    def _tag_record(self, node):
        env = self._scoped_env(node)
        model = self._model(node.get("model"), env)

        def values():
            return {field.get("name"): self._at(field, self._field_value, field, model, flush=False,
                                                prefix="field %r: " % field.get("name"))
                    for field in elements(node)}
        self._save(model, node.get("id"), _attr_bool(node, "forcecreate", True), values)

    def _field_value(self, node, model):
        name = node.get("name")
        field = model._fields.get(name)
        if field is None:
            raise ValueError("Invalid field %r on model %r" % (name, model._name))
        ftype = field.type
        if node.get("search"):
            target = node.get("model") or getattr(field, "comodel_name", None)
            if not target:
                raise ValueError("add model=\"...\" to search for field %r" % name)
            records = self._model(target).search(self._eval(node.get("search"), target))
            use = node.get("use") or "id"
            if ftype == "many2many":
                return [(6, 0, [rec[use] for rec in records])]
            return records[0][use] if records else False
        if node.get("ref"):
            if ftype == "reference":
                return "%s,%s" % self.xmlids.lookup(node.get("ref"))
            res_id = self.xmlids.id_get(node.get("ref"))
            return [(6, 0, [res_id])] if ftype == "many2many" else res_id
        value = self._node_value(node)
        if not isinstance(value, str) or node.get("type") not in (None, "char"):
            return value
        return self._convert_text(value, ftype)

    @staticmethod
    def _convert_text(text: str, ftype: str):
        if ftype == "many2one":
            return int(text) if text.strip() else False
        if ftype == "integer":
            return int(text)
        if ftype in ("float", "monetary"):
            return float(text)
        if ftype == "boolean":
            return str2bool(text)
        return text

    def _node_value(self, node):
        """The value of a <field> or <value> written as eval, markup, file or text."""
        ftype = node.get("type", "char")
        if node.tag == "value" and node.get("search"):
            target = node.get("model")
            records = self._model(target).search(self._eval(node.get("search"), target))
            use = node.get("use") or "id"
            return records[0][use] if records else False
        if node.get("eval") is not None:
            return self._eval(node.get("eval"), node.get("model"))
        if ftype in ("xml", "html"):
            return self._markup(node)
        if ftype in ("list", "tuple"):
            values = [self._node_value(child) for child in elements(node)]
            return tuple(values) if ftype == "tuple" else values
        if node.get("file"):
            with open(self._resource(node.get("file")), "rb") as f:
                data = f.read()
            if ftype == "base64":
                return base64.b64encode(data)
            text = data.decode("utf-8")
        else:
            text = node.text or ""
            if ftype == "base64":
                return base64.b64encode(text.encode("utf-8"))
        if ftype == "file":
            relative = text.strip()
            if not os.path.isfile(os.path.join(self._module_dir(), relative)):
                raise ValueError("no file %r in addon %r" % (relative, self.module))
            return "%s,%s" % (self.module, relative)
        if ftype == "int":
            return None if text.strip() == "None" else int(text)
        if ftype == "float":
            return float(text)
        return text

    def _markup(self, node) -> str:
        """Serialise the children of a type="xml"/"html" field (view arch, mail body)."""
        children = list(elements(node))
        if len(children) == 1:
            markup = etree.tostring(children[0], encoding="unicode", with_tail=False)
        else:
            # Several roots are wrapped in <data>, which view inheritance treats as a no-op.
            wrapper = etree.Element("data")
            wrapper.extend(copy.deepcopy(child) for child in children)
            markup = etree.tostring(wrapper, encoding="unicode")
        return self._substitute_ids(markup)

    def _substitute_ids(self, markup: str) -> str:
        """Replace ``%(xml_id)d`` by the id of that record; ``%%`` stands for a literal ``%``."""
        def replace(match):
            return str(self.xmlids.id_get(match.group(1)))
        return _XMLID_PLACEHOLDER.sub(replace, markup).replace("%%", "%")

    def _module_dir(self) -> str:
        directory = os.path.dirname(os.path.abspath(self.path))
        while directory != os.path.dirname(directory):
            if manifest_path(directory) is not None:
                return directory
            directory = os.path.dirname(directory)
        raise ValueError("%s is not inside an addon" % self.path)

    def _resource(self, relative: str) -> str:
        """Resolve ``file="module/path"`` against the addons directories, never outside them."""
        parts = relative.replace("\\", "/").split("/")
        if os.path.isabs(relative) or ".." in parts:
            raise ValueError("file %r must be a path inside an addon" % relative)
        roots = [os.path.dirname(self._module_dir())] + config.all_addons_paths()
        for root in roots:
            candidate = os.path.join(root, *parts)
            if os.path.isfile(candidate):
                return candidate
        raise ValueError("file %r not found in the addons paths" % relative)

    # --- other elements ---

    def _groups_commands(self, groups: str) -> list:
        commands = []
        for name in filter(None, (g.strip() for g in groups.split(","))):
            if name.startswith("-"):
                commands.append((3, self.xmlids.id_get(name[1:])))
            else:
                commands.append((4, self.xmlids.id_get(name)))
        return commands

    def _tag_menuitem(self, node, parent_id=None):
        rec_id = node.get("id")

        def values():
            vals = {"parent_id": False, "active": _attr_bool(node, "active", True)}
            if node.get("sequence"):
                vals["sequence"] = int(node.get("sequence"))
            if parent_id is not None:
                vals["parent_id"] = parent_id
            elif node.get("parent"):
                vals["parent_id"] = self.xmlids.id_get(node.get("parent"))
            if node.get("web_icon"):
                vals["web_icon"] = node.get("web_icon")
            if node.get("name"):
                vals["name"] = node.get("name")
            if node.get("action"):
                action_model, action_id = self.xmlids.lookup(node.get("action"))
                vals["action"] = "%s,%d" % (action_model, action_id)
                if not vals.get("name"):
                    vals["name"] = self.env[action_model].browse(action_id).name or rec_id
            vals.setdefault("name", rec_id)
            if node.get("groups"):
                vals["groups_id"] = self._groups_commands(node.get("groups"))
            return vals
        menu = self._save(self._model("ir.ui.menu"), rec_id, True, values)
        for child in elements(node):
            self._at(child, self._tag_menuitem, child, menu.id if menu else False)

    def _tag_function(self, node):
        # Functions in noupdate data run once, at install.
        if self.noupdate and self.mode != "init":
            return
        self._call(node, self._scoped_env(node))

    def _call(self, node, env):
        model_name = node.get("model")
        args, kwargs = [], {}
        if node.get("eval") is not None:
            args = list(self._eval(node.get("eval"), model_name))
        for child in elements(node):
            value = self._call(child, env) if child.tag == "function" else self._node_value(child)
            if child.tag == "value" and child.get("name"):
                kwargs[child.get("name")] = value
            else:
                args.append(value)
        return call_method(self._model(model_name, env), node.get("name"), args, kwargs)

    def _tag_delete(self, node):
        model = self._model(node.get("model"))
        if node.get("search"):
            records = model.search(self._eval(node.get("search"), node.get("model")))
        else:
            record = self.xmlids.existing(self.xmlids.full(node.get("id")))
            if record is None:
                _logger.warning("%s:%s: nothing to delete, %r does not exist",
                                self.path, node.sourceline, node.get("id"))
                return
            records = record
        if records:
            records.unlink()

    def _tag_act_window(self, node):
        model = self._model("ir.actions.act_window")
        fields = model._fields

        def values():
            vals = {
                "name": node.get("name"),
                "res_model": node.get("res_model"),
                "view_mode": node.get("view_mode") or "tree,form",
                # Kept as text: the client evaluates them with active_id & co. at run time.
                "domain": node.get("domain") or "[]",
                "context": node.get("context") or "{}",
            }
            if node.get("view_id"):
                vals["view_id"] = self.xmlids.id_get(node.get("view_id"))
            if node.get("target"):
                vals["target"] = node.get("target")
            if node.get("limit"):
                vals["limit"] = int(node.get("limit"))
            if node.get("usage"):
                vals["usage"] = node.get("usage")
            if node.get("groups"):
                vals["groups_id"] = self._groups_commands(node.get("groups"))
            if node.get("binding_model"):
                vals["binding_model_id"] = self._ir_model_id(node.get("binding_model"))
                vals["binding_type"] = node.get("binding_type") or "action"
                if node.get("binding_views") is not None:
                    vals["binding_view_types"] = node.get("binding_views")
            return _known(vals, fields, "ir.actions.act_window", node)
        _logger.warning("%s:%s: <act_window> is deprecated, declare an ir.actions.act_window <record>",
                        self.path, node.sourceline)
        self._save(model, node.get("id"), True, values)

    def _tag_report(self, node):
        if "ir.actions.report" not in self.env:
            _logger.warning("%s:%s: <report> ignored, ir.actions.report is not available",
                            self.path, node.sourceline)
            return
        model = self.env["ir.actions.report"]

        def values():
            vals = {"name": node.get("string"), "model": node.get("model"),
                    "report_name": node.get("name")}
            for attr, fname in (("report_type", "report_type"), ("file", "report_file"),
                                ("attachment", "attachment"), ("usage", "usage"),
                                ("print_report_name", "print_report_name")):
                if node.get(attr):
                    vals[fname] = node.get(attr)
            for attr in ("attachment_use", "multi", "auto", "header"):
                if node.get(attr):
                    vals[attr] = bool(self._eval(node.get(attr)))
            if node.get("groups"):
                vals["groups_id"] = self._groups_commands(node.get("groups"))
            if node.get("paperformat"):
                vals["paperformat_id"] = self.xmlids.id_get(node.get("paperformat"))
            if not node.get("menu") or self._eval(node.get("menu")):
                vals["binding_model_id"] = self._ir_model_id(node.get("model"))
                vals["binding_type"] = "report"
            return _known(vals, model._fields, "ir.actions.report", node)
        _logger.warning("%s:%s: <report> is deprecated, declare an ir.actions.report <record>",
                        self.path, node.sourceline)
        self._save(model, node.get("id"), True, values)

    def _tag_template(self, node):
        if "ir.ui.view" not in self.env:
            _logger.warning("%s:%s: <template> ignored, ir.ui.view is not available",
                            self.path, node.sourceline)
            return
        tpl_id = node.get("id") or node.get("t-name")
        if not tpl_id:
            raise ValueError("<template> needs an 'id'")
        full_id = self.xmlids.full(tpl_id)
        model = self.env["ir.ui.view"]

        def values():
            arch = copy.deepcopy(node)
            for attr in list(arch.attrib):
                if attr not in ("t-name",) and attr in ATTRIBUTES["template"][1]:
                    del arch.attrib[attr]
            if node.get("inherit_id"):
                arch.tag = "data"
            else:
                arch.tag = "t"
                arch.set("t-name", full_id)
            arch.tail = None
            vals = {"name": node.get("name") or tpl_id, "key": node.get("key") or full_id,
                    "type": "qweb", "arch": self._substitute_ids(etree.tostring(arch, encoding="unicode"))}
            if node.get("priority"):
                vals["priority"] = int(node.get("priority"))
            if node.get("inherit_id"):
                vals["inherit_id"] = self.xmlids.id_get(node.get("inherit_id"))
            if node.get("primary") == "True":
                vals["mode"] = "primary"
            if node.get("active") in ("True", "False") and (
                    self.mode != "update" or self.xmlids.existing(full_id) is None):
                vals["active"] = node.get("active") == "True"
            if node.get("groups"):
                vals["groups_id"] = [(6, 0, [self.xmlids.id_get(g.strip())
                                             for g in node.get("groups").split(",") if g.strip()])]
            return _known(vals, model._fields, "ir.ui.view", node)
        self._save(model, tpl_id, _attr_bool(node, "forcecreate", True), values)

    def _ir_model_id(self, model_name: str) -> int:
        ir_model = self.env["ir.model"].search([("model", "=", model_name)], limit=1)
        if not ir_model:
            raise ValueError("Unknown model %r" % model_name)
        return ir_model.id


def _known(values: dict, fields, model_name: str, node) -> dict:
    """Drop the optional values the model lacks (legacy tags name fields of both lines)."""
    unknown = [name for name in values if name not in fields]
    for name in unknown:
        _logger.debug("line %s: %s has no field %r, value dropped", node.sourceline, model_name, name)
        del values[name]
    return values


def call_method(model, name: str, args: list, kwargs: dict):
    """Call a model method as ``<function>`` does: through RPC's ``call_kw``.

    Methods decorated ``@api.model`` (or ``model_create_multi``) get ``args`` as given; other
    methods run on ``browse(args[0])`` with the remaining arguments, and records returned are
    downgraded to ids. A ``context`` keyword is merged into the model's context instead of
    being passed on.

    Args:
        model: an empty recordset of the target model.
        name: the method name.
        args: positional arguments.
        kwargs: keyword arguments, possibly with ``context``.

    Returns:
        What the method returns, records as ids.

    Raises:
        AttributeError: the model has no such method.
    """
    from fazhi.orm.api import call_kw  # the ORM imports the data package, not the reverse
    kwargs = dict(kwargs)
    context = kwargs.pop("context", None)
    if context:
        model = model.with_context(**context)
    return call_kw(model, name, list(args), kwargs)


def load_xml(env, module: str, path: str, mode: str, noupdate: bool = False,
             idref: dict | None = None) -> None:
    """Load one XML data file; see :func:`fazhi.data.load_data_file`.

    Raises:
        ParseError: naming the line of the element that failed.
    """
    XmlLoader(env, module, path, mode, noupdate, {} if idref is None else idref).load()
