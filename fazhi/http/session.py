"""Web sessions, stored as small JSON files under the data dir (shared by worker processes).

A session id is 256 random bits. Sessions end after 30 minutes idle or 12 hours in total
(security-reliability.md SES-2), at logout, and when the user's password changes.
"""
import json
import os
import tempfile
import secrets
import time

from ..config import config
from ..tools import clock

IDLE_SECONDS = 30 * 60
ABSOLUTE_SECONDS = 12 * 3600


def _now():
    return clock.now().timestamp()


class SessionStore:
    def __init__(self, path=None):
        self.path = path or os.path.join(config["data_dir"], "sessions")

    def _file(self, sid):
        if not sid or not all(c.isalnum() or c in "-_" for c in sid) or len(sid) > 100:
            return None
        return os.path.join(self.path, sid + ".json")

    def new(self):
        return {"sid": secrets.token_urlsafe(32), "created": _now(), "last_seen": _now(), "uid": None}

    def get(self, sid):
        path = self._file(sid)
        if not path or not os.path.exists(path):
            return None
        try:
            with open(path) as fp:
                data = json.load(fp)
        except (OSError, ValueError):
            return None
        now = _now()
        if now - data.get("last_seen", 0) > IDLE_SECONDS or now - data.get("created", 0) > ABSOLUTE_SECONDS:
            self.delete(sid)
            return None
        return data

    def save(self, session):
        os.makedirs(self.path, mode=0o700, exist_ok=True)
        session["last_seen"] = _now()
        path = self._file(session["sid"])
        # a temp file of its own per save: two threads saving one session must not share it
        fd, tmp = tempfile.mkstemp(prefix=os.path.basename(path) + ".", suffix=".tmp", dir=self.path)
        try:
            with os.fdopen(fd, "w") as fp:    # mkstemp creates it 0600
                json.dump(session, fp)
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    def delete(self, sid):
        path = self._file(sid)
        if path and os.path.exists(path):
            os.remove(path)

    def rotate(self, session):
        """A new id for the same session (at login), the old one stops working."""
        self.delete(session["sid"])
        session["sid"] = secrets.token_urlsafe(32)
        session["created"] = _now()
        return session

    def vacuum(self):
        if not os.path.isdir(self.path):
            return
        cutoff = time.time() - ABSOLUTE_SECONDS
        for name in os.listdir(self.path):
            full = os.path.join(self.path, name)
            try:
                if os.path.getmtime(full) < cutoff:
                    os.remove(full)
            except OSError:
                continue  # removed by another worker meanwhile: nothing left to do
