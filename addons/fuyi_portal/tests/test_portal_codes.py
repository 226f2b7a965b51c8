import datetime

from flectra import fields

from .common import MOBILE, OTHER_MOBILE, PortalCommon


class TestSmsCodes(PortalCommon):

    def test_code_is_stored_hashed_and_used_once(self):
        code = self.send_code()
        otp = self.Otp.search([], limit=1)
        self.assertNotIn(code, str(otp.read()[0]))
        self.assertTrue(self.Otp._portal_check_code(MOBILE, code, self.IP))
        self.assertFalse(self.Otp._portal_check_code(MOBILE, code, self.IP), "a code works once")

    def test_wrong_code_counts_and_burns_after_max_tries(self):
        code = self.send_code()
        wrong = "%06d" % ((int(code) + 1) % 10 ** 6)
        for _i in range(4):
            self.assertFalse(self.Otp._portal_check_code(MOBILE, wrong, self.IP))
        self.assertTrue(self.Otp._portal_check_code(MOBILE, code, self.IP), "4 wrong tries leave the code usable")
        code = self.send_code_after_a_minute()
        for _i in range(5):
            self.assertFalse(self.Otp._portal_check_code(MOBILE, wrong if wrong != code else "000000", self.IP))
        self.assertFalse(self.Otp._portal_check_code(MOBILE, code, self.IP), "burnt after 5 wrong tries")
        self.assertTrue(self.env["fuyi.portal.abuse"].sudo().search([("kind", "=", "code_guessing")]))

    def send_code_after_a_minute(self):
        self.forget_rate_limits()
        return self.send_code()

    def test_expired_code_is_refused(self):
        code = self.send_code()
        self.Otp.search([]).write({"expires_at": fields.Datetime.now() - datetime.timedelta(seconds=1)})
        self.assertFalse(self.Otp._portal_check_code(MOBILE, code, self.IP))

    def test_a_new_code_replaces_the_old_one(self):
        first = self.send_code()
        second = self.send_code_after_a_minute()
        if first != second:
            self.assertFalse(self.Otp._portal_check_code(MOBILE, first, self.IP))
        self.assertTrue(self.Otp._portal_check_code(MOBILE, second, self.IP))

    def test_code_of_one_number_does_not_confirm_another(self):
        code = self.send_code(MOBILE)
        self.send_code(OTHER_MOBILE)
        other_code = self.code_in(self.last_sms(OTHER_MOBILE))
        if other_code != code:
            self.assertFalse(self.Otp._portal_check_code(OTHER_MOBILE, code, self.IP))

    def test_sms_goes_through_the_sms_queue_without_identifiers(self):
        self.send_code()
        sms = self.last_sms(MOBILE)
        self.assertEqual(sms.state, "outgoing")
        self.assertRegex(sms.body, "[\u4e00-\u9fff]")


class TestSmsRateLimits(PortalCommon):

    def test_one_code_per_minute_per_number(self):
        self.send_code()
        answer = self.Otp._portal_send_code(MOBILE, self.IP)
        self.assertFalse(answer["ok"])
        self.assertRegex(answer["message"], "[\u4e00-\u9fff]")
        self.assertEqual(self.env["sms.sms"].sudo().search_count([("number", "=", MOBILE)]), 1)
        event = self.env["fuyi.portal.abuse"].sudo().search([("kind", "=", "sms_flood")])
        self.assertEqual(event.key_masked, "138****8000")
        self.assertEqual(event.ip_address, self.IP)

    def test_five_codes_per_hour_per_number(self):
        Attempt = self.env["fuyi.portal.attempt"].sudo()
        for minutes in range(5):
            self.assertTrue(self.Otp._portal_send_code(MOBILE, "198.51.100.%d" % minutes)["ok"])
            # the earlier requests happened minutes ago: the per-minute limit is not what is tested here
            Attempt.search([]).write({"at": fields.Datetime.now() - datetime.timedelta(minutes=2)})
        answer = self.Otp._portal_send_code(MOBILE, "198.51.100.99")
        self.assertFalse(answer["ok"])
        self.assertEqual(self.env["fuyi.portal.abuse"].sudo().search([("kind", "=", "sms_flood")]).setting,
                         "fuyi_portal.sms_per_number_hour")
        # the limit is a setting
        self.env["ir.config_parameter"].sudo().set_param("fuyi_portal.sms_per_number_hour", "6")
        self.assertTrue(self.Otp._portal_send_code(MOBILE, "198.51.100.99")["ok"])

    def test_twenty_codes_per_hour_per_address(self):
        for i in range(20):
            self.assertTrue(self.Otp._portal_send_code("1380013%04d" % i, self.IP)["ok"])
        answer = self.Otp._portal_send_code("13800139999", self.IP)
        self.assertFalse(answer["ok"])
        self.assertFalse(self.last_sms("13800139999"))
        self.assertTrue(self.Otp._portal_send_code("13800139999", "198.51.100.7")["ok"], "other addresses go on")
        event = self.env["fuyi.portal.abuse"].sudo().search([("kind", "=", "sms_flood")])
        self.assertEqual((event.ip_address, event.setting), (self.IP, "fuyi_portal.sms_per_address_hour"))
        # repeated refusals add up on one event
        self.Otp._portal_send_code("13800139998", self.IP)
        self.assertEqual(event.count, 2)


class TestSubmissionRateLimit(PortalCommon):

    def test_five_submissions_per_hour_per_address(self):
        for i in range(5):
            self.forget_rate_limits_but_submissions()
            result = self.submit(request="请求%d" % i)
            self.assertTrue(result["ok"], result)
        self.forget_rate_limits_but_submissions()
        code = self.send_code()
        result = self.App._portal_submit(self.form(request="请求9", sms_code=code), self.files(), self.IP)
        self.assertFalse(result["ok"])
        self.assertRegex(result["errors"]["_form"], "[\u4e00-\u9fff]")
        self.assertEqual(self.env["fuyi.reconsideration"].search_count([("channel", "=", "online")]), 5)
        self.assertTrue(self.env["fuyi.portal.abuse"].sudo().search([("kind", "=", "submit_flood"),
                                                                     ("ip_address", "=", self.IP)]))
        # the refused submission did not use the code up
        result = self.App._portal_submit(self.form(request="请求9", sms_code=code), self.files(), "198.51.100.8")
        self.assertTrue(result["ok"], result)

    def forget_rate_limits_but_submissions(self):
        self.env["fuyi.portal.attempt"].sudo().search([("kind", "!=", "submit")]).write(
            {"at": fields.Datetime.now().replace(year=2000)})
