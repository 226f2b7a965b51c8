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

    def init(self):
        # "unique unless failed": a partial unique index, the same SQL on SQLite and PostgreSQL
        self.env.cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS queue_job_identity_key_uniq ON queue_job (identity_key) "
            "WHERE identity_key IS NOT NULL AND state != 'failed'")
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS queue_job_state_priority_idx ON queue_job (state, priority, id)")

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
