from flectra import _, api, fields, models
from flectra.exceptions import UserError, ValidationError

BIG_ORDER_TOTAL = 1000.0
MAX_ORDER_TOTAL = 1000000.0


class TestOrmOrder(models.Model):
    """The main test model: defaults, relations, computes, related fields, archiving."""

    _name = 'test.orm.order'
    _description = 'Test ORM: order'
    _order = 'priority desc, category_id, name, id'

    name = fields.Char(required=True)
    reference = fields.Char(readonly=True, copy=False)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    priority = fields.Selection([('0', 'Normal'), ('1', 'Urgent')], default='0')
    state = fields.Selection(
        [('draft', 'Draft'), ('confirmed', 'Confirmed'), ('done', 'Done')], default='draft')
    date_order = fields.Date(default=fields.Date.context_today)
    deadline = fields.Datetime()
    note = fields.Text()
    description = fields.Html()

    partner_id = fields.Many2one('res.partner', ondelete='set null')
    partner_email = fields.Char(related='partner_id.email')
    partner_name = fields.Char(related='partner_id.name', store=True, string='Partner Name')
    category_id = fields.Many2one('test.orm.category', ondelete='restrict')
    main_tag_id = fields.Many2one('test.orm.tag', ondelete='set null')
    responsible_id = fields.Many2one('res.users', default=lambda self: self.env.user)

    line_ids = fields.One2many('test.orm.line', 'order_id', string='Lines')
    # default relation table: test_orm_order_test_orm_tag_rel
    tag_ids = fields.Many2many('test.orm.tag')
    extra_tag_ids = fields.Many2many(
        'test.orm.tag', 'test_orm_order_extra_tag_rel', 'order_id', 'tag_id',
        string='Extra Tags')

    tax_percent = fields.Integer(default=10)
    total = fields.Float(compute='_compute_total', store=True, digits=(16, 2))
    tax = fields.Float(compute='_compute_tax', store=True, digits=(16, 2))
    line_count = fields.Integer(compute='_compute_line_count')
    is_big = fields.Boolean(compute='_compute_is_big', search='_search_is_big')

    secret_note = fields.Char(groups='test_orm_a.group_a_manager')

    @api.depends('line_ids.amount')
    def _compute_total(self):
        for order in self:
            order.total = sum(order.line_ids.mapped('amount'))

    @api.depends('total', 'tax_percent')
    def _compute_tax(self):
        for order in self:
            order.tax = order.total * order.tax_percent / 100.0

    @api.depends('line_ids')
    def _compute_line_count(self):
        for order in self:
            order.line_count = len(order.line_ids)

    @api.depends('total')
    def _compute_is_big(self):
        for order in self:
            order.is_big = order.total > BIG_ORDER_TOTAL

    def _search_is_big(self, operator, value):
        if operator not in ('=', '!='):
            raise UserError(_('Unsupported operator %s for "Is Big".', operator))
        positive = (operator == '=') == bool(value)
        return [('total', '>' if positive else '<=', BIG_ORDER_TOTAL)]

    @api.constrains('tax_percent')
    def _check_tax_percent(self):
        for order in self:
            if not 0 <= order.tax_percent <= 100:
                raise ValidationError(_('The tax percentage must lie between 0 and 100.'))

    @api.constrains('total')
    def _check_total(self):
        for order in self:
            if order.total > MAX_ORDER_TOTAL:
                raise ValidationError(_('An order total cannot exceed 1,000,000.'))

    @api.onchange('partner_id')
    def _onchange_partner_id(self):
        if self.partner_id.email:
            self.note = _('Contact: %s', self.partner_id.email)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get('reference'):
                vals['reference'] = self.env['ir.sequence'].sudo().next_by_code('test.orm.order') or '/'
        return super().create(vals_list)

    def action_confirm(self):
        self.write({'state': 'confirmed'})
        return True
