// JSON-RPC 2.0 over fetch: the only way the client talks to the server (same origin, session cookie).
import { _t } from "./i18n.js";

let nextId = 1;

export class RpcError extends Error {
    constructor(error) {
        const data = (error && error.data) || {};
        super(data.message || (error && error.message) || "RPC error");
        this.code = error && error.code;
        this.name = "RpcError";
        this.exceptionName = data.name || "";
        this.data = data;
    }

    get sessionExpired() {
        return this.code === 100 || /SessionExpired/.test(this.exceptionName);
    }

    /** The reference under which the server logged an unexpected error ("" if none). */
    get reference() {
        const m = /Error reference ([0-9a-f]+)/.exec(this.data.debug || "");
        return m ? m[1] : "";
    }

    /** A business error the user can act on (UserError, ValidationError, AccessError…). */
    get isUserFacing() {
        return /(UserError|ValidationError|AccessError|AccessDenied|MissingError|RedirectWarning|Warning)/
            .test(this.exceptionName);
    }
}

const listeners = new Set();
/** Called with (pendingCount) whenever a request starts or ends: drives the busy indicator. */
export function onActivity(fn) { listeners.add(fn); }
let pending = 0;
function bump(delta) {
    pending += delta;
    for (const fn of listeners) fn(pending);
}

// Calls go one at a time: the server's session store writes the session file after each call
// through a temporary name shared by the threads of one process, so two concurrent calls of one
// session can fail (fazhi/http/session.py SessionStore.save). Serializing also keeps the order.
let queue = Promise.resolve();

// Every failed call is shown to the user (ui.js registers the notification); a caller that shows
// the error itself passes { silent: true }. notifyError() shows one error object once.
let errorReporter = null;
export function onRpcError(fn) { errorReporter = fn; }

export function rpc(url, params = {}, { silent = false } = {}) {
    const run = () => rawRpc(url, params).catch((err) => {
        if (!silent && errorReporter) errorReporter(err);
        throw err;
    });
    const result = queue.then(run, run);
    queue = result.catch(() => {});
    return result;
}

async function rawRpc(url, params) {
    const body = JSON.stringify({ jsonrpc: "2.0", method: "call", params, id: nextId++ });
    bump(1);
    let response;
    try {
        response = await fetch(url, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            credentials: "same-origin",
            body,
        });
    } catch (err) {
        throw new RpcError({ code: -1, data: { name: "NetworkError",
            message: _t("The server cannot be reached. Check the network connection and try again.") } });
    } finally {
        bump(-1);
    }
    if (!response.ok) {
        throw new RpcError({ code: response.status, data: { name: "HttpError",
            message: _t("The server refused the request (HTTP %s).").replace("%s", response.status) } });
    }
    const payload = await response.json();
    if (payload.error) {
        const err = new RpcError(payload.error);
        if (err.sessionExpired) {
            window.location.assign("/web/login?redirect=" + encodeURIComponent("/web" + window.location.hash));
        }
        throw err;
    }
    return payload.result;
}

/** The logged-in session (filled by main.js from get_session_info). */
export const session = { uid: null, name: "", username: "", userContext: {}, db: "", csrfToken: "" };

/** A model method call; the user's context (lang, tz) is merged under the call's own context. */
export function callKw(model, method, args = [], kwargs = {}, options = {}) {
    const context = Object.assign({}, session.userContext, kwargs.context || {});
    kwargs = Object.assign({}, kwargs, { context });
    return rpc(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs }, options);
}
