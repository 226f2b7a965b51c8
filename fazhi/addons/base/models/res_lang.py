"""Languages: which translations are active, and how dates and numbers are written in each."""
import json

from flectra import api, fields, models, _
from flectra.exceptions import UserError, ValidationError

DEFAULT_DATE_FORMAT = '%Y-%m-%d'
DEFAULT_TIME_FORMAT = '%H:%M:%S'


def group_digits(digits, grouping, sep):
    """Insert ``sep`` into a string of digits following a locale ``grouping`` list.

    ``[3, 0]`` repeats groups of 3 (1,234,567); ``[3, 2, -1]`` groups 3 then 2 then stops;
    ``[3]`` groups once; ``[]`` does nothing — the meaning of Python's ``locale`` grouping.
    """
    if not grouping or not sep:
        return digits
    groups, rest, last = [], digits, None
    for size in grouping:
        if size == -1:
            break
        if size == 0:
            size = last
            while size and len(rest) > size:
                groups.append(rest[-size:])
                rest = rest[:-size]
            break
        if len(rest) <= size:
            break
        groups.append(rest[-size:])
        rest = rest[:-size]
        last = size
    groups.append(rest)
    return sep.join(reversed(groups))


class ResLang(models.Model):
    """A language the users may choose, with its date and number formats."""

    _name = 'res.lang'
    _description = 'Languages'
    _order = 'active desc, name'

    name = fields.Char(required=True)
    code = fields.Char(string='Locale Code', required=True, help='This field is used to set/get locales for user')
    iso_code = fields.Char(string='ISO code', help='This ISO code is the name of po files to use for translations')
    url_code = fields.Char('URL Code', required=True, help='The Lang Code displayed in the URL')
    active = fields.Boolean()
    direction = fields.Selection([('ltr', 'Left-to-Right'), ('rtl', 'Right-to-Left')], required=True, default='ltr')
    date_format = fields.Char(string='Date Format', required=True, default=DEFAULT_DATE_FORMAT)
    time_format = fields.Char(string='Time Format', required=True, default=DEFAULT_TIME_FORMAT)
    week_start = fields.Selection([('1', 'Monday'), ('2', 'Tuesday'), ('3', 'Wednesday'), ('4', 'Thursday'),
                                   ('5', 'Friday'), ('6', 'Saturday'), ('7', 'Sunday')],
                                  string='First Day of Week', required=True, default='7')
    grouping = fields.Char(string='Separator Format', required=True, default='[]',
                           help="Digit groups from the units: [3,0] writes 1,234,567; [3,2,-1] writes "
                                "1,06,500 (3, then 2, then no more); [] does not group.")
    decimal_point = fields.Char(string='Decimal Separator', required=True, default='.', trim=False)
    thousands_sep = fields.Char(string='Thousands Separator', default=',', trim=False)

    _sql_constraints = [
        ('name_uniq', 'unique(name)', 'The name of the language must be unique!'),
        ('code_uniq', 'unique(code)', 'The code of the language must be unique!'),
        ('url_code_uniq', 'unique(url_code)', 'The URL code of the language must be unique!'),
    ]

    @api.constrains('grouping')
    def _check_grouping(self):
        for lang in self:
            try:
                values = json.loads(lang.grouping)
            except (TypeError, ValueError):
                values = None
            if not isinstance(values, list) or not all(isinstance(v, int) for v in values):
                raise ValidationError(_(
                    "Invalid separator format %(grouping)r for language %(name)s: write a list of "
                    "integers such as [3,0].", grouping=lang.grouping, name=lang.name))

    # --- CRUD ---
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get('url_code'):
                vals['url_code'] = vals.get('iso_code') or vals.get('code')
        return super().create(vals_list)

    def write(self, vals):
        codes = self.mapped('code')
        if 'code' in vals and any(code != vals['code'] for code in codes):
            raise UserError(_("Language code cannot be modified."))
        if 'active' in vals and not vals['active']:
            Users = self.env['res.users'].sudo().with_context(active_test=False)
            if 'lang' in Users._fields and Users.search_count([('lang', 'in', codes)]):
                raise UserError(_("Cannot deactivate a language that is currently used by users."))
        return super().write(vals)

    def unlink(self):
        for lang in self:
            if lang.code == 'en_US':
                raise UserError(_("Base Language 'en_US' can not be deleted."))
            if lang.code == self.env.context.get('lang'):
                raise UserError(_("You cannot delete the language which is the user's preferred language."))
            if lang.active:
                raise UserError(_("You cannot delete the language which is Active!\n"
                                  "Please de-activate the language first."))
        return super().unlink()

    # --- lookups ---
    @api.model
    def _lang_get_id(self, code):
        return self.with_context(active_test=True).search([('code', '=', code)], limit=1).id

    @api.model
    def _lang_get(self, code):
        """The active language with this code (empty recordset when none)."""
        return self.browse(self._lang_get_id(code))

    @api.model
    def _lang_get_code(self, url_code):
        lang = self.with_context(active_test=True).search([('url_code', '=', url_code)], limit=1)
        return lang.code or url_code

    @api.model
    def _activate_lang(self, code):
        """Activate the language with this code; returns it (empty when unknown)."""
        lang = self.with_context(active_test=False).search([('code', '=', code)], limit=1)
        if lang and not lang.active:
            lang.active = True
        return lang

    @api.model
    def get_installed(self):
        """The active languages as ``[(code, name)]`` sorted by name."""
        langs = self.with_context(active_test=True).search([])
        return sorted(((lang.code, lang.name) for lang in langs), key=lambda pair: pair[1])

    @api.model
    def get_available(self):
        """All languages as ``[(code, url_code, name, active)]`` sorted by name."""
        langs = self.with_context(active_test=False).search([])
        return sorted(((lang.code, lang.url_code, lang.name, lang.active) for lang in langs),
                      key=lambda row: row[2])

    def format(self, percent, value, grouping=False, monetary=False):
        """``percent % value`` with this language's decimal point and, if ``grouping``, digit groups."""
        self.ensure_one()
        if not percent.startswith('%'):
            raise ValueError(_("format() must be given exactly one %char format specifier"))
        formatted = percent % value
        kind = percent[-1]
        if kind in 'eEfFgG':
            integer, dot, decimals = formatted.partition('.')
            if grouping:
                integer = self._group(integer)
            formatted = integer + (self.decimal_point if dot else '') + decimals
        elif kind in 'diu' and grouping:
            formatted = self._group(formatted)
        return formatted

    def _group(self, number):
        sign = ''
        stripped = number.lstrip()
        if stripped[:1] in '-+':
            sign, stripped = stripped[0], stripped[1:]
        pad = number[:len(number) - len(number.lstrip())]
        return pad + sign + group_digits(stripped, json.loads(self.grouping or '[]'), self.thousands_sep or '')
