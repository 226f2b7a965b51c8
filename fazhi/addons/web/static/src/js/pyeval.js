// A small, safe evaluator for the Python expressions found in actions and views: domains,
// contexts, `options="{...}"`. Literals, names looked up in an evaluation context, tuples/lists/
// dicts, `not`/`and`/`or`, comparisons, unary minus and a few date helpers. No eval().

const TOKEN = /\s*(?:(\d+\.\d*|\.\d+|\d+)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|([A-Za-z_][A-Za-z0-9_]*)|(==|!=|<=|>=|[-+*/%()[\]{},:.<>=]))/y;

function tokenize(text) {
    const tokens = [];
    TOKEN.lastIndex = 0;
    let pos = 0;
    while (pos < text.length) {
        if (/^\s*$/.test(text.slice(pos))) break;
        TOKEN.lastIndex = pos;
        const m = TOKEN.exec(text);
        if (!m) throw new SyntaxError("Cannot parse expression at: " + text.slice(pos, pos + 20));
        pos = TOKEN.lastIndex;
        if (m[1] !== undefined) tokens.push({ t: "num", v: Number(m[1]) });
        else if (m[2] !== undefined) tokens.push({ t: "str", v: unquote(m[2]) });
        else if (m[3] !== undefined) tokens.push({ t: "name", v: m[3] });
        else tokens.push({ t: "op", v: m[4] });
    }
    return tokens;
}

function unquote(s) {
    const body = s.slice(1, -1);
    return body.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_m, e) => {
        if (e[0] === "u" || e[0] === "x") return String.fromCharCode(parseInt(e.slice(1), 16));
        return { n: "\n", t: "\t", r: "\r", "0": "\0" }[e] ?? e;
    });
}

class Parser {
    constructor(tokens) { this.tokens = tokens; this.i = 0; }
    peek() { return this.tokens[this.i]; }
    next() { return this.tokens[this.i++]; }
    isOp(v) { const t = this.peek(); return t && t.t === "op" && t.v === v; }
    isName(v) { const t = this.peek(); return t && t.t === "name" && t.v === v; }
    expect(v) {
        const t = this.next();
        if (!t || t.v !== v) throw new SyntaxError("Expected " + v);
    }
    parse() {
        const node = this.orExpr();
        if (this.i < this.tokens.length) throw new SyntaxError("Unexpected token " + this.peek().v);
        return node;
    }
    orExpr() {
        let left = this.andExpr();
        while (this.isName("or")) { this.next(); left = { k: "or", a: left, b: this.andExpr() }; }
        return left;
    }
    andExpr() {
        let left = this.notExpr();
        while (this.isName("and")) { this.next(); left = { k: "and", a: left, b: this.notExpr() }; }
        return left;
    }
    notExpr() {
        if (this.isName("not")) { this.next(); return { k: "not", a: this.notExpr() }; }
        return this.comparison();
    }
    comparison() {
        let left = this.additive();
        for (;;) {
            const t = this.peek();
            if (t && t.t === "op" && ["==", "!=", "<", "<=", ">", ">="].includes(t.v)) {
                this.next();
                left = { k: "cmp", op: t.v, a: left, b: this.additive() };
            } else if (this.isName("in")) {
                this.next();
                left = { k: "cmp", op: "in", a: left, b: this.additive() };
            } else if (this.isName("not") && this.tokens[this.i + 1] && this.tokens[this.i + 1].v === "in") {
                this.i += 2;
                left = { k: "cmp", op: "not in", a: left, b: this.additive() };
            } else {
                return left;
            }
        }
    }
    additive() {
        let left = this.unary();
        while (this.isOp("+") || this.isOp("-")) {
            const op = this.next().v;
            left = { k: "arith", op, a: left, b: this.unary() };
        }
        return left;
    }
    unary() {
        if (this.isOp("-")) { this.next(); return { k: "neg", a: this.unary() }; }
        if (this.isOp("+")) { this.next(); return this.unary(); }
        return this.postfix();
    }
    postfix() {
        let node = this.primary();
        for (;;) {
            if (this.isOp(".")) {
                this.next();
                const name = this.next();
                if (!name || name.t !== "name") throw new SyntaxError("Expected attribute name");
                node = { k: "attr", a: node, name: name.v };
            } else if (this.isOp("(")) {
                this.next();
                const args = [];
                const kwargs = {};
                while (!this.isOp(")")) {
                    const t = this.peek();
                    const after = this.tokens[this.i + 1];
                    if (t && t.t === "name" && after && after.t === "op" && after.v === "=") {
                        this.i += 2;
                        kwargs[t.v] = this.orExpr();
                    } else {
                        args.push(this.orExpr());
                    }
                    if (!this.isOp(")")) this.expect(",");
                }
                this.next();
                node = { k: "call", f: node, args, kwargs };
            } else if (this.isOp("[")) {
                this.next();
                const index = this.orExpr();
                this.expect("]");
                node = { k: "index", a: node, i: index };
            } else {
                return node;
            }
        }
    }
    sequence(close) {
        const items = [];
        let trailingComma = false;
        while (!this.isOp(close)) {
            items.push(this.orExpr());
            trailingComma = false;
            if (this.isOp(",")) { this.next(); trailingComma = true; } else break;
        }
        this.expect(close);
        return { items, trailingComma };
    }
    primary() {
        const t = this.next();
        if (!t) throw new SyntaxError("Unexpected end of expression");
        if (t.t === "num" || t.t === "str") {
            let value = t.v;
            // implicit string concatenation 'a' 'b'
            while (t.t === "str" && this.peek() && this.peek().t === "str") value += this.next().v;
            return { k: "const", v: value };
        }
        if (t.t === "name") {
            if (t.v === "True") return { k: "const", v: true };
            if (t.v === "False") return { k: "const", v: false };
            if (t.v === "None") return { k: "const", v: null };
            return { k: "name", v: t.v };
        }
        if (t.v === "(") {
            const { items, trailingComma } = this.sequence(")");
            if (items.length === 1 && !trailingComma) return items[0];
            return { k: "list", items };
        }
        if (t.v === "[") return { k: "list", items: this.sequence("]").items };
        if (t.v === "{") {
            const entries = [];
            while (!this.isOp("}")) {
                const key = this.orExpr();
                this.expect(":");
                entries.push([key, this.orExpr()]);
                if (this.isOp(",")) this.next(); else break;
            }
            this.expect("}");
            return { k: "dict", entries };
        }
        throw new SyntaxError("Unexpected token " + t.v);
    }
}

// --- values -----------------------------------------------------------------------------------
function pad(n) { return String(n).padStart(2, "0"); }

class PyDate {
    constructor(date) { this.date = date; }           // a JS Date in local time, time part ignored
    strftime(fmt) {
        const d = this.date;
        return fmt.replace(/%([YmdHMS%])/g, (_m, c) => ({
            Y: String(d.getFullYear()), m: pad(d.getMonth() + 1), d: pad(d.getDate()),
            H: pad(d.getHours()), M: pad(d.getMinutes()), S: pad(d.getSeconds()), "%": "%",
        })[c]);
    }
    toString() { return this.strftime("%Y-%m-%d"); }
    toJSON() { return this.toString(); }
}

class RelativeDelta {
    constructor(kw) { this.kw = kw; }
    applyTo(pydate, sign) {
        const d = new Date(pydate.date.getTime());
        const k = this.kw;
        if (k.years) d.setFullYear(d.getFullYear() + sign * k.years);
        if (k.months) d.setMonth(d.getMonth() + sign * k.months);
        if (k.weeks) d.setDate(d.getDate() + sign * 7 * k.weeks);
        if (k.days) d.setDate(d.getDate() + sign * k.days);
        if (k.day) d.setDate(k.day);
        return new PyDate(d);
    }
}

export function pyToday() { return new PyDate(new Date()); }

const BUILTINS = {
    context_today: () => pyToday(),
    relativedelta: (_args, kw) => new RelativeDelta(kw),
    timedelta: (_args, kw) => new RelativeDelta(kw),
    time: { strftime: (args) => pyToday().strftime(args[0]) },
    datetime: { date: { today: () => pyToday() }, datetime: { now: () => new PyDate(new Date()) } },
};

function truthy(v) {
    if (Array.isArray(v)) return v.length > 0;
    if (v && typeof v === "object" && !(v instanceof PyDate)) return Object.keys(v).length > 0;
    return Boolean(v);
}

function equal(a, b) {
    if (a instanceof PyDate) a = a.toString();
    if (b instanceof PyDate) b = b.toString();
    if (Array.isArray(a) && Array.isArray(b)) {
        return a.length === b.length && a.every((x, i) => equal(x, b[i]));
    }
    if ((a === null || a === false) && (b === null || b === false)) return a === b || (a === false && b === false);
    return a === b;
}

function compare(op, a, b) {
    switch (op) {
        case "==": return equal(a, b);
        case "!=": return !equal(a, b);
        case "in": return Array.isArray(b) ? b.some((x) => equal(a, x)) : (typeof b === "string" && b.includes(a));
        case "not in": return !compare("in", a, b);
    }
    if (a instanceof PyDate) a = a.toString();
    if (b instanceof PyDate) b = b.toString();
    if (a === null || a === false || b === null || b === false || a === undefined || b === undefined) return false;
    switch (op) {
        case "<": return a < b;
        case "<=": return a <= b;
        case ">": return a > b;
        case ">=": return a >= b;
    }
    return false;
}

function evaluate(node, ctx) {
    switch (node.k) {
        case "const": return node.v;
        case "name":
            if (Object.prototype.hasOwnProperty.call(ctx, node.v)) return ctx[node.v];
            if (Object.prototype.hasOwnProperty.call(BUILTINS, node.v)) return BUILTINS[node.v];
            throw new ReferenceError("Unknown name " + node.v);
        case "list": return node.items.map((x) => evaluate(x, ctx));
        case "dict": {
            const out = {};
            for (const [k, v] of node.entries) out[String(evaluate(k, ctx))] = evaluate(v, ctx);
            return out;
        }
        case "not": return !truthy(evaluate(node.a, ctx));
        case "and": { const a = evaluate(node.a, ctx); return truthy(a) ? evaluate(node.b, ctx) : a; }
        case "or": { const a = evaluate(node.a, ctx); return truthy(a) ? a : evaluate(node.b, ctx); }
        case "cmp": return compare(node.op, evaluate(node.a, ctx), evaluate(node.b, ctx));
        case "neg": return -evaluate(node.a, ctx);
        case "arith": {
            const a = evaluate(node.a, ctx);
            const b = evaluate(node.b, ctx);
            if (a instanceof PyDate && b instanceof RelativeDelta) return b.applyTo(a, node.op === "+" ? 1 : -1);
            if (node.op === "+") return (Array.isArray(a) && Array.isArray(b)) ? a.concat(b) : a + b;
            return a - b;
        }
        case "attr": {
            const obj = evaluate(node.a, ctx);
            if (obj instanceof PyDate && node.name === "strftime") return (args) => obj.strftime(args[0]);
            if (obj && typeof obj === "object" && !(obj instanceof PyDate)
                && Object.prototype.hasOwnProperty.call(obj, node.name)) return obj[node.name];
            if (obj && typeof obj === "object" && node.name === "get") {
                return (args) => (Object.prototype.hasOwnProperty.call(obj, args[0]) ? obj[args[0]] : (args[1] ?? null));
            }
            throw new ReferenceError("Unknown attribute " + node.name);
        }
        case "call": {
            const fn = evaluate(node.f, ctx);
            if (typeof fn !== "function") throw new TypeError("Not callable");
            const kwargs = {};
            for (const [k, v] of Object.entries(node.kwargs)) kwargs[k] = evaluate(v, ctx);
            return fn(node.args.map((a) => evaluate(a, ctx)), kwargs);
        }
        case "index": {
            const obj = evaluate(node.a, ctx);
            const i = evaluate(node.i, ctx);
            return obj == null ? null : obj[i];
        }
    }
    throw new Error("Bad node");
}

const cache = new Map();
export function parsePy(text) {
    if (cache.has(text)) return cache.get(text);
    const node = new Parser(tokenize(text)).parse();
    cache.set(text, node);
    return node;
}

/** Evaluate a Python expression string (or pass a non-string value through). */
export function pyEval(expr, ctx = {}) {
    if (expr === null || expr === undefined || expr === false) return expr;
    if (typeof expr !== "string") return expr;
    if (!expr.trim()) return null;
    return normalize(evaluate(parsePy(expr), ctx));
}

function normalize(value) {
    if (value instanceof PyDate) return value.toString();
    if (Array.isArray(value)) return value.map(normalize);
    if (value && typeof value === "object") {
        const out = {};
        for (const [k, v] of Object.entries(value)) out[k] = normalize(v);
        return out;
    }
    return value;
}

export function evalDomain(domain, ctx) {
    const value = typeof domain === "string" ? pyEval(domain, ctx) : domain;
    return Array.isArray(value) ? value : [];
}

export function evalContext(context, ctx) {
    const value = typeof context === "string" ? pyEval(context, ctx) : context;
    return value && typeof value === "object" && !Array.isArray(value) ? value : {};
}
