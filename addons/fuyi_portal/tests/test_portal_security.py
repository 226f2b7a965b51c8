from flectra.exceptions import AccessError
from flectra.tests import new_test_user

from .common import PortalCommon

PORTAL_MODELS = ("fuyi.portal.application", "fuyi.portal.otp", "fuyi.portal.attempt", "fuyi.portal.abuse")


class TestPortalSecurity(PortalCommon):

    def setUp(self):
        super().setUp()
        self.result = self.submit()
        self.application = self.App._find_by_code(self.result["tracking_code"])

    def test_public_user_has_no_access_to_anything_of_the_portal(self):
        """Anonymous requests run as the public user: no ACL, so only the reviewed sudo methods reach data."""
        public = self.env.ref("base.public_user")
        for model in PORTAL_MODELS + ("fuyi.reconsideration", "fuyi.case", "fuyi.service", "res.partner",
                                      "ir.attachment", "sms.sms"):
            with self.subTest(model=model):
                Model = self.env[model].with_user(public)
                with self.assertRaises(AccessError):
                    Model.search([])
        with self.assertRaises(AccessError):
            self.application.with_user(public).read(["client_ip"])

    def test_liaison_sees_no_portal_records_nor_the_client_address(self):
        liaison = new_test_user(self.env, login="portal_liaison", groups="fuyi_case.fuyi_case_group_liaison")
        self.agency.agency_liaison_user_ids = [(4, liaison.id)]
        case = self.application.reconsideration_id.with_user(liaison)
        self.assertTrue(case.read(["name"]), "the liaison sees the case of their agency")
        for model in PORTAL_MODELS:
            with self.assertRaises(AccessError):
                self.env[model].with_user(liaison).search([])
        with self.assertRaises(AccessError):
            case.read(["portal_client_ip"])

    def test_clerk_reads_applications_but_cannot_change_them(self):
        application = self.application.with_user(self.clerk)
        self.assertEqual(application.client_ip, self.IP)
        with self.assertRaises(AccessError):
            application.write({"consent_electronic": False})
        for model in ("fuyi.portal.otp", "fuyi.portal.attempt", "fuyi.portal.abuse"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.clerk).search([])

    def test_administrator_reads_abuse_events(self):
        manager = new_test_user(self.env, login="portal_manager", groups="fuyi_case.fuyi_case_group_manager")
        self.Otp._portal_send_code("13800138000", self.IP)   # within the minute: refused, logged
        self.assertTrue(self.env["fuyi.portal.abuse"].with_user(manager).search([]))
