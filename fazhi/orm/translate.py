"""Translations: ``_()`` and field labels from each addon's ``i18n/<lang>.po`` (Babel).

``_(source, *args, **kw)`` finds the language of the calling code's environment (``self.env``,
``env`` or ``context`` in the caller's frame, like Flectra), else the language of the current
request, and applies %-formatting after translating.
"""
import inspect
import logging
import os
import threading

_logger = logging.getLogger(__name__)

_catalogs = {}          # lang -> {msgid: msgstr}, merged over all loaded addons
_loaded_files = set()
_local = threading.local()

DEFAULT_LANG = "zh_CN"


def load_po(path: str, lang: str) -> None:
    """Merge one .po file into the catalog of ``lang`` (idempotent)."""
    key = (os.path.abspath(path), lang)
    if key in _loaded_files:
        return
    from babel.messages.pofile import read_po
    with open(path, "rb") as fp:
        catalog = read_po(fp, locale=None)
    table = _catalogs.setdefault(lang, {})
    for message in catalog:
        if message.id and message.string and not message.fuzzy:
            msgid = message.id[0] if isinstance(message.id, tuple) else message.id
            msgstr = message.string[0] if isinstance(message.string, tuple) else message.string
            if msgstr:
                table[msgid] = msgstr
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
    text = _catalogs.get(lang, {}).get(source, source) if lang else source
    if args or kwargs:
        try:
            text = text % (kwargs or (args[0] if len(args) == 1 and isinstance(args[0], dict) else args))
        except (KeyError, TypeError, ValueError):
            _logger.warning("Bad translation %r for %r; using the source", text, source)
            text = source % (kwargs or args)
    return text


def lookup(source, lang):
    """Translation of ``source`` without formatting (labels of fields and selections)."""
    if not lang or not isinstance(source, str):
        return source
    return _catalogs.get(lang, {}).get(source, source)


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
    finally:
        del frame
    return translate(source, lang, *args, **kwargs)


class LazyTranslate:
    """A string translated when it is rendered (module-level constants)."""

    def __init__(self, source):
        self.source = source

    def __str__(self):
        return translate(self.source, getattr(_local, "lang", None))

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


def _translate_text(text, lang):
    stripped = text.strip()
    if not stripped:
        return text
    translated = lookup(stripped, lang)
    if translated == stripped:
        return text
    start = text.index(stripped)
    return text[:start] + translated + text[start + len(stripped):]


def translate_arch(root, lang):
    """Translate the terms of a view arch in place (see ``arch_terms``)."""
    if not lang:
        return root
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        if node.text:
            node.text = _translate_text(node.text, lang)
        if node.tail and node is not root:
            node.tail = _translate_text(node.tail, lang)
        for attr in ARCH_TERM_ATTRIBUTES:
            value = node.get(attr)
            if value:
                node.set(attr, _translate_text(value, lang))
    return root
