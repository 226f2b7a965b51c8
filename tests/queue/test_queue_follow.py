"""Issue 18 item 4: a script following a server job survives a server restart (it waits for the
server and goes on), and re-attaches to a job by its id."""
import os
import signal
import subprocess
import sys

from queue_support import ADMIN_PASSWORD, REPO, wait_for
from test_queue_batch import _cases, _check_result, _free_port, _job, _start_batch


def test_script_follows_its_job_across_a_server_restart(fuyi_db, procs, tmp_path):
    cases = _cases(fuyi_db)
    port = _free_port()
    # the first server never runs the job: it leaves jobs to a broker's workers (none here)
    first = procs("serve", "serve", "-d", fuyi_db, "--port", str(port), "--broker", "redis://127.0.0.1:9/0")
    wait_for(lambda: "fazhi serving" in first.log() or not first.alive(), 60, "the server", procs=[first])
    job_id = _start_batch(fuyi_db, cases)

    output = tmp_path / "notices.zip"
    env = dict(os.environ, FAZHI_RPC_HOST="127.0.0.1", FAZHI_RPC_PORT=str(port), FAZHI_RPC_DB=fuyi_db,
               FAZHI_RPC_LOGIN="admin", FAZHI_RPC_PASSWORD=ADMIN_PASSWORD, FAZHI_RPC_PROTOCOL="jsonrpc",
               FAZHI_RPC_TIMEOUT="10")
    script = subprocess.Popen([sys.executable, str(REPO / "scripts" / "generate_documents.py"), "--follow",
                               str(job_id), "--output", str(output), "--poll", "0.5", "--timeout", "120"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=str(tmp_path))
    try:
        wait_for(lambda: _job(fuyi_db, job_id)["state"] in ("pending", "enqueued"), 10, "the job waiting")
        import time
        time.sleep(2)                                             # the script is polling
        assert script.poll() is None, script.communicate()
        first.kill_group(signal.SIGKILL)                          # the server goes away mid-follow
        first.popen.wait(10)
        time.sleep(2)
        assert script.poll() is None, script.communicate()       # the script waits for it
        second = procs("serve", "serve", "-d", fuyi_db, "--port", str(port), FAZHI_QUEUE_TICK=1)
        stdout, stderr = script.communicate(timeout=150)
    finally:
        if script.poll() is None:
            script.kill()
    assert script.returncode == 1, stdout + stderr               # one case fails by design
    assert "server unreachable" in stderr, stderr
    assert "3 generated, 1 failed" in stdout, stdout + stderr
    _check_result(output.read_bytes(), cases)
    assert _job(fuyi_db, job_id)["state"] == "done" and second.alive()
