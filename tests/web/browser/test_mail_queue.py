"""The administrator sees the outgoing mail queue in the web client (issue 13, item 12):
Settings > Outgoing mail lists what was not sent, with the failure reason, and a failed mail
can be sent again from its form."""
from playwright.sync_api import expect

from rpc_support import unique_name

ROW = ".fz-list-table tbody tr.fz-row"


def test_admin_sees_failed_mail_and_sends_it_again(page, web_server, admin_rpc):
    subject = unique_name("送达通知")
    mail_id = admin_rpc.execute_kw("mail.mail", "create", [{
        "subject": subject, "body_html": "<p>您好</p>", "email_from": "office@example.com",
        "email_to": "applicant@example.com"}])
    admin_rpc.execute_kw("mail.mail", "write", [[mail_id], {"state": "exception",
                                                            "failure_reason": "550 mailbox unavailable"}])
    page.goto(web_server.url + "/web")
    page.wait_for_selector("#fz-app[data-ready='1']")
    page.get_by_text("设置", exact=True).first.click()
    page.get_by_text("邮件队列", exact=True).first.click()
    page.wait_for_selector(".fz-list-view .fz-list-table")
    row = page.locator(ROW).filter(has_text=subject)
    expect(row).to_have_count(1)
    assert "发送失败" in row.inner_text() and "550 mailbox unavailable" in row.inner_text()
    row.click()
    page.wait_for_selector(".fz-form-view[data-model='mail.mail'] .fz-sheet")
    retry = page.locator("button.fz-object-button[data-name='action_retry']")
    expect(retry).to_be_visible()
    assert retry.inner_text().strip() == "重新发送"
    retry.click()
    expect(page.locator(".fz-statusbar .fz-status-current")).to_have_text("待发送")
    expect(retry).to_be_hidden()
    state = admin_rpc.execute_kw("mail.mail", "read", [[mail_id], ["state"]])[0]["state"]
    assert state == "outgoing"
