"""Scheduled actions: server actions run every N minutes/hours/days/weeks/months.

A cron *is* a server action (``_inherits``) plus a schedule. ``_run_due_jobs()`` runs every
job whose ``nextcall`` has passed, most urgent ``priority`` first, each call inside a savepoint
so one failing job neither stops the others nor loses their work. The queue worker calls it
periodically; tests call it (or ``method_direct_trigger``) directly.
"""
import logging

import pytz
from dateutil.relativedelta import relativedelta

from flectra import api, fields, models, _
from flectra.exceptions import UserError

from fazhi.sql import ConcurrencyError

_logger = logging.getLogger(__name__)

_INTERVALS = {
    'minutes': lambda n: relativedelta(minutes=n),
    'hours': lambda n: relativedelta(hours=n),
    'days': lambda n: relativedelta(days=n),
    'weeks': lambda n: relativedelta(days=7 * n),
    'months': lambda n: relativedelta(months=n),
}


def _flush_all(env):
    if hasattr(env, 'flush_all'):
        env.flush_all()
    else:
        env.cr.flush()


class IrCron(models.Model):
    """A server action with a schedule, run as ``user_id``."""

    _name = 'ir.cron'
    _description = 'Scheduled Actions'
    _order = 'cron_name'
    _inherits = {'ir.actions.server': 'ir_actions_server_id'}

    ir_actions_server_id = fields.Many2one('ir.actions.server', 'Server action',
                                           ondelete='restrict', required=True)
    cron_name = fields.Char('Name', compute='_compute_cron_name', store=True)
    user_id = fields.Many2one('res.users', string='Scheduler User', required=True,
                              default=lambda self: self.env.user)
    active = fields.Boolean(default=True)
    interval_number = fields.Integer(default=1, help="Repeat every x.")
    interval_type = fields.Selection([('minutes', 'Minutes'), ('hours', 'Hours'), ('days', 'Days'),
                                      ('weeks', 'Weeks'), ('months', 'Months')],
                                     string='Interval Unit', default='months')
    numbercall = fields.Integer(string='Number of Calls', default=1,
                                help='How many times the method is called, a negative number indicates no limit.')
    doall = fields.Boolean(string='Repeat Missed',
                           help="Run every missed occurrence, not just one, when the job was late.")
    nextcall = fields.Datetime(string='Next Execution Date', required=True, default=fields.Datetime.now,
                               help="Next planned execution date for this job.")
    lastcall = fields.Datetime(string='Last Execution Date',
                               help="Previous time the cron ran successfully, given to the job in the "
                                    "context key `lastcall`.")
    priority = fields.Integer(default=5,
                              help='The priority of the job, as an integer: 0 means higher priority, '
                                   '10 means lower priority.')

    @api.depends('ir_actions_server_id.name')
    def _compute_cron_name(self):
        for cron in self:
            cron.cron_name = cron.ir_actions_server_id.name

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals['usage'] = 'ir_cron'
            vals.setdefault('state', 'code')  # the only state a cron runs
        return super().create(vals_list)

    # --- running ---
    def method_direct_trigger(self):
        """Run the jobs in ``self`` now, as their users, without touching their schedule."""
        self.check_access_rights('write')
        for cron in self:
            cron._try_lock()
            _logger.info("Manually starting job `%s`.", cron.cron_name)
            cron.ir_actions_server_id.with_user(cron.user_id).with_context(lastcall=cron.lastcall).run()
            _flush_all(self.env)
            _logger.info("Job `%s` done.", cron.cron_name)
            cron.lastcall = fields.Datetime.now()
        return True

    def _try_lock(self):
        """Refuse to run a job another worker is running right now (PostgreSQL row lock)."""
        cr = self.env.cr
        if cr.dialect.name != 'postgresql' or not self.ids:
            return
        try:
            with cr.savepoint():
                cr.execute('SELECT id FROM ir_cron WHERE id IN %s FOR NO KEY UPDATE NOWAIT', [tuple(self.ids)])
        except ConcurrencyError:
            raise UserError(_("This scheduled action is being run by another process right now; "
                              "try again in a moment."))

    @api.model
    def _get_due_jobs(self, now):
        return self.sudo().search([('active', '=', True), ('numbercall', '!=', 0), ('nextcall', '<=', now)],
                                  order='priority, id')

    @api.model
    def _run_due_jobs(self, now=None):
        """Run every active job whose ``nextcall`` is at or before ``now``, by priority.

        Args:
            now: naive UTC datetime; defaults to the current time.

        Returns:
            the ids of the jobs processed.
        """
        now = fields.Datetime.to_datetime(now) if now else fields.Datetime.now()
        processed = []
        for job in self._get_due_jobs(now):
            if not self._acquire_job(job, now):
                _logger.debug("job %s is being processed by another worker, skipped", job.id)
                continue
            self._process_job(job, now)
            processed.append(job.id)
        return processed

    @api.model
    def _acquire_job(self, job, now):
        """Lock ``job`` for this transaction; False when another worker holds or already ran it."""
        cr = self.env.cr
        if cr.dialect.name != 'postgresql':
            return True  # SQLite admits one writing transaction at a time
        try:
            with cr.savepoint():
                cr.execute('SELECT id FROM ir_cron WHERE id = %s AND active AND numbercall != 0 '
                           'AND nextcall <= %s FOR NO KEY UPDATE SKIP LOCKED', [job.id, now])
                return bool(cr.fetchone())
        except ConcurrencyError:
            return False

    @api.model
    def _process_job(self, job, now=None):
        """Run ``job`` once (or once per missed occurrence with ``doall``) and reschedule it.

        Occurrences are counted in the job user's timezone, so "every month at 08:00" stays at
        08:00 local time. ``numbercall`` is decreased by the calls made; the job is deactivated
        when it reaches 0.
        """
        now = now or fields.Datetime.now()
        job = job.sudo()
        schedule = self._next_schedule(job, now)
        if schedule is None:
            return
        calls, vals = schedule
        user_job = job.with_user(job.user_id).with_context(lastcall=job.lastcall, tz=job._job_tz())
        for _call in range(calls):
            user_job._callback(job.cron_name, job.ir_actions_server_id.id, job.id)
        job.write(vals)

    def _job_tz(self):
        """The timezone the job's dates are computed in: its user's, else the company's, else the
        county's default (Asia/Shanghai); never UTC by omission (a "today" 8 hours late)."""
        self.ensure_one()
        user = self.sudo().user_id
        tz = user.tz if 'tz' in user._fields else None
        if not tz and 'partner_id' in user._fields and user.company_id:
            tz = user.company_id.partner_id.tz
        return tz or 'Asia/Shanghai'

    @api.model
    def _next_schedule(self, job, now):
        """(calls owed, values rescheduling ``job`` after them), or None when the job got disabled."""
        job = job.sudo()
        if job.interval_number <= 0:
            _logger.error("Job %s %r has been disabled because its interval number is null or negative.",
                          job.id, job.cron_name)
            job.write({'active': False})
            return None
        tz = pytz.timezone(job._job_tz()) if 'tz' in job.user_id._fields else pytz.utc
        interval = _INTERVALS[job.interval_type](job.interval_number)
        now_local = pytz.utc.localize(now).astimezone(tz)
        next_local = pytz.utc.localize(job.nextcall).astimezone(tz).replace(tzinfo=None)
        missed = 0
        while tz.localize(next_local) <= now_local:
            next_local += interval
            missed += 1
        if not missed or not job.doall:
            calls = 1
        elif job.numbercall < 0:
            calls = missed
        else:
            calls = min(missed, job.numbercall)
        left = job.numbercall - calls if job.numbercall > 0 else job.numbercall  # negative: unlimited
        return calls, {
            'nextcall': tz.localize(next_local).astimezone(pytz.utc).replace(tzinfo=None),
            'numbercall': left,
            'lastcall': now,
            'active': job.active and left != 0,
        }

    @api.model
    def _claim_due_job(self, job_id, now):
        """Reschedule job ``job_id`` now if it is due, in this (short) transaction, before it runs.

        The queue's cron tick commits this claim, then runs the job in a transaction of its own
        (``fazhi.queue.jobs.cron_tick``): two ticks racing (two beats) cannot both claim the same
        occurrence, and a job that commits as it goes (the mail and SMS queues) is never rolled
        back by the tick. A worker killed mid-job loses that occurrence; the next one catches up.

        Returns the run as a dict (calls, user_id, server_action_id, lastcall, name, tz) or None.
        """
        cr = self.env.cr
        if cr.dialect.name == 'postgresql':
            try:
                with cr.savepoint():
                    cr.execute('SELECT id FROM ir_cron WHERE id = %s AND active AND numbercall != 0 '
                               'AND nextcall <= %s FOR NO KEY UPDATE SKIP LOCKED', [job_id, now])
                    if not cr.fetchone():
                        return None
            except ConcurrencyError:
                return None   # changed by a tick that committed since our snapshot: it ran it
        else:
            # take SQLite's single write lock before reading, so a second tick sees our nextcall
            cr.execute('UPDATE ir_cron SET active = active WHERE id = %s', [job_id])
        job = self.sudo().browse(job_id)
        if not job.exists() or not job.active or job.numbercall == 0 or job.nextcall > now:
            return None
        lastcall = job.lastcall
        schedule = self._next_schedule(job, now)
        if schedule is None:
            return None
        calls, vals = schedule
        job.write(vals)
        return {'calls': calls, 'user_id': job.user_id.id, 'server_action_id': job.ir_actions_server_id.id,
                'lastcall': lastcall, 'name': job.cron_name, 'tz': job._job_tz()}

    def _callback(self, cron_name, server_action_id, job_id):
        """Run the job's server action in a savepoint; a failure is logged and rolled back, not raised.

        Catching every exception is deliberate: a broken job must not stop the jobs after it,
        and its partial work is undone by the savepoint.
        """
        try:
            with self.env.cr.savepoint():
                self.env['ir.actions.server'].browse(server_action_id).run()
                _flush_all(self.env)
        except Exception as exc:  # noqa: BLE001 - see docstring
            _logger.exception("Call from cron %s for server action #%s failed in Job #%s",
                              cron_name, server_action_id, job_id)
            self._handle_callback_exception(cron_name, server_action_id, job_id, exc)

    def _handle_callback_exception(self, cron_name, server_action_id, job_id, job_exception):
        """Override to react to a failed job (notify someone, disable the job, …)."""
