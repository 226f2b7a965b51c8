"""Queued work: the outbox of model-method calls run later by a worker.

A ``queue.job`` row is written in the caller's transaction by
``records.with_delay(...).method(*args, **kwargs)`` (see ``queue_delay.py``): a rollback removes
it, so work is only ever queued for transactions that commit. After the commit the job id is
published to the broker (production) or the embedded runner is woken (``fazhi serve`` without
a broker); a publish that fails leaves the row *pending* and the outbox sweep sends it later.

States: pending (committed, not known to be published) → enqueued (handed to the broker) →
started (a worker claimed it; attempts counted) → done | failed. Names follow OCA's
``queue_job`` addon so that operators find their way around.
"""
import json
import logging

from flectra import api, fields, models, _
from flectra.exceptions import AccessError, UserError

from fazhi.sql import ConcurrencyError

try:
    from psycopg2 import IntegrityError  # also the base class of SQLite's IntegrityError here
except ImportError:  # pragma: no cover - psycopg2 is a dependency
    from fazhi.sql import IntegrityError

_logger = logging.getLogger(__name__)

STATES = [
    ('pending', 'Pending'),
    ('enqueued', 'Enqueued'),
    ('started', 'Started'),
    ('done', 'Done'),
    ('failed', 'Failed'),
]
_POSTCOMMIT_KEY = 'fazhi.queue.job_ids'
_CONTEXT_KEYS = ('lang', 'tz', 'allowed_company_ids')
_FROZEN = {'model_name', 'method_name', 'record_ids', 'args', 'kwargs', 'user_id', 'context_json',
           'identity_key'}


class QueueJob(models.Model):
    """One delayed call ``env[model_name].browse(record_ids).method_name(*args, **kwargs)``."""

    _name = 'queue.job'
    _description = 'Queue Job'
    _order = 'date_created desc, id desc'
    _rec_name = 'name'

    name = fields.Char('Description', readonly=True)
    model_name = fields.Char('Model', required=True, readonly=True, index=True)
    method_name = fields.Char('Method', required=True, readonly=True)
    record_ids = fields.Text('Record IDs', readonly=True, help="JSON list of ids.")
    args = fields.Text('Arguments', readonly=True, help="JSON list of positional arguments.")
    kwargs = fields.Text('Keyword Arguments', readonly=True, help="JSON object of keyword arguments.")
    user_id = fields.Many2one('res.users', 'User', readonly=True, ondelete='set null',
                              help="The job runs as this user (the one who queued it).")
    context_json = fields.Text('Context', readonly=True)
    state = fields.Selection(STATES, default='pending', required=True, readonly=True, index=True)
    attempts = fields.Integer(default=0, readonly=True,
                              help="Times a worker started the job (including attempts that died).")
    max_attempts = fields.Integer('Max. Attempts', default=5,
                                  help="After this many started attempts the job is marked failed.")
    priority = fields.Integer(default=10, help="Lower runs first.")
    eta = fields.Datetime('Execute After', readonly=True)
    identity_key = fields.Char('Idempotency Key', readonly=True, index=True,
                               help="At most one job that is not failed exists per key.")
    result = fields.Text(readonly=True)
    exc_info = fields.Text('Error', readonly=True)
    date_created = fields.Datetime('Created', readonly=True, default=fields.Datetime.now)
    date_enqueued = fields.Datetime('Last Published', readonly=True)
    date_started = fields.Datetime('Started', readonly=True)
    date_done = fields.Datetime('Finished', readonly=True)
    # live progress of the running attempt, kept outside the job's transaction (fazhi.queue.progress)
    progress_done = fields.Integer('Progress Done', compute='_compute_progress')
    progress_total = fields.Integer('Progress Total', compute='_compute_progress')
    progress_message = fields.Char('Progress Message', compute='_compute_progress')
    result_attachment_id = fields.Many2one('ir.attachment', 'Result File', readonly=True, ondelete='set null',
                                           help="The file the job produced (documents, an export, a report).")

    def init(self):
        # "unique unless failed": a partial unique index, the same SQL on SQLite and PostgreSQL
        self.env.cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS queue_job_identity_key_uniq ON queue_job (identity_key) "
            "WHERE identity_key IS NOT NULL AND state != 'failed'")
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS queue_job_state_priority_idx ON queue_job (state, priority, id)")
        from fazhi.queue import progress
        progress.ensure_table(self.env.cr)

    def _compute_progress(self):
        from fazhi.queue import progress
        ids = [job.id for job in self if isinstance(job.id, int)]
        rows = progress.read(self.env.cr, ids) if ids else {}
        for job in self:
            attempt, done, total, message = rows.get(job.id, (None, 0, 0, None))
            # only the current attempt counts: a retry starts over; a queued job has none yet
            if job.state not in ('started', 'done', 'failed') or attempt != job.attempts:
                done, total, message = 0, 0, False
            job.progress_done = done
            job.progress_total = total
            job.progress_message = message or False

    # --- API of a running job (the method reads its job from the context) --------------
    @api.model
    def _running_job_id(self):
        """The id of the job running in this environment (context ``job_id``), or None.

        The context comes from the runner; a caller over RPC could forge it, so the job must
        be one this user queued (or the superuser's) and be running now."""
        job_id = self.env.context.get('job_id')
        if not isinstance(job_id, int) or isinstance(job_id, bool):
            return None
        self.env.cr.execute("SELECT user_id, state, attempts FROM queue_job WHERE id = %s", [job_id])
        row = self.env.cr.fetchone()
        if not row or row[1] != 'started' or row[2] != self.env.context.get('job_attempt'):
            return None
        if not self.env.su and row[0] != self.env.uid:
            return None
        return job_id

    @api.model
    def set_progress(self, done, total=None, message=None):
        """Report progress of the running job: ``done`` of ``total`` steps, and what it is doing.

        Committed at once in a transaction of its own, so users watching the job see it while
        the job's own work is still uncommitted (and is discarded if the job fails or dies;
        the next attempt starts its progress over). Outside a job it does nothing and returns
        False, so a method may report progress whether it runs queued or directly.
        """
        job_id = self._running_job_id()
        if job_id is None:
            return False
        from fazhi.queue import progress
        done = max(0, int(done or 0))
        total = max(done, int(total or 0))
        return progress.update(self.env.cr.backend, self.env.cr.dbname, job_id,
                               self.env.context.get('job_attempt') or 0, done, total,
                               message if isinstance(message, str) else None)

    @api.model
    def set_result_attachment(self, attachment):
        """Make ``attachment`` the running job's result file (it commits with the job's work).

        The attachment is linked to the job, so whoever may read the job may download it."""
        job_id = self._running_job_id()
        if job_id is None or not attachment:
            return False
        attachment.ensure_one()
        job = self.sudo().browse(job_id)
        attachment.sudo().write({'res_model': self._name, 'res_id': job_id})
        job.write({'result_attachment_id': attachment.id})
        return True

    @api.model
    def current_job(self):
        """The running job (``queue.job`` record, sudo) of this environment, or an empty recordset."""
        job_id = self._running_job_id()
        return self.sudo().browse(job_id) if job_id else self.browse()

    def unlink(self):
        from fazhi.queue import progress
        ids = list(self.ids)
        result = super().unlink()
        progress.forget(self.env.cr, ids)
        return result

    # --- enqueueing (called by with_delay) ---------------------------------------------
    @api.model
    def _enqueue(self, records, method_name, args=(), kwargs=None, priority=None, eta=None,
                 max_retries=None, identity_key=None, description=None):
        """Write the job row in the current transaction and publish it after commit."""
        from fazhi.queue import serialize
        if not method_name or method_name.startswith('__') or not callable(getattr(records, method_name, None)):
            raise ValueError("%s has no method %r to delay" % (records._name, method_name))
        Job = self.sudo()
        if identity_key:
            existing = Job.search([('identity_key', '=', identity_key), ('state', '!=', 'failed')], limit=1)
            if existing:
                return existing
        context = {k: records.env.context[k] for k in _CONTEXT_KEYS if k in records.env.context}
        vals = {
            'name': description or '%s.%s' % (records._name, method_name),
            'model_name': records._name,
            'method_name': method_name,
            'record_ids': json.dumps(list(records.ids)),
            'args': serialize.dumps(list(args or ())),
            'kwargs': serialize.dumps(dict(kwargs or {})),
            'user_id': records.env.uid,
            'context_json': json.dumps(context, sort_keys=True),
            'priority': 10 if priority is None else int(priority),
            'eta': self._eta(eta),
            'identity_key': identity_key or False,
            'max_attempts': 5 if max_retries is None else max(1, int(max_retries)),
        }
        if not identity_key:
            job = Job.create(vals)
        else:
            try:
                with self.env.cr.savepoint():
                    job = Job.create(vals)
                    self.env.flush_all()
            except IntegrityError as exc:
                if 'identity_key' not in str(exc):
                    raise
                # another transaction queued the same key and committed first: retry the
                # caller's transaction, which will then find that job
                raise ConcurrencyError("queue.job key %r queued concurrently" % identity_key) from exc
        job._publish_after_commit()
        return job

    @api.model
    def _eta(self, eta):
        import datetime
        if not eta:
            return False
        if isinstance(eta, (int, float)):
            eta = datetime.timedelta(seconds=eta)
        if isinstance(eta, datetime.timedelta):
            return fields.Datetime.now() + eta
        if isinstance(eta, datetime.datetime) and eta.tzinfo is not None:
            eta = eta.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return fields.Datetime.to_datetime(eta)

    def _publish_after_commit(self):
        """Hand ``self`` to the broker (or wake the embedded runner) once the transaction commits."""
        cr = self.env.cr
        pending = cr.postcommit.data.get(_POSTCOMMIT_KEY)
        if pending is None:
            pending = cr.postcommit.data[_POSTCOMMIT_KEY] = []
            backend, dbname = cr.backend, cr.dbname

            def publish():
                from fazhi.queue.publish import after_commit
                after_commit(backend, dbname, list(pending))
            cr.postcommit.add(publish)
        pending.extend(self.ids)

    def write(self, vals):
        # what runs, on which records and as whom is fixed when the job is queued: an operator
        # may requeue or close a job, not turn it into another call or another user's call
        if not self.env.su and _FROZEN.intersection(vals):
            raise AccessError(_("The call of a queued job cannot be changed (fields: %s).")
                              % ", ".join(sorted(_FROZEN.intersection(vals))))
        return super().write(vals)

    # --- operator actions --------------------------------------------------------------
    def action_requeue(self):
        """Run failed (or stuck) jobs again: back to pending with a fresh attempt count."""
        for job in self:
            if job.state == 'done':
                raise UserError(_("Job %s is done; it cannot be queued again.") % job.display_name)
        self.write({'state': 'pending', 'attempts': 0, 'exc_info': False, 'date_done': False,
                    'date_enqueued': False})
        self._publish_after_commit()
        return True

    def action_set_done(self):
        """Mark jobs done without running them (an operator decided the work is not needed)."""
        self.write({'state': 'done', 'date_done': fields.Datetime.now(),
                    'result': _("Marked done by %s") % self.env.user.name})
        return True
