"""Database-wide settings as key/value strings (``web.base.url``, ``database.uuid``, …).

Only Settings users (``base.group_system``) may read or write them directly; code that needs a
parameter on behalf of an ordinary user calls ``env['ir.config_parameter'].sudo().get_param(key)``.
"""
import datetime
import uuid

from flectra import api, fields, models

#: parameters every database gets at install, as key → factory of the value
_DEFAULT_PARAMETERS = {
    'database.secret': lambda: str(uuid.uuid4()),
    'database.uuid': lambda: str(uuid.uuid1()),
    'database.create_date': lambda: datetime.datetime.utcnow().strftime('%Y-%m-%d %H:%M:%S'),
    'web.base.url': lambda: 'http://localhost:8069',
    'base.login_cooldown_after': lambda: '10',
    'base.login_cooldown_duration': lambda: '60',
}


class IrConfigParameter(models.Model):
    """Per-database key/value store."""

    _name = 'ir.config_parameter'
    _description = 'System Parameter'
    _rec_name = 'key'
    _order = 'key'

    key = fields.Char(required=True, index=True)
    value = fields.Text(required=True)

    _sql_constraints = [
        ('key_uniq', 'unique (key)', 'Key must be unique.'),
    ]

    def init(self, force=False):
        """Create the default parameters that are missing (all of them again when ``force``)."""
        Param = self.sudo()
        for key, factory in _DEFAULT_PARAMETERS.items():
            if force or not Param.search([('key', '=', key)], limit=1):
                Param.set_param(key, factory())

    @api.model
    def get_param(self, key, default=False):
        """Return the value of parameter ``key`` (a str), or ``default`` when it is not set.

        Raises:
            AccessError: the user may not read parameters (use ``sudo()``).
        """
        self.check_access_rights('read')
        param = self.search([('key', '=', key)], limit=1)
        return param.value if param else default

    @api.model
    def set_param(self, key, value):
        """Set parameter ``key`` to ``str(value)``; False or None deletes it.

        Returns:
            the previous value, or False when the parameter did not exist.
        """
        param = self.search([('key', '=', key)], limit=1)
        old = param.value if param else False
        if value is False or value is None:
            if param:
                param.unlink()
        elif param:
            if param.value != str(value):
                param.write({'value': str(value)})
        else:
            self.create({'key': key, 'value': str(value)})
        return old

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if 'value' in vals and vals['value'] is not False and vals['value'] is not None:
                vals['value'] = str(vals['value'])
        return super().create(vals_list)

    def write(self, vals):
        if 'value' in vals and vals['value'] is not False and vals['value'] is not None:
            vals = dict(vals, value=str(vals['value']))
        return super().write(vals)
