"""Translations: ``_()`` and field labels from each addon's ``i18n/<lang>.po`` (Babel).

``_(source, *args, **kw)`` finds the language of the calling code's environment (``self.env``,
``env`` or ``context`` in the caller's frame, like Flectra), else the language of the current
request, and applies %-formatting after translating.

As in Flectra, a term is translated by the catalogue of the addon it comes from (the addon of the
calling code, of a field's definition, of a view's arch): two addons may render one English
word differently ("Recipient": 受送达人 in a service record, 接收人 in an SMS). Terms of the
framework itself, and terms an addon does not translate, fall back to the catalogue merged over
all addons, in which the first addon loaded (base before its dependants) wins.
"""
import inspect
import logging
import os
import threading

_logger = logging.getLogger(__name__)

_catalogs = {}          # lang -> {msgid: msgstr}, merged over all loaded addons (the fallback)
_module_catalogs = {}   # (lang, addon) -> {msgid: msgstr}: an addon's own translations
_loaded_files = set()
_local = threading.local()

DEFAULT_LANG = "zh_CN"


def load_po(path: str, lang: str, module: str = None) -> None:
    """Load one .po file as ``module``'s catalogue of ``lang`` and merge it into the fallback
    (idempotent). ``module`` defaults to the addon holding ``path`` (``<addon>/i18n/<lang>.po``)."""
    key = (os.path.abspath(path), lang)
    if key in _loaded_files:
        return
    from babel.messages.pofile import read_po
    with open(path, "rb") as fp:
        catalog = read_po(fp, locale=None)
    if module is None:
        module = os.path.basename(os.path.dirname(os.path.dirname(os.path.abspath(path))))
    merged = _catalogs.setdefault(lang, {})
    own = _module_catalogs.setdefault((lang, module), {})
    for message in catalog:
        if message.id and message.string and not message.fuzzy:
            msgid = message.id[0] if isinstance(message.id, tuple) else message.id
            msgstr = message.string[0] if isinstance(message.string, tuple) else message.string
            if msgstr:
                own[msgid] = msgstr
                merged.setdefault(msgid, msgstr)
    _loaded_files.add(key)


def load_module_translations(module_path: str, langs=("zh_CN",)) -> None:
    for lang in langs:
        for name in (lang + ".po", lang.split("_")[0] + ".po"):
            path = os.path.join(module_path, "i18n", name)
            if os.path.exists(path):
                load_po(path, lang)
                break


def set_request_lang(lang):
    _local.lang = lang


def translate(source, lang, *args, **kwargs):
    return _format(lookup(source, lang), source, args, kwargs)


def translate_module(module, source, lang, *args, **kwargs):
    """``translate`` with ``module``'s own catalogue first."""
    return _format(lookup(source, lang, module), source, args, kwargs)


def _format(text, source, args, kwargs):
    if args or kwargs:
        try:
            text = text % (kwargs or (args[0] if len(args) == 1 and isinstance(args[0], dict) else args))
        except (KeyError, TypeError, ValueError):
            _logger.warning("Bad translation %r for %r; using the source", text, source)
            text = source % (kwargs or args)
    return text


def lookup(source, lang, module=None):
    """Translation of ``source`` without formatting (labels of fields and selections), from
    ``module``'s catalogue when it has the term, else from the merged one."""
    if not lang or not isinstance(source, str):
        return source
    if module:
        own = _module_catalogs.get((lang, module))
        if own is not None and source in own:
            return own[source]
    return _catalogs.get(lang, {}).get(source, source)


def module_of(dotted_name):
    """The addon of a Python module name (``flectra.addons.<addon>.…``), or None."""
    if isinstance(dotted_name, str) and dotted_name.startswith(("flectra.addons.", "odoo.addons.")):
        return dotted_name.split(".", 3)[2]
    return None


def _frame_lang(frame):
    for name in ("self", "cls", "model", "record", "records"):
        obj = frame.f_locals.get(name)
        env = getattr(obj, "env", None)
        ctx = getattr(env, "context", None)
        if isinstance(ctx, dict):
            return ctx.get("lang"), True
    env = frame.f_locals.get("env")
    if env is not None and isinstance(getattr(env, "context", None), dict):
        return env.context.get("lang"), True
    ctx = frame.f_locals.get("context")
    if isinstance(ctx, dict):
        return ctx.get("lang"), True
    return None, False


def _(source, *args, **kwargs):
    """Translate ``source`` into the caller's language, then %-format it."""
    lang = None
    frame = inspect.currentframe().f_back
    try:
        lang, found = _frame_lang(frame)
        if not found:
            lang = getattr(_local, "lang", None)
        module = module_of(frame.f_globals.get("__name__"))
    finally:
        del frame
    return translate_module(module, source, lang, *args, **kwargs)


class LazyTranslate:
    """A string translated when it is rendered (module-level constants)."""

    def __init__(self, source):
        self.source = source
        frame = inspect.currentframe().f_back
        try:
            self.module = module_of(frame.f_globals.get("__name__"))
        finally:
            del frame

    def __str__(self):
        return lookup(self.source, getattr(_local, "lang", None), self.module)

    def __repr__(self):
        return "_lt(%r)" % self.source


_lt = LazyTranslate


#: attributes of view nodes that hold text shown to users
ARCH_TERM_ATTRIBUTES = ("string", "help", "placeholder", "title", "confirm", "sum")


def arch_terms(root):
    """The translatable terms of a view arch (an lxml element): text nodes and attributes."""
    terms = []
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        for text in (node.text, node.tail if node is not root else None):
            if text and text.strip():
                terms.append(text.strip())
        for attr in ARCH_TERM_ATTRIBUTES:
            value = node.get(attr)
            if value and value.strip():
                terms.append(value.strip())
    return terms


#: attribute that marks each node of a combined arch with the addon of the view it comes from
#: (set by ir.ui.view when asked for, removed by ``translate_arch``)
MODULE_ATTRIBUTE = "data-fz-module"


def _translate_text(text, lang, module=None):
    stripped = text.strip()
    if not stripped:
        return text
    translated = lookup(stripped, lang, module)
    if translated == stripped:
        return text
    start = text.index(stripped)
    return text[:start] + translated + text[start + len(stripped):]


def translate_arch(root, lang, module=None):
    """Translate the terms of a view arch in place (see ``arch_terms``), each node by the
    catalogue of the addon it came from (``MODULE_ATTRIBUTE``, else ``module``)."""
    nodes = [node for node in root.iter() if isinstance(node.tag, str)]
    # the element proxies are kept alive by ``nodes``, so getparent() finds the same keys
    modules = {node: node.attrib.pop(MODULE_ATTRIBUTE, None) or module for node in nodes}
    if not lang:
        return root
    for node in nodes:
        node_module = modules[node]
        if node.text:
            node.text = _translate_text(node.text, lang, node_module)
        if node.tail and node is not root:
            # a tail belongs to the parent's text flow
            node.tail = _translate_text(node.tail, lang, modules.get(node.getparent(), node_module))
        for attr in ARCH_TERM_ATTRIBUTES:
            value = node.get(attr)
            if value:
                node.set(attr, _translate_text(value, lang, node_module))
    return root
