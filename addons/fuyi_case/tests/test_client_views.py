import inspect
import json

from freezegun import freeze_time
from lxml import etree

from flectra.tests import new_test_user

from .common import FuyiCaseCommon


class TestClientViews(FuyiCaseCommon):
    """What the web client gets for fuyi_case's screens: every action's views load for a clerk,
    buttons name real methods, and the deadline badge and decorations come through."""

    def setUp(self):
        super().setUp()
        self.lead = new_test_user(self.env, login="fuyi_lead_views", groups="fuyi_case.fuyi_case_group_lead")

    def fuyi_actions(self):
        data = self.env["ir.model.data"].sudo().search([("module", "=", "fuyi_case"),
                                                        ("model", "=", "ir.actions.act_window")])
        return self.env["ir.actions.act_window"].browse(data.mapped("res_id"))

    def load(self, model, views, user=None, lang="en_US"):
        return self.env[model].with_user(user or self.clerk).with_context(lang=lang).get_views(
            views, {"toolbar": True})

    def arch(self, model, view_type, user=None, lang="en_US"):
        result = self.load(model, [[False, view_type]], user=user, lang=lang)
        return etree.fromstring(result["views"][view_type]["arch"])

    def test_every_action_loads_its_views_and_buttons_name_real_methods(self):
        actions = self.fuyi_actions()
        self.assertGreater(len(actions), 25)
        for action in actions:
            modes = ["list" if mode == "tree" else mode for _vid, mode in action._get_views()]
            views = [[vid, "list" if mode == "tree" else mode] for vid, mode in action._get_views()]
            result = self.load(action.res_model, views + [[False, "search"]], user=self.lead)
            self.assertEqual(set(result["views"]), set(modes) | {"search"}, action.name)
            model = self.env[action.res_model]
            for view_type in modes:
                root = etree.fromstring(result["views"][view_type]["arch"])
                for button in root.iter("button"):
                    if button.get("type") == "object":
                        method = getattr(type(model), button.get("name"), None)
                        self.assertTrue(callable(method),
                                        "%s: no method %s on %s" % (action.name, button.get("name"), model._name))
                        # the client calls a button with the record ids only: arguments go through a dialog
                        required = [p.name for p in list(inspect.signature(method).parameters.values())[1:]
                                    if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
                        self.assertFalse(required, "%s.%s needs %s: open a dialog instead"
                                         % (model._name, button.get("name"), required))

    def test_wizard_dialogs_are_forms_with_a_confirm_and_a_cancel_button(self):
        wizards = self.fuyi_actions().filtered(lambda a: a.target == "new")
        self.assertGreaterEqual(len(wizards), 20)
        for action in wizards:
            self.assertTrue(self.env[action.res_model]._transient, action.res_model)
            root = self.arch(action.res_model, "form", user=self.lead)
            buttons = root.find("footer").findall("button")
            self.assertEqual(buttons[0].get("name"), "action_confirm")
            self.assertEqual(buttons[-1].get("special"), "cancel")

    def test_case_lists_carry_the_deadline_badge_and_decorations(self):
        for model in ("fuyi.reconsideration", "fuyi.case"):
            root = self.arch(model, "list")
            decorations = json.loads(root.get("fz-decorations"))
            self.assertEqual(decorations["danger"],
                             {"cmp": "==", "l": {"n": "deadline_state"}, "r": {"c": "red"}})
            self.assertEqual(decorations["warning"]["r"], {"c": "amber"})
            badge = root.find(".//field[@name='deadline_state']")
            self.assertEqual(badge.get("widget"), "fz_deadline_badge")
            self.assertIn("deadline_explanation", badge.get("options"))
            explanation = root.find(".//field[@name='deadline_explanation']")
            self.assertIsNotNone(explanation)

    def test_reconsideration_form_has_statusbar_chatter_and_state_buttons(self):
        root = self.arch("fuyi.reconsideration", "form")
        header = root.find("header")
        self.assertEqual(header.find("field[@name='state']").get("widget"), "statusbar")
        self.assertIsNotNone(root.find("div[@class='oe_chatter']"))
        self.assertIsNotNone(root.find(".//field[@name='deadline_state'][@widget='fz_deadline_badge']"))
        # 受理 is the dialog that checks the date (ARL Art. 30) and shows the routing (Art. 53): one
        # button, as the README's walkthrough says; no 繁简分流 that re-routed an accepted case
        accept = header.find("button[@name='action_open_accept']")
        self.assertEqual(json.loads(accept.get("fz-modifiers"))["invisible"],
                         {"cmp": "!=", "l": {"n": "state"}, "r": {"c": "review"}})
        names = {button.get("name") for button in header.iter("button")}
        for method in ("action_open_accept", "action_open_decide", "action_open_create_document",
                       "action_open_request_correction", "action_open_reject", "action_open_suspend"):
            self.assertIn(method, names)
        self.assertNotIn("action_accept", names)
        self.assertNotIn("action_route", names)
        # what the clerk may not do is not offered: no 删除 of a case (ir.model.access)
        self.assertEqual(root.get("delete"), "false")
        self.assertIsNone(root.get("create"))
        manager = self.env["res.users"].search([("groups_id", "in", self.env.ref(
            "fuyi_case.fuyi_case_group_manager").id)], limit=1)
        if manager:
            self.assertIsNone(self.arch("fuyi.reconsideration", "form", user=manager).get("delete"))
        # a reader (auditor) gets no step that changes the case, and no 编辑
        auditor = new_test_user(self.env, login="fuyi_auditor_views", groups="fuyi_case.fuyi_case_group_auditor")
        read_only = self.arch("fuyi.reconsideration", "form", user=auditor)
        steps = {b.get("name") for b in read_only.find("header").iter("button")}
        self.assertFalse(steps & {"action_open_accept", "action_open_decide", "action_open_create_document",
                                  "action_open_suspend", "action_open_withdraw"}, steps)
        self.assertEqual((read_only.get("edit"), read_only.get("delete")), ("false", "false"))
        # a lead's buttons are not sent to a clerk
        self.assertNotIn("action_open_override_routing", names)
        lead_names = {b.get("name") for b in self.arch("fuyi.reconsideration", "form", user=self.lead).iter("button")}
        self.assertIn("action_open_override_routing", lead_names)

    def test_hearing_calendar_and_case_kanban(self):
        calendar = self.arch("fuyi.hearing", "calendar")
        self.assertEqual((calendar.get("date_start"), calendar.get("mode")), ("hearing_date", "month"))
        kanban = self.arch("fuyi.reconsideration", "kanban")
        self.assertEqual(kanban.get("default_group_by"), "state")

    def test_view_strings_reach_a_chinese_clerk_in_chinese(self):
        root = self.arch("fuyi.reconsideration", "form", lang="zh_CN")
        strings = {button.get("string") for button in root.iter("button")}
        self.assertIn("作出决定", strings)
        self.assertIn("制作文书", strings)
        dialog = self.arch("fuyi.reconsideration.decide", "form", lang="zh_CN")
        self.assertIn("取消", {button.get("string") for button in dialog.iter("button")})
        action = self.env["fuyi.reconsideration"].with_user(self.clerk).with_context(lang="zh_CN").browse(
            self.new_case("2025-09-26").id).action_open_decide()
        self.assertEqual(action["name"], "作出决定")

    def test_search_filters_on_the_deadline_status(self):
        late = self.new_case("2025-09-26")
        on_time = self.new_case("2025-10-13")
        closed = self.new_case("2025-10-13")
        closed.deadline_ids.action_cancel()
        Reconsideration = self.env["fuyi.reconsideration"].with_user(self.clerk)
        with freeze_time("2025-10-14 09:00:00"):
            red = Reconsideration.search([("deadline_state", "=", "red")])
            amber = Reconsideration.search([("deadline_state", "=", "amber")])
            green = Reconsideration.search([("deadline_state", "in", ["green"])])
            not_red = Reconsideration.search([("deadline_state", "!=", "red"),
                                              ("id", "in", [late.id, on_time.id, closed.id])])
            none = Reconsideration.search([("deadline_state", "=", "none"), ("id", "in", [late.id, closed.id])])
        self.assertIn(late, red)
        self.assertNotIn(on_time, red | amber)
        self.assertIn(on_time, green)
        self.assertEqual(not_red, on_time | closed)
        self.assertEqual(none, closed)
