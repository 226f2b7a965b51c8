"""``flectra.tests``: test case classes addon tests import."""
from ..testing.common import (  # noqa: F401
    BaseCase, TransactionCase, SingleTransactionCase, SavepointCase, tagged, new_test_user, Form,
    users, HttpCase,
)
