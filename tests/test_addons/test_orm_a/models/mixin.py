from flectra import fields, models


class TestOrmMixin(models.AbstractModel):
    """Abstract mixin: no table; its fields and methods are copied into every heir."""

    _name = 'test.orm.mixin'
    _description = 'Test ORM: abstract mixin'

    mixin_note = fields.Char(string='Mixin Note')

    def mixin_describe(self):
        """Return '<model>:<note>' for one record."""
        self.ensure_one()
        return '%s:%s' % (self._name, self.mixin_note or '')
