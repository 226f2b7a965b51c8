// Display formatting of field values, and the local-time ↔ UTC conversion of datetimes.
import { session } from "./rpc.js";
import { _t } from "./i18n.js";

function userTz() {
    const tz = session.userContext && session.userContext.tz;
    try {
        if (tz) { new Intl.DateTimeFormat("en-US", { timeZone: tz }); return tz; }
    } catch (err) { /* unknown zone: browser's */ }
    return undefined;
}

function parts(date, timeZone) {
    const fmt = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit",
        hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
    const out = {};
    for (const p of fmt.formatToParts(date)) out[p.type] = p.value;
    return out;
}

/** "YYYY-MM-DD HH:MM:SS" (UTC, as the server sends) → "YYYY-MM-DD HH:MM" in the user's zone. */
export function utcToLocal(value, withSeconds = false) {
    if (!value) return "";
    const date = new Date(String(value).replace(" ", "T") + "Z");
    if (Number.isNaN(date.getTime())) return String(value);
    const p = parts(date, userTz());
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}` + (withSeconds ? `:${p.second}` : "");
}

/** "YYYY-MM-DDTHH:MM" or "YYYY-MM-DD HH:MM[:SS]" in the user's zone → UTC server string. */
export function localToUtc(value) {
    if (!value) return false;
    const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(String(value).trim());
    if (!m) return false;
    const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0));
    // the zone's offset at that moment (twice, to settle across DST changes)
    let guess = asUtc;
    for (let i = 0; i < 2; i++) {
        const p = parts(new Date(guess), userTz());
        const shown = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
        guess = asUtc - (shown - guess);
    }
    return new Date(guess).toISOString().slice(0, 19).replace("T", " ");
}

export function formatNumber(value, digits) {
    if (value === false || value === null || value === undefined || value === "") return "";
    const n = Number(value);
    if (Number.isNaN(n)) return String(value);
    return n.toLocaleString("zh-CN", digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function selectionLabel(field, value) {
    if (value === false || value === null || value === undefined) return "";
    for (const [key, label] of field.selection || []) if (key === value) return label;
    return String(value);
}

/** Text shown for a value in lists and read-only forms. */
export function formatValue(field, value) {
    if (!field) return value === false || value == null ? "" : String(value);
    switch (field.type) {
        case "boolean": return value ? _t("Yes") : "";
        case "integer": return formatNumber(value);
        case "float": {
            const digits = Array.isArray(field.digits) ? field.digits[1] : 2;
            return formatNumber(value, digits);
        }
        case "monetary": return value === false || value === null ? "" : "¥" + formatNumber(value, 2);
        case "date": return value ? String(value) : "";
        case "datetime": return utcToLocal(value);
        case "selection": return selectionLabel(field, value);
        case "many2one": return Array.isArray(value) ? String(value[1] ?? "") : "";
        case "one2many":
        case "many2many": return Array.isArray(value) ? _t("%s records").replace("%s", value.length) : "";
        case "binary": return value ? _t("(file)") : "";
        default: return value === false || value === null || value === undefined ? "" : String(value);
    }
}

export function formatFileSize(bytes) {
    const n = Number(bytes) || 0;
    if (n < 1024) return `${n} B`;
    if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
    return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
