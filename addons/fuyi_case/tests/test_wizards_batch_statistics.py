import base64
import datetime
import json

from freezegun import freeze_time

from flectra.exceptions import UserError
from flectra.tests import Form

from .test_wizards import WizardCase

D = datetime.date


class JobCase(WizardCase):

    def job(self, action):
        """The queued job of a progress action (a server without a queue runs at once: no job)."""
        if action["type"] == "ir.actions.act_url":
            return None
        self.assertEqual((action["type"], action["tag"]), ("ir.actions.client", "fz_job_progress"))
        job = self.env["queue.job"].browse(action["params"]["job_id"])
        self.assertEqual(job.name, action["params"]["title"])
        return job

    def run_job(self, job):
        """Run the queued method as the worker would, as the user who queued it."""
        records = self.env[job.model_name].with_user(job.user_id).browse(json.loads(job.record_ids or "[]"))
        return getattr(records, job.method_name)(*json.loads(job.args or "[]"), **json.loads(job.kwargs or "{}"))


@freeze_time("2025-10-01 09:00:00")
class TestBatchDialogs(JobCase):

    def test_batch_documents_for_the_selected_cases(self):
        cases = self.new_case("2025-09-26", correction_items="身份证明") | self.new_case(
            "2025-09-29", correction_items="明确的行政复议请求")
        Wizard = self.env["fuyi.reconsideration.batch.document"].with_user(self.clerk).with_context(
            active_model="fuyi.reconsideration", active_ids=cases.ids, active_id=cases[0].id)
        form = Form(Wizard)
        self.assertEqual(form.case_count, 2)
        form.doc_type = "correction_notice"
        action = self.confirm(form)
        job = self.job(action)
        if job:
            self.assertEqual((job.model_name, job.method_name, job.user_id),
                             ("fuyi.reconsideration", "_job_generate_documents", self.clerk))
            self.assertEqual(sorted(json.loads(job.record_ids)), sorted(cases.ids))
            result = self.run_job(job)
            self.assertEqual((result["generated"], result["failed"]), (2, 0))

    def test_batch_without_cases_is_refused(self):
        form = Form(self.env["fuyi.reconsideration.batch.document"].with_user(self.clerk))
        form.doc_type = "correction_notice"
        with self.assertRaisesRegex(UserError, "at least one case"):
            self.confirm(form)

    def test_the_case_list_offers_the_batch_in_its_action_menu(self):
        """get_views' toolbar carries the actions bound to the model, translated for the reader."""
        def toolbar(user, lang="en_US"):
            result = self.env["fuyi.reconsideration"].with_user(user).with_context(lang=lang).get_views(
                [[False, "list"]], {"toolbar": True})
            return result["views"]["list"]["toolbar"]["action"]
        action_id = self.env.ref("fuyi_case.fuyi_reconsideration_batch_document_action").id
        bound = [a for a in toolbar(self.clerk) if a["id"] == action_id]
        self.assertEqual(len(bound), 1)
        self.assertEqual((bound[0]["name"], bound[0]["binding_view_types"]), ("Generate documents in a batch", "list"))
        self.assertIn("批量生成文书", [a["name"] for a in toolbar(self.clerk, "zh_CN")])
        # not for a read-only user: the documents need a clerk
        self.assertNotIn(action_id, [a["id"] for a in toolbar(self.liaison)])

    def test_statistics_export_dialog(self):
        form = Form(self.env["fuyi.statistics.export"].with_user(self.clerk))
        form.date_from = D(2025, 10, 1)
        form.date_to = D(2025, 9, 1)
        with self.assertRaisesRegex(UserError, "start date is after the end date"):
            self.confirm(form)
        self.new_case("2025-09-26")
        form = Form(self.env["fuyi.statistics.export"].with_user(self.clerk))
        form.date_from = D(2025, 9, 1)
        form.date_to = D(2025, 9, 30)
        form.file_format = "csv"
        job = self.job(self.confirm(form))
        if job:
            self.assertEqual(json.loads(job.args), ["2025-09-01", "2025-09-30", False, "csv"])
            attachment = self.env["ir.attachment"].browse(self.run_job(job)["attachment_id"])
            self.assertTrue(attachment.name.endswith(".csv"))

    def test_case_import_checks_then_imports(self):
        content = "申请日期,申请人,被申请人,外部编号\n2025-09-30,李四,%s,IMP-1\n" % self.agency.name
        upload = base64.b64encode(content.encode("utf-8")).decode()
        form = Form(self.env["fuyi.case.import"].with_user(self.clerk))
        form.file = upload
        form.file_name = "cases.txt"
        with self.assertRaisesRegex(UserError, r"\.csv"):
            self.confirm(form)
        form = Form(self.env["fuyi.case.import"].with_user(self.clerk))
        self.assertTrue(form.dry_run)          # checking first is the default
        form.file = upload
        form.file_name = "cases.csv"
        job = self.job(self.confirm(form))
        Reconsideration = self.env["fuyi.reconsideration"]
        if job:
            self.assertEqual(self.run_job(job)["imported"], 0)
            self.assertFalse(Reconsideration.search([("applicant_names", "ilike", "李四")]))
        form = Form(self.env["fuyi.case.import"].with_user(self.clerk))
        form.file = upload
        form.file_name = "cases.csv"
        form.dry_run = False
        job = self.job(self.confirm(form))
        if job:
            self.assertEqual(self.run_job(job)["imported"], 1)
        self.assertEqual(len(Reconsideration.search([("date_received", "=", "2025-09-30"),
                                                     ("agency_id", "=", self.agency.id)])), 1)

    def test_case_import_refuses_a_file_that_is_not_base64(self):
        form = Form(self.env["fuyi.case.import"].with_user(self.clerk))
        form.file = "not base64 at all!"
        form.file_name = "cases.csv"
        with self.assertRaisesRegex(UserError, "could not be read"):
            self.confirm(form)


@freeze_time("2025-11-20 09:00:00")
class TestStatisticsScreen(WizardCase):
    """The figures of get_statistics on a screen, each with the list of the cases it counts."""

    def setUp(self):
        super().setUp()
        self.revoked = self.accepted_case()
        self.revoked.action_decide("revoke", date="2025-11-10")
        self.upheld = self.accepted_case()
        self.upheld.action_decide("uphold", date="2025-11-12")
        self.pending = self.accepted_case()
        self.rejected = self.new_case("2025-09-29")
        self.rejected.action_reject("scope", explanation="内部管理行为", date="2025-09-30")
        self.elsewhere = self.new_case("2025-09-30", agency_id=self.other_agency.id, party_ids=[
            (0, 0, {"partner_id": self.applicant.id, "role": "applicant", "is_primary": True}),
            (0, 0, {"partner_id": self.other_agency.id, "role": "respondent"})])
        self.outside = self.new_case("2025-08-01")

    def report(self, **values):
        form = Form(self.env["fuyi.statistics.report"].with_user(self.clerk))
        form.date_from = D(2025, 9, 1)
        form.date_to = D(2025, 9, 30)
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def cases_of(self, action):
        self.assertEqual((action["type"], action["res_model"]), ("ir.actions.act_window", "fuyi.reconsideration"))
        return self.env["fuyi.reconsideration"].search(action["domain"])

    def test_figures_are_those_of_get_statistics(self):
        report = self.report()
        figures = self.env["fuyi.reconsideration"].get_statistics("2025-09-01", "2025-09-30")
        self.assertEqual((report.received_count, report.accepted_count, report.closed_count),
                         (figures["received"], figures["accepted"], figures["closed"]))
        self.assertEqual((report.received_count, report.accepted_count, report.closed_count), (5, 3, 3))
        self.assertEqual(report.correcting_count, 1)
        self.assertAlmostEqual(report.correction_rate, round(figures["correction_rate"] * 100, 2))
        self.assertAlmostEqual(report.correction_rate, 33.33)      # revoke over 3 closed (纠错率)
        self.assertAlmostEqual(report.on_time_rate, 100.0)
        self.assertEqual(report.mediation_rate, 0.0)
        lines = {(line.section, line.key): line for line in report.line_ids}
        self.assertEqual(lines[("procedure", "ordinary")].count, figures["by_procedure"].get("ordinary", 0))
        for key, count in figures["by_decision_type"].items():
            self.assertEqual(lines[("decision_type", key)].count, count)
        for key, count in figures["by_outcome"].items():
            self.assertEqual(lines[("outcome", key)].count, count)

    def test_each_figure_drills_down_to_its_cases(self):
        report = self.report()
        september = self.revoked | self.upheld | self.pending | self.rejected | self.elsewhere
        self.assertEqual(self.cases_of(report.action_open_received()), september)
        self.assertEqual(self.cases_of(report.action_open_accepted()), self.revoked | self.upheld | self.pending)
        self.assertEqual(self.cases_of(report.action_open_closed()), self.revoked | self.upheld | self.rejected)
        self.assertEqual(self.cases_of(report.action_open_correcting()), self.revoked)
        self.assertEqual(self.cases_of(report.action_open_on_time()), self.revoked | self.upheld)
        self.assertFalse(self.cases_of(report.action_open_late()))
        self.assertFalse(self.cases_of(report.action_open_mediated()))
        upheld = report.line_ids.filtered(lambda l: l.section == "decision_type" and l.key == "uphold")
        self.assertEqual(self.cases_of(upheld.action_open_cases()), self.upheld)
        breakdown = report.action_open_breakdown()
        self.assertEqual(self.env[breakdown["res_model"]].search(breakdown["domain"]), report.line_ids)

    def test_one_agency_and_a_new_period(self):
        report = self.report(agency_id=self.other_agency)
        self.assertEqual(self.cases_of(report.action_open_received()), self.elsewhere)
        report.write({"agency_id": False, "date_from": "2025-08-01", "date_to": "2025-08-31"})
        self.assertEqual(report.received_count, 1)
        self.assertEqual(self.cases_of(report.action_open_received()), self.outside)
        with self.assertRaisesRegex(UserError, "start date is after the end date"):
            report.write({"date_from": "2025-09-01"})

    def test_labels_and_menus_in_chinese(self):
        report = self.report().with_context(lang="zh_CN")
        report.action_compute()
        names = report.line_ids.mapped("name")
        self.assertIn("已受理", names)
        self.assertIn("撤销", names)
        menus = str(self.env["ir.ui.menu"].with_user(self.clerk).with_context(lang="zh_CN").load_menus())
        for name in ("统计", "统计导出", "案件导入"):
            self.assertIn(name, menus)
