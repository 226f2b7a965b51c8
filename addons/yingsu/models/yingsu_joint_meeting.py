from flectra import api, fields, models, _
from flectra.exceptions import UserError

COORDINATION_SOURCES = [("litigation", "Litigation"), ("reconsideration", "Reconsideration"),
                        ("petition", "Petition")]
COORDINATION_STATES = [("open", "Open"), ("withdrawn", "Suit withdrawn"), ("settled", "Settled"),
                       ("judged", "Judged"), ("failed", "Not resolved")]


class YingsuJointMeeting(models.Model):
    """A court–government joint meeting (府院联席会议): attendees, agenda, minutes and action items."""

    _name = "yingsu.joint.meeting"
    _description = "Joint meeting"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    name = fields.Char(string="Subject", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    attendee_ids = fields.Many2many("res.partner", "yingsu_joint_meeting_attendee_rel", "meeting_id", "partner_id",
                                    string="Attendees")
    agenda = fields.Text()
    minutes = fields.Text()
    action_ids = fields.One2many("yingsu.joint.meeting.action", "meeting_id", string="Action items")
    lawsuit_ids = fields.Many2many("yingsu.lawsuit", "yingsu_joint_meeting_lawsuit_rel", "meeting_id", "lawsuit_id",
                                   string="Lawsuits discussed")


class YingsuJointMeetingAction(models.Model):
    """A resolution of a joint meeting with its owner and due date, tracked as an activity until done."""

    _name = "yingsu.joint.meeting.action"
    _description = "Joint meeting action item"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "due_date, id"

    meeting_id = fields.Many2one("yingsu.joint.meeting", string="Meeting", required=True, ondelete="cascade",
                                 index=True)
    name = fields.Char(string="Action", required=True)
    owner_id = fields.Many2one("res.partner", string="Owning agency")
    user_id = fields.Many2one("res.users", string="Responsible")
    due_date = fields.Date(required=True)
    state = fields.Selection([("open", "Open"), ("done", "Done")], default="open", required=True, tracking=True)
    done_date = fields.Date(readonly=True)
    result = fields.Text()

    @api.model_create_multi
    def create(self, vals_list):
        actions = super().create(vals_list)
        for action in actions.filtered("user_id"):
            action.activity_schedule("mail.mail_activity_data_todo", date_deadline=action.due_date,
                                     summary=action.name, user_id=action.user_id.id)
        return actions

    def action_done(self, result="", date=None):
        self.ensure_one()
        if self.state == "done":
            raise UserError(_("Action item %(name)s is already done.", name=self.name))
        self.write({"state": "done", "result": result,
                    "done_date": fields.Date.to_date(date) if date else fields.Date.context_today(self)})
        self.activity_ids.action_feedback(feedback=result or _("Done"))
        return True


class YingsuDisputeCoordination(models.Model):
    """A coordinated resolution (行政争议协调化解) or administrative settlement of a dispute."""

    _name = "yingsu.dispute.coordination"
    _description = "Dispute coordination"
    _inherit = ["mail.thread"]
    _order = "start_date desc, id desc"

    name = fields.Char(string="Subject", required=True)
    source = fields.Selection(COORDINATION_SOURCES, required=True, default="litigation")
    lawsuit_id = fields.Many2one("yingsu.lawsuit", string="Lawsuit", ondelete="set null", index=True)
    case_id = fields.Many2one("fuyi.case", string="Case", ondelete="set null", index=True)
    agency_id = fields.Many2one("res.partner", string="Agency", index=True, domain=[("party_kind", "=", "agency")])
    start_date = fields.Date(required=True, default=fields.Date.context_today)
    state = fields.Selection(COORDINATION_STATES, default="open", required=True, tracking=True)
    settlement = fields.Text(string="Settlement reached")
    end_date = fields.Date()
