{
    'name': 'Test Mail Thread',
    'summary': 'Test-only addon: a ticket with chatter, tracked fields and activities',
    'description': 'The concrete mail.thread / mail.activity.mixin model the mail suite runs against. '
                   'Never installed outside the test database.',
    'version': '1.0.0',
    'license': 'LGPL-3',
    'category': 'Hidden/Tests',
    'author': 'fazhi',
    'depends': ['mail'],
    'data': ['security/ir.model.access.csv'],
    'installable': True,
    'application': False,
}
