"""Who is calling: logins and per-call credential checks, each in its own committed transaction."""
from ..exceptions import AccessDenied
from ..orm.api import SUPERUSER_ID
from . import transaction


def login(backend, dbname, login, password, user_agent_env=None):
    """The uid for ``login``/``password`` on ``dbname``; AccessDenied otherwise.

    Failure counts and audit rows are committed even when the login is refused.
    """
    def run(env):
        return env["res.users"]._login(login, password, user_agent_env)
    return transaction.run_committing_errors(backend, dbname, run, (AccessDenied,))


def check(backend, dbname, uid, password, user_agent_env=None):
    """AccessDenied unless ``password`` (or an API key) belongs to ``uid``."""
    try:
        uid = int(uid)
    except (TypeError, ValueError):
        raise AccessDenied() from None

    def run(env):
        env["res.users"]._check_uid_password(uid, password, user_agent_env)
        return True
    return transaction.run_committing_errors(backend, dbname, run, (AccessDenied,))


def session_token(backend, dbname, uid):
    """A value that changes when the user's password changes or the user is deactivated."""
    import hashlib

    def run(env):
        env.cr.execute("SELECT COALESCE(password, ''), active FROM res_users WHERE id = %s", [uid])
        row = env.cr.fetchone()
        if not row or not row[1]:
            return None
        return hashlib.sha256(("%s:%s" % (uid, row[0])).encode()).hexdigest()
    return transaction.run(backend, dbname, run, uid=SUPERUSER_ID)

