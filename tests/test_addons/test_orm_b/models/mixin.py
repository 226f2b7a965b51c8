from flectra import fields, models


class TestOrmMixin(models.AbstractModel):
    """Extends test_orm_a's mixin in place: every heir (test.orm.person too) gains the field."""

    _inherit = 'test.orm.mixin'

    mixin_level = fields.Integer(default=1)


class TestOrmStampMixin(models.AbstractModel):
    """A second mixin, combined with test.orm.mixin by test.orm.gadget."""

    _name = 'test.orm.stamp.mixin'
    _description = 'Test ORM: stamp mixin'

    stamp = fields.Char(default='B')

    def stamp_label(self):
        """Return 'stamp:<stamp>' for one record."""
        self.ensure_one()
        return 'stamp:%s' % (self.stamp or '')
