"""ir.cron: scheduled server actions, run when due, by priority, as their user (addon-api.md §15)."""
import datetime

import pytest
from dateutil.relativedelta import relativedelta

from flectra import fields
from flectra.exceptions import AccessError
from flectra.tests import new_test_user

NOW = datetime.datetime(2026, 3, 10, 8, 0, 0)
LOG = "env['ir.config_parameter'].sudo().set_param('cron.log', (env['ir.config_parameter'].sudo().get_param('cron.log') or '') + %r)"


def _log(env):
    return env['ir.config_parameter'].sudo().get_param('cron.log') or ''


@pytest.fixture
def cron_factory(env):
    model = env['ir.model'].search([('model', '=', 'res.partner')])

    def make(tag='A', **vals):
        vals.setdefault('name', 'Cron %s' % tag)
        vals.setdefault('model_id', model.id)
        vals.setdefault('code', LOG % tag)
        vals.setdefault('interval_number', 1)
        vals.setdefault('interval_type', 'days')
        vals.setdefault('numbercall', -1)
        vals.setdefault('nextcall', NOW - relativedelta(hours=1))
        vals.setdefault('user_id', env.ref('base.user_root').id)
        return env['ir.cron'].create(vals)
    return make


def test_defaults_and_delegation(env, cron_factory):
    """A cron is a server action: name/model/code live on ir.actions.server, usage ir_cron, state code."""
    cron = cron_factory()
    action = cron.ir_actions_server_id
    assert action and action.name == 'Cron A' and cron.cron_name == 'Cron A'
    assert action.usage == 'ir_cron' and action.state == 'code'
    fresh = env['ir.cron'].create({'name': 'Defaults', 'model_id': cron.model_id.id, 'code': 'pass'})
    assert (fresh.interval_number, fresh.interval_type, fresh.numbercall, fresh.priority) == (1, 'months', 1, 5)
    assert fresh.active and fresh.user_id == env.user and fresh.nextcall


def test_due_jobs_run_by_priority_future_jobs_wait(env, cron_factory):
    cron_factory('L', priority=9)
    cron_factory('H', priority=0)
    cron_factory('F', nextcall=NOW + relativedelta(minutes=1))
    done = env['ir.cron']._run_due_jobs(now=NOW)
    assert _log(env) == 'HL'
    assert len(done) == 2


def test_nextcall_advanced_by_interval(env, cron_factory):
    cron = cron_factory(interval_type='hours', interval_number=6, nextcall=NOW - relativedelta(hours=1))
    env['ir.cron']._run_due_jobs(now=NOW)
    assert cron.nextcall == NOW + relativedelta(hours=5)
    assert cron.lastcall == NOW


def test_months_interval(env, cron_factory):
    cron = cron_factory(interval_type='months', nextcall=datetime.datetime(2026, 1, 31, 1, 0))
    env['ir.cron']._run_due_jobs(now=datetime.datetime(2026, 2, 1))
    assert cron.nextcall == datetime.datetime(2026, 2, 28, 1, 0)


def test_missed_occurrences_run_once_unless_doall(env, cron_factory):
    late = cron_factory('x', nextcall=NOW - relativedelta(days=3, hours=1))
    env['ir.cron']._run_due_jobs(now=NOW)
    assert _log(env) == 'x'
    assert late.nextcall == NOW + relativedelta(hours=23)
    assert late.numbercall == -1


def test_doall_runs_every_missed_occurrence_within_numbercall(env, cron_factory):
    cron_factory('y', doall=True, nextcall=NOW - relativedelta(days=3, hours=1))
    limited = cron_factory('z', doall=True, numbercall=2, nextcall=NOW - relativedelta(days=3, hours=1))
    env['ir.cron']._run_due_jobs(now=NOW)
    assert sorted(_log(env)) == sorted('yyyyzz')
    assert limited.numbercall == 0 and not limited.active


def test_numbercall_decrements_and_deactivates(env, cron_factory):
    cron = cron_factory(numbercall=2)
    env['ir.cron']._run_due_jobs(now=NOW)
    assert cron.numbercall == 1 and cron.active
    env['ir.cron']._run_due_jobs(now=NOW + relativedelta(days=1))
    assert cron.numbercall == 0 and not cron.active
    env['ir.cron']._run_due_jobs(now=NOW + relativedelta(days=5))
    assert _log(env) == 'AA'


def test_inactive_and_exhausted_jobs_do_not_run(env, cron_factory):
    cron_factory('i', active=False)
    cron_factory('e', numbercall=0)
    assert env['ir.cron']._run_due_jobs(now=NOW) == []
    assert _log(env) == ''


def test_failing_job_is_rolled_back_and_others_still_run(env, cron_factory):
    bad = cron_factory('B', priority=1, code=(LOG % 'B') + "\nraise UserError('boom')")
    cron_factory('G', priority=2)
    env['ir.cron']._run_due_jobs(now=NOW)
    assert _log(env) == 'G'  # B's write was undone with its savepoint
    assert bad.nextcall > NOW  # still rescheduled


def test_job_runs_as_its_user(env, cron_factory):
    """The code sees env/user of user_id (who needs write access on the action's model)."""
    user = new_test_user(env, login='cron_runner', groups='base.group_user')
    attachment_model = env['ir.model'].search([('model', '=', 'ir.attachment')])
    cron_factory(code="env['ir.config_parameter'].sudo().set_param('cron.log', user.login + ':' + str(env.uid))",
                 user_id=user.id, model_id=attachment_model.id)
    env['ir.cron']._run_due_jobs(now=NOW)
    assert _log(env) == 'cron_runner:%d' % user.id


def test_user_without_write_access_on_model_does_not_run(env, cron_factory):
    user = new_test_user(env, login='cron_weak', groups='base.group_user')
    config_model = env['ir.model'].search([('model', '=', 'ir.config_parameter')])
    cron = cron_factory(user_id=user.id, model_id=config_model.id)
    env['ir.cron']._run_due_jobs(now=NOW)
    assert _log(env) == ''
    assert cron.nextcall > NOW


def test_lastcall_in_context(env, cron_factory):
    cron = cron_factory(code="env['ir.config_parameter'].sudo().set_param('cron.log', str(env.context.get('lastcall')))")
    env['ir.cron']._run_due_jobs(now=NOW)
    assert _log(env) in ('False', 'None')
    env['ir.cron']._run_due_jobs(now=NOW + relativedelta(days=1))
    assert _log(env) == str(NOW)
    assert cron.lastcall == NOW + relativedelta(days=1)


def test_method_direct_trigger_runs_now_without_rescheduling(env, cron_factory):
    cron = cron_factory(nextcall=NOW + relativedelta(days=10))
    nextcall = cron.nextcall
    assert cron.method_direct_trigger() is True
    assert _log(env) == 'A'
    assert cron.nextcall == nextcall
    assert cron.lastcall and cron.lastcall <= fields.Datetime.now()


def test_zero_interval_disables_job(env, cron_factory):
    cron = cron_factory(interval_number=0)
    env['ir.cron']._run_due_jobs(now=NOW)
    assert not cron.active and _log(env) == ''


def test_cron_is_for_settings_users_only(env, cron_factory):
    cron = cron_factory()
    user = new_test_user(env, login='cron_plain', groups='base.group_user')
    with pytest.raises(AccessError):
        env['ir.cron'].with_user(user).search([])
    with pytest.raises(AccessError):
        cron.with_user(user).method_direct_trigger()
