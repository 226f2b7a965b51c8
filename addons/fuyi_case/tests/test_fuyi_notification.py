import base64
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from freezegun import freeze_time

from flectra.exceptions import UserError

from .common import FuyiCaseCommon

ID_NUMBER = "110101197001010008"


class _Gateway(BaseHTTPRequestHandler):
    """Loopback SMS gateway: answers the scripted statuses in turn (then 200), records the payloads."""

    protocol_version = "HTTP/1.1"
    answers = []
    received = []

    def log_message(self, *args):
        pass

    def do_POST(self):
        payload = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8"))
        self.received.append(payload)
        status = self.answers.pop(0) if self.answers else 200
        data = json.dumps({"id": "gw-%s" % len(self.received)} if status < 300 else {"error": "down"}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)
        self.close_connection = True


class TestFuyiNotification(FuyiCaseCommon):

    def setUp(self):
        super().setUp()
        self.applicant.write({"email": "zhangsan@example.com", "mobile": "+86 138 0013 8000"})
        self.agency.write({"email": "office@agency.example.com", "mobile": "13900139000"})
        self.case = self.new_case("2025-09-01")
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        handler = type("Gateway", (_Gateway,), {"answers": [], "received": []})
        self.gateway = handler
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        params = self.env["ir.config_parameter"]
        params.set_param("sms.gateway_url", "http://127.0.0.1:%s/sms" % port)
        params.set_param("sms.gateway_timeout", "2")

    def serve(self, kind="correction_notice", recipient=None, **vals):
        vals.update({"case_id": self.case.case_id.id, "kind": kind,
                     "recipient_id": (recipient or self.applicant).id, "channel": "electronic"})
        return self.env["fuyi.service"].create(vals)

    def document(self):
        attachment = self.env["ir.attachment"].create({
            "name": "补正通知书.docx", "datas": base64.b64encode(b"docx bytes"),
            "res_model": "fuyi.document"})
        document = self.env["fuyi.document"].create({"case_id": self.case.case_id.id,
                                                     "doc_type": "correction_notice",
                                                     "recipient_id": self.applicant.id})
        document.write({"attachment_id": attachment.id})
        return document

    def test_correction_notice_is_notified_by_email_and_sms(self):
        document = self.document()
        service = self.serve(document_id=document.id)
        self.assertEqual(sorted(service.delivery_ids.mapped("channel")), ["email", "sms"])
        self.assertEqual(service.delivery_state, "pending")
        email = service.delivery_ids.filtered(lambda d: d.channel == "email")
        sms = service.delivery_ids.filtered(lambda d: d.channel == "sms")
        self.assertEqual((email.state, sms.state), ("queued", "queued"))
        mail = email.mail_id
        self.assertEqual(mail.recipient_ids, self.applicant)
        self.assertIn(self.case.name, mail.subject)
        self.assertEqual(mail.attachment_ids, document.attachment_id)
        self.assertEqual(sms.sms_id.number, "13800138000")
        self.assertIn(self.case.name, sms.sms_id.body)
        self.assertIn("补正", sms.sms_id.body)
        self.assertEqual((sms.sms_id.res_model, sms.sms_id.res_id), ("fuyi.service", service.id))
        self.assertEqual(self.case.delivery_ids, service.delivery_ids)

        self.env["sms.sms"].process_sms_queue()
        self.assertEqual(sms.state, "sent")
        self.assertEqual(len(self.gateway.received), 1)
        self.assertEqual(service.delivery_state, "pending")   # the e-mail is still queued
        mail.write({"state": "sent"})
        self.assertEqual(email.state, "sent")
        self.assertEqual(service.delivery_state, "sent")

    def test_sms_gives_up_after_the_retry_budget_and_shows_failed(self):
        self.env["ir.config_parameter"].set_param("sms.max_attempts", "3")
        self.gateway.answers.extend([500, 500, 500])
        with freeze_time("2025-09-02 08:00:00"):
            service = self.serve()
            self.env["sms.sms"].process_sms_queue()
        sms = service.delivery_ids.filtered(lambda d: d.channel == "sms")
        self.assertEqual((sms.state, sms.attempts), ("queued", 1))
        self.assertEqual(service.delivery_state, "pending")
        for moment in ("2025-09-02 08:01:01", "2025-09-02 08:03:02"):
            with freeze_time(moment):
                self.env["sms.sms"].process_sms_queue()
        self.assertEqual(sms.state, "failed")
        self.assertEqual(sms.attempts, 3)
        self.assertIn("HTTP 500", sms.last_error)
        self.assertEqual(service.delivery_state, "failed")
        self.assertEqual(self.case.delivery_failed_count, 1)
        self.assertEqual(len(self.gateway.received), 3)
        self.assertEqual(len({p["key"] for p in self.gateway.received}), 1)   # one key: no duplicate delivery

    def test_sms_never_carries_the_full_id_number(self):
        service = self.serve(document_name="补正通知书（申请人身份证号%s）" % ID_NUMBER)
        body = service.delivery_ids.filtered(lambda d: d.channel == "sms").sms_id.body
        self.assertNotIn(ID_NUMBER, body)
        self.assertIn("110101********0008", body)
        self.env["sms.sms"].process_sms_queue()
        self.assertFalse([p for p in self.gateway.received if ID_NUMBER in p["text"]])

    def test_notifying_twice_creates_nothing_new(self):
        service = self.serve()
        mails, texts = self.env["mail.mail"].search_count([]), self.env["sms.sms"].search_count([])
        service.action_notify()
        service._notify_recipient()
        self.assertEqual(len(service.delivery_ids), 2)
        self.assertEqual(self.env["mail.mail"].search_count([]), mails)
        self.assertEqual(self.env["sms.sms"].search_count([]), texts)

    def test_other_kinds_and_missing_addresses(self):
        copy = self.serve(kind="copy_to_respondent", recipient=self.agency)
        self.assertFalse(copy.delivery_ids)
        self.assertEqual(copy.delivery_state, "none")
        with self.assertRaises(UserError):
            copy.action_notify()
        self.applicant.write({"mobile": "010-12345678", "phone": False})
        service = self.serve(kind="acceptance_notice")
        self.assertEqual(service.delivery_ids.mapped("channel"), ["email"])

    def test_hearing_notice_goes_to_applicants_and_respondents_once(self):
        hearing = self.env["fuyi.hearing"].create({"reconsideration_id": self.case.id, "kind": "opinion",
                                                   "hearing_date": "2025-09-20 02:00:00", "place": "第一听证室"})
        ids = self.case.action_notify_hearing(hearing.id)
        services = self.env["fuyi.service"].browse(ids)
        self.assertEqual(services.mapped("recipient_id"), self.applicant | self.agency)
        self.assertEqual(set(services.mapped("kind")), {"hearing_notice"})
        self.assertEqual(len(services.mapped("delivery_ids")), 4)
        body = services.filtered(lambda s: s.recipient_id == self.applicant).delivery_ids.filtered(
            lambda d: d.channel == "sms").sms_id.body
        self.assertIn("2025年9月20日10:00", body)
        self.assertIn("第一听证室", body)
        self.assertEqual(self.case.action_notify_hearing(hearing.id), [])
        other = self.new_case("2025-09-02")
        with self.assertRaises(UserError):
            other.action_notify_hearing(hearing.id)
