from flectra import fields, models


class TestOrmRuleDoc(models.Model):
    """Filtered by record rules: global level < 100; group_a_user sees its own documents,
    group_a_manager (implies user) additionally sees public ones."""

    _name = 'test.orm.rule.doc'
    _description = 'Test ORM: rule document'

    name = fields.Char(required=True)
    level = fields.Integer(default=0)
    is_public = fields.Boolean()
    owner_id = fields.Many2one('res.users', default=lambda self: self.env.user)
