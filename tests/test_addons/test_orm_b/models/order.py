from flectra import api, fields, models

DEFAULT_ORIGIN = 'from-b'


class TestOrmOrder(models.Model):
    """Extension of test.orm.order: new field, selection_add, create/write overrides,
    extra dependency of the stored total."""

    _inherit = 'test.orm.order'

    origin = fields.Char()
    state = fields.Selection(
        selection_add=[('review', 'In Review'), ('confirmed',), ('cancel', 'Cancelled')],
        ondelete={'review': 'set default', 'cancel': 'set default'})

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals['origin'] = (vals.get('origin') or DEFAULT_ORIGIN).upper()
        return super().create(vals_list)

    def write(self, vals):
        if vals.get('origin'):
            vals = dict(vals, origin=vals['origin'].upper())
        return super().write(vals)

    @api.depends('line_ids.discount')
    def _compute_total(self):
        super()._compute_total()
        for order in self:
            order.total -= sum(order.line_ids.mapped('discount'))
