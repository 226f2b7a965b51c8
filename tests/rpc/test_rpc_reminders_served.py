"""Issue 6: with `fazhi serve` alone (no broker), a deadline entering its reminder window gets its
activity and e-mail within a minute (the in-process runner runs the every-minute cron)."""
import datetime
import time

from rpc_support import make_user_on, unique_name


def test_served_instance_reminds_within_a_minute(server_factory):
    server = server_factory("reminders", extra_env={"FAZHI_QUEUE_TICK": "1"})
    admin = server.odoo()
    clerk = make_user_on(server, groups=("fuyi_case.fuyi_case_group_clerk",))
    admin.env["res.users"].browse(clerk["uid"]).partner_id.email = "clerk-%s@example.cn" % clerk["login"]
    agency_id = admin.env["res.partner"].create({"name": unique_name("县应急管理局"), "party_kind": "agency"})
    today = datetime.date.today()
    case_id = admin.env["fuyi.reconsideration"].create({
        "date_received": today.isoformat(), "agency_id": agency_id, "user_id": clerk["uid"]})
    review = admin.env["fuyi.deadline"].search_read([("case_id.name", "!=", False), ("kind", "=", "acceptance_review"),
                                                     ("user_id", "=", clerk["uid"])], ["due_date"])[0]
    due = review["due_date"] if isinstance(review["due_date"], datetime.date) else \
        datetime.date.fromisoformat(review["due_date"])
    # the clock moves forward to the due day: the reminder window is open and the cron is due
    server.set_clock((datetime.datetime.combine(due, datetime.time(2, 0)) - datetime.datetime.utcnow()).total_seconds())
    try:
        deadline = time.time() + 60
        found = []
        while time.time() < deadline and not found:
            time.sleep(1)
            found = admin.env["fuyi.deadline.reminder"].search([
                ("deadline_id.case_id.name", "!=", False), ("user_id", "=", clerk["uid"])])
        assert found, "no reminder within a minute:\n" + server.log_tail()
        activities = admin.env["mail.activity"].search([("res_model", "=", "fuyi.reconsideration"),
                                                        ("res_id", "=", case_id), ("user_id", "=", clerk["uid"])])
        assert activities
        mails = admin.env["mail.mail"].search([("email_to", "like", clerk["login"])])
        assert mails
    finally:
        server.set_clock(0)
