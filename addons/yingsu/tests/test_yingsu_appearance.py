import base64
import io

import docx
from freezegun import freeze_time

from flectra.exceptions import UserError, ValidationError
from flectra.tests import tagged

from .common import YingsuCommon


def docx_text(document):
    parsed = docx.Document(io.BytesIO(base64.b64decode(document.attachment_id.datas)))
    return "\n".join(p.text for p in parsed.paragraphs)


@tagged("standard", "at_install")
class TestAppearanceChain(YingsuCommon):

    def setUp(self):
        super().setUp()
        self.lawsuit = self.new_lawsuit(court_case_number="（2026）豫0421行初5号", date_received="2026-01-10")

    def test_notice_received_after_the_hearing_is_refused(self):
        """HEAD-2020 Art. 5 para 2: the notice precedes the hearing; nothing is written."""
        with self.assertRaises(ValidationError) as error:
            self.new_appearance(self.lawsuit, hearing="2026-03-10 01:30:00", received="2026-03-11")
        self.assertIn("HEAD-2020 Art. 5 para 2", str(error.exception))
        self.assertFalse(self.env["yingsu.appearance"].search([("lawsuit_id", "=", self.lawsuit.id)]))

    def test_late_notice_is_flagged_l11(self):
        """L11: hearing Tue 2026-03-10 → latest service Sat 2026-03-07; a notice on 03-08 is late."""
        late = self.new_appearance(self.lawsuit, received="2026-03-08")
        self.assertEqual(late.notice_latest, self.d("2026-03-07"))
        self.assertTrue(late.notice_late)
        self.assertFalse(self.new_appearance(self.lawsuit, received="2026-03-07").notice_late)

    def test_notice_to_the_head_is_a_document_an_activity_and_an_email(self):
        appearance = self.new_appearance(self.lawsuit)
        document = self.env["fuyi.document"].browse(appearance.action_notify_head())
        self.assertEqual(document.doc_type, "appearance_notice")
        self.assertEqual(appearance.state, "notified")
        text = docx_text(document)
        self.assertIn("行政机关负责人出庭应诉通知书", text)
        self.assertIn("（2026）豫0421行初5号", text)
        self.assertIn("第三条第三款", text)
        activity = appearance.activity_ids.filtered(lambda a: a.user_id == self.head_user)
        self.assertEqual(len(activity), 1)
        mail = self.env["mail.mail"].search([("model", "=", "yingsu.appearance"), ("res_id", "=", appearance.id)])
        self.assertEqual(len(mail), 1)
        self.assertIn("/web/login?redirect=/web%%23action%%3Dyingsu.yingsu_appearance_head_action%%26id%%3D%d%%26"
                      "view_type%%3Dform" % appearance.id, mail.body_html)
        self.assertEqual(mail.attachment_ids, document.attachment_id)
        self.assertFalse(self.env["sms.sms"].search([("res_model", "=", "yingsu.appearance")]))   # no number

    def test_head_with_a_mobile_number_gets_a_text_with_the_link(self):
        self.head.mobile = "13912345678"
        appearance = self.new_appearance(self.lawsuit)
        appearance.action_notify_head()
        sms = self.env["sms.sms"].search([("res_model", "=", "yingsu.appearance"), ("res_id", "=", appearance.id)])
        self.assertEqual(len(sms), 1)
        self.assertIn("（2026）豫0421行初5号", sms.body)
        self.assertIn("/web/login?redirect=", sms.body)

    def test_a_person_who_is_not_a_head_cannot_be_designated_as_head(self):
        appearance = self.new_appearance(self.lawsuit)
        with self.assertRaises(ValidationError) as error:
            appearance.action_designate(self.staff.id, "head")
        self.assertIn("HEAD-2020 Art. 2", str(error.exception))
        self.assertFalse(appearance.designee_id)
        # a head of another agency does not count either
        with self.assertRaises(ValidationError):
            appearance.action_designate(self.other_head.id, "head")
        appearance.action_designate(self.deputy.id, "head", position="副局长")
        self.assertEqual((appearance.designee_id, appearance.state), (self.deputy, "designated"))

    def test_staff_need_a_power_of_attorney_and_the_heads_reason(self):
        appearance = self.new_appearance(self.lawsuit)
        with self.assertRaises(ValidationError):
            appearance.action_designate(self.staff.id, "staff")
        with self.assertRaises(UserError):
            appearance.action_designate(self.staff.id, "staff", attorney_ids=self.attachment("委托书.pdf").ids)
        self.assertTrue(appearance.action_report_absence("irreplaceable_duty", "出席省政府会议",
                                                          proof_ids=self.attachment().ids))
        appearance.action_designate(self.staff.id, "staff", position="法制科科长", authority="一般代理",
                                    attorney_ids=self.attachment("委托书.pdf").ids)
        document = self.env["fuyi.document"].browse(appearance.action_identity_certificate())
        self.assertEqual(document.doc_type, "power_of_attorney")
        self.assertIn("赵科长", docx_text(document))
        statement = self.env["fuyi.document"].browse(appearance.action_absence_statement())
        text = docx_text(statement)
        self.assertIn("需要履行他人不能代替的公务", text)
        self.assertIn("赵科长", text)

    def test_unlisted_reason_is_flagged_l12(self):
        """L12: "meeting with investors" as an other reason without proof: flagged, risk of a judicial suggestion."""
        appearance = self.new_appearance(self.lawsuit)
        accepted = appearance.action_report_absence("other_justified", "会见投资商")
        self.assertFalse(accepted)
        self.assertEqual(appearance.absence_flag, "proof_missing")
        self.assertFalse(appearance.absence_accepted)
        self.assertTrue(appearance.message_ids.filtered(lambda m: "HEAD-2020 Art. 12" in (m.body or "")))

    def test_only_a_lawyer_is_non_compliant_l13(self):
        appearance = self.new_appearance(self.lawsuit)
        appearance.action_record("lawyer_only")
        self.assertFalse(appearance.compliant)
        self.assertEqual(appearance.compliance_note, "ALL-I Arts. 128, 132")

    def test_head_appearance_needs_what_the_head_said(self):
        appearance = self.new_appearance(self.lawsuit)
        appearance.action_designate(self.head.id, "head", position="局长")
        with self.assertRaises(ValidationError):
            appearance.action_record("head")
        appearance.action_record("head", statement="愿意协调化解，重新核定罚款数额")
        self.assertTrue(appearance.compliant and appearance.head_appeared)
        document = self.env["fuyi.document"].browse(appearance.action_identity_certificate())
        self.assertEqual(document.doc_type, "identity_certificate")
        self.assertIn("系本机关负责人", docx_text(document))

    def test_appearance_rate(self):
        first = self.new_appearance(self.lawsuit)
        first.action_designate(self.head.id, "head")
        first.action_record("head", statement="同意调解")
        second = self.new_appearance(self.new_lawsuit(date_received="2026-01-11"))
        second.action_record("nobody")
        self.new_appearance(self.new_lawsuit(date_received="2026-01-12"))   # not held yet: not counted
        domain = [("agency_id", "=", self.agency.id)]
        self.assertEqual(self.env["yingsu.appearance"].appearance_rate(domain), 50.0)
        groups = self.env["yingsu.appearance"].read_group(domain + [("state", "=", "recorded")],
                                                          ["appearance_pct:avg"], ["agency_id"])
        self.assertEqual(groups[0]["appearance_pct"], 50.0)

    def test_warning_when_a_hearing_approaches_without_designation(self):
        """A hearing within 3 days with nobody designated: one warning activity for the officer, once."""
        appearance = self.new_appearance(self.lawsuit)
        designated = self.new_appearance(self.new_lawsuit(date_received="2026-01-11"))
        designated.action_designate(self.head.id, "head")
        Appearance = self.env["yingsu.appearance"]
        with freeze_time("2026-03-01 09:00:00"):
            self.assertNotIn(appearance.id, Appearance._cron_warn_undesignated())
        with freeze_time("2026-03-08 09:00:00"):
            self.assertEqual(Appearance._cron_warn_undesignated(), [appearance.id])
            Appearance._cron_warn_undesignated()
        warnings = appearance.activity_ids.filtered(lambda a: a.user_id == self.lawsuit.user_id)
        self.assertEqual(len(warnings), 1)
