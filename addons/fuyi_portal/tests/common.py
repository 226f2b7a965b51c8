import io
import zipfile

from flectra import fields
from flectra.tests import TransactionCase, new_test_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 32
MOBILE = "13800138000"
OTHER_MOBILE = "13900139000"
ID_NUMBER = "110101197001010008"        # valid check digit (GB 11643)
OTHER_ID_NUMBER = "110101198001010010"
USCC = "91110108MA0123456G"


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


class PortalCommon(TransactionCase):
    """An agency, a clerk and helpers driving the portal API as the controllers do (sudo, plain values)."""

    IP = "203.0.113.10"

    def setUp(self):
        super().setUp()
        self.agency = self.env["res.partner"].create({"name": "县市场监督管理局", "party_kind": "agency"})
        self.other_agency = self.env["res.partner"].create({"name": "县自然资源局", "party_kind": "agency"})
        self.clerk = new_test_user(self.env, login="portal_clerk", groups="fuyi_case.fuyi_case_group_clerk")
        self.env["ir.config_parameter"].sudo().set_param("fuyi_portal.responsible_user_id", str(self.clerk.id))
        self.Otp = self.env["fuyi.portal.otp"].sudo()
        self.App = self.env["fuyi.portal.application"].sudo()

    def portal_today(self):
        return fields.Date.context_today(self.App.with_context(tz="Asia/Shanghai"))

    # --- SMS codes as the applicant reads them: from the queued text message ---
    def last_sms(self, number):
        return self.env["sms.sms"].sudo().search([("number", "=", number)], order="id desc", limit=1)

    def code_in(self, sms):
        digits = [token for token in "".join(ch if ch.isdigit() else " " for ch in sms.body).split()
                  if len(token) == 6]
        self.assertTrue(digits, "no 6-digit code in %r" % sms.body)
        return digits[0]

    def send_code(self, mobile=MOBILE, ip=None):
        answer = self.Otp._portal_send_code(mobile, ip or self.IP)
        self.assertTrue(answer["ok"], answer)
        return self.code_in(self.last_sms(mobile))

    def forget_rate_limits(self):
        """The per-minute limit would stop a second code in the same test: age the counters."""
        self.env["fuyi.portal.attempt"].sudo().search([]).write(
            {"at": fields.Datetime.now().replace(year=2000)})

    def form(self, **overrides):
        values = {
            "applicant_kind": "person", "applicant_name": "张三", "applicant_id_number": ID_NUMBER,
            "mobile": MOBILE, "address": "安和县人民路1号", "respondent_id": str(self.agency.id),
            "act_description": "县市场监督管理局行政处罚决定书（安市监罚〔2026〕12号）",
            "act_date": "2026-11-20", "act_known_date": "2026-11-23",
            "request": "撤销该行政处罚决定", "facts_reasons": "处罚认定事实不清，证据不足。",
            "consent_electronic": "1",
        }
        values.update(overrides)
        return {key: value for key, value in values.items() if value is not None}

    def files(self, *extra):
        return [{"field": "act", "name": "处罚决定书.pdf", "data": PDF}] + list(extra)

    def submit(self, ip=None, files=None, mobile=MOBILE, **overrides):
        code = self.send_code(mobile, ip=ip)
        values = self.form(mobile=mobile, **overrides)
        values["sms_code"] = code
        return self.App._portal_submit(values, self.files() if files is None else files, ip or self.IP)
