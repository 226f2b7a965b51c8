// Field widgets: read-only and edit rendering by field type, the many2one autocompletion,
// x2many inline lists, statusbar and the deadline badge; plus list cell rendering.
import { h, clear, sanitizedFragment, htmlToText, debounce, uniqueId } from "./dom.js";
import { _t } from "./i18n.js";
import { callKw } from "./rpc.js";
import { formatValue, selectionLabel, utcToLocal, localToUtc } from "./format.js";
import { isTrue, nodeModifiers } from "./modifiers.js";
import { X2ManyList, explanationName, provisionalName, normalizeForAst } from "./record.js";
import { evalContext, evalDomain } from "./pyeval.js";
import { notifyError, dialog } from "./ui.js";
import { contentUrl } from "./export.js";

export { normalizeForAst };
export const explanationFieldOf = explanationName;

// --- deadline badge (widget="fz_deadline_badge") ----------------------------------------------
const BADGE_STATES = ["green", "amber", "red"];

export function deadlineBadge(field, state, explanation, provisional) {
    let label = field ? selectionLabel(field, state) : String(state || "");
    // a date counted over a year whose holiday notice is not loaded says so on the badge itself
    if (provisional) label = label + " · " + _t("provisional");
    if (!state || state === "none" || !BADGE_STATES.includes(state)) {
        return h("span", { class: ["fz-badge", "fz-badge-none"], text: label || _t("No deadline") });
    }
    const tipId = uniqueId("fz-tip");
    const text = explanation ? String(explanation) : _t("No explanation available.");
    const badge = h("button", { type: "button", class: ["fz-badge", "fz-deadline-badge", "fz-badge-" + state].concat(provisional ? ["fz-badge-provisional"] : []),
        "aria-describedby": tipId, title: text, dataset: { state } }, label);
    const tip = h("span", { class: "fz-popover", role: "tooltip", id: tipId, hidden: true },
        h("span", { class: "fz-popover-title", text: _t("Why this date") }),
        h("span", { class: "fz-popover-body", text }));
    const wrap = h("span", { class: "fz-badge-wrap" }, badge, tip);
    // hover and focus show it; a click pins it open (and a second click closes it): the click
    // comes after the focus that showed it, so a plain toggle closed it at once
    let pinned = false;
    const show = () => { tip.hidden = false; };
    const hide = () => { if (!pinned) tip.hidden = true; };
    badge.addEventListener("mouseenter", show);
    badge.addEventListener("mouseleave", hide);
    badge.addEventListener("focus", show);
    badge.addEventListener("blur", () => { pinned = false; hide(); });
    badge.addEventListener("click", (ev) => { ev.stopPropagation(); pinned = !pinned; tip.hidden = !pinned; });
    badge.addEventListener("keydown", (ev) => { if (ev.key === "Escape") { pinned = false; hide(); } });
    return wrap;
}

// --- list cells --------------------------------------------------------------------------------
export function renderCell(col, record, fields) {
    const field = col.field;
    const value = record[col.name];
    if (col.widget === "fz_deadline_badge") {
        return deadlineBadge(field, value, record[explanationName(col.node)], record[provisionalName(col.node)]);
    }
    if (field.type === "boolean") {
        return h("input", { type: "checkbox", disabled: true, checked: Boolean(value), "aria-label": col.label });
    }
    if (field.type === "html") return h("span", { text: htmlToText(value).slice(0, 200) });
    if (field.type === "many2many" && Array.isArray(value)) return h("span", { text: formatValue(field, value) });
    if (field.type === "many2one" && field.relation === "ir.attachment" && Array.isArray(value)) {
        return h("a", { href: contentUrl(value[0]), class: "fz-download", text: value[1], onClick: (ev) => ev.stopPropagation() });
    }
    return h("span", { text: formatValue(field, value) });
}

// --- form widgets ------------------------------------------------------------------------------
export class FieldWidget {
    constructor({ record, name, node, field, renderer }) {
        this.record = record;
        this.name = name;
        this.node = node;
        this.field = field;
        this.renderer = renderer;
        this.mods = nodeModifiers(node);
        this.inputId = uniqueId("fz-field-" + name);
        this.el = h("div", { class: ["fz-field", "fz-field-" + field.type, node.getAttribute("widget") ? "fz-widget-" + node.getAttribute("widget") : null],
            dataset: { name } });
        this.renderedMode = null;
    }

    get value() { return this.record.get(this.name); }

    get readonly() {
        if (this.renderer.mode === "readonly") return true;
        if (this.mods.readonly) return isTrue(this.mods.readonly, this.record.scope());
        return Boolean(this.field.readonly);
    }

    get required() {
        if (this.mods.required) return isTrue(this.mods.required, this.record.scope());
        return Boolean(this.field.required);
    }

    get placeholder() { return this.node.getAttribute("placeholder") || ""; }

    set(value, opts) { return this.record.update({ [this.name]: value }, opts); }

    refresh() {
        const mode = this.readonly ? "ro" : "edit";
        const error = this.record.errors.get(this.name);
        if (mode !== this.renderedMode) {
            clear(this.el);
            this.body = h("div", { class: "fz-field-body" });
            this.errorEl = h("div", { class: "fz-field-error", role: "alert", hidden: true });
            this.el.append(this.body, this.errorEl);
            this.renderedMode = mode;
            if (mode === "ro") this.renderReadonly(this.body); else this.renderEdit(this.body);
        } else {
            this.update();
        }
        this.el.classList.toggle("fz-required", this.required && mode === "edit");
        this.el.classList.toggle("fz-invalid", Boolean(error));
        if (this.errorEl) {
            this.errorEl.hidden = !error;
            this.errorEl.textContent = error || "";
        }
        const input = this.el.querySelector("input, select, textarea");
        if (input && mode === "edit") {
            if (error) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
            if (this.required) input.setAttribute("aria-required", "true"); else input.removeAttribute("aria-required");
        }
    }

    renderReadonly(body) {
        this.roText = h("span", { class: "fz-readonly-value" });
        body.appendChild(this.roText);
        this.update();
    }

    renderEdit(body) { this.renderReadonly(body); }

    update() {
        if (this.roText) this.roText.textContent = formatValue(this.field, this.value);
        if (this.input && document.activeElement !== this.input) this.syncInput();
    }

    syncInput() {}
}

class CharWidget extends FieldWidget {
    renderEdit(body) {
        const multiline = this.field.type === "text";
        this.input = h(multiline ? "textarea" : "input", { id: this.inputId, class: "fz-input", name: this.name,
            placeholder: this.placeholder, type: multiline ? null : (this.node.getAttribute("password") ? "password" : "text"),
            rows: multiline ? "4" : null, maxlength: this.field.size || null });
        this.input.addEventListener("input", () => this.set(this.input.value, { onchange: false }));
        this.input.addEventListener("change", () => this.set(this.input.value || false));
        body.appendChild(this.input);
        this.syncInput();
    }

    renderReadonly(body) {
        this.roText = h(this.field.type === "text" ? "div" : "span", { class: ["fz-readonly-value", this.field.type === "text" ? "fz-pre" : null] });
        body.appendChild(this.roText);
        this.update();
    }

    syncInput() { this.input.value = this.value === false || this.value == null ? "" : String(this.value); }
}

class HtmlWidget extends FieldWidget {
    renderReadonly(body) {
        this.roHtml = h("div", { class: "fz-html" });
        body.appendChild(this.roHtml);
        this.update();
    }

    renderEdit(body) {
        this.input = h("textarea", { id: this.inputId, class: "fz-input", rows: "5", name: this.name });
        this.input.addEventListener("change", () => this.set(textToHtml(this.input.value)));
        body.appendChild(this.input);
        this.syncInput();
    }

    update() {
        if (this.roHtml) { clear(this.roHtml); this.roHtml.appendChild(sanitizedFragment(this.value)); }
        if (this.input && document.activeElement !== this.input) this.syncInput();
    }

    syncInput() { this.input.value = htmlToText(this.value); }
}

function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export function textToHtml(text) {
    if (!text || !text.trim()) return false;
    return text.split(/\n{2,}/).map((p) => "<p>" + escapeHtml(p).replace(/\n/g, "<br>") + "</p>").join("");
}

class NumberWidget extends FieldWidget {
    renderEdit(body) {
        this.input = h("input", { id: this.inputId, class: ["fz-input", "fz-input-number"], type: "text", name: this.name,
            inputmode: this.field.type === "integer" ? "numeric" : "decimal" });
        this.input.addEventListener("change", () => {
            const text = this.input.value.replace(/[,\s¥]/g, "");
            if (text === "") { this.set(this.field.type === "integer" ? 0 : false); return; }
            const n = Number(text);
            if (Number.isNaN(n) || (this.field.type === "integer" && !Number.isInteger(n))) {
                this.record.errors.set(this.name, this.field.type === "integer" ? _t("Please enter a whole number.") : _t("Please enter a number."));
                this.record.notify();
                return;
            }
            this.set(n);
        });
        body.appendChild(this.input);
        this.syncInput();
    }

    syncInput() { this.input.value = this.value === false || this.value == null ? "" : String(this.value); }
}

class DateWidget extends FieldWidget {
    renderEdit(body) {
        const isDt = this.field.type === "datetime";
        this.input = h("input", { id: this.inputId, class: "fz-input", type: isDt ? "datetime-local" : "date", name: this.name });
        this.input.addEventListener("change", () => {
            const v = this.input.value;
            this.set(v ? (isDt ? localToUtc(v) : v) : false);
        });
        body.appendChild(this.input);
        this.syncInput();
    }

    syncInput() {
        const v = this.value;
        if (!v) { this.input.value = ""; return; }
        this.input.value = this.field.type === "datetime" ? utcToLocal(v).replace(" ", "T") : String(v).slice(0, 10);
    }
}

class SelectionWidget extends FieldWidget {
    renderEdit(body) {
        this.input = h("select", { id: this.inputId, class: "fz-input", name: this.name });
        this.input.appendChild(h("option", { value: "", text: "" }));
        for (const [key, label] of this.field.selection || []) this.input.appendChild(h("option", { value: String(key), text: label }));
        this.input.addEventListener("change", () => {
            const raw = this.input.value;
            const match = (this.field.selection || []).find(([key]) => String(key) === raw);
            this.set(match ? match[0] : false);
        });
        body.appendChild(this.input);
        this.syncInput();
    }

    syncInput() { this.input.value = this.value === false || this.value == null ? "" : String(this.value); }
}

class BooleanWidget extends FieldWidget {
    renderReadonly(body) {
        this.input = h("input", { type: "checkbox", id: this.inputId, disabled: true, class: "fz-checkbox" });
        body.appendChild(this.input);
        this.syncInput();
    }

    renderEdit(body) {
        this.input = h("input", { type: "checkbox", id: this.inputId, class: "fz-checkbox", name: this.name });
        this.input.addEventListener("change", () => this.set(this.input.checked));
        body.appendChild(this.input);
        this.syncInput();
    }

    update() { if (this.input) this.syncInput(); }
    syncInput() { this.input.checked = Boolean(this.value); }
}

class StatusbarWidget extends FieldWidget {
    renderReadonly(body) {
        this.list = h("ol", { class: "fz-statusbar", "aria-label": this.field.string || "" });
        body.appendChild(this.list);
        this.update();
    }

    renderEdit(body) { this.renderReadonly(body); }

    get clickable() { return statusbarClickable(this); }

    async choose(key) {
        if (this.renderer.mode === "edit" || !this.record.resId) { await this.set(key); return; }
        // in a read-only form the click saves at once, as Flectra does
        try {
            const context = Object.assign({}, this.record.context);
            if (this.record.data.write_date) context.fz_check_write_date = this.record.data.write_date;
            await callKw(this.record.model, "write", [[this.record.resId], { [this.name]: key }], { context });
            await this.record.reload();
        } catch (err) { notifyError(err); }
    }

    update() {
        if (!this.list) return;
        clear(this.list);
        const visible = (this.node.getAttribute("statusbar_visible") || "").split(",").map((s) => s.trim()).filter(Boolean);
        for (const [key, label] of this.field.selection || []) {
            const current = key === this.value;
            if (visible.length && !visible.includes(key) && !current) continue;
            const li = h("li", { class: ["fz-status", current ? "fz-status-current" : null],
                "aria-current": current ? "step" : null, dataset: { value: key } });
            if (this.clickable && !current) {
                li.appendChild(h("button", { type: "button", class: "fz-status-button", text: label, onClick: () => this.choose(key) }));
            } else {
                li.textContent = label;
            }
            this.list.appendChild(li);
        }
    }
}

/** options="{'clickable': '1'}" lets the user set the state by clicking it (not for read-only fields). */
function statusbarClickable(widget) {
    const raw = widget.node.getAttribute("options") || "";
    if (!/['"]clickable['"]\s*:\s*(['"]?(1|True|true)['"]?)/.test(raw)) return false;
    if (widget.mods.readonly) return !isTrue(widget.mods.readonly, widget.record.scope());
    return !widget.field.readonly;
}

class DeadlineBadgeWidget extends FieldWidget {
    renderReadonly(body) { this.badgeBox = h("span", {}); body.appendChild(this.badgeBox); this.update(); }
    renderEdit(body) { this.renderReadonly(body); }
    update() {
        if (!this.badgeBox) return;
        clear(this.badgeBox);
        this.badgeBox.appendChild(deadlineBadge(this.field, this.value, this.record.get(explanationName(this.node)),
            this.record.get(provisionalName(this.node))));
    }
}

// --- many2one ----------------------------------------------------------------------------------
const MORE = ["__more__", ""];
const CREATE = ["__create__", ""];
const CREATE_EDIT = ["__create_edit__", ""];
const MORE_LIMIT = 80;

// create rights per model, asked once per page (the server checks again on create)
const createRights = new Map();
export function canCreate(model) {
    if (!createRights.has(model)) {
        createRights.set(model, callKw(model, "check_access_rights", ["create"], { raise_exception: false })
            .then(Boolean, () => false));
    }
    return createRights.get(model);
}

/** A dialog listing the records matching a search (name_search), to pick one. */
export function searchMoreDialog({ model, domain = [], context = {}, term = "", title = "", onPick }) {
    const input = h("input", { type: "search", class: ["fz-input", "fz-search-more-input"], "aria-label": _t("Search…"),
        placeholder: _t("Search…") });
    input.value = term;
    const tbody = h("tbody", {});
    const body = h("div", { class: "fz-search-more" }, input,
        h("div", { class: "fz-table-wrap" }, h("table", { class: "fz-list-table" },
            h("thead", {}, h("tr", {}, h("th", { text: _t("Name") }))), tbody)));
    let seq = 0;
    const dlg = dialog({ title: _t("Search: %s").replace("%s", title || ""), size: "medium", body, buttons: [{ label: _t("Cancel") }] });
    const run = async () => {
        const mine = ++seq;
        let rows = [];
        try {
            rows = await callKw(model, "name_search", [], { name: input.value.trim(), args: domain, operator: "ilike",
                limit: MORE_LIMIT, context });
        } catch (err) { notifyError(err); return; }
        if (mine !== seq) return;
        clear(tbody);
        if (!rows.length) tbody.appendChild(h("tr", {}, h("td", { class: "fz-list-empty", text: _t("No records found") })));
        for (const row of rows) {
            const tr = h("tr", { class: "fz-row", tabindex: "0", dataset: { id: row[0] } }, h("td", { text: row[1] }));
            const pick = () => { dlg.close(); onPick([row[0], row[1]]); };
            tr.addEventListener("click", pick);
            tr.addEventListener("keydown", (ev) => { if (ev.key === "Enter") pick(); });
            tbody.appendChild(tr);
        }
        body.dataset.loaded = "1";
    };
    input.addEventListener("input", debounce(run, 250));
    input.focus();
    run();
    return dlg;
}

/** A search-as-you-type input over name_search; calls onSelect([id, name]) or onSelect(false).
 * `create` ({ quick, edit } async functions of the typed text, each giving [id, name] or null)
 * adds Flectra's 创建“…” and 创建并编辑… entries. */
export function autocompleteInput({ model, domain = () => [], context = {}, initial = "", onSelect, id, placeholder = "", label = "",
    title = "", create = null }) {
    const listId = uniqueId("fz-ac");
    const input = h("input", { id, type: "text", class: ["fz-input", "fz-m2o-input"], autocomplete: "off", role: "combobox",
        "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": listId, placeholder, "aria-label": label || null });
    input.value = initial;
    const list = h("ul", { class: "fz-autocomplete", role: "listbox", id: listId, hidden: true });
    const wrap = h("div", { class: "fz-m2o" }, input, list);
    let options = [];
    let active = -1;
    let lastCommitted = initial;
    let seq = 0;

    const close = () => { list.hidden = true; input.setAttribute("aria-expanded", "false"); };
    const highlight = (i) => {
        active = i;
        Array.from(list.children).forEach((li, j) => {
            li.classList.toggle("fz-active", j === i);
            li.setAttribute("aria-selected", j === i ? "true" : "false");
        });
    };
    const choose = (opt) => {
        input.value = opt ? opt[1] : "";
        lastCommitted = input.value;
        close();
        onSelect(opt ? [opt[0], opt[1]] : false);
    };
    /** The "Search More…" and create entries: each leads to a record (or to nothing). */
    const activate = async (entry, term) => {
        close();
        if (entry === MORE) {
            searchMoreDialog({ model, domain: domain(), context, term, title: title || label || placeholder, onPick: (opt) => choose(opt) });
            return;
        }
        let made = null;
        try {
            made = entry === CREATE ? await create.quick(term) : await create.edit(term);
        } catch (err) { notifyError(err); }
        if (made) choose(made);
        else if (input.isConnected) input.focus();
    };
    const search = debounce(async () => {
        const term = input.value.trim();
        const mine = ++seq;
        let result = [];
        try {
            result = await callKw(model, "name_search", [], { name: term, args: domain(), operator: "ilike", limit: 8, context });
        } catch (err) { notifyError(err); return; }
        if (mine !== seq) return;   // a newer search is under way
        options = result;
        clear(list);
        if (!options.length) {
            list.appendChild(h("li", { class: "fz-autocomplete-empty", text: _t("No results") }));
        }
        options.forEach((opt, i) => {
            const li = h("li", { role: "option", class: "fz-autocomplete-option", id: `${listId}-${i}`, dataset: { id: opt[0] }, text: opt[1] });
            li.addEventListener("mousedown", (ev) => { ev.preventDefault(); choose(opt); });
            list.appendChild(li);
        });
        // "Search More…": a dialog with a searchable list of every match
        const more = h("li", { role: "option", class: ["fz-autocomplete-option", "fz-autocomplete-more"], id: `${listId}-more`,
            text: _t("Search More…") });
        more.addEventListener("mousedown", (ev) => { ev.preventDefault(); activate(MORE, term); });
        list.appendChild(more);
        options = options.concat([MORE]);
        const creates = create ? await create.allowed() : null;
        if (mine !== seq) return;
        if (creates && creates.quick && term) {
            const li = h("li", { role: "option", class: ["fz-autocomplete-option", "fz-autocomplete-create"], id: `${listId}-create`,
                text: _t("Create “%s”").replace("%s", term) });
            li.addEventListener("mousedown", (ev) => { ev.preventDefault(); activate(CREATE, term); });
            list.appendChild(li);
            options = options.concat([CREATE]);
        }
        if (creates && creates.edit) {
            const li = h("li", { role: "option", class: ["fz-autocomplete-option", "fz-autocomplete-create-edit"], id: `${listId}-create-edit`,
                text: _t("Create and edit…") });
            li.addEventListener("mousedown", (ev) => { ev.preventDefault(); activate(CREATE_EDIT, term); });
            list.appendChild(li);
            options = options.concat([CREATE_EDIT]);
        }
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        highlight(options.length ? 0 : -1);
    }, 250);

    input.addEventListener("input", () => search());
    input.addEventListener("focus", () => { if (!input.value) search(); });
    input.addEventListener("keydown", (ev) => {
        if (ev.key === "ArrowDown") { ev.preventDefault(); if (list.hidden) search(); else if (options.length) highlight((active + 1) % options.length); }
        else if (ev.key === "ArrowUp") { ev.preventDefault(); if (options.length) highlight((active - 1 + options.length) % options.length); }
        else if (ev.key === "Enter") {
            if (!list.hidden && active >= 0 && [MORE, CREATE, CREATE_EDIT].includes(options[active])) {
                ev.preventDefault();
                activate(options[active], input.value.trim());
            } else if (!list.hidden && active >= 0 && options[active]) { ev.preventDefault(); choose(options[active]); }
        } else if (ev.key === "Escape") { if (!list.hidden) { ev.stopPropagation(); close(); } }
    });
    let blurTimer = null;
    input.addEventListener("focus", () => clearTimeout(blurTimer));   // back before the timer: nothing to undo
    input.addEventListener("blur", () => {
        blurTimer = setTimeout(() => {
            close();
            if (!input.value.trim() && lastCommitted) choose(false);
            else if (input.value !== lastCommitted) input.value = lastCommitted;   // typed text without a choice: revert
        }, 120);
    });
    return { el: wrap, input, setText: (text) => { input.value = text; lastCommitted = text; } };
}

class Many2oneWidget extends FieldWidget {
    renderReadonly(body) {
        this.roBox = h("span", { class: "fz-readonly-value" });
        body.appendChild(this.roBox);
        this.update();
    }

    renderEdit(body) {
        this.ac = autocompleteInput({ model: this.field.relation, id: this.inputId, context: this.record.context,
            domain: () => this.domain(), initial: Array.isArray(this.value) ? String(this.value[1]) : "",
            placeholder: this.placeholder, title: this.field.string || "", onSelect: (v) => this.set(v),
            create: this.createOptions() });
        this.input = this.ac.input;
        body.appendChild(this.ac.el);
    }

    /** 创建“…” (name_create) and 创建并编辑… (the model's form in a dialog), as Flectra offers them:
     * unless the field's options say no_create / no_quick_create / no_create_edit, and only for a
     * user who may create such records. */
    createOptions() {
        const raw = this.node.getAttribute("options") || "";
        const flag = (name) => new RegExp(`['"]${name}['"]\\s*:\\s*(['"]?(1|True|true)['"]?)`).test(raw);
        if (flag("no_create")) return null;
        const model = this.field.relation;
        const env = this.renderer.env || {};
        const context = () => Object.assign({}, this.record.context, this.fieldContext());
        return {
            allowed: async () => {
                if (!(await canCreate(model))) return null;
                return { quick: !flag("no_quick_create"), edit: !flag("no_create_edit") && Boolean(env.createRecordDialog) };
            },
            quick: async (term) => {
                const made = await callKw(model, "name_create", [term], { context: context() });
                return made ? [made[0], made[1]] : null;
            },
            edit: (term) => env.createRecordDialog({ model, title: this.field.string || "",
                context: Object.assign(context(), { default_name: term }) }),
        };
    }

    /** The node's context="…" (default_… keys for a created record). */
    fieldContext() {
        const raw = this.node.getAttribute("context");
        if (!raw) return {};
        const scope = { uid: this.record.scope().get("uid"), context: this.record.context };
        for (const n of Object.keys(this.record.fields)) scope[n] = normalizeForAst(this.record.fields[n], this.record.get(n));
        try { return evalContext(raw, scope); } catch (err) { return {}; }
    }

    domain() {
        const raw = this.node.getAttribute("domain") || this.field.domain;
        if (!raw || (Array.isArray(raw) && !raw.length)) return [];
        const ctx = {};
        for (const name of Object.keys(this.record.fields)) ctx[name] = normalizeForAst(this.record.fields[name], this.record.get(name));
        ctx.uid = this.record.scope().get("uid");
        ctx.parent = {};
        ctx.context = this.record.context;
        try { return evalDomain(raw, ctx); } catch (err) { return []; }
    }

    update() {
        if (this.roBox) {
            clear(this.roBox);
            const v = this.value;
            if (Array.isArray(v)) {
                if (this.field.relation === "ir.attachment") {
                    this.roBox.appendChild(h("a", { href: contentUrl(v[0]), class: "fz-download", text: v[1] }));
                } else if (this.node.getAttribute("options") && /no_open['"]?\s*:\s*(True|1|true)/.test(this.node.getAttribute("options"))) {
                    this.roBox.textContent = v[1];
                } else {
                    this.roBox.appendChild(h("a", { href: `#model=${encodeURIComponent(this.field.relation)}&view_type=form&id=${v[0]}`,
                        class: "fz-m2o-link", text: v[1] }));
                }
            }
        }
        if (this.ac && document.activeElement !== this.input) this.ac.setText(Array.isArray(this.value) ? String(this.value[1]) : "");
    }
}

// --- x2many ------------------------------------------------------------------------------------
class X2ManyWidget extends FieldWidget {
    get list() { return this.value instanceof X2ManyList ? this.value : null; }

    renderReadonly(body) { this.tableBox = h("div", { class: "fz-x2many" }); body.appendChild(this.tableBox); this.update(); }
    renderEdit(body) { this.renderReadonly(body); }

    columns() {
        const list = this.list;
        const arch = list && list.arch;
        const fields = list ? list.fields : {};
        if (!arch) return [{ name: "display_name", label: _t("Name"), field: fields.display_name || { type: "char" }, node: null }];
        const cols = [];
        for (const node of Array.from(arch.children)) {
            if (node.tagName === "button") {
                const mods = nodeModifiers(node);
                if (mods.column_invisible && isTrue(mods.column_invisible, this.record.scope())) continue;
                cols.push({ kind: "button", node, mods, label: node.getAttribute("string") || "", field: { type: "button" } });
                continue;
            }
            if (node.tagName !== "field") continue;
            const name = node.getAttribute("name");
            const field = fields[name];
            if (!field) continue;
            const mods = nodeModifiers(node);
            if (node.getAttribute("invisible") === "1" || (mods.column_invisible && isTrue(mods.column_invisible, this.record.scope()))) continue;
            cols.push({ name, field, node, label: node.getAttribute("string") || field.string || name, widget: node.getAttribute("widget"), mods });
        }
        return cols;
    }

    update() {
        if (!this.tableBox) return;
        clear(this.tableBox);
        const list = this.list;
        if (!list) return;
        const editable = this.renderedMode === "edit";
        const tags = this.node.getAttribute("widget") === "many2many_tags";
        if (tags) { this.renderTags(list, editable); return; }
        const cols = this.columns();
        const table = h("table", { class: ["fz-list-table", "fz-x2many-table"] });
        const head = h("tr", {}, cols.map((c) => h("th", { class: "fz-col-" + c.field.type, text: c.kind === "button" ? "" : c.label })));
        if (editable) head.appendChild(h("th", { class: "fz-col-remove" }));
        table.appendChild(h("thead", {}, head));
        const tbody = h("tbody", {});
        for (const line of list.lines) {
            const tr = h("tr", { class: "fz-row", tabindex: "0", dataset: { key: line.key } });
            for (const c of cols) {
                const td = h("td", { class: "fz-cell" });
                const scope = { get: (n) => n.startsWith("parent.") ? this.record.scope().get(n.slice(7)) : normalizeForAst(list.fields[n], line.data[n]) };
                const hidden = c.mods && c.mods.invisible && isTrue(c.mods.invisible, scope);
                if (hidden) { /* empty cell */ } else if (c.kind === "button") td.appendChild(this.lineButton(c, list, line));
                else td.appendChild(renderCell(c, line.data, list.fields));
                tr.appendChild(td);
            }
            if (editable) {
                const rm = h("button", { type: "button", class: ["fz-btn", "fz-btn-link", "fz-x2many-remove"], "aria-label": _t("Remove"), text: "🗑" });
                rm.addEventListener("click", (ev) => { ev.stopPropagation(); list.removeLine(line); this.set(list); });
                tr.appendChild(h("td", { class: "fz-col-remove" }, rm));
            }
            const open = () => this.renderer.env.openX2ManyLine({ record: this.record, list, line, editable, widget: this,
                onLineButton: this.renderer.env.onLineButton });
            tr.addEventListener("click", open);
            tr.addEventListener("keydown", (ev) => { if (ev.key === "Enter" && ev.target === tr) open(); });
            tbody.appendChild(tr);
        }
        if (!list.lines.length) {
            tbody.appendChild(h("tr", { class: "fz-x2many-empty" }, h("td", { colspan: String(cols.length + 1), text: _t("No records") })));
        }
        table.appendChild(tbody);
        this.tableBox.appendChild(table);
        if (editable) {
            if (list.isMany2many) {
                const ac = autocompleteInput({ model: list.comodel, context: this.record.context, placeholder: _t("Add…"),
                    label: _t("Add"), onSelect: (v) => { if (v) { list.linkRecord(v[0], v[1]); this.loadLinked(list, v[0]); } } });
                this.tableBox.appendChild(h("div", { class: "fz-x2many-add" }, ac.el));
            } else {
                const add = h("button", { type: "button", class: ["fz-btn", "fz-btn-link", "fz-x2many-addline"], text: _t("Add a line") });
                add.addEventListener("click", () => this.renderer.env.openX2ManyLine({ record: this.record, list, line: null, editable: true, widget: this }));
                this.tableBox.appendChild(h("div", { class: "fz-x2many-add" }, add));
            }
        }
    }

    /** A `<button>` of the inline list: runs on the line's record (the parent saved first). */
    lineButton(col, list, line) {
        const btn = h("button", { type: "button", class: ["fz-btn", "fz-btn-link", "fz-btn-small", "fz-line-button"],
            dataset: { name: col.node.getAttribute("name") || "" }, text: col.label || col.node.getAttribute("name") || "" });
        if (col.node.getAttribute("help")) btn.title = col.node.getAttribute("help");
        btn.addEventListener("click", async (ev) => {
            ev.stopPropagation();
            if (!this.renderer.env.onLineButton) return;
            btn.disabled = true;
            try { await this.renderer.env.onLineButton(col.node, list, line); } finally { btn.disabled = false; }
        });
        return btn;
    }

    async loadLinked(list, id) {
        try {
            const [row] = await callKw(list.comodel, "read", [[id], list.subFieldNames()], { context: this.record.context });
            const line = list.lines.find((l) => l.id === id);
            if (line && row) Object.assign(line.data, row);
        } catch (err) { notifyError(err); }
        this.set(list);
    }

    renderTags(list, editable) {
        const box = h("div", { class: "fz-tags" });
        for (const line of list.lines) {
            const tag = h("span", { class: "fz-tag" }, h("span", { text: line.data.display_name || line.data.name || "" }));
            if (editable) {
                const rm = h("button", { type: "button", class: "fz-tag-remove", "aria-label": _t("Remove"), text: "×" });
                rm.addEventListener("click", () => { list.removeLine(line); this.set(list); });
                tag.appendChild(rm);
            }
            box.appendChild(tag);
        }
        this.tableBox.appendChild(box);
        if (editable) {
            const ac = autocompleteInput({ model: list.comodel, context: this.record.context, placeholder: _t("Add…"), label: this.field.string,
                onSelect: (v) => { if (v) { list.linkRecord(v[0], v[1]); this.set(list); } } });
            this.tableBox.appendChild(ac.el);
        }
    }
}

/** A file as base64 (what binary fields store), without the data: URL prefix. */
export function readFileAsBase64(file) {
    return new Promise((resolve, reject) => {
        const reader = new FileReader();
        reader.addEventListener("load", () => resolve(String(reader.result).replace(/^data:[^,]*,/, "")));
        reader.addEventListener("error", () => reject(reader.error || new Error(_t("The file could not be read."))));
        reader.readAsDataURL(file);
    });
}

/** Save base64 data as a file download (an object URL: the bytes never become markup). */
export function downloadBase64(data, filename) {
    const bytes = Uint8Array.from(atob(String(data)), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: "application/octet-stream" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = filename || "download";
    a.className = "fz-hidden";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
}

const BASE64 = /^[A-Za-z0-9+/=\s]+$/;

/** Binary fields: a file input (the name goes to the `filename="…"` field) and a download link. */
class BinaryWidget extends FieldWidget {
    get filenameField() {
        const name = this.node.getAttribute("filename");
        return name && this.record.fields[name] ? name : null;
    }

    get fileName() {
        const name = this.filenameField && this.record.get(this.filenameField);
        return name ? String(name) : (this.field.string || this.name);
    }

    renderReadonly(body) {
        this.roBox = h("span", { class: "fz-readonly-value fz-binary-value" });
        body.appendChild(this.roBox);
        this.update();
    }

    renderEdit(body) {
        this.input = h("input", { type: "file", id: this.inputId, class: ["fz-input", "fz-binary-input"], name: this.name,
            "aria-label": this.field.string || this.name });
        this.input.addEventListener("change", async () => {
            const file = this.input.files && this.input.files[0];
            if (!file) return;
            try {
                const data = await readFileAsBase64(file);
                const changes = { [this.name]: data };
                if (this.filenameField) changes[this.filenameField] = file.name;
                await this.record.update(changes);
            } catch (err) { notifyError(err); }
        });
        this.roBox = h("span", { class: "fz-binary-value" });
        const clearBtn = h("button", { type: "button", class: ["fz-btn", "fz-btn-link", "fz-binary-clear"], "aria-label": _t("Remove"),
            text: "×", onClick: () => {
                this.input.value = "";
                const changes = { [this.name]: false };
                if (this.filenameField) changes[this.filenameField] = false;
                this.record.update(changes);
            } });
        this.clearBtn = clearBtn;
        body.append(this.input, this.roBox, clearBtn);
        this.update();
    }

    update() {
        if (!this.roBox) return;
        clear(this.roBox);
        if (this.clearBtn) this.clearBtn.hidden = !this.value;
        const value = this.value;
        if (!value) return;
        if (typeof value === "string" && BASE64.test(value) && value.length % 4 === 0) {
            const link = h("a", { href: "#", class: "fz-download fz-binary-download", text: this.fileName });
            link.addEventListener("click", (ev) => { ev.preventDefault(); ev.stopPropagation(); downloadBase64(value, this.fileName); });
            this.roBox.appendChild(link);
        } else {
            this.roBox.textContent = this.filenameField ? this.fileName : _t("(file)");   // a size, not the data
        }
    }
}

const WIDGETS = {
    char: CharWidget, text: CharWidget, html: HtmlWidget, integer: NumberWidget, float: NumberWidget,
    monetary: NumberWidget, date: DateWidget, datetime: DateWidget, selection: SelectionWidget,
    boolean: BooleanWidget, many2one: Many2oneWidget, one2many: X2ManyWidget, many2many: X2ManyWidget,
    binary: BinaryWidget, reference: FieldWidget, many2one_reference: FieldWidget,
};

export function makeWidget(opts) {
    const widget = opts.node.getAttribute("widget");
    if (widget === "statusbar") return new StatusbarWidget(opts);
    if (widget === "fz_deadline_badge") return new DeadlineBadgeWidget(opts);
    const Cls = WIDGETS[opts.field.type] || CharWidget;
    return new Cls(opts);
}

