"""API-6 (security-reliability.md; ASVS 1.3.2, 8.3.1): static rules over the shipped code.

Every ``.py`` under ``addons/`` and ``fazhi/`` is parsed with ``ast`` (comments and strings never
count). Out of scope: ``scripts/``, ``tests/`` and each addon's ``tests/`` folder (test code, not
shipped behaviour). Rules (tests/security/api6_scan.py):

- ``eval``: calls of the builtins ``eval``, ``exec``, ``compile`` (``re.compile`` is another function);
- ``safe_eval``: calls of ``safe_eval`` however imported (``from … import safe_eval as x``,
  ``safe_eval_module.safe_eval``);
- ``sql-format``: an ``.execute``/``.executemany``/``.executescript`` call whose query is not fixed
  text: an f-string, ``%``, ``.format``, ``+`` or a name bound to one of those or bound elsewhere
  (a parameter). Fixed text is a literal, literals joined, placeholders (``", ".join(["%s"] * n)``),
  module constants, and the results of the reviewed SQL helpers (``helper`` lines below);
- ``sudo``: ``.sudo(…)`` calls and ``su=True`` environments;
- ``route-csrf-false``, ``route-auth-none``, ``route-auth-public``, ``route-dynamic``: a ``route(…)``
  (``http.route`` decorator) with ``csrf=False``, ``auth='none'``, ``auth='public'``, or a computed one.

The reviewed list is tests/security/api6_allowlist.txt, one line per (file, rule, function) with the
number of uses in that function and why each is acceptable. The test fails on a hit not listed, on
a function with more (or fewer) uses than listed, and on a listed line with no hit left.
"""
from __future__ import annotations

import ast
import collections
import importlib.util
import sys
import textwrap
from pathlib import Path

import pytest


def _load_scanner():
    # tests/ is no package: load the scanner next to this file by path
    name = "fazhi_tests_api6_scan"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("api6_scan.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module   # dataclasses look the module up while it executes
        spec.loader.exec_module(module)
    return sys.modules[name]


api6_scan = _load_scanner()
RULES, scan_source, scan_tree = api6_scan.RULES, api6_scan.scan_source, api6_scan.scan_tree

ROOT = Path(__file__).resolve().parents[2]
ALLOWLIST = Path(__file__).with_name("api6_allowlist.txt")
PORTAL_CONTROLLERS = ROOT / "addons" / "fuyi_portal" / "controllers"
PORTAL_MODELS = ROOT / "addons" / "fuyi_portal" / "models"


# --- the allowlist -------------------------------------------------------------------------------
def load_allowlist(text: str):
    """(entries {(path, rule, qualname): (count, reason, line no)}, helpers {name: (kind, path, line no)})."""
    entries, helpers, errors = {}, {}, []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|", 4)]
        if parts[0] == "helper":
            if len(parts) != 5 or parts[2] not in ("quote", "transform") or not parts[4]:
                errors.append(f"line {number}: want 'helper | name | quote/transform | path | reason'")
                continue
            helpers[parts[1]] = (parts[2], parts[3], number)
            continue
        if len(parts) != 5 or not parts[3].isdigit() or int(parts[3]) < 1 or len(parts[4]) < 15:
            errors.append(f"line {number}: want 'path | rule | qualname | count | reason' (a real reason)")
            continue
        path, rule, qualname, count, reason = parts
        if rule not in RULES:
            errors.append(f"line {number}: unknown rule {rule!r} (one of {', '.join(RULES)})")
        if (path, rule, qualname) in entries:
            errors.append(f"line {number}: {path} | {rule} | {qualname} is listed twice")
        entries[(path, rule, qualname)] = (int(count), reason, number)
    return entries, helpers, errors


def compare(hits, entries):
    """Problems, each a readable paragraph: unlisted hits, wrong counts, stale lines."""
    grouped = collections.defaultdict(list)
    for hit in hits:
        grouped[(hit.path, hit.rule, hit.qualname)].append(hit)
    problems = []
    for key in sorted(grouped.keys() - entries.keys()):
        found = grouped[key]
        where = "\n".join(f"    {h.path}:{h.line}  {h.rule}  {h.qualname}  {h.detail}" for h in found)
        problems.append(f"not reviewed:\n{where}\n  review each use; if acceptable add to {ALLOWLIST.name}:\n"
                        f"    {key[0]} | {key[1]} | {key[2]} | {len(found)} | <why it is acceptable>")
    for key in sorted(grouped.keys() & entries.keys()):
        count, _reason, number = entries[key]
        found = grouped[key]
        if len(found) != count:
            lines = ", ".join(str(h.line) for h in found)
            verb = "more" if len(found) > count else "fewer"
            problems.append(f"{ALLOWLIST.name}:{number}: {' | '.join(key)} lists {count}, the code has "
                            f"{len(found)} ({verb}; lines {lines}): review the change and set the count")
    for key in sorted(entries.keys() - grouped.keys()):
        problems.append(f"{ALLOWLIST.name}:{entries[key][2]}: stale, no {key[1]} hit left in "
                        f"{key[0]} {key[2]}: remove the line")
    return problems


@pytest.fixture(scope="module")
def allowlist():
    entries, helpers, errors = load_allowlist(ALLOWLIST.read_text(encoding="utf-8"))
    assert not errors, "\n".join(errors)
    return entries, helpers


def test_api_6_every_hit_is_reviewed(allowlist):
    entries, helpers = allowlist
    hits = scan_tree(ROOT, sql_helpers={name: kind for name, (kind, _p, _n) in helpers.items()})
    assert hits, "the scan found nothing at all: it is not looking at the code"
    problems = compare(hits, entries)
    assert not problems, "API-6 static rules:\n\n" + "\n\n".join(problems)


def test_api_6_sql_helpers_exist(allowlist):
    """A listed SQL helper must still be a function of the file named (else the line is stale)."""
    _entries, helpers = allowlist
    stale = []
    for name, (_kind, path, number) in helpers.items():
        file = ROOT / path
        defined = file.exists() and any(
            isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))))
        if not defined:
            stale.append(f"{ALLOWLIST.name}:{number}: helper {name} is not defined in {path}")
    assert not stale, "\n".join(stale)


# --- the scanner itself ----------------------------------------------------------------------------
def _rules(source, helpers=None):
    return sorted((h.rule, h.qualname) for h in scan_source(textwrap.dedent(source), "x.py", helpers))


def test_api_6_comments_and_strings_do_not_count():
    assert _rules('''
        # self.env.cr.execute(f"SELECT {x}") ; eval(x) ; record.sudo()
        HELP = "call .sudo() or eval(x) or cr.execute('a' + b)"
        def f(cr):
            """cr.execute("SELECT %s" % name)"""
            cr.execute("SELECT id FROM res_partner WHERE name = %s", ["x"])
            cr.execute("SELECT a " "FROM b")
            return re.compile("x"), ast.literal_eval("1")
    ''') == []


@pytest.mark.parametrize("body, detail", [
    ('cr.execute(f"SELECT * FROM {table}")', "f-string"),
    ('cr.execute("SELECT * FROM %s" % table)', "% formatting"),
    ('cr.execute("SELECT * FROM {}".format(table))', ".format()"),
    ('cr.execute("SELECT * FROM " + table)', "concatenation"),
    ('query = "SELECT * FROM %s" % table\n    cr.execute(query)', "built by % formatting"),
    ('cr.execute(table)', "bound outside this function"),
    ('self.env.cr.executemany("DELETE FROM " + table, rows)', "concatenation"),
    ('cnx.executescript(open(table).read())', "computed: Call"),
])
def test_api_6_formatted_sql_is_found(body, detail):
    hits = scan_source(f"def f(cr, cnx, self, table, rows):\n    {body}\n", "x.py")
    assert [h.rule for h in hits] == ["sql-format"]
    assert detail in hits[0].detail
    assert hits[0].qualname == "f"


def test_api_6_fixed_sql_and_reviewed_helpers_pass():
    source = '''
        TABLE = "queue_job"
        def f(cr, ids, name):
            marks = ", ".join(["%s"] * len(ids))
            cr.execute("SELECT id FROM %s WHERE id IN (%s)" % (TABLE, marks), ids)
            cr.execute("SELECT 1 FROM " + "x" if ids else "y")
            cr.execute('SELECT id FROM %s' % quote(name))
            cr.execute(to_qmark("SELECT id FROM t WHERE id = %s"), ids)
            jobs.execute(cr, name)
    '''
    # without the helpers listed, the quoted identifier and the rewrite are hits
    assert _rules("import jobs\n" + textwrap.dedent(source)) == [("sql-format", "f"), ("sql-format", "f")]
    helpers = {"quote": "quote", "to_qmark": "transform"}
    assert _rules("import jobs\n" + textwrap.dedent(source), helpers) == []
    # a transform helper is only as safe as what it is given
    assert _rules("def g(cr, q):\n    cr.execute(to_qmark(q))\n", helpers) == [("sql-format", "g")]


def test_api_6_eval_safe_eval_sudo_and_routes_are_found():
    source = '''
        import builtins
        from flectra.tools.safe_eval import safe_eval as se
        from fazhi.tools import safe_eval as safe_eval_module
        from flectra import http

        class C(http.Controller):
            @http.route("/a", auth="public")
            def a(self):
                return se("1"), safe_eval_module.safe_eval("2")

            @http.route("/b", auth="none", csrf=False)
            def b(self):
                return eval("1"), exec("x = 1"), builtins.compile("1", "f", "eval")

            @route("/c", auth=AUTH)
            def c(self, env):
                return env["res.partner"].sudo().search([]), env(su=True), env(su=False)

            @http.route("/d", auth="user")
            def d(self):
                return 1
    '''
    assert _rules(source) == [
        ("eval", "C.b"), ("eval", "C.b"), ("eval", "C.b"),
        ("route-auth-none", "C.b"), ("route-auth-public", "C.a"), ("route-csrf-false", "C.b"),
        ("route-dynamic", "C.c"),
        ("safe_eval", "C.a"), ("safe_eval", "C.a"),
        ("sudo", "C.c"), ("sudo", "C.c"),
    ]


def test_api_6_compare_reports_unlisted_grown_and_stale():
    hits = scan_source("def f(r):\n    r.sudo()\n    r.sudo()\n\ndef g(r):\n    r.sudo()\n", "m.py")
    entries = {("m.py", "sudo", "f"): (1, "reason", 3), ("m.py", "sudo", "h"): (1, "reason", 4)}
    problems = compare(hits, entries)
    assert len(problems) == 3
    assert "not reviewed" in problems[0] and "m.py:6" in problems[0] and "m.py | sudo | g | 1 |" in problems[0]
    assert "lists 1, the code has 2" in problems[1]
    assert "stale" in problems[2] and " h" in problems[2]
    assert compare(hits, {("m.py", "sudo", "f"): (2, "r", 1), ("m.py", "sudo", "g"): (1, "r", 2)}) == []


def test_api_6_allowlist_format_is_checked():
    _entries, _helpers, errors = load_allowlist(
        "a.py | sudo | f | 2 | reads the company's own settings\n"
        "a.py | sudo | g | two | reason long enough here\n"
        "a.py | sudoo | h | 1 | reason long enough here\n"
        "a.py | sudo | k | 1 | ok\n"
        "helper | quote | maybe | fazhi/sql/dialect.py | quotes\n")
    assert len(errors) == 4


def test_api_6_addon_tests_are_out_of_scope():
    assert api6_scan.in_scope("addons/fuyi_case/models/fuyi_case.py")
    assert api6_scan.in_scope("fazhi/orm/models.py")
    assert not api6_scan.in_scope("addons/fuyi_case/tests/test_security.py")


# --- the public portal: sudo only to reach the reviewed _portal_* methods ---------------------------
def portal_sudo_misuse(source: str, path: str) -> list[str]:
    """Uses of a sudo() recordset in a controller module other than calling a ``_portal_*`` method on
    it. A sudo recordset may be kept in a local name, returned from a helper of the module, passed to
    a helper of the module (its parameter is then followed), tested for None/emptiness, or narrowed
    with browse()/with_context() first; anything else (a field read, a search, a write) is a misuse."""
    tree = ast.parse(source, filename=path)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    funcs = {node.name: node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    tainted = {name: set() for name in funcs}   # function -> local names holding a sudo recordset
    returns_sudo: set[str] = set()

    def func_of(node):
        while node in parents:
            node = parents[node]
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return node.name
        return None

    def callee(call):
        f = call.func
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "self":
            return f.attr if f.attr in funcs else None
        return f.id if isinstance(f, ast.Name) and f.id in funcs else None

    def is_sudo(expr, fname):
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute):
            if expr.func.attr == "sudo":
                return True
            if expr.func.attr in ("browse", "with_context") and is_sudo(expr.func.value, fname):
                return True
        if isinstance(expr, ast.Call) and callee(expr) in returns_sudo:
            return True
        return isinstance(expr, ast.Name) and fname is not None and expr.id in tainted[fname]

    changed = True
    while changed:
        changed = False
        for node in ast.walk(tree):
            fname = func_of(node)
            if isinstance(node, ast.Assign) and fname and is_sudo(node.value, fname):
                for target in node.targets:
                    if isinstance(target, ast.Name) and target.id not in tainted[fname]:
                        tainted[fname].add(target.id)
                        changed = True
            elif isinstance(node, ast.Return) and fname and node.value is not None \
                    and is_sudo(node.value, fname) and fname not in returns_sudo:
                returns_sudo.add(fname)
                changed = True
            elif isinstance(node, ast.Call) and callee(node):
                target = funcs[callee(node)]
                params = [a.arg for a in target.args.args if a.arg != "self"]
                for index, arg in enumerate(node.args):
                    if index < len(params) and is_sudo(arg, fname) and params[index] not in tainted[target.name]:
                        tainted[target.name].add(params[index])
                        changed = True

    misuse = []
    for node in ast.walk(tree):
        fname = func_of(node)
        if not isinstance(node, (ast.Call, ast.Name)) or not is_sudo(node, fname):
            continue
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            continue
        parent = parents.get(node)
        if isinstance(parent, ast.Attribute) and parent.value is node:
            grand = parents.get(parent)
            if parent.attr.startswith("_portal_") and isinstance(grand, ast.Call) and grand.func is parent:
                continue
            if parent.attr in ("browse", "with_context") and isinstance(grand, ast.Call) and grand.func is parent:
                continue   # the narrowed recordset is checked in its turn
        elif isinstance(parent, (ast.Assign, ast.Return)):
            continue
        elif isinstance(parent, ast.Compare) and all(isinstance(op, (ast.Is, ast.IsNot)) for op in parent.ops):
            continue
        elif isinstance(parent, (ast.If, ast.UnaryOp, ast.BoolOp)) and not (
                isinstance(parent, ast.BoolOp) and parents.get(parent) is not None
                and not isinstance(parents.get(parent), (ast.If, ast.UnaryOp, ast.BoolOp))):
            continue   # a truth test
        elif isinstance(parent, ast.Call) and node in parent.args and callee(parent):
            continue   # followed into the helper's parameter
        misuse.append(f"{path}:{node.lineno} in {fname}: {ast.unparse(parent if parent is not None else node)[:120]}")
    return misuse


def test_api_6_portal_misuse_check_catches_field_reads():
    bad = '''
        class P:
            def _opened(self):
                return request.env["fuyi.portal.application"].sudo().browse(7)
            def page(self):
                application = self._opened()
                if application is None:
                    return None
                return self._show(application)
            def _show(self, application):
                application._portal_status()
                return application.mobile
            def other(self):
                return request.env["res.partner"].sudo().search([])._portal_x()
    '''
    found = portal_sudo_misuse(textwrap.dedent(bad), "c.py")
    assert len(found) == 2
    assert any("application.mobile" in line and "_show" in line for line in found)
    assert any(".sudo().search" in line and "other" in line for line in found)


def test_api_6_portal_controllers_use_sudo_only_for_portal_methods():
    files = sorted(PORTAL_CONTROLLERS.glob("*.py"))
    assert files, "the portal's controllers are gone: update this test"
    misuse = []
    called = set()
    for file in files:
        source = file.read_text(encoding="utf-8")
        misuse += portal_sudo_misuse(source, file.relative_to(ROOT).as_posix())
        called |= {node.attr for node in ast.walk(ast.parse(source))
                   if isinstance(node, ast.Attribute) and node.attr.startswith("_portal_")}
    assert not misuse, ("the portal's controllers use a sudo() recordset other than through a reviewed "
                        "_portal_* method:\n" + "\n".join(misuse))
    # every _portal_* method the controllers call is defined by the portal's own models (reviewed there)
    defined = {node.name for file in PORTAL_MODELS.glob("*.py")
               for node in ast.walk(ast.parse(file.read_text(encoding="utf-8")))
               if isinstance(node, ast.FunctionDef)}
    assert called, "no _portal_* call found in the controllers"
    assert not called - defined, f"_portal_* methods called but not defined in {PORTAL_MODELS}: {called - defined}"
