// The chatter under a form (<div class="oe_chatter">): messages with tracked changes, notes,
// followers, activities (mark done) and attachments (upload, download).
import { h, clear, sanitizedFragment } from "./dom.js";
import { _t } from "./i18n.js";
import { callKw, session } from "./rpc.js";
import { notify, notifyError } from "./ui.js";
import { utcToLocal, formatFileSize } from "./format.js";
import { uploadAttachments, contentUrl } from "./export.js";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

function trackingValue(tv, side) {
    const type = tv.field_type;
    if (type === "datetime") return utcToLocal(tv[side + "_value_datetime"]);
    if (type === "date") return (tv[side + "_value_datetime"] || tv[side + "_value_char"] || "").slice(0, 10);
    if (type === "integer") return tv[side + "_value_integer"] === false ? "" : String(tv[side + "_value_integer"] ?? "");
    if (type === "float" || type === "monetary") return tv[side + "_value_float"] === false ? "" : String(tv[side + "_value_float"] ?? "");
    if (type === "text") return tv[side + "_value_text"] || "";
    // selection labels, names and booleans: the server's words in the reader's language
    if (typeof tv[side + "_value_label"] === "string") return tv[side + "_value_label"];
    if (type === "boolean") return tv[side + "_value_integer"] ? _t("Yes") : _t("No");
    return tv[side + "_value_char"] || tv[side + "_value_text"] || "";
}

export class Chatter {
    constructor({ model, resId, env, node }) {
        this.model = model;
        this.resId = resId;
        this.env = env;
        this.node = node;
        this.el = h("section", { class: "fz-chatter", "aria-label": _t("Messages") });
        this.composerOpen = false;
    }

    has(name) {
        return !this.node || Array.from(this.node.querySelectorAll("field")).some((f) => f.getAttribute("name") === name);
    }

    async load() {
        if (!this.resId) { clear(this.el); return; }
        const domain = [["model", "=", this.model], ["res_id", "=", this.resId]];
        const resDomain = [["res_model", "=", this.model], ["res_id", "=", this.resId]];
        const safe = (p) => p.catch((err) => { console.warn(err); return []; });
        const [messages, followers, activities, attachments] = await Promise.all([
            safe(callKw("mail.message", "search_read", [], { domain, fields: ["date", "author_id", "body", "message_type",
                "subtype_id", "tracking_value_ids", "subject", "attachment_ids"], order: "id desc", limit: 100 })),
            this.has("message_follower_ids") ? safe(callKw("mail.followers", "search_read", [], { domain: resDomain, fields: ["partner_id"] })) : [],
            this.has("activity_ids") ? safe(callKw("mail.activity", "search_read", [], { domain: resDomain,
                fields: ["activity_type_id", "summary", "note", "date_deadline", "user_id", "state"], order: "date_deadline asc" })) : [],
            safe(callKw("ir.attachment", "search_read", [], { domain: resDomain, fields: ["name", "mimetype", "file_size", "create_date"], order: "id desc" })),
        ]);
        const trackingIds = messages.flatMap((m) => m.tracking_value_ids || []);
        let trackings = [];
        if (trackingIds.length) {
            trackings = await safe(callKw("mail.tracking.value", "read", [trackingIds, ["field_desc", "field_label", "old_value_label", "new_value_label", "field_type",
                "old_value_char", "new_value_char", "old_value_integer", "new_value_integer", "old_value_float", "new_value_float",
                "old_value_text", "new_value_text", "old_value_datetime", "new_value_datetime", "mail_message_id"]]));
        }
        this.data = { messages, followers, activities, attachments, trackings: new Map(trackings.map((t) => [t.id, t])) };
        this.render();
    }

    render() {
        clear(this.el);
        const { messages, followers, activities, attachments } = this.data;
        const toolbar = h("div", { class: "fz-chatter-toolbar" });
        const noteBtn = h("button", { type: "button", class: ["fz-btn", "fz-btn-secondary", "fz-chatter-note"], text: _t("Log note") });
        noteBtn.addEventListener("click", () => { this.composerOpen = !this.composerOpen; this.render(); });
        const fileInput = h("input", { type: "file", multiple: true, class: "fz-file-input", id: "fz-chatter-file-" + this.resId,
            "aria-label": _t("Attach files") });
        fileInput.addEventListener("change", () => this.upload(fileInput.files));
        const attachLabel = h("label", { class: ["fz-btn", "fz-btn-secondary", "fz-chatter-attach"], for: fileInput.id, tabindex: "0",
            text: _t("Attach files") });
        attachLabel.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); fileInput.click(); } });
        toolbar.append(noteBtn, attachLabel, fileInput);
        if (this.has("message_follower_ids")) {
            const partnerId = session.partnerId;
            const following = followers.some((f) => Array.isArray(f.partner_id) && f.partner_id[0] === partnerId);
            const followBtn = h("button", { type: "button", class: ["fz-btn", "fz-btn-light", "fz-chatter-follow"],
                text: following ? _t("Unfollow") : _t("Follow") });
            followBtn.addEventListener("click", () => this.toggleFollow(following));
            const names = followers.map((f) => (Array.isArray(f.partner_id) ? f.partner_id[1] : "")).filter(Boolean);
            toolbar.appendChild(followBtn);
            toolbar.appendChild(h("span", { class: "fz-followers", title: names.join("、"),
                text: _t("%s followers").replace("%s", followers.length) }));
        }
        this.el.appendChild(toolbar);
        if (this.composerOpen) this.el.appendChild(this.renderComposer());

        if (this.has("activity_ids") && activities.length) {
            const list = h("ul", { class: "fz-activities", "aria-label": _t("Planned activities") });
            for (const act of activities) {
                const done = h("button", { type: "button", class: ["fz-btn", "fz-btn-link", "fz-activity-done"], text: _t("Mark done") });
                done.addEventListener("click", () => this.markDone(act.id));
                list.appendChild(h("li", { class: ["fz-activity", "fz-activity-" + (act.state || "planned")], dataset: { id: act.id } },
                    h("span", { class: "fz-activity-date", text: act.date_deadline || "" }),
                    h("span", { class: "fz-activity-type", text: Array.isArray(act.activity_type_id) ? act.activity_type_id[1] : "" }),
                    h("span", { class: "fz-activity-summary", text: act.summary || "" }),
                    h("span", { class: "fz-activity-user", text: Array.isArray(act.user_id) ? act.user_id[1] : "" }),
                    done));
            }
            this.el.appendChild(h("h3", { class: "fz-chatter-heading", text: _t("Planned activities") }));
            this.el.appendChild(list);
        }

        if (attachments.length) {
            const list = h("ul", { class: "fz-attachments", "aria-label": _t("Attachments") });
            for (const att of attachments) {
                const isDocx = att.mimetype === DOCX || /\.docx$/i.test(att.name || "");
                list.appendChild(h("li", { class: ["fz-attachment", isDocx ? "fz-attachment-docx" : null], dataset: { id: att.id } },
                    h("span", { class: "fz-attachment-icon", "aria-hidden": "true", text: isDocx ? "W" : "📄" }),
                    h("a", { href: contentUrl(att.id), class: "fz-attachment-name", download: att.name || "", text: att.name || "" }),
                    h("span", { class: "fz-attachment-size", text: formatFileSize(att.file_size) })));
            }
            this.el.appendChild(h("h3", { class: "fz-chatter-heading", text: _t("Attachments") }));
            this.el.appendChild(list);
        }

        const thread = h("ol", { class: "fz-thread", "aria-label": _t("Messages") });
        for (const msg of messages) thread.appendChild(this.renderMessage(msg));
        if (!messages.length) thread.appendChild(h("li", { class: "fz-thread-empty", text: _t("No messages yet.") }));
        this.el.appendChild(thread);
    }

    renderMessage(msg) {
        const author = Array.isArray(msg.author_id) ? msg.author_id[1] : _t("System");
        const li = h("li", { class: ["fz-message", "fz-message-" + (msg.message_type || "notification")], dataset: { id: msg.id } },
            h("div", { class: "fz-message-head" },
                h("span", { class: "fz-message-author", text: author }),
                h("time", { class: "fz-message-date", datetime: msg.date || "", text: utcToLocal(msg.date) }),
                Array.isArray(msg.subtype_id) ? h("span", { class: "fz-message-subtype", text: msg.subtype_id[1] }) : null));
        if (msg.subject) li.appendChild(h("div", { class: "fz-message-subject", text: msg.subject }));
        const body = h("div", { class: "fz-message-body" });
        body.appendChild(sanitizedFragment(msg.body));
        li.appendChild(body);
        const tracked = (msg.tracking_value_ids || []).map((id) => this.data.trackings.get(id)).filter(Boolean);
        if (tracked.length) {
            const ul = h("ul", { class: "fz-tracking" });
            for (const tv of tracked) {
                ul.appendChild(h("li", { class: "fz-tracking-value" },
                    h("span", { class: "fz-tracking-old", text: trackingValue(tv, "old") || _t("(empty)") }),
                    h("span", { class: "fz-tracking-arrow", "aria-label": _t("changed to"), text: " → " }),
                    h("span", { class: "fz-tracking-new", text: trackingValue(tv, "new") || _t("(empty)") }),
                    h("span", { class: "fz-tracking-field", text: ` (${tv.field_label || tv.field_desc || ""})` })));
            }
            li.appendChild(ul);
        }
        return li;
    }

    renderComposer() {
        const area = h("textarea", { class: ["fz-input", "fz-composer-input"], rows: "3", placeholder: _t("Write a note…"), "aria-label": _t("Note") });
        const send = h("button", { type: "button", class: ["fz-btn", "fz-btn-primary", "fz-composer-send"], text: _t("Log") });
        send.addEventListener("click", async () => {
            const text = area.value.trim();
            if (!text) { area.focus(); return; }
            send.disabled = true;
            try {
                // a plain string body: the server escapes it as text
                await callKw(this.model, "message_post", [[this.resId]], { body: text, message_type: "comment", subtype_xmlid: "mail.mt_note" });
                this.composerOpen = false;
                await this.load();
            } catch (err) { notifyError(err); send.disabled = false; }
        });
        area.addEventListener("keydown", (ev) => { if ((ev.ctrlKey || ev.metaKey) && ev.key === "Enter") send.click(); });
        setTimeout(() => area.focus(), 0);
        return h("div", { class: "fz-composer" }, area, h("div", { class: "fz-composer-buttons" }, send));
    }

    async upload(files) {
        if (!files || !files.length) return;
        try {
            const result = await uploadAttachments(this.model, this.resId, Array.from(files));
            notify({ message: _t("%s file(s) attached.").replace("%s", result.length), type: "success" });
        } catch (err) { notifyError(err); }
        await this.load();
    }

    async toggleFollow(following) {
        try {
            await callKw(this.model, following ? "message_unsubscribe" : "message_subscribe", [[this.resId]], { partner_ids: [session.partnerId] });
        } catch (err) { notifyError(err); }
        await this.load();
    }

    async markDone(activityId) {
        try {
            await callKw("mail.activity", "action_feedback", [[activityId]], {});
            notify({ message: _t("Activity done."), type: "success" });
        } catch (err) { notifyError(err); }
        await this.load();
    }
}
