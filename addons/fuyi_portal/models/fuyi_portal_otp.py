"""One-time SMS codes: a mobile number confirmed before applying, or an application opened."""
import datetime

from flectra import api, fields, models, _

from flectra.addons.fuyi_case.tools import identifiers

from ..tools import codes
from .fuyi_portal_guard import DAY, HOUR, MINUTE, PORTAL_TZ


class FuyiPortalOtp(models.Model):
    """A 6-digit code sent by SMS, stored hashed; valid a few minutes, a few tries, used once."""

    _name = "fuyi.portal.otp"
    _description = "Portal SMS code"
    _order = "id desc"

    purpose = fields.Selection([("apply", "Confirm a mobile number"), ("track", "Open an application")],
                               required=True, index=True)
    key = fields.Char(string="Key (hashed)", required=True, index=True,
                      help="Keyed hash of the mobile number, or of the application it opens")
    code_hash = fields.Char(required=True)
    expires_at = fields.Datetime(string="Valid until", required=True)
    tries = fields.Integer(string="Wrong tries", default=0)
    state = fields.Selection([("active", "Active"), ("used", "Used"), ("replaced", "Replaced"),
                              ("burnt", "Too many wrong tries")], default="active", required=True, index=True)
    application_id = fields.Many2one("fuyi.portal.application", string="Application", ondelete="cascade",
                                     index=True)
    sms_id = fields.Many2one("sms.sms", string="Text message", ondelete="set null", readonly=True)

    # --- portal API ---
    @api.model
    def _portal_send_code(self, mobile, ip):
        """Send a code confirming ``mobile``; rate limited per number and per address."""
        self = self.with_context(lang="zh_CN", tz=PORTAL_TZ).sudo()
        number = self.env["sms.sms"]._normalize_number(mobile or "")
        if not number:
            return {"ok": False, "message": _("Enter a mainland mobile number: 11 digits starting with 13 to 19.")}
        Attempt = self.env["fuyi.portal.attempt"]
        over = Attempt._over([
            ("sms_number", number, MINUTE, "fuyi_portal.sms_per_number_minute"),
            ("sms_number", number, HOUR, "fuyi_portal.sms_per_number_hour"),
            ("sms_number", number, DAY, "fuyi_portal.sms_per_number_day"),
            ("sms_address", ip or "", HOUR, "fuyi_portal.sms_per_address_hour"),
        ])
        if over:
            kind, key, window, setting = over
            masked = identifiers.mask_mobile(number) if kind == "sms_number" else (ip or "")
            self.env["fuyi.portal.abuse"]._log("sms_flood", key, masked, ip, setting)
            if window == MINUTE:
                return {"ok": False, "message": _("A code was sent to this number less than a minute ago; "
                                                  "wait a moment before asking again.")}
            return {"ok": False, "message": _("Too many codes were requested; try again later.")}
        Attempt._record("sms_number", number)
        Attempt._record("sms_address", ip or "")
        self._issue("apply", number, number)
        return {"ok": True, "message": _("A code was sent to %(mobile)s; it is valid for %(minutes)s minutes.",
                                         mobile=identifiers.mask_mobile(number), minutes=self._valid_minutes())}

    @api.model
    def _portal_check_code(self, mobile, code, ip):
        """True when ``code`` is the valid code of ``mobile`` (consumed then); a wrong code counts a try."""
        self = self.with_context(lang="zh_CN", tz=PORTAL_TZ).sudo()
        number = self.env["sms.sms"]._normalize_number(mobile or "")
        if not number:
            return False
        return bool(self._verify("apply", number, code, ip))

    # --- helpers ---
    @api.model
    def _valid_minutes(self):
        return self.env["fuyi.portal.attempt"]._limit("fuyi_portal.code_valid_minutes")

    @api.model
    def _key(self, purpose, subject):
        return self.env["fuyi.portal.attempt"]._hash("otp", purpose, subject)

    @api.model
    def _issue(self, purpose, subject, number, application=None):
        """A new code for ``subject`` (earlier ones stop working) sent to ``number`` through the SMS queue."""
        key = self._key(purpose, subject)
        self.search([("purpose", "=", purpose), ("key", "=", key), ("state", "=", "active")]).write(
            {"state": "replaced"})
        code = codes.new_sms_code()
        minutes = self._valid_minutes()
        otp = self.create({
            "purpose": purpose, "key": key, "application_id": application.id if application else False,
            "code_hash": self.env["fuyi.portal.attempt"]._hash("code", key, code),
            "expires_at": fields.Datetime.now() + datetime.timedelta(minutes=minutes)})
        if purpose == "apply":
            body = _("Your verification code for the online reconsideration application is %(code)s, valid for "
                     "%(minutes)s minutes. Do not tell anyone.", code=code, minutes=minutes)
        else:
            body = _("Your code to view your reconsideration application is %(code)s, valid for %(minutes)s "
                     "minutes. Do not tell anyone.", code=code, minutes=minutes)
        otp.sms_id = self.env["sms.sms"].sudo().create({"number": number, "body": body, "res_model": self._name,
                                                        "res_id": otp.id})
        return otp

    @api.model
    def _verify(self, purpose, subject, code, ip, consume=True):
        """The active, unexpired code record of ``subject`` matching ``code``, or an empty recordset.

        Every wrong code counts a try on the active code; after the allowed tries it stops working."""
        key = self._key(purpose, subject)
        otp = self.search([("purpose", "=", purpose), ("key", "=", key), ("state", "=", "active")], limit=1)
        if not otp or otp.expires_at < fields.Datetime.now():
            return self.browse()
        code = "".join(ch for ch in str(code or "") if ch.isdigit())
        if code and codes.same(otp.code_hash, self.env["fuyi.portal.attempt"]._hash("code", key, code)):
            if consume:
                otp.state = "used"
            return otp
        tries = otp.tries + 1
        max_tries = self.env["fuyi.portal.attempt"]._limit("fuyi_portal.code_max_tries")
        otp.write({"tries": tries, "state": "burnt" if tries >= max_tries else "active"})
        if tries >= max_tries:
            self.env["fuyi.portal.abuse"]._log("code_guessing", key, purpose, ip, "fuyi_portal.code_max_tries")
        return self.browse()
