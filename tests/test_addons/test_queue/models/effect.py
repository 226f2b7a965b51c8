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

    @api.model
    def record_with_progress(self, key, steps, gate=None, fail=False):
        """``steps`` effect rows, reporting progress after each; a result file at the end.

        With ``gate`` (a path), waits before step *i* until the file ``<gate>.<i>`` exists, so a
        test can look at the job from outside while it runs."""
        Job = self.env['queue.job']
        for step in range(steps):
            if gate:
                deadline = time.monotonic() + 60
                while not os.path.exists('%s.%d' % (gate, step)):
                    if time.monotonic() > deadline:
                        raise UserError('gate %s.%d never opened' % (gate, step))
                    time.sleep(0.05)
            self.create({'key': '%s-%d' % (key, step), 'pid': os.getpid(), 'user_id': self.env.uid})
            Job.set_progress(step + 1, steps, 'step %d of %d' % (step + 1, steps))
        attachment = self.env['ir.attachment'].create({'name': '%s.txt' % key, 'raw': ('%s done' % key).encode()})
        Job.set_result_attachment(attachment)
        if fail:
            raise UserError('failed after %d steps' % steps)
        return steps
