from flectra import api, fields, models


class TestOrmLine(models.Model):
    """One2many side of orders; display name through _rec_name."""

    _name = 'test.orm.line'
    _description = 'Test ORM: order line'
    _order = 'sequence, id'
    _rec_name = 'label'

    label = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    order_id = fields.Many2one('test.orm.order', required=True, ondelete='cascade', index=True)
    amount = fields.Float(digits=(16, 2))
    # computed with an inverse: writable, not stored
    amount_cents = fields.Integer(compute='_compute_amount_cents', inverse='_inverse_amount_cents')
    # dotted dependency through the many2one
    subtotal = fields.Float(compute='_compute_subtotal', store=True, digits=(16, 2))

    @api.depends('amount')
    def _compute_amount_cents(self):
        for line in self:
            line.amount_cents = int(round(line.amount * 100))

    def _inverse_amount_cents(self):
        for line in self:
            line.amount = line.amount_cents / 100.0

    @api.depends('amount', 'order_id.tax_percent')
    def _compute_subtotal(self):
        for line in self:
            line.subtotal = line.amount * (100 + line.order_id.tax_percent) / 100.0
