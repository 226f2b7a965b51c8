"""Fixtures of the ORM conformance suite.

Records are made by small factory_boy factories whose ``_create`` calls
``env[model].create(vals)``; each fixture binds a factory to the test's ``env``
(superuser, rolled back after the test), e.g. ``order_factory(name='X')``.
"""
import functools

import factory
import pytest

from fazhi.testing.factories import ModelFactory


class TagFactory(ModelFactory):
    class Meta:
        model = 'test.orm.tag'

    name = factory.Sequence(lambda n: 'Factory Tag %04d' % n)


class CategoryFactory(ModelFactory):
    class Meta:
        model = 'test.orm.category'

    name = factory.Sequence(lambda n: 'Factory Category %04d' % n)


class OrderFactory(ModelFactory):
    class Meta:
        model = 'test.orm.order'

    name = factory.Sequence(lambda n: 'Factory Order %04d' % n)


class LineFactory(ModelFactory):
    """Needs order_id=..."""

    class Meta:
        model = 'test.orm.line'

    label = factory.Sequence(lambda n: 'Factory Line %04d' % n)
    amount = 10.0


class ScalarFactory(ModelFactory):
    class Meta:
        model = 'test.orm.scalar'


class PartnerFactory(ModelFactory):
    class Meta:
        model = 'res.partner'

    name = factory.Sequence(lambda n: 'Factory Partner %04d' % n)


def _bind(factory_class, env):
    return functools.partial(factory_class.create, env=env)


@pytest.fixture
def tag_factory(env):
    return _bind(TagFactory, env)


@pytest.fixture
def category_factory(env):
    return _bind(CategoryFactory, env)


@pytest.fixture
def order_factory(env):
    return _bind(OrderFactory, env)


@pytest.fixture
def line_factory(env):
    return _bind(LineFactory, env)


@pytest.fixture
def scalar_factory(env):
    return _bind(ScalarFactory, env)


@pytest.fixture
def partner_factory(env):
    return _bind(PartnerFactory, env)


def flush_all(env):
    """Send pending writes to the database (FN spelling first, F2 spelling as fallback)."""
    if hasattr(env, 'flush_all'):
        env.flush_all()
    else:
        env['base'].flush()


@pytest.fixture
def flush(env):
    """Callable flushing pending writes of ``env`` (to surface errors raised at flush time)."""
    return functools.partial(flush_all, env)


@pytest.fixture
def in_transaction(env):
    """Run ``func(env)`` in a transaction of its own on a new cursor, committed, as another
    process would; returns its result. Commit what it must see first (``env.cr.commit()``)."""
    from fazhi.orm.api import SUPERUSER_ID, Environment
    backend, dbname = env.cr.backend, env.cr.dbname

    def run(func):
        cr = backend.cursor(dbname)
        try:
            result = func(Environment(cr, SUPERUSER_ID, {}))
            cr.commit()
            return result
        finally:
            cr.transaction = None
            cr.close()
    return run
