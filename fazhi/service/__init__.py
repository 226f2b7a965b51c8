"""Services over whole databases, shared by the CLI and (later) the RPC ``db`` service.

    from fazhi.service import db
    db.create_database(backend, 'demo', ['fuyi_case'], admin_password='…')
    with open('demo.zip', 'wb') as fp:
        db.dump_database(backend, 'demo', fp)
"""
