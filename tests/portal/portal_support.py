"""An anonymous portal visitor over plain HTTP (tests/web's WebClient): pages, CSRF tokens,
the SMS code read from the queued text messages, the application form."""
import datetime
import html
import random
import re

from web_support import WebClient

_CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')
_TRACKING = re.compile(r'id="fp-tracking-code">([^<]+)<')
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def id_number(serial=None):
    """A valid 公民身份号码 (GB 11643-1999 check digit), born 1980-01-01 in 110101."""
    serial = random.randint(0, 999) if serial is None else serial
    first17 = "11010119800101%03d" % serial
    total = sum(int(ch) * w for ch, w in zip(first17, _ID_WEIGHTS))
    return first17 + "10X98765432"[total % 11]


def known_date(days=7):
    """The day the applicant learned of the act: a week ago, so the application is in time on any run date."""
    return (datetime.date.today() - datetime.timedelta(days=days)).isoformat()


def mobile():
    return "139%08d" % random.randint(0, 99999999)


class PortalVisitor(WebClient):

    def page(self, path):
        res = self.get(path)
        assert res.status == 200, (path, res.status, res.text[:500])
        return res

    def token(self, path="/fuyi/apply"):
        """A CSRF token; an anonymous visitor's is bound to its nonce cookie, so any form page gives one."""
        return html.unescape(_CSRF_INPUT.search(self.page(path).text).group(1))

    def send_code(self, number, fmt="json"):
        fields = {"csrf_token": self.token(), "mobile": number}
        if fmt:
            fields["format"] = fmt
        return self.post_form("/fuyi/apply/code", fields)

    def application(self, agency_id, number, **overrides):
        values = {
            "applicant_kind": "person", "applicant_name": "门户申请人", "applicant_id_number": id_number(),
            "mobile": number, "address": "县城关镇人民路1号", "respondent_id": str(agency_id),
            "act_description": "县市场监督管理局作出的罚款决定（县市监罚〔2026〕1号）",
            "act_known_date": known_date(), "request": "请求撤销该罚款决定",
            "facts_reasons": "该决定认定事实不清，证据不足。", "consent_electronic": "1",
        }
        values.update(overrides)
        return {k: v for k, v in values.items() if v is not None}

    def submit(self, values, files=None, token=None):
        fields = dict(values, csrf_token=token or self.token())
        files = files if files is not None else [("act", "决定书.pdf", PDF, "application/pdf")]
        return self.post_multipart("/fuyi/apply", fields, files)

    def apply(self, server, agency_id, number=None, files=None, **overrides):
        """Apply with a fresh SMS code; returns (tracking code, receipt response)."""
        number = number or mobile()
        res = self.send_code(number)
        assert res.status == 200 and res.json["ok"], res.text
        values = self.application(agency_id, number, sms_code=server.last_code(number), **overrides)
        res = self.submit(values, files)
        assert res.status in (200, 303), server.log_tail(3000)
        if res.status == 303:      # success: Post/Redirect/Get to the receipt
            res = self.receipt(res)
        match = _TRACKING.search(res.text)
        assert match, "no receipt: %s" % re.findall(r'class="fp-(?:field-error|alert[^"]*)"[^>]*>([^<]+)', res.text)
        return html.unescape(match.group(1)).strip(), res

    def receipt(self, res):
        """The receipt page a successful submission redirects to."""
        assert res.header("Location").endswith("/fuyi/apply/receipt"), res.header("Location")
        return self.page("/fuyi/apply/receipt")

    def request_track_code(self, tracking_code):
        return self.post_form("/fuyi/track/code", {"csrf_token": self.token(),
                                                   "tracking_code": tracking_code})

    def open(self, tracking_code, sms_code):
        return self.post_form("/fuyi/track/open", {"csrf_token": self.token(),
                                                   "tracking_code": tracking_code, "sms_code": sms_code})
