from dateutil.relativedelta import relativedelta

from flectra import fields, models


class MailActivityType(models.Model):
    """Kinds of to-dos (call, meeting, upload a document...) with their default delay."""

    _name = "mail.activity.type"
    _description = "Activity Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    summary = fields.Char(string="Default Summary", translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    delay_count = fields.Integer(string="Schedule", default=0,
                                 help="Number of days/weeks/months before the activity is due.")
    delay_unit = fields.Selection([("days", "days"), ("weeks", "weeks"), ("months", "months")],
                                  string="Delay units", required=True, default="days")
    icon = fields.Char(help="Font awesome icon e.g. fa-tasks")
    res_model = fields.Char(string="Model", help="Restrict the type to this model; empty for every model.")
    category = fields.Selection([("default", "None"), ("upload_file", "Upload Document"),
                                 ("phonecall", "Phonecall"), ("meeting", "Meeting")],
                                string="Action", default="default")
    default_user_id = fields.Many2one("res.users", string="Default User")
    default_note = fields.Html(string="Default Note", translate=True)

    def _get_date_deadline(self, base=None):
        """Deadline of an activity of this type scheduled on ``base`` (default: the user's today)."""
        base = base or fields.Date.context_today(self)
        if not self:
            return base
        self.ensure_one()
        return base + relativedelta(**{self.delay_unit: self.delay_count})
