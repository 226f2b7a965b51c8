from lxml import etree

from .common import XinyongCommon


class TestClientViews(XinyongCommon):
    """What the web client gets for xinyong's screens, for the credit office and for a body."""

    def actions(self):
        data = self.env["ir.model.data"].sudo().search([("module", "=", "xinyong"),
                                                        ("model", "=", "ir.actions.act_window")])
        return self.env["ir.actions.act_window"].browse(data.mapped("res_id"))

    def test_every_action_loads_its_views_and_buttons_name_real_methods(self):
        actions = self.actions()
        self.assertGreaterEqual(len(actions), 8)
        for action in actions:
            views = [[vid, "list" if mode == "tree" else mode] for vid, mode in action._get_views()]
            user = self.manager
            result = self.env[action.res_model].with_user(user).with_context(lang="zh_CN").get_views(
                views + [[False, "search"]], {"toolbar": True})
            model = self.env[action.res_model]
            for _vid, view_type in views:
                root = etree.fromstring(result["views"][view_type]["arch"])
                for button in root.iter("button"):
                    if button.get("type") == "object":
                        # a button of an inline list runs on the line's model
                        owner = next((node for node in button.iterancestors("field")), None)
                        target = self.env[model._fields[owner.get("name")].comodel_name] if owner is not None else model
                        self.assertTrue(callable(getattr(type(target), button.get("name"), None)),
                                        "%s: %s" % (target._name, button.get("name")))

    def test_dialogs_have_confirm_and_cancel(self):
        dialogs = self.actions().filtered(lambda a: a.target == "new")
        self.assertEqual(len(dialogs), 3)
        for action in dialogs:
            self.assertTrue(self.env[action.res_model]._transient)
            result = self.env[action.res_model].with_user(self.manager).get_views([[False, "form"]])
            buttons = etree.fromstring(result["views"]["form"]["arch"]).find("footer").findall("button")
            self.assertEqual((buttons[0].get("name"), buttons[-1].get("special")), ("action_confirm", "cancel"))

    def test_body_loads_its_screens_without_the_workflow_buttons(self):
        result = self.env["xinyong.default.record"].with_user(self.liaison).get_views([[False, "form"],
                                                                                        [False, "list"]])
        form = etree.fromstring(result["views"]["form"]["arch"])
        names = {b.get("name") for b in form.iter("button")}
        self.assertNotIn("action_open_approve", names)
        self.assertNotIn("action_forward_for_verification", names)
