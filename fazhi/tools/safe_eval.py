"""Evaluating the Python found in data: domains, ``eval=`` attributes, record rules, cron code.

That code is written by addon authors and administrators, not by the attacker on the web form,
but it still must not reach the interpreter's internals. The expression is parsed with
``ast`` and refused before it runs if it uses imports, dunder names or attributes, frame and
code attributes, attribute assignment, or the builtins that open a way out (``eval``,
``getattr``, ``open``...). It then runs with a short list of harmless builtins. Modules are
only reachable through :func:`wrap_module`, which exposes a chosen list of attributes.

    safe_eval("[('state', '=', s)]", {"s": "draft"})        # [('state', '=', 'draft')]
    scope = {}
    safe_eval("x = n + 1", {"n": 1}, scope, mode="exec", nocopy=True)   # scope == {'x': 2}
"""
import ast
import datetime as _datetime
import functools
import json as _json
import logging
import time as _time
import types

import dateutil.parser
import dateutil.relativedelta
import dateutil.rrule
import dateutil.tz
import pytz as _pytz

__all__ = ["safe_eval", "test_python_expr", "wrap_module", "datetime", "dateutil", "json", "pytz", "time"]

_logger = logging.getLogger(__name__)

#: Names refused even when the caller puts them in the context: each opens a way out.
_FORBIDDEN_NAMES = frozenset({
    "exec", "eval", "compile", "open", "getattr", "setattr", "delattr", "hasattr", "globals",
    "locals", "vars", "dir", "__import__", "breakpoint", "input", "help", "memoryview", "type",
    "super", "object", "classmethod", "staticmethod", "property",
})

#: Attributes of frames, generators and functions that lead back to globals or builtins.
_FORBIDDEN_ATTRIBUTES = frozenset({
    "f_builtins", "f_globals", "f_locals", "f_back", "f_code", "gi_frame", "gi_code",
    "gi_yieldfrom", "cr_frame", "cr_code", "ag_frame", "ag_code", "co_code", "func_globals",
    "func_code", "tb_frame", "tb_next", "mro",
})

#: Statements and expressions with no use in data code but a use in escaping it.
_FORBIDDEN_NODES = {
    ast.Import: "import",
    ast.ImportFrom: "import",
    ast.Global: "global",
    ast.Nonlocal: "nonlocal",
    ast.ClassDef: "class definition",
    ast.AsyncFunctionDef: "async function",
    ast.Await: "await",
    ast.AsyncFor: "async for",
    ast.AsyncWith: "async with",
    ast.With: "with",
    ast.Yield: "yield",
    ast.YieldFrom: "yield from",
    # class patterns read attributes by name (case C(__class__=x)), out of the checker's reach
    ast.Match: "match statement",
}

_IMPORTABLE = frozenset({"_strptime", "math", "time"})


def _restricted_import(name, globals=None, locals=None, fromlist=(), level=0):
    """What C code (``datetime.strptime``, ``date.today``) imports lazily; nothing else."""
    if name not in _IMPORTABLE or level:
        raise ImportError("import of %r is not allowed here" % name)
    return __import__(name, globals, locals, fromlist, level)


_BUILTINS = {
    "__import__": _restricted_import,
    "True": True,
    "False": False,
    "None": None,
    "abs": abs,
    "all": all,
    "any": any,
    "bool": bool,
    "bytes": bytes,
    "chr": chr,
    "dict": dict,
    "divmod": divmod,
    "enumerate": enumerate,
    "filter": filter,
    "float": float,
    "frozenset": frozenset,
    "int": int,
    "isinstance": isinstance,
    "len": len,
    "list": list,
    "map": map,
    "max": max,
    "min": min,
    "ord": ord,
    "range": range,
    "reduce": functools.reduce,
    "repr": repr,
    "reversed": reversed,
    "round": round,
    "set": set,
    "sorted": sorted,
    "str": str,
    "sum": sum,
    "tuple": tuple,
    "zip": zip,
    "Exception": Exception,
    "ArithmeticError": ArithmeticError,
    "AssertionError": AssertionError,
    "AttributeError": AttributeError,
    "IndexError": IndexError,
    "KeyError": KeyError,
    "LookupError": LookupError,
    "NotImplementedError": NotImplementedError,
    "RuntimeError": RuntimeError,
    "TypeError": TypeError,
    "ValueError": ValueError,
    "ZeroDivisionError": ZeroDivisionError,
}


class _Checker(ast.NodeVisitor):
    """Walks the parsed code and raises ValueError at the first forbidden construct."""

    def __init__(self, expr: str):
        self.expr = expr

    def refuse(self, node, what: str):
        line = getattr(node, "lineno", None)
        where = " (line %s)" % line if line and "\n" in self.expr.strip() else ""
        raise ValueError("safe_eval: %s is not allowed%s in %r" % (what, where, self.expr))

    def generic_visit(self, node):
        kind = _FORBIDDEN_NODES.get(type(node))
        if kind:
            self.refuse(node, kind)
        super().generic_visit(node)

    def visit_Name(self, node):
        if node.id.startswith("__") or node.id in _FORBIDDEN_NAMES:
            self.refuse(node, "name %r" % node.id)

    def visit_Attribute(self, node):
        if node.attr.startswith("__") or node.attr in _FORBIDDEN_ATTRIBUTES:
            self.refuse(node, "attribute %r" % node.attr)
        if not isinstance(node.ctx, ast.Load):
            # Models are changed through write(); setting attributes could rebind methods.
            self.refuse(node, "assigning or deleting attribute %r" % node.attr)
        self.visit(node.value)

    def _check_arg_names(self, node):
        args = node.args
        for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
            if arg is not None and arg.arg.startswith("__"):
                self.refuse(node, "argument name %r" % arg.arg)

    def visit_FunctionDef(self, node):
        if node.name.startswith("__") or node.name in _FORBIDDEN_NAMES:
            self.refuse(node, "function name %r" % node.name)
        self._check_arg_names(node)
        self.generic_visit(node)

    def visit_Lambda(self, node):
        self._check_arg_names(node)
        self.generic_visit(node)

    def visit_ExceptHandler(self, node):
        if node.name and node.name.startswith("__"):
            self.refuse(node, "name %r" % node.name)
        self.generic_visit(node)

    def visit_keyword(self, node):
        if node.arg and node.arg.startswith("__"):
            self.refuse(node, "keyword argument %r" % node.arg)
        self.generic_visit(node)


def _compile(expr: str, mode: str, filename: str | None):
    if not isinstance(expr, str):
        raise TypeError("safe_eval only evaluates source strings, not %s" % type(expr).__name__)
    if mode not in ("eval", "exec"):
        raise ValueError("safe_eval: mode must be 'eval' or 'exec', not %r" % mode)
    if mode == "eval":
        expr = expr.strip()
    tree = ast.parse(expr, filename or "<safe_eval>", mode)
    _Checker(expr).visit(tree)
    return compile(tree, filename or "<safe_eval>", mode)


def test_python_expr(expr: str, mode: str = "eval") -> str | bool:
    """Check ``expr`` without running it, for form validation of code fields.

    Args:
        expr: the source to check.
        mode: ``'eval'`` for an expression, ``'exec'`` for statements.

    Returns:
        False when the code is acceptable, else a one-line message saying why not.
    """
    try:
        _compile(expr, mode, None)
    except SyntaxError as exc:
        return "SyntaxError: %s at line %s" % (exc.msg, exc.lineno)
    except (TypeError, ValueError) as exc:
        return str(exc)
    return False


def _check_values(context: dict | None) -> None:
    if not context:
        return
    for key, value in context.items():
        if isinstance(value, types.ModuleType):
            raise TypeError("safe_eval: module %r given as %r; pass wrap_module(module, [names]) "
                            "or one of the wrapped modules of fazhi.tools.safe_eval" % (value.__name__, key))


def _passthrough_errors() -> tuple:
    """Errors that keep their type: user-facing errors and database conditions a caller retries."""
    from fazhi.exceptions import RedirectWarning, UserError
    errors = [UserError, RedirectWarning, ZeroDivisionError]
    try:
        from fazhi.sql import ConcurrencyError, IntegrityError
        errors += [ConcurrencyError, IntegrityError]
    except ImportError:  # the SQL layer is optional for pure evaluations
        pass
    try:
        import psycopg2
        errors.append(psycopg2.Error)
    except ImportError:
        pass
    return tuple(errors)


def safe_eval(expr: str, globals_dict: dict | None = None, locals_dict: dict | None = None,
              mode: str = "eval", nocopy: bool = False, locals_builtins: bool = False,
              filename: str | None = None):
    """Evaluate data-defined Python with restricted names, attributes and builtins.

    Args:
        expr: the source: an expression (``mode='eval'``) or statements (``mode='exec'``).
        globals_dict: names the code may read; copied first unless ``nocopy``.
        locals_dict: names the code may read, and where ``exec`` code assigns; copied first
            unless ``nocopy`` (pass ``nocopy=True`` to read assignments back).
        mode: ``'eval'`` or ``'exec'``.
        nocopy: evaluate in the given dicts themselves instead of copies.
        locals_builtins: also put the safe builtins in ``locals_dict``.
        filename: name shown in tracebacks.

    Returns:
        The value of the expression (``None`` in exec mode).

    Raises:
        ValueError: a forbidden construct (import, dunder, forbidden builtin or attribute,
            attribute assignment), or any error while running that is not one of the
            user-facing or database errors below.
        SyntaxError: the source is not valid Python.
        TypeError: ``expr`` is not a string, or a context value is a raw module.
        UserError, RedirectWarning, ZeroDivisionError, database errors: raised unchanged.
    """
    if not nocopy:
        globals_dict = dict(globals_dict) if globals_dict is not None else None
        locals_dict = dict(locals_dict) if locals_dict is not None else None
    _check_values(globals_dict)
    _check_values(locals_dict)
    code = _compile(expr, mode, filename)
    if globals_dict is None:
        globals_dict = {}
    globals_dict["__builtins__"] = dict(_BUILTINS)
    if locals_builtins:
        if locals_dict is None:
            locals_dict = {}
        locals_dict.update(_BUILTINS)
    try:
        return eval(code, globals_dict, locals_dict)  # noqa: S307 - the code was checked above
    except _passthrough_errors():
        raise
    except Exception as exc:
        raise ValueError("%s: %s while evaluating %r" % (type(exc).__name__, exc, expr)) from exc


class WrappedModule:
    """A stand-in for a module that exposes only the listed attributes."""

    def __init__(self, module: types.ModuleType, attributes):
        self._repr = "<wrapped %r>" % module.__name__
        for name in attributes:
            value = getattr(module, name)
            if isinstance(value, types.ModuleType):
                sub = attributes[name] if isinstance(attributes, dict) else None
                if not sub:
                    raise ValueError("wrap_module: submodule %s.%s needs its own attribute list"
                                     % (module.__name__, name))
                value = WrappedModule(value, sub)
            setattr(self, name, value)

    def __repr__(self):
        return self._repr


def wrap_module(module: types.ModuleType, attributes) -> WrappedModule:
    """Expose only some attributes of a module to evaluated code.

    Args:
        module: the imported module.
        attributes: names to expose; a dict maps a submodule's name to its own attributes.

    Returns:
        An object with exactly those attributes, safe to put in a safe_eval context.

    Raises:
        AttributeError: a listed attribute does not exist on the module.
        ValueError: a submodule is listed without its own attribute list.
    """
    return WrappedModule(module, attributes)


datetime = wrap_module(_datetime, ["date", "datetime", "time", "timedelta", "timezone", "tzinfo",
                                   "MAXYEAR", "MINYEAR"])
time = wrap_module(_time, ["time", "strptime", "strftime", "gmtime", "localtime", "mktime",
                           "asctime", "ctime", "timezone", "altzone", "daylight", "tzname"])
dateutil = wrap_module(dateutil, {
    "parser": ["parse", "parserinfo", "isoparse", "ParserError"],
    "relativedelta": ["relativedelta", "weekday", "MO", "TU", "WE", "TH", "FR", "SA", "SU"],
    "rrule": ["rrule", "rruleset", "rrulestr", "YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY",
              "MINUTELY", "SECONDLY", "MO", "TU", "WE", "TH", "FR", "SA", "SU"],
    "tz": ["gettz", "tzutc", "tzlocal", "tzoffset", "UTC"],
})
json = wrap_module(_json, ["loads", "dumps", "JSONDecodeError"])
pytz = wrap_module(_pytz, ["timezone", "utc", "UTC", "all_timezones", "common_timezones",
                           "country_timezones", "UnknownTimeZoneError", "FixedOffset"])
