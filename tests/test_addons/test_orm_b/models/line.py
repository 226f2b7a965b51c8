from flectra import fields, models


class TestOrmLine(models.Model):
    _inherit = 'test.orm.line'

    discount = fields.Float(digits=(16, 2))
