// The pivot view: measures of read_group results in a table whose row and column headers
// expand as in Flectra: a click on a header opens a menu of group-bys (the search view's and
// the view's own fields) and splits that header into sub-groups; a click on an expanded header
// collapses it. Every cell (totals included) is one group of a read_group (lazy=false) over the
// union of its row and column header paths, so totals are the server's aggregates, never sums
// the client adds up.
import { h, clear } from "./dom.js";
import { _t } from "./i18n.js";
import { callKw } from "./rpc.js";
import { notifyError } from "./ui.js";
import { formatValue, formatNumber } from "./format.js";
import { SearchedView } from "./search.js";
import { parseAnalysisArch, groupValueLabel, measureLabel, measurableFields } from "./graph.js";

// a function: the labels are translated when used, after the session has set the language
const intervalLabels = () => ({ day: _t("Day"), week: _t("Week"), month: _t("Month"), quarter: _t("Quarter"), year: _t("Year") });
const MAX_INDENT = 6;   // .fz-pivot-depth-0 … -6 in web.css

/** One axis: the group-bys "expand all" applies level by level, and which header (by the JSON
 * of its value path) is split by which group-by. */
class Axis {
    constructor(groupBys) {
        this.groupBys = groupBys.slice();
        this.expanded = new Map();
    }
}

const norm = (value) => (value === undefined || value === null ? false : value);
const specsKey = (specs) => JSON.stringify(Array.from(new Set(specs)).sort());

export class PivotView extends SearchedView {
    constructor(params) {
        super(params, "fz-pivot-view");
        this.onOpenGroup = params.onOpenGroup || null;
        const spec = parseAnalysisArch(this.arch, this.fields);
        this.archRows = spec.rows;
        this.archCols = spec.cols;
        this.measures = spec.measures;
        this.rowAxis = null;
        this.colAxis = null;
        this.searchedKey = null;
        this.results = new Map();      // specsKey → {specs, groups, index: Map(values key → group)}
        this.generation = 0;
        this.menu = null;
        this.controlEl = h("div", { class: "fz-pivot-controls" });
        this.tableWrap = h("div", { class: "fz-table-wrap" });
        this.el.append(this.controlEl, this.tableWrap);
    }

    /** The group-bys one may split a header by: the search view's, then the view's own fields. */
    groupByOptions() {
        const out = [];
        const seen = new Set();
        const add = (spec, label) => {
            const field = this.fields[spec.split(":")[0]];
            if (!field || field.store === false || seen.has(spec)) return;
            seen.add(spec);
            out.push({ spec, label });
        };
        for (const g of this.searchModel.groupBys) add(g.fieldName, g.string);
        for (const spec of this.archRows.concat(this.archCols)) {
            const [name, interval] = spec.split(":");
            const label = this.fields[name] ? this.fields[name].string || name : name;
            add(spec, interval ? `${label} (${intervalLabels()[interval] || interval})` : label);
        }
        return out;
    }

    /** Reloads the data; a changed searched group-by resets the axes (rows = the searched ones). */
    async load() {
        const searched = this.searchModel.groupBy;
        const key = JSON.stringify(searched);
        if (!this.rowAxis || key !== this.searchedKey) {
            this.searchedKey = key;
            this.rowAxis = new Axis(searched.length ? searched : this.archRows);
            this.colAxis = new Axis(this.archCols);
            this.results = new Map();
            await this.run(() => this.expandAllData());
        } else {
            this.results = new Map();
            await this.run(() => this.ensureData());
        }
    }

    /** Runs a data step then renders; a newer step makes an older one's render moot. */
    async run(step) {
        const generation = ++this.generation;
        this.closeMenu();
        this.el.dataset.loading = "1";
        try {
            await step();
        } catch (err) {
            notifyError(err);
        }
        if (generation !== this.generation) return;
        const focus = this.focusedControl();
        this.render();
        this.restoreFocus(focus);
        delete this.el.dataset.loading;
    }

    /** What has the keyboard focus in the view (a header or a control), to give it back after a
     * render replaced the elements. */
    focusedControl() {
        const active = document.activeElement;
        if (!active || !this.el.contains(active)) return null;
        if (active.classList.contains("fz-pivot-header")) return { axis: active.dataset.axis, key: active.dataset.key };
        if (this.controlEl.contains(active)) return { control: active.className, value: active.value || "" };
        return null;
    }

    restoreFocus(focus) {
        if (!focus) return;
        const target = focus.control !== undefined
            ? Array.from(this.controlEl.querySelectorAll("button, input")).find((el) => el.className === focus.control && (el.value || "") === focus.value)
            : Array.from(this.tableWrap.querySelectorAll(".fz-pivot-header")).find((el) => el.dataset.axis === focus.axis && el.dataset.key === focus.key);
        if (target) target.focus();
    }

    async fetch(keys) {
        const results = this.results;
        const measureFields = this.measures.filter((m) => m !== "__count").map((m) => `${m}:sum`);
        await Promise.all(Array.from(keys).filter((k) => !results.has(k)).map(async (k) => {
            const specs = JSON.parse(k);
            const groups = await callKw(this.model, "read_group", [], { domain: this.domain, fields: measureFields,
                groupby: specs, lazy: false, context: this.context });
            const index = new Map();
            for (const g of groups) index.set(JSON.stringify(specs.map((s) => norm(g[s]))), g);
            results.set(k, { specs, groups, index });
        }));
    }

    /** The header tree of an axis from the fetched results; headers whose data is missing stay leaves. */
    buildTree(axis) {
        const root = { key: "[]", values: [], specs: [], depth: 0, label: _t("Total"), children: null, wanted: null };
        const visit = (node) => {
            const spec = axis.expanded.get(node.key);
            if (!spec) return;
            node.wanted = spec;
            const specs = node.specs.concat([spec]);
            const result = this.results.get(specsKey(specs));
            if (!result) return;
            const prefix = node.values.map((v) => JSON.stringify(v));
            const field = this.fields[spec.split(":")[0]];
            node.children = [];
            const seen = new Set();
            for (const g of result.groups) {
                if (!node.specs.every((s, i) => JSON.stringify(norm(g[s])) === prefix[i])) continue;
                const values = node.values.concat([norm(g[spec])]);
                const key = JSON.stringify(values);
                if (seen.has(key)) continue;
                seen.add(key);
                const child = { key, values, specs, depth: node.depth + 1, label: groupValueLabel(field, g[spec]), children: null, wanted: null };
                node.children.push(child);
                visit(child);
            }
            if (!node.children.length) { node.children = null; node.wanted = null; }   // nothing to split
        };
        visit(root);
        return root;
    }

    /** Fetches what the headers' expansion needs, then every row × column cell. */
    async ensureData() {
        for (;;) {
            const missing = new Set();
            for (const axis of [this.rowAxis, this.colAxis]) {
                for (const node of allNodes(this.buildTree(axis))) {
                    if (node.wanted && !node.children) missing.add(specsKey(node.specs.concat([node.wanted])));
                }
            }
            if (!missing.size) break;
            await this.fetch(missing);
        }
        // drop expansions of headers that no longer exist (a search removed their records)
        for (const axis of [this.rowAxis, this.colAxis]) {
            const alive = new Map();
            for (const node of allNodes(this.buildTree(axis))) if (node.children) alive.set(node.key, node.wanted);
            axis.expanded = alive;
        }
        const cells = new Set();
        const rows = allNodes(this.buildTree(this.rowAxis));
        const cols = columnsOf(this.buildTree(this.colAxis));
        for (const r of rows) for (const c of cols) cells.add(specsKey(r.specs.concat(c.specs)));
        await this.fetch(cells);
    }

    /** Expands both axes level by level along their group-by lists. */
    async expandAllData() {
        for (const axis of [this.rowAxis, this.colAxis]) {
            axis.expanded = new Map();
            if (axis.groupBys.length) axis.expanded.set("[]", axis.groupBys[0]);
        }
        for (;;) {
            await this.ensureData();
            let grew = false;
            for (const axis of [this.rowAxis, this.colAxis]) {
                for (const node of allNodes(this.buildTree(axis))) {
                    if (!node.children && node.depth > 0 && node.depth < axis.groupBys.length) {
                        axis.expanded.set(node.key, axis.groupBys[node.depth]);
                        grew = true;
                    }
                }
            }
            if (!grew) return;
        }
    }

    expandHeader(axis, node, spec) {
        const groupBys = axis.groupBys;
        axis.expanded.set(node.key, spec);
        // splitting a header of the deepest level makes "expand all" go one level deeper too
        if (node.depth >= axis.groupBys.length) axis.groupBys = node.specs.concat([spec]);
        return this.run(async () => {
            try {
                await this.ensureData();
            } catch (err) {   // the server refused this group-by: the header stays as it was
                axis.expanded.delete(node.key);
                axis.groupBys = groupBys;
                throw err;
            }
        });
    }

    collapseHeader(axis, node) {
        axis.expanded.delete(node.key);
        return this.run(() => this.ensureData());
    }

    /** The group of the cell row × col, or null when no record has both header paths. */
    cell(row, col) {
        const values = new Map();
        const pairs = row.specs.map((s, i) => [s, row.values[i]]).concat(col.specs.map((s, i) => [s, col.values[i]]));
        for (const [spec, value] of pairs) {
            if (values.has(spec) && JSON.stringify(values.get(spec)) !== JSON.stringify(value)) return null;   // same field, two values
            values.set(spec, value);
        }
        const result = this.results.get(specsKey(Array.from(values.keys())));
        if (!result) return null;
        return result.index.get(JSON.stringify(result.specs.map((s) => values.get(s)))) || null;
    }

    value(group, measure) {
        if (measure === "__count") return Number(group.__count ?? 0);
        return Number(group[measure]) || 0;
    }

    formatMeasure(measure, value) {
        if (measure === "__count") return formatNumber(value);
        return formatValue(this.fields[measure], value);
    }

    render() {
        this.renderControls();
        clear(this.tableWrap);
        const rowRoot = this.buildTree(this.rowAxis);
        const colRoot = this.buildTree(this.colAxis);
        const rootGroup = this.cell(rowRoot, colRoot);
        if (!rootGroup || !rootGroup.__count) {
            this.tableWrap.appendChild(h("div", { class: "fz-list-empty", text: _t("No data to show") }));
            return;
        }
        const measures = this.measures;
        const span = measures.length;
        const cols = columnsOf(colRoot);
        const colDepth = Math.max(...allNodes(colRoot).map((n) => n.depth));
        const table = h("table", { class: ["fz-list-table", "fz-pivot-table"] });
        const head = h("thead", {});
        const headRows = [];
        for (let d = 0; d <= colDepth; d++) headRows.push(h("tr", { class: "fz-pivot-col-level" }));
        headRows[0].appendChild(h("th", { class: "fz-pivot-corner", rowspan: String(colDepth + 2) }));
        const visit = (node) => {
            const th = h("th", { class: ["fz-pivot-col-header", node.depth === 0 ? "fz-pivot-total" : null], scope: "col",
                colspan: String((node.children ? leafCount(node) : 1) * span),
                rowspan: node.children ? null : String(colDepth - node.depth + 1) });
            th.appendChild(this.headerButton(this.colAxis, node, "col"));
            headRows[node.depth].appendChild(th);
            if (node.children) node.children.forEach(visit);
        };
        visit(colRoot);
        if (colRoot.children) {
            headRows[0].appendChild(h("th", { class: ["fz-pivot-col-header", "fz-pivot-total"], scope: "col",
                colspan: String(span), rowspan: String(colDepth + 1), text: _t("Total") }));
        }
        head.append(...headRows);
        const measureRow = h("tr", {});
        for (let i = 0; i < cols.length; i++) {
            for (const m of measures) measureRow.appendChild(h("th", { class: "fz-pivot-measure-header", scope: "col", text: measureLabel(this.fields, m) }));
        }
        head.appendChild(measureRow);
        table.appendChild(head);
        const body = h("tbody", {});
        for (const row of allNodes(rowRoot)) {
            const isTotal = row.depth === 0;
            const th = h("th", { class: ["fz-pivot-row-header", `fz-pivot-depth-${Math.min(row.depth, MAX_INDENT)}`], scope: "row" },
                this.headerButton(this.rowAxis, row, "row"));
            const tr = h("tr", { class: isTotal ? "fz-pivot-total-row" : "fz-pivot-row", dataset: { row: row.label, depth: String(row.depth) } }, th);
            for (const col of cols) {
                const group = this.cell(row, col);
                for (const m of measures) {
                    const td = h("td", { class: ["fz-pivot-cell", isTotal || col.depth === 0 ? "fz-pivot-total" : null],
                        dataset: { col: col.label, measure: m }, text: group ? this.formatMeasure(m, this.value(group, m)) : "" });
                    if (group && group.__count && this.onOpenGroup) {
                        td.classList.add("fz-pivot-clickable");
                        td.tabIndex = 0;
                        const open = () => this.onOpenGroup(group.__domain, `${row.label} / ${col.label}`);
                        td.addEventListener("click", open);
                        td.addEventListener("keydown", (ev) => { if (ev.key === "Enter") open(); });
                    }
                    tr.appendChild(td);
                }
            }
            body.appendChild(tr);
        }
        table.appendChild(body);
        this.tableWrap.appendChild(table);
    }

    /** A header: expanded → a click collapses it; collapsed → a click opens the group-by menu. */
    headerButton(axis, node, side) {
        const expanded = Boolean(node.children);
        const btn = h("button", { type: "button", class: ["fz-pivot-header", expanded ? "fz-pivot-expanded" : "fz-pivot-collapsed"],
            "aria-expanded": String(expanded), "aria-haspopup": expanded ? null : "menu", dataset: { key: node.key, axis: side }, text: node.label });
        btn.addEventListener("click", () => {
            if (expanded) this.collapseHeader(axis, node);
            else if (this.menu && this.menu.button === btn) this.closeMenu();
            else this.openMenu(btn, axis, node);
        });
        return btn;
    }

    openMenu(button, axis, node) {
        this.closeMenu();
        const options = this.groupByOptions().filter((o) => !node.specs.includes(o.spec));
        const list = h("div", { class: ["fz-dropdown-menu", "fz-pivot-groupby-menu"], role: "menu", "aria-label": _t("Group By") });
        for (const option of options) {
            const item = h("button", { type: "button", role: "menuitem", class: "fz-dropdown-item", dataset: { spec: option.spec }, text: option.label });
            item.addEventListener("click", () => { this.closeMenu(); button.focus(); this.expandHeader(axis, node, option.spec); });
            list.appendChild(item);
        }
        if (!options.length) list.appendChild(h("div", { class: "fz-autocomplete-empty", text: _t("No results") }));
        list.addEventListener("keydown", (ev) => {
            const items = Array.from(list.querySelectorAll("button"));
            const i = items.indexOf(document.activeElement);
            if (ev.key === "Escape") { ev.preventDefault(); this.closeMenu(); button.focus(); }
            else if (ev.key === "ArrowDown" && items.length) { ev.preventDefault(); items[(i + 1) % items.length].focus(); }
            else if (ev.key === "ArrowUp" && items.length) { ev.preventDefault(); items[(i - 1 + items.length) % items.length].focus(); }
        });
        // placed in the view, not the table: the table's scroll box would clip it
        const box = this.el.getBoundingClientRect();
        const at = button.getBoundingClientRect();
        list.style.left = `${at.left - box.left}px`;
        list.style.top = `${at.bottom - box.top}px`;
        this.el.appendChild(list);
        button.setAttribute("aria-expanded", "true");
        const away = (ev) => { if (!list.contains(ev.target) && ev.target !== button) this.closeMenu(); };
        document.addEventListener("mousedown", away);
        this.menu = { el: list, button, away };
        const first = list.querySelector("button");
        if (first) first.focus();
    }

    closeMenu() {
        if (!this.menu) return;
        document.removeEventListener("mousedown", this.menu.away);
        this.menu.el.remove();
        this.menu.button.setAttribute("aria-expanded", "false");
        this.menu = null;
    }

    renderControls() {
        clear(this.controlEl);
        const button = (cls, label, onClick) => h("button", { type: "button", class: ["fz-btn", "fz-btn-light", cls], text: label, onClick });
        const expandAll = button("fz-pivot-expand-all", _t("Expand all"), () => this.run(() => this.expandAllData()));
        const collapseAll = button("fz-pivot-collapse-all", _t("Collapse all"), () => {
            this.rowAxis.expanded = new Map();
            this.colAxis.expanded = new Map();
            this.run(() => this.ensureData());
        });
        const flip = button("fz-pivot-flip", _t("Flip axes"), () => {
            [this.rowAxis, this.colAxis] = [this.colAxis, this.rowAxis];
            this.run(() => this.ensureData());   // cells are keyed by their fields, whichever axis: no new query
        });
        const box = h("fieldset", { class: "fz-pivot-measures" }, h("legend", { text: _t("Measures") }));
        const offered = ["__count", ...measurableFields(this.fields)];
        for (const name of offered) {
            const input = h("input", { type: "checkbox", value: name, checked: this.measures.includes(name) });
            input.addEventListener("change", () => {
                const chosen = new Set(this.measures);
                if (input.checked) chosen.add(name); else chosen.delete(name);
                if (!chosen.size) { input.checked = true; return; }   // at least one measure
                this.measures = offered.filter((m) => chosen.has(m));
                this.results = new Map();   // the sums of the new measure are not fetched yet
                this.run(() => this.ensureData());
            });
            box.appendChild(h("label", { class: "fz-pivot-measure" }, input, " ", measureLabel(this.fields, name)));
        }
        this.controlEl.append(h("div", { class: "fz-pivot-buttons", role: "group" }, expandAll, collapseAll, flip), box);
    }
}

/** The nodes of a header tree, depth first (a header before its sub-headers). */
function allNodes(root) {
    const out = [];
    const visit = (node) => { out.push(node); if (node.children) node.children.forEach(visit); };
    visit(root);
    return out;
}

function leafCount(node) {
    return node.children ? node.children.reduce((n, c) => n + leafCount(c), 0) : 1;
}

/** The value columns of a column tree: its leaves, then the grand total when it is split. */
function columnsOf(root) {
    if (!root.children) return [root];
    return allNodes(root).filter((n) => !n.children).concat([root]);
}
