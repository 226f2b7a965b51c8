"""The terminal side of job progress (scripts/fazhi_rpc.py): the bar, plain lines off a terminal,
following a job until it ends."""
import io
import sys

import pytest

from queue_support import REPO

sys.path.insert(0, str(REPO / "scripts"))

import fazhi_rpc  # noqa: E402


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_on_a_terminal_the_bar_is_redrawn_in_place():
    out = io.StringIO()
    bar = fazhi_rpc.ProgressBar("gen", total=4, stream=out, tty=True)
    for done in range(5):
        bar.update(done, message="case %d" % done)
    bar.finish("done")
    text = out.getvalue()
    assert text.count("\n") == 1 and text.endswith("\n")          # one line, redrawn with \r
    frames = text.rstrip("\n").split("\r")[1:]
    assert frames[0].startswith("gen [------------------------------] 0/4   0% case 0")
    assert frames[2].startswith("gen [###############---------------] 2/4  50% case 2")
    assert frames[-1].rstrip() == "gen [##############################] 4/4 100% done"


def test_off_a_terminal_plain_lines_at_most_every_interval_and_always_the_last():
    out = io.StringIO()
    bar = fazhi_rpc.ProgressBar("import", total=100, stream=out, tty=False, interval=5.0)
    clock = bar._time = FakeClock()
    for done in range(1, 101):
        clock.now = done * 0.25                                   # 25 s in all
        bar.update(done, message="row %d" % (done + 1))
    bar.finish()
    lines = out.getvalue().splitlines()
    assert "\r" not in out.getvalue()
    assert lines[0] == "import: 1/100   1% row 2"
    assert 5 <= len(lines) <= 7                                   # one about every 5 s, not 100
    assert lines[-1] == "import: 100/100 100% row 101"


class FakeClient:
    """Answers ``queue.job`` reads with the next of ``states``."""

    def __init__(self, states):
        self.states = list(states)

    def execute_kw(self, model, method, args, kwargs=None):
        assert (model, method) == ("queue.job", "read")
        state, done = self.states.pop(0)
        return [{"state": state, "progress_done": done, "progress_total": 3, "progress_message": "step %d" % done,
                 "result_attachment_id": [7, "x.zip"] if state == "done" else False,
                 "exc_info": "UserError: 文书类型无效\nTraceback ..." if state == "failed" else False,
                 "result": False}]


def test_follow_job_until_done_or_failed():
    out = io.StringIO()
    bar = fazhi_rpc.ProgressBar("job", stream=out, tty=False, interval=0)
    action = {"type": "ir.actions.client", "tag": "fz_job_progress", "params": {"job_id": 5, "title": "t"}}
    client = FakeClient([("enqueued", 0), ("started", 1), ("started", 2), ("done", 3)])
    job, attachment_id = fazhi_rpc.run_job_action(client, action, "job", poll=0, bar=bar)
    assert job["state"] == "done" and attachment_id == 7
    assert out.getvalue().splitlines() == ["job: 0/3   0% step 0", "job: 1/3  33% step 1", "job: 2/3  67% step 2",
                                           "job: 3/3 100% step 3"]
    with pytest.raises(fazhi_rpc.JobFailed, match="文书类型无效"):
        fazhi_rpc.follow_job(FakeClient([("started", 1), ("failed", 1)]), 5, poll=0)
    with pytest.raises(TimeoutError):
        fazhi_rpc.follow_job(FakeClient([("started", 1)] * 5), 5, poll=0.01, timeout=0.02)
    # a server without a queue did the work at once and answered with the download URL
    assert fazhi_rpc.run_job_action(None, {"type": "ir.actions.act_url", "url": "/web/content/42?download=true"},
                                    "job") == (None, 42)
