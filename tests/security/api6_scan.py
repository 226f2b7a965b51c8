"""AST scanner behind API-6 (see test_api_6_static_rules.py for the rules and the allowlist)."""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

RULES = ("eval", "safe_eval", "sql-format", "sudo", "route-csrf-false", "route-auth-none",
         "route-auth-public", "route-dynamic")

_EVAL_BUILTINS = {"eval", "exec", "compile"}
_EXECUTE_METHODS = {"execute", "executemany", "executescript"}


@dataclass(frozen=True)
class Hit:
    path: str  # relative to the repository root, with "/"
    line: int
    rule: str
    qualname: str
    detail: str


class _Scanner(ast.NodeVisitor):
    def __init__(self, path: str, sql_helpers: dict[str, str]):
        self.path = path
        self.sql_helpers = sql_helpers
        self.hits: list[Hit] = []
        self.scope: list[str] = []
        self.functions: list[ast.AST] = []  # enclosing function nodes, innermost last
        self.safe_eval_names = {"safe_eval"}  # local aliases of a safe_eval function
        self.safe_eval_modules: set[str] = set()  # local names bound to a safe_eval module
        self.imported: set[str] = set()  # names bound by imports (modules, functions)
        self.module_values: dict[str, list[ast.AST] | None] = {}  # module-level bindings

    def visit_Module(self, node: ast.Module) -> None:
        for stmt in node.body:
            if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        if stmt.value is not None:
                            self.module_values.setdefault(target.id, []).append(stmt.value)
                    else:
                        for sub in ast.walk(target):
                            if isinstance(sub, ast.Name):
                                self.module_values[sub.id] = None
        self.generic_visit(node)

    # -- scopes -----------------------------------------------------------------------------
    @property
    def qualname(self) -> str:
        return ".".join(self.scope) or "<module>"

    def _hit(self, node: ast.AST, rule: str, detail: str) -> None:
        self.hits.append(Hit(self.path, node.lineno, rule, self.qualname, detail))

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    def visit_FunctionDef(self, node) -> None:
        # decorators count for the function they decorate
        self.scope.append(node.name)
        self.functions.append(node)
        self.generic_visit(node)
        self.functions.pop()
        self.scope.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.scope.append("<lambda>")
        self.generic_visit(node)
        self.scope.pop()

    # -- imports: any alias of safe_eval, from any module ---------------------------------------
    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            local = alias.asname or alias.name
            self.imported.add(local)
            if alias.name == "safe_eval":
                # `from x import safe_eval`: the function (from x.safe_eval) or the module (from tools)
                self.safe_eval_names.add(local)
                self.safe_eval_modules.add(local)
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.imported.add(alias.asname or alias.name.split(".")[0])
            if alias.name.split(".")[-1] == "safe_eval":
                self.safe_eval_modules.add(alias.asname or alias.name.split(".")[0])
        self.generic_visit(node)

    # -- calls --------------------------------------------------------------------------------
    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Name):
            if func.id in _EVAL_BUILTINS:
                self._hit(node, "eval", f"{func.id}()")
            elif func.id in self.safe_eval_names:
                self._hit(node, "safe_eval", f"{func.id}()")
            elif func.id == "route":
                self._check_route(node)
        elif isinstance(func, ast.Attribute):
            owner = func.value
            if isinstance(owner, ast.Name) and owner.id == "builtins" and func.attr in _EVAL_BUILTINS:
                self._hit(node, "eval", f"builtins.{func.attr}()")
            elif func.attr == "safe_eval":
                self._hit(node, "safe_eval", f"{ast.unparse(func)}()")
            elif func.attr == "sudo":
                self._hit(node, "sudo", ".sudo()")
            elif func.attr == "route":
                self._check_route(node)
            elif func.attr in _EXECUTE_METHODS and node.args and not (
                    isinstance(owner, ast.Name) and owner.id in self.imported):
                # `module.execute(...)` of an imported module is a function, not a cursor
                self._check_sql(node, func.attr)
        for kw in node.keywords:
            if kw.arg == "su" and not (isinstance(kw.value, ast.Constant) and kw.value.value is False):
                self._hit(node, "sudo", f"su={ast.unparse(kw.value)}")
        self.generic_visit(node)

    def _check_route(self, node: ast.Call) -> None:
        for kw in node.keywords:
            if kw.arg not in ("csrf", "auth"):
                continue
            value = kw.value
            if not isinstance(value, ast.Constant):
                self._hit(node, "route-dynamic", f"{kw.arg}={ast.unparse(value)}")
            elif kw.arg == "csrf" and value.value is False:
                self._hit(node, "route-csrf-false", "csrf=False")
            elif kw.arg == "auth" and value.value in ("none", "public"):
                self._hit(node, f"route-auth-{value.value}", f"auth={value.value!r}")

    # -- SQL ------------------------------------------------------------------------------------
    def _check_sql(self, node: ast.Call, method: str) -> None:
        query = node.args[0]
        if isinstance(query, ast.Constant) and isinstance(query.value, str):
            return
        problem = self._unsafe_sql(query, depth=0)
        if problem:
            self._hit(node, "sql-format", f".{method}({problem})")

    def _assignments(self, name: str) -> list[ast.AST] | None:
        """Values bound to `name` in the innermost enclosing function; None when it is bound
        elsewhere (a parameter, a global, a loop variable …)."""
        if not self.functions:
            return None
        func = self.functions[-1]
        values: list[ast.AST] = []
        for sub in ast.walk(func):
            if isinstance(sub, ast.Assign):
                for target in sub.targets:
                    if isinstance(target, ast.Name) and target.id == name:
                        values.append(sub.value)
                    elif isinstance(target, (ast.Tuple, ast.List)) and any(
                            isinstance(t, ast.Name) and t.id == name for t in ast.walk(target)):
                        return None
            elif isinstance(sub, (ast.AnnAssign, ast.AugAssign)) and isinstance(sub.target, ast.Name) \
                    and sub.target.id == name:
                if sub.value is None:
                    continue
                values.append(sub.value)
            elif isinstance(sub, (ast.For, ast.comprehension, ast.With, ast.NamedExpr)):
                targets = [sub.target] if hasattr(sub, "target") else \
                    [item.optional_vars for item in sub.items if item.optional_vars]
                for target in targets:
                    if any(isinstance(t, ast.Name) and t.id == name for t in ast.walk(target)):
                        return None
        args = func.args
        if any(a.arg == name for a in args.posonlyargs + args.args + args.kwonlyargs):
            return None
        return values or None

    def _bound_in_function(self, name: str) -> bool:
        if not self.functions:
            return False
        func = self.functions[-1]
        args = func.args
        params = args.posonlyargs + args.args + args.kwonlyargs + [a for a in (args.vararg, args.kwarg) if a]
        if any(a.arg == name for a in params):
            return True
        return any(isinstance(sub, ast.Name) and sub.id == name and isinstance(sub.ctx, ast.Store)
                   for sub in ast.walk(func))

    def _unsafe_sql(self, expr: ast.AST, depth: int) -> str | None:
        """Why `expr` is not a fixed SQL text (None when it is: literals, literal pieces joined,
        or only calls of a reviewed quoting helper put in)."""
        if depth > 8:
            return "too deep to follow"
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return None
        if isinstance(expr, ast.JoinedStr):
            bad = [v for v in expr.values if isinstance(v, ast.FormattedValue)
                   and not self._safe_piece(v.value, depth)]
            return "f-string" if bad else None
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            return self._unsafe_sql(expr.left, depth + 1) and "concatenation" or \
                (self._unsafe_sql(expr.right, depth + 1) and "concatenation")
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mod):
            if self._unsafe_sql(expr.left, depth + 1):
                return "% formatting"
            pieces = expr.right.elts if isinstance(expr.right, ast.Tuple) else \
                list(expr.right.values) if isinstance(expr.right, ast.Dict) else [expr.right]
            return None if all(self._safe_piece(p, depth) for p in pieces) else "% formatting"
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "format":
            if self._unsafe_sql(expr.func.value, depth + 1):
                return ".format()"
            pieces = list(expr.args) + [kw.value for kw in expr.keywords]
            return None if all(self._safe_piece(p, depth) for p in pieces) else ".format()"
        if isinstance(expr, ast.Call) and self._helper_call(expr) == "transform":
            pieces = list(expr.args) + [kw.value for kw in expr.keywords]
            return None if all(self._safe_piece(p, depth) for p in pieces) else "reviewed helper on a computed text"
        if isinstance(expr, ast.IfExp):
            return self._unsafe_sql(expr.body, depth + 1) or self._unsafe_sql(expr.orelse, depth + 1)
        if isinstance(expr, ast.Name):
            values = self._assignments(expr.id)
            if values is None and not self._bound_in_function(expr.id):
                values = self.module_values.get(expr.id)
            if values is None:
                return f"name {expr.id!r} bound outside this function"
            for value in values:
                why = self._unsafe_sql(value, depth + 1)
                if why:
                    return f"name {expr.id!r} built by {why}"
            return None
        return f"computed: {type(expr).__name__}"

    def _helper_call(self, expr: ast.Call) -> str | None:
        """The kind of the reviewed SQL helper `expr` calls: "quote" (its result is safe SQL whatever
        it is given: a checked, quoted identifier or placeholders) or "transform" (its result is as
        safe as its arguments: a placeholder-style rewrite); None when it calls no reviewed helper."""
        func = expr.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        return self.sql_helpers.get(name)

    def _safe_piece(self, expr: ast.AST, depth: int) -> bool:
        if isinstance(expr, ast.Constant):
            return True
        if isinstance(expr, ast.Call):
            func = expr.func
            name = func.attr if isinstance(func, ast.Attribute) else None
            if self._helper_call(expr) == "quote":
                return True  # a reviewed helper: quotes an identifier or makes placeholders
            if name == "join" and isinstance(func, ast.Attribute) and len(expr.args) == 1 \
                    and self._unsafe_sql(func.value, depth + 1) is None and _constant_items(expr.args[0]):
                return True  # ", ".join(["%s"] * n): placeholders, the values stay bound
        if isinstance(expr, ast.Name):
            values = self._assignments(expr.id)
            if values is None and not self._bound_in_function(expr.id):
                values = self.module_values.get(expr.id)
            return values is not None and depth < 8 and all(self._safe_piece(v, depth + 1) for v in values)
        return self._unsafe_sql(expr, depth + 1) is None


def _constant_items(expr: ast.AST) -> bool:
    """A list of constants, maybe repeated: `["%s"] * len(ids)`, `("%s", "%s")`."""
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mult):
        return _constant_items(expr.left) or _constant_items(expr.right)
    return isinstance(expr, (ast.List, ast.Tuple)) and all(isinstance(e, ast.Constant) for e in expr.elts)


def scan_source(source: str, path: str, sql_helpers=None) -> list[Hit]:
    """The hits of one file; `sql_helpers` maps reviewed helper names to "quote" or "transform"."""
    tree = ast.parse(source, filename=path)
    scanner = _Scanner(path, dict(sql_helpers or {}))
    scanner.visit(tree)
    return scanner.hits


def in_scope(rel: str) -> bool:
    """Shipped code only: an addon's tests/ folder is test code, like the repository's tests/."""
    parts = rel.split("/")
    return not (parts[0] == "addons" and "tests" in parts[2:-1])


def scan_tree(root: Path, top_dirs=("addons", "fazhi"), sql_helpers=None) -> list[Hit]:
    hits: list[Hit] = []
    for top in top_dirs:
        for file in sorted((root / top).rglob("*.py")):
            rel = file.relative_to(root).as_posix()
            if not in_scope(rel):
                continue
            hits.extend(scan_source(file.read_text(encoding="utf-8"), rel, sql_helpers))
    return hits
