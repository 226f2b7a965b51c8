"""Issue 12 (year end): an administrator opening the web client is told which year's holiday
notice is missing, and a provisional deadline says so on its badge."""
import datetime

from rpc_support import unique_name


def test_admin_is_told_of_the_missing_notice_and_the_badge_says_provisional(page, web_server, admin_rpc):
    env = admin_rpc.env
    loaded = env["fuyi.calendar.year"].search_read([("state", "=", "loaded")], ["year"])
    nxt = max(row["year"] for row in loaded) + 1
    agency = env["res.partner"].create({"name": unique_name("县年末测试局"), "party_kind": "agency"})
    received = datetime.date(nxt - 1, 12, 30).isoformat()     # its 5 working days run into the next year
    case_id = env["fuyi.reconsideration"].create({"date_received": received, "agency_id": agency,
                                                  "title": "年末收到的申请"})
    case = env["fuyi.reconsideration"].read([case_id], ["name", "deadline_provisional"])[0]
    assert case["deadline_provisional"]

    page.goto(web_server.url + "/web#model=fuyi.reconsideration&view_type=form&id=%d" % case_id)
    page.wait_for_selector("#fz-app[data-ready='1']")
    notice = page.locator(".fz-notice").filter(has_text="%d年" % nxt)
    notice.wait_for()
    assert "chinesecalendar" in notice.inner_text()
    badge = page.locator(".fz-form-view .fz-deadline-badge").first
    badge.wait_for()
    assert "暂定" in badge.inner_text()
    notice.locator(".fz-notice-close").click()
    assert page.locator(".fz-notice").filter(has_text="%d年" % nxt).count() == 0
