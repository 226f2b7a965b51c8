from flectra import api, fields, models


class TestOrmPerson(models.Model):
    """Delegation parent (like res.partner for res.users); also an heir of the mixin."""

    _name = 'test.orm.person'
    _inherit = ['test.orm.mixin']
    _description = 'Test ORM: person'

    name = fields.Char(required=True)
    email = fields.Char()
    age = fields.Integer()
    # one compute method for two fields, as Flectra allows
    name_length = fields.Integer(compute='_compute_name_stats')
    name_upper = fields.Char(compute='_compute_name_stats')

    @api.depends('name')
    def _compute_name_stats(self):
        for person in self:
            person.name_length = len(person.name or '')
            person.name_upper = (person.name or '').upper()


class TestOrmEmployee(models.Model):
    """Delegation child: person fields are readable/writable here, stored on the person."""

    _name = 'test.orm.employee'
    _description = 'Test ORM: employee delegating to a person'
    _inherits = {'test.orm.person': 'person_id'}

    person_id = fields.Many2one('test.orm.person', required=True, ondelete='cascade')
    badge = fields.Char()
