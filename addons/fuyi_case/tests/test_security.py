from flectra.exceptions import AccessError
from flectra.tests import TransactionCase, new_test_user

from .common import FuyiCaseCommon

#: the product's addons: every model they define needs an ACL and, for every role of theirs that
#: may read it, a record rule (issue 11 item 3)
PRODUCT_ADDONS = ("fuyi_case", "yingsu", "jiandu", "xinyong", "fuyi_portal")


class TestCaseAccess(FuyiCaseCommon):

    def test_liaison_sees_only_cases_of_their_agencies(self):
        mine = self.new_case("2025-09-26")
        other = self.new_case("2025-09-26", agency_id=self.other_agency.id,
                              party_ids=[(0, 0, {"partner_id": self.other_agency.id, "role": "respondent"})])
        Cases = self.env["fuyi.reconsideration"].with_user(self.liaison)
        self.assertEqual(Cases.search([]), mine.with_user(self.liaison))
        self.assertEqual(self.env["fuyi.case"].with_user(self.liaison).search_count([]), 1)
        with self.assertRaises(AccessError):
            other.with_user(self.liaison).read(["name"])

    def test_liaison_cannot_write_cases(self):
        case = self.new_case("2025-09-26")
        with self.assertRaises(AccessError):
            case.with_user(self.liaison).write({"title": "changed"})

    def test_clerk_registers_and_accepts(self):
        case = self.env["fuyi.reconsideration"].with_user(self.clerk).create({
            "date_received": "2025-09-26", "agency_id": self.agency.id})
        case.action_accept(date="2025-10-09")
        self.assertEqual(case.state, "accepted")

    def test_plain_user_role_sees_no_cases(self):
        """Item 9: the plain "User" role reads the models but no record of them."""
        case = self.new_case("2025-09-26")
        self.env["fuyi.document"].create({"case_id": case.case_id.id, "doc_type": "correction_notice"})
        plain = new_test_user(self.env, login="fuyi_plain", groups="fuyi_case.fuyi_case_group_user")
        for model in ("fuyi.case", "fuyi.reconsideration", "fuyi.deadline", "fuyi.case.party", "fuyi.document"):
            self.assertTrue(self.env[model].search_count([]), model)
            self.assertEqual(self.env[model].with_user(plain).search_count([]), 0, model)
        # reference data stays readable
        self.assertEqual(self.env["fuyi.calendar.day"].with_user(plain).search_count([]),
                         self.env["fuyi.calendar.day"].search_count([]))


class TestLiaisonScope(FuyiCaseCommon):
    """Item 1: the liaison rule rests on data the liaison cannot change."""

    def test_liaison_cannot_appoint_themselves_to_another_agency(self):
        other = self.new_case("2025-09-26", agency_id=self.other_agency.id,
                              party_ids=[(0, 0, {"partner_id": self.other_agency.id, "role": "respondent"})])
        with self.assertRaises(AccessError):
            self.other_agency.with_user(self.liaison).write({"agency_liaison_user_ids": [(4, self.liaison.id)]})
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.liaison).create({
                "name": "冒充机关", "party_kind": "agency", "agency_liaison_user_ids": [(4, self.liaison.id)]})
        # a clerk does not appoint liaisons either: the administrator does
        with self.assertRaises(AccessError):
            self.other_agency.with_user(self.clerk).write({"agency_liaison_user_ids": [(4, self.clerk.id)]})
        self.assertNotIn(self.liaison, self.other_agency.agency_liaison_user_ids)
        self.assertFalse(self.env["fuyi.reconsideration"].with_user(self.liaison).search([("id", "=", other.id)]))
        # a form sending the list back unchanged is no appointment: a clerk may save the agency
        self.other_agency.with_user(self.clerk).write({"agency_liaison_user_ids": [(6, 0, [])], "street": "人民路1号"})
        self.env["res.partner"].with_user(self.clerk).create({
            "name": "新机关", "party_kind": "agency", "agency_liaison_user_ids": [(6, 0, [])]})
        manager = new_test_user(self.env, login="fuyi_manager", groups="fuyi_case.fuyi_case_group_manager")
        self.other_agency.with_user(manager).write({"agency_liaison_user_ids": [(4, self.liaison.id)]})
        self.assertTrue(self.env["fuyi.reconsideration"].with_user(self.liaison).search([("id", "=", other.id)]))

    def test_liaison_cannot_change_parties_or_agencies(self):
        other_applicant = self.env["res.partner"].create({"name": "李四", "party_kind": "person"})
        self.new_case("2025-09-26", agency_id=self.other_agency.id,
                      party_ids=[(0, 0, {"partner_id": other_applicant.id, "role": "applicant"}),
                                 (0, 0, {"partner_id": self.other_agency.id, "role": "respondent"})])
        for partner in (other_applicant, self.other_agency, self.agency):
            with self.assertRaises(AccessError):
                partner.with_user(self.liaison).write({"street": "伪造地址"})
            with self.assertRaises(AccessError):
                partner.with_user(self.liaison).unlink()
        self.assertFalse(other_applicant.street)
        # their own contact details stay theirs, and a clerk keeps the parties up to date
        self.liaison.partner_id.with_user(self.liaison).write({"phone": "13800000000"})
        other_applicant.with_user(self.clerk).write({"street": "县城路1号"})
        self.assertEqual(other_applicant.street, "县城路1号")


class TestEveryLiaisonRule(FuyiCaseCommon):
    """Item 10: each liaison rule, with a second agency's records, so that widening any rule to
    "see all" (or narrowing it to nothing) fails."""

    def _records_of(self, case, agency, applicant):
        env = self.env
        fuyi_case = case.case_id
        service = env["fuyi.service"].create({"case_id": fuyi_case.id, "kind": "other", "recipient_id": agency.id,
                                              "sent_date": "2025-10-13", "document_name": "受理通知书"})
        letter = env["fuyi.opinion.letter"].create({"reconsideration_id": case.id, "recipient_id": agency.id,
                                                    "content": "意见", "issued_date": "2025-10-20"})
        document = env["fuyi.document"].create({"case_id": fuyi_case.id, "doc_type": "acceptance_notice"})
        document.action_issue(date="2025-10-13")
        dispute = env["fuyi.dispute"].create({"name": "争议 %s" % agency.name})
        fuyi_case.dispute_id = dispute
        return {
            "fuyi.case": fuyi_case,
            "fuyi.reconsideration": case,
            "fuyi.deadline": fuyi_case.deadline_ids,
            "fuyi.case.party": fuyi_case.party_ids,
            "fuyi.service": service,
            "fuyi.service.delivery": env["fuyi.service.delivery"].create(
                {"service_id": service.id, "case_id": fuyi_case.id, "channel": "sms"}),
            "fuyi.hearing": env["fuyi.hearing"].create({"reconsideration_id": case.id,
                                                        "hearing_date": "2025-10-30 09:00:00"}),
            "fuyi.opinion.letter": letter,
            "fuyi.document": document,
            "fuyi.evidence": env["fuyi.evidence"].create({"reconsideration_id": case.id, "name": "笔录",
                                                          "submitted_date": "2025-10-15"}),
            "fuyi.evidence.inspection": env["fuyi.evidence.inspection"].create(
                {"reconsideration_id": case.id, "requester_id": applicant.id, "inspection_date": "2025-10-16"}),
            "fuyi.normative.review": env["fuyi.normative.review"].create(
                {"reconsideration_id": case.id, "document_name": "《某办法》", "request_date": "2025-10-14"}),
            "fuyi.superior.copy": env["fuyi.superior.copy"].create(
                {"reconsideration_id": case.id, "kind": "opinion_letter", "opinion_letter_id": letter.id,
                 "superior_id": self.superior.id, "sent_date": "2025-10-21"}),
            "fuyi.deadline.reminder": env["fuyi.deadline.reminder"].create(
                {"deadline_id": fuyi_case.deadline_ids[0].id, "user_id": self.liaison.id, "channel": "activity",
                 "stage": 1, "sent_date": "2025-10-01"}),
            "fuyi.dispute": dispute,
        }

    def test_each_liaison_rule_separates_agencies(self):
        self.superior = self.env["res.partner"].create({"name": "市人民政府", "party_kind": "agency"})
        mine_case = self.new_case("2025-09-26")
        other_applicant = self.env["res.partner"].create({"name": "李四", "party_kind": "person"})
        other_case = self.new_case("2025-09-26", agency_id=self.other_agency.id,
                                   party_ids=[(0, 0, {"partner_id": other_applicant.id, "role": "applicant"}),
                                              (0, 0, {"partner_id": self.other_agency.id, "role": "respondent"})])
        for case in mine_case | other_case:
            case.action_accept(date="2025-10-10", procedure="ordinary")
        mine = self._records_of(mine_case, self.agency, self.applicant)
        other = self._records_of(other_case, self.other_agency, other_applicant)
        for model, own in mine.items():
            with self.subTest(model=model):
                self.assertTrue(own and other[model], model)
                visible = self.env[model].with_user(self.liaison).search([])
                self.assertEqual(set(visible.ids), set(self.env[model].search([("id", "in", visible.ids)]).ids))
                self.assertTrue(set(own.ids) <= set(visible.ids), "%s: own agency's records hidden" % model)
                self.assertFalse(set(other[model].ids) & set(visible.ids), "%s: other agency's records seen" % model)
                with self.assertRaises(AccessError):
                    other[model][:1].with_user(self.liaison).read(["id"])
        # the committee's work and its members are staff only
        for model in ("fuyi.committee.sitting", "fuyi.committee.opinion", "fuyi.committee.member"):
            self.assertEqual(self.env[model].with_user(self.liaison).search_count([]), 0, model)

    def test_liaison_sees_drafts_of_no_agency(self):
        case = self.new_case("2025-09-26")
        draft = self.env["fuyi.document"].create({"case_id": case.case_id.id, "doc_type": "correction_notice"})
        self.assertFalse(self.env["fuyi.document"].with_user(self.liaison).search([("id", "=", draft.id)]))
        issued = self.env["fuyi.document"].create({"case_id": case.case_id.id, "doc_type": "acceptance_notice"})
        case.action_accept(date="2025-10-09")
        issued.action_issue(date="2025-10-09")
        # item 9: reading (or exporting) a case's documents does not list the drafts
        self.env.invalidate_all()
        as_liaison = case.case_id.with_user(self.liaison)
        self.assertEqual(as_liaison.read(["document_ids"])[0]["document_ids"], issued.ids)
        self.assertEqual(as_liaison.document_ids.mapped("name"), [issued.name])


class TestWorkflowFields(FuyiCaseCommon):
    """Item 4: workflow fields change only through their actions."""

    def test_clerk_cannot_write_workflow_fields(self):
        case = self.new_case("2025-09-26")
        as_clerk = case.with_user(self.clerk)
        for vals in ({"state": "accepted"}, {"procedure": "simple"}, {"decision_type": "revoke"},
                     {"name": "县府复〔2025〕999号"}, {"publication_state": "approved"},
                     # skipping the committee (Art. 52) or closing the case by hand
                     {"committee_required": False}, {"advisory_opinion": "同意"}, {"closed_on": "2025-10-01"}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                as_clerk.write(vals)
        with self.assertRaises(AccessError):
            case.case_id.with_user(self.clerk).write({"name": "县府复〔2025〕998号"})
        self.assertEqual(case.state, "review")
        self.assertTrue(case.name.endswith("号") and "999" not in case.name)
        # a plain field is still written, and the action still changes the state
        as_clerk.write({"title": "不服罚款决定"})
        as_clerk.action_accept(date="2025-10-09")
        self.assertEqual(case.state, "accepted")

    def test_clerk_cannot_create_a_case_in_a_later_state(self):
        Cases = self.env["fuyi.reconsideration"].with_user(self.clerk)
        for vals in ({"state": "accepted"}, {"name": "县府复〔2025〕997号"}, {"decision_type": "revoke"}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                Cases.create(dict(vals, date_received="2025-09-26", agency_id=self.agency.id))
        with self.assertRaises(AccessError):
            self.env["fuyi.case"].with_user(self.clerk).create({"case_type": "reconsideration", "name": "X1",
                                                                "date_received": "2025-09-26"})
        # the defaults a new form sends back are no change
        case = Cases.create({"date_received": "2025-09-26", "agency_id": self.agency.id, "state": "review",
                             "procedure": "ordinary"})
        self.assertEqual(case.state, "review")
        self.assertTrue(case.name)

    def test_refusal_is_in_the_users_language(self):
        case = self.new_case("2025-09-26")
        with self.assertRaises(AccessError) as refused:
            case.with_user(self.clerk).with_context(lang="zh_CN").write({"state": "decided"})
        self.assertIn("不能直接修改", str(refused.exception))
        self.assertIn("状态", str(refused.exception))


class TestDocumentNumbers(FuyiCaseCommon):
    """Item 5: only issuing draws a number."""

    def test_clerk_cannot_number_or_issue_a_draft_by_writing(self):
        case = self.new_case("2025-09-26")
        draft = self.env["fuyi.document"].with_user(self.clerk).create(
            {"case_id": case.case_id.id, "doc_type": "correction_notice"})
        for vals in ({"number": "县府复补〔2025〕1号"}, {"state": "issued"}, {"issued_date": "2025-09-30"}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                draft.write(vals)
        with self.assertRaises(AccessError):
            self.env["fuyi.document"].with_user(self.clerk).create(
                {"case_id": case.case_id.id, "doc_type": "correction_notice", "number": "X", "state": "issued"})
        self.assertEqual((draft.state, draft.number), ("draft", False))

    def test_users_cannot_draw_from_a_document_sequence(self):
        Sequence = self.env["ir.sequence"]
        for user in (self.clerk, self.liaison):
            with self.assertRaises(AccessError):
                Sequence.with_user(user).next_by_code("fuyi.document.correction_notice")
            sequence = Sequence.search([("code", "=", "fuyi.document.correction_notice")], limit=1)
            with self.assertRaises(AccessError):
                sequence.with_user(user).next_by_id()


class TestRulesCoverEveryModel(TransactionCase):
    """Item 3: every model of the product's addons has an ACL and, for every role of those addons
    that may read it, at least one record rule of that role (or of a role it implies, or a global
    rule, as for reference data). A new model
    without them fails here, in whichever of the four addons it lands."""

    def _addon_models(self):
        Data = self.env["ir.model.data"].sudo()
        foreign = set(Data.search([("model", "=", "ir.model"), ("module", "not in", PRODUCT_ADDONS)]).mapped("res_id"))
        ours = Data.search([("model", "=", "ir.model"), ("module", "in", PRODUCT_ADDONS)])
        models = self.env["ir.model"].sudo().browse(sorted(set(ours.mapped("res_id")) - foreign))
        return models.filtered(lambda m: m.model in self.env and not self.env[m.model]._abstract)

    def _roles(self):
        Data = self.env["ir.model.data"].sudo()
        ids = Data.search([("model", "=", "res.groups"), ("module", "in", PRODUCT_ADDONS)]).mapped("res_id")
        return self.env["res.groups"].sudo().browse(ids)

    def _closure(self, group):
        return group | group.trans_implied_ids

    def test_every_model_has_an_acl(self):
        models = self._addon_models()
        self.assertIn("fuyi.case", models.mapped("model"))
        Access = self.env["ir.model.access"].sudo()
        missing = [m.model for m in models if not Access.search_count([("model_id", "=", m.id)])]
        self.assertEqual(missing, [], "models without any ir.model.access row")

    def _roles_without_rules(self):
        """["model for category / role"] of every role that reads a model with no rule of its own."""
        models, roles = self._addon_models(), self._roles()
        Access, Rule = self.env["ir.model.access"].sudo(), self.env["ir.rule"].sudo()
        missing = []
        for model in models:
            acls = Access.search([("model_id", "=", model.id), ("perm_read", "=", True)])
            rules = Rule.search([("model_id", "=", model.id)])
            for role in roles:
                closure = self._closure(role)
                if not acls.filtered(lambda a: not a.group_id or a.group_id in closure):
                    continue   # the role cannot read the model at all
                if not rules.filtered(lambda r: not r.groups or r.groups & closure):
                    missing.append("%s for %s / %s" % (model.model, role.category_id.name, role.name))
        return missing

    def test_every_role_that_reads_a_model_has_a_rule_on_it(self):
        self.assertIn(self.env.ref("fuyi_case.fuyi_case_group_liaison"), self._roles())
        self.assertEqual(self._roles_without_rules(), [], "models a role reads without a record rule of that role: "
                                                         "add one to the addon's security rules")

    def test_the_check_notices_a_model_without_rules(self):
        """The check above must fail for a model whose rules are removed."""
        model = self.env["ir.model"].sudo().search([("model", "=", "fuyi.service.delivery")])
        self.env["ir.rule"].sudo().search([("model_id", "=", model.id)]).unlink()
        self.assertIn("fuyi.service.delivery for Administrative Reconsideration / Agency liaison",
                      self._roles_without_rules())
