from flectra import fields, models


class TestOrmGadget(models.Model):
    """New model built from two abstract mixins (multiple _inherit with a new _name)."""

    _name = 'test.orm.gadget'
    _inherit = ['test.orm.mixin', 'test.orm.stamp.mixin']
    _description = 'Test ORM: gadget'

    name = fields.Char(required=True)

    def mixin_describe(self):
        return 'gadget ' + super().mixin_describe()
