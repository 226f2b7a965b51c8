"""View modifiers and decorations as JSON expression trees the web client evaluates.

Expressions of view attributes (``invisible="state != 'draft'"``, F2 ``attrs="{...}"`` domains,
``states="a,b"``, ``decoration-danger="due < current_date"``) are parsed with Python's ``ast``
module and translated into the small grammar of the web client contract::

    {"c": const}  {"n": name}  {"not": e}  {"and": [e, ...]}  {"or": [e, ...]}
    {"cmp": "==|!=|<|<=|>|>=|in|not in", "l": e, "r": e}  {"list": [e, ...]}
    {"if": test, "then": e, "else": e}

Names are field names of the record, ``parent.<field>``, ``context.<key>``, ``uid`` and
``context_today`` (today's date string). Anything else raises ``ExpressionError`` — at view
validation, so that it never reaches a user.
"""
import ast

MODIFIERS = ("invisible", "readonly", "required", "column_invisible")
DECORATIONS = ("bf", "it", "danger", "info", "muted", "primary", "success", "warning", "secondary")

_CMP = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
        ast.In: "in", ast.NotIn: "not in", ast.Is: "==", ast.IsNot: "!="}
_DOMAIN_OPS = {"=": "==", "==": "==", "!=": "!=", "<>": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">=",
               "in": "in", "not in": "not in"}
_TODAY_NAMES = ("current_date", "today", "context_today")


class ExpressionError(ValueError):
    """An expression the web client grammar cannot express."""


def _const_value(node):
    """The Python constant of ``node`` (also tuples/lists of constants), else raise."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float, bool, type(None))):
        return node.value
    if isinstance(node, (ast.Tuple, ast.List)):
        return [_const_value(elt) for elt in node.elts]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant) \
            and isinstance(node.operand.value, (int, float)) and not isinstance(node.operand.value, bool):
        return -node.operand.value
    raise ExpressionError("not a constant")


def _context_key(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    raise ExpressionError("context keys must be strings")


def _convert(node):
    try:
        return {"c": _const_value(node)}
    except ExpressionError:
        pass
    if isinstance(node, ast.Name):
        if node.id in _TODAY_NAMES:
            return {"n": "context_today"}
        return {"n": node.id}
    if isinstance(node, ast.Attribute):
        if isinstance(node.value, ast.Name) and node.value.id == "parent":
            return {"n": "parent.%s" % node.attr}
        if isinstance(node.value, ast.Name) and node.value.id == "context":
            return {"n": "context.%s" % node.attr}
        if isinstance(node.value, ast.Attribute) and isinstance(node.value.value, ast.Name) \
                and node.value.value.id == "parent":
            raise ExpressionError("only one level of parent.<field> is supported")
        raise ExpressionError("attribute access %s" % ast.unparse(node))
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "context":
        return {"n": "context.%s" % _context_key(node.slice)}
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name) and func.id == "context_today" and not node.args:
            return {"n": "context_today"}
        if isinstance(func, ast.Attribute) and func.attr == "strftime" and isinstance(func.value, ast.Call) \
                and isinstance(func.value.func, ast.Name) and func.value.func.id == "context_today":
            return {"n": "context_today"}
        if isinstance(func, ast.Attribute) and func.attr == "get" and isinstance(func.value, ast.Name) \
                and func.value.id == "context" and 1 <= len(node.args) <= 2 and not node.keywords:
            key = {"n": "context.%s" % _context_key(node.args[0])}
            if len(node.args) == 2:
                default = _convert(node.args[1])
                if default not in ({"c": None}, {"c": False}):
                    return {"if": key, "then": key, "else": default}
            return key
        if isinstance(func, ast.Name) and func.id == "bool" and len(node.args) == 1:
            return {"not": {"not": _convert(node.args[0])}}
        raise ExpressionError("function call %s" % ast.unparse(node))
    if isinstance(node, ast.BoolOp):
        return {"and" if isinstance(node.op, ast.And) else "or": [_convert(v) for v in node.values]}
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return {"not": _convert(node.operand)}
    if isinstance(node, ast.Compare):
        parts, left = [], node.left
        for op, right in zip(node.ops, node.comparators):
            if type(op) not in _CMP:
                raise ExpressionError("operator %s" % type(op).__name__)
            parts.append({"cmp": _CMP[type(op)], "l": _convert(left), "r": _convert(right)})
            left = right
        return parts[0] if len(parts) == 1 else {"and": parts}
    if isinstance(node, (ast.List, ast.Tuple)):
        return {"list": [_convert(elt) for elt in node.elts]}
    if isinstance(node, ast.IfExp):
        return {"if": _convert(node.test), "then": _convert(node.body), "else": _convert(node.orelse)}
    raise ExpressionError("%s is not supported" % type(node).__name__)


def _parse(expr):
    if not isinstance(expr, str):
        raise ExpressionError("expression must be a string")
    try:
        return ast.parse(expr.strip(), mode="eval").body
    except SyntaxError as exc:
        raise ExpressionError("syntax error: %s" % exc.msg) from None


def convert_expression(expr):
    """The AST of the Python expression ``expr`` (a string). Raises ExpressionError."""
    text = (expr or "").strip()
    if text in ("1", "True", "true"):
        return {"c": True}
    if text in ("", "0", "False", "false", "None"):
        return {"c": False}
    return _convert(_parse(text))


def convert_domain(domain):
    """The AST of an F2 ``attrs`` domain: a list (or its ast node) in Polish notation."""
    node = _parse(domain) if isinstance(domain, str) else domain
    if isinstance(node, ast.Constant) and isinstance(node.value, bool):
        return {"c": node.value}
    if not isinstance(node, (ast.List, ast.Tuple)):
        raise ExpressionError("a domain must be a list")
    items = list(node.elts)
    if not items:
        return {"c": True}
    stack = []
    for item in reversed(items):
        if isinstance(item, ast.Constant) and item.value in ("&", "|", "!"):
            if item.value == "!":
                if not stack:
                    raise ExpressionError("'!' without operand")
                stack.append({"not": stack.pop()})
            else:
                if len(stack) < 2:
                    raise ExpressionError("%r needs two operands" % item.value)
                first, second = stack.pop(), stack.pop()
                stack.append({"and" if item.value == "&" else "or": [first, second]})
            continue
        stack.append(_domain_term(item))
    # leaves without an explicit operator are AND-ed together
    result = stack[::-1]
    return result[0] if len(result) == 1 else {"and": result}


def _domain_term(item):
    if not isinstance(item, (ast.Tuple, ast.List)) or len(item.elts) != 3:
        raise ExpressionError("domain terms are (field, operator, value)")
    left, op, right = item.elts
    if isinstance(left, ast.Constant) and left.value in (0, 1) and isinstance(right, ast.Constant) \
            and right.value in (0, 1):
        return {"c": left.value == right.value}   # TRUE_LEAF / FALSE_LEAF
    if not (isinstance(left, ast.Constant) and isinstance(left.value, str)):
        raise ExpressionError("domain field must be a string")
    if not (isinstance(op, ast.Constant) and op.value in _DOMAIN_OPS):
        raise ExpressionError("domain operator %s" % ast.unparse(op))
    return {"cmp": _DOMAIN_OPS[op.value], "l": {"n": left.value}, "r": _convert(right)}


def convert_attrs(attrs):
    """``{modifier: AST}`` of an F2 ``attrs="{'invisible': [domain], ...}"`` value."""
    node = _parse(attrs)
    if not isinstance(node, ast.Dict):
        raise ExpressionError("attrs must be a dictionary")
    result = {}
    for key, value in zip(node.keys, node.values):
        if not (isinstance(key, ast.Constant) and key.value in MODIFIERS):
            raise ExpressionError("unknown attrs key %s" % (ast.unparse(key) if key is not None else "**"))
        result[key.value] = convert_domain(value)
    return result


def states_expression(states):
    """``states="a,b"``: visible only in those states, i.e. invisible when state is not in them."""
    values = [s.strip() for s in (states or "").split(",") if s.strip()]
    return {"cmp": "not in", "l": {"n": "state"}, "r": {"c": values}}


def _or(first, second):
    if first is None:
        return second
    if first == {"c": True} or second == {"c": True}:
        return {"c": True}
    if first == {"c": False}:
        return second
    if second == {"c": False}:
        return first
    return {"or": [first, second]}


def node_modifiers(node):
    """``{modifier: AST}`` of an lxml node's ``invisible``/``readonly``/… , ``attrs`` and ``states``."""
    result = {}
    for name in MODIFIERS:
        if node.get(name) is not None:
            result[name] = convert_expression(node.get(name))
    if node.get("attrs"):
        for name, value in convert_attrs(node.get("attrs")).items():
            result[name] = _or(result.get(name), value)
    if node.get("states"):
        result["invisible"] = _or(result.get("invisible"), states_expression(node.get("states")))
    return result


def node_decorations(node):
    """``{decoration: AST}`` of the ``decoration-*`` attributes of a node."""
    result = {}
    for key, value in node.attrib.items():
        if key.startswith("decoration-"):
            name = key[len("decoration-"):]
            if name not in DECORATIONS:
                raise ExpressionError("unknown decoration %s" % key)
            result[name] = convert_expression(value)
    return result


def names_used(tree, into=None):
    """Record field names (no ``parent.``/``context.``/``uid``/today) an AST refers to."""
    into = set() if into is None else into
    if isinstance(tree, dict):
        if "n" in tree:
            name = tree["n"]
            if "." not in name and name not in ("uid", "context_today"):
                into.add(name)
        for key, value in tree.items():
            if key != "n":
                names_used(value, into)
    elif isinstance(tree, list):
        for value in tree:
            names_used(value, into)
    return into
