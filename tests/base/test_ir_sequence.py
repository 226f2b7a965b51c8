"""ir.sequence: formatted numbers drawn by code or id, never repeated (addon-api.md §14)."""
import datetime

import pytest

from flectra.exceptions import AccessError, UserError
from flectra.tests import new_test_user


@pytest.fixture
def seq_factory(env):
    def make(**vals):
        vals.setdefault('name', 'Test sequence')
        vals.setdefault('code', 'test.seq.code')
        return env['ir.sequence'].create(vals)
    return make


def test_next_by_code_formats_prefix_padding_and_counts_up(env, seq_factory):
    """Prefix FY%(year)s- with padding 5 gives FY<year>-00001, then 00002."""
    seq_factory(prefix='FY%(year)s-', padding=5)
    year = datetime.datetime.utcnow().year
    Seq = env['ir.sequence']
    assert Seq.next_by_code('test.seq.code') == 'FY%d-00001' % year
    assert Seq.next_by_code('test.seq.code') == 'FY%d-00002' % year


def test_unknown_code_returns_false(env):
    assert env['ir.sequence'].next_by_code('no.such.code') is False


def test_next_by_id_and_suffix_and_increment(env, seq_factory):
    """number_next and number_increment drive the numbers; suffix is appended."""
    seq = seq_factory(number_next=10, number_increment=5, suffix='/X', padding=3)
    assert seq.next_by_id() == '010/X'
    assert seq.next_by_id() == '015/X'
    assert seq.number_next_actual == 20


@pytest.mark.parametrize('implementation', ['standard', 'no_gap'])
def test_both_implementations_never_repeat(env, seq_factory, implementation):
    seq = seq_factory(implementation=implementation)
    numbers = [seq.next_by_id() for _i in range(20)]
    assert numbers == [str(n) for n in range(1, 21)]
    assert seq.number_next_actual == 21


@pytest.mark.parametrize('implementation', ['standard', 'no_gap'])
def test_write_number_next_restarts(env, seq_factory, implementation):
    """Writing number_next (or number_next_actual) restarts the counter there."""
    seq = seq_factory(implementation=implementation)
    seq.next_by_id()
    seq.write({'number_next': 100})
    assert seq.next_by_id() == '100'
    seq.number_next_actual = 7
    assert seq.next_by_id() == '7'


def test_change_increment(env, seq_factory):
    seq = seq_factory()
    assert seq.next_by_id() == '1'
    seq.write({'number_increment': 10})
    assert seq.next_by_id() == '2'
    assert seq.next_by_id() == '12'


def test_switch_implementation_keeps_counting(env, seq_factory):
    seq = seq_factory(implementation='no_gap')
    assert seq.next_by_id() == '1'
    seq.write({'implementation': 'standard'})
    assert seq.next_by_id() == '2'
    seq.write({'implementation': 'no_gap'})
    assert seq.next_by_id() == '3'


def test_invalid_prefix_raises_user_error(env, seq_factory):
    seq = seq_factory(name='Broken', prefix='%(nope)s-')
    with pytest.raises(UserError, match="Invalid prefix or suffix for sequence 'Broken'"):
        seq.next_by_id()
    seq2 = seq_factory(name='Broken2', code='other', suffix='%(year)')
    with pytest.raises(UserError, match="Broken2"):
        seq2.next_by_id()


def test_interpolation_keys(env, seq_factory):
    """Every key exists as plain, range_ and current_; ir_sequence_date sets the plain ones."""
    keys = ['year', 'month', 'day', 'y', 'doy', 'woy', 'weekday', 'h24', 'h12', 'min', 'sec']
    prefix = '|'.join('%%(%s)s' % k for k in keys) + '|' + '|'.join('%%(current_%s)s' % k for k in keys)
    seq = seq_factory(prefix=prefix + '|%(range_year)s#')
    result = seq.with_context(ir_sequence_date='2024-02-29 13:05:09').next_by_id()
    plain = result.split('|')[:len(keys)]
    assert plain == ['2024', '02', '29', '24', '060', '09', '4', '13', '01', '05', '09']
    assert result.endswith('#1')


def test_current_date_uses_context_timezone(env, seq_factory):
    """%(current_day)s is today in the context tz, not in UTC."""
    seq = seq_factory(prefix='%(current_year)s-%(current_month)s-%(current_day)s/')
    import pytz
    tz = 'Asia/Shanghai'
    today = datetime.datetime.now(pytz.timezone(tz)).strftime('%Y-%m-%d')
    assert seq.with_context(tz=tz).next_by_id() == today + '/1'


def test_current_date_follows_server_clock(env, seq_factory):
    """Interpolated dates use the server clock (fazhi.tools.clock), so tests can move time."""
    from fazhi.tools import clock
    seq = seq_factory(prefix='%(year)s-')
    clock.set_offset(400 * 86400)
    expected = (datetime.datetime.utcnow() + datetime.timedelta(days=400)).year
    assert seq.next_by_id() == '%d-1' % expected


def test_company_specific_sequence_wins(env, seq_factory):
    """next_by_code prefers the current company's sequence over a shared one."""
    seq_factory(prefix='SHARED-', company_id=False)
    seq_factory(prefix='OWN-', company_id=env.company.id)
    assert env['ir.sequence'].next_by_code('test.seq.code') == 'OWN-1'


def test_date_range_subsequences_restart_each_year(env, seq_factory):
    """With use_date_range each year gets its own counter; range_year comes from the range."""
    seq = seq_factory(prefix='%(range_year)s/', use_date_range=True, padding=2)
    Seq = env['ir.sequence']
    assert Seq.next_by_code('test.seq.code', sequence_date='2025-03-01') == '2025/01'
    assert Seq.next_by_code('test.seq.code', sequence_date='2025-12-31') == '2025/02'
    assert Seq.next_by_code('test.seq.code', sequence_date=datetime.date(2026, 1, 1)) == '2026/01'
    ranges = seq.date_range_ids.sorted('date_from')
    assert [(r.date_from, r.date_to) for r in ranges] == [
        (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
        (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
    ]
    assert ranges[0].number_next_actual == 3


@pytest.mark.parametrize('implementation', ['standard', 'no_gap'])
def test_date_range_counter(env, seq_factory, implementation):
    seq = seq_factory(use_date_range=True, implementation=implementation, number_increment=2)
    assert seq.next_by_id(sequence_date='2030-06-01') == '1'
    assert seq.next_by_id(sequence_date='2030-06-02') == '3'
    rng = seq.date_range_ids
    rng.write({'number_next': 50})
    assert seq.next_by_id(sequence_date='2030-06-03') == '50'


def test_unlink_sequence(env, seq_factory):
    seq = seq_factory(use_date_range=True)
    seq.next_by_id(sequence_date='2030-06-01')
    seq.unlink()
    assert env['ir.sequence'].next_by_code('test.seq.code') is False


def test_internal_user_may_neither_draw_nor_edit(env, seq_factory):
    """group_user reads sequences but cannot modify them, nor draw a number (a drawn number is
    spent: a gap in a gap-free register); code numbering on the user's behalf draws with sudo()."""
    seq = seq_factory(prefix='U-')
    user = new_test_user(env, login='seq_user', groups='base.group_user')
    assert env['ir.sequence'].with_user(user).search([('code', '=', 'test.seq.code')]) == seq
    with pytest.raises(AccessError):
        env['ir.sequence'].with_user(user).next_by_code('test.seq.code')
    with pytest.raises(AccessError):
        seq.with_user(user).next_by_id()
    with pytest.raises(AccessError):
        seq.with_user(user).write({'prefix': 'X-'})
    assert env['ir.sequence'].with_user(user).sudo().next_by_code('test.seq.code') == 'U-1'


def test_user_without_access_cannot_draw(env, seq_factory):
    seq_factory()
    portal = new_test_user(env, login='seq_portal', groups='base.group_portal')
    with pytest.raises(AccessError):
        env['ir.sequence'].with_user(portal).next_by_code('test.seq.code')


def test_postgres_sequence_follows_record(env, seq_factory):
    """On PostgreSQL a standard sequence owns a database sequence, created/dropped with it."""
    if env.cr.dialect.name != 'postgresql':
        pytest.skip('PostgreSQL only')
    seq = seq_factory()
    name = 'ir_sequence_%03d' % seq.id
    env.cr.execute("SELECT 1 FROM pg_class WHERE relkind = 'S' AND relname = %s", [name])
    assert env.cr.fetchone()
    seq.unlink()
    env.cr.execute("SELECT 1 FROM pg_class WHERE relkind = 'S' AND relname = %s", [name])
    assert env.cr.fetchone() is None


@pytest.mark.parametrize('implementation', ['standard', 'no_gap'])
def test_concurrent_transactions_never_share_a_number(env, implementation):
    """Several transactions drawing at once get distinct numbers (a loser retries, as RPC does)."""
    import random
    import threading
    import time
    import uuid

    from fazhi.orm.api import Environment, SUPERUSER_ID
    from fazhi.sql import ConcurrencyError

    backend, dbname = env.cr.backend, env.cr.dbname
    code = 'test.concurrent.%s' % uuid.uuid4().hex

    def in_transaction(func):
        cr = backend.cursor(dbname)
        try:
            result = func(Environment(cr, SUPERUSER_ID, {}))
            cr.commit()
            return result
        finally:
            cr.rollback()
            cr.transaction = None
            cr.close()

    seq_id = in_transaction(lambda e: e['ir.sequence'].create(
        {'name': 'Concurrent', 'code': code, 'implementation': implementation}).id)
    drawn, failures = [], []
    start = threading.Barrier(4)

    def worker():
        try:
            start.wait()
            for _i in range(10):
                for attempt in range(200):
                    try:
                        drawn.append(in_transaction(lambda e: e['ir.sequence'].next_by_code(code)))
                        break
                    except ConcurrencyError:
                        time.sleep(random.random() * 0.01 * min(attempt + 1, 10))
                else:
                    failures.append('gave up after 200 attempts')
        except Exception as exc:  # reported by the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=worker) for _i in range(4)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        assert not failures
        assert len(drawn) == 40
        assert len(set(drawn)) == 40
        if implementation == 'no_gap':
            assert sorted(int(n) for n in drawn) == list(range(1, 41))
    finally:
        in_transaction(lambda e: e['ir.sequence'].browse(seq_id).unlink())
