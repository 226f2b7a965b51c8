// File transfers: xlsx export (form POST with the CSRF token), attachment upload and download.
import { session, RpcError } from "./rpc.js";
import { _t } from "./i18n.js";

function filenameFrom(response, fallback) {
    const header = response.headers.get("Content-Disposition") || "";
    const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
    if (star) {
        try { return decodeURIComponent(star[1]); } catch (err) { /* malformed: fallback */ }
    }
    const plain = /filename="?([^";]+)"?/i.exec(header);
    return plain ? plain[1] : fallback;
}

function saveBlob(blob, filename) {
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = filename;
    a.className = "fz-hidden";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
}

export async function downloadExport({ model, fields, ids, domain, context }) {
    const form = new URLSearchParams();
    form.set("csrf_token", session.csrfToken);
    form.set("data", JSON.stringify({ model, fields, ids: ids && ids.length ? ids : false, domain, context }));
    const response = await fetch("/web/export/xlsx", { method: "POST", credentials: "same-origin", body: form });
    if (!response.ok) {
        throw new RpcError({ code: response.status, data: { name: "UserError", message: await errorText(response) } });
    }
    const type = response.headers.get("Content-Type") || "";
    if (type.includes("json") || type.includes("text/html")) {
        throw new RpcError({ code: 200, data: { name: "UserError", message: await errorText(response) } });
    }
    saveBlob(await response.blob(), filenameFrom(response, model + ".xlsx"));
}

async function errorText(response) {
    const text = await response.text();
    try {
        const data = JSON.parse(text);
        return (data.error && (data.error.data && data.error.data.message || data.error.message || data.error)) || text;
    } catch (err) {
        return response.status >= 500 ? _t("Server error") : (text.length < 300 ? text : _t("The export failed."));
    }
}

/** Upload files to a record: resolves to [{id, name, mimetype, file_size}]. */
export async function uploadAttachments(model, resId, files) {
    const body = new FormData();
    body.append("csrf_token", session.csrfToken);
    body.append("model", model);
    body.append("id", String(resId));
    for (const file of files) body.append("ufile", file, file.name);
    const response = await fetch("/web/binary/upload_attachment", { method: "POST", credentials: "same-origin", body });
    let data;
    try { data = await response.json(); } catch (err) { data = { error: _t("The upload failed.") }; }
    if (!response.ok || (data && !Array.isArray(data) && data.error)) {
        const message = (data && data.error && (typeof data.error === "string" ? data.error : data.error.message)) || _t("The upload failed.");
        throw new RpcError({ code: response.status, data: { name: "UserError", message } });
    }
    return data;
}

export function contentUrl(attachmentId, download = true) {
    return `/web/content/${encodeURIComponent(attachmentId)}` + (download ? "?download=true" : "");
}
