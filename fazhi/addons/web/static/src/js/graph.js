// The graph view: a bar, line or pie chart of read_group results, drawn as inline SVG with
// createElementNS (no chart library). Rows of the arch are the categories, a "col" field the
// series; measures are `type="measure"` fields or the record count.
import { h, clear } from "./dom.js";
import { _t } from "./i18n.js";
import { callKw } from "./rpc.js";
import { notifyError } from "./ui.js";
import { formatNumber, selectionLabel } from "./format.js";
import { SearchedView } from "./search.js";

const SVG_NS = "http://www.w3.org/2000/svg";
const SERIES_COLORS = 10;   // .fz-series-0 … -9 in web.css
const WIDTH = 760;
const HEIGHT = 340;
const MARGIN = { top: 16, right: 16, bottom: 64, left: 56 };

/** An SVG element: attributes are plain presentation attributes (no style, no handlers). */
export function svg(tag, attrs = {}, ...children) {
    const el = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs)) {
        if (value === undefined || value === null || value === false) continue;
        if (/^on/i.test(key) || key === "style" || key === "href") throw new Error("refusing to set attribute " + key);
        el.setAttribute(key, String(value));
    }
    for (const child of children) {
        if (child === null || child === undefined) continue;
        el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return el;
}

/** The label of a read_group value of `field` (selection labels, many2one names, date periods). */
export function groupValueLabel(field, value) {
    if (value === false || value === null || value === undefined) return _t("None");
    if (Array.isArray(value)) return String(value[1]);
    if (field && field.type === "selection") return selectionLabel(field, value);
    if (field && field.type === "boolean") return value ? _t("Yes") : _t("No");
    return String(value);
}

/** The groupby specs, measures and options of a <graph>/<pivot> arch. */
export function parseAnalysisArch(arch, fields) {
    const rows = [];
    const cols = [];
    const measures = [];
    for (const node of Array.from(arch.children)) {
        if (node.tagName !== "field") continue;
        const name = node.getAttribute("name");
        if (!fields[name] && name !== "__count") continue;
        const type = node.getAttribute("type") || "row";
        const interval = node.getAttribute("interval");
        const spec = interval ? `${name}:${interval}` : name;
        if (type === "measure") measures.push(name);
        else if (type === "col") cols.push(spec);
        else if (type === "row") rows.push(spec);
    }
    return { rows, cols, measures: measures.length ? measures : ["__count"] };
}

export function measureLabel(fields, name) {
    if (name === "__count") return _t("Count");
    return (fields[name] && fields[name].string) || name;
}

/** Measurable fields of the model (for the measure chooser). */
export function measurableFields(fields) {
    return Object.entries(fields).filter(([name, f]) => ["integer", "float", "monetary"].includes(f.type)
        && f.store !== false && name !== "id" && name !== "sequence").map(([name]) => name);
}

/** A round tick step giving about four ticks up to `max` (whole numbers for counts). */
function tickStep(max, integer) {
    const raw = max > 0 ? max / 4 : 1;
    const exp = Math.pow(10, Math.floor(Math.log10(raw)));
    let step = 10 * exp;
    for (const m of [1, 2, 5, 10]) if (m * exp >= raw) { step = m * exp; break; }
    return integer ? Math.max(1, Math.round(step)) : step;
}

export class GraphView extends SearchedView {
    constructor(params) {
        super(params, "fz-graph-view");
        this.onOpenGroup = params.onOpenGroup || null;
        const spec = parseAnalysisArch(this.arch, this.fields);
        this.archGroupBy = spec.rows.concat(spec.cols);
        this.measure = spec.measures[0];
        this.mode = ["bar", "line", "pie"].includes(this.arch.getAttribute("type")) ? this.arch.getAttribute("type") : "bar";
        this.stacked = this.arch.getAttribute("stacked") !== "0" && this.arch.getAttribute("stacked") !== "False";
        this.title = this.arch.getAttribute("string") || "";
        this.groups = [];
        this.controlEl = h("div", { class: "fz-graph-controls" });
        this.chartEl = h("div", { class: "fz-graph-chart" });
        this.el.append(this.controlEl, this.chartEl);
    }

    /** At most two levels: categories, then series. A searched group-by replaces the arch's. */
    get groupBy() {
        const searched = this.searchModel.groupBy;
        return (searched.length ? searched : this.archGroupBy).slice(0, 2);
    }

    async load() {
        this.el.dataset.loading = "1";
        try {
            const measures = this.measure === "__count" ? [] : [`${this.measure}:sum`];
            this.groups = this.groupBy.length ? await callKw(this.model, "read_group", [], { domain: this.domain, fields: measures,
                groupby: this.groupBy, lazy: false, context: this.context }) : [];
        } catch (err) {
            notifyError(err);
            this.groups = [];
        }
        this.render();
        delete this.el.dataset.loading;
    }

    value(group) {
        if (this.measure === "__count") return Number(group.__count ?? 0);
        return Number(group[this.measure]) || 0;
    }

    /** {categories: [{key, label, domain}], series: [{key, label}], values: Map("cat|ser" → {value, domain})} */
    dataset() {
        const [rowSpec, colSpec] = this.groupBy;
        const field = (spec) => spec && this.fields[spec.split(":")[0]];
        const categories = [];
        const series = [];
        const values = new Map();
        const seen = new Map();
        const seenSeries = new Map();
        for (const group of this.groups) {
            const rowKey = JSON.stringify(group[rowSpec] ?? false);
            if (!seen.has(rowKey)) {
                seen.set(rowKey, categories.length);
                categories.push({ key: rowKey, label: groupValueLabel(field(rowSpec), group[rowSpec]) });
            }
            const serKey = colSpec ? JSON.stringify(group[colSpec] ?? false) : "";
            if (!seenSeries.has(serKey)) {
                seenSeries.set(serKey, series.length);
                series.push({ key: serKey, label: colSpec ? groupValueLabel(field(colSpec), group[colSpec]) : measureLabel(this.fields, this.measure) });
            }
            values.set(rowKey + "|" + serKey, { value: this.value(group), domain: group.__domain });
        }
        return { categories, series, values };
    }

    render() {
        this.renderControls();
        clear(this.chartEl);
        if (!this.groups.length) {
            this.chartEl.appendChild(h("div", { class: "fz-list-empty", text: _t("No data to show") }));
            return;
        }
        const data = this.dataset();
        const chart = this.mode === "pie" ? this.renderPie(data) : this.renderAxes(data);
        this.chartEl.appendChild(chart);
        this.chartEl.appendChild(this.renderLegend(this.mode === "pie" ? data.categories : data.series));
    }

    renderControls() {
        clear(this.controlEl);
        const modes = h("div", { class: "fz-graph-modes", role: "group", "aria-label": _t("Chart type") });
        for (const [mode, label] of [["bar", _t("Bar chart")], ["line", _t("Line chart")], ["pie", _t("Pie chart")]]) {
            modes.appendChild(h("button", { type: "button", class: ["fz-btn", "fz-btn-light", mode === this.mode ? "fz-active" : null],
                "aria-pressed": String(mode === this.mode), dataset: { mode }, text: label,
                onClick: () => { this.mode = mode; this.render(); } }));
        }
        const select = h("select", { class: ["fz-input", "fz-graph-measure"], "aria-label": _t("Measure") });
        for (const name of ["__count", ...measurableFields(this.fields)]) {
            select.appendChild(h("option", { value: name, text: measureLabel(this.fields, name), selected: name === this.measure }));
        }
        select.addEventListener("change", () => { this.measure = select.value; this.load(); });
        this.controlEl.append(modes, h("label", { class: "fz-graph-measure-label" }, _t("Measure"), " ", select));
        if (this.mode === "bar" && this.groupBy.length > 1) {   // a second group-by: its series stacked or side by side
            this.controlEl.appendChild(h("button", { type: "button", class: ["fz-btn", "fz-btn-light", "fz-graph-stacked", this.stacked ? "fz-active" : null],
                "aria-pressed": String(this.stacked), text: _t("Stacked"), onClick: () => { this.stacked = !this.stacked; this.render(); } }));
        }
    }

    openGroup(domain, label) {
        if (this.onOpenGroup && domain) this.onOpenGroup(domain, label);
    }

    /** Bars (grouped or stacked) or lines over the categories, with a value axis. */
    renderAxes({ categories, series, values }) {
        const plotW = WIDTH - MARGIN.left - MARGIN.right;
        const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
        const stacked = this.mode === "bar" && this.stacked && series.length > 1;
        let max = 0;
        for (const cat of categories) {
            let sum = 0;
            for (const ser of series) {
                const v = (values.get(cat.key + "|" + ser.key) || {}).value || 0;
                sum += v;
                max = Math.max(max, v);
            }
            if (stacked) max = Math.max(max, sum);
        }
        const integer = this.measure === "__count" || (this.fields[this.measure] || {}).type === "integer";
        const step = tickStep(max, integer);
        const ticks = Math.max(1, Math.ceil(max / step));
        max = step * ticks;
        const y = (v) => MARGIN.top + plotH - (v / max) * plotH;
        const root = svg("svg", { class: `fz-graph-svg fz-graph-mode-${this.mode}`, viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
            role: "img", "aria-label": this.title || measureLabel(this.fields, this.measure) });
        root.appendChild(svg("title", {}, this.title || measureLabel(this.fields, this.measure)));
        const axis = svg("g", { class: "fz-graph-axis" });
        for (let i = 0; i <= ticks; i++) {
            const v = step * i;
            axis.appendChild(svg("line", { class: "fz-graph-gridline", x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(v), y2: y(v) }));
            axis.appendChild(svg("text", { class: "fz-graph-tick", x: MARGIN.left - 6, y: y(v) + 4, "text-anchor": "end" }, formatNumber(v)));
        }
        root.appendChild(axis);
        const band = plotW / categories.length;
        const labels = svg("g", { class: "fz-graph-labels" });
        const slanted = categories.length > 8;   // many categories: slanted labels do not overlap
        categories.forEach((cat, i) => {
            const x = MARGIN.left + band * i + band / 2;
            const ly = HEIGHT - MARGIN.bottom + 16;
            labels.appendChild(svg("text", { class: "fz-graph-category", x, y: ly, "text-anchor": slanted ? "end" : "middle",
                transform: slanted ? `rotate(-35 ${x} ${ly})` : null },
                cat.label.length > 14 ? cat.label.slice(0, 13) + "…" : cat.label));
        });
        root.appendChild(labels);
        const plot = svg("g", { class: "fz-graph-plot" });
        if (this.mode === "bar") {
            const inner = Math.min(band * 0.7, stacked ? 64 : 28 * series.length + 36);   // no slabs for few categories
            const barW = stacked ? inner : inner / series.length;
            categories.forEach((cat, i) => {
                let base = 0;
                series.forEach((ser, j) => {
                    const cell = values.get(cat.key + "|" + ser.key);
                    if (!cell || !cell.value) return;
                    const x = MARGIN.left + band * i + (band - inner) / 2 + (stacked ? 0 : barW * j);
                    const top = y(base + cell.value);
                    const height = y(base) - top;
                    if (stacked) base += cell.value;
                    const label = `${cat.label} / ${ser.label}: ${formatNumber(cell.value)}`;
                    const rect = svg("rect", { class: `fz-graph-bar fz-series-${j % SERIES_COLORS}`, x, y: top, width: Math.max(barW - 2, 1),
                        height: Math.max(height, 0), tabindex: "0", role: "button", "aria-label": label,
                        "data-category": cat.label, "data-series": ser.label, "data-value": cell.value }, svg("title", {}, label));
                    rect.addEventListener("click", () => this.openGroup(cell.domain, `${cat.label} / ${ser.label}`));
                    rect.addEventListener("keydown", (ev) => { if (ev.key === "Enter") this.openGroup(cell.domain, `${cat.label} / ${ser.label}`); });
                    plot.appendChild(rect);
                });
            });
        } else {
            series.forEach((ser, j) => {
                const points = categories.map((cat, i) => {
                    const cell = values.get(cat.key + "|" + ser.key);
                    return { x: MARGIN.left + band * i + band / 2, v: cell ? cell.value : 0, cell, cat };
                });
                plot.appendChild(svg("polyline", { class: `fz-graph-line fz-series-${j % SERIES_COLORS}`, fill: "none",
                    points: points.map((p) => `${p.x},${y(p.v)}`).join(" ") }));
                for (const p of points) {
                    const label = `${p.cat.label} / ${ser.label}: ${formatNumber(p.v)}`;
                    const dot = svg("circle", { class: `fz-graph-point fz-series-${j % SERIES_COLORS}`, cx: p.x, cy: y(p.v), r: 4,
                        "data-category": p.cat.label, "data-series": ser.label, "data-value": p.v }, svg("title", {}, label));
                    if (p.cell) dot.addEventListener("click", () => this.openGroup(p.cell.domain, `${p.cat.label} / ${ser.label}`));
                    plot.appendChild(dot);
                }
            });
        }
        root.appendChild(plot);
        root.appendChild(svg("line", { class: "fz-graph-baseline", x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(0), y2: y(0) }));
        return root;
    }

    /** A pie of the categories (summed over the series). */
    renderPie({ categories, series, values }) {
        const size = HEIGHT;
        const cx = size / 2;
        const cy = size / 2;
        const r = size / 2 - 12;
        const slices = categories.map((cat) => {
            let total = 0;
            const domains = [];
            for (const ser of series) {
                const cell = values.get(cat.key + "|" + ser.key);
                if (cell) { total += cell.value; domains.push(cell.domain); }
            }
            return { cat, total, domain: series.length > 1 ? null : domains[0] };
        }).filter((s) => s.total > 0);
        const sum = slices.reduce((acc, s) => acc + s.total, 0);
        const root = svg("svg", { class: "fz-graph-svg fz-graph-mode-pie", viewBox: `0 0 ${size} ${size}`, role: "img",
            "aria-label": this.title || measureLabel(this.fields, this.measure) });
        root.appendChild(svg("title", {}, this.title || measureLabel(this.fields, this.measure)));
        let angle = -Math.PI / 2;
        slices.forEach((slice) => {
            const i = categories.indexOf(slice.cat);
            const part = sum ? slice.total / sum : 0;
            const label = `${slice.cat.label}: ${formatNumber(slice.total)} (${Math.round(part * 100)}%)`;
            const attrs = { class: `fz-graph-slice fz-series-${i % SERIES_COLORS}`, "data-category": slice.cat.label, "data-value": slice.total };
            let shape;
            if (part >= 0.9999) {
                shape = svg("circle", Object.assign(attrs, { cx, cy, r }), svg("title", {}, label));
            } else {
                const end = angle + part * 2 * Math.PI;
                const large = part > 0.5 ? 1 : 0;
                const d = `M ${cx} ${cy} L ${cx + r * Math.cos(angle)} ${cy + r * Math.sin(angle)} `
                    + `A ${r} ${r} 0 ${large} 1 ${cx + r * Math.cos(end)} ${cy + r * Math.sin(end)} Z`;
                shape = svg("path", Object.assign(attrs, { d }), svg("title", {}, label));
                angle = end;
            }
            if (slice.domain) shape.addEventListener("click", () => this.openGroup(slice.domain, slice.cat.label));
            root.appendChild(shape);
        });
        return root;
    }

    renderLegend(items) {
        const legend = h("ul", { class: "fz-graph-legend" });
        items.forEach((item, i) => {
            legend.appendChild(h("li", { class: "fz-graph-legend-item" },
                h("span", { class: ["fz-graph-swatch", "fz-series-" + (i % SERIES_COLORS)], "aria-hidden": "true" }),
                h("span", { text: item.label })));
        });
        return legend;
    }
}
