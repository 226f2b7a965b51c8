import os
import time

from flectra import api, fields, models
from flectra.exceptions import UserError


class TestQueueEffect(models.Model):
    """One row per effect: a job that ran twice leaves two rows with the same key."""

    _name = 'test.queue.effect'
    _description = 'Test Queue Effect'
    _order = 'id'

    key = fields.Char(required=True, index=True)
    pid = fields.Integer()
    user_id = fields.Many2one('res.users')
    lang = fields.Char()
    note = fields.Char()

    @api.model
    def record_effect(self, key, sleep=0.0, note=None):
        """Append one effect row (after sleeping ``sleep`` seconds, to be killed mid-job)."""
        if sleep:
            time.sleep(sleep)
        rec = self.create({'key': key, 'pid': os.getpid(), 'user_id': self.env.uid,
                           'lang': self.env.context.get('lang'), 'note': note})
        return rec.id

    def touch(self, note):
        """A record method: notes ``note`` on each record that still exists."""
        for rec in self:
            rec.note = note
        return len(self)

    @api.model
    def fail(self, message):
        self.create({'key': 'before-failure'})
        raise UserError(message)
