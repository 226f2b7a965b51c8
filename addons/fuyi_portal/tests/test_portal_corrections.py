from .common import MOBILE, PNG, PDF, PortalCommon


class TestCorrectionsAndService(PortalCommon):

    def setUp(self):
        super().setUp()
        self.result = self.submit()
        self.application = self.App._find_by_code(self.result["tracking_code"])
        self.case = self.application.reconsideration_id

    def request_correction(self):
        self.case.with_user(self.clerk).action_request_correction("1. 请提供行政处罚决定书的完整复印件。")

    def test_correction_notice_is_served_electronically_with_consent(self):
        self.request_correction()
        service = self.env["fuyi.service"].sudo().search([("case_id", "=", self.case.case_id.id),
                                                         ("kind", "=", "correction_notice")])
        self.assertEqual((service.channel, service.state), ("electronic", "pending"))
        self.assertEqual(service.recipient_id, self.application.applicant_id)
        self.assertEqual(service.document_id.state, "issued", "the numbered notice is served, not a draft")
        self.assertTrue(service.document_id.number)
        sms = self.last_sms(MOBILE)
        self.assertIn("请登录网上申请页面查看补正通知", sms.body)
        self.assertNotIn("张三", sms.body)
        status = self.application._portal_status()
        self.assertEqual((status["state"], status["state_label"]), ("correction", "待补正"))
        self.assertIn("完整复印件", status["correction"]["items"])
        period = self.case.case_id._deadline("correction_period")
        self.assertEqual(status["correction"]["due_date"], period.due_date)
        self.assertTrue(status["can_upload_corrections"])
        self.assertEqual([d["id"] for d in status["documents"]], service.ids)
        self.assertFalse(status["documents"][0]["read"])

    def test_first_download_records_the_read_receipt(self):
        self.request_correction()
        doc_id = self.application._portal_status()["documents"][0]["id"]
        document = self.application._portal_document(doc_id, ip="198.51.100.20")
        self.assertTrue(document["data"].startswith(b"PK"))
        self.assertTrue(document["name"].endswith(".docx"))
        service = self.env["fuyi.service"].sudo().browse(doc_id)
        self.assertTrue(service.portal_read_on)
        self.assertEqual(service.portal_read_ip, "198.51.100.20")
        self.assertEqual((service.state, service.served_date), ("served", self.portal_today()))
        first = service.portal_read_on
        self.application._portal_document(doc_id)
        self.assertEqual(service.portal_read_on, first, "only the first download is the receipt")
        self.assertTrue(self.application._portal_status()["documents"][0]["read"])

    def test_documents_of_others_are_not_served(self):
        self.request_correction()
        other = self.env["fuyi.service"].sudo().create({
            "case_id": self.case.case_id.id, "kind": "other", "recipient_id": self.agency.id, "channel": "electronic",
            "document_name": "答复通知", "portal_attachment_id": self.env["ir.attachment"].create(
                {"name": "x.pdf", "raw": PDF}).id})
        self.assertIsNone(self.application._portal_document(other.id))
        self.assertIsNone(self.application._portal_document("abc"))
        self.assertNotIn(other.id, [d["id"] for d in self.application._portal_status()["documents"]])

    def test_without_consent_no_electronic_service(self):
        self.application.consent_electronic = False
        self.request_correction()
        self.assertFalse(self.env["fuyi.service"].sudo().search([("case_id", "=", self.case.case_id.id),
                                                                ("channel", "=", "electronic")]))
        self.assertIn("请登录网上申请页面查看补正通知", self.last_sms(MOBILE).body)
        self.assertEqual(self.application._portal_status()["documents"], [])

    def test_uploaded_corrections_restart_the_review(self):
        self.request_correction()
        self.assertFalse(self.case.case_id._deadline("acceptance_review"))
        files = [{"name": "决定书复印件.png", "data": PNG}]
        answer = self.application._portal_upload_corrections(files, "已补充", "198.51.100.30")
        self.assertTrue(answer["ok"], answer)
        self.assertEqual(self.case.state, "review")
        today = self.portal_today()
        self.assertEqual(self.case.corrections_received, today)
        review = self.case.case_id._deadline("acceptance_review")
        self.assertEqual((review.start_date, review.legal_basis), (today, "ARL Art. 31 para 3"))
        expected = self.env["fuyi.deadline"].new({"kind": "x", "name": "x", "legal_basis": "ARL Art. 31 para 3",
                                                  "start_date": today, "length": 5, "unit": "working_day",
                                                  "case_id": self.case.case_id.id})
        self.assertEqual(review.due_date, expected.due_date)
        self.assertIn(review.due_date.strftime("%Y-%m-%d"), answer["message"])
        activity = self.env["mail.activity"].sudo().search([("res_model", "=", "fuyi.reconsideration"),
                                                            ("res_id", "=", self.case.id),
                                                            ("user_id", "=", self.clerk.id)])
        self.assertTrue(activity.filtered(lambda a: a.date_deadline == review.due_date))
        attachments = self.env["ir.attachment"].sudo().search([("res_model", "=", "fuyi.reconsideration"),
                                                               ("res_id", "=", self.case.id),
                                                               ("mimetype", "=", "image/png")])
        self.assertEqual(len(attachments), 1)
        # nothing more to upload now
        again = self.application._portal_upload_corrections(files, "", self.IP)
        self.assertFalse(again["ok"])

    def test_bad_correction_files_change_nothing(self):
        self.request_correction()
        answer = self.application._portal_upload_corrections([{"name": "a.pdf", "data": b"MZ\x90\x00"}], "", self.IP)
        self.assertFalse(answer["ok"])
        self.assertIn("correction", answer["errors"])
        self.assertEqual(self.case.state, "correction")
        self.assertFalse(self.application._portal_upload_corrections([], "", self.IP)["ok"])

    def test_acceptance_is_told_by_sms_and_shown(self):
        self.case.with_user(self.clerk).action_accept()
        self.assertIn("已受理", self.last_sms(MOBILE).body)
        status = self.application._portal_status()
        self.assertEqual(status["state_label"], "已受理")
        self.assertIn("decision", [d.kind for d in self.case.case_id.deadline_ids if d.state == "open"])
        self.assertEqual(len(status["deadlines"]), 1, "the decision deadline concerns the applicant")

    def test_clerk_sees_the_online_tab_data(self):
        case = self.case.with_user(self.clerk)
        self.assertEqual(case.portal_client_ip, self.IP)
        self.assertTrue(case.portal_consent_electronic)
        self.assertEqual(case.portal_application_ids.mobile_masked, "138****8000")

    def test_non_acceptance_is_told_by_sms(self):
        self.case.with_user(self.clerk).action_reject("scope", explanation="不属于行政复议范围")
        self.assertIn("不予受理", self.last_sms(MOBILE).body)
        self.assertEqual(self.application._portal_status()["state_label"], "不予受理")
