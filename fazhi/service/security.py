"""Who is calling: logins and per-call credential checks, each in its own committed transaction."""
from ..exceptions import AccessDenied
from ..orm.api import SUPERUSER_ID
from . import transaction


def login(backend, dbname, login, password, user_agent_env=None, interactive=False):
    """The uid for ``login``/``password`` on ``dbname``; AccessDenied otherwise.

    ``interactive``: a login that opens a web session, where API keys are refused.
    Failure counts and audit rows are committed even when the login is refused.
    """
    if interactive:
        user_agent_env = dict(user_agent_env or {}, interactive=True)

    def run(env):
        return env["res.users"]._login(login, password, user_agent_env)
    return transaction.run_committing_errors(backend, dbname, run, (AccessDenied,))


def check_uid(uid):
    """``uid`` as an int; AccessDenied for anything else."""
    try:
        return int(uid)
    except (TypeError, ValueError):
        raise AccessDenied() from None


def check_in(env, uid, password, user_agent_env=None):
    """AccessDenied unless ``password`` (or an API key) belongs to ``uid``, in ``env``'s transaction.

    The caller must commit even when this raises, so that failure counts persist; a reset
    of the failure count is committed here, before the call that follows.
    """
    env(user=SUPERUSER_ID)["res.users"]._check_uid_password(uid, password, user_agent_env)
    if env.cr.cache.pop("fazhi.auth_reset", False):
        # a right password ends the failure count even if the call that follows fails
        env.cr.commit()


def check(backend, dbname, uid, password, user_agent_env=None):
    """AccessDenied unless ``password`` (or an API key) belongs to ``uid`` (its own transaction)."""
    uid = check_uid(uid)

    def run(env):
        check_in(env, uid, password, user_agent_env)
        return True
    return transaction.run_committing_errors(backend, dbname, run, (AccessDenied,))


def session_token_in(env, uid):
    """A value that changes when the user's password changes or the user is deactivated."""
    import hashlib
    env.cr.execute("SELECT COALESCE(password, ''), active FROM res_users WHERE id = %s", [uid])
    row = env.cr.fetchone()
    if not row or not row[1]:
        return None
    return hashlib.sha256(("%s:%s" % (uid, row[0])).encode()).hexdigest()


def session_token(backend, dbname, uid):
    """``session_token_in`` in a transaction of its own."""
    return transaction.run(backend, dbname, lambda env: session_token_in(env, uid), uid=SUPERUSER_ID)

