// Entry point of the web client (loaded by /web as a module; no inline script anywhere).
import { rpc, session } from "./rpc.js";
import { WebClient } from "./webclient.js";
import { notifyError } from "./ui.js";
import { setLanguage } from "./i18n.js";

async function boot() {
    const root = document.getElementById("fz-app");
    if (!root) return;
    session.csrfToken = root.dataset.csrfToken || "";
    session.db = root.dataset.db || "";
    try {
        const info = await rpc("/web/session/get_session_info", {});
        session.uid = info.uid;
        session.name = info.name;
        session.username = info.username;
        session.partnerId = info.partner_id;
        session.userContext = info.user_context || {};
        session.notices = info.notices || [];
        if (info.csrf_token) session.csrfToken = info.csrf_token;
        setLanguage(session.userContext.lang || "zh_CN");
        document.documentElement.lang = (session.userContext.lang || "zh_CN").replace("_", "-");
    } catch (err) {
        notifyError(err);
        return;
    }
    const client = new WebClient(root);
    window.fazhiClient = client;   // for debugging in the console
    await client.start();
    root.dataset.ready = "1";
}

boot();
