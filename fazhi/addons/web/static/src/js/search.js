// The search view: filters (domain), group-bys (context group_by) and free-text field searches,
// shown as removable facets above the list. `SearchModel` computes domain/groupBy/context;
// `SearchBar` is its UI.
import { h, clear } from "./dom.js";
import { _t } from "./i18n.js";
import { evalDomain, evalContext } from "./pyeval.js";
import { session } from "./rpc.js";

export class SearchModel {
    constructor(searchArch, fields, actionContext = {}) {
        this.fields = fields;
        this.filterGroups = [];   // [[{name, string, domain, context}]]: OR inside, AND across
        this.groupBys = [];       // [{name, string, fieldName}]
        this.searchFields = [];   // [{name, string, filterDomain, operator, field}]
        this.activeFilters = new Set();
        this.activeGroupBys = [];  // names, in activation order
        this.fieldFacets = new Map(); // field name → [values]
        if (searchArch) this.parse(searchArch);
        if (!this.searchFields.length && fields.display_name) {
            this.searchFields.push({ name: "display_name", string: fields.display_name.string || _t("Name"), field: fields.display_name });
        }
        this.applyDefaults(actionContext);
        this.listeners = [];
    }

    parse(arch) {
        let current = [];
        const flush = () => { if (current.length) this.filterGroups.push(current); current = []; };
        const visit = (node, inGroup) => {
            for (const child of Array.from(node.children)) {
                const tag = child.tagName;
                if (child.getAttribute("invisible") === "1") continue;
                if (tag === "separator") { flush(); continue; }
                if (tag === "group") { flush(); visit(child, true); flush(); continue; }
                if (tag === "filter") {
                    const context = child.getAttribute("context");
                    let ctx = {};
                    try { ctx = context ? evalContext(context, this.evalScope()) : {}; } catch (err) { ctx = {}; }
                    const spec = { name: child.getAttribute("name") || child.getAttribute("string"),
                        string: child.getAttribute("string") || child.getAttribute("name"),
                        domain: child.getAttribute("domain") || "[]", context: ctx };
                    if (ctx.group_by) {
                        spec.fieldName = ctx.group_by;
                        this.groupBys.push(spec);
                    } else {
                        current.push(spec);
                    }
                    continue;
                }
                if (tag === "field") {
                    flush();
                    const name = child.getAttribute("name");
                    const field = this.fields[name];
                    if (!field) continue;
                    this.searchFields.push({ name, field, string: child.getAttribute("string") || field.string || name,
                        filterDomain: child.getAttribute("filter_domain"), operator: child.getAttribute("operator") });
                    continue;
                }
                if (tag === "searchpanel") continue;
                visit(child, inGroup);
            }
        };
        visit(arch, false);
        flush();
    }

    evalScope() {
        return { uid: session.uid, context: session.userContext, tz: session.userContext.tz, lang: session.userContext.lang };
    }

    applyDefaults(ctx) {
        const defaultGroupBy = [];
        for (const [key, value] of Object.entries(ctx || {})) {
            if (!key.startsWith("search_default_") || !value) continue;
            const name = key.slice("search_default_".length);
            const filter = this.allFilters().find((f) => f.name === name);
            if (filter) { this.activeFilters.add(name); continue; }
            const gb = this.groupBys.find((g) => g.name === name);
            if (gb) { defaultGroupBy.push(name); continue; }
            const sf = this.searchFields.find((f) => f.name === name);
            if (sf) this.fieldFacets.set(name, [value]);
        }
        this.activeGroupBys = defaultGroupBy;
        if (ctx && ctx.group_by) {
            const list = Array.isArray(ctx.group_by) ? ctx.group_by : [ctx.group_by];
            for (const fieldName of list) {
                const name = "__ctx_" + fieldName;
                this.groupBys.push({ name, string: (this.fields[fieldName.split(":")[0]] || {}).string || fieldName, fieldName, context: {} });
                this.activeGroupBys.push(name);
            }
        }
    }

    allFilters() { return this.filterGroups.flat(); }

    onChange(fn) { this.listeners.push(fn); }
    changed() { for (const fn of this.listeners) fn(); }

    toggleFilter(name) {
        if (this.activeFilters.has(name)) this.activeFilters.delete(name); else this.activeFilters.add(name);
        this.changed();
    }

    toggleGroupBy(name) {
        const i = this.activeGroupBys.indexOf(name);
        if (i >= 0) this.activeGroupBys.splice(i, 1); else this.activeGroupBys.push(name);
        this.changed();
    }

    addFieldSearch(name, value) {
        const values = this.fieldFacets.get(name) || [];
        values.push(value);
        this.fieldFacets.set(name, values);
        this.changed();
    }

    removeFacet(facet) {
        if (facet.kind === "filters") for (const f of facet.group) this.activeFilters.delete(f.name);
        else if (facet.kind === "groupby") this.activeGroupBys = [];
        else if (facet.kind === "field") this.fieldFacets.delete(facet.name);
        this.changed();
    }

    facets() {
        const out = [];
        for (const sf of this.searchFields) {
            const values = this.fieldFacets.get(sf.name);
            if (values && values.length) {
                out.push({ kind: "field", name: sf.name, label: sf.string, values: values.map(String) });
            }
        }
        for (const group of this.filterGroups) {
            const active = group.filter((f) => this.activeFilters.has(f.name));
            if (active.length) out.push({ kind: "filters", group: active, label: null, values: active.map((f) => f.string) });
        }
        if (this.activeGroupBys.length) {
            out.push({ kind: "groupby", label: _t("Group By"),
                values: this.activeGroupBys.map((n) => this.groupBys.find((g) => g.name === n)).filter(Boolean).map((g) => g.string) });
        }
        return out;
    }

    fieldDomain(sf, value) {
        if (sf.filterDomain) {
            return evalDomain(sf.filterDomain, Object.assign(this.evalScope(), { self: value, raw_value: value }));
        }
        const type = sf.field.type;
        if (type === "selection") {
            const keys = (sf.field.selection || []).filter(([key, label]) =>
                String(label).includes(value) || String(key) === value).map(([key]) => key);
            return [[sf.name, "in", keys]];
        }
        if (type === "integer" || type === "float" || type === "monetary") {
            const n = Number(value);
            return Number.isNaN(n) ? [["id", "=", 0]] : [[sf.name, "=", n]];
        }
        if (type === "boolean") return [[sf.name, "=", true]];
        if (type === "date" || type === "datetime") return [[sf.name, "=", value]];
        return [[sf.name, sf.operator || "ilike", value]];
    }

    get domain() {
        const parts = [];
        const scope = this.evalScope();
        for (const group of this.filterGroups) {
            const active = group.filter((f) => this.activeFilters.has(f.name));
            if (!active.length) continue;
            parts.push(orDomains(active.map((f) => evalDomain(f.domain, scope))));
        }
        for (const sf of this.searchFields) {
            const values = this.fieldFacets.get(sf.name);
            if (values && values.length) parts.push(orDomains(values.map((v) => this.fieldDomain(sf, v))));
        }
        return andDomains(parts);
    }

    get groupBy() {
        return this.activeGroupBys.map((n) => this.groupBys.find((g) => g.name === n)).filter(Boolean).map((g) => g.fieldName);
    }
}

function normalizeDomain(domain) {
    // implicit '&' between leaves → a single term for AND/OR composition
    if (!domain.length) return domain;
    let expected = 1;
    for (const item of domain) {
        if (item === "&" || item === "|") expected += 1;
        else if (item !== "!") expected -= 1;
    }
    // `expected` ends at 1 - terms + operators: -expected terms are joined by an implicit '&'
    const out = [];
    for (let i = 0; i < -expected; i++) out.push("&");
    return out.concat(domain);
}

/** What the calendar, kanban, graph and pivot views share: their model, arch, fields, search
 * model, the action's domain and context, a root element, and a reload on every search change. */
export class SearchedView {
    constructor({ model, arch, fields, searchModel, actionDomain = [], context = {} }, cssClass) {
        Object.assign(this, { model, arch, fields, searchModel, actionDomain, context });
        this.el = h("div", { class: cssClass, dataset: { model } });
        searchModel.onChange(() => this.load());
    }

    /** The action's domain and the search's, together. */
    get domain() { return andDomains([this.actionDomain, this.searchModel.domain]); }
}

export function andDomains(domains) {
    const nonEmpty = domains.filter((d) => d && d.length).map(normalizeDomain);
    if (!nonEmpty.length) return [];
    return Array(nonEmpty.length - 1).fill("&").concat(...nonEmpty);
}

export function orDomains(domains) {
    const nonEmpty = domains.filter((d) => d && d.length).map(normalizeDomain);
    if (nonEmpty.length !== domains.length) return [];   // an empty domain matches everything
    if (!nonEmpty.length) return [];
    return Array(nonEmpty.length - 1).fill("|").concat(...nonEmpty);
}

/** The search input with its facets, autocompletion ("search <field> for: …") and filter menus. */
export class SearchBar {
    constructor(model) {
        this.model = model;
        this.el = h("div", { class: "fz-searchbar" });
        this.activeIndex = 0;
        this.render();
        model.onChange(() => this.render());
    }

    render() {
        clear(this.el);
        const box = h("div", { class: "fz-search-box" });
        for (const facet of this.model.facets()) {
            const remove = h("button", { type: "button", class: "fz-facet-remove", "aria-label": _t("Remove"), text: "×",
                onClick: () => this.model.removeFacet(facet) });
            box.appendChild(h("span", { class: ["fz-facet", "fz-facet-" + facet.kind] },
                facet.label ? h("span", { class: "fz-facet-label", text: facet.label }) : null,
                h("span", { class: "fz-facet-values", text: facet.values.join(facet.kind === "filters" ? _t(" or ") : " > ") }),
                remove));
        }
        this.input = h("input", { type: "search", class: "fz-search-input", placeholder: _t("Search…"),
            "aria-label": _t("Search"), autocomplete: "off", role: "combobox", "aria-expanded": "false" });
        this.dropdown = h("ul", { class: "fz-search-autocomplete", role: "listbox", hidden: true });
        this.input.addEventListener("input", () => this.renderAutocomplete());
        this.input.addEventListener("keydown", (ev) => this.onKeydown(ev));
        // hide the suggestions a moment after leaving (a click on one must land first), unless
        // the box got the focus back meanwhile
        let hideTimer = null;
        this.input.addEventListener("blur", () => { hideTimer = setTimeout(() => { this.dropdown.hidden = true; }, 150); });
        this.input.addEventListener("focus", () => clearTimeout(hideTimer));
        box.appendChild(this.input);
        const wrap = h("div", { class: "fz-search-input-wrap" }, box, this.dropdown);
        this.el.appendChild(wrap);
        this.el.appendChild(this.renderMenus());
    }

    focus() { if (this.input) this.input.focus(); }

    renderAutocomplete() {
        clear(this.dropdown);
        const value = this.input.value.trim();
        if (!value) { this.dropdown.hidden = true; this.input.setAttribute("aria-expanded", "false"); return; }
        this.activeIndex = 0;
        this.model.searchFields.forEach((sf, i) => {
            const item = h("li", { role: "option", class: ["fz-search-option", i === 0 ? "fz-active" : null], dataset: { field: sf.name } },
                _t("Search %s for: ").replace("%s", sf.string), h("b", { text: value }));
            item.addEventListener("mousedown", (ev) => { ev.preventDefault(); this.choose(i); });
            this.dropdown.appendChild(item);
        });
        this.dropdown.hidden = false;
        this.input.setAttribute("aria-expanded", "true");
    }

    onKeydown(ev) {
        const items = Array.from(this.dropdown.children);
        if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
            if (!items.length) return;
            ev.preventDefault();
            this.activeIndex = (this.activeIndex + (ev.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
            items.forEach((li, i) => li.classList.toggle("fz-active", i === this.activeIndex));
        } else if (ev.key === "Enter") {
            ev.preventDefault();
            if (this.input.value.trim() && items.length) this.choose(this.activeIndex);
        } else if (ev.key === "Backspace" && !this.input.value) {
            const facets = this.model.facets();
            if (facets.length) this.model.removeFacet(facets[facets.length - 1]);
        } else if (ev.key === "Escape") {
            this.dropdown.hidden = true;
        }
    }

    choose(index) {
        const sf = this.model.searchFields[index];
        const value = this.input.value.trim();
        if (!sf || !value) return;
        this.model.addFieldSearch(sf.name, value);
        this.focus();
    }

    renderMenus() {
        const menus = h("div", { class: "fz-search-menus" });
        const filters = this.model.allFilters();
        if (filters.length) {
            menus.appendChild(this.menu(_t("Filters"), "filters", this.model.filterGroups.map((group) => group.map((f) => ({
                label: f.string, name: f.name, active: this.model.activeFilters.has(f.name), onClick: () => this.model.toggleFilter(f.name) })))));
        }
        const groupBys = this.model.groupBys.filter((g) => !g.name.startsWith("__ctx_") || this.model.activeGroupBys.includes(g.name));
        if (groupBys.length) {
            menus.appendChild(this.menu(_t("Group By"), "groupby", [groupBys.map((g) => ({
                label: g.string, name: g.name, active: this.model.activeGroupBys.includes(g.name), onClick: () => this.model.toggleGroupBy(g.name) }))]));
        }
        return menus;
    }

    menu(label, kind, groups) {
        const list = h("div", { class: "fz-dropdown-menu", role: "menu", hidden: true });
        groups.forEach((items, gi) => {
            if (gi > 0) list.appendChild(h("div", { class: "fz-dropdown-divider", role: "separator" }));
            for (const item of items) {
                const btn = h("button", { type: "button", role: "menuitemcheckbox", "aria-checked": item.active ? "true" : "false",
                    class: ["fz-dropdown-item", item.active ? "fz-checked" : null], dataset: { name: item.name || "" }, text: item.label });
                btn.addEventListener("click", () => item.onClick());
                list.appendChild(btn);
            }
        });
        const toggle = h("button", { type: "button", class: ["fz-btn", "fz-btn-light", "fz-dropdown-toggle", "fz-menu-" + kind],
            "aria-haspopup": "true", "aria-expanded": "false", text: label });
        const wrap = h("div", { class: "fz-dropdown" }, toggle, list);
        toggle.addEventListener("click", () => {
            list.hidden = !list.hidden;
            toggle.setAttribute("aria-expanded", String(!list.hidden));
            if (!list.hidden) {
                const first = list.querySelector("button");
                if (first) first.focus();
                const away = (ev) => {
                    if (!wrap.contains(ev.target)) { list.hidden = true; toggle.setAttribute("aria-expanded", "false"); document.removeEventListener("mousedown", away); }
                };
                document.addEventListener("mousedown", away);
            }
        });
        wrap.addEventListener("keydown", (ev) => {
            if (ev.key === "Escape") { list.hidden = true; toggle.focus(); }
        });
        return wrap;
    }
}

