// The `fz_job_progress` client action: polls a queue.job every second and shows its progress;
// when done, offers the result file.
import { h, clear } from "./dom.js";
import { _t } from "./i18n.js";
import { callKw } from "./rpc.js";
import { dialog } from "./ui.js";
import { contentUrl } from "./export.js";

const FIELDS = ["state", "progress_done", "progress_total", "progress_message", "result_attachment_id", "exc_info"];

export class JobProgress {
    constructor({ jobId, title, onDone = null, interval = 1000 }) {
        this.jobId = jobId;
        this.title = title;
        this.onDone = onDone;
        this.interval = interval;
        this.timer = null;
    }

    open() {
        this.bar = h("div", { class: "fz-progress-bar" });
        this.track = h("div", { class: "fz-progress", role: "progressbar", "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": "0",
            "aria-label": this.title }, this.bar);
        this.message = h("p", { class: "fz-progress-message", "aria-live": "polite", text: _t("Waiting to start…") });
        this.result = h("div", { class: "fz-progress-result" });
        this.dlg = dialog({ title: this.title, size: "small", body: h("div", { class: "fz-job-progress", dataset: { job: this.jobId } },
            this.track, this.message, this.result), buttons: [{ label: _t("Close") }], onClose: () => this.stop() });
        this.poll();
        return this;
    }

    stop() { clearTimeout(this.timer); this.timer = null; this.stopped = true; }

    async poll() {
        if (this.stopped) return;
        let job;
        try {
            [job] = await callKw("queue.job", "read", [[this.jobId], FIELDS]);
        } catch (err) {
            this.message.textContent = err.message;
            this.timer = setTimeout(() => this.poll(), this.interval * 3);
            return;
        }
        if (!job) { this.message.textContent = _t("This job no longer exists."); return; }
        this.show(job);
        if (job.state === "done" || job.state === "failed" || job.state === "cancelled") {
            if (this.onDone) this.onDone();
            return;
        }
        this.timer = setTimeout(() => this.poll(), this.interval);
    }

    show(job) {
        const total = Number(job.progress_total) || 0;
        const done = Number(job.progress_done) || 0;
        let percent = total ? Math.min(100, Math.round((done / total) * 100)) : (job.state === "done" ? 100 : 0);
        if (job.state === "done") percent = 100;
        this.bar.style.width = percent + "%";   // CSSOM, allowed by the style-src CSP
        this.track.setAttribute("aria-valuenow", String(percent));
        this.track.dataset.state = job.state;
        const states = { pending: _t("Waiting to start…"), enqueued: _t("Waiting to start…"), started: _t("Working…"),
            done: _t("Done."), failed: _t("Failed."), cancelled: _t("Cancelled.") };
        let text = job.progress_message || states[job.state] || job.state;
        if (total && job.state !== "done") text += ` (${done} / ${total})`;
        this.message.textContent = text;
        clear(this.result);
        if (job.state === "done" && Array.isArray(job.result_attachment_id)) {
            this.result.appendChild(h("a", { href: contentUrl(job.result_attachment_id[0]), class: ["fz-btn", "fz-btn-primary", "fz-job-download"],
                download: job.result_attachment_id[1] || "", text: _t("Download %s").replace("%s", job.result_attachment_id[1] || "") }));
        }
        if (job.state === "failed") {
            const lines = String(job.exc_info || "").trim().split("\n");
            this.result.appendChild(h("p", { class: "fz-field-error", text: lines[lines.length - 1] || _t("Failed.") }));
        }
    }
}
