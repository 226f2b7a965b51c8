// The pivot view: a rows × columns × measures table of read_group results with row, column
// and grand totals. A cell opens the list of its records.
import { h, clear } from "./dom.js";
import { _t } from "./i18n.js";
import { callKw } from "./rpc.js";
import { notifyError } from "./ui.js";
import { formatValue, formatNumber } from "./format.js";
import { andDomains, orDomains } from "./search.js";
import { parseAnalysisArch, groupValueLabel, measureLabel, measurableFields } from "./graph.js";

export class PivotView {
    constructor({ model, arch, fields, searchModel, actionDomain = [], context = {}, onOpenGroup = null }) {
        this.model = model;
        this.arch = arch;
        this.fields = fields;
        this.searchModel = searchModel;
        this.actionDomain = actionDomain;
        this.context = context;
        this.onOpenGroup = onOpenGroup;
        const spec = parseAnalysisArch(arch, fields);
        this.rowSpec = spec.rows[0] || null;
        this.colSpec = spec.cols[0] || null;
        this.measures = spec.measures;
        this.groups = [];
        this.el = h("div", { class: "fz-pivot-view", dataset: { model } });
        this.controlEl = h("div", { class: "fz-pivot-controls" });
        this.tableWrap = h("div", { class: "fz-table-wrap" });
        this.el.append(this.controlEl, this.tableWrap);
        searchModel.onChange(() => this.load());
    }

    get domain() { return andDomains([this.actionDomain, this.searchModel.domain]); }

    /** [rows, cols]: a searched group-by replaces the arch's (first → rows, second → columns). */
    get axes() {
        const searched = this.searchModel.groupBy;
        if (searched.length) return [searched[0], searched[1] || null];
        return [this.rowSpec, this.colSpec];
    }

    async load() {
        this.el.dataset.loading = "1";
        const groupby = this.axes.filter(Boolean);
        const fields = this.measures.filter((m) => m !== "__count").map((m) => `${m}:sum`);
        try {
            // the finest groups only: the totals are sums of them (counts and sums add up)
            this.groups = await callKw(this.model, "read_group", [], { domain: this.domain, fields, groupby,
                lazy: false, context: this.context });
        } catch (err) {
            notifyError(err);
            this.groups = [];
        }
        this.render();
        delete this.el.dataset.loading;
    }

    value(group, measure) {
        if (measure === "__count") return Number(group.__count ?? 0);
        return Number(group[measure]) || 0;
    }

    formatMeasure(measure, value) {
        if (measure === "__count") return formatNumber(value);
        return formatValue(this.fields[measure], value);
    }

    /** Distinct values of one axis, in read_group order: [{key, label}]. */
    axisValues(spec) {
        if (!spec) return [{ key: "", label: _t("Total") }];
        const field = this.fields[spec.split(":")[0]];
        const out = [];
        const seen = new Set();
        for (const g of this.groups) {
            const key = JSON.stringify(g[spec] ?? false);
            if (seen.has(key)) continue;
            seen.add(key);
            out.push({ key, label: groupValueLabel(field, g[spec]) });
        }
        return out;
    }

    render() {
        this.renderControls();
        clear(this.tableWrap);
        const [rowSpec, colSpec] = this.axes;
        const rows = this.axisValues(rowSpec);
        const cols = this.axisValues(colSpec);
        const measures = this.measures;
        const cells = new Map();          // "row|col" → {values, domains}
        const add = (key, group) => {
            const cell = cells.get(key) || { values: measures.map(() => 0), domains: [] };
            measures.forEach((m, i) => { cell.values[i] += this.value(group, m); });
            cell.domains.push(group.__domain);
            cells.set(key, cell);
        };
        for (const g of this.groups) {
            const r = rowSpec ? JSON.stringify(g[rowSpec] ?? false) : "";
            const c = colSpec ? JSON.stringify(g[colSpec] ?? false) : "";
            add(`${r}|${c}`, g);
            add(`${r}|*`, g);
            add(`*|${c}`, g);
            add("*|*", g);
        }
        const table = h("table", { class: ["fz-list-table", "fz-pivot-table"] });
        const head = h("thead", {});
        const colCount = (colSpec ? cols.length : 0) + 1;
        const top = h("tr", {}, h("th", { class: "fz-pivot-corner", rowspan: measures.length > 1 ? "2" : null,
            text: rowSpec ? groupAxisLabel(this.fields, rowSpec) : "" }));
        const colHeads = colSpec ? cols.map((c) => ({ key: c.key, label: c.label })) : [];
        colHeads.push({ key: "*", label: _t("Total") });
        for (const c of colHeads) {
            top.appendChild(h("th", { class: ["fz-pivot-col-header", c.key === "*" ? "fz-pivot-total" : null], scope: "col",
                colspan: measures.length > 1 ? String(measures.length) : null, text: c.label }));
        }
        head.appendChild(top);
        if (measures.length > 1) {
            const sub = h("tr", {});
            for (let i = 0; i < colCount; i++) {
                for (const m of measures) sub.appendChild(h("th", { class: "fz-pivot-measure-header", scope: "col", text: measureLabel(this.fields, m) }));
            }
            head.appendChild(sub);
        }
        table.appendChild(head);
        const body = h("tbody", {});
        const rowKeys = rowSpec ? rows : [];
        const line = (rowKey, label, isTotal) => {
            const tr = h("tr", { class: isTotal ? "fz-pivot-total-row" : "fz-pivot-row", dataset: { row: label } },
                h("th", { class: "fz-pivot-row-header", scope: "row", text: label }));
            for (const c of colHeads) {
                const cell = cells.get(`${rowKey}|${c.key}`);
                measures.forEach((m, i) => {
                    const value = cell ? cell.values[i] : null;
                    const td = h("td", { class: ["fz-pivot-cell", c.key === "*" || isTotal ? "fz-pivot-total" : null],
                        dataset: { col: c.label, measure: m }, text: value === null ? "" : this.formatMeasure(m, value) });
                    if (cell && this.onOpenGroup) {
                        td.classList.add("fz-pivot-clickable");
                        td.tabIndex = 0;
                        const open = () => this.onOpenGroup(orDomains(cell.domains), `${label} / ${c.label}`);
                        td.addEventListener("click", open);
                        td.addEventListener("keydown", (ev) => { if (ev.key === "Enter") open(); });
                    }
                    tr.appendChild(td);
                });
            }
            body.appendChild(tr);
        };
        for (const r of rowKeys) line(r.key, r.label, false);
        line("*", _t("Total"), true);
        table.appendChild(body);
        if (!this.groups.length) {
            this.tableWrap.appendChild(h("div", { class: "fz-list-empty", text: _t("No data to show") }));
            return;
        }
        this.tableWrap.appendChild(table);
    }

    renderControls() {
        clear(this.controlEl);
        const flip = h("button", { type: "button", class: ["fz-btn", "fz-btn-light", "fz-pivot-flip"], text: _t("Flip axes"),
            disabled: Boolean(this.searchModel.groupBy.length),
            onClick: () => { [this.rowSpec, this.colSpec] = [this.colSpec, this.rowSpec]; this.render(); } });
        const box = h("fieldset", { class: "fz-pivot-measures" }, h("legend", { text: _t("Measures") }));
        for (const name of ["__count", ...measurableFields(this.fields)]) {
            const input = h("input", { type: "checkbox", value: name, checked: this.measures.includes(name) });
            input.addEventListener("change", () => {
                const chosen = new Set(this.measures);
                if (input.checked) chosen.add(name); else chosen.delete(name);
                if (!chosen.size) { input.checked = true; return; }   // at least one measure
                this.measures = ["__count", ...measurableFields(this.fields)].filter((m) => chosen.has(m));
                this.load();
            });
            box.appendChild(h("label", { class: "fz-pivot-measure" }, input, " ", measureLabel(this.fields, name)));
        }
        this.controlEl.append(flip, box);
    }
}

function groupAxisLabel(fields, spec) {
    const field = fields[spec.split(":")[0]];
    return (field && field.string) || spec;
}
