{
    'name': 'Test ORM A',
    'summary': 'Test-only addon: the models the ORM conformance suite runs against',
    'description': 'Models covering every field type, computes, relations, inheritance, '
                   'security and data-file features of the Flectra addon API. '
                   'Never installed outside the test database.',
    'version': '1.0.0',
    'license': 'LGPL-3',
    'category': 'Hidden/Tests',
    'author': 'fazhi',
    'depends': ['base'],
    'data': [
        'security/test_orm_a_groups.xml',
        'security/ir.model.access.csv',
        'security/test_orm_a_rules.xml',
        'data/test_orm_a_sequence.xml',
        'data/test_orm_a_data.xml',
    ],
    'installable': True,
    'application': False,
}
