import datetime

from flectra import fields

from .common import PortalCommon


class TestSettings(PortalCommon):

    def test_limits_are_settings_with_their_defaults(self):
        from ..models.fuyi_portal_guard import LIMIT_DEFAULTS
        Params = self.env["ir.config_parameter"].sudo()
        Attempt = self.env["fuyi.portal.attempt"]
        for key, default in LIMIT_DEFAULTS.items():
            with self.subTest(key=key):
                self.assertEqual(Params.get_param(key), str(default), "installed as a setting")
                self.assertEqual(Attempt._limit(key), default)
        Params.set_param("fuyi_portal.max_files", "abc")
        self.assertEqual(Attempt._limit("fuyi_portal.max_files"), 10, "an unreadable value is the default")
        Params.set_param("fuyi_portal.max_files", "0")
        self.assertEqual(Attempt._limit("fuyi_portal.max_files"), 10, "a limit of 0 would switch the check off")
        Params.set_param("fuyi_portal.max_files", "3")
        self.assertEqual(self.App._portal_form_options()["max_files"], 3)

    def test_form_options_list_only_agencies(self):
        options = self.App._portal_form_options()
        ids = [agency_id for agency_id, _name in options["agencies"]]
        self.assertIn(self.agency.id, ids)
        self.assertNotIn(self.clerk.partner_id.id, ids)
        self.assertEqual(options["file_types"], "PDF、JPG、PNG、DOCX")

    def test_purge_forgets_old_counters_only(self):
        Attempt = self.env["fuyi.portal.attempt"].sudo()
        old = Attempt._record("submit", "198.51.100.1")
        new = Attempt._record("submit", "198.51.100.2")
        old.at = fields.Datetime.now() - datetime.timedelta(days=3)
        self.env["fuyi.portal.abuse"]._cron_purge()
        self.assertFalse(old.exists())
        self.assertTrue(new.exists())
