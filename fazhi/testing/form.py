"""``Form``: fill a record as the form view would — defaults, onchange methods, then save.

    with Form(env['fuyi.case']) as case:
        case.agency_id = agency          # runs the @api.onchange('agency_id') methods
    # saved on leaving the block; case.record is the result

Values live on an in-memory record (``Model.new``) until ``save()``. One2many/many2many
fields take plain commands or recordsets (no line proxies yet).
"""


def _user_value(field):
    """A value the form itself holds: plain fields, and those a delegated parent stores
    (``_inherits``), which the form saves through the child like any other field."""
    return field.inherited or not (field.compute or field.related)


class Form:
    def __init__(self, record_or_model, view=None):
        model = record_or_model.browse()
        if record_or_model._ids:
            record_or_model.ensure_one()
            origin = record_or_model
            values = {}
        else:
            origin = None
            values = record_or_model.default_get(list(record_or_model._fields))
        state = {"model": model, "origin": origin, "changed": set(values), "saved": None}
        object.__setattr__(self, "_state", state)
        object.__setattr__(self, "_record", model.new(values, origin=origin))
        for name in list(values):
            self._onchange(name)

    @property
    def record(self):
        return self._state["saved"]

    def __getattr__(self, name):
        return getattr(self._record, name)

    def __setattr__(self, name, value):
        field = self._state["model"]._fields.get(name)
        if field is None:
            raise AttributeError("%s has no field %r" % (self._state["model"]._name, name))
        if field.readonly and not field.inverse and field.compute:
            raise AttributeError("Field %s is computed and read-only" % name)
        self._record.update({name: value})
        self._state["changed"].add(name)
        self._onchange(name)

    def _onchange(self, name):
        record = self._record
        cache = record.env.cache
        before = {f: cache.get(f, record._ids[0]) for f in record._fields.values()
                  if cache.contains(f, record._ids[0]) and _user_value(f)}
        for method in record._onchange_methods(name):
            result = method(record)
            if isinstance(result, dict) and result.get("warning"):
                self._state.setdefault("warnings", []).append(result["warning"])
        for field in record._fields.values():
            if not _user_value(field) or not cache.contains(field, record._ids[0]):
                continue
            if field not in before or before[field] != cache.get(field, record._ids[0]):
                self._state["changed"].add(field.name)

    def _values_to_save(self):
        record = self._record
        vals = {}
        for name in self._state["changed"]:
            field = record._fields[name]
            if not _user_value(field) and not field.inverse:
                continue
            value = record[name]
            if field.type == "many2one":
                value = value.id
            elif field.type in ("one2many", "many2many"):
                value = self._x2many_commands(field, value)
            vals[name] = value
        return vals

    def _x2many_commands(self, field, lines):
        commands = []
        keep = [rid for rid in lines._ids if isinstance(rid, int)]
        commands.append((6, 0, keep))
        for line in lines:
            if not isinstance(line._ids[0], int):
                line_vals = {}
                for fname, lfield in line._fields.items():
                    if fname == field.inverse_name or lfield.compute or lfield.related or lfield.type == "one2many":
                        continue
                    if line.env.cache.contains(lfield, line._ids[0]):
                        value = line[fname]
                        line_vals[fname] = value.id if lfield.type == "many2one" else (
                            [(6, 0, value.ids)] if lfield.type == "many2many" else value)
                commands.append((0, 0, line_vals))
        return commands

    def save(self):
        """Create or write the record; returns it."""
        vals = self._values_to_save()
        origin = self._state["origin"]
        if origin is not None:
            if vals:
                origin.write(vals)
            saved = origin
        else:
            saved = self._state["model"].create(vals)
        self._state["saved"] = saved
        self._state["changed"] = set()
        return saved

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.save()
