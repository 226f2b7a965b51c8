from flectra.exceptions import AccessError
from flectra.tests import TransactionCase, new_test_user


class TestRuleDoc(TransactionCase):
    """Record rules of test.orm.rule.doc: global level < 100 AND (own OR public-for-managers)."""

    def setUp(self):
        super().setUp()
        self.user = new_test_user(self.env, login='rule_doc_user', groups='test_orm_a.group_a_user')
        self.manager = new_test_user(self.env, login='rule_doc_manager', groups='test_orm_a.group_a_manager')
        Doc = self.env['test.orm.rule.doc']
        self.own = Doc.create({'name': 'own', 'owner_id': self.user.id})
        self.own_high = Doc.create({'name': 'own high', 'owner_id': self.user.id, 'level': 500})
        self.public = Doc.create({'name': 'public', 'owner_id': self.env.user.id, 'is_public': True})
        self.private = Doc.create({'name': 'private', 'owner_id': self.env.user.id})
        self.mine = Doc.create({'name': 'manager own', 'owner_id': self.manager.id})
        self.all_docs = self.own | self.own_high | self.public | self.private | self.mine

    def _visible(self, user):
        return self.env['test.orm.rule.doc'].with_user(user).search([('id', 'in', self.all_docs.ids)])

    def test_user_sees_only_own_documents_below_level_100(self):
        """group_a_user: own AND level < 100."""
        self.assertEqual(self._visible(self.user).ids, self.own.ids)

    def test_manager_sees_own_or_public_documents_below_level_100(self):
        """group_a_manager has both group rules (ORed), still ANDed with the global rule."""
        self.assertEqual(set(self._visible(self.manager).ids), {self.public.id, self.mine.id})

    def test_reading_a_forbidden_document_raises(self):
        """Reading a record filtered out by the rules raises AccessError."""
        with self.assertRaises(AccessError):
            self.private.with_user(self.user).read(['name'])

    def test_user_cannot_delete_even_own_documents(self):
        """The ACL row of group_a_user has perm_unlink=0."""
        with self.assertRaises(AccessError):
            self.own.with_user(self.user).unlink()

    def test_manager_may_delete_a_public_document(self):
        """group_a_manager has perm_unlink=1 and the public rule matches."""
        self.public.with_user(self.manager).unlink()
        self.assertFalse(self.public.exists())
