// A form's record: loaded values, local changes, x2many lines, onchange, validation and save.
import { callKw, session } from "./rpc.js";
import { notifyError } from "./ui.js";
import { _t } from "./i18n.js";
import { isTrue, nodeModifiers, todayString } from "./modifiers.js";
import { localToUtc } from "./format.js";

let virtualSeq = 0;

/** A value as the modifier ASTs see it: many2one → id, x2many → list of ids. */
export function normalizeForAst(field, value) {
    if (value === undefined || value === null) return false;
    if (!field) return value;
    if (field.type === "many2one") return Array.isArray(value) ? value[0] : (value || false);
    if (field.type === "one2many" || field.type === "many2many") {
        if (value instanceof X2ManyList) return value.currentIds();
        return Array.isArray(value) ? value : [];
    }
    return value;
}

export function isEmptyValue(field, value) {
    if (value === false || value === null || value === undefined || value === "") return true;
    if (field && (field.type === "one2many" || field.type === "many2many")) {
        return value instanceof X2ManyList ? value.lines.length === 0 : !(Array.isArray(value) && value.length);
    }
    if (field && (field.type === "integer" || field.type === "float" || field.type === "monetary")) return false;
    return false;
}

/** Value in the shape write()/create() expect. */
export function toServer(field, value) {
    if (!field) return value;
    switch (field.type) {
        case "many2one": return Array.isArray(value) ? value[0] : (value || false);
        case "one2many":
        case "many2many": return value instanceof X2ManyList ? value.commands() : value;
        case "datetime": return value ? (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) ? value : localToUtc(value)) : false;
        case "integer": case "float": case "monetary": return value === "" || value === null || value === undefined ? false : value;
        default: return value === undefined ? false : value;
    }
}

export class X2ManyList {
    constructor({ field, name, fields, arch, parent }) {
        this.field = field;
        this.name = name;
        this.comodel = field.relation;
        this.fields = fields || {};
        this.arch = arch;          // the inline <tree>/<list>, may be null
        this.formArch = null;      // an inline <form>, may be null
        this.parent = parent;
        this.lines = [];
        this.removed = [];
        this.changed = false;
    }

    get isMany2many() { return this.field.type === "many2many"; }

    subFieldNames() {
        const names = new Set(["id", "display_name"]);
        if (this.arch) {
            for (const node of Array.from(this.arch.querySelectorAll("field"))) {
                if (this.fields[node.getAttribute("name")]) names.add(node.getAttribute("name"));
            }
        }
        return Array.from(names).filter((n) => n === "id" || this.fields[n]);
    }

    async load(ids) {
        this.lines = [];
        this.removed = [];
        this.changed = false;
        if (!ids || !ids.length) return;
        const rows = await callKw(this.comodel, "read", [ids, this.subFieldNames()], { context: this.parent.context });
        const byId = new Map(rows.map((r) => [r.id, r]));
        this.lines = ids.filter((id) => byId.has(id)).map((id) => ({ id, key: "r" + id, data: byId.get(id), changes: {}, isNew: false }));
    }

    currentIds() { return this.lines.map((l) => l.id || l.key); }

    addLine(data) {
        virtualSeq += 1;
        const line = { id: null, key: "v" + virtualSeq, data: Object.assign({}, data), changes: Object.assign({}, data), isNew: true };
        this.lines.push(line);
        this.changed = true;
        return line;
    }

    linkRecord(id, displayName, extra = {}) {
        if (this.lines.some((l) => l.id === id)) return;
        this.lines.push({ id, key: "r" + id, data: Object.assign({ id, display_name: displayName }, extra), changes: {}, isNew: false, linked: true });
        this.changed = true;
    }

    updateLine(line, changes) {
        Object.assign(line.data, changes);
        Object.assign(line.changes, changes);
        this.changed = true;
    }

    removeLine(line) {
        this.lines = this.lines.filter((l) => l !== line);
        if (line.id) this.removed.push(line.id);
        this.changed = true;
    }

    lineValues(line) {
        const vals = {};
        for (const [k, v] of Object.entries(line.changes)) {
            if (k === "id" || k === "display_name") continue;
            vals[k] = toServer(this.fields[k], v);
        }
        return vals;
    }

    commands() {
        if (this.isMany2many) {
            const cmds = [[6, 0, this.lines.filter((l) => l.id).map((l) => l.id)]];
            for (const line of this.lines.filter((l) => l.isNew)) cmds.push([0, 0, this.lineValues(line)]);
            return cmds;
        }
        const cmds = [];
        for (const line of this.lines) {
            if (line.isNew) cmds.push([0, 0, this.lineValues(line)]);
            else if (Object.keys(line.changes).length) cmds.push([1, line.id, this.lineValues(line)]);
        }
        for (const id of this.removed) cmds.push([2, id]);
        return cmds;
    }

    /** Apply x2many commands coming back from onchange ([5] then [4, id]/[0, 0, vals] …). */
    applyCommands(commands) {
        const before = this.lines;
        let lines = this.lines.slice();
        for (const cmd of commands || []) {
            if (!Array.isArray(cmd)) continue;
            const [op, id, vals] = cmd;
            if (op === 5) lines = [];
            else if (op === 0) {
                virtualSeq += 1;
                lines.push({ id: null, key: "v" + virtualSeq, data: Object.assign({}, vals || {}), changes: Object.assign({}, vals || {}), isNew: true });
            } else if (op === 1) {
                const l = lines.find((x) => x.id === id);
                if (l) { Object.assign(l.data, vals || {}); Object.assign(l.changes, vals || {}); }
            } else if (op === 2 || op === 3) lines = lines.filter((x) => x.id !== id);
            else if (op === 4 || op === 6) {
                const ids = op === 4 ? [id] : (vals || []);
                if (op === 6) lines = lines.filter((l) => !l.id || ids.includes(l.id));
                for (const i of ids) {
                    if (lines.some((l) => l.id === i)) continue;
                    const old = before.find((l) => l.id === i);
                    lines.push(old || { id: i, key: "r" + i, data: { id: i }, changes: {}, isNew: false, linked: true });
                }
            }
        }
        const kept = new Set(lines.filter((l) => l.id).map((l) => l.id));
        for (const l of before) if (l.id && !kept.has(l.id) && !this.removed.includes(l.id)) this.removed.push(l.id);
        this.lines = lines;
        this.changed = true;
    }
}

export class Record {
    constructor({ model, fields, arch, resId = null, context = {}, parent = null, fieldNames = null }) {
        this.model = model;
        this.fields = fields;
        this.arch = arch;
        this.resId = resId;
        this.context = context;
        this.parent = parent;            // parent Record for `parent.<field>` in subforms
        this.data = {};
        this.changes = {};
        this.errors = new Map();
        this.listeners = [];
        this.pending = Promise.resolve();
        this.fieldNames = fieldNames || this.collectFieldNames();
    }

    collectFieldNames() {
        const names = new Set(["id", "display_name"]);
        if (this.fields.write_date) names.add("write_date");
        if (!this.arch) return Array.from(names);
        for (const node of Array.from(this.arch.getElementsByTagName("field"))) {
            // fields of inline subviews belong to the comodel
            let p = node.parentElement;
            let nested = false;
            while (p && p !== this.arch) {
                if (p.tagName === "field") { nested = true; break; }
                p = p.parentElement;
            }
            if (nested) continue;
            const name = node.getAttribute("name");
            if (this.fields[name]) names.add(name);
            const expl = node.getAttribute("widget") === "fz_deadline_badge" ? explanationName(node) : null;
            if (expl && this.fields[expl]) names.add(expl);
        }
        return Array.from(names).filter((n) => n === "id" || this.fields[n]);
    }

    onChange(fn) { this.listeners.push(fn); }
    notify() { for (const fn of this.listeners) fn(this); }

    get isNew() { return !this.resId; }
    /** Changed by the user since loaded (defaults and onchange results alone do not count). */
    get isDirty() { return this.touched && (Object.keys(this.changes).length > 0 || this.x2manys().some((l) => l.changed)); }

    x2manys() { return Object.values(this.data).filter((v) => v instanceof X2ManyList); }

    x2manyNode(name) {
        if (!this.arch) return null;
        for (const node of Array.from(this.arch.getElementsByTagName("field"))) {
            if (node.getAttribute("name") === name) return node;
        }
        return null;
    }

    makeX2Many(name) {
        const field = this.fields[name];
        const node = this.x2manyNode(name);
        const arch = node ? Array.from(node.children).find((c) => c.tagName === "tree" || c.tagName === "list") : null;
        const formArch = node ? Array.from(node.children).find((c) => c.tagName === "form") : null;
        const list = new X2ManyList({ field, name, fields: (this.relatedFields || {})[field.relation] || {}, arch, parent: this });
        list.formArch = formArch || null;
        return list;
    }

    async load() {
        if (this.resId) {
            const [row] = await callKw(this.model, "read", [[this.resId], this.fieldNames], { context: this.context });
            if (!row) throw new Error(_t("This record no longer exists."));
            await this.setLoaded(row);
        } else {
            const names = this.fieldNames.filter((n) => n !== "id" && n !== "display_name" && n !== "write_date");
            const defaults = await callKw(this.model, "default_get", [names], { context: this.context });
            const empty = {};
            for (const n of names) empty[n] = emptyValue(this.fields[n]);
            await this.setLoaded(Object.assign(empty, await this.normalizeIncoming(defaults)), true);
            this.changes = Object.assign({}, this.withoutX2m(defaults));
            await this.runOnchange([]);
        }
        this.notify();
    }

    withoutX2m(values) {
        const out = {};
        for (const [k, v] of Object.entries(values)) {
            const f = this.fields[k];
            if (f && (f.type === "one2many" || f.type === "many2many")) continue;
            out[k] = v;
        }
        return out;
    }

    async normalizeIncoming(values) {
        // default_get/onchange give many2one as an id or [id, name]: make it [id, name]
        const out = {};
        const lookups = [];
        for (const [k, v] of Object.entries(values)) {
            const f = this.fields[k];
            if (f && f.type === "many2one" && typeof v === "number") {
                lookups.push(callKw(f.relation, "name_get", [[v]], { context: this.context })
                    .then((res) => { out[k] = res && res[0] ? [res[0][0], res[0][1]] : [v, ""]; })
                    .catch(() => { out[k] = [v, ""]; }));
            } else {
                out[k] = v;
            }
        }
        await Promise.all(lookups);
        return out;
    }

    async setLoaded(row, isDefault = false) {
        this.data = {};
        this.changes = {};
        this.touched = false;
        this.errors.clear();
        const loads = [];
        for (const [name, value] of Object.entries(row)) {
            const field = this.fields[name];
            if (field && (field.type === "one2many" || field.type === "many2many")) {
                const list = this.makeX2Many(name);
                this.data[name] = list;
                const ids = Array.isArray(value) ? value.filter((v) => typeof v === "number") : [];
                loads.push(list.load(ids));
                if (isDefault && Array.isArray(value) && value.some((v) => Array.isArray(v))) list.applyCommands(value);
            } else {
                this.data[name] = value;
            }
        }
        await Promise.all(loads);
    }

    get(name) { return this.data[name]; }

    /** For the modifier ASTs. */
    scope() {
        return {
            get: (name) => {
                if (name === "uid") return session.uid;
                if (name === "context_today" || name === "current_date") return todayString();
                if (name.startsWith("context.")) return this.context[name.slice(8)];
                if (name.startsWith("parent.")) return this.parent ? this.parent.scope().get(name.slice(7)) : false;
                if (name === "id") return this.resId || false;
                return normalizeForAst(this.fields[name], this.data[name]);
            },
        };
    }

    isInvisible(node) { const m = nodeModifiers(node); return Boolean(m.invisible && isTrue(m.invisible, this.scope())); }

    /** Set values locally (typing); `onchange` runs the server onchange afterwards. */
    update(changes, { onchange = true } = {}) {
        this.touched = true;
        for (const [name, value] of Object.entries(changes)) {
            this.data[name] = value;
            this.changes[name] = value;
            this.errors.delete(name);
        }
        this.notify();
        if (onchange) {
            const names = Object.keys(changes);
            this.pending = this.pending.then(() => this.runOnchange(names)).catch(() => {});
            return this.pending;
        }
        return Promise.resolve();
    }

    onchangeSpec() {
        const spec = {};
        for (const name of this.fieldNames) if (name !== "id") spec[name] = "1";
        return spec;
    }

    serverValues(all = true) {
        const vals = {};
        const source = all ? this.data : this.changes;
        for (const [name, value] of Object.entries(source)) {
            if (name === "id" || name === "display_name" || name === "write_date") continue;
            const field = this.fields[name];
            if (!field) continue;
            if (value instanceof X2ManyList) { if (all || value.changed) vals[name] = value.commands(); continue; }
            vals[name] = toServer(field, value);
        }
        if (!all) for (const list of this.x2manys()) if (list.changed) vals[list.name] = list.commands();
        return vals;
    }

    async runOnchange(names) {
        let result;
        try {
            const values = this.serverValues(true);
            if (this.resId) values.id = this.resId;
            result = await callKw(this.model, "onchange", [this.resId ? [this.resId] : [], values,
                names.length === 1 ? names[0] : names, this.onchangeSpec()], { context: this.context }, { silent: true });
        } catch (err) {
            // a failing onchange must not block editing; the user sees why (a business error as the
            // form's warning, anything else as an error notification)
            if (err && err.isUserFacing) this.onchangeWarning = { title: _t("Warning"), message: err.message };
            else { notifyError(err); return; }
        }
        if (result && result.value) {
            const incoming = await this.normalizeIncoming(result.value);
            for (const [name, value] of Object.entries(incoming)) {
                const field = this.fields[name];
                if (!field || name === "id") continue;
                if (field.type === "one2many" || field.type === "many2many") {
                    const list = this.data[name] instanceof X2ManyList ? this.data[name] : (this.data[name] = this.makeX2Many(name));
                    if (Array.isArray(value) && value.every((v) => typeof v === "number")) await list.load(value);
                    else list.applyCommands(value);
                    list.changed = true;
                    continue;
                }
                if (JSON.stringify(this.data[name]) === JSON.stringify(value)) continue;
                this.data[name] = value;
                this.changes[name] = value;
            }
        }
        if (result && result.warning) this.onchangeWarning = result.warning;
        this.notify();
    }

    /** Required fields (static or by modifiers) that are empty and visible: {name: message}. */
    validate(visibleNodes) {
        this.errors.clear();
        const scope = this.scope();
        for (const node of visibleNodes) {
            const name = node.getAttribute("name");
            const field = this.fields[name];
            if (!field) continue;
            const mods = nodeModifiers(node);
            const required = mods.required ? isTrue(mods.required, scope) : Boolean(field.required);
            if (required && isEmptyValue(field, this.data[name]) && field.type !== "boolean") {
                this.errors.set(name, _t("This field is required."));
            }
        }
        this.notify();
        return this.errors.size === 0;
    }

    async save() {
        await this.pending;
        const context = Object.assign({}, this.context);
        if (this.resId) {
            const vals = this.serverValues(false);
            if (!Object.keys(vals).length) return this.resId;
            if (this.data.write_date) context.fz_check_write_date = this.data.write_date;
            await callKw(this.model, "write", [[this.resId], vals], { context });
        } else {
            const created = await callKw(this.model, "create", [this.serverValues(true)], { context });
            this.resId = Array.isArray(created) ? created[0] : created;
        }
        return this.resId;
    }

    async reload() {
        const [row] = await callKw(this.model, "read", [[this.resId], this.fieldNames], { context: this.context });
        await this.setLoaded(row);
        this.notify();
    }
}

/** The field saying the badge's date is provisional (option provisional_field), if any. */
export function provisionalName(node) {
    const m = /['"]provisional_field['"]\s*:\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]/.exec(node.getAttribute("options") || "");
    return m ? m[1] : "deadline_provisional";
}

export function explanationName(node) {
    const raw = node.getAttribute("options");
    if (raw) {
        const m = /['"]explanation_field['"]\s*:\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]/.exec(raw);
        if (m) return m[1];
    }
    return "deadline_explanation";
}

export function emptyValue(field) {
    if (!field) return false;
    if (field.type === "boolean") return false;
    if (field.type === "one2many" || field.type === "many2many") return [];
    return false;
}
