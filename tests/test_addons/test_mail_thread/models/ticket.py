from flectra import fields, models


class TestMailTicket(models.Model):
    """A ticket with a chatter: tracked state, assignee and amount; activities."""

    _name = 'test.mail.ticket'
    _description = 'Test Ticket'
    _inherit = ['mail.thread', 'mail.activity.mixin']

    name = fields.Char(required=True)
    state = fields.Selection([('draft', 'Draft'), ('open', 'Open'), ('done', 'Done')],
                             default='draft', tracking=10)
    user_id = fields.Many2one('res.users', string='Assignee', tracking=20)
    amount = fields.Float(tracking=True)
    deadline = fields.Date(tracking=30)
    description = fields.Text(tracking=40)
    urgent = fields.Boolean(tracking=50)
    count = fields.Integer(tracking=True)
    partner_id = fields.Many2one('res.partner', string='Customer')
    note = fields.Char()
    # tracked, but readable by administrators only: its changes stay hidden from other readers
    internal_note = fields.Char(tracking=60, groups='base.group_system')

    def _track_subtype(self, init_values):
        if 'state' in init_values and self.state == 'done':
            return self.env.ref('mail.mt_comment')
        return super()._track_subtype(init_values)
