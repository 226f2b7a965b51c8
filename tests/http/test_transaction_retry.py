"""The rare real give-up under contention (issue 11 item 8): after every retry, the caller reads
"busy, please retry" in their language as a user error, never "Internal server error"."""
import pytest

from fazhi.http import errors
from fazhi.service import transaction
from fazhi.sql.cursor import ConcurrencyError


@pytest.fixture
def quick_retries(monkeypatch):
    monkeypatch.setattr(transaction, "MAX_TRIES", 3)
    monkeypatch.setattr(transaction, "BACKOFF_BASE", 0.001)


def _always_conflicting(calls):
    def func(env):
        calls.append(env.cr)
        raise ConcurrencyError("could not serialize access due to concurrent update")
    return func


@pytest.mark.parametrize("lang, words", [(None, "请稍后重试"), ("zh_CN", "请稍后重试"), ("en_US", "please retry")])
def test_give_up_says_busy_in_the_callers_language(env, quick_retries, lang, words):
    calls = []
    with pytest.raises(transaction.ConcurrentUpdateError) as info:
        transaction.run(env.cr.backend, env.cr.dbname, _always_conflicting(calls),
                        context={"lang": lang} if lang else None)
    assert len(calls) == transaction.MAX_TRIES            # every try was made, then it gave up
    message = errors.message_of(info.value)
    assert words in message and message != "Internal server error"
    assert errors.serialize_exception(info.value)["name"] == "flectra.exceptions.UserError"


def test_a_conflict_that_clears_is_retried_to_success(env, quick_retries):
    tries = []

    def func(env):
        tries.append(1)
        if len(tries) < 3:
            raise ConcurrencyError("database is locked")
        env.cr.execute("SELECT 1")
        return "done"
    assert transaction.run(env.cr.backend, env.cr.dbname, func) == "done"
    assert len(tries) == 3
