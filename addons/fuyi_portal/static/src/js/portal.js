/* fuyi_portal: progressive enhancement of the public forms. Everything works without it:
   the server validates again and the SMS button falls back to a plain form post. */
(function () {
    "use strict";

    var ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    var ID_CHECK = "10X98765432";
    var USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    var USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    var MESSAGES = {
        id_number: {ok: "公民身份号码校验通过", bad: "公民身份号码应为18位，最后一位校验码不符，请核对", partial: "还需输入 %d 位"},
        uscc: {ok: "统一社会信用代码校验通过", bad: "统一社会信用代码应为18位，最后一位校验码不符，请核对", partial: "还需输入 %d 位"}
    };

    function normalise(text) {
        // full-width digits and letters to half-width, no spaces, upper case (as the server does)
        return text.replace(/[\uFF01-\uFF5E]/g, function (c) {
            return String.fromCharCode(c.charCodeAt(0) - 0xFEE0);
        }).replace(/\s+/g, "").toUpperCase();
    }

    // GB 11643-1999: ISO 7064 MOD 11-2 over the first 17 digits
    function validIdNumber(value) {
        if (!/^\d{17}[\dX]$/.test(value)) { return false; }
        var total = 0;
        for (var i = 0; i < 17; i++) { total += parseInt(value.charAt(i), 10) * ID_WEIGHTS[i]; }
        var y = parseInt(value.substr(6, 4), 10);
        var m = parseInt(value.substr(10, 2), 10);
        var d = parseInt(value.substr(12, 2), 10);
        var born = new Date(y, m - 1, d);
        if (born.getFullYear() !== y || born.getMonth() !== m - 1 || born.getDate() !== d) { return false; }
        return ID_CHECK.charAt(total % 11) === value.charAt(17);
    }

    // GB 32100-2015: MOD 31 over the first 17 characters
    function validUscc(value) {
        if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(value)) { return false; }
        var total = 0;
        for (var i = 0; i < 17; i++) { total += USCC_ALPHABET.indexOf(value.charAt(i)) * USCC_WEIGHTS[i]; }
        var check = (31 - total % 31) % 31;
        return USCC_ALPHABET.charAt(check) === value.charAt(17);
    }

    function checkInput(input) {
        var kind = input.getAttribute("data-fp-check");
        var feedback = document.querySelector('[data-fp-feedback="' + input.id + '"]');
        if (!feedback) { return; }
        var value = normalise(input.value);
        var text = "", state = "";
        if (value.length > 0 && value.length < 18) {
            text = MESSAGES[kind].partial.replace("%d", String(18 - value.length));
        } else if (value.length >= 18) {
            var ok = kind === "uscc" ? validUscc(value) : validIdNumber(value);
            text = ok ? MESSAGES[kind].ok : MESSAGES[kind].bad;
            state = ok ? "fp-valid" : "fp-invalid";
        }
        feedback.textContent = text;
        feedback.classList.remove("fp-valid", "fp-invalid");
        if (state) { feedback.classList.add(state); }
        input.setAttribute("aria-invalid", state === "fp-invalid" ? "true" : "false");
    }

    function toggleSections(form) {
        var kind = form.querySelector('input[name="applicant_kind"]:checked');
        var current = kind ? kind.value : "person";
        form.querySelectorAll("[data-fp-show]").forEach(function (el) {
            el.hidden = el.getAttribute("data-fp-show") !== current;
        });
        var agent = form.querySelector("#fp-has-agent");
        form.querySelectorAll("[data-fp-agent]").forEach(function (el) {
            el.hidden = !(agent && agent.checked);
        });
    }

    function countdown(button, seconds) {
        var label = button.getAttribute("data-fp-label") || button.textContent;
        button.setAttribute("data-fp-label", label);
        button.disabled = true;
        var left = seconds;
        var timer = window.setInterval(function () {
            left -= 1;
            if (left <= 0) {
                window.clearInterval(timer);
                button.disabled = false;
                button.textContent = label;
            } else {
                button.textContent = left + "秒后重发";
            }
        }, 1000);
        button.textContent = left + "秒后重发";
    }

    function sendCode(form, button) {
        var status = document.getElementById("fp-code-status");
        var data = new FormData();
        data.append("csrf_token", form.querySelector('input[name="csrf_token"]').value);
        data.append("mobile", normalise(form.querySelector('input[name="mobile"]').value));
        data.append("format", "json");
        button.disabled = true;
        fetch("/fuyi/apply/code", {method: "POST", body: data, credentials: "same-origin"})
            .then(function (response) {
                if (!response.ok) { throw new Error("HTTP " + response.status); }
                return response.json();
            })
            .then(function (result) {
                status.textContent = result.message;
                status.classList.toggle("fp-invalid", !result.ok);
                status.classList.toggle("fp-valid", !!result.ok);
                if (result.ok) { countdown(button, 60); } else { button.disabled = false; }
            })
            .catch(function () {
                status.textContent = "验证码发送失败，请刷新页面后重试。";
                status.classList.add("fp-invalid");
                button.disabled = false;
            });
    }

    document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll("[data-fp-check]").forEach(function (input) {
            input.addEventListener("input", function () { checkInput(input); });
            if (input.value) { checkInput(input); }
        });
        var form = document.getElementById("fp-apply-form");
        if (!form) { return; }
        toggleSections(form);
        form.addEventListener("change", function (event) {
            if (event.target.matches("[data-fp-kind], #fp-has-agent")) { toggleSections(form); }
        });
        var button = document.getElementById("fp-send-code");
        if (button && window.fetch && window.FormData) {
            button.addEventListener("click", function (event) {
                event.preventDefault();
                sendCode(form, button);
            });
        }
    });
}());
