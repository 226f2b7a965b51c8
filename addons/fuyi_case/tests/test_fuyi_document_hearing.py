import base64
import io

import docx

from flectra.exceptions import UserError
from flectra.tests import new_test_user

from .common import FuyiCaseCommon


class TestHearingNotice(FuyiCaseCommon):

    def test_hearing_notice_gives_time_place_panel_and_rights(self):
        case = self.new_case("2026-01-05")
        case.action_accept(date="2026-01-09", procedure="ordinary")
        with self.assertRaises(UserError):
            case.action_create_document("hearing_notice")
        officers = [new_test_user(self.env, login="hn_%s" % i, groups="fuyi_case.fuyi_case_group_clerk",
                                  name="听证员%s" % i) for i in range(4)]
        self.env["fuyi.hearing"].create({
            "reconsideration_id": case.id, "hearing_date": "2026-02-26 01:30:00", "place": "第一听证室",
            "presiding_id": officers[0].id, "recorder_id": officers[3].id,
            "officer_ids": [(6, 0, [officers[1].id, officers[2].id])]})
        document = self.env["fuyi.document"].browse(case.action_create_document("hearing_notice"))
        parsed = docx.Document(io.BytesIO(base64.b64decode(document.attachment_id.datas)))
        text = "\n".join(p.text for p in parsed.paragraphs)
        self.assertIn("2026年2月26日09时30分", text)        # shown in the users' time zone (Asia/Shanghai)
        self.assertIn("第一听证室", text)
        self.assertIn("听证员1、听证员2", text)
        self.assertIn("第五十一条第二款", text)
        document.action_issue("2026-02-10")
        self.assertEqual(document.number, "县府复听字〔2026〕1号")
