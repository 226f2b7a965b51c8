{
    'name': 'Test Queue',
    'summary': 'Test-only addon: model methods the queue tests enqueue, with detectable effects',
    'description': 'Each call of test.queue.effect.record_effect appends one row keyed by its '
                   'argument, so a job that ran twice shows up as a duplicate. '
                   'Never installed outside test databases.',
    'version': '1.0.0',
    'license': 'LGPL-3',
    'category': 'Hidden/Tests',
    'author': 'fazhi',
    'depends': ['base'],
    'data': ['security/ir.model.access.csv'],
    'installable': True,
    'application': False,
}
