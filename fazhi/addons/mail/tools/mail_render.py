"""Placeholders in mail templates: ``{{ object.field.path }}``, nothing else.

    render("Case {{ object.name }} for {{ object.partner_id.name or 'nobody' }}", resolve)

A placeholder is ``object`` followed by dotted field names (letters, digits and ``_``, never a
leading underscore), optionally ``or '<literal>'`` used when the value is empty. Calls,
subscripts, dunder names and any other Python are refused with :class:`TemplateError`, so a
template editor cannot run code. ``resolve(path)`` turns a path into a display string.
"""
import re

_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.S)
_EXPRESSION = re.compile(
    r"""^\s*object((?:\.[A-Za-z][A-Za-z0-9_]*)*)\s*(?:\bor\s+(?:'([^'\\]*)'|"([^"\\]*)"))?\s*$""")


class TemplateError(ValueError):
    """A placeholder is not a plain field path."""


def parse_placeholder(expression):
    """``(path tuple, default)`` for the text between ``{{`` and ``}}``; TemplateError otherwise."""
    match = _EXPRESSION.match(expression)
    if not match:
        raise TemplateError("Unsupported placeholder {{%s}}: only {{ object.field.path }} "
                            "(optionally followed by or 'text') is allowed" % expression)
    path = tuple(name for name in match.group(1).split(".") if name)
    default = match.group(2) if match.group(2) is not None else (match.group(3) or "")
    return path, default


def render(template, resolve, escape=str):
    """Replace every placeholder of ``template`` by ``escape(resolve(path) or default)``.

    Args:
        template: the template text (may be empty or False).
        resolve: callable ``path tuple -> str`` (empty string for an empty value).
        escape: applied to each substituted value (``markupsafe.escape`` for HTML bodies).

    Returns:
        The rendered text ('' for an empty template).

    Raises:
        TemplateError: a placeholder is not a plain field path.
    """
    if not template:
        return ""

    def substitute(match):
        path, default = parse_placeholder(match.group(1))
        value = resolve(path)
        return str(escape(value if value not in (None, False, "") else default))

    return _PLACEHOLDER.sub(substitute, template)
