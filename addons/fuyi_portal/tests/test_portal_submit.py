import datetime

from flectra import fields

from .common import (EXE, ID_NUMBER, JPEG, MOBILE, OTHER_ID_NUMBER, PDF, PNG, USCC, PortalCommon, docx_bytes)


class TestSubmit(PortalCommon):

    def test_submission_registers_an_online_case_in_review(self):
        """The case is in 受理审查, channel online, with parties, attachments and the clock's review deadline."""
        result = self.submit(files=self.files({"field": "evidence", "name": "照片.jpg", "data": JPEG}))
        self.assertTrue(result["ok"], result)
        self.assertFalse(result["duplicate"])
        self.assertRegex(result["tracking_code"], r"^FY(-[2-9A-HJ-NP-Z]{4}){5}$")
        application = self.App.search([("reconsideration_id.name", "=", result["case_name"])])
        case = application.reconsideration_id
        self.assertEqual((case.state, case.channel), ("review", "online"))
        self.assertEqual(case.date_received, self.portal_today())
        roles = {party.role: party.partner_id for party in case.party_ids}
        self.assertEqual(roles["respondent"], self.agency)
        self.assertEqual(roles["applicant"].sudo().id_number, ID_NUMBER)
        self.assertEqual(case.request, "撤销该行政处罚决定")
        review = case.case_id._deadline("acceptance_review")
        self.assertEqual(len(review), 1)
        # the clock engine's own date for the same start: nothing recomputed by the portal
        expected = self.env["fuyi.deadline"].new({"kind": "acceptance_review", "name": "x", "legal_basis": "ARL Art. 30",
                                                  "start_date": case.date_received, "length": 5,
                                                  "unit": "working_day", "case_id": case.case_id.id})
        self.assertEqual(result["acceptance_due"], expected.due_date)
        self.assertEqual(result["acceptance_due"], review.due_date)
        self.assertTrue(result["acceptance_why"])
        attachments = self.env["ir.attachment"].sudo().search([("res_model", "=", "fuyi.reconsideration"),
                                                               ("res_id", "=", case.id)])
        self.assertEqual(sorted(attachments.mapped("mimetype")), ["application/pdf", "image/jpeg"])
        self.assertTrue(all("处罚决定书.pdf" not in name for name in attachments.mapped("name")))
        self.assertIn("处罚决定书.pdf", " ".join(attachments.mapped("description")))
        # the access record keeps a hash, never the code; consent with its wording and time
        self.assertNotIn(result["tracking_code"], str(application.read()[0]))
        self.assertTrue(application.consent_electronic and application.consent_on and application.consent_wording)
        self.assertEqual(application.client_ip, self.IP)
        receipt = self.last_sms(MOBILE)
        self.assertIn(result["tracking_code"], receipt.body)
        self.assertIn(str(review.due_date.month), receipt.body)

    def test_existing_party_is_reused(self):
        existing = self.env["res.partner"].create({"name": "张三", "party_kind": "person", "id_number": ID_NUMBER})
        result = self.submit()
        case = self.App.search([("reconsideration_id.name", "=", result["case_name"])]).reconsideration_id
        self.assertEqual(case.party_ids.filtered(lambda p: p.role == "applicant").partner_id, existing)
        self.assertEqual(self.env["res.partner"].search_count([("identifier_search", "=", ID_NUMBER)]), 1)

    def test_organisation_with_agent(self):
        result = self.submit(applicant_kind="organisation", applicant_name="安和县某某有限公司", applicant_id_number=None,
                             applicant_uscc=USCC, legal_representative="王五", has_agent="1", agent_name="李律师",
                             agent_id_number=OTHER_ID_NUMBER,
                             files=self.files({"field": "power_of_attorney", "name": "授权委托书.docx",
                                               "data": docx_bytes()}))
        self.assertTrue(result["ok"], result)
        case = self.App.search([("reconsideration_id.name", "=", result["case_name"])]).reconsideration_id
        roles = {party.role: party for party in case.party_ids}
        self.assertEqual(roles["applicant"].partner_id.uscc, USCC)
        self.assertEqual(roles["agent"].represented_id, roles["applicant"].partner_id)
        self.assertEqual(roles["representative"].partner_id.name, "王五")

    def test_bad_check_digits_are_refused_in_chinese(self):
        code = self.send_code()
        values = self.form(applicant_id_number=ID_NUMBER[:-1] + "9", sms_code=code)
        result = self.App._portal_submit(values, self.files(), self.IP)
        self.assertFalse(result["ok"])
        self.assertRegex(result["errors"]["applicant_id_number"], "[\u4e00-\u9fff]")
        values = self.form(applicant_kind="organisation", applicant_uscc=USCC[:-1] + "1", legal_representative="王五",
                           sms_code=code)
        result = self.App._portal_submit(values, self.files(), self.IP)
        self.assertIn("applicant_uscc", result["errors"])
        self.assertRegex(result["errors"]["applicant_uscc"], "[\u4e00-\u9fff]")
        self.assertFalse(self.App.search([]))

    def test_missing_art_22_elements_are_named(self):
        code = self.send_code()
        values = self.form(applicant_name="", respondent_id=str(self.clerk.partner_id.id), act_description="",
                           act_known_date="", request="", facts_reasons="  ", sms_code=code)
        result = self.App._portal_submit(values, self.files(), self.IP)
        self.assertFalse(result["ok"])
        for field in ("applicant_name", "respondent_id", "act_description", "act_known_date", "request",
                      "facts_reasons"):
            self.assertRegex(result["errors"].get(field, ""), "[\u4e00-\u9fff]", field)
        self.assertFalse(self.App.search([]))

    def test_dates_must_be_sane(self):
        code = self.send_code()
        tomorrow = self.portal_today() + datetime.timedelta(days=1)
        result = self.App._portal_submit(self.form(act_known_date=tomorrow.isoformat(), sms_code=code),
                                         self.files(), self.IP)
        self.assertIn("act_known_date", result["errors"])
        result = self.App._portal_submit(self.form(act_date="2026-11-20", act_known_date="2026-11-01",
                                                   sms_code=code), self.files(), self.IP)
        self.assertIn("act_known_date", result["errors"])
        result = self.App._portal_submit(self.form(act_known_date="2026-13-01", sms_code=code), self.files(), self.IP)
        self.assertIn("act_known_date", result["errors"])

    def test_files_are_checked_by_content(self):
        code = self.send_code()
        cases = [
            ([{"field": "act", "name": "决定书.pdf", "data": PNG}], "act"),         # a PNG claiming to be a PDF
            ([{"field": "act", "name": "决定书.pdf", "data": EXE}], "act"),         # an EXE renamed .pdf
            ([{"field": "act", "name": "决定书.pdf", "data": PDF + b"0" * (10 * 1024 * 1024)}], "act"),   # oversize
            ([], "act"),                                                              # the act is required
            (self.files({"field": "evidence", "name": "a.png", "data": PNG})
             + [{"field": "evidence", "name": "b%d.png" % i, "data": PNG} for i in range(10)], "files"),
        ]
        for files, field in cases:
            with self.subTest(field=field, n=len(files)):
                result = self.App._portal_submit(self.form(sms_code=code), files, self.IP)
                self.assertFalse(result["ok"])
                self.assertIn(field, result["errors"])
        # an agent needs the power of attorney
        result = self.App._portal_submit(self.form(has_agent="1", agent_name="李律师", agent_id_number=OTHER_ID_NUMBER,
                                                   sms_code=code), self.files(), self.IP)
        self.assertIn("power_of_attorney", result["errors"])
        self.assertFalse(self.App.search([]))
        # and the form errors did not use the code up
        result = self.App._portal_submit(self.form(sms_code=code), self.files(
            {"field": "evidence", "name": "照片.PNG", "data": PNG}), self.IP)
        self.assertTrue(result["ok"], result)


class TestDuplicates(PortalCommon):

    def test_same_application_within_a_day_is_recognised(self):
        first = self.submit()
        self.forget_rate_limits()
        second = self.submit(request=" 撤销该行政处罚决定 ")
        self.assertTrue(second["ok"] and second["duplicate"])
        self.assertEqual(second["case_name"], first["case_name"])
        self.assertNotEqual(second["tracking_code"], first["tracking_code"])
        self.assertEqual(self.env["fuyi.reconsideration"].search_count([("channel", "=", "online")]), 1)
        # the fresh code replaces the old one
        application = self.App.search([])
        self.assertEqual(application, self.App._find_by_code(second["tracking_code"]))
        self.assertFalse(self.App._find_by_code(first["tracking_code"]))

    def test_after_a_day_it_is_a_new_application(self):
        first = self.submit()
        self.App.search([]).write({"submitted_on": fields.Datetime.now() - datetime.timedelta(hours=25)})
        self.forget_rate_limits()
        second = self.submit()
        self.assertTrue(second["ok"] and not second["duplicate"])
        self.assertNotEqual(second["case_name"], first["case_name"])

    def test_another_request_is_another_application(self):
        first = self.submit()
        self.forget_rate_limits()
        second = self.submit(request="确认该行政处罚决定违法")
        self.assertFalse(second["duplicate"])
        self.assertNotEqual(second["case_name"], first["case_name"])

    def test_same_application_from_another_mobile_does_not_take_over(self):
        """Knowing someone's ID number is not enough to replace their tracking code."""
        first = self.submit()
        self.forget_rate_limits()
        second = self.submit(mobile="13700137000")
        self.assertTrue(second["ok"] and not second["duplicate"])
        self.assertTrue(self.App._find_by_code(first["tracking_code"]), "the first code still works")
        case = self.App._find_by_code(second["tracking_code"]).reconsideration_id
        self.assertIn(first["case_name"], " ".join(case.message_ids.mapped("body")))


class TestSmsCodeOnSubmission(PortalCommon):

    def test_wrong_code_registers_nothing(self):
        code = self.send_code()
        wrong = "%06d" % ((int(code) + 1) % 10 ** 6)
        result = self.App._portal_submit(self.form(sms_code=wrong), self.files(), self.IP)
        self.assertFalse(result["ok"])
        self.assertEqual(list(result["errors"]), ["sms_code"])
        self.assertRegex(result["errors"]["sms_code"], "[\u4e00-\u9fff]")
        self.assertFalse(self.env["fuyi.reconsideration"].search_count([("channel", "=", "online")]))
        self.assertTrue(self.App._portal_submit(self.form(sms_code=code), self.files(), self.IP)["ok"])

    def test_code_of_another_number_is_refused(self):
        code = self.send_code("13700137000")
        result = self.App._portal_submit(self.form(sms_code=code), self.files(), self.IP)
        self.assertIn("sms_code", result["errors"])
