"""The ORM: model classes become recordsets over one table each.

    partners = env['res.partner'].search([('is_company', '=', True)], order='name')
    partners.write({'active': False})

``fields`` and ``relational`` define the field types, ``models`` the recordset API, ``domain``
compiles search domains to SQL, ``registry`` builds the classes of one database.
"""
from . import fields  # noqa: F401  (fields imports relational at its end)
