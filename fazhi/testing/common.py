"""``flectra.tests``: TransactionCase and friends, on a test database the harness provides.

The pytest plugin (or any runner) calls :func:`set_test_database`; each test class opens one
cursor, each test runs inside a savepoint rolled back at its end, so tests never see each
other's data and nothing is ever committed.
"""
import contextlib
import logging
import threading
import unittest

from ..orm.api import Environment, SUPERUSER_ID

_logger = logging.getLogger(__name__)
_state = {"provider": None, "db": None}
_lock = threading.Lock()


def set_test_database(provider):
    """``provider()`` returns ``(backend, dbname)``, creating the database on first call."""
    _state["provider"] = provider
    _state["db"] = None


def get_test_database():
    with _lock:
        if _state["db"] is None:
            if _state["provider"] is None:
                raise RuntimeError("No fazhi test database: run the tests through pytest (the fazhi plugin)")
            _state["db"] = _state["provider"]()
        return _state["db"]


def tagged(*tags):
    """Add or (with '-tag') remove test tags on a class."""
    def decorator(obj):
        current = set(getattr(obj, "test_tags", {"standard", "at_install"}))
        for tag in tags:
            if tag.startswith("-"):
                current.discard(tag[1:])
            else:
                current.add(tag)
        obj.test_tags = current
        return obj
    return decorator


def new_test_user(env, login="", groups="base.group_user", context=None, **kwargs):
    """A user with these groups (comma-separated xml ids); its password is its login."""
    if not login:
        raise ValueError("New users require a login")
    if not groups:
        raise ValueError("New users require at least one group")
    group_ids = [env.ref(g.strip()).id for g in groups.split(",") if g.strip()]
    vals = {"login": login, "name": kwargs.pop("name", login), "groups_id": [(6, 0, group_ids)],
            "email": kwargs.pop("email", "%s@example.com" % login), "password": kwargs.pop("password", login)}
    vals.update(kwargs)
    return env["res.users"].with_context(context or {}).sudo().create(vals)


class BaseCase(unittest.TestCase):
    test_tags = {"standard", "at_install"}
    test_module = None

    @classmethod
    def _open_cursor(cls):
        backend, dbname = get_test_database()
        return backend.cursor(dbname)

    def ref(self, xid):
        if "." not in xid:
            xid = "%s.%s" % (self.test_module or self.__module__.split(".")[2], xid)
        return self.env.ref(xid).id

    def browse_ref(self, xid):
        if "." not in xid:
            xid = "%s.%s" % (self.test_module or self.__module__.split(".")[2], xid)
        return self.env.ref(xid)

    @property
    def uid(self):
        return self.env.uid

    @contextlib.contextmanager
    def _assert_raises_in_savepoint(self, exception, msg=None):
        env = getattr(self, "env", None)
        with unittest.TestCase.assertRaises(self, exception, msg=msg) as cm:
            if env is None:      # a test without a database (pure rules)
                yield cm
            else:
                with env.cr.savepoint():
                    yield cm

    def assertRaises(self, exception, func=None, *args, **kwargs):
        """Like unittest's, but the failing code runs in a savepoint so the test can go on."""
        if func is None:
            return self._assert_raises_in_savepoint(exception, msg=kwargs.get("msg"))
        with self._assert_raises_in_savepoint(exception):
            func(*args, **kwargs)

    def assertRecordValues(self, records, expected_values):
        self.assertEqual(len(records), len(expected_values),
                         "Wrong number of records: %s, expected %s" % (len(records), len(expected_values)))
        for index, (record, expected) in enumerate(zip(records, expected_values)):
            for fname, value in expected.items():
                actual = record[fname]
                field = record._fields[fname]
                if field.type == "many2one":
                    actual = actual.id
                elif field.type in ("one2many", "many2many"):
                    actual = sorted(actual.ids)
                    value = sorted(value)
                self.assertEqual(actual, value, "Record %s (#%d) field %s: %r != %r" % (record, index, fname, actual, value))


class TransactionCase(BaseCase):
    """Each test in a savepoint rolled back at its end; data built in ``setUp`` is portable."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cr = cls._open_cursor()
        cls.registry = None
        cls.env = Environment(cls.cr, SUPERUSER_ID, {})
        cls.registry = cls.env.registry

    @classmethod
    def tearDownClass(cls):
        try:
            cls.cr.rollback()
        finally:
            cls.cr.close()
            cls.cr.transaction = None
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self._sp = "test_%d" % id(self)
        self.cr.execute("SAVEPOINT %s" % self._sp)
        self.env = Environment(self.cr, SUPERUSER_ID, {})
        self.addCleanup(self._rollback_test)

    def _rollback_test(self):
        from ..tools import clock
        clock.reset()
        self.cr.execute("ROLLBACK TO SAVEPOINT %s" % self._sp)
        self.cr.precommit.clear()
        self.cr.postcommit.clear()
        self.env.transaction.reset()
        self.env.transaction.__dict__.pop("access_cache", None)
        self.env.transaction.__dict__.pop("rule_cache", None)
        self.env.transaction.__dict__.pop("group_cache", None)


SavepointCase = TransactionCase


class SingleTransactionCase(TransactionCase):
    """All tests of the class share one transaction (no rollback between tests)."""

    def setUp(self):
        BaseCase.setUp(self)
        self.env = Environment(self.cr, SUPERUSER_ID, {})


def users(*logins):
    """Run the decorated test once as each of these users (by login)."""
    def decorator(func):
        import functools

        @functools.wraps(func)
        def wrapper(self, *args, **kwargs):
            original = self.env
            try:
                for login in logins:
                    user = original["res.users"].with_context(active_test=False).search([("login", "=", login)])
                    self.env = original(user=user.id, su=False)
                    func(self, *args, **kwargs)
            finally:
                self.env = original
        return wrapper
    return decorator


class HttpCase(TransactionCase):
    """Served-instance tests arrive with the web server; until then such tests are skipped."""

    @classmethod
    def setUpClass(cls):
        raise unittest.SkipTest("HttpCase needs the web server (not part of fazhi yet)")


from .form import Form  # noqa: E402,F401
