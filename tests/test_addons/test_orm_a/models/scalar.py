from flectra import api, fields, models


class TestOrmScalar(models.Model):
    """One field of every scalar type. No `name` field and no _rec_name on purpose:
    its display name falls back to '<model>,<id>'."""

    _name = 'test.orm.scalar'
    _description = 'Test ORM: scalar field types'

    bool_field = fields.Boolean()
    int_field = fields.Integer()
    float_field = fields.Float(digits=(16, 2))
    float_raw = fields.Float()
    char_field = fields.Char()
    char_short = fields.Char(size=5)
    text_field = fields.Text()
    html_field = fields.Html()
    date_field = fields.Date()
    datetime_field = fields.Datetime()
    selection_field = fields.Selection([('a', 'Option A'), ('b', 'Option B')])
    selection_method = fields.Selection('_selection_levels', string='Level')
    binary_field = fields.Binary(attachment=False)
    binary_attachment = fields.Binary()
    tag_id = fields.Many2one('test.orm.tag', ondelete='set null')

    @api.model
    def _selection_levels(self):
        return [('low', 'Low'), ('high', 'High')]
