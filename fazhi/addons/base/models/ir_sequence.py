"""Numbered references (``FY2026-00001``) that never repeat, even under concurrent transactions.

Two implementations, as in Flectra:

- ``standard``: fast, may leave gaps (a number drawn by a transaction that rolls back is lost).
  On PostgreSQL every sequence record owns a database sequence ``ir_sequence_<id>`` read with
  ``nextval``, which is outside transactions and never hands out a number twice.
- ``no_gap``: the counter lives in the row; drawing a number locks the row until commit, so
  numbers are consecutive but concurrent drawers wait for each other.

On SQLite both use the row counter, incremented by one ``UPDATE … RETURNING`` statement:
SQLite lets one writer at a time into the database, so that statement is race-free.
"""
import logging
from datetime import date, datetime, timedelta

import pytz

from flectra import api, fields, models, _
from flectra.exceptions import UserError

_logger = logging.getLogger(__name__)

#: interpolation keys of prefix/suffix → strftime directive
_DATE_KEYS = {
    'year': '%Y', 'month': '%m', 'day': '%d', 'y': '%y', 'doy': '%j', 'woy': '%W',
    'weekday': '%w', 'h24': '%H', 'h12': '%I', 'min': '%M', 'sec': '%S',
}


def _is_postgres(cr):
    return cr.dialect.name == 'postgresql'


def _pg_seq_name(*ids):
    """``ir_sequence_001`` / ``ir_sequence_001_002``: built from integers only, safe in SQL text."""
    return 'ir_sequence_' + '_'.join('%03d' % int(i) for i in ids)


def _pg_create_sequence(cr, name, number_increment, number_next):
    if not number_increment:
        raise UserError(_("Step must not be zero."))
    cr.execute('CREATE SEQUENCE "%s" INCREMENT BY %%s START WITH %%s' % name,
               (number_increment, number_next))


def _pg_drop_sequences(cr, names):
    if names:
        cr.execute('DROP SEQUENCE IF EXISTS %s RESTRICT' % ', '.join('"%s"' % n for n in names))


def _pg_sequence_exists(cr, name):
    cr.execute("SELECT 1 FROM pg_class WHERE relkind = 'S' AND relname = %s", (name,))
    return bool(cr.fetchone())


def _pg_alter_sequence(cr, name, number_increment=None, number_next=None):
    if number_increment is not None and not number_increment:
        raise UserError(_("Step must not be zero."))
    if not _pg_sequence_exists(cr, name):
        return
    clauses, params = [], []
    if number_increment is not None:
        clauses.append('INCREMENT BY %s')
        params.append(number_increment)
    if number_next is not None:
        clauses.append('RESTART WITH %s')
        params.append(number_next)
    if clauses:
        cr.execute('ALTER SEQUENCE "%s" %s' % (name, ' '.join(clauses)), params)


def _pg_nextval(cr, name):
    cr.execute('SELECT nextval(%s)', (name,))
    return cr.fetchone()[0]


def _pg_predict_nextval(cr, name):
    """The number the next ``nextval`` will return, without consuming it."""
    if not _pg_sequence_exists(cr, name):
        return 0
    cr.execute('SELECT last_value, (SELECT increment_by FROM pg_sequences WHERE sequencename = %%s), '
               'is_called FROM "%s"' % name, (name,))
    last_value, increment_by, is_called = cr.fetchone()
    return last_value + increment_by if is_called else last_value


def _flush(records):
    """Write pending ORM updates of ``records`` before raw SQL reads their rows."""
    env = records.env
    if hasattr(env, 'flush_all'):
        env.flush_all()
    elif hasattr(records, 'flush'):
        records.flush()
    else:
        env.cr.flush()


def _invalidate(records, fnames):
    """Forget cached values the raw SQL below has just changed."""
    if hasattr(records, 'invalidate_recordset'):
        records.invalidate_recordset(fnames)
    elif hasattr(records, 'invalidate_cache'):
        records.invalidate_cache(fnames, records.ids)
    else:
        for fname in fnames:
            records.env.cache.invalidate(records._fields[fname], records.ids)


def _row_counter_next(records, table, number_increment):
    """Return the row's ``number_next`` and advance it by ``number_increment``, atomically.

    PostgreSQL: the row is locked first, so a concurrent drawer waits for our commit.
    SQLite: a single UPDATE … RETURNING; SQLite admits one writer at a time.
    """
    records.ensure_one()
    cr = records.env.cr
    _flush(records)
    if _is_postgres(cr):
        cr.execute('SELECT number_next FROM "%s" WHERE id = %%s FOR UPDATE' % table, (records.id,))
    cr.execute('UPDATE "%s" SET number_next = number_next + %%s WHERE id = %%s '
               'RETURNING number_next - %%s' % table, (number_increment, records.id, number_increment))
    row = cr.fetchone()
    _invalidate(records, ['number_next'])
    if row is None:
        raise UserError(_("Sequence %(name)s no longer exists.", name=records.display_name))
    return row[0]


def _to_datetime(value):
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, datetime.min.time())
    return fields.Datetime.to_datetime(value)


class IrSequence(models.Model):
    """A named counter with a formatted prefix/suffix, drawn by code or by id."""

    _name = 'ir.sequence'
    _description = 'Sequence'
    _order = 'name'

    name = fields.Char(required=True)
    code = fields.Char(string='Sequence Code')
    implementation = fields.Selection(
        [('standard', 'Standard'), ('no_gap', 'No gap')], string='Implementation',
        required=True, default='standard',
        help="'No gap' never skips a number but makes concurrent transactions wait for each "
             "other; 'Standard' is faster and may leave gaps when a transaction is cancelled.")
    active = fields.Boolean(default=True)
    prefix = fields.Char(help="Prefix value of the record for the sequence", trim=False)
    suffix = fields.Char(help="Suffix value of the record for the sequence", trim=False)
    number_next = fields.Integer(string='Next Number', required=True, default=1,
                                 help="Next number of this sequence")
    number_next_actual = fields.Integer(
        compute='_compute_number_next_actual', inverse='_inverse_number_next_actual',
        string='Actual Next Number',
        help="Next number that will be used. It may already be obsolete when displayed.")
    number_increment = fields.Integer(string='Step', required=True, default=1,
                                      help="The next number of the sequence will be incremented by this number")
    padding = fields.Integer(string='Sequence Size', required=True, default=0,
                             help="Numbers are left-padded with '0' up to this size.")
    company_id = fields.Many2one('res.company', string='Company', default=lambda self: self.env.company)
    use_date_range = fields.Boolean(string='Use subsequences per date_range')
    date_range_ids = fields.One2many('ir.sequence.date_range', 'sequence_id', string='Subsequences')

    def _compute_number_next_actual(self):
        for seq in self:
            if not seq.id or not isinstance(seq.id, int):
                seq.number_next_actual = 0
            elif seq.implementation == 'standard' and _is_postgres(self.env.cr):
                seq.number_next_actual = _pg_predict_nextval(self.env.cr, _pg_seq_name(seq.id))
            else:
                seq.number_next_actual = seq.number_next

    def _inverse_number_next_actual(self):
        for seq in self:
            seq.write({'number_next': seq.number_next_actual or 1})

    # --- CRUD: keep the PostgreSQL sequences in step with the records ---
    @api.model_create_multi
    def create(self, vals_list):
        seqs = super().create(vals_list)
        if _is_postgres(self.env.cr):
            for seq in seqs:
                if seq.implementation == 'standard':
                    _pg_create_sequence(self.env.cr, _pg_seq_name(seq.id), seq.number_increment, seq.number_next)
        return seqs

    def write(self, vals):
        carry = self._pg_prepare_write(vals) if _is_postgres(self.env.cr) else {}
        res = super().write(vals)
        for record, number in carry.items():
            record.write({'number_next': number})
        return res

    def _pg_prepare_write(self, vals):
        """Alter, create or drop the PostgreSQL sequences before ``vals`` is written.

        Returns:
            ``{record: number_next}`` for the records leaving 'standard': their counters go back
            into the rows, so switching to 'no_gap' never hands out a number twice.
        """
        cr = self.env.cr
        new_impl = vals.get('implementation')
        carry = {}
        for seq in self:
            increment = vals.get('number_increment', seq.number_increment)
            number_next = vals.get('number_next', seq.number_next)
            ranges = seq.date_range_ids
            if seq.implementation == 'standard':
                if new_impl in (None, 'standard'):
                    if 'number_next' in vals:
                        _pg_alter_sequence(cr, _pg_seq_name(seq.id), number_next=number_next)
                    if increment != seq.number_increment:
                        # keep the next number as it was; PostgreSQL alone would jump by the new step
                        restart = None if 'number_next' in vals else _pg_predict_nextval(cr, _pg_seq_name(seq.id))
                        _pg_alter_sequence(cr, _pg_seq_name(seq.id), number_increment=increment,
                                           number_next=restart)
                        ranges._pg_alter(number_increment=increment)
                else:
                    if 'number_next' not in vals:
                        carry[seq] = _pg_predict_nextval(cr, _pg_seq_name(seq.id)) or seq.number_next
                    for r in ranges:
                        carry[r] = _pg_predict_nextval(cr, _pg_seq_name(seq.id, r.id)) or r.number_next
                    _pg_drop_sequences(cr, [_pg_seq_name(seq.id)] + [_pg_seq_name(seq.id, r.id) for r in ranges])
            elif new_impl == 'standard':
                _pg_create_sequence(cr, _pg_seq_name(seq.id), increment, number_next)
                for r in ranges:
                    _pg_create_sequence(cr, _pg_seq_name(seq.id, r.id), increment, r.number_next)
        return carry

    def unlink(self):
        if _is_postgres(self.env.cr):
            names = [_pg_seq_name(seq.id) for seq in self]
            names += [_pg_seq_name(r.sequence_id.id, r.id) for r in self.mapped('date_range_ids')]
            _pg_drop_sequences(self.env.cr, names)
        return super().unlink()

    # --- drawing numbers ---
    def _next_do(self):
        self.ensure_one()
        if self.implementation == 'standard' and _is_postgres(self.env.cr):
            number = _pg_nextval(self.env.cr, _pg_seq_name(self.id))
        else:
            number = _row_counter_next(self, self._table, self.number_increment)
        return self.get_next_char(number)

    def _interpolation_dict(self, date=None, date_range=None):
        """Values for ``%(key)s`` in prefix/suffix: effective date, range start and now.

        Now is taken in the context's ``tz``, else the user's (the county's year and day, not UTC's:
        a number drawn at 07:00 on 1 January in Shanghai is of the new year); the effective date is ``date`` or
        context ``ir_sequence_date`` when given, the range date ``date_range`` or context
        ``ir_sequence_date_range``.
        """
        tz = pytz.timezone(self.env.context.get('tz') or self.env.user.tz or 'UTC')
        now = pytz.utc.localize(fields.Datetime.now()).astimezone(tz)  # the server clock, shiftable in tests
        effective = range_date = now
        if date or self.env.context.get('ir_sequence_date'):
            effective = _to_datetime(date or self.env.context['ir_sequence_date'])
        if date_range or self.env.context.get('ir_sequence_date_range'):
            range_date = _to_datetime(date_range or self.env.context['ir_sequence_date_range'])
        values = {}
        for key, directive in _DATE_KEYS.items():
            values[key] = effective.strftime(directive)
            values['range_' + key] = range_date.strftime(directive)
            values['current_' + key] = now.strftime(directive)
        return values

    def _get_prefix_suffix(self, date=None, date_range=None):
        self.ensure_one()
        values = self._interpolation_dict(date=date, date_range=date_range)
        try:
            prefix = (self.prefix % values) if self.prefix else ''
            suffix = (self.suffix % values) if self.suffix else ''
        except (ValueError, KeyError, TypeError):
            raise UserError(_("Invalid prefix or suffix for sequence '%s'", self.name))
        return prefix, suffix

    def get_next_char(self, number_next):
        """Format ``number_next`` with this sequence's prefix, padding and suffix."""
        prefix, suffix = self._get_prefix_suffix()
        return '%s%0*d%s' % (prefix, max(self.padding, 0), number_next, suffix)

    def _create_date_range_seq(self, for_date):
        """A subsequence for the calendar year of ``for_date``, shrunk to fit between existing ones."""
        for_date = fields.Date.to_date(for_date)
        date_from = date(for_date.year, 1, 1)
        date_to = date(for_date.year, 12, 31)
        Range = self.env['ir.sequence.date_range']
        later = Range.search([('sequence_id', '=', self.id), ('date_from', '>=', for_date),
                              ('date_from', '<=', date_to)], order='date_from desc', limit=1)
        if later:
            date_to = later.date_from + timedelta(days=-1)
        earlier = Range.search([('sequence_id', '=', self.id), ('date_to', '>=', date_from),
                                ('date_to', '<=', for_date)], order='date_to desc', limit=1)
        if earlier:
            date_from = earlier.date_to + timedelta(days=1)
        return Range.sudo().create({'date_from': date_from, 'date_to': date_to, 'sequence_id': self.id})

    def _next(self, sequence_date=None):
        """Draw the next formatted number of this sequence (or of its subsequence for the date).

        As in Flectra, ``sequence_date`` selects the date range (``range_*`` keys); the plain
        keys use context ``ir_sequence_date`` or now.
        """
        self.ensure_one()
        if not self.use_date_range:
            return self._next_do()
        day = sequence_date or self.env.context.get('ir_sequence_date') or fields.Date.context_today(self)
        day = fields.Date.to_date(day)
        domain = [('sequence_id', '=', self.id), ('date_from', '<=', day), ('date_to', '>=', day)]
        seq_range = self.env['ir.sequence.date_range'].search(domain, limit=1)
        if not seq_range:
            # The first draw of a period creates its range: concurrent first draws would each create
            # one and number from 1 twice. Touching the sequence row serialises them (PostgreSQL: the
            # later one fails to serialise and is retried, then finds the range; SQLite: write lock).
            self.env.cr.execute('UPDATE ir_sequence SET write_date = write_date WHERE id = %s', (self.id,))
            seq_range = self.env['ir.sequence.date_range'].search(domain, limit=1) or \
                self._create_date_range_seq(day)
        return seq_range.with_context(ir_sequence_date_range=seq_range.date_from)._next()

    def _check_may_draw(self):
        """Drawing a number changes the sequence: it needs write access (Flectra asks only for read).

        A number drawn and thrown away is a gap in a gap-free register (a document's 文号); code
        that numbers a record on the user's behalf draws with ``sudo()``.
        """
        if not self.env.su:
            self.check_access_rights('write')

    def next_by_id(self, sequence_date=None):
        """Draw an interpolated string from this sequence."""
        self._check_may_draw()
        return self._next(sequence_date=sequence_date)

    @api.model
    def next_by_code(self, sequence_code, sequence_date=None):
        """Draw from the sequence with this code, the current company's one before a shared one.

        Returns:
            the formatted number, or False when no sequence has that code.
        """
        self._check_may_draw()
        company_id = self.env.company.id
        seqs = self.search([('code', '=', sequence_code), ('company_id', 'in', [company_id, False])],
                           order='company_id')
        if not seqs:
            _logger.debug("No ir.sequence has been found for code '%s'.", sequence_code)
            return False
        return seqs[0]._next(sequence_date=sequence_date)

    @api.model
    def get_id(self, sequence_code_or_id, code_or_id='id'):
        """Deprecated spelling of next_by_id / next_by_code."""
        _logger.warning("ir_sequence.get() and ir_sequence.get_id() are deprecated. "
                        "Please use ir_sequence.next_by_code() or ir_sequence.next_by_id().")
        if code_or_id == 'id':
            return self.browse(sequence_code_or_id).next_by_id()
        return self.next_by_code(sequence_code_or_id)

    @api.model
    def get(self, code):
        """Deprecated spelling of next_by_code."""
        return self.get_id(code, 'code')


class IrSequenceDateRange(models.Model):
    """The counter of one sequence for one period (a year by default)."""

    _name = 'ir.sequence.date_range'
    _description = 'Sequence Date Range'
    _rec_name = 'sequence_id'

    date_from = fields.Date(string='From', required=True)
    date_to = fields.Date(string='To', required=True)
    sequence_id = fields.Many2one('ir.sequence', string='Main Sequence', required=True, ondelete='cascade')
    number_next = fields.Integer(string='Next Number', required=True, default=1,
                                 help="Next number of this sequence")
    number_next_actual = fields.Integer(
        compute='_compute_number_next_actual', inverse='_inverse_number_next_actual',
        string='Actual Next Number',
        help="Next number that will be used. It may already be obsolete when displayed.")

    def _compute_number_next_actual(self):
        for rng in self:
            if (rng.id and isinstance(rng.id, int) and rng.sequence_id.implementation == 'standard'
                    and _is_postgres(self.env.cr)):
                rng.number_next_actual = _pg_predict_nextval(self.env.cr, _pg_seq_name(rng.sequence_id.id, rng.id))
            else:
                rng.number_next_actual = rng.number_next

    def _inverse_number_next_actual(self):
        for rng in self:
            rng.write({'number_next': rng.number_next_actual or 1})

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get('number_next_actual') and not vals.get('number_next'):
                vals['number_next'] = vals['number_next_actual']
        ranges = super().create(vals_list)
        if _is_postgres(self.env.cr):
            for rng in ranges:
                main = rng.sequence_id
                if main.implementation == 'standard':
                    _pg_create_sequence(self.env.cr, _pg_seq_name(main.id, rng.id),
                                        main.number_increment, rng.number_next)
        return ranges

    def write(self, vals):
        if vals.get('number_next') and _is_postgres(self.env.cr):
            self.filtered(lambda r: r.sequence_id.implementation == 'standard')._pg_alter(
                number_next=vals['number_next'])
        return super().write(vals)

    def unlink(self):
        if _is_postgres(self.env.cr):
            _pg_drop_sequences(self.env.cr, [_pg_seq_name(r.sequence_id.id, r.id) for r in self])
        return super().unlink()

    def _pg_alter(self, number_increment=None, number_next=None):
        for rng in self:
            _pg_alter_sequence(self.env.cr, _pg_seq_name(rng.sequence_id.id, rng.id),
                               number_increment=number_increment, number_next=number_next)

    def _next(self):
        self.ensure_one()
        main = self.sequence_id
        if main.implementation == 'standard' and _is_postgres(self.env.cr):
            number = _pg_nextval(self.env.cr, _pg_seq_name(main.id, self.id))
        else:
            number = _row_counter_next(self, self._table, main.number_increment)
        return main.get_next_char(number)


class IrSequenceCounters(models.Model):
    """Counters as plain numbers, so a database moved between backends keeps counting."""

    _inherit = 'ir.sequence'

    @api.model
    def _export_counters(self):
        """``{('ir.sequence'|'ir.sequence.date_range', id): next number}`` of every counter."""
        counters = {}
        for seq in self.with_context(active_test=False).search([]):
            counters[('ir.sequence', seq.id)] = seq.number_next_actual or seq.number_next
        for rng in self.env['ir.sequence.date_range'].search([]):
            counters[('ir.sequence.date_range', rng.id)] = rng.number_next_actual or rng.number_next
        return counters

    @api.model
    def _rebuild_counters(self):
        """After rows were copied in raw: recreate PostgreSQL sequences from ``number_next``."""
        cr = self.env.cr
        if not _is_postgres(cr):
            return
        cr.execute("SELECT relname FROM pg_class WHERE relkind = 'S' AND relname ~ %s",
                   ('^ir_sequence_[0-9]+(_[0-9]+)?$',))
        _pg_drop_sequences(cr, [row[0] for row in cr.fetchall()])
        cr.execute("SELECT id, number_next, number_increment FROM ir_sequence WHERE implementation = 'standard'")
        for seq_id, number_next, increment in cr.fetchall():
            _pg_create_sequence(cr, _pg_seq_name(seq_id), increment, number_next)
        cr.execute("SELECT r.id, r.sequence_id, r.number_next, s.number_increment FROM ir_sequence_date_range r "
                   "JOIN ir_sequence s ON s.id = r.sequence_id WHERE s.implementation = 'standard'")
        for rng_id, seq_id, number_next, increment in cr.fetchall():
            _pg_create_sequence(cr, _pg_seq_name(seq_id, rng_id), increment, number_next)
