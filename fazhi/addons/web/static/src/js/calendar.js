// A month calendar for <calendar date_start="…" date_stop="…" color="…"> views.
import { h, clear } from "./dom.js";
import { _t } from "./i18n.js";
import { callKw } from "./rpc.js";
import { notifyError } from "./ui.js";
import { SearchedView, andDomains } from "./search.js";
import { utcToLocal, formatValue } from "./format.js";

function ymd(d) { return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`; }

export class CalendarView extends SearchedView {
    constructor(params) {
        super(params, "fz-calendar-view");
        this.onOpen = params.onOpen;
        this.dateStart = this.arch.getAttribute("date_start");
        this.dateStop = this.arch.getAttribute("date_stop");
        const now = new Date();
        this.month = new Date(now.getFullYear(), now.getMonth(), 1);
    }

    get startField() { return this.fields[this.dateStart] || { type: "date" }; }

    async load() {
        this.el.dataset.loading = "1";
        const first = new Date(this.month);
        const gridStart = new Date(first);
        gridStart.setDate(1 - ((first.getDay() + 6) % 7));   // weeks start on Monday
        const gridEnd = new Date(gridStart);
        gridEnd.setDate(gridStart.getDate() + 42);
        this.gridStart = gridStart;
        const isDt = this.startField.type === "datetime";
        const lo = isDt ? ymd(gridStart) + " 00:00:00" : ymd(gridStart);
        const hi = isDt ? ymd(gridEnd) + " 00:00:00" : ymd(gridEnd);
        const domain = andDomains([this.domain, [[this.dateStart, ">=", lo], [this.dateStart, "<", hi]]]);
        const fieldNames = ["display_name", this.dateStart];
        for (const node of Array.from(this.arch.querySelectorAll("field"))) {
            if (this.fields[node.getAttribute("name")]) fieldNames.push(node.getAttribute("name"));
        }
        try {
            this.records = await callKw(this.model, "search_read", [], { domain, fields: Array.from(new Set(fieldNames)), limit: 500, context: this.context });
        } catch (err) { notifyError(err); this.records = []; }
        this.render();
        delete this.el.dataset.loading;
    }

    /** The arch's fields, as the user reads them ("case · place · state"), else the record name. */
    eventLabel(rec) {
        const parts = [];
        for (const node of Array.from(this.arch.querySelectorAll("field"))) {
            const name = node.getAttribute("name");
            if (!this.fields[name] || node.getAttribute("invisible") === "1") continue;
            const text = formatValue(this.fields[name], rec[name]);
            if (text) parts.push(text);
        }
        return parts.length ? parts.join(" · ") : (rec.display_name || "");
    }

    render() {
        clear(this.el);
        const title = new Intl.DateTimeFormat(document.documentElement.lang || "zh-CN", { year: "numeric", month: "long" }).format(this.month);
        const move = (delta) => { this.month = new Date(this.month.getFullYear(), this.month.getMonth() + delta, 1); this.load(); };
        this.el.appendChild(h("div", { class: "fz-calendar-controls" },
            h("button", { type: "button", class: ["fz-btn", "fz-btn-light"], "aria-label": _t("Previous month"), text: "‹", onClick: () => move(-1) }),
            h("button", { type: "button", class: ["fz-btn", "fz-btn-light"], text: _t("Today"), onClick: () => { const n = new Date(); this.month = new Date(n.getFullYear(), n.getMonth(), 1); this.load(); } }),
            h("button", { type: "button", class: ["fz-btn", "fz-btn-light"], "aria-label": _t("Next month"), text: "›", onClick: () => move(1) }),
            h("h2", { class: "fz-calendar-title", text: title })));
        const byDay = new Map();
        const isDt = this.startField.type === "datetime";
        for (const rec of this.records) {
            const raw = rec[this.dateStart];
            if (!raw) continue;
            const day = isDt ? utcToLocal(raw).slice(0, 10) : String(raw).slice(0, 10);
            if (!byDay.has(day)) byDay.set(day, []);
            byDay.get(day).push(rec);
        }
        const table = h("table", { class: "fz-calendar" });
        const weekdays = [_t("Mon"), _t("Tue"), _t("Wed"), _t("Thu"), _t("Fri"), _t("Sat"), _t("Sun")];
        table.appendChild(h("thead", {}, h("tr", {}, weekdays.map((d) => h("th", { text: d })))));
        const tbody = h("tbody", {});
        const today = ymd(new Date());
        for (let w = 0; w < 6; w++) {
            const tr = h("tr", {});
            for (let d = 0; d < 7; d++) {
                const date = new Date(this.gridStart);
                date.setDate(this.gridStart.getDate() + w * 7 + d);
                const key = ymd(date);
                const td = h("td", { class: ["fz-calendar-day", date.getMonth() !== this.month.getMonth() ? "fz-other-month" : null, key === today ? "fz-today" : null],
                    dataset: { date: key } }, h("div", { class: "fz-calendar-date", text: String(date.getDate()) }));
                for (const rec of byDay.get(key) || []) {
                    const time = isDt ? utcToLocal(rec[this.dateStart]).slice(11) + " " : "";
                    const label = this.eventLabel(rec);
                    td.appendChild(h("button", { type: "button", class: "fz-calendar-event", text: time + label, title: label,
                        dataset: { id: rec.id }, onClick: () => this.onOpen(rec.id) }));
                }
                tr.appendChild(td);
            }
            tbody.appendChild(tr);
        }
        table.appendChild(tbody);
        this.el.appendChild(table);
    }
}
