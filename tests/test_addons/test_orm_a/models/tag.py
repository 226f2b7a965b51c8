from flectra import fields, models


class TestOrmTag(models.Model):
    """Many2many target; also carries the SQL constraints (unique + check)."""

    _name = 'test.orm.tag'
    _description = 'Test ORM: tag'
    _order = 'name'

    name = fields.Char(required=True)
    color = fields.Integer()
    # self-referencing many2many: explicit table and column names are mandatory
    related_tag_ids = fields.Many2many(
        'test.orm.tag', 'test_orm_tag_related_rel', 'tag_id', 'related_id',
        string='Related Tags')
    # one2many whose inverse is ondelete='set null' (command 3 only clears the link)
    main_order_ids = fields.One2many('test.orm.order', 'main_tag_id', string='Main Of Orders')

    _sql_constraints = [
        ('name_uniq', 'unique(name)', 'Tag names must be unique.'),
        ('color_range', 'CHECK(color >= 0 AND color <= 11)', 'A tag color lies between 0 and 11.'),
    ]
