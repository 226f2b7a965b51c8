// Notifications, dialogs and confirmation: small, keyboard-usable, built with h().
import { h, clear } from "./dom.js";
import { _t } from "./i18n.js";
import { RpcError, onRpcError } from "./rpc.js";

let notificationArea = null;

function area() {
    if (!notificationArea || !notificationArea.isConnected) {
        notificationArea = h("div", { class: "fz-notifications", role: "status", "aria-live": "polite" });
        document.body.appendChild(notificationArea);
    }
    return notificationArea;
}

/** type: "info" | "success" | "warning" | "danger" */
export function notify({ title = "", message = "", type = "info", sticky = false }) {
    const close = h("button", { class: "fz-notification-close", type: "button", "aria-label": _t("Close"), text: "×" });
    const box = h("div", { class: ["fz-notification", "fz-notification-" + type], role: type === "danger" ? "alert" : "status" },
        close,
        title ? h("div", { class: "fz-notification-title", text: title }) : null,
        message ? h("div", { class: "fz-notification-body", text: message }) : null);
    const remove = () => box.remove();
    close.addEventListener("click", remove);
    area().appendChild(box);
    if (!sticky) setTimeout(remove, type === "danger" || type === "warning" ? 10000 : 4000);
    return box;
}

// the server's fixed English messages (fazhi/http/errors.py), in the user's language
const SERVER_MESSAGES = {
    "Access Denied": () => _t("Access Denied"),
    "Internal server error": () => _t("Internal server error"),
};

/** Show an error from an RPC call (user errors in plain words, others as "server error"). */
export function notifyError(err) {
    if (err instanceof RpcError) {
        if (err.sessionExpired || err.notified) return null;
        err.notified = true;
        const title = err.isUserFacing ? (/Validation/.test(err.exceptionName) ? _t("Validation error")
            : /Access/.test(err.exceptionName) ? _t("Access denied") : _t("Cannot do that")) : _t("Server error");
        let message = (SERVER_MESSAGES[err.message] || (() => err.message))();
        if (!err.isUserFacing && err.reference) {
            message = _t("The server could not complete the request (error reference %s, in the server log).")
                .replace("%s", err.reference);
        }
        return notify({ title, message, type: "danger" });
    }
    console.error(err);
    return notify({ title: _t("Error"), message: String((err && err.message) || err), type: "danger" });
}

onRpcError(notifyError);

const openDialogs = [];

/**
 * A modal dialog. `body` is a node; `buttons` [{label, primary, onClick(dialog) → false keeps it open}].
 * Returns {el, body, footer, close, onClose}.
 */
export function dialog({ title, body, buttons = null, size = "medium", onClose = null }) {
    const previousFocus = document.activeElement;
    const titleId = "fz-dialog-title-" + (openDialogs.length + 1);
    const bodyEl = h("div", { class: "fz-dialog-body" }, body || null);
    const footer = h("div", { class: "fz-dialog-footer" });
    const closeBtn = h("button", { class: "fz-dialog-x", type: "button", "aria-label": _t("Close"), text: "×" });
    const box = h("div", { class: ["fz-dialog", "fz-dialog-" + size], role: "dialog", "aria-modal": "true",
        "aria-labelledby": titleId, tabindex: "-1" },
        h("div", { class: "fz-dialog-header" }, h("h2", { id: titleId, text: title || "" }), closeBtn),
        bodyEl, footer);
    const backdrop = h("div", { class: "fz-dialog-backdrop" }, box);
    const api = { el: box, body: bodyEl, footer, closed: false };
    api.close = () => {
        if (api.closed) return;
        api.closed = true;
        backdrop.remove();
        const i = openDialogs.indexOf(api);
        if (i >= 0) openDialogs.splice(i, 1);
        if (onClose) onClose();
        if (previousFocus && previousFocus.focus && previousFocus.isConnected) previousFocus.focus();
    };
    api.setButtons = (list) => {
        clear(footer);
        for (const spec of list) {
            const btn = h("button", { type: "button", class: ["fz-btn", spec.primary ? "fz-btn-primary" : "fz-btn-secondary"],
                text: spec.label });
            btn.addEventListener("click", async () => {
                btn.disabled = true;
                try {
                    const keep = spec.onClick ? await spec.onClick(api) : undefined;
                    if (keep !== false) api.close();
                } catch (err) {
                    notifyError(err);
                } finally {
                    btn.disabled = false;
                }
            });
            footer.appendChild(btn);
        }
    };
    api.setButtons(buttons || [{ label: _t("Close"), primary: true }]);
    closeBtn.addEventListener("click", api.close);
    backdrop.addEventListener("keydown", (ev) => {
        if (ev.key === "Escape") { ev.stopPropagation(); api.close(); }
        if (ev.key === "Tab") trapFocus(ev, box);
    });
    document.body.appendChild(backdrop);
    openDialogs.push(api);
    const first = box.querySelector("input:not([type=hidden]), select, textarea, button.fz-btn-primary");
    (first || box).focus();
    return api;
}

/** Close every open dialog (the user navigated away: a dialog belongs to the view it was opened on). */
export function closeAllDialogs() {
    for (const api of openDialogs.slice().reverse()) api.close();
}

function trapFocus(ev, box) {
    const focusable = Array.from(box.querySelectorAll("a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]:not([tabindex='-1'])"))
        .filter((el) => el.offsetParent !== null);
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (ev.shiftKey && document.activeElement === first) { ev.preventDefault(); last.focus(); }
    else if (!ev.shiftKey && document.activeElement === last) { ev.preventDefault(); first.focus(); }
}

/** Ask before doing; resolves true/false. */
export function confirmDialog(message, { title = _t("Confirmation"), okLabel = _t("OK") } = {}) {
    return new Promise((resolve) => {
        let answered = false;
        dialog({
            title, size: "small",
            body: h("p", { class: "fz-confirm-text", text: message }),
            buttons: [
                { label: okLabel, primary: true, onClick: () => { answered = true; resolve(true); } },
                { label: _t("Cancel"), onClick: () => { answered = true; resolve(false); } },
            ],
            onClose: () => { if (!answered) resolve(false); },
        });
    });
}

export function spinner() {
    return h("div", { class: "fz-loading", role: "status" }, h("span", { class: "fz-spinner" }), h("span", { text: _t("Loading…") }));
}
