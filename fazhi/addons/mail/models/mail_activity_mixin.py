from flectra import fields, models

_STATE_RANK = {"overdue": 0, "today": 1, "planned": 2}


class MailActivityMixin(models.AbstractModel):
    """Activities on a model: the to-dos of each record and their most urgent deadline."""

    _name = "mail.activity.mixin"
    _description = "Activity Mixin"

    activity_ids = fields.One2many("mail.activity", "res_id", string="Activities", compute="_compute_activity_ids",
                                   groups="base.group_user")
    activity_state = fields.Selection([("overdue", "Overdue"), ("today", "Today"), ("planned", "Planned")],
                                      string="Activity State", compute="_compute_activity_state",
                                      search="_search_activity_state", groups="base.group_user")
    activity_user_id = fields.Many2one("res.users", string="Responsible User", compute="_compute_activity_ids",
                                       search="_search_activity_user_id", groups="base.group_user")
    activity_type_id = fields.Many2one("mail.activity.type", string="Next Activity Type",
                                       compute="_compute_activity_ids", search="_search_activity_type_id",
                                       groups="base.group_user")
    activity_date_deadline = fields.Date(string="Next Activity Deadline", compute="_compute_activity_ids",
                                         search="_search_activity_date_deadline", groups="base.group_user")
    activity_summary = fields.Char(string="Next Activity Summary", compute="_compute_activity_ids",
                                   search="_search_activity_summary", groups="base.group_user")

    def _activities(self, domain=()):
        return self.env["mail.activity"].sudo().search(
            [("res_model", "=", self._name), ("res_id", "in", [rid for rid in self.ids if rid])] + list(domain))

    def _compute_activity_ids(self):
        activities = self._activities()
        for record in self:
            mine = activities.filtered(lambda a: a.res_id == record.id)
            first = mine[:1]  # activities come most urgent first
            record.activity_ids = mine.with_env(self.env)
            record.activity_user_id = first.user_id
            record.activity_type_id = first.activity_type_id
            record.activity_date_deadline = first.date_deadline
            record.activity_summary = first.summary

    def _compute_activity_state(self):
        activities = self._activities()
        for record in self:
            states = activities.filtered(lambda a: a.res_id == record.id).mapped("state")
            record.activity_state = min(states, key=_STATE_RANK.get) if states else False

    def _search_on_activities(self, domain):
        res_ids = self.env["mail.activity"].sudo().search([("res_model", "=", self._name)] + domain).mapped("res_id")
        return [("id", "in", res_ids)]

    def _search_activity_user_id(self, operator, value):
        return self._search_on_activities([("user_id", operator, value)])

    def _search_activity_type_id(self, operator, value):
        return self._search_on_activities([("activity_type_id", operator, value)])

    def _search_activity_date_deadline(self, operator, value):
        return self._search_on_activities([("date_deadline", operator, value)])

    def _search_activity_summary(self, operator, value):
        return self._search_on_activities([("summary", operator, value)])

    def _search_activity_state(self, operator, value):
        """Records whose worst activity state is (or is not) ``value``, each assignee's today."""
        wanted = {value} if not isinstance(value, (list, tuple)) else set(value)
        worst = {}
        for activity in self.env["mail.activity"].sudo().search([("res_model", "=", self._name)]):
            current = worst.get(activity.res_id)
            if current is None or _STATE_RANK[activity.state] < _STATE_RANK[current]:
                worst[activity.res_id] = activity.state
        positive = operator in ("=", "in")
        if False in wanted:
            # "no activity" is asked: complement of the records that have some
            matching = [rid for rid, state in worst.items() if state not in wanted]
            return [("id", "not in" if positive else "in", matching)]
        matching = [rid for rid, state in worst.items() if state in wanted]
        return [("id", "in" if positive else "not in", matching)]

    # --- CRUD ---------------------------------------------------------------------------------
    def unlink(self):
        """Deleting a document deletes its activities."""
        if self:
            self._activities().unlink()
        return super().unlink()

    # --- scheduling ---------------------------------------------------------------------------
    def _activity_type_from_xmlid(self, act_type_xmlid, activity_type_id=False):
        ActivityType = self.env["mail.activity.type"].sudo()
        activity_type = (self.env.ref(act_type_xmlid, raise_if_not_found=False) if act_type_xmlid
                         else ActivityType.browse(activity_type_id or []))
        if not activity_type or (activity_type.res_model and activity_type.res_model != self._name):
            activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        return activity_type or ActivityType

    def activity_schedule(self, act_type_xmlid="", date_deadline=None, summary="", note="", **act_values):
        """Schedule an activity on each record; returns the new activities.

        The deadline defaults to today + the type's delay, the summary and note to the type's,
        the assignee to the type's default user, else the current user.
        """
        if self.env.context.get("mail_activity_automation_skip") or not self:
            return self.env["mail.activity"]
        activity_type = self._activity_type_from_xmlid(act_type_xmlid, act_values.pop("activity_type_id", False))
        deadline = date_deadline or activity_type._get_date_deadline(fields.Date.context_today(self))
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for record in self:
            vals = {"activity_type_id": activity_type.id, "summary": summary or activity_type.summary or False,
                    "note": note or activity_type.default_note or False, "automated": True,
                    "date_deadline": deadline, "res_model_id": model_id, "res_id": record.id}
            vals.update(act_values)
            if not vals.get("user_id"):
                vals["user_id"] = activity_type.default_user_id.id or self.env.uid
            vals_list.append(vals)
        return self.env["mail.activity"].create(vals_list)

    def _activities_by_types(self, act_type_xmlids, user_id=None):
        type_ids = []
        for xmlid in act_type_xmlids:
            activity_type = self.env.ref(xmlid, raise_if_not_found=False)
            if activity_type:
                type_ids.append(activity_type.id)
        if not type_ids:
            return self.env["mail.activity"]
        domain = [("res_model", "=", self._name), ("res_id", "in", self.ids), ("automated", "=", True),
                  ("activity_type_id", "in", type_ids)]
        if user_id:
            domain.append(("user_id", "=", user_id))
        return self.env["mail.activity"].search(domain)

    def activity_feedback(self, act_type_xmlids, user_id=None, feedback=None):
        """Mark done the scheduled activities of these types (of ``user_id`` if given); returns True."""
        if self.env.context.get("mail_activity_automation_skip"):
            return False
        activities = self._activities_by_types(act_type_xmlids, user_id)
        if activities:
            activities.action_feedback(feedback=feedback)
        return True

    def activity_unlink(self, act_type_xmlids, user_id=None):
        """Delete the scheduled activities of these types (of ``user_id`` if given); returns True."""
        if self.env.context.get("mail_activity_automation_skip"):
            return False
        self._activities_by_types(act_type_xmlids, user_id).unlink()
        return True
