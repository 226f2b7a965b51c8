"""Field types (addon-api.md §5): empty values, conversions on write, Date/Datetime
helpers, selection validation, field attributes set up by the framework."""
import base64
from datetime import date, datetime

import pytest

from flectra import fields


@pytest.fixture
def blank(scalar_factory):
    """A test.orm.scalar created without any value."""
    return scalar_factory()


# ---------------------------------------------------------------- empty values

@pytest.mark.parametrize('name, expected', [
    ('bool_field', False),
    ('char_field', False),
    ('text_field', False),
    ('html_field', False),
    ('date_field', False),
    ('datetime_field', False),
    ('selection_field', False),
    ('binary_field', False),
])
def test_unset_field_reads_as_false(blank, name, expected):
    """Empty Boolean/Char/Text/Html/Date/Datetime/Selection/Binary read as False."""
    assert blank[name] is expected


def test_unset_integer_reads_as_zero(blank):
    """An empty Integer reads as 0 (an int, not False)."""
    assert blank.int_field == 0
    assert type(blank.int_field) is int


def test_unset_float_reads_as_zero(blank):
    """An empty Float reads as 0.0 (a float)."""
    assert blank.float_field == 0.0
    assert type(blank.float_field) is float


def test_unset_many2one_is_an_empty_recordset_of_the_comodel(blank):
    """An empty Many2one is a falsy recordset of the comodel."""
    assert not blank.tag_id
    assert blank.tag_id._name == 'test.orm.tag'
    assert len(blank.tag_id) == 0


def test_unset_x2many_is_an_empty_recordset_of_the_comodel(order_factory):
    """An empty One2many/Many2many is a falsy recordset of the comodel."""
    order = order_factory()
    assert not order.line_ids and order.line_ids._name == 'test.orm.line'
    assert not order.tag_ids and order.tag_ids._name == 'test.orm.tag'


def test_writing_false_empties_a_field(scalar_factory, tag_factory):
    """Writing False clears Char, Date and Many2one values."""
    rec = scalar_factory(char_field='x', date_field='2026-01-01', tag_id=tag_factory().id)
    rec.write({'char_field': False, 'date_field': False, 'tag_id': False})
    assert rec.char_field is False
    assert rec.date_field is False
    assert not rec.tag_id


# ---------------------------------------------------------------- conversions

def test_boolean_round_trip(scalar_factory):
    """Boolean stores True/False."""
    rec = scalar_factory(bool_field=True)
    assert rec.bool_field is True
    rec.bool_field = False
    assert rec.bool_field is False


def test_integer_accepts_a_numeric_string(blank):
    """Integer converts its input with int()."""
    blank.int_field = '7'
    assert blank.int_field == 7


def test_float_is_rounded_to_its_digits(blank):
    """Float(digits=(16, 2)) rounds written values to 2 decimals; without digits no rounding."""
    blank.write({'float_field': 1.236, 'float_raw': 1.23456})
    assert blank.float_field == 1.24
    assert blank.float_raw == 1.23456


def test_char_converts_non_strings_to_text(blank):
    """Char stores str(value)."""
    blank.char_field = 42
    assert blank.char_field == '42'


def test_char_size_truncates(blank):
    """Char(size=5) keeps the first 5 characters."""
    blank.char_short = 'abcdefgh'
    assert blank.char_short == 'abcde'


def test_text_keeps_newlines(blank):
    """Text keeps multi-line content as written."""
    blank.text_field = 'line 1\nline 2\n'
    assert blank.text_field == 'line 1\nline 2\n'


def test_html_is_sanitized(blank):
    """Html(sanitize=True) (the default) drops <script> but keeps harmless markup."""
    blank.html_field = '<p>hello <b>world</b></p><script>alert(1)</script>'
    assert '<p>hello <b>world</b></p>' in blank.html_field
    assert '<script' not in blank.html_field
    assert 'alert(1)' not in blank.html_field


def test_date_accepts_a_string_and_reads_a_date(blank):
    """Date accepts 'YYYY-MM-DD' and reads a datetime.date."""
    blank.date_field = '2026-01-31'
    assert blank.date_field == date(2026, 1, 31)
    assert type(blank.date_field) is date


def test_date_accepts_a_date_and_a_datetime(blank):
    """Date accepts date objects; a datetime is truncated to its date."""
    blank.date_field = date(2026, 3, 4)
    assert blank.date_field == date(2026, 3, 4)
    blank.date_field = datetime(2026, 5, 6, 23, 59, 59)
    assert blank.date_field == date(2026, 5, 6)
    assert type(blank.date_field) is date


def test_datetime_accepts_a_string_and_reads_a_naive_datetime(blank):
    """Datetime accepts 'YYYY-MM-DD HH:MM:SS' and reads a naive datetime."""
    blank.datetime_field = '2026-01-31 10:20:30'
    assert blank.datetime_field == datetime(2026, 1, 31, 10, 20, 30)
    assert blank.datetime_field.tzinfo is None


def test_datetime_accepts_a_date_as_midnight(blank):
    """A date written to a Datetime becomes midnight of that day."""
    blank.datetime_field = date(2026, 1, 31)
    assert blank.datetime_field == datetime(2026, 1, 31, 0, 0, 0)


@pytest.mark.parametrize('name', ['date_field', 'datetime_field'])
def test_unparsable_date_string_raises_value_error(blank, name):
    """A string that is not a date is refused with ValueError."""
    with pytest.raises(ValueError):
        blank.write({name: 'not a date'})


def test_selection_accepts_a_declared_key(blank):
    """Selection stores a declared key."""
    blank.selection_field = 'b'
    assert blank.selection_field == 'b'


def test_selection_rejects_an_unknown_key_on_write(blank):
    """Writing an undeclared key raises ValueError 'Wrong value for <model>.<field>: ...'."""
    with pytest.raises(ValueError, match=r'Wrong value for test\.orm\.scalar\.selection_field'):
        blank.write({'selection_field': 'zzz'})


def test_selection_rejects_an_unknown_key_on_create(env):
    """create() validates selection values too."""
    with pytest.raises(ValueError, match='Wrong value'):
        env['test.orm.scalar'].create({'selection_field': 'nope'})


def test_binary_stores_base64(blank):
    """Binary(attachment=False) reads back the base64 value written."""
    payload = base64.b64encode(b'hello binary')
    blank.binary_field = payload
    value = blank.binary_field
    assert base64.b64decode(value) == b'hello binary'


def test_binary_in_attachment_stores_base64(blank):
    """Binary() (attachment=True by default) reads back the base64 value written."""
    payload = base64.b64encode(b'attached bytes')
    blank.binary_attachment = payload
    assert base64.b64decode(blank.binary_attachment) == b'attached bytes'


def test_many2one_accepts_an_id_or_a_record(blank, tag_factory):
    """Many2one accepts an id in write() and a record by assignment."""
    t1, t2 = tag_factory(), tag_factory()
    blank.write({'tag_id': t1.id})
    assert blank.tag_id == t1
    blank.tag_id = t2
    assert blank.tag_id == t2


# ---------------------------------------------------------------- Date / Datetime helpers

def test_date_today_is_todays_date():
    """fields.Date.today() is a date equal to date.today()."""
    today = fields.Date.today()
    assert type(today) is date
    assert today == date.today()


def test_date_to_date_and_to_string():
    """Date.to_date parses 'YYYY-MM-DD'; to_string formats it back; falsy gives None/False."""
    assert fields.Date.to_date('2026-01-31') == date(2026, 1, 31)
    assert fields.Date.to_string(date(2026, 1, 31)) == '2026-01-31'
    assert fields.Date.to_date(False) is None


def test_datetime_now_is_naive_without_microseconds():
    """fields.Datetime.now() is naive UTC with microsecond 0."""
    now = fields.Datetime.now()
    assert isinstance(now, datetime)
    assert now.tzinfo is None
    assert now.microsecond == 0
    assert abs((datetime.utcnow() - now).total_seconds()) < 120


def test_datetime_to_datetime_and_to_string():
    """Datetime.to_datetime parses 'YYYY-MM-DD HH:MM:SS'; to_string formats it back."""
    assert fields.Datetime.to_datetime('2026-01-31 10:20:30') == datetime(2026, 1, 31, 10, 20, 30)
    assert fields.Datetime.to_string(datetime(2026, 1, 31, 10, 20, 30)) == '2026-01-31 10:20:30'
    assert fields.Datetime.to_datetime(False) is None


def test_context_today_uses_the_context_timezone(blank):
    """Date.context_today(record, timestamp) gives the date in the context's tz."""
    rec = blank.with_context(tz='Asia/Shanghai')
    assert fields.Date.context_today(rec, timestamp=datetime(2026, 1, 31, 20, 0)) == date(2026, 2, 1)
    rec_utc = blank.with_context(tz='UTC')
    assert fields.Date.context_today(rec_utc, timestamp=datetime(2026, 1, 31, 20, 0)) == date(2026, 1, 31)


def test_context_timestamp_converts_utc_to_the_context_timezone(blank):
    """Datetime.context_timestamp(record, utc_dt) is aware, in the context's tz."""
    rec = blank.with_context(tz='Asia/Shanghai')
    local = fields.Datetime.context_timestamp(rec, datetime(2026, 1, 31, 20, 0))
    assert local.tzinfo is not None
    assert (local.year, local.month, local.day, local.hour) == (2026, 2, 1, 4)


# ---------------------------------------------------------------- field set-up

def test_default_string_is_derived_from_the_name(env):
    """Without string=, the label drops _id/_ids, replaces _ by space and title-cases."""
    Order = env['test.orm.order']
    assert Order._fields['partner_id'].string == 'Partner'
    assert Order._fields['tag_ids'].string == 'Tag'
    assert Order._fields['date_order'].string == 'Date Order'
    assert Order._fields['line_ids'].string == 'Lines'


def test_computed_field_defaults(env):
    """A computed field is not stored and readonly unless it has an inverse."""
    Order = env['test.orm.order']
    Line = env['test.orm.line']
    assert not Order._fields['line_count'].store
    assert Order._fields['line_count'].readonly
    assert Order._fields['total'].store
    assert not Line._fields['amount_cents'].store
    assert not Line._fields['amount_cents'].readonly


def test_related_field_defaults(env):
    """A related field is readonly and not stored unless store=True."""
    Order = env['test.orm.order']
    assert not Order._fields['partner_email'].store
    assert Order._fields['partner_email'].readonly
    assert Order._fields['partner_name'].store


def test_copy_defaults(env):
    """copy is True for plain fields, False for one2many, computed fields and `state`."""
    Order = env['test.orm.order']
    assert Order._fields['name'].copy
    assert Order._fields['tag_ids'].copy
    assert not Order._fields['line_ids'].copy
    assert not Order._fields['total'].copy
    assert not Order._fields['state'].copy
    assert not Order._fields['reference'].copy


def test_default_many2many_relation_names(env):
    """Default m2m table: <tableA>_<tableB>_rel (sorted), columns <table>_id."""
    field = env['test.orm.order']._fields['tag_ids']
    assert field.relation == 'test_orm_order_test_orm_tag_rel'
    assert field.column1 == 'test_orm_order_id'
    assert field.column2 == 'test_orm_tag_id'


def test_explicit_many2many_relation_names(env):
    """Explicit relation/column1/column2 are kept."""
    field = env['test.orm.tag']._fields['related_tag_ids']
    assert (field.relation, field.column1, field.column2) == ('test_orm_tag_related_rel', 'tag_id', 'related_id')


def test_many2one_ondelete_is_kept(env):
    """The declared ondelete policies are visible on the fields."""
    assert env['test.orm.line']._fields['order_id'].ondelete == 'cascade'
    assert env['test.orm.order']._fields['partner_id'].ondelete == 'set null'
    assert env['test.orm.order']._fields['category_id'].ondelete == 'restrict'


def test_automatic_fields_exist(env):
    """Every model has id, display_name, create_uid, create_date, write_uid, write_date."""
    Order = env['test.orm.order']
    for name in ('id', 'display_name', 'create_uid', 'create_date', 'write_uid', 'write_date'):
        assert name in Order._fields, name


def test_selection_given_by_method_name(env, blank):
    """Selection('_method') takes its values from the model method; others are refused."""
    desc = env['test.orm.scalar'].fields_get(['selection_method'])['selection_method']
    assert [list(item) for item in desc['selection']] == [['low', 'Low'], ['high', 'High']]
    blank.selection_method = 'high'
    assert blank.selection_method == 'high'
    with pytest.raises(ValueError, match='Wrong value'):
        blank.write({'selection_method': 'medium'})


def test_many2one_ondelete_defaults_to_set_null_when_not_required(env):
    """A non-required Many2one without ondelete= gets 'set null'."""
    assert env['test.orm.order']._fields['responsible_id'].ondelete == 'set null'


def test_readonly_fields_are_writable_from_code(order_factory):
    """readonly is a UI attribute: write() from code changes the value."""
    order = order_factory()
    order.write({'reference': 'CODE-REF'})
    assert order.reference == 'CODE-REF'


def test_date_arithmetic_helpers():
    """fields.Date.add/subtract/start_of/end_of (date_utils)."""
    assert fields.Date.add(date(2026, 1, 31), months=1) == date(2026, 2, 28)
    assert fields.Date.subtract(date(2026, 3, 1), days=1) == date(2026, 2, 28)
    assert fields.Date.start_of(date(2026, 5, 17), 'month') == date(2026, 5, 1)
    assert fields.Date.end_of(date(2026, 5, 17), 'month') == date(2026, 5, 31)
    assert fields.Date.start_of(date(2026, 5, 17), 'year') == date(2026, 1, 1)


def test_datetime_start_and_end_of_day():
    """fields.Datetime.start_of/end_of(dt, 'day') give 00:00:00 and 23:59:59.999999."""
    dt = datetime(2026, 5, 17, 13, 45, 10)
    assert fields.Datetime.start_of(dt, 'day') == datetime(2026, 5, 17, 0, 0, 0)
    assert fields.Datetime.end_of(dt, 'day') == datetime(2026, 5, 17, 23, 59, 59, 999999)
