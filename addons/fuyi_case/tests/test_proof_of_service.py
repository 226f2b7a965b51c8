"""送达回证: printed from a service record, signed and returned as the proof (ARL Art. 88 para 1; CPL Arts. 87–91)."""
import base64
import io

import docx
from docx.oxml.ns import qn
from docx.shared import Mm

from flectra.exceptions import UserError

from .common import FuyiCaseCommon

SIGNED_SCAN = b"%PDF-1.4 signed proof of service"


class TestProofOfService(FuyiCaseCommon):

    def setUp(self):
        super().setUp()
        self.case = self.new_case("2025-09-26", title="张三不服县市场监督管理局罚款决定",
                                  act_description="市监罚〔2025〕8号行政处罚决定", act_date="2025-09-01")
        self.case.action_accept(date="2025-10-10")
        self.notice = self.env["fuyi.document"].browse(self.case.action_create_document("acceptance_notice"))
        self.notice.action_issue("2025-10-10")

    def service(self, channel, recipient=None, **values):
        vals = {"case_id": self.case.case_id.id, "kind": "other", "recipient_id": (recipient or self.applicant).id,
                "channel": channel, "sent_date": "2025-10-11"}
        vals.update(values)
        return self.env["fuyi.service"].create(vals)

    def form(self, service):
        """Print the form; its paragraphs and table as text, and the table as {label: content}."""
        action = service.action_print_proof_of_service()
        attachment = service.proof_form_attachment_id
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(action["url"], "/web/content/%d?download=true" % attachment.id)
        self.assertEqual((attachment.res_model, attachment.res_id), ("fuyi.service", service.id))
        document = docx.Document(io.BytesIO(base64.b64decode(attachment.datas)))
        rows = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
        text = "\n".join(p.text for p in document.paragraphs)
        return text, rows

    def test_direct_service_names_the_case_the_issued_document_and_the_address(self):
        self.applicant.write({"city": "安和县", "street": "城关镇人民路18号"})
        service = self.service("direct", kind="acceptance_notice", document_id=self.notice.id)
        text, rows = self.form(service)
        self.assertEqual(text.splitlines()[0], "送达回证")
        self.assertEqual(list(rows), ["案由", "案号", "送达文书名称及文号", "受送达人", "送达地点", "送达方式",
                                      "受送达人签名或盖章", "签收日期", "代收人及代收理由", "送达人", "备注"])
        self.assertEqual(rows["案由"], "张三不服县市场监督管理局罚款决定")
        self.assertEqual(rows["案号"], self.case.name)
        self.assertTrue(self.notice.number)
        self.assertEqual(rows["送达文书名称及文号"], "受理通知书（%s）" % self.notice.number)
        self.assertEqual(rows["受送达人"], "张三")
        self.assertEqual(rows["送达地点"], "安和县城关镇人民路18号")
        self.assertEqual(rows["送达方式"], "直接送达")
        # filled in by hand: the signature, the date, who received it for the recipient
        self.assertEqual(rows["受送达人签名或盖章"], "")
        self.assertEqual(rows["签收日期"].replace("　", ""), "年月日")
        self.assertEqual(rows["代收人及代收理由"], "")
        self.assertEqual(rows["送达人"].count("＿＿＿＿＿＿＿＿"), 2)     # two servers sign
        self.assertIn("拒绝签收", rows["备注"])                           # refusal: retention (CPL Art. 89)
        self.assertIn("《中华人民共和国民事诉讼法》第八十九条", rows["备注"])
        self.assertIn("签收日期为送达日期", text)                          # CPL Art. 87
        self.assertIn("《中华人民共和国行政复议法》第八十八条第一款", text)
        self.assertIn("县人民政府", text)                                 # the issuing body
        self.assertIn("2025年10月11日", text)
        # not a numbered document: no 文号 of its own, the served document's number only in its row
        self.assertNotIn(self.notice.number, text)
        self.assertEqual(service.proof_form_version, 1)

    def test_postal_service_prints_the_postcode_and_the_receipt_rule(self):
        self.agency.write({"city": "安和县", "street": "安和县解放路2号", "zip": "990121"})
        service = self.service("post", recipient=self.agency, kind="copy_to_respondent",
                               document_name="行政复议申请书副本")
        _text, rows = self.form(service)
        self.assertEqual(rows["受送达人"], "县市场监督管理局")
        self.assertEqual(rows["送达地点"], "安和县解放路2号（邮政编码：990121）")   # city not repeated
        self.assertEqual(rows["送达方式"], "邮寄送达")
        self.assertEqual(rows["送达文书名称及文号"], "行政复议申请书副本")         # no document, no number
        self.assertIn("以回执上注明的收件日期为送达日期", rows["备注"])               # CPL Art. 91
        self.assertIn("第九十一条", rows["备注"])

    def test_no_address_leaves_the_place_blank_and_the_kind_names_the_document(self):
        self.assertFalse(self.applicant.street or self.applicant.city)
        service = self.service("retention", kind="decision")
        _text, rows = self.form(service)
        self.assertEqual(rows["送达地点"], "")
        self.assertEqual(rows["送达方式"], "留置送达")
        self.assertEqual(rows["送达文书名称及文号"], "行政复议决定")
        self.assertIn("拒收事由和日期", rows["备注"])
        self.assertIn("见证人", rows["备注"])

    def test_the_form_is_a_ruled_two_column_table_across_the_text_area(self):
        service = self.service("direct")
        service.action_print_proof_of_service()
        document = docx.Document(io.BytesIO(base64.b64decode(service.proof_form_attachment_id.datas)))
        table = document.tables[0]
        widths = [column.width for column in table.columns]
        self.assertEqual(len(widths), 2)
        self.assertAlmostEqual(sum(widths) / Mm(1), 156, delta=0.5)      # GB/T 9704-2012 §5.2.2
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        self.assertEqual({child.get(qn("w:val")) for child in borders}, {"single"})
        self.assertEqual(len(borders), 6)

    def test_printing_again_makes_a_new_version_and_keeps_the_old(self):
        service = self.service("direct")
        self.form(service)
        first = service.proof_form_attachment_id
        self.form(service)
        self.assertEqual(service.proof_form_version, 2)
        self.assertNotEqual(service.proof_form_attachment_id, first)
        self.assertTrue(first.exists())
        name = service.document_name or service.case_id.name
        self.assertEqual(service.proof_form_attachment_id.name, "送达回证-%s-第2版.docx" % name)

    def test_a_clerk_prints_the_form(self):
        service = self.service("direct").with_user(self.clerk)
        _text, rows = self.form(service)
        self.assertEqual(rows["受送达人"], "张三")

    def test_electronic_public_notice_served_and_cancelled_are_refused(self):
        for channel in ("electronic", "public_notice"):
            with self.assertRaises(UserError) as caught:
                self.service(channel).action_print_proof_of_service()
            self.assertIn("CPL Art. 9", str(caught.exception))
        served = self.service("direct")
        served.action_mark_served(date="2025-10-12")
        with self.assertRaises(UserError):
            served.action_print_proof_of_service()
        draft = self.env["fuyi.document"].browse(self.case.action_create_document("acceptance_notice"))
        draft.action_cancel()
        with self.assertRaises(UserError):
            self.service("direct", document_id=draft.id).action_print_proof_of_service()
        self.assertFalse(served.proof_form_attachment_id)

    def test_the_signed_form_comes_back_as_the_proof_through_the_dialog(self):
        service = self.service("direct")
        service.action_print_proof_of_service()
        action = service.action_open_record()
        wizard = self.env["fuyi.service.record"].with_context(action["context"]).create({
            "served_date": "2025-10-13", "proof_file": base64.b64encode(SIGNED_SCAN),
            "proof_file_name": "送达回证-张三.pdf"})
        wizard.action_confirm()
        self.assertEqual((service.state, str(service.served_date)), ("served", "2025-10-13"))
        proof = service.proof_attachment_id
        self.assertEqual(proof.name, "送达回证-张三.pdf")
        self.assertEqual((proof.res_model, proof.res_id), ("fuyi.service", service.id))
        self.assertEqual(base64.b64decode(proof.datas), SIGNED_SCAN)
        self.assertNotEqual(proof, service.proof_form_attachment_id)

    def test_an_unreadable_scan_is_refused_and_nothing_is_recorded(self):
        service = self.service("direct")
        wizard = self.env["fuyi.service.record"].create({"service_id": service.id, "served_date": "2025-10-13",
                                                         "proof_file": "not base64!"})
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.assertEqual(service.state, "pending")

    def test_the_dialog_offers_the_upload(self):
        arch = self.env["fuyi.service.record"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="proof_file"', arch)
        self.assertIn('filename="proof_file_name"', arch)
        form = self.env["fuyi.service"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="action_print_proof_of_service"', form)
