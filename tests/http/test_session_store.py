"""The file session store under concurrent use: many threads of one process saving one session."""
import os
import threading

from fazhi.http.session import SessionStore


def test_concurrent_saves_of_one_session_all_succeed(tmp_path):
    store = SessionStore(str(tmp_path / "sessions"))
    session = store.new()
    store.save(session)
    errors = []
    start = threading.Barrier(8)

    def save_many(n):
        try:
            start.wait()
            for i in range(50):
                store.save(dict(session, counter=n * 100 + i))
        except Exception as exc:      # the failure this test guards against: a shared temp file
            errors.append(exc)

    threads = [threading.Thread(target=save_many, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert store.get(session["sid"])["counter"] in {n * 100 + 49 for n in range(8)}
    assert [name for name in os.listdir(store.path) if name.endswith(".tmp")] == []
    mode = os.stat(store._file(session["sid"])).st_mode & 0o777
    assert mode == 0o600
