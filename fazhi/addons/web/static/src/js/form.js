// The form view: renders the FN form arch (header/sheet/group/notebook/…) over a Record,
// re-evaluates the modifiers on every change, and drives edit/save/discard and buttons.
import { h, clear } from "./dom.js";
import { _t } from "./i18n.js";
import { callKw } from "./rpc.js";
import { notify, notifyError, confirmDialog } from "./ui.js";
import { isTrue, nodeModifiers } from "./modifiers.js";
import { makeWidget } from "./fields.js";
import { Record } from "./record.js";
import { Chatter } from "./chatter.js";

const HTML_TAGS = new Set(["div", "span", "p", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "small",
    "br", "hr", "ul", "ol", "li", "table", "tr", "td", "th", "tbody", "thead", "a", "footer"]);

export class FormRenderer {
    constructor({ record, arch, env, mode = "readonly", inDialog = false }) {
        this.record = record;
        this.arch = arch;
        this.env = env;
        this.mode = mode;
        this.inDialog = inDialog;
        this.widgets = [];
        this.updaters = [];
        this.fieldNodes = [];
        this.footerButtons = null;
        this.chatterNode = null;
        this.el = h("div", { class: "fz-form-renderer" });
        record.onChange(() => this.refresh());
    }

    render() {
        clear(this.el);
        this.widgets = [];
        this.updaters = [];
        this.fieldNodes = [];
        const content = this.renderChildren(this.arch, { inGroup: false });
        this.el.append(...content);
        this.refresh();
        return this.el;
    }

    setMode(mode) { this.mode = mode; this.refresh(); }

    refresh() {
        for (const fn of this.updaters) fn();
        for (const w of this.widgets) w.refresh();
    }

    /** The field nodes currently shown (for required checks). */
    visibleFieldNodes() {
        return this.widgets.filter((w) => !w.el.closest(".fz-hidden") && w.el.isConnected !== false).map((w) => w.node);
    }

    bindInvisible(node, el) {
        const mods = nodeModifiers(node);
        if (!mods.invisible) return;
        this.updaters.push(() => el.classList.toggle("fz-hidden", isTrue(mods.invisible, this.record.scope())));
    }

    renderChildren(node, ctx) {
        const out = [];
        for (const child of Array.from(node.children)) {
            const el = this.renderNode(child, ctx);
            if (el) out.push(el);
        }
        return out;
    }

    renderNode(node, ctx) {
        const tag = node.tagName;
        switch (tag) {
            case "header": return this.renderHeader(node);
            case "sheet": {
                const el = h("div", { class: "fz-sheet" }, this.renderChildren(node, ctx));
                return el;
            }
            case "group": return this.renderGroup(node, ctx);
            case "notebook": return this.renderNotebook(node, ctx);
            case "field": return ctx.inGroup ? this.renderFieldRow(node) : this.renderField(node);
            case "label": return this.renderLabel(node);
            case "separator": {
                const el = h("div", { class: "fz-separator" }, node.getAttribute("string") ? h("h3", { text: node.getAttribute("string") }) : null);
                this.bindInvisible(node, el);
                return el;
            }
            case "button": return this.renderButton(node);
            case "footer": {
                if (this.inDialog) { this.footerButtons = node; return null; }
                break;
            }
            case "newline": return null;
            case "div": {
                if ((node.getAttribute("class") || "").split(/\s+/).includes("oe_chatter")) {
                    this.chatterNode = node;
                    return null;
                }
                break;
            }
            default: break;
        }
        const htmlTag = HTML_TAGS.has(tag) ? tag : "div";
        const cls = (node.getAttribute("class") || "").split(/\s+/).filter((c) => /^[\w-]+$/.test(c));
        const el = h(htmlTag, { class: ["fz-arch-" + tag, ...cls] });
        if (node.children.length === 0 && node.textContent.trim()) el.textContent = node.textContent.trim();
        else el.append(...this.renderMixed(node, ctx));
        this.bindInvisible(node, el);
        return el;
    }

    renderMixed(node, ctx) {
        const out = [];
        for (const child of Array.from(node.childNodes)) {
            if (child.nodeType === Node.TEXT_NODE) {
                if (child.nodeValue.trim()) out.push(document.createTextNode(child.nodeValue));
            } else if (child.nodeType === Node.ELEMENT_NODE) {
                const el = this.renderNode(child, { ...ctx, inGroup: false });
                if (el) out.push(el);
            }
        }
        return out;
    }

    renderField(node) {
        const name = node.getAttribute("name");
        const field = this.record.fields[name];
        if (!field) return null;
        const widget = makeWidget({ record: this.record, name, node, field, renderer: this });
        this.widgets.push(widget);
        this.bindInvisible(node, widget.el);
        return widget.el;
    }

    fieldLabel(node) {
        const name = node.getAttribute("name");
        const field = this.record.fields[name];
        return node.getAttribute("string") || (field && field.string) || name;
    }

    renderFieldRow(node) {
        const name = node.getAttribute("name");
        const field = this.record.fields[name];
        if (!field) return null;
        const widget = makeWidget({ record: this.record, name, node, field, renderer: this });
        this.widgets.push(widget);
        const nolabel = node.getAttribute("nolabel") === "1";
        const full = nolabel || ["one2many", "many2many"].includes(field.type) && node.getAttribute("widget") !== "many2many_tags";
        const row = h("div", { class: ["fz-group-row", full ? "fz-group-row-full" : null], dataset: { field: name } });
        if (!nolabel) {
            const label = h("label", { class: "fz-label", for: widget.inputId, text: this.fieldLabel(node) });
            if (field.help) label.title = field.help;
            this.updaters.push(() => {
                const required = widget.mods.required ? isTrue(widget.mods.required, this.record.scope()) : Boolean(field.required);
                label.classList.toggle("fz-label-required", required && !widget.readonly);
            });
            row.appendChild(label);
        }
        row.appendChild(widget.el);
        this.bindInvisible(node, row);
        return row;
    }

    renderLabel(node) {
        const forName = node.getAttribute("for");
        const field = forName && this.record.fields[forName];
        const text = node.getAttribute("string") || (field && field.string) || node.textContent.trim();
        const el = h("label", { class: "fz-label", text });
        this.bindInvisible(node, el);
        if (forName) {
            // point the label at the widget once rendered
            this.updaters.push(() => {
                const w = this.widgets.find((x) => x.name === forName);
                if (w) el.setAttribute("for", w.inputId);
            });
        }
        return el;
    }

    renderGroup(node, ctx) {
        const title = node.getAttribute("string");
        const childTags = Array.from(node.children).map((c) => c.tagName);
        const hasInnerGroups = childTags.includes("group");
        const el = h("div", { class: ["fz-group", hasInnerGroups ? "fz-group-columns" : "fz-group-fields"] });
        if (title) el.appendChild(h("h3", { class: "fz-group-title", text: title }));
        const inner = h("div", { class: hasInnerGroups ? "fz-group-grid" : "fz-group-body" });
        for (const child of Array.from(node.children)) {
            const rendered = child.tagName === "group" ? this.renderGroup(child, ctx) : this.renderNode(child, { ...ctx, inGroup: true });
            if (rendered) {
                if (child.tagName !== "field" && child.tagName !== "group" && !hasInnerGroups) {
                    inner.appendChild(h("div", { class: ["fz-group-row", "fz-group-row-full"] }, rendered));
                } else {
                    inner.appendChild(rendered);
                }
            }
        }
        el.appendChild(inner);
        this.bindInvisible(node, el);
        return el;
    }

    renderNotebook(node, ctx) {
        const pages = Array.from(node.children).filter((c) => c.tagName === "page");
        const tabs = h("div", { class: "fz-tabs", role: "tablist" });
        const panels = h("div", { class: "fz-tab-panels" });
        const buttons = [];
        let activeIndex = 0;
        const activate = (i, focus = false) => {
            activeIndex = i;
            buttons.forEach((b, j) => {
                b.setAttribute("aria-selected", j === i ? "true" : "false");
                b.tabIndex = j === i ? 0 : -1;
                b.classList.toggle("fz-active", j === i);
                b.panel.hidden = j !== i;
            });
            if (focus) buttons[i].focus();
        };
        pages.forEach((page, i) => {
            const tabId = `${this.record.model.replace(/\./g, "-")}-tab-${i}-${Math.random().toString(36).slice(2, 7)}`;
            const btn = h("button", { type: "button", role: "tab", class: "fz-tab", id: tabId, text: page.getAttribute("string") || "",
                dataset: { page: page.getAttribute("name") || page.getAttribute("string") || String(i) } });
            const panel = h("div", { role: "tabpanel", class: "fz-tab-panel", "aria-labelledby": tabId },
                this.renderChildren(page, { ...ctx, inGroup: false }));
            btn.panel = panel;
            btn.addEventListener("click", () => activate(i));
            btn.addEventListener("keydown", (ev) => {
                const visible = buttons.map((b, j) => [b, j]).filter(([b]) => !b.classList.contains("fz-hidden")).map(([, j]) => j);
                const pos = visible.indexOf(i);
                if (ev.key === "ArrowRight") { ev.preventDefault(); activate(visible[(pos + 1) % visible.length], true); }
                if (ev.key === "ArrowLeft") { ev.preventDefault(); activate(visible[(pos - 1 + visible.length) % visible.length], true); }
            });
            const mods = nodeModifiers(page);
            if (mods.invisible) {
                this.updaters.push(() => {
                    const hidden = isTrue(mods.invisible, this.record.scope());
                    btn.classList.toggle("fz-hidden", hidden);
                    if (hidden && activeIndex === i) {
                        const other = buttons.findIndex((b) => !b.classList.contains("fz-hidden"));
                        if (other >= 0 && other !== i) activate(other);
                    }
                });
            }
            buttons.push(btn);
            tabs.appendChild(btn);
            panels.appendChild(panel);
        });
        const el = h("div", { class: "fz-notebook" }, tabs, panels);
        if (buttons.length) activate(0);
        this.bindInvisible(node, el);
        return el;
    }

    renderHeader(node) {
        const buttons = h("div", { class: "fz-header-buttons" });
        const status = h("div", { class: "fz-header-status" });
        for (const child of Array.from(node.children)) {
            if (child.tagName === "field") {
                const el = this.renderField(child);
                if (el) status.appendChild(el);
            } else {
                const el = this.renderNode(child, { inGroup: false });
                if (el) buttons.appendChild(el);
            }
        }
        return h("div", { class: "fz-form-header" }, buttons, status);
    }

    renderButton(node) {
        const classes = (node.getAttribute("class") || "").split(/\s+/);
        const primary = classes.includes("oe_highlight") || classes.includes("btn-primary");
        const btn = h("button", { type: "button", class: ["fz-btn", primary ? "fz-btn-primary" : "fz-btn-secondary", "fz-object-button"],
            dataset: { name: node.getAttribute("name") || node.getAttribute("special") || "" }, text: node.getAttribute("string") || "" });
        if (node.getAttribute("help")) btn.title = node.getAttribute("help");
        btn.addEventListener("click", async () => {
            btn.disabled = true;
            try { await this.env.onButton(node); } finally { btn.disabled = false; }
        });
        this.bindInvisible(node, btn);
        return btn;
    }
}

/** The form controller: control panel (edit/save/discard/new, pager), renderer and chatter. */
export class FormView {
    constructor({ model, arch, fields, relatedFields, resId, ids = [], context = {}, env, onSaved, onDeleted, inDialog = false, dialogApi = null }) {
        this.model = model;
        this.arch = arch;
        this.fields = fields;
        this.relatedFields = relatedFields || {};
        this.resId = resId || null;
        this.ids = ids;
        this.context = context;
        this.env = env;
        this.onSaved = onSaved;
        this.onDeleted = onDeleted;
        this.inDialog = inDialog;
        this.dialogApi = dialogApi;
        this.el = h("div", { class: ["fz-form-view", inDialog ? "fz-form-in-dialog" : null], dataset: { model } });
        this.controlEl = h("div", { class: "fz-form-controls" });
        this.body = h("div", { class: "fz-form-body" });
        this.el.append(this.controlEl, this.body);
        this.el.addEventListener("keydown", (ev) => {
            if ((ev.ctrlKey || ev.metaKey) && ev.key === "s") { ev.preventDefault(); if (this.mode === "edit") this.save(); }
        });
    }

    get title() {
        if (!this.record || this.record.isNew) return _t("New");
        return this.record.get("display_name") || this.record.get("name") || String(this.resId);
    }

    async load() {
        const editable = this.arch.getAttribute("edit") !== "0" && this.arch.getAttribute("edit") !== "false";
        this.canEdit = editable;
        this.record = new Record({ model: this.model, fields: this.fields, arch: this.arch, resId: this.resId, context: this.context });
        this.record.relatedFields = this.relatedFields;
        this.mode = this.resId && !this.inDialog ? "readonly" : "edit";
        if (this.inDialog && this.context.fz_dialog_readonly) this.mode = "readonly";
        try {
            await this.record.load();
        } catch (err) {
            notifyError(err);
            clear(this.body);
            this.body.appendChild(h("div", { class: "fz-list-empty", text: err.message }));
            return;
        }
        this.renderer = new FormRenderer({ record: this.record, arch: this.arch, env: this.rendererEnv(), mode: this.mode, inDialog: this.inDialog });
        clear(this.body);
        this.body.appendChild(this.renderer.render());
        // not renderControls(): rebuilding the buttons on a change fired by blur would swallow the click
        this.record.onChange(() => { this.updateDirty(); this.showOnchangeWarning(); });
        if (this.renderer.chatterNode && !this.inDialog) {
            this.chatter = new Chatter({ model: this.model, resId: this.resId, env: this.env, node: this.renderer.chatterNode });
            this.body.appendChild(this.chatter.el);
            this.chatter.load();
        }
        this.renderControls();
        if (this.mode === "edit") this.focusFirst();
    }

    showOnchangeWarning() {
        const warning = this.record.onchangeWarning;
        if (warning) {
            this.record.onchangeWarning = null;
            notify({ title: warning.title || _t("Warning"), message: warning.message || "", type: "warning" });
        }
    }

    focusFirst() {
        setTimeout(() => {
            const input = this.body.querySelector(".fz-sheet input:not([disabled]), .fz-sheet textarea, .fz-sheet select, .fz-form-renderer input:not([disabled])");
            if (input) input.focus();
        }, 0);
    }

    rendererEnv() {
        return {
            onButton: (node) => this.onButton(node),
            openX2ManyLine: (opts) => this.env.openX2ManyLine(opts),
            createRecordDialog: (opts) => this.env.createRecordDialog(opts),
            onLineButton: (node, list, line) => this.onLineButton(node, list, line),
        };
    }

    renderControls() {
        clear(this.controlEl);
        if (this.inDialog) return;
        const left = h("div", { class: "fz-form-buttons" });
        if (this.mode === "readonly") {
            if (this.canEdit) left.appendChild(h("button", { type: "button", class: ["fz-btn", "fz-btn-primary", "fz-btn-edit"], text: _t("Edit"),
                onClick: () => this.edit() }));
            if (!["0", "false"].includes(this.arch.getAttribute("create"))) {
                left.appendChild(h("button", { type: "button", class: ["fz-btn", "fz-btn-secondary", "fz-btn-create"], text: _t("New"),
                    onClick: () => this.env.newRecord() }));
            }
            if (!["0", "false"].includes(this.arch.getAttribute("delete")) && this.resId) {
                left.appendChild(h("button", { type: "button", class: ["fz-btn", "fz-btn-secondary", "fz-btn-delete"], text: _t("Delete"),
                    onClick: () => this.deleteRecord() }));
            }
        } else {
            left.appendChild(h("button", { type: "button", class: ["fz-btn", "fz-btn-primary", "fz-btn-save"], text: _t("Save"),
                onClick: () => this.save() }));
            left.appendChild(h("button", { type: "button", class: ["fz-btn", "fz-btn-secondary", "fz-btn-discard"], text: _t("Discard"),
                onClick: () => this.discard() }));
            this.dirtyEl = h("span", { class: "fz-dirty", text: _t("Unsaved changes"), hidden: !(this.record && this.record.isDirty) });
            left.appendChild(this.dirtyEl);
        }
        const pager = h("div", { class: "fz-pager" });
        const index = this.ids.indexOf(this.resId);
        if (this.resId && index >= 0 && this.ids.length > 1) {
            pager.appendChild(h("span", { class: "fz-pager-value", text: `${index + 1} / ${this.ids.length}` }));
            const go = async (delta) => {
                if (this.mode === "edit" && !(await this.save())) return;
                const next = this.ids[(index + delta + this.ids.length) % this.ids.length];
                this.env.switchRecord(next);
            };
            pager.append(
                h("button", { type: "button", class: ["fz-btn", "fz-btn-light", "fz-pager-prev"], "aria-label": _t("Previous"), text: "‹", onClick: () => go(-1) }),
                h("button", { type: "button", class: ["fz-btn", "fz-btn-light", "fz-pager-next"], "aria-label": _t("Next"), text: "›", onClick: () => go(1) }));
        }
        this.controlEl.append(left, pager);
    }

    updateDirty() {
        if (this.dirtyEl) this.dirtyEl.hidden = !(this.mode === "edit" && this.record.isDirty);
    }

    edit() {
        this.mode = "edit";
        this.renderer.setMode("edit");
        this.renderControls();
        this.focusFirst();
    }

    /** Validate and save; resolves true when saved (or nothing to save). */
    async save({ stayInEdit = false } = {}) {
        await this.record.pending;
        if (!this.record.validate(this.renderer.visibleFieldNodes())) {
            const names = Array.from(this.record.errors.keys()).map((n) => (this.fields[n] && this.fields[n].string) || n);
            notify({ title: _t("The following fields are invalid:"), message: names.join("、"), type: "danger" });
            const invalid = this.body.querySelector(".fz-field.fz-invalid");
            const panel = invalid && invalid.closest(".fz-tab-panel");
            if (panel && panel.hidden) {
                // the first invalid field is on another page of the notebook: show that page
                const tab = this.body.querySelector("#" + CSS.escape(panel.getAttribute("aria-labelledby")));
                if (tab) tab.click();
            }
            const first = invalid && invalid.querySelector("input, select, textarea");
            if (first) first.focus();
            return false;
        }
        const wasNew = this.record.isNew;
        try {
            this.resId = await this.record.save();
        } catch (err) {
            notifyError(err);
            return false;
        }
        try { await this.record.reload(); } catch (err) { notifyError(err); }
        if (!stayInEdit && !this.inDialog) {
            this.mode = "readonly";
            this.renderer.setMode("readonly");
        }
        this.renderControls();
        if (this.chatter) { this.chatter.resId = this.resId; this.chatter.load(); }
        else if (wasNew && this.renderer.chatterNode && !this.inDialog) {
            this.chatter = new Chatter({ model: this.model, resId: this.resId, env: this.env, node: this.renderer.chatterNode });
            this.body.appendChild(this.chatter.el);
            this.chatter.load();
        }
        if (this.onSaved) this.onSaved(this.resId, wasNew);
        return true;
    }

    async discard() {
        if (this.record.isNew) { this.env.back(); return; }
        this.mode = "readonly";
        try { await this.record.reload(); } catch (err) { notifyError(err); }
        this.renderer.setMode("readonly");
        this.renderControls();
    }

    async deleteRecord() {
        if (!await confirmDialog(_t("Delete this record?"), { okLabel: _t("Delete") })) return;
        try {
            await callKw(this.model, "unlink", [[this.resId]], { context: this.context });
            notify({ message: _t("Deleted."), type: "success" });
            if (this.onDeleted) this.onDeleted(this.resId);
        } catch (err) { notifyError(err); }
    }

    async reload() {
        if (!this.resId) return;
        try { await this.record.reload(); } catch (err) { notifyError(err); }
        if (this.chatter) this.chatter.load();
    }

    /** A button of an x2many line (inline list or line dialog): save the parent when changed
     * (the line needs its id), run the button on the line's record, then reload the parent. */
    async onLineButton(node, list, line) {
        const confirmText = node.getAttribute("confirm");
        if (confirmText && !await confirmDialog(confirmText)) return;
        let lineId = line && line.id;
        if (this.mode === "edit" && (this.record.isDirty || this.record.isNew || !lineId)) {
            const index = list.lines.indexOf(line);
            if (!(await this.save({ stayInEdit: this.inDialog }))) return;
            const reloaded = this.record.get(list.name);
            if (!lineId && reloaded && reloaded.lines && index >= 0 && reloaded.lines[index]) lineId = reloaded.lines[index].id;
        }
        if (!lineId) return;
        await this.env.executeButton(node, { model: list.comodel, resId: lineId, context: this.context,
            reload: () => this.reload() });
    }

    async onButton(node) {
        const special = node.getAttribute("special");
        if (special === "cancel") { if (this.dialogApi) this.dialogApi.close(); return; }
        if (special === "save") {
            if (await this.save()) { if (this.dialogApi) this.dialogApi.close(); }
            return;
        }
        const confirmText = node.getAttribute("confirm");
        if (confirmText && !await confirmDialog(confirmText)) return;
        if (this.mode === "edit" && (this.record.isDirty || this.record.isNew)) {
            if (!(await this.save({ stayInEdit: this.inDialog }))) return;
        }
        await this.env.executeButton(node, { model: this.model, resId: this.resId, context: this.context,
            record: this.record, reload: () => this.reload(), dialogApi: this.dialogApi });
    }
}
