from flectra.tests import new_test_user

from .common import FuyiCaseCommon


class TestViewsAndMenus(FuyiCaseCommon):

    def test_every_fuyi_model_has_its_views_and_they_name_real_fields(self):
        views = self.env["ir.ui.view"].search([("model", "like", "fuyi.")])
        models = set(views.mapped("model"))
        for model in ("fuyi.reconsideration", "fuyi.case", "fuyi.deadline", "fuyi.calendar.day", "fuyi.hearing",
                      "fuyi.opinion.letter"):
            self.assertIn(model, models)
        for view in views:
            self.assertTrue(view.get_combined_arch())

    def test_clerk_sees_the_case_menus_liaison_no_configuration(self):
        clerk_menus = str(self.env["ir.ui.menu"].with_user(self.clerk).load_menus())
        self.assertIn("Cases", clerk_menus)
        self.assertNotIn("Working-day calendar", clerk_menus)
        admin = new_test_user(self.env, login="fuyi_admin_menu", groups="fuyi_case.fuyi_case_group_manager")
        self.assertIn("Working-day calendar", str(self.env["ir.ui.menu"].with_user(admin).load_menus()))

    def test_menus_are_translated_for_chinese_users(self):
        menus = str(self.env["ir.ui.menu"].with_user(self.clerk).with_context(lang="zh_CN").load_menus())
        self.assertIn("复议", menus)
