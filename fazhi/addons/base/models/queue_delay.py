"""``records.with_delay(...).method(*args, **kwargs)``: queue a method call on any model.

The addon-side API of the queue (same spelling as OCA's ``queue_job``), so addons never import
Celery or fazhi::

    self.with_delay(priority=5, eta=60, key='remind-%s' % self.id).send_reminder(channel='sms')

The call writes a ``queue.job`` row in the current transaction and returns it; the job is
published only after the transaction commits (a rollback leaves nothing queued and nothing
sent). It later runs as the current user on the records that still exist, with the same
``lang``/``tz``/companies context. Arguments must be JSON values, dates or recordsets.

Write the delayed method so that running it twice does no harm: re-read the records, check
the work is still to do, and keep its effects in the database (they commit together with the
job's *done* mark, so a worker killed mid-job repeats the job but not its effects).

Options: ``priority`` (lower first, default 10), ``eta`` (datetime, or seconds/timedelta from
now), ``max_retries`` (started attempts before the job is marked failed, default 5), ``key``
(alias ``identity_key``: no second job while one with that key is not failed),
``description``.
"""
from flectra import models


class DelayedRecordset:
    """Proxy returned by ``with_delay``: attribute access gives a function that queues the call."""

    __slots__ = ('_records', '_options')

    def __init__(self, records, options):
        self._records = records
        self._options = options

    def __getattr__(self, name):
        if name.startswith('__'):
            raise AttributeError(name)
        if not callable(getattr(self._records, name, None)):
            raise AttributeError("%s has no method %r to delay" % (self._records._name, name))
        records, options = self._records, self._options

        def delay(*args, **kwargs):
            return records.env['queue.job']._enqueue(records, name, args, kwargs, **options)
        delay.__name__ = name
        return delay

    def __repr__(self):
        return "<delayed %r>" % (self._records,)


class Base(models.AbstractModel):
    _inherit = 'base'

    def with_delay(self, priority=None, eta=None, max_retries=None, key=None, identity_key=None,
                   description=None):
        """Return a proxy whose method calls are queued as ``queue.job`` rows (see module doc)."""
        return DelayedRecordset(self, {
            'priority': priority, 'eta': eta, 'max_retries': max_retries,
            'identity_key': key or identity_key, 'description': description,
        })
