"""CSRF tokens of the form (http) routes: an HMAC of the session id and a timestamp.

A token is ``<hex hmac>o<unix time>``; it is valid for its own session only and for one hour
(security-reliability.md WEB-1). The HMAC key is a random server secret kept in the data dir,
so every worker process of the server accepts the tokens of the others.
"""
import hashlib
import hmac
import os
import secrets

from ..config import config
from ..tools import clock

TOKEN_SECONDS = 3600
_secret_cache = {}


def _secret():
    path = os.path.join(config["data_dir"], "csrf_secret")
    if path in _secret_cache:
        return _secret_cache[path]
    try:
        with open(path, "rb") as fp:
            key = fp.read()
    except FileNotFoundError:
        key = b""
    if len(key) < 32:
        os.makedirs(config["data_dir"], exist_ok=True)
        tmp = "%s.%d.%s.tmp" % (path, os.getpid(), secrets.token_hex(4))
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fp:
            fp.write(secrets.token_bytes(32))
        try:
            os.link(tmp, path)          # first writer wins; the others read its key
        except FileExistsError:
            pass
        finally:
            os.remove(tmp)
        with open(path, "rb") as fp:
            key = fp.read()
    _secret_cache[path] = key
    return key


def _mac(sid, stamp):
    return hmac.new(_secret(), ("%s:%s" % (sid, stamp)).encode(), hashlib.sha256).hexdigest()


def make_token(session):
    stamp = int(clock.now().timestamp())
    return "%so%d" % (_mac(session["sid"], stamp), stamp)


def check_token(session, token):
    """True when ``token`` was made for ``session`` less than an hour ago."""
    if not session or not isinstance(token, str) or "o" not in token or len(token) > 200:
        return False
    mac, _sep, stamp = token.rpartition("o")
    if not stamp.isdigit():
        return False
    age = clock.now().timestamp() - int(stamp)
    if age < -60 or age > TOKEN_SECONDS:
        return False
    return hmac.compare_digest(mac, _mac(session["sid"], int(stamp)))
