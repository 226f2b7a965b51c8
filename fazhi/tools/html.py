"""HTML sanitising for Html fields: keep formatting, drop scripts, handlers and foreign URLs."""
from lxml import etree
from lxml.html import fragments_fromstring, tostring

_ALLOWED_TAGS = {
    "a", "b", "blockquote", "br", "code", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "u", "ul", "img", "font", "small", "caption", "col", "colgroup",
}
_ALLOWED_ATTRS = {"href", "src", "alt", "title", "class", "colspan", "rowspan", "style", "target",
                  "data-oe-model", "data-oe-id", "width", "height", "align", "color"}
_SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:", "/", "#", "data:image/")


def _clean(el):
    for child in list(el):
        if not isinstance(child.tag, str):
            el.remove(child)
            continue
        tag = child.tag.lower()
        if tag in ("script", "style", "iframe", "object", "embed", "form", "input", "meta", "link",
                   "base", "svg", "math", "frame", "frameset"):
            tail = child.tail
            el.remove(child)
            if tail:
                el.text = (el.text or "") + tail
            continue
        if tag not in _ALLOWED_TAGS:
            child.tag = "span"
        for attr in list(child.attrib):
            value = child.attrib[attr].strip().lower().replace(" ", "")
            if attr.lower() not in _ALLOWED_ATTRS or attr.lower().startswith("on"):
                del child.attrib[attr]
            elif attr in ("href", "src") and not value.startswith(_SAFE_SCHEMES):
                del child.attrib[attr]
            elif attr == "style" and ("expression(" in value or "url(" in value):
                del child.attrib[attr]
        _clean(child)


def html_sanitize(src: str) -> str:
    """Return ``src`` with dangerous markup removed; plain text is escaped."""
    if not src or not src.strip():
        return src
    try:
        parts = fragments_fromstring(src)
    except (etree.ParserError, ValueError):
        from markupsafe import escape
        return str(escape(src))
    wrapper = etree.Element("div")
    for part in parts:
        if isinstance(part, str):
            if len(wrapper):
                wrapper[-1].tail = (wrapper[-1].tail or "") + part
            else:
                wrapper.text = (wrapper.text or "") + part
        else:
            wrapper.append(part)
    _clean(wrapper)
    out = (wrapper.text and _esc(wrapper.text) or "") + "".join(
        tostring(child, encoding="unicode", method="html") for child in wrapper)
    return out


def _esc(text):
    from markupsafe import escape
    return str(escape(text))


def html2plaintext(html: str) -> str:
    if not html:
        return ""
    try:
        parts = fragments_fromstring(html)
    except (etree.ParserError, ValueError):
        return html
    texts = []
    for part in parts:
        texts.append(part if isinstance(part, str) else part.text_content())
    return "\n".join(t.strip() for t in texts if t and t.strip())
