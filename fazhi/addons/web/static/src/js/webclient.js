// The web client shell: navbar with apps, side menu, breadcrumbs, the action manager
// (window/url/client actions, dialogs) and hash routing (back/reload work).
import { h, clear, safeUrl } from "./dom.js";
import { _t } from "./i18n.js";
import { rpc, callKw, session, onActivity } from "./rpc.js";
import { notify, notifyError, dialog, spinner, closeAllDialogs } from "./ui.js";
import { evalDomain, evalContext } from "./pyeval.js";
import { loadViews } from "./views.js";
import { ListView } from "./list.js";
import { FormView, FormRenderer } from "./form.js";
import { SearchModel, SearchBar, andDomains } from "./search.js";
import { Record, X2ManyList } from "./record.js";
import { JobProgress } from "./job_progress.js";
import { CalendarView } from "./calendar.js";
import { KanbanView } from "./kanban.js";
import { GraphView } from "./graph.js";
import { PivotView } from "./pivot.js";

/** View types this client renders (others in an action are left out). */
const VIEW_TYPES = new Set(["list", "kanban", "calendar", "graph", "pivot", "form"]);
/** The multi-record view types, in the switcher. */
const MULTI_TYPES = ["list", "kanban", "calendar", "graph", "pivot"];

function parseHash(hash) {
    const out = {};
    for (const part of hash.replace(/^#/, "").split("&")) {
        if (!part) continue;
        const [k, v = ""] = part.split("=");
        try { out[decodeURIComponent(k)] = decodeURIComponent(v); } catch (err) { /* ignore malformed */ }
    }
    return out;
}

function buildHash(state) {
    return "#" + Object.entries(state).filter(([, v]) => v !== undefined && v !== null && v !== "")
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
}

/** A get_views toolbar entry ({id, name, type, …}) rather than a loaded action. */
function isActionStub(action) {
    if (!action || typeof action !== "object" || !action.id || !action.type) return false;
    if (action.type === "ir.actions.act_window") return !action.res_model;
    if (action.type === "ir.actions.act_url") return !action.url;
    if (action.type === "ir.actions.client") return !action.tag;
    return action.type === "ir.actions.server" || action.type === "ir.actions.report";
}

export class WebClient {
    constructor(root) {
        this.root = root;
        this.stack = [];
        this.menus = null;
        this.currentMenuId = null;
        this.currentApp = null;
        this.ignoreHash = null;
    }

    async start() {
        clear(this.root);
        this.busy = h("div", { class: "fz-busy", hidden: true, "aria-hidden": "true" });
        onActivity((n) => { this.busy.hidden = n === 0; });
        this.navbar = h("header", { class: "fz-navbar" });
        this.sidebar = h("nav", { class: "fz-sidebar", "aria-label": _t("Menu") });
        this.breadcrumbs = h("nav", { class: "fz-breadcrumbs", "aria-label": _t("Breadcrumbs") });
        this.searchArea = h("div", { class: "fz-search-area" });
        this.content = h("main", { class: "fz-content", id: "fz-main", tabindex: "-1" });
        const skip = h("a", { class: "fz-skip-link", href: "#", text: _t("Skip to content") });
        skip.addEventListener("click", (ev) => { ev.preventDefault(); this.content.focus(); });
        // what the server asks this user to know at once (e.g. a holiday notice not loaded)
        const notices = h("div", { class: "fz-notices", role: "status" },
            ...(session.notices || []).map((text) => {
                const item = h("div", { class: "fz-notice" }, h("span", { text }));
                const close = h("button", { type: "button", class: "fz-notice-close", "aria-label": _t("Close"), text: "×" });
                close.addEventListener("click", () => item.remove());
                item.appendChild(close);
                return item;
            }));
        this.root.append(skip, this.busy, this.navbar, notices,
            h("div", { class: "fz-layout" }, this.sidebar,
                h("div", { class: "fz-main-column" }, h("div", { class: "fz-control-panel" }, this.breadcrumbs, this.searchArea), this.content)));
        try {
            this.menus = await rpc("/web/webclient/load_menus", {});
        } catch (err) {
            notifyError(err);
            this.menus = { root: { id: "root", children: [] } };
        }
        this.renderNavbar();
        window.addEventListener("hashchange", () => this.onHashChange());
        // "/" jumps to the search box, as on many sites
        document.addEventListener("keydown", (ev) => {
            if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
            if (ev.target.closest && ev.target.closest("input, textarea, select, [contenteditable]")) return;
            const top = this.stack[this.stack.length - 1];
            if (top && top.searchBar && !document.querySelector(".fz-dialog")) { ev.preventDefault(); top.searchBar.focus(); }
        });
        // leaving the page (reload, closing the tab) with unsaved changes asks first
        window.addEventListener("beforeunload", (ev) => {
            const top = this.stack[this.stack.length - 1];
            if (top && top.viewType === "form" && top.view && top.view.mode === "edit" && top.view.record && top.view.record.isDirty) {
                ev.preventDefault();
                ev.returnValue = "";
            }
        });
        await this.loadState(parseHash(window.location.hash));
    }

    // --- menus ---------------------------------------------------------------------------------
    menu(id) { return this.menus[String(id)]; }

    appOf(menuId) {
        let m = this.menu(menuId);
        while (m && m.parent_id && this.menu(m.parent_id[0])) m = this.menu(m.parent_id[0]);
        return m;
    }

    firstActionMenu(menu) {
        if (!menu) return null;
        if (menu.action) return menu;
        for (const id of menu.children || []) {
            const found = this.firstActionMenu(this.menu(id));
            if (found) return found;
        }
        return null;
    }

    renderNavbar() {
        clear(this.navbar);
        const apps = h("ul", { class: "fz-apps", "aria-label": _t("Applications") });
        for (const id of (this.menus.root && this.menus.root.children) || []) {
            const app = this.menu(id);
            if (!app) continue;
            const btn = h("button", { type: "button", class: ["fz-app", this.currentApp && this.currentApp.id === app.id ? "fz-active" : null],
                dataset: { menuId: app.id, xmlid: app.xmlid || "" }, text: app.name });
            btn.addEventListener("click", () => {
                const target = this.firstActionMenu(app);
                this.currentApp = app;
                if (target) this.openMenu(target); else { this.renderNavbar(); this.renderSidebar(); }
            });
            if (this.currentApp && this.currentApp.id === app.id) btn.setAttribute("aria-current", "true");
            apps.appendChild(h("li", {}, btn));
        }
        const userBtn = h("button", { type: "button", class: "fz-user-toggle", "aria-haspopup": "true", "aria-expanded": "false",
            text: session.name || session.username });
        const userMenu = h("div", { class: ["fz-dropdown-menu", "fz-user-menu"], role: "menu", hidden: true },
            h("button", { type: "button", role: "menuitem", class: ["fz-dropdown-item", "fz-change-password"], text: _t("Change password"),
                onClick: () => { userMenu.hidden = true; this.changePassword(); } }),
            // logout is a POST with the CSRF token: a link (GET) would let any site log the user out
            h("form", { method: "post", action: "/web/session/logout", class: "fz-logout-form",
                onSubmit: (ev) => { ev.currentTarget.elements.csrf_token.value = session.csrfToken; } },
                h("input", { type: "hidden", name: "csrf_token", value: session.csrfToken }),
                h("button", { type: "submit", role: "menuitem", class: ["fz-dropdown-item", "fz-logout"], text: _t("Log out") })));
        userBtn.addEventListener("click", () => {
            userMenu.hidden = !userMenu.hidden;
            userBtn.setAttribute("aria-expanded", String(!userMenu.hidden));
            if (!userMenu.hidden) userMenu.querySelector(".fz-dropdown-item").focus();
        });
        const userWrap = h("div", { class: ["fz-dropdown", "fz-user"] }, userBtn, userMenu);
        userWrap.addEventListener("keydown", (ev) => { if (ev.key === "Escape") { userMenu.hidden = true; userBtn.focus(); } });
        if (this.closeUserMenu) document.removeEventListener("mousedown", this.closeUserMenu);
        this.closeUserMenu = (ev) => { if (!userWrap.contains(ev.target)) userMenu.hidden = true; };
        document.addEventListener("mousedown", this.closeUserMenu);
        this.navbar.append(h("a", { class: "fz-brand", href: "#", text: _t("Fazhi") }), apps, userWrap);
    }

    renderSidebar() {
        clear(this.sidebar);
        const app = this.currentApp;
        if (!app) { this.sidebar.hidden = true; return; }
        this.sidebar.hidden = false;
        this.sidebar.appendChild(h("div", { class: "fz-sidebar-title", text: app.name }));
        const build = (menu, depth) => {
            const ul = h("ul", { class: ["fz-menu", "fz-menu-depth-" + depth] });
            for (const id of menu.children || []) {
                const child = this.menu(id);
                if (!child) continue;
                const li = h("li", {});
                if (child.action) {
                    const a = h("a", { href: buildHash({ menu_id: child.id }), class: ["fz-menu-item", String(this.currentMenuId) === String(child.id) ? "fz-active" : null],
                        dataset: { menuId: child.id, xmlid: child.xmlid || "" }, "aria-current": String(this.currentMenuId) === String(child.id) ? "page" : null,
                        text: child.name });
                    a.addEventListener("click", (ev) => { ev.preventDefault(); this.openMenu(child); });
                    li.appendChild(a);
                } else {
                    li.appendChild(h("div", { class: "fz-menu-section", text: child.name }));
                }
                if ((child.children || []).length) li.appendChild(build(child, depth + 1));
                ul.appendChild(li);
            }
            return ul;
        };
        this.sidebar.appendChild(build(app, 0));
    }

    async openMenu(menu) {
        if (!(await this.confirmLeave())) return;
        closeAllDialogs();   // a dialog belongs to the view it was opened over
        const previous = [this.currentMenuId, this.currentApp];
        this.currentMenuId = menu.id;
        this.currentApp = this.appOf(menu.id);
        this.renderNavbar();
        this.renderSidebar();
        await this.doAction(menu.action, { clearBreadcrumbs: true, menuId: menu.id });
        if (this.currentDialog && !this.currentDialog.closed && this.stack.length) {
            // the menu opened a dialog over the current view: that view's menu stays the current one
            [this.currentMenuId, this.currentApp] = previous;
            this.renderNavbar();
            this.renderSidebar();
        }
    }

    // --- routing -------------------------------------------------------------------------------
    pushState() {
        const top = this.stack[this.stack.length - 1];
        if (!top) return;
        const state = {};
        if (top.action && top.action.id) state.action = top.action.id; else state.model = top.model;
        if (!state.action && top.model) state.model = top.model;
        state.view_type = top.viewType;
        if (top.viewType === "form" && top.view && top.view.resId) state.id = top.view.resId;
        if (this.currentMenuId) state.menu_id = this.currentMenuId;
        const hash = buildHash(state);
        if (hash !== window.location.hash) {
            this.ignoreHash = hash;
            window.location.hash = hash;
        }
        document.title = `${top.title()} - ${_t("Fazhi")}`;
    }

    async onHashChange() {
        if (this.ignoreHash === window.location.hash) { this.ignoreHash = null; return; }
        this.ignoreHash = null;
        closeAllDialogs();   // back/forward or a typed URL leaves the view a dialog was opened over
        const state = parseHash(window.location.hash);
        // back to a controller already in the breadcrumbs: restore it instead of reloading everything
        const index = this.stack.findIndex((c) => String(c.action && c.action.id) === String(state.action || "")
            && c.viewType === (state.view_type || c.viewType) && (c.viewType !== "form" || String(c.view.resId || "") === String(state.id || "")));
        if (index >= 0 && index < this.stack.length - 1) { await this.restore(index); return; }
        await this.loadState(state);
    }

    /** The menu that opens window action ``actionId`` (to highlight it after a reload). */
    menuOfAction(actionId) {
        for (const [key, menu] of Object.entries(this.menus || {})) {
            if (key === "root" || !menu || !menu.action) continue;
            if (String(menu.action).split(",")[1] === String(actionId)) return menu;
        }
        return null;
    }

    async loadState(state) {
        if (!state.menu_id && state.action && /^\d+$/.test(state.action)) {
            const menu = this.menuOfAction(state.action);
            if (menu) state.menu_id = menu.id;
        }
        if (state.menu_id && this.menu(state.menu_id)) {
            this.currentMenuId = Number(state.menu_id) || state.menu_id;
            this.currentApp = this.appOf(state.menu_id);
        }
        this.renderNavbar();
        this.renderSidebar();
        try {
            if (state.action) {
                await this.doAction(/^\d+$/.test(state.action) ? Number(state.action) : state.action, {
                    clearBreadcrumbs: true, viewType: state.view_type, resId: state.id ? Number(state.id) : null });
                return;
            }
            if (state.model && state.view_type && state.view_type !== "form") {
                // a list opened from a chart or pivot cell has no action of its own
                await this.doWindowAction({ type: "ir.actions.act_window", res_model: state.model, name: "",
                    views: [[false, state.view_type], [false, "form"]] }, { clearBreadcrumbs: true, viewType: state.view_type });
                return;
            }
            if (state.model) {
                this.stack = [];
                await this.openRecordForm({ model: state.model, resId: state.id ? Number(state.id) : null });
                return;
            }
            if (state.menu_id && this.menu(state.menu_id)) {
                const menu = this.firstActionMenu(this.menu(state.menu_id));
                if (menu) { await this.openMenu(menu); return; }
            }
            const firstApp = this.menu(((this.menus.root || {}).children || [])[0]);
            const target = this.firstActionMenu(firstApp);
            if (target) { await this.openMenu(target); return; }
            clear(this.content);
            this.content.appendChild(h("div", { class: "fz-list-empty", text: _t("No menu available for your account.") }));
        } catch (err) {
            notifyError(err);
        }
    }

    // --- actions -------------------------------------------------------------------------------
    async loadAction(actionId, context = {}) {
        return rpc("/web/action/load", { action_id: actionId, additional_context: context });
    }

    async doAction(action, options = {}) {
        if (action === false || action === null || action === undefined || action === true) return;
        if (typeof action === "string" && /^ir\.actions\.act_window,(\d+)$/.test(action)) action = Number(action.split(",")[1]);
        if (typeof action === "number" || typeof action === "string") {
            action = await this.loadAction(action, options.additionalContext || {});
            if (!action) { notify({ message: _t("This action does not exist."), type: "warning" }); return; }
        }
        if (isActionStub(action)) {
            // a toolbar (binding) entry of get_views carries only id/name/type: load the action itself
            const loaded = await this.loadAction(`${action.type},${action.id}`, options.additionalContext || {});
            if (!loaded) { notify({ message: _t("This action does not exist."), type: "warning" }); return; }
            action = loaded;
        }
        const type = action.type;
        if (type === "ir.actions.act_window") return this.doWindowAction(action, options);
        if (type === "ir.actions.act_window_close") {
            if (this.currentDialog) this.currentDialog.close();
            if (options.onClose) await options.onClose();
            return;
        }
        if (type === "ir.actions.act_url") return this.doUrlAction(action, options);
        if (type === "ir.actions.client") return this.doClientAction(action, options);
        notify({ message: _t("This kind of action is not supported: %s").replace("%s", type || "?"), type: "warning" });
    }

    doUrlAction(action, options) {
        const url = String(action.url || "");
        const safe = safeUrl(url);
        if (safe === "#") { notify({ message: _t("Only links to this server can be opened."), type: "warning" }); return; }
        if (/^\/web\/content\//.test(safe) || action.target === "download") {
            const a = h("a", { href: safe, class: "fz-hidden", download: "" });
            document.body.appendChild(a);
            a.click();
            a.remove();
        } else if (action.target === "new") {
            window.open(safe, "_blank", "noopener");
        } else {
            window.location.assign(safe);
        }
        if (options.onClose) options.onClose();
    }

    async doClientAction(action, options) {
        const params = action.params || {};
        switch (action.tag) {
            case "reload": {
                const top = this.stack[this.stack.length - 1];
                if (top && top.view && top.view.reload) await top.view.reload();
                else window.location.reload();
                return;
            }
            case "display_notification":
                notify({ title: params.title || "", message: params.message || "", type: params.type || "info", sticky: Boolean(params.sticky) });
                if (params.next) await this.doAction(params.next, options);
                if (options.onClose) await options.onClose();
                return;
            case "fz_job_progress":
                new JobProgress({ jobId: params.job_id, title: params.title || action.name || _t("Working…"), onDone: options.onClose }).open();
                return;
            default:
                notify({ message: _t("Unknown client action: %s").replace("%s", action.tag || "?"), type: "warning" });
        }
    }

    evalScope(extra = {}) {
        return Object.assign({ uid: session.uid, context: session.userContext, active_id: null, active_ids: [], active_model: null }, extra);
    }

    actionContext(action, additional = {}) {
        let ctx = {};
        try { ctx = evalContext(action.context || "{}", this.evalScope(additional)); } catch (err) { console.warn("context", err); }
        return Object.assign({}, session.userContext, ctx, additional);
    }

    async doWindowAction(action, options = {}) {
        const context = this.actionContext(action, options.additionalContext || {});
        let domain = [];
        try { domain = evalDomain(action.domain || [], this.evalScope(Object.assign({}, options.additionalContext || {}, { context }))); }
        catch (err) { console.warn("domain", err); }
        let views = (action.views && action.views.length ? action.views : (action.view_mode || "list,form").split(",").map((t) => [false, t.trim()]))
            .map(([id, type]) => [id, type === "tree" ? "list" : type])
            .filter(([, type]) => VIEW_TYPES.has(type));
        if (action.search_view_id) context.search_view_id = Array.isArray(action.search_view_id) ? action.search_view_id[0] : action.search_view_id;
        const info = await loadViews(action.res_model, views, context);
        if (action.target === "new") {
            return this.openFormDialog({ model: action.res_model, resId: action.res_id || null, context, info, title: action.name,
                onClose: options.onClose });
        }
        if (options.clearBreadcrumbs) {
            this.stack = [];
            const menu = options.menuId ? null : this.menuOfAction(action.id);
            if (menu && String(menu.id) !== String(this.currentMenuId)) {
                this.currentMenuId = menu.id;
                this.currentApp = this.appOf(menu.id);
                this.renderNavbar();
                this.renderSidebar();
            }
        }
        const available = views.map(([, t]) => t).filter((t) => info.views[t]);
        let viewType = options.viewType && info.views[options.viewType] ? options.viewType : available[0] || "form";
        if (action.res_id && !options.viewType) viewType = "form";
        const resId = options.resId || action.res_id || null;
        const base = { action, model: action.res_model, context, domain, info };
        const top = this.stack[this.stack.length - 1];
        if (viewType === "form" && resId && top && top.viewType === "form" && top.model === action.res_model
                && Number((top.view && top.view.resId) || top.resId) === Number(resId)) {
            // a button (or its dialog) opened the record already on screen: show it again, not twice
            this.stack.splice(this.stack.length - 1, 1, this.makeController(Object.assign({}, base, { action: top.action || action,
                viewType: "form", resId })));
            await this.showTop();
            return;
        }
        if (viewType === "form") {
            // after a reload on a form, keep the list in the breadcrumbs
            const multi = available.find((t) => t === "list");
            if (multi && !action.res_id) {
                const listCtrl = this.makeController(Object.assign({}, base, { viewType: multi }));
                this.stack.push(listCtrl);
            }
            this.stack.push(this.makeController(Object.assign({}, base, { viewType: "form", resId })));
        } else {
            this.stack.push(this.makeController(Object.assign({}, base, { viewType })));
        }
        await this.showTop();
    }

    makeController({ action, model, context, domain, info, viewType, resId = null, ids = [] }) {
        const ctrl = { action, model, context, domain, info, viewType, resId, ids, view: null, searchModel: null };
        ctrl.title = () => {
            if (viewType === "form") return ctrl.view ? ctrl.view.title : _t("Loading…");
            return (action && action.name) || model;
        };
        return ctrl;
    }

    async showTop() {
        const ctrl = this.stack[this.stack.length - 1];
        if (!ctrl) return;
        clear(this.content);
        clear(this.searchArea);
        this.content.appendChild(spinner());
        if (!ctrl.view) await this.buildView(ctrl);
        clear(this.content);
        this.content.appendChild(ctrl.view.el);
        if (ctrl.searchBar) this.searchArea.appendChild(ctrl.searchBar.el);
        if (ctrl.switcher) this.searchArea.appendChild(ctrl.switcher);
        this.pushState();   // at once, so that "back" during the load already returns to the previous view
        await ctrl.view.load();
        this.renderBreadcrumbs();
        this.pushState();
        if (ctrl.searchBar && ctrl.viewType === "list") ctrl.searchBar.focus();
    }

    async buildView(ctrl) {
        const { info, model, context } = ctrl;
        if (ctrl.viewType !== "form") {
            ctrl.searchModel = new SearchModel(info.views.search && info.views.search.arch, info.fields, context);
            ctrl.searchBar = new SearchBar(ctrl.searchModel);
        }
        if (ctrl.viewType === "list") {
            const view = info.views.list;
            ctrl.view = new ListView({ model, arch: view.arch, fields: info.fields, searchModel: ctrl.searchModel,
                actionDomain: ctrl.domain, context, toolbar: view.toolbar, env: this.env(), help: (ctrl.action && ctrl.action.help) || "",
                onOpen: (id, ids) => this.openFromList(ctrl, id, ids),
                onCreate: info.views.form || (ctrl.action && /form/.test(ctrl.action.view_mode || "form")) ? () => this.openFromList(ctrl, null, []) : null });
        } else if (ctrl.viewType === "kanban") {
            ctrl.view = new KanbanView({ model, arch: info.views.kanban.arch, fields: info.fields, searchModel: ctrl.searchModel,
                actionDomain: ctrl.domain, context, onOpen: (id, ids) => this.openFromList(ctrl, id, ids) });
        } else if (ctrl.viewType === "graph" || ctrl.viewType === "pivot") {
            const View = ctrl.viewType === "graph" ? GraphView : PivotView;
            ctrl.view = new View({ model, arch: info.views[ctrl.viewType].arch, fields: info.fields, searchModel: ctrl.searchModel,
                actionDomain: ctrl.domain, context, onOpenGroup: (domain, label) => this.openGroupList(ctrl, domain, label) });
        } else if (ctrl.viewType === "calendar") {
            ctrl.view = new CalendarView({ model, arch: info.views.calendar.arch, fields: info.fields, searchModel: ctrl.searchModel,
                actionDomain: ctrl.domain, context, onOpen: (id) => this.openFromList(ctrl, id, []) });
        } else {
            if (!info.views.form) {
                const extra = await loadViews(model, [[false, "form"]], context);
                Object.assign(info.views, { form: extra.views.form });
                Object.assign(info.models, extra.models);
                for (const [k, v] of Object.entries(extra.fields)) if (!info.fields[k]) info.fields[k] = v;
            }
            ctrl.view = new FormView({ model, arch: info.views.form.arch, fields: info.fields, relatedFields: info.models,
                resId: ctrl.resId, ids: ctrl.ids, context, env: this.env(ctrl),
                onSaved: () => { this.renderBreadcrumbs(); this.pushState(); },
                onDeleted: () => this.back() });
        }
        // view switcher for list/calendar
        if (ctrl.viewType !== "form") {
            const order = ctrl.action && ctrl.action.views ? ctrl.action.views.map(([, t]) => (t === "tree" ? "list" : t)) : [];
            const types = Object.keys(info.views).filter((t) => MULTI_TYPES.includes(t))
                .sort((a, b) => order.indexOf(a) - order.indexOf(b));
            if (types.length > 1 && ctrl.searchBar) {
                const switcher = h("div", { class: "fz-view-switcher", role: "group", "aria-label": _t("Views") });
                for (const t of types) {
                    switcher.appendChild(h("button", { type: "button", class: ["fz-btn", "fz-btn-light", t === ctrl.viewType ? "fz-active" : null],
                        "aria-pressed": String(t === ctrl.viewType), dataset: { viewType: t },
                        text: { list: _t("List"), calendar: _t("Calendar"), kanban: _t("Kanban"), graph: _t("Graph"), pivot: _t("Pivot") }[t],
                        onClick: () => this.switchView(ctrl, t) }));
                }
                ctrl.switcher = switcher;
            }
        }
    }

    async switchView(ctrl, viewType) {
        if (ctrl.viewType === viewType) return;
        const i = this.stack.indexOf(ctrl);
        const next = this.makeController(Object.assign({}, ctrl, { viewType }));
        this.stack.splice(i, 1, next);
        await this.showTop();
    }

    /** A chart bar or pivot cell opens the list of its records (as a new breadcrumb). */
    async openGroupList(ctrl, domain, label) {
        let info = ctrl.info;
        if (!info.views.list) {
            const extra = await loadViews(ctrl.model, [[false, "list"], [false, "form"]], ctrl.context);
            info = Object.assign({}, info, { views: Object.assign({}, extra.views, info.views),
                fields: Object.assign({}, extra.fields, info.fields), models: Object.assign({}, extra.models, info.models) });
        }
        const action = Object.assign({}, ctrl.action || {}, { name: label || (ctrl.action && ctrl.action.name) || ctrl.model });
        delete action.id;   // not the analysis action itself: its hash would reopen the chart
        const list = this.makeController({ action, model: ctrl.model, context: ctrl.context,
            domain: andDomains([ctrl.domain, domain]), info, viewType: "list" });
        this.stack.push(list);
        await this.showTop();
    }

    async openFromList(ctrl, id, ids) {
        const form = this.makeController({ action: ctrl.action, model: ctrl.model, context: ctrl.context, domain: ctrl.domain,
            info: ctrl.info, viewType: "form", resId: id, ids });
        this.stack.push(form);
        await this.showTop();
    }

    async openRecordForm({ model, resId, context = {} }) {
        const info = await loadViews(model, [[false, "form"]], Object.assign({}, session.userContext, context));
        this.stack.push(this.makeController({ action: null, model, context: Object.assign({}, session.userContext, context), domain: [], info,
            viewType: "form", resId }));
        await this.showTop();
    }

    async confirmLeave() {
        const top = this.stack[this.stack.length - 1];
        if (top && top.viewType === "form" && top.view && top.view.mode === "edit" && top.view.record && top.view.record.isDirty) {
            return top.view.save();
        }
        return true;
    }

    async restore(index) {
        if (!(await this.confirmLeave())) return;
        this.stack = this.stack.slice(0, index + 1);
        const top = this.stack[index];
        top.needsLoad = true;
        await this.showTop();
    }

    async back() {
        if (this.stack.length > 1) await this.restore(this.stack.length - 2);
        else {
            const top = this.stack[0];
            if (top && top.viewType === "form" && top.view && top.view.record && top.view.record.isNew) { top.view = null; top.needsLoad = true; await this.showTop(); }
        }
    }

    renderBreadcrumbs() {
        clear(this.breadcrumbs);
        const ol = h("ol", {});
        this.stack.forEach((ctrl, i) => {
            const last = i === this.stack.length - 1;
            const title = ctrl.title();
            const item = last ? h("span", { class: "fz-breadcrumb-current", "aria-current": "page", text: title })
                : h("a", { href: "#", class: "fz-breadcrumb-link", text: title, onClick: (ev) => { ev.preventDefault(); this.restore(i); } });
            ol.appendChild(h("li", { class: "fz-breadcrumb" }, item));
        });
        this.breadcrumbs.appendChild(ol);
    }

    // --- services for views ------------------------------------------------------------------
    env(ctrl = null) {
        return {
            doAction: (action, options) => this.doAction(action, options),
            executeButton: (node, opts) => this.executeButton(node, opts),
            openX2ManyLine: (opts) => this.openX2ManyLine(opts),
            createRecordDialog: (opts) => this.createRecordDialog(opts),
            newRecord: () => { const list = this.stack[this.stack.length - 2]; if (list && list.viewType === "list") this.openFromList(list, null, []); else this.replaceWithNew(ctrl); },
            switchRecord: (id) => this.switchRecord(ctrl, id),
            back: () => this.back(),
        };
    }

    async replaceWithNew(ctrl) {
        if (!ctrl) return;
        const i = this.stack.indexOf(ctrl);
        this.stack.splice(i, 1, this.makeController(Object.assign({}, ctrl, { resId: null, view: null })));
        await this.showTop();
    }

    async switchRecord(ctrl, id) {
        const i = this.stack.indexOf(ctrl);
        const next = this.makeController(Object.assign({}, ctrl, { resId: id }));
        this.stack.splice(i, 1, next);
        await this.showTop();
        // buttons in the new form must refer to the new controller
    }

    buttonContext(node, opts) {
        const raw = node.getAttribute("context");
        const base = Object.assign({}, opts.context || {});
        if (!raw) return base;
        try {
            const scope = this.evalScope({ active_id: opts.resId, active_ids: opts.resId ? [opts.resId] : [], active_model: opts.model, context: base });
            if (opts.record) for (const name of Object.keys(opts.record.fields)) scope[name] = opts.record.scope().get(name);
            return Object.assign(base, evalContext(raw, scope));
        } catch (err) {
            console.warn("button context", err);
            return base;
        }
    }

    async executeButton(node, opts) {
        const type = node.getAttribute("type") || "object";
        const name = node.getAttribute("name");
        const context = this.buttonContext(node, opts);
        const done = async () => {
            if (opts.dialogApi) {
                opts.dialogApi.close();
                const top = this.stack[this.stack.length - 1];
                if (top && top.view && top.view.reload) await top.view.reload();
            } else if (opts.reload) {
                await opts.reload();
            }
        };
        try {
            if (type === "object") {
                const result = await callKw(opts.model, name, [opts.resId ? [opts.resId] : []], { context });
                if (result && typeof result === "object" && result.type) {
                    if (opts.dialogApi && result.type !== "ir.actions.act_window_close") opts.dialogApi.close();
                    await this.doAction(result, { onClose: opts.reload, additionalContext: {} });
                    if (result.type === "ir.actions.act_window_close" || result.type === "ir.actions.act_url") await done();
                    else if (!opts.dialogApi && opts.reload && result.type === "ir.actions.client" && result.tag === "display_notification") await opts.reload();
                } else {
                    await done();
                }
            } else if (type === "action") {
                await this.doAction(/^\d+$/.test(name) ? Number(name) : name, {
                    additionalContext: { active_id: opts.resId, active_ids: opts.resId ? [opts.resId] : [], active_model: opts.model },
                    onClose: opts.reload });
            }
        } catch (err) {
            notifyError(err);
            if (opts.reload && !opts.dialogApi) await opts.reload();
        }
    }

    // --- dialogs ------------------------------------------------------------------------------
    /** A new record of `model` in its form, in a dialog (创建并编辑… of a many2one): resolves to
     * [id, name] once saved, or null when the user discards it. */
    createRecordDialog({ model, context = {}, title = "" }) {
        return new Promise((resolve) => {
            let saved = null;
            this.openFormDialog({ model, context: Object.assign({}, session.userContext, context),
                title: _t("Create: %s").replace("%s", title), nested: true,
                onSaved: (id, name) => { saved = [id, name]; },
                onClose: async () => {
                    if (saved) {
                        try { saved = (await callKw(model, "name_get", [[saved[0]]], { context }))[0] || saved; } catch (err) { /* shown */ }
                    }
                    resolve(saved);
                } }).catch((err) => { notifyError(err); resolve(null); });
        });
    }

    async openFormDialog({ model, resId = null, context = {}, info = null, title = "", onClose = null, onSaved = null, nested = false }) {
        info = info || await loadViews(model, [[false, "form"]], context);
        if (!info.views.form) {
            const extra = await loadViews(model, [[false, "form"]], context);
            info = Object.assign({}, info, { views: Object.assign({}, info.views, { form: extra.views.form }) });
        }
        const holder = {};
        const dlg = dialog({ title: title || _t("Form"), size: "large", body: spinner(), buttons: [],
            onClose: () => { if (this.currentDialog === dlg) this.currentDialog = null; if (onClose) onClose(); } });
        if (!nested) this.currentDialog = dlg;   // a dialog opened from a field of another stays its child
        const view = new FormView({ model, arch: info.views.form.arch, fields: info.fields, relatedFields: info.models, resId, context,
            env: this.env(null), inDialog: true, dialogApi: dlg });
        holder.view = view;
        clear(dlg.body);
        dlg.body.appendChild(view.el);
        await view.load();
        if (view.renderer && view.renderer.footerButtons) {
            clear(dlg.footer);
            for (const child of Array.from(view.renderer.footerButtons.children)) {
                if (child.tagName !== "button") continue;
                dlg.footer.appendChild(view.renderer.renderButton(child));
            }
            view.renderer.refresh();
        } else {
            dlg.setButtons([
                { label: _t("Save"), primary: true, onClick: async () => {
                    if (!(await view.save())) return false;
                    if (onSaved) onSaved(view.resId, view.record.get("display_name") || view.record.get("name") || "");
                    return undefined;
                } },
                { label: _t("Discard") },
            ]);
        }
        return dlg;
    }

    async openX2ManyLine({ record, list, line, editable, widget, onLineButton = null }) {
        let arch = list.formArch;
        let fields = list.fields;
        let related = record.relatedFields || {};
        if (!arch) {
            try {
                const info = await loadViews(list.comodel, [[false, "form"]], record.context);
                arch = info.views.form.arch;
                fields = Object.assign({}, info.fields, list.fields);
                related = Object.assign({}, related, info.models);
            } catch (err) { notifyError(err); return; }
        }
        // the line belongs to the record being edited: its link back (the one2many's inverse) is set
        // when the parent is saved, so the dialog neither shows nor requires it (a new parent has no id yet)
        const inverseName = list.field.relation_field;
        if (inverseName && arch) {
            arch = arch.cloneNode(true);
            for (const node of Array.from(arch.querySelectorAll("field"))) {
                if (node.getAttribute("name") === inverseName && node.parentElement.closest("field") === null) node.remove();
            }
        }
        const sub = new Record({ model: list.comodel, fields, arch, resId: null, context: record.context, parent: record });
        sub.relatedFields = related;
        try {
            if (line) {
                let row = Object.assign({}, line.data);
                const missing = sub.fieldNames.filter((n) => !(n in row));
                if (line.id && missing.length) {
                    const [extra] = await callKw(list.comodel, "read", [[line.id], missing], { context: record.context });
                    row = Object.assign(extra || {}, row);
                }
                await sub.setLoaded(row);
                for (const [k, v] of Object.entries(line.data)) if (v instanceof X2ManyList) sub.data[k] = v;
            } else {
                const inverse = list.field.relation_field;
                const ctx = Object.assign({}, record.context);
                if (inverse && record.resId) ctx["default_" + inverse] = record.resId;
                sub.context = ctx;
                const names = sub.fieldNames.filter((n) => n !== "id" && n !== "display_name" && n !== "write_date");
                const defaults = await callKw(list.comodel, "default_get", [names], { context: ctx });
                const empty = {};
                for (const n of names) empty[n] = false;
                await sub.setLoaded(Object.assign(empty, await sub.normalizeIncoming(defaults)));
                sub.changes = sub.withoutX2m(defaults);
            }
        } catch (err) { notifyError(err); return; }
        let dlg = null;
        const renderer = new FormRenderer({ record: sub, arch, mode: editable ? "edit" : "readonly", inDialog: true, env: {
            // a button of the line's form runs on the line's record, as in the inline list
            onButton: async (node) => {
                if (node.getAttribute("special")) { if (dlg) dlg.close(); return; }
                if (!onLineButton) return;
                if (dlg) dlg.close();
                await onLineButton(node, list, line);
            },
            openX2ManyLine: (o) => this.openX2ManyLine(o),
            createRecordDialog: (o) => this.createRecordDialog(o) } });
        const buttons = editable ? [
            { label: _t("OK"), primary: true, onClick: () => {
                if (!sub.validate(renderer.visibleFieldNodes())) return false;
                const values = {};
                for (const [k, v] of Object.entries(sub.changes)) values[k] = v;
                for (const [k, v] of Object.entries(sub.data)) if (v instanceof X2ManyList && v.changed) values[k] = v;
                if (line) list.updateLine(line, values);
                else list.addLine(Object.assign({}, sub.data, values, { display_name: sub.data.display_name || sub.data.name || "" }));
                widget.set(list);
                return undefined;
            } },
            { label: _t("Discard") },
        ] : [{ label: _t("Close"), primary: true }];
        if (editable && line) {
            buttons.push({ label: _t("Remove"), onClick: () => { list.removeLine(line); widget.set(list); } });
        }
        dlg = dialog({ title: list.field.string || "", size: "large", body: renderer.render(), buttons });
    }

    // --- user --------------------------------------------------------------------------------
    changePassword() {
        const field = (id, label) => {
            const input = h("input", { type: "password", id, class: "fz-input", autocomplete: id === "fz-old-password" ? "current-password" : "new-password" });
            return [h("label", { class: "fz-label", for: id, text: label }), input];
        };
        const [l1, old] = field("fz-old-password", _t("Current password"));
        const [l2, neu] = field("fz-new-password", _t("New password"));
        const [l3, conf] = field("fz-confirm-password", _t("Confirm new password"));
        const error = h("div", { class: "fz-field-error", role: "alert", hidden: true });
        const body = h("form", { class: "fz-password-form" }, h("div", { class: "fz-group-row" }, l1, old),
            h("div", { class: "fz-group-row" }, l2, neu), h("div", { class: "fz-group-row" }, l3, conf), error);
        body.addEventListener("submit", (ev) => ev.preventDefault());
        dialog({ title: _t("Change password"), size: "small", body, buttons: [
            { label: _t("Change password"), primary: true, onClick: async () => {
                error.hidden = true;
                if (neu.value !== conf.value) { error.textContent = _t("The new passwords do not match."); error.hidden = false; return false; }
                try {
                    await rpc("/web/session/change_password", { old_password: old.value, new_password: neu.value, confirm_password: conf.value },
                        { silent: true });
                } catch (err) {
                    error.textContent = err.message;
                    error.hidden = false;
                    return false;
                }
                notify({ message: _t("Your password has been changed."), type: "success" });
                return undefined;
            } },
            { label: _t("Cancel") },
        ] });
    }
}
