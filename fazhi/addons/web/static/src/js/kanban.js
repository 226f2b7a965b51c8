// The kanban view: cards from the arch's "kanban-box" template (fields and plain HTML
// elements; QWeb directives are not evaluated), in columns by the default or searched group-by.
// A card dragged to another column writes the group-by field, unless the view forbids it
// (records_draggable="0") or the field is read-only (workflow states change through buttons).
import { h, clear } from "./dom.js";
import { _t } from "./i18n.js";
import { callKw } from "./rpc.js";
import { notifyError } from "./ui.js";
import { nodeModifiers } from "./modifiers.js";
import { formatValue, selectionLabel } from "./format.js";
import { deadlineBadge, explanationFieldOf } from "./fields.js";
import { andDomains } from "./search.js";

const CARD_TAGS = new Set(["div", "span", "strong", "b", "em", "i", "small", "p", "ul", "li", "h1", "h2", "h3", "h4", "br", "hr"]);
const COLUMN_LIMIT = 80;

export class KanbanView {
    constructor({ model, arch, fields, searchModel, actionDomain = [], context = {}, onOpen }) {
        this.model = model;
        this.arch = arch;
        this.fields = fields;
        this.searchModel = searchModel;
        this.actionDomain = actionDomain;
        this.context = context;
        this.onOpen = onOpen;
        this.template = Array.from(arch.getElementsByTagName("t")).find((t) => t.getAttribute("t-name") === "kanban-box") || null;
        this.el = h("div", { class: "fz-kanban-view", dataset: { model } });
        searchModel.onChange(() => this.load());
    }

    fieldNames() {
        const names = new Set(["id", "display_name"]);
        for (const node of Array.from(this.arch.getElementsByTagName("field"))) {
            const name = node.getAttribute("name");
            if (this.fields[name]) names.add(name);
            if (node.getAttribute("widget") === "fz_deadline_badge" && this.fields[explanationFieldOf(node)]) names.add(explanationFieldOf(node));
        }
        return Array.from(names);
    }

    get domain() { return andDomains([this.actionDomain, this.searchModel.domain]); }

    get groupBy() {
        const searched = this.searchModel.groupBy;
        if (searched.length) return searched[0];
        const dflt = this.arch.getAttribute("default_group_by");
        return dflt && this.fields[dflt.split(":")[0]] ? dflt : null;
    }

    async load() {
        this.el.dataset.loading = "1";
        const fields = this.fieldNames();
        const groupBy = this.groupBy;
        try {
            if (groupBy) {
                const fname = groupBy.split(":")[0];
                const groups = await callKw(this.model, "read_group", [], { domain: this.domain, fields: [], groupby: [groupBy],
                    lazy: true, context: this.context });
                this.columns = [];
                for (const g of groups) {
                    const records = await callKw(this.model, "search_read", [], { domain: g.__domain, fields, limit: COLUMN_LIMIT,
                        context: this.context });
                    this.columns.push({ label: this.groupLabel(fname, g[groupBy]), count: g[`${fname}_count`] ?? g.__count ?? records.length,
                        records, value: g[groupBy] });
                }
            } else {
                const records = await callKw(this.model, "search_read", [], { domain: this.domain, fields, limit: COLUMN_LIMIT,
                    context: this.context });
                this.columns = [{ label: null, count: records.length, records }];
            }
        } catch (err) {
            notifyError(err);
            this.columns = [];
        }
        this.render();
        delete this.el.dataset.loading;
    }

    /** The group-by field a drop may write, or null when cards are not draggable. */
    get dropField() {
        const groupBy = this.groupBy;
        if (!groupBy || groupBy.includes(":")) return null;   // a date period is not a value to write
        const flag = this.arch.getAttribute("records_draggable");
        if (flag === "0" || flag === "false" || flag === "False") return null;
        const field = this.fields[groupBy];
        if (!field || field.readonly || !["selection", "many2one", "char", "boolean", "integer"].includes(field.type)) return null;
        for (const node of Array.from(this.arch.getElementsByTagName("field"))) {
            if (node.getAttribute("name") !== groupBy) continue;
            const mods = nodeModifiers(node);
            if (mods.readonly) return null;   // read-only in this view (constant or conditional)
        }
        return groupBy;
    }

    async moveCard(recordId, column) {
        const fname = this.dropField;
        if (!fname) return;
        const value = Array.isArray(column.value) ? column.value[0] : (column.value ?? false);
        try {
            await callKw(this.model, "write", [[recordId], { [fname]: value }], { context: this.context });
        } catch (err) { notifyError(err); }
        await this.load();
    }

    groupLabel(fname, value) {
        const field = this.fields[fname];
        if (value === false || value === null) return _t("None");
        if (field && field.type === "selection") return selectionLabel(field, value);
        if (Array.isArray(value)) return String(value[1]);
        return String(value);
    }

    render() {
        clear(this.el);
        const board = h("div", { class: ["fz-kanban", this.columns.length > 1 || this.columns[0]?.label ? "fz-kanban-grouped" : null] });
        for (const column of this.columns) {
            const col = h("section", { class: "fz-kanban-column", "aria-label": column.label || "" });
            if (column.label !== null) {
                col.appendChild(h("h3", { class: "fz-kanban-header" }, h("span", { text: column.label }),
                    h("span", { class: "fz-group-count", text: ` (${column.count})` })));
            }
            for (const record of column.records) col.appendChild(this.renderCard(record));
            if (this.dropField && column.label !== null) this.makeDropTarget(col, column);
            board.appendChild(col);
        }
        if (!this.columns.some((c) => c.records.length)) board.appendChild(h("div", { class: "fz-list-empty", text: _t("No records found") }));
        this.el.appendChild(board);
    }

    renderCard(record) {
        const card = h("article", { class: "fz-kanban-card", tabindex: "0", dataset: { id: record.id } });
        if (this.dropField) {
            card.draggable = true;
            card.addEventListener("dragstart", (ev) => {
                ev.dataTransfer.setData("text/plain", String(record.id));
                ev.dataTransfer.effectAllowed = "move";
                card.classList.add("fz-dragging");
            });
            card.addEventListener("dragend", () => card.classList.remove("fz-dragging"));
        }
        if (this.template) this.renderNodes(this.template, card, record);
        else card.appendChild(h("strong", { text: record.display_name || "" }));
        const open = () => this.onOpen(record.id, this.columns.flatMap((c) => c.records.map((r) => r.id)));
        card.addEventListener("click", (ev) => { if (!ev.target.closest(".fz-badge-wrap")) open(); });
        card.addEventListener("keydown", (ev) => { if (ev.key === "Enter" && ev.target === card) open(); });
        return card;
    }

    makeDropTarget(el, column) {
        el.addEventListener("dragover", (ev) => { ev.preventDefault(); ev.dataTransfer.dropEffect = "move"; el.classList.add("fz-drop-target"); });
        el.addEventListener("dragleave", () => el.classList.remove("fz-drop-target"));
        el.addEventListener("drop", (ev) => {
            ev.preventDefault();
            el.classList.remove("fz-drop-target");
            const id = Number(ev.dataTransfer.getData("text/plain"));
            if (!id || column.records.some((r) => r.id === id)) return;   // dropped where it already is
            this.moveCard(id, column);
        });
    }

    renderNodes(node, target, record) {
        for (const child of Array.from(node.childNodes)) {
            if (child.nodeType === Node.TEXT_NODE) {
                if (child.nodeValue.trim()) target.appendChild(document.createTextNode(child.nodeValue));
                continue;
            }
            if (child.nodeType !== Node.ELEMENT_NODE) continue;
            const tag = child.tagName;
            if (tag === "field") {
                const name = child.getAttribute("name");
                const field = this.fields[name];
                if (!field) continue;
                if (child.getAttribute("widget") === "fz_deadline_badge") {
                    target.appendChild(deadlineBadge(field, record[name], record[explanationFieldOf(child)]));
                } else {
                    target.appendChild(h("span", { class: "fz-kanban-field", dataset: { name }, text: formatValue(field, record[name]) }));
                }
            } else if (tag === "t") {
                this.renderNodes(child, target, record);
            } else {
                const cls = (child.getAttribute("class") || "").split(/\s+/).filter((c) => /^[\w-]+$/.test(c));
                const el = h(CARD_TAGS.has(tag) ? tag : "div", { class: cls });
                this.renderNodes(child, el, record);
                target.appendChild(el);
            }
        }
    }
}
