from flectra import fields, models


class TestOrmSecret(models.Model):
    """Deliberately without any ir.model.access row: closed to every non-superuser."""

    _name = 'test.orm.secret'
    _description = 'Test ORM: model without access rights'

    name = fields.Char()
