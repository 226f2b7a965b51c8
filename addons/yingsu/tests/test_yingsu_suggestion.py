from freezegun import freeze_time

from flectra.exceptions import UserError
from flectra.tests import tagged

from .common import YingsuCommon


@tagged("standard", "at_install")
class TestSuggestion(YingsuCommon):

    def suggestion(self, name, received, **values):
        vals = {"name": name, "issuer_id": self.court.id, "agency_id": self.agency.id, "received_date": received}
        vals.update(values)
        return self.env["yingsu.suggestion"].create(vals)

    def test_reply_periods_l5_l6_l7(self):
        self.assertEqual(self.suggestion("豫0421法建〔2025〕1号", "2025-12-01", sub_kind="normative_document")
                         .reply_due_date, self.d("2026-01-30"))
        governance = self.suggestion("豫0421法建〔2025〕2号", "2025-12-31", sub_kind="governance")
        self.assertEqual(governance.reply_due_date, self.d("2026-02-28"))
        self.assertEqual(governance.reply_basis, "JS-2023 Art. 8")
        pil = self.suggestion("县检行公建〔2026〕1号", "2026-03-16", kind="procuratorial", sub_kind="public_interest")
        self.assertEqual(pil.reply_due_date, self.d("2026-05-18"))
        urgent = self.suggestion("县检行公建〔2026〕2号", "2026-03-16", kind="procuratorial", sub_kind="public_interest",
                                 urgent=True)
        self.assertEqual(urgent.reply_due_date, self.d("2026-03-31"))
        custom = self.suggestion("豫0421法建〔2026〕3号", "2026-03-16", period_length=30, period_unit="calendar_day")
        self.assertEqual(custom.reply_due_date, self.d("2026-04-15"))

    def test_empty_reply_is_refused(self):
        suggestion = self.suggestion("豫0421法建〔2025〕4号", "2025-12-01")
        for empty in ("", "   "):
            with self.assertRaises(UserError):
                suggestion.action_reply(empty, "2025-12-10")
        self.assertEqual(suggestion.state, "received")
        self.assertFalse(suggestion.reply_date)

    def test_on_time_reply_rate(self):
        on_time = self.suggestion("豫0421法建〔2025〕5号", "2025-12-01", sub_kind="normative_document")
        late = self.suggestion("豫0421法建〔2025〕6号", "2025-12-01", sub_kind="normative_document")
        open_ = self.suggestion("豫0421法建〔2025〕7号", "2026-03-01", sub_kind="normative_document")
        on_time.action_assign(self.liaison.id)
        self.assertEqual(len(on_time.activity_ids), 1)
        on_time.action_reply("已修改规范性文件第三条", "2026-01-30")
        late.action_reply("已废止", "2026-02-02")
        self.assertTrue(on_time.on_time)
        self.assertFalse(late.on_time)
        self.assertFalse(on_time.activity_ids)
        domain = [("id", "in", (on_time | late | open_).ids)]
        with freeze_time("2026-03-10"):
            self.assertEqual(self.env["yingsu.suggestion"].on_time_reply_rate(domain), 50.0)
        with freeze_time("2026-06-10"):   # the third one is now overdue without a reply
            self.assertEqual(self.env["yingsu.suggestion"].on_time_reply_rate(domain), 33.3)

    def test_reply_letter(self):
        lawsuit = self.new_lawsuit()
        suggestion = self.suggestion("豫0421法建〔2025〕8号", "2025-12-01", lawsuit_id=lawsuit.id)
        with self.assertRaises(UserError):
            suggestion.action_create_document()
        suggestion.action_reply("已组织全局执法人员培训", "2025-12-20")
        document = self.env["fuyi.document"].browse(suggestion.action_create_document())
        import base64
        import io

        import docx
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(base64.b64decode(document.attachment_id.datas))).paragraphs)
        self.assertIn("已组织全局执法人员培训。", text)
        self.assertIn("豫0421法建〔2025〕8号", text)
