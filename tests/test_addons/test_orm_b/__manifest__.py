{
    'name': 'Test ORM B',
    'summary': 'Test-only addon: extends test_orm_a across modules',
    'description': 'In-place _inherit extensions, selection_add, create/write overrides, '
                   'extended compute dependencies, mixins and cross-module data.',
    'version': '1.0.0',
    'license': 'LGPL-3',
    'category': 'Hidden/Tests',
    'author': 'fazhi',
    'depends': ['test_orm_a'],
    'data': [
        'security/ir.model.access.csv',
        'data/test_orm_b_data.xml',
    ],
    'installable': True,
    'application': False,
}
