"""Issue 12, first item: a year whose holiday notice is not loaded never stops the office.

The tests take "the next year" from the database (the year after the last loaded one), so they
hold whatever the installed chinesecalendar release covers and whatever today is.
"""
import base64
import datetime
import io

import docx
from freezegun import freeze_time

from flectra.exceptions import ValidationError

from .common import FuyiCaseCommon

ONE_DAY = datetime.timedelta(days=1)


def nth_working_day(start, n, holidays=(), workdays=()):
    """Independent count for the expectations: the n-th day after ``start`` that is not a weekend
    or a listed holiday (listed adjusted working days count)."""
    day, counted = start, 0
    while counted < n:
        day += ONE_DAY
        if day in workdays or (day.weekday() < 5 and day not in holidays):
            counted += 1
    return day


class YearEndCommon(FuyiCaseCommon):

    def setUp(self):
        super().setUp()
        self.Year = self.env["fuyi.calendar.year"]
        self.last = max(self.Year._loaded_years())
        self.next = self.last + 1
        self.assertFalse(self.Year.search([("year", "=", self.next), ("state", "=", "loaded")]))
        # what the measures fix without a notice (全国年节及纪念日放假办法 Art. 2)
        self.fixed = {datetime.date(self.next, m, d) for m, d in ((1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3))}

    def loaded_holidays(self, year):
        days = self.env["fuyi.calendar.day"].search([("year", "=", year)])
        return ({d.date for d in days if d.kind == "holiday"}, {d.date for d in days if d.kind == "adjusted_workday"})

    def load_notice(self, holidays, workdays=()):
        wizard = self.env["fuyi.calendar.year.load"].create({
            "year": self.next, "source": "国务院办公厅关于%s年部分节假日安排的通知" % self.next,
            "holiday_ids": [(0, 0, {"name": name, "date_from": first, "date_to": last}) for name, first, last in holidays],
            "workday_ids": [(0, 0, {"date": day, "name": "调休"}) for day in workdays]})
        return wizard.action_load()


class TestYearEnd(YearEndCommon):

    def test_registering_and_accepting_across_the_year_end_then_loading_the_year(self):
        last_holidays, last_workdays = self.loaded_holidays(self.last)
        received = datetime.date(self.last, 12, 28)
        case = self.new_case(received)
        review = self.deadline(case, "acceptance_review")
        expected = nth_working_day(received, 5, last_holidays | self.fixed, last_workdays)
        self.assertEqual(review.due_date, expected)
        if expected.year == self.next:
            self.assertTrue(review.provisional)
            self.assertTrue(case.deadline_provisional)
            self.assertIn("not loaded", review.explanation)
            self.assertIn("provisional", case.with_context(lang="en_US").deadline_explanation.lower())
        # accepted on the last working day of the year: the decision period ends in the next year
        accepted = max(d for d in (received + ONE_DAY * i for i in range(1, 4))
                       if d.year == self.last and (d in last_workdays or (d.weekday() < 5 and d not in last_holidays)))
        case.action_accept(date=accepted, procedure="ordinary")
        decision = self.deadline(case, "decision")
        self.assertTrue(decision.provisional)
        # an application received in the unloaded year is registered (and can be accepted) all the same
        later = self.new_case(datetime.date(self.next, 1, 5))
        self.assertTrue(later.name)
        later_review = self.deadline(later, "acceptance_review")
        self.assertTrue(later_review.provisional)
        self.assertEqual(later_review.due_date, nth_working_day(datetime.date(self.next, 1, 5), 5, self.fixed))
        later.action_accept(date=later_review.due_date, procedure="ordinary")

        # the notice: 元旦 as fixed, plus a holiday on the day the provisional count ended on
        # (so that the later case's review deadline must move), and an adjusted working Saturday
        extra = nth_working_day(datetime.date(self.next, 1, 5), 2, self.fixed)
        saturday = next(datetime.date(self.next, 1, 16) + ONE_DAY * i for i in range(7)
                        if (datetime.date(self.next, 1, 16) + ONE_DAY * i).weekday() == 5)
        old_review = later_review.due_date
        self.load_notice([("元旦", datetime.date(self.next, 1, 1), datetime.date(self.next, 1, 1)),
                          ("测试假期", extra, extra)], [saturday])
        self.assertEqual(self.Year.search([("year", "=", self.next)]).state, "loaded")
        holidays = {datetime.date(self.next, 1, 1), extra}
        self.assertFalse(later_review.provisional)
        self.assertFalse(review.provisional or decision.provisional)
        self.assertEqual(later_review.due_date, nth_working_day(datetime.date(self.next, 1, 5), 5, holidays, {saturday}))
        self.assertNotEqual(later_review.due_date, old_review)   # the extra holiday lies inside the count
        messages = later.message_ids.filtered(lambda m: str(old_review) in (m.body or "")
                                              and str(later_review.due_date) in (m.body or ""))
        self.assertTrue(messages, "the move is logged on the case with the old and the new date")
        self.assertIn(later.user_id.partner_id, messages[0].partner_ids, "the responsible user is notified")
        self.assertIn(str(self.next), messages[0].body)
        # fixed-date holidays of the measures not in the entered notice are no longer holidays
        self.assertTrue(self.env["fuyi.calendar.day"]._work_calendar().is_working_day(datetime.date(self.next, 10, 8))
                        or datetime.date(self.next, 10, 8).weekday() >= 5)

    def test_single_days_never_make_a_year_loaded(self):
        """Item 7: one day of the next year entered by hand adjusts it; the year stays provisional."""
        day = nth_working_day(datetime.date(self.next, 2, 1), 1)
        self.env["fuyi.calendar.day"].create({"date": day, "kind": "holiday", "name": "春节"})
        self.assertNotIn(self.next, self.Year._loaded_years())
        case = self.new_case(day - ONE_DAY)
        review = self.deadline(case, "acceptance_review")
        self.assertTrue(review.provisional)
        self.assertEqual(review.due_date, nth_working_day(day - ONE_DAY, 5, self.fixed | {day}))

    def test_the_administrators_are_told_which_year_is_missing(self):
        admin = self.env.ref("base.user_admin")
        case = self.new_case(datetime.date(self.last, 12, 28))
        case.action_accept(date=datetime.date(self.last, 12, 28), procedure="ordinary")   # decision in next year
        notices = self.env["res.users"].with_user(admin)._login_notices()
        self.assertTrue(any(str(self.next) in notice and "chinesecalendar" in notice for notice in notices))
        self.assertFalse(self.env["res.users"].with_user(self.clerk)._login_notices())
        self.Year._cron_check_calendar()
        self.Year._cron_check_calendar()   # once per administrator, however often it runs
        record = self.Year.search([("year", "=", self.next)])
        self.assertEqual(record.state, "missing")
        activities = record.activity_ids.filtered(lambda a: a.user_id == admin)
        self.assertEqual(len(activities), 1)
        self.assertIn(str(self.next), activities.summary)
        # loading the year closes the task
        self.load_notice([("元旦", datetime.date(self.next, 1, 1), datetime.date(self.next, 1, 1))])
        self.assertFalse(record.activity_ids)
        self.assertFalse(self.env["res.users"].with_user(admin)._login_notices())

    def test_the_notice_is_checked_before_anything_is_loaded(self):
        bad = [
            ([("元旦", datetime.date(self.next, 1, 3), datetime.date(self.next, 1, 1))], ()),
            ([("元旦", datetime.date(self.next + 1, 1, 1), datetime.date(self.next + 1, 1, 1))], ()),
            ([("元旦", datetime.date(self.next, 1, 1), datetime.date(self.next, 1, 1)),
              ("again", datetime.date(self.next, 1, 1), datetime.date(self.next, 1, 1))], ()),
            ([("元旦", datetime.date(self.next, 1, 1), datetime.date(self.next, 1, 1))],
             [nth_working_day(datetime.date(self.next, 3, 1), 1)]),   # a weekday cannot be an adjusted working day
            ([], ()),
        ]
        for holidays, workdays in bad:
            with self.assertRaises(ValidationError):
                self.load_notice(holidays, workdays)
            self.assertNotIn(self.next, self.Year._loaded_years())
        self.assertFalse(self.env["fuyi.calendar.day"].search([("year", "=", self.next)]))

    def test_a_document_states_a_provisional_date_as_such(self):
        received = datetime.date(self.last, 12, 21)
        case = self.new_case(received, request="撤销罚款决定", act_description="罚款决定")
        case.action_accept(date=datetime.date(self.last, 12, 22), procedure="ordinary")
        decision = self.deadline(case, "decision")
        self.assertTrue(decision.provisional)
        document = self.env["fuyi.document"].browse(case.action_create_document("acceptance_notice"))
        parsed = docx.Document(io.BytesIO(base64.b64decode(document.attachment_id.datas)))
        text = "\n".join(p.text for p in parsed.paragraphs)
        self.assertIn("暂定日期", text)


class TestCoreFlowsPastTheLastLoadedYear(YearEndCommon):
    """The clerk's day with the clock in a year whose notice is not loaded: nothing is refused."""

    def test_register_accept_route_decide_issue(self):
        with freeze_time("%d-03-15 10:00:00" % self.next):
            today = datetime.date(self.next, 3, 15)
            case = self.new_case(today, request="撤销罚款决定", act_description="罚款决定")
            self.assertTrue(case.name)
            self.assertEqual(self.deadline(case, "acceptance_review").due_date, nth_working_day(today, 5, self.fixed))
            self.assertIn(case.deadline_state, ("green", "amber"))
            case.action_accept()
            self.assertEqual(case.state, "accepted")
            case.action_decide("revoke", summary="被申请人认定事实不清，证据不足。", performance_days=30)
            document = self.env["fuyi.document"].browse(case.action_create_document("decision_document"))
            document.action_issue()
            self.assertEqual(document.state, "issued")
            self.assertIn("〔%d〕" % self.next, document.number)
