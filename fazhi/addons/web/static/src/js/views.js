// Loading view definitions (get_views) and parsing their XML archs.
import { callKw } from "./rpc.js";

const cache = new Map();

export function parseArch(text) {
    const doc = new DOMParser().parseFromString(text, "text/xml");
    const error = doc.getElementsByTagName("parsererror")[0];
    if (error) throw new Error("Invalid view architecture");
    return doc.documentElement;
}

/** get_views for `views` ([[id|false, type], …]); adds a search view. Cached per session. */
export async function loadViews(model, views, context = {}) {
    const wanted = views.map(([id, type]) => [id || false, type === "tree" ? "list" : type]);
    if (!wanted.some(([, type]) => type === "search")) wanted.push([context.search_view_id || false, "search"]);
    const key = model + JSON.stringify(wanted) + (context.lang || "");
    if (!cache.has(key)) {
        const promise = callKw(model, "get_views", [], { views: wanted, options: { toolbar: true, load_filters: false }, context })
            .then((result) => {
                const out = { fields: (result.models || {})[model] || {}, models: result.models || {}, views: {} };
                for (const [type, info] of Object.entries(result.views || (result.fields_views || {}))) {
                    const normalized = type === "tree" ? "list" : type;
                    out.views[normalized] = { id: info.view_id || info.id, arch: parseArch(info.arch), toolbar: info.toolbar || {} };
                }
                return out;
            });
        cache.set(key, promise);
        promise.catch(() => cache.delete(key));
    }
    return cache.get(key);
}
