"""HTML of the portal pages, from ``templates/*.html``.

A template file holds named blocks (``<!--#block name-->`` lines); a block is filled with
``markupsafe.Markup.format``, which escapes every value that is not already Markup. The pages'
Chinese lives in those files only. No inline script or style anywhere: the CSP forbids them.
"""
import collections
import datetime
import os
import re
import zoneinfo

from markupsafe import Markup

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")
PORTAL_TZ = zoneinfo.ZoneInfo("Asia/Shanghai")   #: the county's time; the ORM's datetimes are naive UTC
_BLOCK = re.compile(r"^<!--#block ([a-z_]+)-->\n", re.M)
_cache = {}


def block(template, name):
    if template not in _cache:
        with open(os.path.join(TEMPLATES, template + ".html"), encoding="utf-8") as fp:
            parts = _BLOCK.split(fp.read())
        _cache[template] = {parts[i]: Markup(parts[i + 1].rstrip("\n")) for i in range(1, len(parts), 2)}
    return _cache[template][name]


def fill(_template, _block, **values):
    """Block ``_block`` of ``_template`` with ``values`` escaped into it (the values may be called 'name')."""
    return Markup(block(_template, _block).format(**values))


def join(fragments):
    return Markup("\n").join(fragments)


def page(title, content, body_name):
    return str(fill("layout", "page", title=title, content=content, body_name=body_name))


def message(text, kind="error"):
    if not text:
        return Markup("")
    return fill("layout", "message", text=text, kind=kind, role="alert" if kind == "error" else "status")


def field_errors(errors, field_id_prefix="fp"):
    """Error messages by field name, as Markup placed next to the fields (empty for the others)."""
    rendered = collections.defaultdict(Markup)
    for field, text in (errors or {}).items():
        if field != "_form" and text:
            rendered[field] = fill("layout", "field_error", id="%s-%s" % (field_id_prefix, field), text=text)
    return rendered


def options(pairs, selected=None):
    selected = "" if selected is None else str(selected)
    return join(fill("layout", "option", value=value, label=label,
                     selected=Markup(" selected") if str(value) == selected else Markup(""))
                for value, label in pairs)


def date_text(value):
    """'2026年12月7日' for a date or an ISO date string; '' for nothing."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        value = value.astimezone(PORTAL_TZ)
        return "%d年%d月%d日 %02d:%02d" % (value.year, value.month, value.day, value.hour, value.minute)
    return "%d年%d月%d日" % (value.year, value.month, value.day)


def size_text(size):
    """File size limit as the page states it: '10 MB' / '512 KB'."""
    size = int(size or 0)
    if size >= 1024 * 1024:
        return "%g MB" % round(size / (1024 * 1024), 1)
    return "%d KB" % max(size // 1024, 1)
