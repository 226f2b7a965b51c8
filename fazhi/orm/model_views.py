"""Views for the web client on every model: ``get_views``/``load_views``/``fields_view_get``,
``onchange`` (F2 shape) and the stale-edit check (design/rpc-protocol.md, the web client contract).

The arch sent to a client is the combined view (inheritance applied) as the user may see it:
nodes and fields of groups the user lacks removed, view strings translated into the user's
language, and every dynamic modifier/decoration turned into the JSON expression tree of
``fazhi.orm.view_modifiers`` in ``fz-modifiers``/``fz-decorations`` attributes.
"""
import json

from lxml import etree

from . import api
from .security_mixin import user_has_groups
from .translate import DEFAULT_LANG, lookup, translate, translate_arch
from ..tools.xml import remove_keep_tail
from .view_modifiers import MODIFIERS, names_used, node_decorations, node_modifiers

SUBVIEW_TYPES = ("tree", "list", "form", "kanban")
#: fields every client model description carries
ALWAYS_FIELDS = ("id", "display_name", "write_date")
#: widgets of x2many fields that need no list subview
_NO_SUBVIEW_WIDGETS = {"many2many_tags", "many2many_checkboxes", "many2many_binary", "mail_followers",
                       "mail_activity", "mail_thread", "one2many_tags"}
_NO_SUBVIEW_CONTAINERS = {"tree", "list", "search", "kanban", "calendar", "graph", "pivot", "templates"}
_SIMPLE_TYPES = {"char", "date", "datetime", "selection", "many2one", "integer", "float", "boolean",
                 "monetary"}
_CALENDAR_FIELD_ATTRS = ("date_start", "date_stop", "date_delay", "color", "all_day")
_MAGIC = {"id", "create_uid", "create_date", "write_uid", "write_date", "display_name", "__last_update"}
_MAX_SUBVIEW_DEPTH = 2
_ONCHANGE_DEPTH = 10


class ViewsMixin:

    # --- view resolution ----------------------------------------------------------------
    @api.model
    def _fz_lang(self):
        return self.env.lang or (self.env.user.lang if self.env.uid else None) or DEFAULT_LANG

    @api.model
    def _fz_view_arch(self, view_id, view_type):
        """``(arch element, view id or False)`` of the view to show (combined, not post-processed)."""
        View = self.env["ir.ui.view"].sudo().with_context(fz_view_as_user=True, fz_arch_modules=True)
        stored_type = "tree" if view_type == "list" else view_type
        if view_id:
            view = View.browse(int(view_id)).exists()
            if not view or view.model != self._name:
                from ..exceptions import UserError
                raise UserError(self.env._("View %(view)s does not exist for model %(model)s.",
                                           view=view_id, model=self._name))
        else:
            view = View.browse(View.default_view(self._name, stored_type))
        if view:
            return view._get_combined_arch(), view.id
        return self._fz_default_arch(stored_type), False

    @api.model
    def _fz_default_fields(self, limit=None):
        """Fields of a generated view: the name first, then simple readable stored fields."""
        rec_name = self._rec_name_field() or "display_name"
        names = [rec_name]
        for name, field in self._fields.items():
            if name in names or name in _MAGIC or name.startswith(("message_", "activity_", "website_message")):
                continue
            if field.type not in _SIMPLE_TYPES or not field.store or not self._field_allowed(field):
                continue
            names.append(name)
            if limit and len(names) >= limit:
                break
        return names

    @api.model
    def _fz_default_arch(self, view_type):
        """The view Flectra would generate when a model has none of this type."""
        if view_type == "tree":
            root = etree.Element("tree")
            for name in self._fz_default_fields(limit=6):
                etree.SubElement(root, "field", name=name)
            return root
        if view_type == "search":
            root = etree.Element("search")
            etree.SubElement(root, "field", name=self._rec_name_field() or "display_name")
            return root
        if view_type == "form":
            root = etree.Element("form")
            sheet = etree.SubElement(root, "sheet")
            group = etree.SubElement(sheet, "group")
            for name in self._fz_default_fields():
                etree.SubElement(group, "field", name=name)
            for name, field in self._fields.items():
                if field.type in ("one2many", "many2many") and self._field_allowed(field) \
                        and not name.startswith(("message_", "activity_", "website_message")):
                    box = etree.SubElement(sheet, "group", string=field.string or name)
                    etree.SubElement(box, "field", name=name, nolabel="1", colspan="2")
            return root
        from ..exceptions import UserError
        raise UserError(self.env._("No view of type %(type)s is defined for model %(model)s.",
                                   type=view_type, model=self._name))

    # --- post-processing ----------------------------------------------------------------
    @api.model
    def _fz_postprocess(self, arch, view_type, used, depth=0):
        """Filter, annotate and complete ``arch`` for the current user; records the fields
        it uses per model in ``used`` ({model: set})."""
        fields_used = used.setdefault(self._name, set())
        self._fz_filter_groups(arch)
        if arch.tag in ("form", "tree", "list", "kanban"):
            # as Flectra: the root says what this user may not do (ir.model.access), so the client
            # offers no 新建/编辑/删除 the server would refuse
            for attr, operation in (("create", "create"), ("edit", "write"), ("delete", "unlink")):
                if arch.get(attr) is None and not self.check_access_rights(operation, raise_exception=False):
                    arch.set(attr, "false")
        referenced = set()
        in_list = arch.tag in ("tree", "list")
        for node in self._fz_walk(arch):
            if node.tag == "field":
                name = node.get("name")
                field = self._fields.get(name)
                if field is None:
                    continue
                fields_used.add(name)
                if field.type in ("one2many", "many2many", "many2one") and depth < _MAX_SUBVIEW_DEPTH:
                    self._fz_subviews(node, field, used, depth)
            if view_type == "calendar" and node is arch:
                for attr in _CALENDAR_FIELD_ATTRS:
                    if node.get(attr) in self._fields:
                        fields_used.add(node.get(attr))
            if view_type == "search":
                continue
            modifiers = node_modifiers(node)
            if modifiers:
                node.set("fz-modifiers", json.dumps(modifiers, ensure_ascii=False, sort_keys=True))
                names_used(modifiers, referenced)
            decorations = node_decorations(node)
            if decorations:
                node.set("fz-decorations", json.dumps(decorations, ensure_ascii=False, sort_keys=True))
                names_used(decorations, referenced)
        # fields the modifiers read must be loaded too: added invisibly, as Flectra 17 does
        for name in sorted(referenced - fields_used):
            field = self._fields.get(name)
            if field is None or not self._field_allowed(field):
                continue
            if in_list:
                extra = etree.SubElement(arch, "field", name=name, column_invisible="1")
                extra.set("fz-modifiers", json.dumps({"column_invisible": {"c": True}}))
            else:
                extra = etree.SubElement(arch, "field", name=name, invisible="1")
                extra.set("fz-modifiers", json.dumps({"invisible": {"c": True}}))
            fields_used.add(name)
        return arch

    @staticmethod
    def _fz_walk(arch):
        """Nodes of ``arch`` that belong to this view level (not those of inline subviews)."""
        stack = [arch]
        while stack:
            node = stack.pop()
            yield node
            if node is not arch and node.tag == "field":
                continue
            children = [c for c in node if isinstance(c.tag, str)]
            stack.extend(reversed(children))

    @api.model
    def _fz_filter_groups(self, arch):
        """Remove nodes with ``groups`` the user lacks, and fields the user may not read."""
        for node in list(self._fz_walk(arch)):
            if node is arch or node.getparent() is None:
                continue
            groups = node.get("groups")
            hidden = groups is not None and not user_has_groups(self.env, groups)
            if not hidden and node.tag == "field":
                field = self._fields.get(node.get("name"))
                if field is not None and not self._field_allowed(field):
                    hidden = True
            if hidden:
                remove_keep_tail(node)
            elif groups is not None:
                del node.attrib["groups"]

    @api.model
    def _fz_subviews(self, node, field, used, depth):
        comodel = self.env[field.comodel_name]
        subviews = [child for child in node if isinstance(child.tag, str) and child.tag in SUBVIEW_TYPES]
        for sub in subviews:
            comodel._fz_postprocess(sub, "tree" if sub.tag in ("tree", "list") else sub.tag, used, depth + 1)
        if subviews or field.type == "many2one":
            return
        if node.get("widget") in _NO_SUBVIEW_WIDGETS or node.get("invisible") in ("1", "True"):
            return
        parent = node.getparent()
        while parent is not None:
            if "oe_chatter" in (parent.get("class") or "").split():
                return   # the chatter shows messages/followers/activities its own way
            if parent.tag in _NO_SUBVIEW_CONTAINERS:
                return   # a cell or a card shows the value, not a table
            parent = parent.getparent()
        sub, _view_id = comodel._fz_view_arch(False, "tree")
        sub = comodel._fz_postprocess(sub, "tree", used, depth + 1)
        node.append(sub)

    @api.model
    def _fz_process_view(self, view_id, view_type, used):
        arch, vid = self._fz_view_arch(view_id, view_type)
        stored_type = "tree" if view_type == "list" else view_type
        arch = self._fz_postprocess(arch, stored_type, used)
        translate_arch(arch, self._fz_lang())
        return etree.tostring(arch, encoding="unicode"), vid

    @api.model
    def _fz_toolbar(self):
        bindings = self.env["ir.actions.actions"].get_bindings(self._name)
        lang = self._fz_lang()
        for values in (v for group in bindings.values() for v in group):
            values["name"] = lookup(values.get("name"), lang)
        return {"action": bindings.get("action", []), "print": bindings.get("report", [])}

    @api.model
    def _fz_models(self, used):
        result = {}
        for model_name, names in used.items():
            model = self.env[model_name]
            wanted = set(names) | set(ALWAYS_FIELDS)
            result[model_name] = model.fields_get(allfields=[n for n in wanted if n in model._fields])
        return result

    # --- the client API -------------------------------------------------------------------
    @api.model
    def get_views(self, views, options=None):
        """Views for the web client: ``{"views": {type: {...}}, "models": {model: fields}}``."""
        options = options or {}
        if not isinstance(views, (list, tuple)):
            raise TypeError("views must be a list of [view_id, view_type]")
        used = {}
        result = {}
        toolbar = self._fz_toolbar() if options.get("toolbar") else None
        for item in views:
            if not isinstance(item, (list, tuple)) or len(item) != 2:
                raise TypeError("views must be a list of [view_id, view_type]")
            view_id, view_type = item
            view_type = "list" if view_type == "tree" else view_type
            arch, vid = self._fz_process_view(view_id, view_type, used)
            entry = {"arch": arch, "id": vid, "model": self._name}
            if toolbar is not None and view_type != "search":
                entry["toolbar"] = toolbar
            if view_type == "search" and options.get("load_filters"):
                entry["filters"] = []
            result[view_type] = entry
        return {"views": result, "models": self._fz_models(used)}

    @api.model
    def fields_view_get(self, view_id=None, view_type="form", toolbar=False, submenu=False):
        """F2 spelling: one view as ``{arch, fields, model, name, type, view_id, field_parent}``."""
        used = {}
        arch, vid = self._fz_process_view(view_id, view_type, used)
        name = self.env["ir.ui.view"].sudo().browse(vid).name if vid else "default"
        result = {
            "arch": arch, "model": self._name, "name": name, "type": "tree" if view_type == "list" else view_type,
            "view_id": vid, "field_parent": False,
            "fields": self.fields_get(allfields=[n for n in used.get(self._name, ()) if n in self._fields]),
        }
        if toolbar:
            result["toolbar"] = self._fz_toolbar()
        return result

    @api.model
    def load_views(self, views, options=None):
        """F2 spelling: ``{"fields_views": {type: fields_view_get}, "fields": fields_get, "filters": []}``."""
        options = options or {}
        result = {}
        for view_id, view_type in views:
            view_type = "list" if view_type == "tree" else view_type
            result[view_type] = self.fields_view_get(view_id, view_type, toolbar=bool(options.get("toolbar")))
        return {"fields_views": result, "fields": self.fields_get(), "filters": []}

    # --- onchange -----------------------------------------------------------------------
    @api.model
    def _onchange_methods(self, name):
        """The ``@api.onchange`` methods of this model that watch field ``name``."""
        cls = type(self)
        cache = cls.__dict__.get("_fz_onchange_cache")
        if cache is None:
            cache = {}
            for attr in dir(cls):
                method = getattr(cls, attr, None)
                for watched in (getattr(method, "_onchange", None) or ()) if callable(method) else ():
                    cache.setdefault(watched, []).append(method)
            cls._fz_onchange_cache = cache
        return cache.get(name, [])

    def onchange(self, values, field_name, field_onchange):
        """What the form must change after ``field_name`` changed (F2 shape).

        Args:
            values: the form's current values (many2one as id or [id, name], x2many as commands).
            field_name: the changed field (or a list of them), ``[]``/False for a new record.
            field_onchange: ``{field: "1"}`` of the fields shown in the form.
        Returns:
            ``{"value": {field: new value}, "warning": {"title", "message"}}`` (warning when any).
        """
        if not isinstance(values, dict) or not isinstance(field_onchange or {}, dict):
            raise TypeError("onchange expects a dict of values and a dict of fields")
        names = [field_name] if isinstance(field_name, str) else list(field_name or [])
        origin = self[:1] if self else None
        if origin:
            origin.check_access_rights("read")
            origin.check_access_rule("read")
        shown = [n for n in dict.fromkeys(n.split(".", 1)[0] for n in (field_onchange or {}))
                 if n in self._fields and self._field_allowed(self._fields[n])]
        given = {}
        for name, value in values.items():
            field = self._fields.get(name)
            if field is None or name in _MAGIC:
                continue
            # computed values (stored or not) and read-only related ones follow the change:
            # what the client holds for them is stale by definition
            if (field.compute and not field.inverse) or (field.related and not field.inherited and field.readonly):
                continue
            if not self._field_allowed(field):
                continue   # a field the user may not read is neither set nor sent back
            if field.type in ("one2many", "many2many") and value is not False and not isinstance(value, list):
                continue
            if field.type == "many2one" and isinstance(value, (list, tuple)):
                value = value[0] if value else False
            given[name] = value
        x2many = {n: given.pop(n) for n in list(given) if self._fields[n].type in ("one2many", "many2many")}
        record = self.new(given, origin=origin)
        for name, commands in x2many.items():
            lines = self._fz_onchange_lines(record, origin, self._fields[name], commands or [])
            record.env.cache.set(self._fields[name], record._ids[0], lines)
        before = {name: self._fz_onchange_value(record, name) for name in shown}
        if not names:
            names = [n for n in given if self._onchange_methods(n)]
        warnings = []
        todo, done = list(names), set()
        for _round in range(_ONCHANGE_DEPTH):
            if not todo:
                break
            snapshot = {n: self._fz_onchange_value(record, n) for n in shown}
            for name in todo:
                done.add(name)
                for method in self._onchange_methods(name):
                    res = method(record)
                    if isinstance(res, dict) and res.get("warning"):
                        warnings.append(res["warning"])
            changed = [n for n in shown if self._fz_onchange_value(record, n) != snapshot[n]]
            todo = [n for n in changed if n not in done and self._onchange_methods(n)]
        result = {"value": {}}
        for name in shown:
            field = self._fields[name]
            if field.compute or field.related:
                # computed values follow the change: compare with what the client shows
                if name in values and self._fz_same_as_client(record, name, values[name]):
                    continue
                if name not in values and origin and \
                        self._fz_onchange_value(record, name) == self._fz_onchange_value(origin, name):
                    continue
            elif self._fz_onchange_value(record, name) == before[name]:
                continue
            result["value"][name] = self._fz_onchange_result(record, name, field_onchange)
        if warnings:
            result["warning"] = {
                "title": "\n\n".join(str(w.get("title") or "") for w in warnings if w.get("title")) or
                         translate("Warning", self._fz_lang()),
                "message": "\n\n".join(str(w.get("message") or "") for w in warnings),
            }
        return result

    def _fz_onchange_lines(self, record, origin, field, commands):
        """Line ids of an x2many after the form's ``commands``, relative to the stored lines;
        changed lines become in-memory copies, so that an onchange never writes."""
        comodel = self.env[field.comodel_name]
        ids = list(origin[field.name]._ids) if origin else []

        def line_values(vals):
            vals = {k: v for k, v in (vals or {}).items() if k in comodel._fields and k not in _MAGIC}
            for key, value in list(vals.items()):
                if comodel._fields[key].type in ("one2many", "many2many"):
                    # nested lines: only commands that cannot write (no update of stored lines)
                    vals[key] = [c for c in value or [] if isinstance(c, (list, tuple)) and c and c[0] != 1]
            if field.type == "one2many":
                vals[field.inverse_name] = record
            return vals
        for cmd in commands:
            if not isinstance(cmd, (list, tuple)) or not cmd:
                continue
            op = cmd[0]
            if op == 0:
                ids.append(comodel.new(line_values(cmd[2] if len(cmd) > 2 else {}))._ids[0])
            elif op == 1 and len(cmd) > 2:
                line = comodel.new(line_values(cmd[2]), origin=comodel.browse(int(cmd[1])))
                ids = [line._ids[0] if i == cmd[1] else i for i in ids]
                if cmd[1] not in ids and line._ids[0] not in ids:
                    ids.append(line._ids[0])
            elif op in (2, 3):
                ids = [i for i in ids if i != cmd[1]]
            elif op == 4 and cmd[1] not in ids:
                ids.append(int(cmd[1]))
            elif op == 5:
                ids = []
            elif op == 6 and len(cmd) > 2:
                ids = [int(i) for i in cmd[2] or []]
        return tuple(ids)

    def _fz_same_as_client(self, record, name, client_value):
        field = self._fields[name]
        if field.type in ("one2many", "many2many"):
            return True
        mine = self._fz_onchange_result(record, name, {})
        if field.type == "many2one":
            mine = mine[0] if mine else False
            client_value = client_value[0] if isinstance(client_value, (list, tuple)) and client_value \
                else (client_value or False)
        if mine is None:
            mine = False
        return json.dumps(mine, default=str) == json.dumps(
            client_value if client_value is not None else False, default=str)

    def _fz_onchange_value(self, record, name):
        """A comparable snapshot of ``record[name]``."""
        field = self._fields[name]
        value = record[name]
        if field.type == "many2one":
            return value._ids[0] if value else False
        if field.type in ("one2many", "many2many"):
            return tuple(str(i) if not isinstance(i, int) else i for i in value._ids)
        return value

    def _fz_onchange_result(self, record, name, field_onchange):
        """``record[name]`` as the client reads it (many2one as [id, name], x2many as commands)."""
        field = self._fields[name]
        value = record[name]
        if field.type == "many2one":
            if not value:
                return False
            return [value._ids[0] if isinstance(value._ids[0], int) else False, value.display_name]
        if field.type in ("one2many", "many2many"):
            prefix = name + "."
            subfields = [n[len(prefix):] for n in (field_onchange or {}) if n.startswith(prefix)]
            if not subfields:
                subfields = self.env[field.comodel_name]._fz_default_fields()
            commands = [[5]]
            for line in value:
                rid = line._ids[0]
                if isinstance(rid, int):
                    commands.append([4, rid])
                    continue
                vals = {}
                for sub in subfields:
                    if sub in line._fields and sub != field.inverse_name and sub not in ("id", "display_name"):
                        vals[sub] = line._fz_onchange_result(line, sub, {})
                commands.append([1, rid.origin, vals] if rid.origin else [0, 0, vals])
            return commands
        raw = field.convert_to_cache(value, record, validate=False) if value is not False else None
        return field.convert_to_read(raw, record)

    # --- stale edit -----------------------------------------------------------------------
    def _fz_check_write_date(self, stamp):
        """UserError when one of these records changed since the client read ``stamp`` (DB-4)."""
        if not stamp or not self._log_access:
            return
        from ..exceptions import UserError
        from .fields import Datetime
        for record in self.sudo().exists():
            current = record.write_date
            current = Datetime.to_string(current) if current else False
            if current and str(stamp)[:19] != current[:19]:
                raise UserError(translate(
                    "This record was changed by someone else (%(user)s, %(date)s) after you opened it. "
                    "Reload it to see their changes, then make yours again.", self._fz_lang(),
                    user=record.write_uid.display_name or "", date=current))


__all__ = ["ViewsMixin", "MODIFIERS"]
