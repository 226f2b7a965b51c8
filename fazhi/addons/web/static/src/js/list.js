// The list view: columns from the <tree>/<list> arch, sorting, pagination (80 a page),
// group-by with counts and aggregates (read_group), decorations, multi-select actions.
import { h, clear, sanitizedFragment } from "./dom.js";
import { _t } from "./i18n.js";
import { callKw, session } from "./rpc.js";
import { notify, notifyError, confirmDialog } from "./ui.js";
import { isTrue, nodeModifiers, nodeDecorations, todayString } from "./modifiers.js";
import { renderCell, explanationFieldOf, normalizeForAst } from "./fields.js";
import { formatValue, selectionLabel } from "./format.js";
import { downloadExport } from "./export.js";

export const PAGE_SIZE = 80;

/** Field names an AST refers to (plain names only). */
export function astNames(node, out = new Set()) {
    if (!node || typeof node !== "object") return out;
    if (typeof node.n === "string" && !node.n.includes(".") && node.n !== "uid" && node.n !== "context_today") out.add(node.n);
    for (const value of Object.values(node)) {
        if (Array.isArray(value)) value.forEach((v) => astNames(v, out));
        else if (value && typeof value === "object") astNames(value, out);
    }
    return out;
}

export function listColumns(arch, fields, context = {}) {
    const columns = [];
    for (const node of Array.from(arch.children)) {
        const tag = node.tagName;
        const mods = nodeModifiers(node);
        const scope = { get: (name) => (name.startsWith("context.") ? context[name.slice(8)] : name === "uid" ? session.uid : false) };
        if (mods.column_invisible && isTrue(mods.column_invisible, scope)) continue;
        if (tag === "field") {
            const name = node.getAttribute("name");
            const field = fields[name];
            if (!field) continue;
            // a column hidden for every row (invisible="1") is read but not shown
            const alwaysHidden = node.getAttribute("invisible") === "1" || (mods.invisible && mods.invisible.c === true);
            columns.push({ kind: "field", name, field, node, hidden: alwaysHidden || node.getAttribute("optional") === "hide",
                label: node.getAttribute("string") || field.string || name,
                widget: node.getAttribute("widget"), sum: node.getAttribute("sum"), avg: node.getAttribute("avg"),
                mods });
        } else if (tag === "button") {
            columns.push({ kind: "button", node, name: node.getAttribute("name"), label: node.getAttribute("string") || "",
                mods });
        }
    }
    return columns;
}

export function fieldsToRead(arch, columns, fields) {
    const names = new Set(["id"]);
    for (const col of columns) {
        if (col.kind !== "field") continue;
        names.add(col.name);
        if (col.widget === "fz_deadline_badge") {
            const expl = explanationFieldOf(col.node);
            if (expl) names.add(expl);
        }
        for (const ast of Object.values(col.mods)) astNames(ast, names);
    }
    for (const ast of Object.values(nodeDecorations(arch))) astNames(ast, names);
    for (const node of Array.from(arch.querySelectorAll("[fz-decorations]"))) {
        for (const ast of Object.values(nodeDecorations(node))) astNames(ast, names);
    }
    return Array.from(names).filter((n) => n === "id" || fields[n] || n.endsWith("_explanation"));
}

export function rowScope(record, fields, context = {}) {
    return {
        get(name) {
            if (name === "uid") return session.uid;
            if (name === "context_today" || name === "current_date") return todayString();
            if (name.startsWith("context.")) return context[name.slice(8)];
            if (name.startsWith("parent.")) return false;
            return normalizeForAst(fields[name], record[name]);
        },
    };
}

export function decorationClasses(arch, record, fields, context) {
    const classes = [];
    const scope = rowScope(record, fields, context);
    for (const [name, ast] of Object.entries(nodeDecorations(arch))) {
        if (isTrue(ast, scope)) classes.push("fz-decoration-" + name);
    }
    return classes;
}

export class ListView {
    constructor({ model, arch, fields, searchModel, actionDomain = [], context = {}, toolbar = null, env, onOpen, onCreate, help = "" }) {
        this.model = model;
        this.help = help;
        this.arch = arch;
        this.fields = fields;
        this.searchModel = searchModel;
        this.actionDomain = actionDomain;
        this.context = context;
        this.toolbar = toolbar;
        this.env = env;
        this.onOpen = onOpen;
        this.onCreate = onCreate;
        this.columns = listColumns(arch, fields, context);
        this.readFields = fieldsToRead(arch, this.columns, fields);
        this.order = arch.getAttribute("default_order") || "";
        this.offset = 0;
        this.records = [];
        this.total = 0;
        this.selection = new Set();
        this.expanded = new Map();  // group key → {records | groups}
        this.el = h("div", { class: "fz-list-view", dataset: { model } });
        this.controlEl = h("div", { class: "fz-list-controls" });
        this.tableWrap = h("div", { class: "fz-table-wrap" });
        this.el.append(this.controlEl, this.tableWrap);
        searchModel.onChange(() => { this.offset = 0; this.selection.clear(); this.expanded.clear(); this.load(); });
    }

    get domain() {
        const extra = this.searchModel.domain;
        const base = this.actionDomain || [];
        if (!base.length) return extra;
        if (!extra.length) return base;
        return ["&", ...normalize(base), ...normalize(extra)];
    }

    get canCreate() { return this.arch.getAttribute("create") !== "0" && this.arch.getAttribute("create") !== "false"; }
    get canDelete() { return this.arch.getAttribute("delete") !== "0" && this.arch.getAttribute("delete") !== "false"; }

    async load() {
        this.el.dataset.loading = "1";   // tests and assistive tools can tell a stale list from a fresh one
        try {
            const groupBy = this.searchModel.groupBy;
            if (groupBy.length) {
                this.groups = await this.readGroups(this.domain, groupBy);
                this.records = [];
            } else {
                this.groups = null;
                const [records, total] = await Promise.all([
                    callKw(this.model, "search_read", [], { domain: this.domain, fields: this.readFields,
                        offset: this.offset, limit: PAGE_SIZE, order: this.order || undefined, context: this.context }),
                    callKw(this.model, "search_count", [this.domain], { context: this.context }),
                ]);
                this.records = records;
                this.total = total;
            }
        } catch (err) {
            notifyError(err);
            this.records = [];
            this.groups = null;
            this.total = 0;
        }
        this.render();
        delete this.el.dataset.loading;
    }

    aggregateSpecs() {
        return this.columns.filter((c) => c.kind === "field" && (c.sum || c.avg)
            && ["integer", "float", "monetary"].includes(c.field.type))
            .map((c) => `${c.name}:${c.avg && !c.sum ? "avg" : "sum"}`);
    }

    async readGroups(domain, groupBy) {
        const [first, ...rest] = groupBy;
        const groups = await callKw(this.model, "read_group", [], { domain, fields: this.aggregateSpecs(), groupby: [first],
            lazy: true, orderby: "", context: this.context });
        const fieldName = first.split(":")[0];
        return groups.map((g) => ({
            key: first + "=" + JSON.stringify(g[first]),
            spec: first,
            fieldName,
            value: g[first],
            count: g[`${fieldName}_count`] ?? g.__count ?? 0,
            aggregates: g,
            domain: g.__domain,
            rest,
        }));
    }

    // --- rendering --------------------------------------------------------------------------
    render() {
        this.renderControls();
        clear(this.tableWrap);
        const visible = this.columns.filter((c) => !c.hidden);
        const table = h("table", { class: "fz-list-table" });
        const headRow = h("tr", {});
        const allBox = h("input", { type: "checkbox", "aria-label": _t("Select all"), class: "fz-select-all" });
        allBox.checked = this.records.length > 0 && this.records.every((r) => this.selection.has(r.id));
        allBox.addEventListener("change", () => {
            for (const r of this.records) { if (allBox.checked) this.selection.add(r.id); else this.selection.delete(r.id); }
            this.render();
        });
        headRow.appendChild(h("th", { class: "fz-col-select" }, this.groups ? null : allBox));
        for (const col of visible) {
            if (col.kind === "button") { headRow.appendChild(h("th", { class: "fz-col-button" })); continue; }
            const sortable = col.field.sortable !== false && col.field.store !== false;
            const [orderField, orderDir] = (this.order || "").split(",")[0].trim().split(/\s+/);
            const active = orderField === col.name;
            const th = h("th", { class: ["fz-col-" + col.field.type, active ? "fz-sorted" : null], dataset: { name: col.name },
                "aria-sort": active ? (orderDir === "desc" ? "descending" : "ascending") : null });
            if (sortable && !this.groups) {
                const btn = h("button", { type: "button", class: "fz-sort-button", text: col.label });
                if (active) btn.appendChild(h("span", { class: "fz-sort-arrow", "aria-hidden": "true", text: orderDir === "desc" ? " ▼" : " ▲" }));
                btn.addEventListener("click", () => {
                    this.order = active && orderDir !== "desc" ? `${col.name} desc` : `${col.name} asc`;
                    this.offset = 0;
                    this.load();
                });
                th.appendChild(btn);
            } else {
                th.textContent = col.label;
            }
            headRow.appendChild(th);
        }
        table.appendChild(h("thead", {}, headRow));
        const body = h("tbody", {});
        if (this.groups) {
            this.renderGroups(body, this.groups, 0, visible);
        } else {
            this.renderRows(body, this.records, visible, this.records.map((r) => r.id));
        }
        table.appendChild(body);
        const summed = visible.filter((c) => c.kind === "field" && c.sum && ["integer", "float", "monetary"].includes(c.field.type));
        if (!this.groups && this.records.length && summed.length) {
            // totals of the page shown (sum="…" columns)
            const row = h("tr", { class: "fz-list-totals" }, h("td", { class: "fz-col-select" }));
            visible.forEach((col, i) => {
                const total = summed.includes(col) ? this.records.reduce((acc, r) => acc + (Number(r[col.name]) || 0), 0) : null;
                row.appendChild(h("td", { class: col.kind === "field" ? "fz-col-" + col.field.type : null, dataset: col.kind === "field" ? { name: col.name } : {},
                    text: total !== null ? formatValue(col.field, total) : (i === 0 ? _t("Total") : "") }));
            });
            table.appendChild(h("tfoot", {}, row));
        }
        if (!this.groups && !this.records.length) {
            this.tableWrap.appendChild(table);
            const empty = h("div", { class: "fz-list-empty" }, h("p", { text: _t("No records found") }));
            if (this.help) empty.appendChild(h("div", { class: "fz-action-help" }, sanitizedFragment(this.help)));
            this.tableWrap.appendChild(empty);
            return;
        }
        this.tableWrap.appendChild(table);
    }

    renderRows(body, records, visible, ids, depth = 0) {
        for (const record of records) {
            const classes = ["fz-row", ...decorationClasses(this.arch, record, this.fields, this.context)];
            const tr = h("tr", { class: classes, tabindex: "0", dataset: { id: record.id } });
            const box = h("input", { type: "checkbox", "aria-label": _t("Select"), class: "fz-row-select" });
            box.checked = this.selection.has(record.id);
            box.addEventListener("click", (ev) => ev.stopPropagation());
            box.addEventListener("change", () => {
                if (box.checked) this.selection.add(record.id); else this.selection.delete(record.id);
                this.renderControls();
            });
            tr.appendChild(h("td", { class: "fz-col-select" }, box));
            const scope = rowScope(record, this.fields, this.context);
            visible.forEach((col, i) => {
                const td = h("td", { class: col.kind === "field" ? ["fz-cell", "fz-col-" + col.field.type] : "fz-cell-button",
                    dataset: col.kind === "field" ? { name: col.name } : {} });
                if (i === 0 && depth) td.classList.add("fz-indent-" + Math.min(depth, 4));
                if (col.mods.invisible && isTrue(col.mods.invisible, scope)) { tr.appendChild(td); return; }
                if (col.kind === "field") {
                    for (const [name, ast] of Object.entries(nodeDecorations(col.node))) {
                        if (isTrue(ast, scope)) td.classList.add("fz-decoration-" + name);   // decoration-* of the column
                    }
                    td.appendChild(renderCell(col, record, this.fields));
                } else {
                    const btn = h("button", { type: "button", class: ["fz-btn", "fz-btn-link", "fz-btn-small"], text: col.label });
                    btn.addEventListener("click", async (ev) => {
                        ev.stopPropagation();
                        await this.env.executeButton(col.node, { model: this.model, resId: record.id, context: this.context,
                            reload: () => this.load() });
                    });
                    td.appendChild(btn);
                }
                tr.appendChild(td);
            });
            tr.addEventListener("click", () => this.onOpen(record.id, ids));
            tr.addEventListener("keydown", (ev) => {
                if (ev.key === "Enter" && ev.target === tr) this.onOpen(record.id, ids);
                if (ev.key === "ArrowDown" && tr.nextElementSibling) { ev.preventDefault(); tr.nextElementSibling.focus(); }
                if (ev.key === "ArrowUp" && tr.previousElementSibling) { ev.preventDefault(); tr.previousElementSibling.focus(); }
            });
            body.appendChild(tr);
        }
    }

    groupLabel(group) {
        const field = this.fields[group.fieldName];
        const value = group.value;
        if (value === false || value === null) return _t("None");
        if (field && field.type === "selection") return selectionLabel(field, value);
        if (Array.isArray(value)) return String(value[1]);
        if (field && field.type === "boolean") return value ? _t("Yes") : _t("No");
        return String(value);
    }

    renderGroups(body, groups, depth, visible) {
        for (const group of groups) {
            const open = this.expanded.has(group.key);
            const label = this.groupLabel(group);
            const tr = h("tr", { class: ["fz-group-row", open ? "fz-open" : null], tabindex: "0", "aria-expanded": String(open),
                dataset: { group: label } });
            const first = h("td", { class: ["fz-group-name", "fz-indent-" + Math.min(depth, 4)], colspan: "2" },
                h("span", { class: "fz-caret", "aria-hidden": "true", text: open ? "▾ " : "▸ " }),
                h("span", { class: "fz-group-label", text: label }),
                h("span", { class: "fz-group-count", text: ` (${group.count})` }));
            tr.appendChild(first);
            visible.slice(1).forEach((col) => {
                const spec = col.kind === "field" && (col.sum || col.avg) ? col.name : null;
                const value = spec !== null ? group.aggregates[spec] : null;
                tr.appendChild(h("td", { class: ["fz-group-aggregate", col.kind === "field" ? "fz-col-" + col.field.type : null],
                    dataset: col.kind === "field" ? { name: col.name } : {},
                    text: value !== null && value !== undefined ? formatValue(col.field, value) : "" }));
            });
            const toggle = async () => {
                if (this.expanded.has(group.key)) {
                    this.expanded.delete(group.key);
                } else {
                    try {
                        if (group.rest.length) {
                            this.expanded.set(group.key, { groups: await this.readGroups(group.domain, group.rest) });
                        } else {
                            const records = await callKw(this.model, "search_read", [], { domain: group.domain,
                                fields: this.readFields, limit: PAGE_SIZE, order: this.order || undefined, context: this.context });
                            this.expanded.set(group.key, { records });
                        }
                    } catch (err) { notifyError(err); return; }
                }
                this.render();
            };
            tr.addEventListener("click", toggle);
            tr.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); toggle(); } });
            body.appendChild(tr);
            const content = this.expanded.get(group.key);
            if (content && content.groups) this.renderGroups(body, content.groups, depth + 1, visible);
            if (content && content.records) {
                this.renderRows(body, content.records, visible, content.records.map((r) => r.id), depth + 1);
            }
        }
    }

    renderControls() {
        clear(this.controlEl);
        const left = h("div", { class: "fz-list-buttons" });
        if (this.canCreate && this.onCreate) {
            left.appendChild(h("button", { type: "button", class: ["fz-btn", "fz-btn-primary", "fz-btn-create"], text: _t("New"),
                onClick: () => this.onCreate() }));
        }
        if (this.selection.size) {
            left.appendChild(h("span", { class: "fz-selection-count", text: _t("%s selected").replace("%s", this.selection.size) }));
            left.appendChild(h("button", { type: "button", class: ["fz-btn", "fz-btn-secondary", "fz-btn-export"], text: _t("Export"),
                onClick: () => this.exportSelected() }));
            if (this.canDelete) {
                left.appendChild(h("button", { type: "button", class: ["fz-btn", "fz-btn-secondary", "fz-btn-delete"], text: _t("Delete"),
                    onClick: () => this.deleteSelected() }));
            }
            for (const action of (this.toolbar && this.toolbar.action) || []) {
                left.appendChild(h("button", { type: "button", class: ["fz-btn", "fz-btn-secondary", "fz-btn-toolbar"], text: action.name,
                    onClick: () => this.env.doAction(action, { additionalContext: { active_model: this.model,
                        active_ids: Array.from(this.selection), active_id: Array.from(this.selection)[0] } }) }));
            }
        }
        const pager = h("div", { class: "fz-pager" });
        if (!this.groups && this.total > 0) {
            const from = this.offset + 1;
            const to = Math.min(this.offset + PAGE_SIZE, this.total);
            pager.appendChild(h("span", { class: "fz-pager-value", text: `${from}-${to} / ${this.total}` }));
            const prev = h("button", { type: "button", class: ["fz-btn", "fz-btn-light", "fz-pager-prev"], "aria-label": _t("Previous page"), text: "‹",
                disabled: this.offset === 0 });
            const next = h("button", { type: "button", class: ["fz-btn", "fz-btn-light", "fz-pager-next"], "aria-label": _t("Next page"), text: "›",
                disabled: to >= this.total });
            prev.addEventListener("click", () => { this.offset = Math.max(0, this.offset - PAGE_SIZE); this.load(); });
            next.addEventListener("click", () => { this.offset += PAGE_SIZE; this.load(); });
            pager.append(prev, next);
        } else if (this.groups) {
            pager.appendChild(h("span", { class: "fz-pager-value", text: _t("%s groups").replace("%s", this.groups.length) }));
        }
        this.controlEl.append(left, pager);
    }

    selectedIds() { return Array.from(this.selection); }

    async deleteSelected() {
        const ids = this.selectedIds();
        if (!ids.length) return;
        if (!await confirmDialog(_t("Delete the %s selected records?").replace("%s", ids.length), { okLabel: _t("Delete") })) return;
        try {
            await callKw(this.model, "unlink", [ids], { context: this.context });
            this.selection.clear();
            notify({ message: _t("Deleted."), type: "success" });
        } catch (err) { notifyError(err); }
        this.load();
    }

    async exportSelected() {
        const fields = this.columns.filter((c) => c.kind === "field" && !c.hidden && c.name !== "id")
            .map((c) => ({ name: c.name, label: c.label }));
        try {
            await downloadExport({ model: this.model, fields, ids: this.selectedIds(), domain: this.domain, context: this.context });
        } catch (err) { notifyError(err); }
    }
}

function normalize(domain) {
    let expected = 1;
    for (const item of domain) {
        if (item === "&" || item === "|") expected += 1;
        else if (item !== "!") expected -= 1;
    }
    return Array(Math.max(0, -expected)).fill("&").concat(domain);   // the implicit '&' made explicit
}
