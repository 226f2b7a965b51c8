// The kanban view: cards from the arch's "kanban-box" template (fields and plain HTML
// elements; QWeb directives are not evaluated), in columns by the default or searched group-by
// (a selection group-by shows all its values as columns, empty ones too).
// A card dragged to another column writes the group-by field, unless the view forbids it
// (records_draggable="0") or the field is read-only (workflow states change through buttons).
import { h, clear } from "./dom.js";
import { _t } from "./i18n.js";
import { callKw } from "./rpc.js";
import { notifyError } from "./ui.js";
import { nodeModifiers } from "./modifiers.js";
import { formatValue, selectionLabel } from "./format.js";
import { deadlineBadge, explanationFieldOf } from "./fields.js";
import { provisionalName } from "./record.js";
import { SearchedView } from "./search.js";

const CARD_TAGS = new Set(["div", "span", "strong", "b", "em", "i", "small", "p", "ul", "li", "h1", "h2", "h3", "h4", "br", "hr"]);
const COLUMN_LIMIT = 80;

export class KanbanView extends SearchedView {
    constructor(params) {
        super(params, "fz-kanban-view");
        this.onOpen = params.onOpen;
        this.template = Array.from(this.arch.getElementsByTagName("t")).find((t) => t.getAttribute("t-name") === "kanban-box") || null;
    }

    fieldNames() {
        const names = new Set(["id", "display_name"]);
        for (const node of Array.from(this.arch.getElementsByTagName("field"))) {
            const name = node.getAttribute("name");
            if (this.fields[name]) names.add(name);
            if (node.getAttribute("widget") === "fz_deadline_badge" && this.fields[explanationFieldOf(node)]) names.add(explanationFieldOf(node));
            if (node.getAttribute("widget") === "fz_deadline_badge" && this.fields[provisionalName(node)]) names.add(provisionalName(node));
        }
        return Array.from(names);
    }

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
                const columns = this.withEmptyColumns(groupBy, groups.map((g) => ({ label: this.groupLabel(fname, g[groupBy]),
                    count: g[`${fname}_count`] ?? g.__count ?? 0, domain: g.__domain, records: [], value: g[groupBy] })));
                // one search_read per non-empty column, in parallel (an empty column needs none)
                await Promise.all(columns.filter((c) => c.domain).map(async (column) => {
                    column.records = await callKw(this.model, "search_read", [], { domain: column.domain, fields, limit: COLUMN_LIMIT,
                        context: this.context });
                }));
                this.columns = columns;
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

    /** A selection group-by shows its columns in the field's order; where cards can be dropped,
     * a column for every value, even without cards (as Flectra's group_expand does for stages),
     * otherwise only the values that have cards (empty columns would push those off screen).
     * The "None" column only when some records have no value. */
    withEmptyColumns(groupBy, columns) {
        const field = this.fields[groupBy];
        if (!field || field.type !== "selection" || !Array.isArray(field.selection)) return columns;
        const droppable = this.dropField === groupBy;
        const byValue = new Map(columns.map((c) => [c.value, c]));
        const out = columns.filter((c) => c.value === false || c.value === null);
        for (const [value] of field.selection) {
            if (byValue.has(value)) out.push(byValue.get(value));
            else if (droppable) out.push({ label: this.groupLabel(groupBy, value), count: 0, domain: null, records: [], value });
        }
        // a value the field no longer offers still shows its records
        for (const c of columns) if (!out.includes(c)) out.push(c);
        return out;
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

    /** Moves the card at once, then writes the group-by field; a write the server refuses shows
     * its error and puts the card back where it was. */
    async moveCard(recordId, column, columnEl) {
        const fname = this.dropField;
        if (!fname) return;
        const value = Array.isArray(column.value) ? column.value[0] : (column.value ?? false);
        const card = this.el.querySelector(`.fz-kanban-card[data-id="${recordId}"]`);
        if (card && columnEl) columnEl.appendChild(card);
        this.el.dataset.loading = "1";
        try {
            await callKw(this.model, "write", [[recordId], { [fname]: value }], { context: this.context });
        } catch (err) {
            notifyError(err);
            this.render();   // this.columns is still the server's state: the card goes back
            delete this.el.dataset.loading;
            return;
        }
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
        const draggable = Boolean(this.dropField);
        for (const column of this.columns) {
            const value = Array.isArray(column.value) ? column.value[0] : column.value;
            const col = h("section", { class: "fz-kanban-column", "aria-label": column.label || "",
                dataset: column.label !== null ? { value: JSON.stringify(value ?? false) } : null });
            if (column.label !== null) {
                col.appendChild(h("h3", { class: "fz-kanban-header" }, h("span", { text: column.label }),
                    h("span", { class: "fz-group-count", text: ` (${column.count})` })));
            }
            for (const record of column.records) col.appendChild(this.renderCard(record));
            if (draggable && column.label !== null) {
                if (!column.records.length) col.classList.add("fz-kanban-column-empty");
                this.makeDropTarget(col, column);
            }
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
        // dragleave also fires when the pointer enters a card inside the column: only leaving it counts
        el.addEventListener("dragleave", (ev) => { if (!el.contains(ev.relatedTarget)) el.classList.remove("fz-drop-target"); });
        el.addEventListener("drop", (ev) => {
            ev.preventDefault();
            el.classList.remove("fz-drop-target");
            const id = Number(ev.dataTransfer.getData("text/plain"));
            if (!id || column.records.some((r) => r.id === id)) return;   // dropped where it already is
            this.moveCard(id, column, el);
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
                    target.appendChild(deadlineBadge(field, record[name], record[explanationFieldOf(child)], record[provisionalName(child)]));
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
