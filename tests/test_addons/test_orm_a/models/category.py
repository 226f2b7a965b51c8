from flectra import fields, models


class TestOrmCategory(models.Model):
    """Hierarchy with _parent_store (child_of / parent_of) and an active field."""

    _name = 'test.orm.category'
    _description = 'Test ORM: hierarchical category'
    _order = 'name'
    _parent_store = True

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    parent_id = fields.Many2one('test.orm.category', ondelete='cascade', index=True)
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many('test.orm.category', 'parent_id', string='Children')
