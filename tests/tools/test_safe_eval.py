"""safe_eval: data-defined Python runs, escapes into the interpreter are refused before running."""
import datetime as real_datetime
import os

import pytest

from fazhi.exceptions import UserError
from fazhi.tools import safe_eval as safe_eval_module
from fazhi.tools.safe_eval import safe_eval, test_python_expr as check_expr, wrap_module


@pytest.mark.parametrize("expr,expected", [
    ("[('state', '=', 'draft'), ('id', 'in', [1, 2])]", [("state", "=", "draft"), ("id", "in", [1, 2])]),
    ("{'default_type': 'ordinary', 'active_test': False}", {"default_type": "ordinary", "active_test": False}),
    ("  1 + 2 * 3  ", 7),
    ("sorted(set([3, 1, 3]))", [1, 3]),
    ("[x * 2 for x in range(3) if x]", [2, 4]),
    ("{k: v for k, v in zip('ab', (1, 2))}", {"a": 1, "b": 2}),
    ("(lambda a, b=2: a + b)(1)", 3),
    ("sum(x for x in [1, 2, 3])", 6),
    ("isinstance(1, int) and not isinstance('a', int)", True),
    ("f'{1 + 1}-{\"x\"}'", "2-x"),
    ("'%s/%s' % (1, 2)", "1/2"),
])
def test_ordinary_expressions_work(expr, expected):
    assert safe_eval(expr) == expected


def test_context_names_are_visible():
    assert safe_eval("[('user_id', '=', uid)]", {"uid": 7}) == [("user_id", "=", 7)]


def test_locals_shadow_globals():
    assert safe_eval("x", {"x": 1}, {"x": 2}) == 2


@pytest.mark.parametrize("expr", [
    "__import__('os')",
    "().__class__.__bases__[0].__subclasses__()",
    "x.__dict__",
    "__builtins__",
    "getattr(x, 'y')",
    "setattr(x, 'y', 1)",
    "eval('1')",
    "exec('1')",
    "compile('1', '', 'eval')",
    "open('/etc/passwd')",
    "globals()",
    "locals()",
    "vars()",
    "type(x)",
    "(i for i in ()).gi_frame",
    "(lambda: 1).func_globals",
])
def test_forbidden_expressions_are_refused(expr):
    with pytest.raises(ValueError, match="not allowed"):
        safe_eval(expr, {"x": object()})


@pytest.mark.parametrize("code", [
    "import os",
    "from os import path",
    "x.y = 1",
    "del x.y",
    "x.y += 1",
    "for x.y in [1]: pass",
    "global g",
    "class A: pass",
    "def __init__(self): pass",
    "def f(__x): pass",
    "with x: pass",
    "def g():\n    yield 1",
    "match x:\n    case str(__class__=c): pass",
    "try:\n    pass\nexcept Exception as __e:\n    pass",
    "f(__x=1)",
])
def test_forbidden_statements_are_refused(code):
    with pytest.raises(ValueError, match="not allowed"):
        safe_eval(code, {"x": object(), "f": dict}, mode="exec")


def test_refusal_happens_before_anything_runs():
    """Code with a forbidden part is refused whole: its harmless first statement never runs."""
    scope = {"calls": []}
    with pytest.raises(ValueError):
        safe_eval("calls.append(1)\nimport os", scope, mode="exec", nocopy=True)
    assert scope["calls"] == []


def test_exec_mode_assigns_into_locals():
    scope = {}
    safe_eval("x = n + 1\nfor i in range(2):\n    x += i\ny = [x]", {"n": 1}, scope, mode="exec", nocopy=True)
    assert scope["x"] == 3 and scope["y"] == [3]


def test_exec_mode_copies_by_default():
    scope = {}
    safe_eval("x = 1", {}, scope, mode="exec")
    assert scope == {}


def test_exec_mode_allows_functions_and_exceptions():
    scope = {}
    code = (
        "def double(v):\n"
        "    return v * 2\n"
        "try:\n"
        "    result = double(int('x'))\n"
        "except ValueError:\n"
        "    result = double(2)\n"
    )
    safe_eval(code, scope, mode="exec", nocopy=True)
    assert scope["result"] == 4


def test_private_methods_are_allowed():
    """Cron code calls private model methods such as model._cron_escalate()."""
    class Model:
        def _cron_escalate(self):
            return "done"
    assert safe_eval("model._cron_escalate()", {"model": Model()}) == "done"


def test_runtime_errors_become_value_errors():
    with pytest.raises(ValueError, match="NameError"):
        safe_eval("missing_name + 1")


def test_user_errors_pass_through():
    def boom():
        raise UserError("stop")
    with pytest.raises(UserError, match="stop"):
        safe_eval("boom()", {"boom": boom})


def test_zero_division_passes_through():
    with pytest.raises(ZeroDivisionError):
        safe_eval("1 / 0")


def test_syntax_errors_are_reported():
    with pytest.raises(SyntaxError):
        safe_eval("[1, 2")


def test_raw_modules_are_refused_in_context():
    with pytest.raises(TypeError, match="wrap_module"):
        safe_eval("os.getcwd()", {"os": os})


def test_code_objects_are_refused():
    with pytest.raises(TypeError):
        safe_eval(compile("1", "", "eval"))


def test_wrapped_modules_expose_only_listed_names():
    wrapped = wrap_module(os, ["sep"])
    assert safe_eval("m.sep", {"m": wrapped}) == os.sep
    with pytest.raises(ValueError, match="AttributeError"):
        safe_eval("m.system('true')", {"m": wrapped})


def test_prewrapped_modules():
    ctx = {name: getattr(safe_eval_module, name) for name in ("datetime", "time", "dateutil", "json", "pytz")}
    assert safe_eval("datetime.date(2026, 1, 31) + datetime.timedelta(days=1)", ctx) == real_datetime.date(2026, 2, 1)
    assert safe_eval("(datetime.date(2026, 1, 31) + dateutil.relativedelta.relativedelta(months=1)).day", ctx) == 28
    assert safe_eval("json.loads('[1]')", ctx) == [1]
    assert safe_eval("pytz.timezone('Asia/Shanghai').zone", ctx) == "Asia/Shanghai"
    assert isinstance(safe_eval("time.strftime('%Y')", ctx), str)
    with pytest.raises(ValueError):
        safe_eval("time.sleep(0)", ctx)


def test_check_without_running():
    assert check_expr("[('a', '=', 1)]") is False
    assert "not allowed" in check_expr("__import__('os')")
    assert check_expr("[1,").startswith("SyntaxError")


def test_c_level_lazy_imports_work_but_code_cannot_import():
    """date.today()/strptime import helpers lazily; the sandbox allows exactly those."""
    from fazhi.tools.safe_eval import safe_eval, datetime as wrapped_datetime
    assert safe_eval("datetime.datetime.strptime('2026-01-02', '%Y-%m-%d').day", {"datetime": wrapped_datetime}) == 2
    assert safe_eval("datetime.date.today().year > 2000", {"datetime": wrapped_datetime})
    with pytest.raises(ValueError):
        safe_eval("__import__('os')")
