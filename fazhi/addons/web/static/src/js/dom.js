// DOM helpers. Everything the client shows is built with createElement/textContent: data never
// goes through innerHTML, and no inline handlers or style attributes are written (strict CSP).

const FORBIDDEN_ATTRS = /^(on|style$|srcdoc$|formaction$)/i;

/** h("div", {class: "x", onClick: fn, text: "..."}, child, "text", [children]) */
export function h(tag, props, ...children) {
    const el = document.createElement(tag);
    if (props) {
        for (const [key, value] of Object.entries(props)) {
            if (value === undefined || value === null || value === false) continue;
            if (key === "class") {
                el.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
            } else if (key === "text") {
                el.textContent = String(value);
            } else if (key === "dataset") {
                Object.assign(el.dataset, value);
            } else if (/^on[A-Z]/.test(key) && typeof value === "function") {
                el.addEventListener(key.slice(2).toLowerCase(), value);
            } else if (key === "value" || key === "checked" || key === "disabled" || key === "selected"
                       || key === "readOnly" || key === "multiple") {
                el[key] = value;
            } else if (FORBIDDEN_ATTRS.test(key)) {
                throw new Error("refusing to set attribute " + key);
            } else if (key === "href" || key === "src") {
                el.setAttribute(key, safeUrl(value));
            } else {
                el.setAttribute(key, value === true ? "" : String(value));
            }
        }
    }
    append(el, children);
    return el;
}

export function append(el, children) {
    for (const child of children) {
        if (child === null || child === undefined || child === false) continue;
        if (Array.isArray(child)) append(el, child);
        else if (child instanceof Node) el.appendChild(child);
        else el.appendChild(document.createTextNode(String(child)));
    }
    return el;
}

export function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
    return el;
}

/** Same-origin relative URLs (and #fragments) only; anything else becomes "#". */
export function safeUrl(url) {
    const text = String(url || "");
    if (text.startsWith("#")) return text;
    try {
        const parsed = new URL(text, window.location.origin);
        if (parsed.origin === window.location.origin && (parsed.protocol === "http:" || parsed.protocol === "https:")) {
            return parsed.pathname + parsed.search + parsed.hash;
        }
    } catch (err) { /* not a URL */ }
    return "#";
}

// --- HTML from the server (mail bodies, help texts) -------------------------------------------
// The server sanitizes HTML fields already; the client still rebuilds them through an allowlist
// from a DOMParser document (which never runs scripts), copying only known tags and attributes.
const ALLOWED_TAGS = new Set(["p", "br", "b", "strong", "i", "em", "u", "s", "ul", "ol", "li", "span", "div",
    "a", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "table", "thead", "tbody", "tfoot",
    "tr", "td", "th", "hr", "small", "sub", "sup", "dl", "dt", "dd", "font"]);
const DROP_WITH_CONTENT = new Set(["script", "style", "iframe", "object", "embed", "template", "noscript",
    "svg", "math", "title", "head", "link", "meta", "form", "textarea", "select", "button", "input"]);
const SAFE_HREF = /^(https?:|mailto:|\/(?!\/)|#)/i;

export function sanitizedFragment(html) {
    const frag = document.createDocumentFragment();
    if (!html) return frag;
    const doc = new DOMParser().parseFromString(String(html), "text/html");
    copyChildren(doc.body, frag);
    return frag;
}

function copyChildren(source, target) {
    for (const node of Array.from(source.childNodes)) {
        if (node.nodeType === Node.TEXT_NODE) {
            target.appendChild(document.createTextNode(node.nodeValue));
        } else if (node.nodeType === Node.ELEMENT_NODE) {
            const tag = node.tagName.toLowerCase();
            if (DROP_WITH_CONTENT.has(tag)) continue;
            if (!ALLOWED_TAGS.has(tag)) {
                copyChildren(node, target);      // unknown wrapper: keep its text only
                continue;
            }
            const el = document.createElement(tag === "font" ? "span" : tag);
            if (tag === "a") {
                const href = (node.getAttribute("href") || "").trim();
                if (SAFE_HREF.test(href)) {
                    el.setAttribute("href", href);
                    el.setAttribute("rel", "noopener noreferrer");
                    if (!href.startsWith("#") && !href.startsWith("/")) el.setAttribute("target", "_blank");
                }
            }
            if ((tag === "td" || tag === "th") && /^\d{1,2}$/.test(node.getAttribute("colspan") || "")) {
                el.setAttribute("colspan", node.getAttribute("colspan"));
            }
            const title = node.getAttribute("title");
            if (title) el.setAttribute("title", title);
            copyChildren(node, el);
            target.appendChild(el);
        }
        // comments, processing instructions: dropped
    }
}

/** Plain text of server HTML (for one-line previews). */
export function htmlToText(html) {
    if (!html) return "";
    const doc = new DOMParser().parseFromString(String(html), "text/html");
    return (doc.body.textContent || "").trim();
}

export function debounce(fn, wait) {
    let timer = null;
    const wrapped = (...args) => {
        clearTimeout(timer);
        timer = setTimeout(() => fn(...args), wait);
    };
    wrapped.cancel = () => clearTimeout(timer);
    return wrapped;
}

let uniq = 0;
export function uniqueId(prefix = "fz") {
    uniq += 1;
    return `${prefix}-${uniq}`;
}
