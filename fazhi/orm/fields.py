"""Field types: each one is a conversion contract between the column, the cache, the record
and the client, plus the DDL of its column.

    class Case(models.Model):
        _name = 'fuyi.case'
        name = fields.Char(required=True, index=True)
        date_received = fields.Date(default=fields.Date.context_today)
"""
import datetime
import logging

import pytz

from . import date_utils

_logger = logging.getLogger(__name__)

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"

_NOARG = object()


def _default_string(name):
    label = name
    if label.endswith("_ids"):
        label = label[:-4]
    elif label.endswith("_id"):
        label = label[:-3]
    return label.replace("_", " ").title()


class Field:
    """Base class of every field type.

    Constructor keywords are kept in ``self.args`` so that a model extending another can
    redefine a field with a few more keywords and get the merged definition.
    """

    type = None
    column_type = None          # key of Dialect.column_types, None when not stored in a column
    relational = False
    _label_module = None        # the addon whose catalogue translates string/help/selection
    _slots_defaults = dict(
        string=None, help=None, required=False, readonly=False, default=None, index=False,
        copy=True, store=True, compute=None, inverse=None, search=None, related=None,
        groups=None, tracking=None, depends=None, depends_context=None, compute_sudo=None,
        translate=False, company_dependent=False, change_default=False, group_operator=None,
        group_expand=None, recursive=False, precompute=False, prefetch=True, states=None,
        inherited=False, inherited_field=None, related_sudo=True, default_export_compatible=False,
        manual=False, _module=None, sanitize=True, strip_style=False, size=None, trim=True,
        digits=None, currency_field=None, selection=None, selection_add=None, ondelete=None,
        comodel_name=None, inverse_name=None, domain=None, context=None, auto_join=False,
        delegate=False, check_company=False, relation=None, column1=None, column2=None,
        limit=None, attachment=True, unaccent=True, model_field=None, max_width=0,
        max_height=0, verify_resolution=True, aggregator=None,
    )

    def __init__(self, string=_NOARG, **kwargs):
        if string is not _NOARG:
            kwargs["string"] = string
        self.args = {k: v for k, v in kwargs.items() if v is not _NOARG}
        self.name = None
        self.model_name = None
        self._setup_done = False
        self.__dict__.update({k: v for k, v in self._slots_defaults.items()})

    def __set_name__(self, owner, name):
        if self.name is None:
            self.name = name

    def new(self, **kwargs):
        """A fresh copy of this definition, with some keywords replaced."""
        args = dict(self.args, **kwargs)
        field = type(self)(**args)
        return field

    def __repr__(self):
        return "%s.%s" % (self.model_name, self.name)

    # --- setup ---
    def setup_attrs(self, model_class, name):
        """Apply the merged keywords to this instance, with Flectra's derived defaults."""
        self.name = name
        self.model_name = model_class._name
        attrs = dict(self.args)
        if attrs.get("compute") or attrs.get("related"):
            attrs.setdefault("store", False)
            attrs.setdefault("copy", bool(attrs.get("store")) and attrs.get("readonly") is False)
        if attrs.get("compute"):
            attrs.setdefault("readonly", not attrs.get("inverse"))
            if callable(attrs["compute"]):
                attrs["compute"] = attrs["compute"].__name__
        if attrs.get("related"):
            attrs.setdefault("readonly", True)
            if isinstance(attrs["related"], str):
                attrs["related"] = tuple(attrs["related"].split("."))
        if name == "state":
            attrs.setdefault("copy", False)
        for key in ("inverse", "search"):
            if callable(attrs.get(key)):
                attrs[key] = attrs[key].__name__
        if attrs.get("default") is not None and not callable(attrs["default"]):
            value = attrs["default"]
            attrs["default"] = lambda model, value=value: value
        if attrs.get("group_operator") is None and attrs.get("aggregator") is not None:
            attrs["group_operator"] = attrs["aggregator"]
        self.__dict__.update(attrs)
        if self.string is None:
            self.string = _default_string(name)
        if self.compute_sudo is None:
            self.compute_sudo = bool(self.store) or bool(self.related)
        if self.related and self.compute_sudo is None:
            self.compute_sudo = self.related_sudo

    @property
    def column(self):
        """True when the value lives in a column of the model's own table."""
        return bool(self.store and self.column_type and not self.inherited)

    # --- conversions ---
    def _wrong_value(self, record, value, detail=None):
        """The message for a value this field cannot hold, in the user's language."""
        _ = record.env._
        message = _("Wrong value for %(model)s.%(name)s: %(value)r",
                    model=self.model_name, name=self.name, value=value)
        return "%s (%s)" % (message, detail) if detail else message

    def null(self, record):
        return None

    def convert_to_cache(self, value, record, validate=True):
        """A value given by code or a client -> cache format."""
        return None if value is False else value

    def convert_to_record(self, value, record):
        return False if value is None else value

    def convert_to_read(self, value, record, use_name_get=True):
        return False if value is None else value

    def convert_to_write(self, value, record):
        """A record value -> something create()/write() accepts (used by copy)."""
        return value

    def convert_to_column(self, value, record=None):
        """Cache format -> the parameter bound to SQL."""
        return value

    def convert_from_column(self, value):
        """What the driver returned -> cache format."""
        return value

    def convert_to_export(self, value, record):
        return "" if not value else value

    # --- descriptor ---
    def __get__(self, record, owner=None):
        if record is None:
            return self
        ids = record._ids
        if not ids:
            return self.convert_to_record(self.null(record), record)
        if len(ids) > 1:
            raise ValueError("Expected singleton: %s" % record)
        return self.convert_to_record(record._get_cache_value(self), record)

    def __set__(self, records, value):
        records._set_field_value(self, value)

    # --- defaults of display ---
    def get_description(self, env):
        from .translate import lookup
        lang = env.lang
        desc = {
            "type": self.type,
            "string": lookup(self.string, lang, self._label_module),
            "help": lookup(self.help, lang, self._label_module) if self.help else False,
            "required": bool(self.required),
            "readonly": bool(self.readonly),
            "store": bool(self.store),
            "sortable": bool(self.store and self.column_type) or bool(self.inherited and self.store),
            "searchable": bool(self.store or self.search or self.related),
            "manual": False,
            "depends": list(self.depends or ()),
            "company_dependent": False,
            "change_default": bool(self.change_default),
            "groupable": bool(self.store and self.column_type),
            "exportable": True,
            "name": self.name,
        }
        if self.related:
            desc["related"] = ".".join(self.related)
        if self.groups:
            desc["groups"] = self.groups
        if self.tracking:
            desc["tracking"] = self.tracking
        return desc


class Boolean(Field):
    type = "boolean"
    column_type = "bool"

    def convert_to_cache(self, value, record, validate=True):
        return bool(value)

    def convert_to_record(self, value, record):
        return bool(value)

    def convert_to_read(self, value, record, use_name_get=True):
        return bool(value)

    def convert_from_column(self, value):
        return bool(value)

    def convert_to_column(self, value, record=None):
        return bool(value)


class Integer(Field):
    type = "integer"
    column_type = "int4"
    group_operator = "sum"

    def convert_to_cache(self, value, record, validate=True):
        if value is None or value is False:
            return None if value is None else 0
        if isinstance(value, dict):
            return int(value.get("id", 0))
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ValueError(self._wrong_value(record, value))

    def convert_to_record(self, value, record):
        return value or 0

    def convert_to_read(self, value, record, use_name_get=True):
        return value or 0


class Float(Field):
    type = "float"
    column_type = "float8"
    group_operator = "sum"

    def setup_attrs(self, model_class, name):
        super().setup_attrs(model_class, name)
        if self.digits and not isinstance(self.digits, str):
            self.column_type = "numeric"

    def get_digits(self, env):
        if isinstance(self.digits, str):
            return (16, 2)
        return self.digits

    def _round(self, value):
        digits = self.digits if isinstance(self.digits, tuple) else None
        if digits:
            return round(value, digits[1])
        return value

    def convert_to_cache(self, value, record, validate=True):
        if value is None:
            return None
        if value is False:
            return 0.0
        try:
            return self._round(float(value))
        except (TypeError, ValueError):
            raise ValueError(self._wrong_value(record, value))

    def convert_from_column(self, value):
        return None if value is None else float(value)

    def convert_to_record(self, value, record):
        return 0.0 if value is None else value

    def convert_to_read(self, value, record, use_name_get=True):
        return 0.0 if value is None else value

    def get_description(self, env):
        desc = super().get_description(env)
        if self.digits:
            desc["digits"] = self.get_digits(env)
        return desc


class Monetary(Float):
    type = "monetary"
    column_type = "numeric"

    def setup_attrs(self, model_class, name):
        super().setup_attrs(model_class, name)
        self.column_type = "numeric"
        if not self.currency_field:
            self.currency_field = "currency_id"

    def convert_to_cache(self, value, record, validate=True):
        if value is None:
            return None
        if value is False:
            return 0.0
        return round(float(value), 2)

    def get_description(self, env):
        desc = super().get_description(env)
        desc["currency_field"] = self.currency_field
        return desc


class _String(Field):
    column_type = "varchar"

    def convert_to_cache(self, value, record, validate=True):
        if value is None or value is False:
            return None
        if isinstance(value, bytes):
            value = value.decode()
        return str(value)

    def _translated(self, value, env):
        """translate=True: the stored term (the source an addon's data wrote, e.g. an activity
        type's "To-Do") in the reader's language, from the catalogue of the addon that defined
        the field, else the merged one; a term a user typed has no entry and shows as is."""
        if value and self.translate is True and env.lang and not env.lang.startswith("en"):
            from .translate import lookup
            return lookup(value, env.lang, self._label_module)
        return value

    def convert_to_record(self, value, record):
        return False if value is None else self._translated(value, record.env)

    def convert_to_read(self, value, record, use_name_get=True):
        return False if value is None else self._translated(value, record.env)


class Char(_String):
    type = "char"

    def convert_to_cache(self, value, record, validate=True):
        value = super().convert_to_cache(value, record, validate)
        if value is not None and self.size and len(value) > self.size:
            value = value[: self.size]
        return value

    def get_description(self, env):
        desc = super().get_description(env)
        desc["size"] = self.size
        desc["trim"] = self.trim
        desc["translate"] = bool(self.translate)
        return desc


class Text(_String):
    type = "text"
    column_type = "text"


class Html(_String):
    type = "html"
    column_type = "text"

    def convert_to_cache(self, value, record, validate=True):
        value = super().convert_to_cache(value, record, validate)
        if value and self.sanitize and validate:
            from ..tools.html import html_sanitize
            value = html_sanitize(value)
        return value

    def convert_to_record(self, value, record):
        if value is None:
            return False
        from markupsafe import Markup
        return Markup(value)


class Date(Field):
    type = "date"
    column_type = "date"

    start_of = staticmethod(date_utils.start_of)
    end_of = staticmethod(date_utils.end_of)
    add = staticmethod(date_utils.add)
    subtract = staticmethod(date_utils.subtract)

    @staticmethod
    def today(*args):
        from ..tools import clock
        return clock.now().date()

    @staticmethod
    def context_today(record, timestamp=None):
        from ..tools import clock
        today = timestamp or clock.now()
        tz_name = record._context.get("tz") or record.env.user.tz
        if tz_name:
            try:
                utc = pytz.utc.localize(today, is_dst=False) if today.tzinfo is None else today
                today = utc.astimezone(pytz.timezone(tz_name))
            except Exception:  # unknown tz names fall back to UTC, as Flectra does
                _logger.debug("failed to compute context/client-specific today date, using UTC", exc_info=True)
        return today.date() if isinstance(today, datetime.datetime) else today

    @staticmethod
    def to_date(value):
        if not value:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        value = value[:10]
        return datetime.datetime.strptime(value, DATE_FORMAT).date()

    from_string = to_date

    @staticmethod
    def to_string(value):
        return value.strftime(DATE_FORMAT) if value else False

    def convert_to_cache(self, value, record, validate=True):
        if not value:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        try:
            return self.to_date(value)
        except ValueError:
            raise ValueError(self._wrong_value(record, value, record.env._("expected a date like 2026-01-31")))

    def convert_from_column(self, value):
        if value and type(value) is str:
            # SQLite's text dates: fromisoformat is 10× faster than strptime (W4 reads thousands)
            try:
                return datetime.date.fromisoformat(value[:10])
            except ValueError:
                pass
        return self.to_date(value) if value else None

    def convert_to_column(self, value, record=None):
        return value.strftime(DATE_FORMAT) if value else None

    def convert_to_read(self, value, record, use_name_get=True):
        return value or False

    def convert_to_export(self, value, record):
        return value or ""


class Datetime(Field):
    type = "datetime"
    column_type = "timestamp"

    start_of = staticmethod(date_utils.start_of)
    end_of = staticmethod(date_utils.end_of)
    add = staticmethod(date_utils.add)
    subtract = staticmethod(date_utils.subtract)

    @staticmethod
    def now(*args):
        from ..tools import clock
        return clock.now().replace(microsecond=0)

    @staticmethod
    def today(*args):
        return Datetime.now().replace(hour=0, minute=0, second=0)

    @staticmethod
    def context_timestamp(record, timestamp):
        assert isinstance(timestamp, datetime.datetime), "Datetime instance expected"
        tz_name = record._context.get("tz") or record.env.user.tz
        utc = pytz.utc.localize(timestamp, is_dst=False) if timestamp.tzinfo is None else timestamp
        if tz_name:
            try:
                return utc.astimezone(pytz.timezone(tz_name))
            except pytz.UnknownTimeZoneError:
                _logger.debug("unknown timezone %r", tz_name)
        return utc

    @staticmethod
    def to_datetime(value):
        if not value:
            return None
        if isinstance(value, datetime.datetime):
            if value.tzinfo:
                raise ValueError("Datetime field expects a naive datetime: %s" % value)
            return value.replace(microsecond=0)
        if isinstance(value, datetime.date):
            return datetime.datetime.combine(value, datetime.time.min)
        value = value.strip()
        if len(value) == 10:
            return datetime.datetime.strptime(value, DATE_FORMAT)
        return datetime.datetime.strptime(value[:19].replace("T", " "), DATETIME_FORMAT)

    from_string = to_datetime

    @staticmethod
    def to_string(value):
        return value.strftime(DATETIME_FORMAT) if value else False

    def convert_to_cache(self, value, record, validate=True):
        if not value:
            return None
        try:
            return self.to_datetime(value)
        except ValueError as exc:
            raise ValueError(self._wrong_value(record, value, str(exc)))

    def convert_from_column(self, value):
        return self.to_datetime(value) if value else None

    def convert_to_column(self, value, record=None):
        return value.strftime(DATETIME_FORMAT) if value else None

    def convert_to_read(self, value, record, use_name_get=True):
        return value or False

    def convert_to_export(self, value, record):
        if not value:
            return ""
        return self.context_timestamp(record, value).replace(tzinfo=None)


class Selection(Field):
    type = "selection"
    column_type = "varchar"

    def __init__(self, selection=_NOARG, string=_NOARG, **kwargs):
        if selection is not _NOARG:
            kwargs["selection"] = selection
        super().__init__(string=string, **kwargs)

    def setup_attrs(self, model_class, name):
        super().setup_attrs(model_class, name)
        if isinstance(self.selection, list) and any(isinstance(k, int) for k, _l in self.selection):
            self.column_type = "int4"

    def get_values(self, env):
        return [key for key, _label in self._selection_list(env)]

    def _selection_list(self, env):
        selection = self.selection
        if isinstance(selection, str):
            return getattr(env[self.model_name], selection)()
        if callable(selection):
            return selection(env[self.model_name])
        return selection or []

    def convert_to_cache(self, value, record, validate=True):
        if value is None or value is False:
            return None
        if validate and self.selection is not None:
            values = self.get_values(record.env)
            if value not in values:
                raise ValueError(self._wrong_value(record, value))
        return value

    def convert_to_export(self, value, record):
        if not value:
            return ""
        return dict(self._selection_list(record.env)).get(value, value)

    def get_description(self, env):
        from .translate import lookup
        desc = super().get_description(env)
        desc["selection"] = [(k, lookup(v, env.lang, self._label_module)) for k, v in self._selection_list(env)]
        return desc


class Binary(Field):
    type = "binary"
    column_type = "bytea"
    prefetch = False

    def setup_attrs(self, model_class, name):
        super().setup_attrs(model_class, name)
        if self.attachment and self.store:
            # stored as ir.attachment rows, not in a column
            self.column_type = None

    def convert_to_cache(self, value, record, validate=True):
        if value is None or value is False:
            return None
        if isinstance(value, str):
            value = value.encode()
        if isinstance(value, (bytearray, memoryview)):
            value = bytes(value)
        return value

    def convert_from_column(self, value):
        if value is None:
            return None
        return bytes(value)

    def convert_to_read(self, value, record, use_name_get=True):
        if value is None:
            return False
        if isinstance(value, bytes):
            # binary fields hold base64 text; raw bytes are encoded so they travel as text
            try:
                return value.decode("ascii")
            except UnicodeDecodeError:
                import base64
                return base64.b64encode(value).decode("ascii")
        return value

    def convert_to_record(self, value, record):
        return False if value is None else value


class Image(Binary):
    type = "binary"


class Json(Field):
    type = "json"
    column_type = "jsonb"

    def convert_to_column(self, value, record=None):
        import json
        return None if value is None else json.dumps(value)

    def convert_from_column(self, value):
        import json
        if value is None:
            return None
        return json.loads(value) if isinstance(value, str) else value


class Id(Field):
    type = "integer"
    column_type = None

    def __get__(self, record, owner=None):
        if record is None:
            return self
        ids = record._ids
        if not ids:
            return False
        if len(ids) > 1:
            raise ValueError("Expected singleton: %s" % record)
        return ids[0]

    def __set__(self, record, value):
        raise TypeError("field 'id' cannot be assigned")


from .relational import Many2one, One2many, Many2many, Reference, Many2oneReference, Command  # noqa: E402,F401
