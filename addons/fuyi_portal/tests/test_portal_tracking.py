from .common import MOBILE, OTHER_ID_NUMBER, OTHER_MOBILE, PortalCommon


class TestTracking(PortalCommon):

    def setUp(self):
        super().setUp()
        self.mine = self.submit()
        self.forget_rate_limits()
        self.theirs = self.submit(mobile=OTHER_MOBILE, applicant_name="李四", applicant_id_number=OTHER_ID_NUMBER)
        self.forget_rate_limits()

    def track_code(self, tracking_code, mobile, ip=None):
        answer = self.App._portal_send_track_code(tracking_code, ip or self.IP)
        self.assertTrue(answer["ok"], answer)
        return self.code_in(self.last_sms(mobile))

    def test_tracking_code_and_sms_code_open_my_application(self):
        code = self.track_code(self.mine["tracking_code"], MOBILE)
        app_id = self.App._portal_open(self.mine["tracking_code"].lower(), code, self.IP)
        self.assertTrue(app_id)
        status = self.App.browse(app_id)._portal_status()
        self.assertEqual(status["case_name"], self.mine["case_name"])
        self.assertEqual((status["state"], status["state_label"]), ("review", "受理审查"))
        self.assertEqual(status["applicant_name"], "张*")
        self.assertEqual(status["respondent"], self.agency.name)
        self.assertEqual([d["due_date"] for d in status["deadlines"]], [self.mine["acceptance_due"]])
        self.assertIsNone(status["correction"])
        self.assertFalse(status["can_upload_corrections"])
        self.assertFalse(self.App._portal_open(self.mine["tracking_code"], code, self.IP), "the code works once")

    def test_same_answer_for_unknown_and_known_tracking_codes(self):
        known = self.App._portal_send_track_code(self.mine["tracking_code"], self.IP)
        sms_count = self.env["sms.sms"].sudo().search_count([])
        unknown = self.App._portal_send_track_code("FY-2222-2222-2222-2222-2222", "198.51.100.3")
        self.assertEqual(known, unknown)
        self.assertEqual(self.env["sms.sms"].sudo().search_count([]), sms_count, "no SMS for an unknown code")
        garbage = self.App._portal_send_track_code("<script>", "198.51.100.4")
        self.assertEqual(garbage, known)

    def test_another_applicants_application_never_opens_with_my_code(self):
        my_code = self.track_code(self.mine["tracking_code"], MOBILE)
        self.assertFalse(self.App._portal_open(self.theirs["tracking_code"], my_code, self.IP))
        # even when they also asked for a code: mine is bound to my application
        their_code = self.track_code(self.theirs["tracking_code"], OTHER_MOBILE, ip="198.51.100.5")
        if their_code != my_code:
            self.assertFalse(self.App._portal_open(self.theirs["tracking_code"], my_code, self.IP))
        self.assertEqual(self.App._portal_open(self.mine["tracking_code"], my_code, self.IP),
                         self.App._find_by_code(self.mine["tracking_code"]).id)

    def test_unknown_code_and_wrong_sms_code_give_the_same_outcome(self):
        code = self.track_code(self.mine["tracking_code"], MOBILE)
        wrong = "%06d" % ((int(code) + 1) % 10 ** 6)
        self.assertIs(self.App._portal_open(self.mine["tracking_code"], wrong, self.IP), False)
        self.assertIs(self.App._portal_open("FY-2222-2222-2222-2222-2222", code, self.IP), False)
        self.assertIs(self.App._portal_open("nonsense", code, self.IP), False)

    def test_failed_openings_block_the_address_for_an_hour(self):
        code = self.track_code(self.mine["tracking_code"], MOBILE)
        for i in range(10):
            self.assertFalse(self.App._portal_open("FY-2222-2222-2222-2222-%04d" % (2222 + i), "123456", self.IP))
        # blocked now, even with the right codes
        self.assertFalse(self.App._portal_open(self.mine["tracking_code"], code, self.IP))
        event = self.env["fuyi.portal.abuse"].sudo().search([("kind", "=", "open_flood")])
        self.assertEqual(event.ip_address, self.IP)
        # the block did not consume the code: from another address it opens
        self.assertTrue(self.App._portal_open(self.mine["tracking_code"], code, "198.51.100.6"))

    def test_tracking_codes_per_code_are_limited(self):
        for i in range(3):
            self.assertTrue(self.App._portal_send_track_code(self.mine["tracking_code"], "198.51.100.%d" % i)["ok"])
        answer = self.App._portal_send_track_code(self.mine["tracking_code"], "198.51.100.50")
        self.assertFalse(answer["ok"])
        event = self.env["fuyi.portal.abuse"].sudo().search([("kind", "=", "track_flood")])
        self.assertEqual(event.setting, "fuyi_portal.track_per_code_hour")
        self.assertNotIn(self.mine["tracking_code"], event.key_masked or "")

    def test_tracking_codes_per_address_are_limited(self):
        for i in range(10):
            self.App._portal_send_track_code("FY-2222-2222-2222-2222-%04d" % (2222 + i), self.IP)
        answer = self.App._portal_send_track_code(self.mine["tracking_code"], self.IP)
        self.assertFalse(answer["ok"])
        self.assertTrue(self.env["fuyi.portal.abuse"].sudo().search([("kind", "=", "track_flood"),
                                                                     ("ip_address", "=", self.IP)]))
