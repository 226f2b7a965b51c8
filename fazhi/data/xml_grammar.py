"""Flectra's data-file grammar (``import_xml.rng``), checked in Python before loading.

Flectra validates every XML data file against a RelaxNG grammar and aborts the install on an
unknown element or attribute. The same rules are re-stated here as code, so that a refusal
names the line and says what is wrong instead of printing a RelaxNG trace::

    root = parse_xml("/srv/addons/fuyi_case/security/fuyi_case_groups.xml")   # or ParseError
"""
import re

from lxml import etree

from . import ParseError, describe_error

ROOTS = ("flectra", "openerp", "data")
FIELD_TYPES = ("char", "int", "float", "list", "tuple", "xml", "html", "base64", "file")

#: element -> (required attributes, optional attributes)
ATTRIBUTES = {
    "root": ((), ("noupdate", "context", "uid", "auto_sequence")),
    "record": (("model",), ("id", "forcecreate", "context", "uid")),
    "field": (("name",), ("type", "ref", "eval", "search", "model", "use", "file")),
    "value": ((), ("name", "model", "search", "eval", "type", "file", "use")),
    "function": (("model", "name"), ("eval", "context", "uid")),
    "menuitem": (("id",), ("name", "parent", "action", "sequence", "groups", "web_icon", "active")),
    "delete": (("model",), ("id", "search")),
    "act_window": (("id", "name", "res_model"), (
        "domain", "context", "view_id", "view_mode", "target", "groups", "limit", "usage",
        "binding_model", "binding_type", "binding_views")),
    "report": (("string", "model", "name"), (
        "id", "print_report_name", "report_type", "multi", "menu", "keyword", "file", "xml",
        "parser", "auto", "header", "attachment", "attachment_use", "groups", "paperformat", "usage")),
    "template": ((), (
        "id", "t-name", "name", "forcecreate", "context", "priority", "key", "website_id", "track",
        "inherit_id", "primary", "groups", "active", "customize_show")),
}
TOP_LEVEL = ("record", "menuitem", "template", "delete", "act_window", "report", "function") + ROOTS
_INT = re.compile(r"^\s*[-+]?\d+\s*$")
_VIEW_TYPES = re.compile(r"^([a-z]+(,[a-z]+)*)?$")


class _Invalid(Exception):
    def __init__(self, node, message):
        super().__init__(message)
        self.node = node


def elements(node):
    """Child elements of ``node``; comments and processing instructions are not content."""
    for child in node:
        if isinstance(child, etree._Entity):
            raise _Invalid(child, "entity references are not allowed in data files")
        if isinstance(child.tag, str):
            yield child


def _has_text(node) -> bool:
    return bool((node.text or "").strip()) or any((c.tail or "").strip() for c in node)


def _check_attributes(node, kind: str) -> None:
    required, optional = ATTRIBUTES[kind]
    for name in node.attrib:
        if name not in required and name not in optional:
            raise _Invalid(node, "attribute %r is not allowed on <%s>" % (name, node.tag))
    for name in required:
        if not node.get(name):
            raise _Invalid(node, "<%s> needs a %r attribute" % (node.tag, name))


def _check_no_content(node, what: str = "") -> None:
    if _has_text(node):
        raise _Invalid(node, "<%s> may not contain text%s" % (node.tag, what))
    for child in elements(node):
        raise _Invalid(child, "<%s> is not allowed inside <%s>" % (child.tag, node.tag))


def _exclusive(node, names) -> list:
    present = [name for name in names if node.get(name) is not None]
    if len(present) > 1:
        raise _Invalid(node, "<%s> takes only one of %s" % (node.tag, ", ".join(present)))
    return present


def _check_value(node) -> None:
    """Check a <field> or <value>: its value comes from exactly one source."""
    source = _exclusive(node, ("ref", "eval", "search", "file"))
    ftype = node.get("type")
    if ftype is not None and ftype not in FIELD_TYPES:
        raise _Invalid(node, "type %r is not one of %s" % (ftype, ", ".join(FIELD_TYPES)))
    if node.tag == "value" and "search" in source and not node.get("model"):
        raise _Invalid(node, "<value search=...> needs a 'model'")
    if node.get("use") is not None and "search" not in source:
        raise _Invalid(node, "'use' goes with 'search' only")
    if node.get("model") is not None and not ({"eval", "search"} & set(source)):
        raise _Invalid(node, "'model' goes with 'eval' or 'search' only")
    if ftype and source and source != ["file"]:
        raise _Invalid(node, "type=%r cannot be combined with %r" % (ftype, source[0]))
    if source == ["file"] and ftype not in (None, "char", "base64", "file"):
        raise _Invalid(node, "'file' goes with type char, base64 or file only")
    children = list(elements(node))
    if ftype in ("xml", "html"):
        if node.tag == "value" or not children:
            raise _Invalid(node, "type=%r needs element children" % ftype)
        return
    if ftype in ("list", "tuple"):
        if node.tag == "value" or not children or _has_text(node):
            raise _Invalid(node, "type=%r needs <value> children only" % ftype)
        for child in children:
            if child.tag != "value":
                raise _Invalid(child, "<%s> is not allowed in a %s; use <value>" % (child.tag, ftype))
            _check_attributes(child, "value")
            _check_value(child)
        return
    if source:
        _check_no_content(node, " when it has %r" % source[0])
        return
    for child in children:
        raise _Invalid(child, "<%s> is not allowed inside <%s> (use type=\"xml\" for markup)"
                       % (child.tag, node.tag))
    text = (node.text or "").strip()
    if ftype == "int" and not (_INT.match(text) or text == "None"):
        raise _Invalid(node, "type=\"int\" needs an integer, not %r" % text)
    if ftype == "float":
        try:
            float(text)
        except ValueError:
            raise _Invalid(node, "type=\"float\" needs a number, not %r" % text) from None


def _check_menuitem(node, nested: bool) -> None:
    _check_attributes(node, "menuitem")
    if node.get("sequence") is not None and not _INT.match(node.get("sequence")):
        raise _Invalid(node, "menuitem sequence must be an integer, not %r" % node.get("sequence"))
    if nested and (node.get("parent") is not None or node.get("web_icon") is not None):
        raise _Invalid(node, "a nested <menuitem> takes its parent from its position, "
                             "and has no 'parent' or 'web_icon'")
    children = list(elements(node))
    if node.get("parent") is not None and node.get("action") and children:
        raise _Invalid(node, "a <menuitem> with a parent has either an action or submenus")
    if _has_text(node):
        raise _Invalid(node, "<menuitem> may not contain text")
    for child in children:
        if child.tag != "menuitem":
            raise _Invalid(child, "<%s> is not allowed inside <menuitem>" % child.tag)
        _check_menuitem(child, nested=True)


def _check_function(node) -> None:
    _check_attributes(node, "function")
    children = list(elements(node))
    if node.get("eval") is not None and children:
        raise _Invalid(node, "<function> takes either 'eval' or <value> children")
    if _has_text(node):
        raise _Invalid(node, "<function> may not contain text")
    for child in children:
        if child.tag == "function":
            _check_function(child)
        elif child.tag == "value":
            _check_attributes(child, "value")
            _check_value(child)
        else:
            raise _Invalid(child, "<%s> is not allowed inside <function>" % child.tag)


def _check_element(node) -> None:
    tag = node.tag
    if tag in ROOTS:
        _check_root(node)
    elif tag == "record":
        _check_attributes(node, "record")
        if node.get("forcecreate") is not None and node.get("id") is None:
            raise _Invalid(node, "'forcecreate' needs an 'id'")
        if _has_text(node):
            raise _Invalid(node, "<record> may not contain text")
        for child in elements(node):
            if child.tag != "field":
                raise _Invalid(child, "<%s> is not allowed inside <record>; use <field>" % child.tag)
            _check_attributes(child, "field")
            _check_value(child)
    elif tag == "menuitem":
        _check_menuitem(node, nested=False)
    elif tag == "function":
        _check_function(node)
    elif tag == "delete":
        _check_attributes(node, "delete")
        if len(_exclusive(node, ("id", "search"))) != 1:
            raise _Invalid(node, "<delete> needs an 'id' or a 'search'")
        _check_no_content(node)
    elif tag == "act_window":
        _check_attributes(node, "act_window")
        if node.get("binding_type") not in (None, "action", "report"):
            raise _Invalid(node, "binding_type must be 'action' or 'report'")
        if not _VIEW_TYPES.match(node.get("binding_views") or ""):
            raise _Invalid(node, "binding_views must be view types separated by commas")
        if node.get("binding_model") is None and (
                node.get("binding_type") is not None or node.get("binding_views") is not None):
            raise _Invalid(node, "binding_type and binding_views need a binding_model")
        _check_no_content(node)
    elif tag == "report":
        _check_attributes(node, "report")
        _check_no_content(node)
    elif tag == "template":
        _check_attributes(node, "template")
        primary = node.get("primary")
        if primary is not None and (primary != "True" or node.get("inherit_id") is None):
            raise _Invalid(node, "primary=\"True\" goes with an inherit_id only")
    else:
        raise _Invalid(node, "unknown element <%s>" % tag)


def _check_root(node) -> None:
    _check_attributes(node, "root")
    for child in elements(node):
        if child.tag not in TOP_LEVEL:
            raise _Invalid(child, "unknown element <%s> in <%s>" % (child.tag, node.tag))
        _check_element(child)


def parse_xml(path: str):
    """Parse and check a data file against Flectra's data grammar.

    Args:
        path: the XML file.

    Returns:
        The root element (``<flectra>``, ``<openerp>`` or ``<data>``).

    Raises:
        ParseError: malformed XML, a DOCTYPE, an ``<odoo>`` or other root, an unknown
            element or attribute, or a value of the wrong shape; names the line.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False, remove_blank_text=False)
    try:
        tree = etree.parse(path, parser)
    except etree.XMLSyntaxError as exc:
        raise ParseError(path, exc.lineno, "malformed XML: %s" % exc.msg) from None
    except OSError as exc:
        raise ParseError(path, 1, describe_error(exc)) from None
    root = tree.getroot()
    if tree.docinfo.doctype:
        raise ParseError(path, 1, "a DOCTYPE is not allowed in data files")
    if root.tag == "odoo":
        raise ParseError(path, root.sourceline,
                         "root element <odoo> is refused by Flectra; use <flectra>")
    if root.tag not in ROOTS:
        raise ParseError(path, root.sourceline,
                         "root element must be <flectra>, <openerp> or <data>, not <%s>" % root.tag)
    try:
        _check_root(root)
    except _Invalid as exc:
        raise ParseError(path, exc.node.sourceline, str(exc)) from None
    return root
