// Evaluation of the `fz-modifiers` / `fz-decorations` JSON ASTs the server puts on view nodes
// (grammar in the web client contract). `scope.get(name)` returns a record value already
// normalized: many2one → id | false, x2many → list of ids, others as read.

function truthy(v) {
    if (Array.isArray(v)) return v.length > 0;
    return Boolean(v);
}

function same(a, b) {
    if (a === undefined) a = false;
    if (b === undefined) b = false;
    if (a === null) a = false;
    if (b === null) b = false;
    if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
    return a === b;
}

function cmp(op, a, b) {
    switch (op) {
        case "==": return same(a, b);
        case "!=": return !same(a, b);
        case "in": return Array.isArray(b) ? b.some((x) => same(a, x)) : (typeof b === "string" && typeof a === "string" && b.includes(a));
        case "not in": return !cmp("in", a, b);
    }
    // ordering with an empty value (False/None) is false rather than an error
    if (a === false || a === null || a === undefined || b === false || b === null || b === undefined) return false;
    switch (op) {
        case "<": return a < b;
        case "<=": return a <= b;
        case ">": return a > b;
        case ">=": return a >= b;
    }
    throw new Error("unknown comparison " + op);
}

export function evalAst(node, scope) {
    if (node === null || node === undefined) return false;
    if (Object.prototype.hasOwnProperty.call(node, "c")) return node.c;
    if (Object.prototype.hasOwnProperty.call(node, "n")) return scope.get(node.n);
    if (Object.prototype.hasOwnProperty.call(node, "not")) return !truthy(evalAst(node.not, scope));
    if (node.and) {
        let value = true;
        for (const sub of node.and) { value = evalAst(sub, scope); if (!truthy(value)) return value; }
        return value;
    }
    if (node.or) {
        let value = false;
        for (const sub of node.or) { value = evalAst(sub, scope); if (truthy(value)) return value; }
        return value;
    }
    if (node.cmp) return cmp(node.cmp, evalAst(node.l, scope), evalAst(node.r, scope));
    if (node.list) return node.list.map((x) => evalAst(x, scope));
    if (Object.prototype.hasOwnProperty.call(node, "if")) {
        return truthy(evalAst(node.if, scope)) ? evalAst(node.then, scope) : evalAst(node.else, scope);
    }
    throw new Error("unknown modifier node " + JSON.stringify(node));
}

export function isTrue(node, scope) {
    try {
        return truthy(evalAst(node, scope));
    } catch (err) {
        console.warn("modifier evaluation failed", err);
        return false;
    }
}

/** The parsed `fz-modifiers` of an arch node ({} when none). */
export function nodeModifiers(node) {
    const raw = node.getAttribute && node.getAttribute("fz-modifiers");
    let mods = {};
    if (raw) {
        try { mods = JSON.parse(raw); } catch (err) { mods = {}; }
    }
    // constant attributes the server may leave as they are
    for (const key of ["invisible", "readonly", "required", "column_invisible"]) {
        if (mods[key] === undefined && node.getAttribute) {
            const attr = node.getAttribute(key);
            if (attr === "1" || attr === "True" || attr === "true") mods[key] = { c: true };
        }
    }
    return mods;
}

export function nodeDecorations(node) {
    const raw = node.getAttribute && node.getAttribute("fz-decorations");
    if (!raw) return {};
    try { return JSON.parse(raw); } catch (err) { return {}; }
}

export function todayString() {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}
